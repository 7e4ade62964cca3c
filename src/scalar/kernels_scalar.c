/* The scalar path: the generic kernels over one-lane vectors. */
#include "simd_scalar.h"
#include "../kernels/kernels.inc"
