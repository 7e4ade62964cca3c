/* The AVX-512 path: the generic kernels over 16-lane vectors.  Only this
 * file is compiled with -mavx512f -mavx512bw -mavx512dq -mavx512vl. */
#include "simd_avx512.h"
#include "../kernels/kernels.inc"
