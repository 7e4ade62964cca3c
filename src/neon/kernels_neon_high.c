/* SPDX-License-Identifier: MIT */
/* The NEON (AArch64 Advanced SIMD) path: the generic kernels over 4-lane
 * vectors.
 * This file: the HIGH tier (SLEEF). */
#include "simd_neon.h"
#include "../kernels/tier_high.h"
#include "../kernels/kernels.inc"
