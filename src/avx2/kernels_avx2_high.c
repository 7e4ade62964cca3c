/* SPDX-License-Identifier: MIT */
/* The AVX2+FMA path: the generic kernels over 8-lane vectors.
 * Only its two files are compiled with -mavx2 -mfma.
 * This file: the HIGH tier (SLEEF). */
#include "simd_avx2.h"
#include "../kernels/tier_high.h"
#include "../kernels/kernels.inc"
