/* The FAST tier of the NEON path: the generic kernels over fast.h's inline
 * approximations (same compile flags as kernels_neon.c). */
#define VACT_FAST 1
#include "simd_neon.h"
#include "../kernels/kernels.inc"
