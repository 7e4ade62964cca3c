/* SPDX-License-Identifier: MIT */
/* Shared by the tests and the accuracy tool: the registry expanded into
 * uniform callers of the public API, with the independent reference. */
#ifndef VACT_TESTS_SUPPORT_H
#define VACT_TESTS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include "vact.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef vact_status (*vt_fwd_fn)(const float *x, float *y, size_t n, float p0, float p1);
typedef vact_status (*vt_bwd_fn)(const float *dy, const float *s, float *dx, size_t n,
                                 float p0, float p1);
/* the bf16 (and f16) twins: bits in uint16_t */
typedef vact_status (*vt_fwd16_fn)(const uint16_t *x, uint16_t *y, size_t n, float p0, float p1);
typedef vact_status (*vt_bwd16_fn)(const uint16_t *dy, const uint16_t *s, uint16_t *dx, size_t n,
                                   float p0, float p1);
typedef long double (*vt_ref_fwd_fn)(long double x, long double p0, long double p1);
typedef long double (*vt_ref_bwd_fn)(long double dy, long double s, long double p0,
                                     long double p1);

typedef struct vt_unary {
    const char *name;
    int nparams;
    int saved_y;          /* backward takes the forward output */
    float p0, p1;         /* default parameters */
    double bound[2][2];   /* [tier][0 fwd, 1 bwd] in ULP */
    vt_fwd_fn fwd;
    vt_bwd_fn bwd;
    vt_ref_fwd_fn ref_fwd;
    vt_ref_bwd_fn ref_bwd;
    /* For ops whose derivative crosses zero: the size of the terms that
     * cancel there (times |dy|); their backward error is published in ULP
     * of max(|result|, terms).  NULL: plain ULP of the result. */
    vt_ref_bwd_fn bwd_terms;
    /* vact_<name>_bf16, _f16 and their backward: [0] bf16, [1] f16 */
    vt_fwd16_fn fwd16[2];
    vt_bwd16_fn bwd16[2];
} vt_unary;

/* the table of a kind: vt_<kind>_ops[vt_n_<kind>] */
#define VT_TABLE(type, kind) extern const type vt_##kind##_ops[]; extern const size_t vt_n_##kind;
VT_TABLE(vt_unary, unary)

/* The registry's paths (src/vact_isas.def), best first. */
typedef struct vt_path {
    const char *name;
    vact_isa isa;
} vt_path;
extern const vt_path vt_paths[];
extern const size_t vt_n_paths;

/* The other kinds of the registry, one table each, in registry order:
 * the public functions vact_<name>_f32 / vact_<name>_backward_f32 and the
 * bounds [tier][0 fwd, 1 bwd] in ULP. */
typedef struct vt_prelu_op {
    const char *name;
    double bound[2][2];
    vact_status (*fwd)(const float *x, float *y, const float *alpha, size_t outer,
                       size_t channels, size_t inner);
    vact_status (*bwd)(const float *dy, const float *x, const float *alpha, float *dx,
                       float *dalpha, size_t outer, size_t channels, size_t inner);
    /* vact_<name>_bf16, _f16 and their backward: [0] bf16, [1] f16 */
    vact_status (*fwd16[2])(const uint16_t *x, uint16_t *y, const float *alpha, size_t outer,
                            size_t channels, size_t inner);
    vact_status (*bwd16[2])(const uint16_t *dy, const uint16_t *x, const float *alpha,
                            uint16_t *dx, float *dalpha, size_t outer, size_t channels,
                            size_t inner);
} vt_prelu_op;
VT_TABLE(vt_prelu_op, prelu)

typedef struct vt_rrelu_op {
    const char *name;
    double bound[2][2];
    vact_status (*fwd)(const float *x, float *y, size_t n, float lower, float upper,
                       uint64_t seed, uint64_t offset);
    vact_status (*bwd)(const float *dy, const float *x, float *dx, size_t n, float lower,
                       float upper, uint64_t seed, uint64_t offset);
} vt_rrelu_op;
VT_TABLE(vt_rrelu_op, rrelu)

/* Row-wise ops with their row reference (tests/ref) and, for the backward,
 * the two terms that cancel in each result (softmax: y*dy vs y*sum(dy*y);
 * log_softmax: dy vs e^y*sum(dy)): terms[j] is the larger one, the scale of
 * that row's published error (vt_ulp_terms). */
typedef struct vt_rows_op {
    const char *name;
    double bound[2][2];
    vact_status (*fwd)(const float *x, float *y, size_t rows, size_t cols);
    vact_status (*bwd)(const float *dy, const float *y, float *dx, size_t rows, size_t cols);
    void (*ref_fwd)(const float *x, long double *out, size_t cols);
    void (*ref_bwd)(const float *dy, const float *y, long double *out, size_t cols);
    void (*bwd_terms)(const float *dy, const float *y, long double *terms, size_t cols);
    /* vact_<name>_bf16, _f16 and their backward: [0] bf16, [1] f16 */
    vact_status (*fwd16[2])(const uint16_t *x, uint16_t *y, size_t rows, size_t cols);
    vact_status (*bwd16[2])(const uint16_t *dy, const uint16_t *y, uint16_t *dx, size_t rows,
                            size_t cols);
} vt_rows_op;
VT_TABLE(vt_rows_op, rows)

/* Row-wise ops with options (vact_softmax_opts): the public functions, the
 * row reference of z = scale*x + mask up to the causal limit lim, and the
 * backward's cancelling terms (those of the plain op, times |scale|, 0
 * where the result is a forced 0). */
typedef struct vt_rows_ext_op {
    const char *name;
    double bound[2][2];
    vact_status (*fwd)(const float *x, size_t ldx, float *y, size_t ldy, size_t rows,
                       size_t cols, const vact_softmax_opts *opts);
    vact_status (*bwd)(const float *dy, size_t lddy, const float *y, size_t ldy, float *dx,
                       size_t lddx, size_t rows, size_t cols, const vact_softmax_opts *opts);
    void (*ref_fwd)(const float *x, const float *mask, float scale, size_t lim,
                    long double *out, size_t cols);
    void (*ref_bwd)(const float *dy, const float *y, float scale, size_t lim, long double *out,
                    size_t cols);
    void (*bwd_terms)(const float *dy, const float *y, float scale, size_t lim,
                      long double *terms, size_t cols);
    int log; /* the log form: a masked entry is -inf, not 0 */
    /* vact_<name>_bf16, _f16 and their backward: [0] bf16, [1] f16 */
    vact_status (*fwd16[2])(const uint16_t *x, size_t ldx, uint16_t *y, size_t ldy, size_t rows,
                            size_t cols, const vact_softmax_opts *opts);
    vact_status (*bwd16[2])(const uint16_t *dy, size_t lddy, const uint16_t *y, size_t ldy,
                            uint16_t *dx, size_t lddx, size_t rows, size_t cols,
                            const vact_softmax_opts *opts);
} vt_rows_ext_op;
VT_TABLE(vt_rows_ext_op, rows_ext)
/* the columns row r of a call with opts reads (the causal limit) */
size_t vt_causal_lim(const vact_softmax_opts *opts, size_t r, size_t cols);

/* Gated ops, act(a)*b, with act's entry: its backward terms scale the error
 * of da (ULP of the terms that cancel in act', as for the op itself). */
typedef struct vt_gated_op {
    const char *name;
    const vt_unary *act;
    double bound[2][2];
    vact_status (*fwd)(const float *a, const float *b, float *y, size_t n);
    vact_status (*bwd)(const float *dy, const float *a, const float *b, float *da, float *db,
                       size_t n);
    long double (*ref_fwd)(long double a, long double b);
    void (*ref_bwd)(long double dy, long double a, long double b, long double *da,
                    long double *db);
    /* the row-strided forms, vact_<name>_2d_f32 and its backward */
    vact_status (*fwd2d)(const float *a, size_t lda, const float *b, size_t ldb, float *y,
                         size_t ldy, size_t rows, size_t cols);
    vact_status (*bwd2d)(const float *dy, size_t lddy, const float *a, size_t lda,
                         const float *b, size_t ldb, float *da, size_t ldda, float *db,
                         size_t lddb, size_t rows, size_t cols);
    /* vact_<name>_bf16, _f16 and their backward: [0] bf16, [1] f16 */
    vact_status (*fwd16[2])(const uint16_t *a, const uint16_t *b, uint16_t *y, size_t n);
    vact_status (*bwd16[2])(const uint16_t *dy, const uint16_t *a, const uint16_t *b,
                            uint16_t *da, uint16_t *db, size_t n);
    /* vact_<name>_2d_bf16, _2d_f16 and their backward */
    vact_status (*fwd2d16[2])(const uint16_t *a, size_t lda, const uint16_t *b, size_t ldb,
                              uint16_t *y, size_t ldy, size_t rows, size_t cols);
    vact_status (*bwd2d16[2])(const uint16_t *dy, size_t lddy, const uint16_t *a, size_t lda,
                              const uint16_t *b, size_t ldb, uint16_t *da, size_t ldda,
                              uint16_t *db, size_t lddb, size_t rows, size_t cols);
} vt_gated_op;
VT_TABLE(vt_gated_op, gated)

/* The entry named `name` in one of the tables above (each begins with the
 * name), or NULL: VT_FIND(vt_rows_ops, vt_n_rows, "softmax"). */
const void *vt_find_op(const void *table, size_t count, size_t size, const char *name);
#define VT_FIND(table, count, name) vt_find_op((table), (count), sizeof *(table), (name))

/* i-th of n float bit patterns spread evenly over all 2^32 (every exponent,
 * both signs, subnormals, NaNs), with a hashed offset inside each stride. */
uint32_t vt_sweep_bits(uint64_t i, uint64_t n);
float vt_bits_float(uint32_t b);
uint32_t vt_float_bits(float f);
uint32_t vt_hash32(uint32_t x);
/* a gradient value: +-(1..2)*2^k, k in [-8, 8], from a hash of i */
float vt_dy(uint64_t i);
/* an input uniform in [-32, 32), where the ops' derivatives do all their
 * work: a quarter of the backward samples take it */
float vt_dense_x(uint64_t i);
/* A gradient for sample i that puts dy*d (d: the exact derivative, dy = 1)
 * next to a power of two 2^t, where a result's ULP is smallest relative to
 * it and the derivative's own error counts double: just below 2^t (three in
 * four) or just above.  t is within 8 binades of d (three in four), or
 * anywhere in float's range: huge dy against a tiny derivative deep in a
 * tail, and the reverse.  vt_dy(i) where d is 0 or not finite. */
float vt_dy_adversarial(uint64_t i, long double d);
/* The softmax family's accuracy rows (vact-ulp, vact_bench --accuracy):
 * VT_ROWS rows of vt_row_cols[set] columns each; element i of a set, values
 * uniform in [-4, 4] (wide = 0) or [-100, 100] (wide = 1). */
#define VT_ROW_SETS 3
#define VT_ROWS 64
extern const size_t vt_row_cols[VT_ROW_SETS];
float vt_row_value(size_t i, size_t set, int wide);
/* the input a backward sweep uses as `s` for x: x itself, or the forward
 * output, rounded to float, for ops whose backward takes y */
float vt_saved(const vt_unary *op, float x);

/* Whether a bf16/f16 twin still tests the lane of an element-wise op
 * against its window (src/kernels/drive_storage.inc): every lane of an op
 * without residual forms; for those with them (ops_linear.h), only the
 * loose lanes, a model of their rule: x + 3 (x raised to -3 first; 2x + 3)
 * inexact, hardswish's x from HSW_BIG on, its backward's NaN or tiny
 * (below 2^-96) result; none for products (leaky_relu), whose main loops
 * round without a window (the tail and a block with a bf16 product's f32
 * rounding on a midpoint take the residual path, which windows a nonzero
 * product below 2^-96: not modelled).  x is the input (backward: the saved x), dy the gradient. */
int vt_storage_windowed(const char *op, int dir, float x, float dy);
/* hardswish's backward factor w = 6*f'(x) in f32, as the kernels form it */
float vt_hardswish_w(float x);

double vt_ulp(float got, long double ref);
/* ULP of max(|ref|, terms): the error relative to the cancelling terms */
double vt_ulp_terms(float got, long double ref, long double terms);

#ifdef __cplusplus
}
#endif
#endif
