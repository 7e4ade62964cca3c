/* SPDX-License-Identifier: MIT */
/* The NEON (AArch64 Advanced SIMD) path: the generic kernels over 4-lane
 * vectors.
 * This file: the FAST tier (inline approximations). */
#include "simd_neon.h"
#include "../kernels/tier_fast.h"
#include "../kernels/kernels.inc"
