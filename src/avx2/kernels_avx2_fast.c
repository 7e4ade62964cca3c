/* The FAST tier of the AVX2+FMA path: the generic kernels over fast.h's inline
 * approximations (same compile flags as kernels_avx2.c). */
#define VACT_FAST 1
#include "simd_avx2.h"
#include "../kernels/kernels.inc"
