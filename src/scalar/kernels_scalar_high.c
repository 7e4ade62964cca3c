/* SPDX-License-Identifier: MIT */
/* The scalar path: the generic kernels over one-lane vectors (compiled with
 * -fno-tree-vectorize, so it stays the one-lane baseline).
 * This file: the HIGH tier (SLEEF). */
#include "simd_scalar.h"
#include "../kernels/tier_high.h"
#include "../kernels/kernels.inc"
