/* SPDX-License-Identifier: MIT */
/* The AVX2+FMA path: the generic kernels over 8-lane vectors.
 * Only its two files are compiled with -mavx2 -mfma.
 * This file: the FAST tier (inline approximations). */
#include "simd_avx2.h"
#include "../kernels/tier_fast.h"
#include "../kernels/kernels.inc"
