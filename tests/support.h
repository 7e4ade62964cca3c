/* Shared by the tests and the accuracy tool: the registry expanded into
 * uniform callers of the public API, with the independent reference. */
#ifndef VACT_TESTS_SUPPORT_H
#define VACT_TESTS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include "vact.h"

typedef vact_status (*vt_fwd_fn)(const float *x, float *y, size_t n, float p0, float p1);
typedef vact_status (*vt_bwd_fn)(const float *dy, const float *s, float *dx, size_t n,
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
} vt_unary;

extern const vt_unary vt_unary_ops[];
extern const size_t vt_n_unary;

typedef struct vt_special {
    const char *name;
    double bound[2][2];
} vt_special;
extern const vt_special vt_special_ops[];
extern const size_t vt_n_special;
const vt_special *vt_special_find(const char *name);
const vt_unary *vt_unary_find(const char *name);

/* The two terms that cancel in a softmax (or log_softmax) backward row,
 * y*dy vs y*sum(dy*y) (dy vs e^y*sum(dy)): terms[j] is the larger one, the
 * scale of that row's published error (vt_ulp_terms). */
void vt_softmax_bwd_terms(int logsm, const float *dy, const float *y, long double *terms,
                          size_t cols);

/* i-th of n float bit patterns spread evenly over all 2^32 (every exponent,
 * both signs, subnormals, NaNs), with a hashed offset inside each stride. */
uint32_t vt_sweep_bits(uint64_t i, uint64_t n);
float vt_bits_float(uint32_t b);
uint32_t vt_float_bits(float f);
uint32_t vt_hash32(uint32_t x);
/* a gradient value: +-(1..2)*2^k, k in [-8, 8], from a hash of i */
float vt_dy(uint64_t i);
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

double vt_ulp(float got, long double ref);
/* ULP of max(|ref|, terms): the error relative to the cancelling terms */
double vt_ulp_terms(float got, long double ref, long double terms);

#endif
