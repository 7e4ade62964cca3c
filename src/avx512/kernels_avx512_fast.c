/* The FAST tier of the AVX-512 path: the generic kernels over fast.h's inline
 * approximations (same compile flags as kernels_avx512.c). */
#define VACT_FAST 1
#include "simd_avx512.h"
#include "../kernels/kernels.inc"
