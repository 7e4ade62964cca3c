/* SPDX-License-Identifier: MIT */
/* Internal interface between the public wrappers (src/vact.c), the
 * dispatcher (src/dispatch.c) and the per-ISA kernel tables.  Kernels never
 * validate: src/vact.c has done it. */
#ifndef VACT_INTERNAL_H
#define VACT_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include "vact.h"

/* NaN, infinities, signed zeros and subnormals are part of every op's
 * contract: the build flags (CMakeLists.txt) must not trade them away. */
#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)
#error "vact must be compiled without -ffast-math and -ffinite-math-only"
#endif

#if defined(__GNUC__) && !defined(_WIN32)
#define VACT_INTERNAL __attribute__((visibility("hidden")))
#else
#define VACT_INTERNAL
#endif

/* ---- the kinds of op (src/vact_ops.def) ------------------------------------
 * Each kind's kernel signatures, written once: the table's function types
 * below, the drivers (src/kernels/drive_<kind>.inc) and the public wrappers
 * (src/vact.c) all spell them with these macros. */
/* p points at the op's two float parameters (unused ones are 0).  The
 * _T forms take the element type E of the arrays: float, or the storage
 * types' bits (vact_bf16, vact_f16). */
#define VACT_SIG_UNARY_FWD_T(E) (const E *x, E *y, size_t n, const float *p)
#define VACT_SIG_UNARY_BWD_T(E) (const E *dy, const E *s, E *dx, size_t n, const float *p)
#define VACT_SIG_UNARY_FWD VACT_SIG_UNARY_FWD_T(float)
#define VACT_SIG_UNARY_BWD VACT_SIG_UNARY_BWD_T(float)
/* dalpha (may be NULL) receives the per-channel sums; alpha and dalpha are
 * float for every element type */
#define VACT_SIG_PRELU_FWD_T(E)                                                          \
    (const E *x, E *y, const float *alpha, size_t outer, size_t channels, size_t inner)
#define VACT_SIG_PRELU_BWD_T(E)                                                          \
    (const E *dy, const E *x, const float *alpha, E *dx, float *dalpha, size_t outer,     \
     size_t channels, size_t inner)
#define VACT_SIG_PRELU_FWD VACT_SIG_PRELU_FWD_T(float)
#define VACT_SIG_PRELU_BWD VACT_SIG_PRELU_BWD_T(float)
#define VACT_SIG_RRELU_FWD_T(E)                                                          \
    (const E *x, E *y, size_t n, float lower, float upper, uint64_t seed, uint64_t offset)
#define VACT_SIG_RRELU_BWD_T(E)                                                          \
    (const E *dy, const E *x, E *dx, size_t n, float lower, float upper, uint64_t seed,   \
     uint64_t offset)
#define VACT_SIG_RRELU_FWD VACT_SIG_RRELU_FWD_T(float)
#define VACT_SIG_RRELU_BWD VACT_SIG_RRELU_BWD_T(float)
#define VACT_SIG_ROWS_FWD_T(E) (const E *x, E *y, size_t rows, size_t cols)
#define VACT_SIG_ROWS_BWD_T(E) (const E *dy, const E *y, E *dx, size_t rows, size_t cols)
#define VACT_SIG_ROWS_FWD VACT_SIG_ROWS_FWD_T(float)
#define VACT_SIG_ROWS_BWD VACT_SIG_ROWS_BWD_T(float)
/* strided rows with options (opts may be NULL: the defaults; the mask is
 * float for every element type) */
#define VACT_SIG_ROWS_EXT_FWD_T(E)                                                       \
    (const E *x, size_t ldx, E *y, size_t ldy, size_t rows, size_t cols,                   \
     const vact_softmax_opts *opts)
#define VACT_SIG_ROWS_EXT_BWD_T(E)                                                       \
    (const E *dy, size_t lddy, const E *y, size_t ldy, E *dx, size_t lddx,                 \
     size_t rows, size_t cols, const vact_softmax_opts *opts)
#define VACT_SIG_ROWS_EXT_FWD VACT_SIG_ROWS_EXT_FWD_T(float)
#define VACT_SIG_ROWS_EXT_BWD VACT_SIG_ROWS_EXT_BWD_T(float)
#define VACT_SIG_GATED_FWD_T(E) (const E *a, const E *b, E *y, size_t n)
#define VACT_SIG_GATED_BWD_T(E) (const E *dy, const E *a, const E *b, E *da, E *db, size_t n)
#define VACT_SIG_GATED_FWD VACT_SIG_GATED_FWD_T(float)
#define VACT_SIG_GATED_BWD VACT_SIG_GATED_BWD_T(float)


/* VACT_KINDS(X): X(kind, KIND) for every kind */
#define VACT_KINDS(X) X(unary, UNARY) X(prelu, PRELU) X(rrelu, RRELU) X(rows, ROWS) X(gated, GATED) \
    X(rows_ext, ROWS_EXT)

/* vact_<kind>_fwd_fn, vact_<kind>_bwd_fn */
#define VACT_KIND_TYPES(kind, KIND)                              \
    typedef void(*vact_##kind##_fwd_fn) VACT_SIG_##KIND##_FWD;   \
    typedef void(*vact_##kind##_bwd_fn) VACT_SIG_##KIND##_BWD;
VACT_KINDS(VACT_KIND_TYPES)
#undef VACT_KIND_TYPES

/* VACT_OP_<name>: the op's index among the ops of its kind */
enum {
#define VACT_UNARY(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_UNARY
    VACT_N_UNARY
};
enum {
#define VACT_PRELU(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_PRELU
    VACT_N_PRELU
};
enum {
#define VACT_RRELU(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_RRELU
    VACT_N_RRELU
};
enum {
#define VACT_ROWS(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_ROWS
    VACT_N_ROWS
};
enum {
#define VACT_ROWS_EXT(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_ROWS_EXT
    VACT_N_ROWS_EXT
};
enum {
#define VACT_GATED(name, ...) VACT_OP_##name,
#include "vact_ops.def"
#undef VACT_GATED
    VACT_N_GATED
};

/* ---- bf16 and f16 storage ---------------------------------------------------
 * VACT_STORAGE_TYPES(X): X(type) for each storage type; VACT_STORAGE_KINDS(X):
 * X(kind, KIND) for the kinds that have their twins.  Both types are uint16_t
 * bits, so one function type per kind and direction serves both. */
#define VACT_STORAGE_TYPES(X) X(bf16) X(f16)
#define VACT_STORAGE_KINDS(X) X(unary, UNARY) X(gated, GATED) X(rrelu, RRELU) X(prelu, PRELU) \
    X(rows, ROWS) X(rows_ext, ROWS_EXT)
#define VACT_KIND_TYPES16(kind, KIND)                                       \
    typedef void(*vact_##kind##_fwd16_fn) VACT_SIG_##KIND##_FWD_T(uint16_t); \
    typedef void(*vact_##kind##_bwd16_fn) VACT_SIG_##KIND##_BWD_T(uint16_t);
VACT_STORAGE_KINDS(VACT_KIND_TYPES16)
#undef VACT_KIND_TYPES16
typedef void (*vact_narrow_fn)(const float *x, uint16_t *y, size_t n);
typedef void (*vact_widen_fn)(const uint16_t *x, float *y, size_t n);

/* One table per (path, tier): <kind>_fwd[VACT_OP_<name>], <kind>_bwd[...],
 * the storage twins <kind>_fwd_<type>[...], and the conversions. */
typedef struct vact_kernels {
#define VACT_KIND_FIELDS(kind, KIND)                 \
    vact_##kind##_fwd_fn kind##_fwd[VACT_N_##KIND];  \
    vact_##kind##_bwd_fn kind##_bwd[VACT_N_##KIND];
    VACT_KINDS(VACT_KIND_FIELDS)
#undef VACT_KIND_FIELDS
#define VACT_KIND_FIELDS16(kind, KIND)                          \
    vact_##kind##_fwd16_fn kind##_fwd_bf16[VACT_N_##KIND];      \
    vact_##kind##_bwd16_fn kind##_bwd_bf16[VACT_N_##KIND];      \
    vact_##kind##_fwd16_fn kind##_fwd_f16[VACT_N_##KIND];       \
    vact_##kind##_bwd16_fn kind##_bwd_f16[VACT_N_##KIND];
    VACT_STORAGE_KINDS(VACT_KIND_FIELDS16)
#undef VACT_KIND_FIELDS16
    vact_narrow_fn bf16_from_f32, f16_from_f32;
    vact_widen_fn f32_from_bf16, f32_from_f16;
} vact_kernels;

/* 1 where the AVX-512 path's bf16 twins round with AVX512_BF16's
 * instruction: the CPU has it and VACT_BF16CVT is not 0 (src/dispatch.c). */
VACT_INTERNAL int vact_bf16cvt(void);

/* The precise evaluations (src/precise.c), one per op and direction of the
 * registry: the exact result to double precision, from the inputs of one
 * element, for the rare lanes whose f32 result is too close to a rounding
 * midpoint of the storage type to be rounded from (src/kernels/drive_storage.inc).
 * hi + lo: lo (0 for most ops) is the residual of an exact result that
 * double cannot hold, which decides the rounding where hi is a midpoint. */
typedef struct { double hi, lo; } vact_dd;
#define VACT_UNARY(name, ...)                                                      \
    VACT_INTERNAL vact_dd vact_precise_##name##_fwd(double x, const float *p);     \
    VACT_INTERNAL vact_dd vact_precise_##name##_bwd(double dy, double s, const float *p);
#include "vact_ops.def"
#undef VACT_UNARY
/* gated units: act(a)*b; da = dy*b*act'(a), db = dy*act(a) */
#define VACT_GATED(name, ...)                                                        \
    VACT_INTERNAL vact_dd vact_precise_##name##_fwd(double a, double b, const float *p); \
    VACT_INTERNAL vact_dd vact_precise_##name##_bwd_a(double dy, double a, double b);  \
    VACT_INTERNAL vact_dd vact_precise_##name##_bwd_b(double dy, double a, const float *p);
#include "vact_ops.def"
#undef VACT_GATED
/* rrelu: leaky_relu at the element's slope */
#define VACT_RRELU(name, ...)                                                        \
    VACT_INTERNAL vact_dd vact_precise_##name##_fwd(double x, double slope, const float *p); \
    VACT_INTERNAL vact_dd vact_precise_##name##_bwd(double dy, double x, double slope);
#include "vact_ops.def"
#undef VACT_RRELU
/* The softmax family, one row of n live columns (up to the causal limit):
 * the exact results to double precision for the lanes whose f32 result is
 * too close to a midpoint, from the row's statistics (vact_precise_row_init,
 * once per row).  The inputs (forward: x = a; backward: dy = a, y = b) are
 * floats, or the type's bits (h16: 1 bf16, 2 f16; a, b NULL). */
typedef struct vact_row {
    int logsm, ext, bwd, h16;
    const float *a, *b;
    const uint16_t *ha, *hb;
    const float *mask; /* the row's mask, or NULL */
    float scale;
    size_t n;
    int ready, nan, dead; /* set by vact_precise_row_init */
    double m, mlo, s, slo;
} vact_row;
VACT_INTERNAL void vact_precise_row_init(vact_row *r);
/* s + c += v, Neumaier's compensation (the rows' double sums: precise.c's
 * and the storage twins' vectorized evaluation) */
static inline void vact_neumaier(double *s, double *c, double v)
{
    const double t = *s + v;
    *c += fabs(*s) >= fabs(v) ? (*s - t) + v : (v - t) + *s;
    *s = t;
}
VACT_INTERNAL vact_dd vact_precise_row(const vact_row *r, size_t i);
/* one rounding from double (and its residual) to the storage type */
VACT_INTERNAL uint16_t vact_round_bf16(vact_dd d);
VACT_INTERNAL uint16_t vact_round_f16(vact_dd d);

/* vact_kernels_<isa>_high and vact_kernels_<isa>_fast for every path built */
#define VACT_ISA_DEF(name, e, built, detect) \
    extern VACT_INTERNAL const vact_kernels vact_kernels_##name##_high, vact_kernels_##name##_fast;
#include "vact_isas.def"
#undef VACT_ISA_DEF

/* The table for the calling thread's tier on the active path. */
VACT_INTERNAL const vact_kernels *vact_active_kernels(void);

#endif
