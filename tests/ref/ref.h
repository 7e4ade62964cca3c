/* SPDX-License-Identifier: MIT */
/*
 * Independent high-precision reference for vact's tests and accuracy tool.
 *
 * Everything here is derived from the mathematical definitions in
 * include/vact.h and shares no code with src/.  Values are computed in long
 * double (x86-64: 64-bit significand; aarch64: IEEE binary128) with formulas
 * chosen so that no step cancels or overflows; see ref.c for the reasoning
 * behind each one.  Checked against MPFR: relative error below ~2^-52 on
 * x86-64 and ~2^-84 on aarch64 over the float range, including next to the
 * roots of the gelu/gelu_tanh/silu/swish/mish derivatives (a series
 * expansion is used there on x86-64, see ref.c).
 *
 * Element-wise ops: p0/p1 are the op's float parameters in argument order
 * (leaky_relu: alpha; hardtanh: lo, hi; elu: alpha; swish: beta;
 * softplus: beta, threshold); unused ones are ignored (pass 0).
 *   ref_<op>_fwd(x, p0, p1)      the op at x
 *   ref_<op>_bwd(dy, s, p0, p1)  dy * op'(x), where s is the forward input x,
 *                                except sigmoid and tanh where s is the forward
 *                                OUTPUT y: dy*y*(1-y) and dy*(1-y)*(1+y).
 * NaN in x, s or dy gives NaN; +-inf gives the mathematical limit where one
 * exists; where the derivative is exactly 0 (or tends to 0 at +-inf) the
 * backward returns dy*0, so an infinite dy gives NaN as IEEE does.
 */
#ifndef VACT_TESTS_REF_H
#define VACT_TESTS_REF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define REF_DECLARE_UNARY(op)                                                        \
    long double ref_##op##_fwd(long double x, long double p0, long double p1);       \
    long double ref_##op##_bwd(long double dy, long double s, long double p0, long double p1);

REF_DECLARE_UNARY(relu)
REF_DECLARE_UNARY(leaky_relu)   /* p0 = alpha */
REF_DECLARE_UNARY(hardtanh)     /* p0 = lo, p1 = hi */
REF_DECLARE_UNARY(sigmoid)      /* bwd takes y */
REF_DECLARE_UNARY(tanh)         /* bwd takes y */
REF_DECLARE_UNARY(gelu)
REF_DECLARE_UNARY(gelu_tanh)
REF_DECLARE_UNARY(elu)          /* p0 = alpha */
REF_DECLARE_UNARY(selu)
REF_DECLARE_UNARY(silu)
REF_DECLARE_UNARY(swish)        /* p0 = beta */
REF_DECLARE_UNARY(mish)
REF_DECLARE_UNARY(softplus)     /* p0 = beta, p1 = threshold */
REF_DECLARE_UNARY(hardsigmoid)
REF_DECLARE_UNARY(hardswish)
REF_DECLARE_UNARY(logsigmoid)
REF_DECLARE_UNARY(softsign)
REF_DECLARE_UNARY(celu)         /* p0 = alpha */
REF_DECLARE_UNARY(threshold)    /* p0 = threshold, p1 = value */
REF_DECLARE_UNARY(hardshrink)   /* p0 = lambda */
REF_DECLARE_UNARY(softshrink)   /* p0 = lambda */
REF_DECLARE_UNARY(tanhshrink)

#undef REF_DECLARE_UNARY

/* Row-wise softmax family, cols >= 1: out[j] for the one row.
 * Forward: subtract the row max; a row holding a NaN, a row of all -inf and a
 * row with a +inf entry give all NaN; -inf entries in a finite row give
 * exactly 0 (log_softmax: -inf).
 * Backward: softmax takes y = softmax output:     out = y*(dy - sum(dy*y));
 *           log_softmax takes y = its output:     out = dy - exp(y)*sum(dy). */
void ref_softmax_row(const float *x, long double *out, size_t cols);
void ref_log_softmax_row(const float *x, long double *out, size_t cols);
void ref_softmax_bwd_row(const float *dy, const float *y, long double *out, size_t cols);
void ref_log_softmax_bwd_row(const float *dy, const float *y, long double *out, size_t cols);

/* Softmax with options (vact_softmax_ext_f32): z_j = scale*x_j + mask_j
 * (mask NULL: 0) for j < lim (the causal limit; lim <= cols), -inf beyond.
 * Forward: as the rows above over z, except that a row whose z are all -inf
 * gives 0 (log: -inf) and a NaN or +inf z gives NaN up to lim; beyond lim,
 * 0 (log: -inf).  Backward, y the forward's output, 0 beyond lim:
 *   softmax: scale*y*(dy - sum(dy*y)), 0 where y = 0;
 *   log:     scale*(dy - e^y*sum dy), the sum over y > -inf, 0 where y = -inf. */
void ref_softmax_ext_row(const float *x, const float *mask, float scale, size_t lim,
                         long double *out, size_t cols);
void ref_log_softmax_ext_row(const float *x, const float *mask, float scale, size_t lim,
                             long double *out, size_t cols);
void ref_softmax_ext_bwd_row(const float *dy, const float *y, float scale, size_t lim,
                             long double *out, size_t cols);
void ref_log_softmax_ext_bwd_row(const float *dy, const float *y, float scale, size_t lim,
                                 long double *out, size_t cols);

/* Gated units: swiglu = silu(a)*b, geglu = gelu(a)*b (erf form).
 * Backward: da = dy*b*act'(a), db = dy*act(a). */
long double ref_swiglu(long double a, long double b);
long double ref_geglu(long double a, long double b);
void ref_swiglu_bwd(long double dy, long double a, long double b, long double *da, long double *db);
void ref_geglu_bwd(long double dy, long double a, long double b, long double *da, long double *db);
/* geglu_tanh = gelu_tanh(a)*b, glu = sigmoid(a)*b, reglu = relu(a)*b */
long double ref_geglu_tanh(long double a, long double b);
long double ref_glu(long double a, long double b);
long double ref_reglu(long double a, long double b);
void ref_geglu_tanh_bwd(long double dy, long double a, long double b, long double *da,
                        long double *db);
void ref_glu_bwd(long double dy, long double a, long double b, long double *da, long double *db);
void ref_reglu_bwd(long double dy, long double a, long double b, long double *da, long double *db);

/* RReLU training slope of element `index` (= offset + i): lower + (upper - lower)*u
 * in float, u from word 0 of Philox4x32-10 as vact.h describes.  Bit-exact. */
float ref_rrelu_slope(uint64_t seed, uint64_t index, float lower, float upper);
/* Philox4x32 with `rounds` rounds (10 is Philox4x32-10) of the counter ctr
 * under key, from the paper's definition (Salmon et al., SC 2011). */
void ref_philox4x32(int rounds, const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* PyTorch's CPU formulas (ATen native/cpu/Activation.cpp), in float, one
 * rounding per operation in its order: hardsigmoid = min(max(x + 3, 0), 6)/6,
 * hardsigmoid' = dy*(1.0f/6.0f) on (-3, 3), hardswish = x*min(max(x + 3,
 * 0), 6)/6.  Finite x; NaN as IEEE gives it (vact's contract adds no more). */
float ref_torch_hardsigmoid(float x);
float ref_torch_hardsigmoid_bwd(float dy, float x);
float ref_torch_hardswish(float x);

/* Error of a float result against the reference, in units of the spacing of
 * floats at |ref|: ulp(r) = 2^(floor(log2|r|)-23) for |r| >= 2^-126, 2^-149
 * below, ulp(FLT_MAX) beyond FLT_MAX.
 *  - ref NaN: 0 if got is NaN, else INFINITY.  got NaN, ref not: INFINITY.
 *  - ref rounds to +-inf in float (|ref| >= FLT_MAX + ulp(FLT_MAX)/2, or ref
 *    infinite): 0 if got is that same infinity, else INFINITY.
 *  - got +-inf and ref finite (not rounding to inf): INFINITY.
 *  - otherwise |got - ref| / ulp(ref), in long double.
 * Signed zeros compare equal. */
double ref_ulp_error(float got, long double ref);

#ifdef __cplusplus
}
#endif
#endif /* VACT_TESTS_REF_H */
