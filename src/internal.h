/* SPDX-License-Identifier: MIT */
/* Internal interface between the public wrappers (src/vact.c), the
 * dispatcher (src/dispatch.c) and the per-ISA kernel tables.  Kernels never
 * validate: src/vact.c has done it. */
#ifndef VACT_INTERNAL_H
#define VACT_INTERNAL_H

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
 * (src/vact.c) all spell them with these macros, and pass the arguments on
 * with the matching VACT_ARGS_ lists. */
/* p points at the op's two float parameters (unused ones are 0). */
#define VACT_SIG_UNARY_FWD (const float *x, float *y, size_t n, const float *p)
#define VACT_SIG_UNARY_BWD (const float *dy, const float *s, float *dx, size_t n, const float *p)
/* dalpha (may be NULL) receives the per-channel sums */
#define VACT_SIG_PRELU_FWD                                                               \
    (const float *x, float *y, const float *alpha, size_t outer, size_t channels, size_t inner)
#define VACT_SIG_PRELU_BWD                                                               \
    (const float *dy, const float *x, const float *alpha, float *dx, float *dalpha,       \
     size_t outer, size_t channels, size_t inner)
#define VACT_SIG_RRELU_FWD                                                               \
    (const float *x, float *y, size_t n, float lower, float upper, uint64_t seed, uint64_t offset)
#define VACT_SIG_RRELU_BWD                                                               \
    (const float *dy, const float *x, float *dx, size_t n, float lower, float upper,      \
     uint64_t seed, uint64_t offset)
#define VACT_SIG_ROWS_FWD (const float *x, float *y, size_t rows, size_t cols)
#define VACT_SIG_ROWS_BWD (const float *dy, const float *y, float *dx, size_t rows, size_t cols)
/* strided rows with options (opts may be NULL: the defaults) */
#define VACT_SIG_ROWS_EXT_FWD                                                            \
    (const float *x, size_t ldx, float *y, size_t ldy, size_t rows, size_t cols,           \
     const vact_softmax_opts *opts)
#define VACT_SIG_ROWS_EXT_BWD                                                            \
    (const float *dy, size_t lddy, const float *y, size_t ldy, float *dx, size_t lddx,     \
     size_t rows, size_t cols, const vact_softmax_opts *opts)
#define VACT_SIG_GATED_FWD (const float *a, const float *b, float *y, size_t n)
#define VACT_SIG_GATED_BWD                                                               \
    (const float *dy, const float *a, const float *b, float *da, float *db, size_t n)

#define VACT_ARGS_PRELU_FWD (x, y, alpha, outer, channels, inner)
#define VACT_ARGS_PRELU_BWD (dy, x, alpha, dx, dalpha, outer, channels, inner)
#define VACT_ARGS_RRELU_FWD (x, y, n, lower, upper, seed, offset)
#define VACT_ARGS_RRELU_BWD (dy, x, dx, n, lower, upper, seed, offset)
#define VACT_ARGS_ROWS_FWD (x, y, rows, cols)
#define VACT_ARGS_ROWS_BWD (dy, y, dx, rows, cols)
#define VACT_ARGS_ROWS_EXT_FWD (x, ldx, y, ldy, rows, cols, opts)
#define VACT_ARGS_ROWS_EXT_BWD (dy, lddy, y, ldy, dx, lddx, rows, cols, opts)
#define VACT_ARGS_GATED_FWD (a, b, y, n)
#define VACT_ARGS_GATED_BWD (dy, a, b, da, db, n)

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

/* One table per (path, tier): <kind>_fwd[VACT_OP_<name>], <kind>_bwd[...] */
typedef struct vact_kernels {
#define VACT_KIND_FIELDS(kind, KIND)                 \
    vact_##kind##_fwd_fn kind##_fwd[VACT_N_##KIND];  \
    vact_##kind##_bwd_fn kind##_bwd[VACT_N_##KIND];
    VACT_KINDS(VACT_KIND_FIELDS)
#undef VACT_KIND_FIELDS
} vact_kernels;

/* vact_kernels_<isa>_high and vact_kernels_<isa>_fast for every path built */
#define VACT_ISA_DEF(name, e, built, detect) \
    extern VACT_INTERNAL const vact_kernels vact_kernels_##name##_high, vact_kernels_##name##_fast;
#include "vact_isas.def"
#undef VACT_ISA_DEF

/* The table for the calling thread's tier on the active path. */
VACT_INTERNAL const vact_kernels *vact_active_kernels(void);

#endif
