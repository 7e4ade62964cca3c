/* Internal interface between the public wrappers, the dispatcher and the
 * per-ISA kernel tables.  Kernels never validate: src/vact.c has done it. */
#ifndef VACT_INTERNAL_H
#define VACT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "vact.h"

#define VACT_INTERNAL __attribute__((visibility("hidden")))

/* p points at the op's two float parameters (unused ones are 0). */
typedef void (*vact_unary_fn)(const float *x, float *y, size_t n, const float *p);
typedef void (*vact_unary_bwd_fn)(const float *dy, const float *s, float *dx, size_t n,
                                  const float *p);

enum {
#define VACT_UNARY(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_UNARY
    VACT_N_UNARY
};

typedef struct vact_kernels {
    vact_unary_fn     fwd[VACT_N_UNARY];
    vact_unary_bwd_fn bwd[VACT_N_UNARY];
    void (*prelu)(const float *x, float *y, const float *alpha,
                  size_t outer, size_t channels, size_t inner);
    /* dalpha (may be NULL) receives the per-channel sums */
    void (*prelu_bwd)(const float *dy, const float *x, const float *alpha, float *dx,
                      float *dalpha, size_t outer, size_t channels, size_t inner);
    void (*rrelu)(const float *x, float *y, size_t n, float lower, float upper,
                  uint64_t seed, uint64_t offset);
    void (*rrelu_bwd)(const float *dy, const float *x, float *dx, size_t n, float lower,
                      float upper, uint64_t seed, uint64_t offset);
    void (*softmax)(const float *x, float *y, size_t rows, size_t cols);
    void (*log_softmax)(const float *x, float *y, size_t rows, size_t cols);
    void (*softmax_bwd)(const float *dy, const float *y, float *dx, size_t rows, size_t cols);
    void (*log_softmax_bwd)(const float *dy, const float *y, float *dx, size_t rows, size_t cols);
    void (*swiglu)(const float *a, const float *b, float *y, size_t n);
    void (*geglu)(const float *a, const float *b, float *y, size_t n);
    void (*swiglu_bwd)(const float *dy, const float *a, const float *b, float *da, float *db,
                       size_t n);
    void (*geglu_bwd)(const float *dy, const float *a, const float *b, float *da, float *db,
                      size_t n);
} vact_kernels;

/* One table per (path, tier). */
extern VACT_INTERNAL const vact_kernels vact_kernels_scalar, vact_kernels_scalar_fast;
#if defined(VACT_HAVE_AVX2)
extern VACT_INTERNAL const vact_kernels vact_kernels_avx2, vact_kernels_avx2_fast;
#endif
#if defined(VACT_HAVE_AVX512)
extern VACT_INTERNAL const vact_kernels vact_kernels_avx512, vact_kernels_avx512_fast;
#endif
#if defined(VACT_HAVE_NEON)
extern VACT_INTERNAL const vact_kernels vact_kernels_neon, vact_kernels_neon_fast;
#endif

/* The table for the calling thread's tier on the active path. */
VACT_INTERNAL const vact_kernels *vact_active_kernels(void);

/* The rrelu counter hash (vact.h); the vector paths use it for the rare
 * vector whose counters cross a 2^32 boundary. */
static inline uint32_t vact_mix32(uint32_t x)
{
    x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
    return x;
}
static inline float vact_rrelu_slope(uint64_t seed, uint64_t k, float lower, float d)
{
    uint32_t h = vact_mix32((uint32_t)k ^ (uint32_t)seed ^
                            vact_mix32((uint32_t)(k >> 32) ^ (uint32_t)(seed >> 32)));
    float u = (float)(h >> 8) * 0x1p-24f;
    float du = d * u;
    return lower + du;
}

#endif
