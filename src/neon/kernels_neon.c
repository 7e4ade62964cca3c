/* The NEON path: the generic kernels over 4-lane vectors. */
#include "simd_neon.h"
#include "../kernels/kernels.inc"
