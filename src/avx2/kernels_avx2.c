/* The AVX2+FMA path: the generic kernels over 8-lane vectors.
 * Only this file is compiled with -mavx2 -mfma. */
#include "simd_avx2.h"
#include "../kernels/kernels.inc"
