/* The FAST tier of the scalar path: the generic kernels over fast.h's inline
 * approximations (same compile flags as kernels_scalar.c). */
#define VACT_FAST 1
#include "simd_scalar.h"
#include "../kernels/kernels.inc"
