/* SPDX-License-Identifier: MIT */
/* The AVX-512 path: the generic kernels over 16-lane vectors.  Only its two
 * files are compiled with -mavx512f -mavx512bw -mavx512dq -mavx512vl.
 * This file: the FAST tier (inline approximations). */
#include "simd_avx512.h"
#include "../kernels/tier_fast.h"
#include "../kernels/kernels.inc"
