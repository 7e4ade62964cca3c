/* SPDX-License-Identifier: MIT */
/* The accuracy engine of the tests (which assert the bounds), vact-ulp (which
 * prints them) and vact_bench --accuracy: the sampled inputs of each kind of
 * op, their long double reference (tests/ref/), the error of each result in
 * ULP or in ULP of the cancelling terms (support.h), and one tracker of the
 * worst error.  The op runs on whatever path and tier the caller set. */
#ifndef VACT_TESTS_MEASURE_H
#define VACT_TESTS_MEASURE_H

#include <stddef.h>
#include <stdint.h>
#include "support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the worst error ---------------------------------------------------- */
typedef struct vt_worst {
    double bound;        /* errors above it are counted in `over` */
    double err;          /* the largest error; INFINITY once one was NaN */
    size_t at;           /* the index given with the first result to reach it */
    float input;         /* and its input */
    uint64_t n, over;    /* results seen; beyond the bound */
    size_t first_over;   /* the index of the first result beyond the bound */
} vt_worst;

void vt_worst_init(vt_worst *w, double bound);
void vt_worst_add(vt_worst *w, double e, size_t i, float input);
/* `from` measured after `into` (the earlier keeps a tie) */
void vt_worst_merge(vt_worst *into, const vt_worst *from);

/* The error of got against ref: ULP of ref, or with terms, ULP of the larger
 * of ref and terms. */
double vt_error(float got, long double ref, const long double *terms);
/* n results, element k tracked as index base + k with input in[k]; terms
 * may be NULL (plain ULP) */
void vt_score(vt_worst *w, size_t base, const float *in, const float *got,
              const long double *ref, const long double *terms, size_t n);

/* ---- element-wise ops: a sweep over float bit patterns ------------------
 * Sample i of a sweep of `total`: x = vt_sweep_bits(i, total) (total = 2^32:
 * every pattern), s = vt_saved(op, x), dy = vt_dy(i) for even i and
 * vt_dy_adversarial for odd i; backward sweeps take x = vt_dense_x(i) for
 * i % 4 == 3. */
enum { VT_FWD = 1, VT_BWD = 2 };
typedef struct vt_sweep {
    const vt_unary *u;
    uint64_t first;        /* the index of sample 0 */
    size_t n, cap;
    float *x, *dy, *s;
    long double *ref[2];   /* [0 fwd, 1 bwd] reference, for the directions filled */
    long double *terms;    /* the backward's cancelling terms; NULL: ULP metric */
} vt_sweep;

/* 0 on success; -1 when out of memory */
int vt_sweep_alloc(vt_sweep *sw, size_t cap);
void vt_sweep_free(vt_sweep *sw);
/* samples first .. first+n-1 (n <= cap) of a sweep of `total`, with the
 * reference of the directions in `dirs` (VT_FWD | VT_BWD) */
void vt_sweep_fill(vt_sweep *sw, const vt_unary *u, uint64_t first, size_t n, uint64_t total,
                   int dirs);
/* one more input after the sampled ones (n < cap), with its forward
 * reference: for a forward-only fill */
void vt_sweep_push(vt_sweep *sw, float x);
/* the op on the inputs: forward x -> out, backward dy, s -> out */
vact_status vt_sweep_call(const vt_sweep *sw, int dir, float *out);
double vt_sweep_error(const vt_sweep *sw, int dir, size_t k, float got);
/* every result, tracked by its index (first + k) and its input (x, or s
 * backward) */
void vt_sweep_score(const vt_sweep *sw, int dir, const float *out, vt_worst *w);
/* samples begin .. end-1 of a sweep of `total`, in chunks; 0, or -1 when
 * out of memory */
int vt_sweep_measure(const vt_unary *u, int dir, uint64_t begin, uint64_t end, uint64_t total,
                     vt_worst *w);

/* ---- gated ops -----------------------------------------------------------
 * Sample i of `total`: a = vt_sweep_bits(i, total), b = vt_dy(i + 11),
 * dy = vt_dy(i), with b or dy adversarial (vt_dy_adversarial) for i % 4 != 0,
 * and a = vt_dense_x(i) for i % 8 >= 4.  Forward error in ULP; backward the larger of da's, in ULP of
 * act's cancelling terms, and db's in ULP. */
typedef struct vt_gated_set {
    const vt_gated_op *op;
    uint64_t first;
    size_t n, cap;
    float *a, *b, *dy;
} vt_gated_set;

int vt_gated_alloc(vt_gated_set *gs, size_t cap);
void vt_gated_free(vt_gated_set *gs);
void vt_gated_fill(vt_gated_set *gs, const vt_gated_op *op, uint64_t first, size_t n,
                   uint64_t total);
/* the error of sample k: forward out = y; backward out = da, out2 = db */
double vt_gated_error(const vt_gated_set *gs, int dir, size_t k, float out, float out2);
void vt_gated_score(const vt_gated_set *gs, int dir, const float *out, const float *out2,
                    vt_worst *w);
int vt_gated_measure(const vt_gated_op *op, int dir, uint64_t total, vt_worst *w);

/* ---- row-wise ops: vact-ulp's rows ---------------------------------------
 * VT_ROWS rows of vt_row_cols[set] columns, x = vt_row_value(i, set, wide),
 * dy = vt_dy(i + 3*set), with the forward reference.  Results are tracked
 * with the row's x as input. */
typedef struct vt_rowset {
    const vt_rows_op *op;
    size_t rows, cols, n;
    float *x, *dy;
    long double *ref;
} vt_rowset;

int vt_rowset_init(vt_rowset *rs, const vt_rows_op *op, size_t set, int wide);
void vt_rowset_free(vt_rowset *rs);
void vt_rowset_score_fwd(const vt_rowset *rs, const float *y, vt_worst *w);
/* dx from the forward output y: the reference is taken from that y */
int vt_rowset_score_bwd(const vt_rowset *rs, const float *y, const float *dx, vt_worst *w);
/* every set, both ranges of values */
int vt_rows_measure(const vt_rows_op *op, int dir, vt_worst *w);

/* ---- row-wise ops with options: vact-ulp's rows --------------------------
 * The rows above (x, dy) under every combination of scale (1, -1, 0.125,
 * 3.7), mask (none; one row per row, values in [-2, 2], a fifth of them
 * -inf) and causal masking (off, on); the reference of the exact z. */
int vt_rows_ext_measure(const vt_rows_ext_op *op, int dir, vt_worst *w);

#ifdef __cplusplus
}
#endif
#endif
