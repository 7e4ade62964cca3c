/* SPDX-License-Identifier: MIT */
/*
 * vact: SIMD activation functions, forward and backward, on contiguous f32
 * arrays.  One public header; C11 and C++.
 *
 * Conventions (every entry point):
 *  - Element-wise forward:  vact_<op>_f32(x, y, n, params...)
 *    Element-wise backward: vact_<op>_backward_f32(dy, saved, dx, n, params...)
 *    where `saved` is the forward input x, except for sigmoid and tanh whose
 *    backward takes the forward output y.
 *  - n == 0 (or rows == 0) is valid and does nothing.
 *  - An output may be the very same pointer as an input (in place); any other
 *    overlap of an output with an input is VACT_ERR_OVERLAP.
 *  - On any error nothing is written.  No allocation, no threads, no errno,
 *    no change to MXCSR/FPCR; reentrant; no alignment requirement.
 *  - NaN in any input element gives NaN in every output element computed from
 *    it (relu and hardtanh included; relu backward with x < 0 and dy = NaN
 *    gives NaN, as IEEE dy*0 does).  Subnormals are computed, not flushed.
 *  - Signed zeros: each op's block gives the sign of its zero results
 *    ("Zeros:"), the same on every path and in both tiers.  A backward's
 *    zero is dy times a zero derivative (or a product that underflows) and
 *    has the IEEE sign of that product.
 *
 * Accuracy: each op's block gives its maximum error in ULP of the correctly
 * rounded result, measured by the vact-ulp tool on every path in both tiers
 * (README, "Accuracy").  Where a backward's derivative crosses zero, or its
 * formula cancels by construction (softmax), the error is in ULP of the
 * larger of the result and the terms that cancel ("ULP of the cancelling
 * terms").
 */
#ifndef VACT_H
#define VACT_H

#include <stddef.h>
#include <stdint.h>

#define VACT_VERSION_MAJOR 0
#define VACT_VERSION_MINOR 1
#define VACT_VERSION_PATCH 0

/* What the library exports: on Windows dllexport while building the DLL
 * (VACT_BUILDING), dllimport for its users, nothing for users of the static
 * library (VACT_STATIC, which the CMake target vact::static sets). */
#if defined(_WIN32)
#  if defined(VACT_STATIC)
#    define VACT_API
#  elif defined(VACT_BUILDING)
#    define VACT_API __declspec(dllexport)
#  else
#    define VACT_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define VACT_API __attribute__((visibility("default")))
#else
#  define VACT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status ------------------------------------------------------------ */
typedef enum vact_status {
    VACT_OK              =  0,
    VACT_ERR_NULL        = -1, /* a required pointer is NULL while the size is > 0 */
    VACT_ERR_ARG         = -2, /* a parameter outside its domain (NaN/Inf parameter,
                                  lower > upper, cols == 0 with rows > 0, size overflow) */
    VACT_ERR_OVERLAP     = -3, /* an output partially overlaps an input */
    VACT_ERR_UNSUPPORTED = -4  /* the ISA asked for is not available here */
} vact_status;

/* A static string for s ("unknown status" for values outside the enum). */
VACT_API const char *vact_strerror(vact_status s);
/* "MAJOR.MINOR.PATCH", equal to the VACT_VERSION_* macros. */
VACT_API const char *vact_version(void);

/* ---- instruction-set paths --------------------------------------------- */
typedef enum vact_isa {
    VACT_ISA_SCALAR = 0, VACT_ISA_AVX2 = 1, VACT_ISA_AVX512 = 2, VACT_ISA_NEON = 3
} vact_isa;

/* The path calls are routed to now.  Chosen once, on first use, from CPUID
 * and OS register state (x86: AVX2 needs AVX2+FMA+F16C+YMM state; AVX-512 needs
 * AVX512F+BW+DQ+VL and ZMM state) or the architecture (aarch64: NEON).  The
 * environment variable VACT_ISA=scalar|avx2|avx512|neon, read at that first
 * use, caps the choice (the named path if available, else the best one
 * below it); an unknown value is ignored. */
VACT_API vact_isa    vact_isa_active(void);
/* 1 if this build and this CPU can run the path, else 0: the two below
 * together. */
VACT_API int         vact_isa_available(vact_isa isa);
/* 1 if this build of vact has the path compiled in, else 0. */
VACT_API int         vact_isa_compiled(vact_isa isa);
/* 1 if this CPU and OS can run the path (the detection above, whether or not
 * it is compiled in), else 0. */
VACT_API int         vact_isa_cpu(vact_isa isa);
/* Routes every later call, from every thread, to that path.
 * VACT_ERR_UNSUPPORTED if it is not available, VACT_ERR_ARG if unknown. */
VACT_API vact_status vact_isa_force(vact_isa isa);
/* "scalar", "avx2", "avx512", "neon"; "unknown" otherwise. */
VACT_API const char *vact_isa_name(vact_isa isa);

/* ---- accuracy tiers ---------------------------------------------------- */
typedef enum vact_accuracy {
    VACT_ACCURACY_HIGH = 0,  /* SLEEF's 1-ULP functions (erfc 1.5) */
    VACT_ACCURACY_FAST = 1   /* inline approximations, as fast as the CPU allows */
    /* Both tiers: each op's block gives its bound per tier and direction
     * (4 ULP at most, backward in the cancelling-terms metric where the
     * derivative crosses zero, for every gradient: dy*f'(x) is rounded once);
     * the tests enforce them on every path. */
} vact_accuracy;

/* The calling thread's tier: the one it set with vact_accuracy_set, else the
 * process default (HIGH, or VACT_ACCURACY=fast|high read once at first use,
 * or what vact_accuracy_set_default last set). */
VACT_API vact_accuracy vact_accuracy_get(void);
/* Sets the calling thread's tier only, for good; VACT_ERR_ARG if a is
 * unknown. */
VACT_API vact_status   vact_accuracy_set(vact_accuracy a);
/* Sets the process default: the tier of every thread that has not called
 * vact_accuracy_set, threads already running included; VACT_ERR_ARG if a is
 * unknown. */
VACT_API vact_status   vact_accuracy_set_default(vact_accuracy a);

/* ---- element-wise operations ------------------------------------------- *
 * The ULP figures in each block are maxima measured over the whole f32
 * range on the scalar, avx2, avx512 and neon paths in both tiers; README's
 * accuracy table has them per path, with the command that made it.        */

/* relu: y = max(0, x); relu(-0) = +0.  Backward (takes x): dx = dy where
 * x > 0, dy*0 where x <= 0.  Exact on every path, both tiers.
 * Zeros: relu(+-0) = +0, and +0 for every x < 0.
 * Max error (vact-ulp, every path): HIGH fwd 0.00, bwd 0.00 ULP; FAST fwd 0.00, bwd 0.00 ULP. */
VACT_API vact_status vact_relu_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_relu_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* leaky_relu: y = x >= 0 ? x : alpha*x.  alpha finite (any sign).
 * alpha = +-0 gives the limit at x = -inf, the zero alpha*x is for finite
 * x < 0 (-0 for alpha = +0, +0 for alpha = -0), never NaN.
 * Backward (takes x): dx = dy where x > 0, dy*alpha where x <= 0.  Exact.
 * Zeros: leaky_relu(+-0) = +-0 (x itself); for x < 0, alpha*x with the
 * IEEE sign (alpha = +0: -0).
 * Max error (vact-ulp, every path): HIGH fwd 0.50, bwd 0.50 ULP; FAST fwd 0.50, bwd 0.50 ULP. */
VACT_API vact_status vact_leaky_relu_f32(const float *x, float *y, size_t n, float alpha);
VACT_API vact_status vact_leaky_relu_backward_f32(const float *dy, const float *x, float *dx,
                                                  size_t n, float alpha);

/* prelu: leaky relu whose slope is alpha[c] for element [o][c][i], at index
 * (o*channels + c)*inner + i.  NCHW is (N, C, H*W), NHWC is (N*H*W, C, 1),
 * one shared alpha is channels == 1.  alpha values are used as given (NaN
 * slope gives NaN where it applies; a zero slope gives leaky_relu's limit
 * at x = -inf, -0 for alpha[c] = +0).  Zeros: as leaky_relu, per channel.
 * Backward (takes x): dx as leaky_relu;
 * dalpha[c] (if dalpha != NULL) is overwritten with the sum of dy*x over the
 * elements of channel c with x < 0 (a NaN x is not < 0), each product exact
 * in double, summed in double in one fixed order and rounded once (the same
 * bits on every path).  dalpha may not be any input.
 * Sizes: the byte size of outer*channels*inner floats, with each size that
 * is 0 counted as 1, must fit in size_t, else VACT_ERR_ARG before anything
 * is written: the rule covers alpha's and dalpha's channels floats too, and
 * the status does not depend on which size is 0 nor on the order of the
 * sizes (prelu(0, SIZE_MAX, 1) is VACT_ERR_ARG, as prelu(1, SIZE_MAX, 1)).
 * Otherwise any size 0 means nothing to do (dalpha is zeroed when
 * channels > 0).  Exact on every path. */
VACT_API vact_status vact_prelu_f32(const float *x, float *y, const float *alpha,
                                    size_t outer, size_t channels, size_t inner);
VACT_API vact_status vact_prelu_backward_f32(const float *dy, const float *x, const float *alpha,
                                             float *dx, float *dalpha,
                                             size_t outer, size_t channels, size_t inner);

/* rrelu (training): element i uses slope lower + (upper - lower)*u_i, each
 * operation rounded to float (d = upper - lower, then d*u_i, then lower +),
 * with u_i = (w >> 8) * 2^-24 in [0, 1), where w is word 0 of
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw, SC 2011; Random123's
 * philox4x32_R(10, ctr, key)) for
 *   counter ctr = {k mod 2^32, k >> 32, 0, 0}, k = (offset + i) mod 2^64,
 *   key     key = {seed mod 2^32, seed >> 32}.
 * Philox4x32-10 is 10 rounds of, with 64-bit products and hi/lo their
 * 32-bit halves, M0 = 0xD2511F53, M1 = 0xCD9E8D57,
 *   (x0, x1, x2, x3) <- (hi(M1*x2) ^ x1 ^ key0, lo(M1*x2),
 *                        hi(M0*x0) ^ x3 ^ key1, lo(M0*x0)),
 * the key increased by (0x9E3779B9, 0xBB67AE85) mod 2^32 after each round.
 * Every path gives the same bits.  lower <= upper, both finite, upper -
 * lower finite; slopes lie in [lower, upper].  A slope of +-0 (lower =
 * upper = 0) gives leaky_relu's limit at x = -inf (-0 for +0), not NaN.
 * Zeros: as leaky_relu with the element's slope.  A tensor split into chunks
 * (offset = chunk start) gives the same result as one call; backward
 * regenerates the slopes.  Inference mode is vact_leaky_relu_f32 with
 * alpha = (lower + upper)/2.  Exact. */
VACT_API vact_status vact_rrelu_f32(const float *x, float *y, size_t n, float lower, float upper,
                                    uint64_t seed, uint64_t offset);
VACT_API vact_status vact_rrelu_backward_f32(const float *dy, const float *x, float *dx, size_t n,
                                             float lower, float upper, uint64_t seed,
                                             uint64_t offset);

/* hardtanh: y = clamp(x, lo, hi); relu6 is hardtanh(0, 6).  lo <= hi, both
 * finite.  Backward (takes x): dx = dy where lo < x < hi, dy*0 elsewhere. Exact.
 * Zeros: x itself where lo <= x <= hi, so +-0 stays +-0 even with lo = 0
 * (relu6(-0) = -0, unlike relu); a bound that is 0 is returned as given.
 * Max error (vact-ulp, every path): HIGH fwd 0.00, bwd 0.00 ULP; FAST fwd 0.00, bwd 0.00 ULP. */
VACT_API vact_status vact_hardtanh_f32(const float *x, float *y, size_t n, float lo, float hi);
VACT_API vact_status vact_hardtanh_backward_f32(const float *dy, const float *x, float *dx,
                                                size_t n, float lo, float hi);

/* sigmoid: y = 1/(1 + e) for x >= 0 and e/(1 + e) below, e = e^-|x|, so
 * nothing overflows and subnormal results below x = -87 are computed.
 * sigmoid(-inf) = 0,
 * sigmoid(+inf) = 1.  Backward takes the forward OUTPUT y: dx = dy*y*(1-y).
 * Zeros: +0 (sigmoid(-inf), and where the result underflows).
 * Max error (vact-ulp, every path): HIGH fwd 2.26, bwd 1.47 ULP; FAST fwd 2.26, bwd 1.47 ULP. */
VACT_API vact_status vact_sigmoid_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_sigmoid_backward_f32(const float *dy, const float *y, float *dx, size_t n);

/* tanh: y = tanh x; tanh(+-inf) = +-1.  Backward takes the forward OUTPUT y:
 * dx = dy*(1-y)*(1+y) (no cancellation near |y| = 1).
 * Zeros: tanh(+-0) = +-0.
 * Max error (vact-ulp, every path): HIGH fwd 1.00, bwd 1.47 ULP; FAST fwd 2.29, bwd 1.47 ULP. */
VACT_API vact_status vact_tanh_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_tanh_backward_f32(const float *dy, const float *y, float *dx, size_t n);

/* gelu (exact, erf form): y = x*Phi(x) = x/2 * erfc(-x/sqrt 2); gelu(-inf) = -0,
 * gelu(+inf) = +inf.  Backward (takes x): dx = dy*(Phi(x) + x*phi(x)).
 * Zeros: gelu(+-0) = +-0; -0 for x < 0 where the result underflows.
 * Max error (vact-ulp, every path): HIGH fwd 2.73, bwd 2.66 ULP of the cancelling terms; FAST fwd 2.98, bwd 3.12 ULP of the cancelling terms. */
VACT_API vact_status vact_gelu_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_gelu_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* gelu_tanh: y = x/2 * (1 + tanh(sqrt(2/pi)*(x + 0.044715 x^3))), computed as
 * x*sigmoid(2z) (no cancellation for negative x).  Backward (takes x).
 * Zeros: gelu_tanh(+-0) = +-0; -0 for x < 0 where the result underflows
 * and at -inf.
 * Max error (vact-ulp, every path): HIGH fwd 2.25, bwd 1.63 ULP of the cancelling terms; FAST fwd 2.44, bwd 1.63 ULP of the cancelling terms. */
VACT_API vact_status vact_gelu_tanh_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_gelu_tanh_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* elu: y = x > 0 ? x : alpha*expm1(x).  alpha finite.  Backward (takes x):
 * dx = dy where x > 0, dy*alpha*e^x elsewhere.
 * Zeros: elu(+-0) = alpha*(+-0), expm1(-0) being -0: +-0 for alpha > 0
 * (-+0 for alpha < 0), in both tiers.
 * Max error (vact-ulp, every path): HIGH fwd 1.00, bwd 2.20 ULP; FAST fwd 0.92, bwd 2.32 ULP. */
VACT_API vact_status vact_elu_f32(const float *x, float *y, size_t n, float alpha);
VACT_API vact_status vact_elu_backward_f32(const float *dy, const float *x, float *dx,
                                           size_t n, float alpha);

/* selu: y = scale*elu(x, alpha) with PyTorch's constants
 * alpha = 1.6732632423543772, scale = 1.0507009873554805.  Backward (takes x).
 * Zeros: selu(+-0) = +-0, in both tiers.
 * Max error (vact-ulp, every path): HIGH fwd 1.58, bwd 2.54 ULP; FAST fwd 1.72, bwd 2.68 ULP. */
VACT_API vact_status vact_selu_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_selu_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* silu: y = x*sigmoid(x); silu(-inf) = -0.  Zeros: silu(+-0) = +-0, and -0
 * for x < 0 where the result underflows.  Backward (takes x):
 * dx = dy*s*(1 + x*(1 - s)), s = sigmoid(x).
 * Max error (vact-ulp, every path): HIGH fwd 2.17, bwd 1.52 ULP of the cancelling terms; FAST fwd 2.17, bwd 1.52 ULP of the cancelling terms. */
VACT_API vact_status vact_silu_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_silu_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* swish: y = x*sigmoid(beta*x).  beta finite (any sign; beta = 1 is silu).
 * beta = +-0 gives exactly x/2 (swish(+-inf, 0) = +-inf) and the derivative
 * 1/2 for every x but NaN.  Zeros: swish(+-0) = +-0; a result that
 * underflows (or the limit 0 at x = +-inf) has x's sign.
 * Backward (takes x): dx = dy*s*(1 + beta*x*(1 - s)), s = sigmoid(beta*x).
 * Max error (vact-ulp, every path): HIGH fwd 2.12, bwd 1.86 ULP of the cancelling terms; FAST fwd 2.25, bwd 1.86 ULP of the cancelling terms. */
VACT_API vact_status vact_swish_f32(const float *x, float *y, size_t n, float beta);
VACT_API vact_status vact_swish_backward_f32(const float *dy, const float *x, float *dx,
                                             size_t n, float beta);

/* mish: y = x*tanh(softplus(x)), computed as x*a/(1 + a), a = e + e^2/2,
 * e = e^x carried in two floats (inline expf core, both tiers), and x itself
 * above 20; mish(-inf) = -0.  Zeros: mish has x's sign, mish(+-0) = +-0.
 * Backward (takes x).
 * Max error (vact-ulp, every path): HIGH fwd 2.38, bwd 1.52 ULP of the cancelling terms; FAST fwd 2.38, bwd 1.52 ULP of the cancelling terms. */
VACT_API vact_status vact_mish_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_mish_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* softplus: y = (1/beta)*log(1 + e^(beta*x)), and y = x where beta*x > threshold
 * (PyTorch's semantics; defaults beta = 1, threshold = 20).  beta finite and
 * nonzero, threshold finite.  Computed as max(t,0) + log1p(e^-|t|), t = beta*x.
 * Backward (takes x): dx = dy*sigmoid(beta*x), dy where beta*x > threshold.
 * Zeros: where the result underflows (beta*x -> -inf), +0 for beta > 0 and
 * -0 for beta < 0.
 * Max error (vact-ulp, every path): HIGH fwd 1.44, bwd 3.48 ULP; FAST fwd 2.19, bwd 3.44 ULP. */
VACT_API vact_status vact_softplus_f32(const float *x, float *y, size_t n, float beta,
                                       float threshold);
VACT_API vact_status vact_softplus_backward_f32(const float *dy, const float *x, float *dx,
                                                size_t n, float beta, float threshold);

/* hardsigmoid: y = clamp(x/6 + 1/2, 0, 1), computed as PyTorch's CPU kernel
 * does, min(max(x + 3, 0), 6)/6, the same bits.  Backward (takes x):
 * dx = dy*(1.0f/6.0f) where -3 < x < 3 (PyTorch's bits), dy*0 elsewhere.
 * Same bits in both tiers.  Zeros: +0 for x <= -3.
 * Max error (vact-ulp, every path): HIGH fwd 1.00, bwd 0.67 ULP; FAST fwd 1.00, bwd 0.67 ULP. */
VACT_API vact_status vact_hardsigmoid_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_hardsigmoid_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* hardswish: y = x*clamp(x/6 + 1/2, 0, 1), computed as PyTorch's CPU kernel
 * does, x*min(max(x + 3, 0), 6)/6, the same bits for finite x below
 * 0x1.555556p+125 (x*6 finite; above, x itself where PyTorch overflows to
 * inf); hardswish(-inf) = -0 (PyTorch: NaN).  Backward (takes x):
 * dx = dy*(2x + 3)/6 = dy*(x/3 + 1/2) on [-3, 3], dy for x > 3, dy*0 for
 * x < -3 (PyTorch's choice at the kinks; its dy*(x/3 + 1/2) cancels next
 * to the root x = -1.5, by up to 2^22 ULP, so vact keeps the form with 2x
 * + 3 exact there instead of PyTorch's bits).  Same bits in both tiers.
 * Zeros: hardswish(+-0) = +-0, -0 for x <= -3.
 * Max error (vact-ulp, every path): HIGH fwd 1.90, bwd 2.99 ULP; FAST fwd 1.90, bwd 2.99 ULP. */
VACT_API vact_status vact_hardswish_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_hardswish_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* logsigmoid: y = log sigmoid(x) = min(x,0) - log1p(e^-|x|); logsigmoid(-inf) = -inf.
 * Backward (takes x): dx = dy*(1 - sigmoid(x)) = dy*sigmoid(-x).
 * Zeros: +0 where e^-x underflows to 0 (large x, +inf).
 * Max error (vact-ulp, every path): HIGH fwd 1.43, bwd 3.41 ULP; FAST fwd 2.21, bwd 3.43 ULP. */
VACT_API vact_status vact_logsigmoid_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_logsigmoid_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* softsign: y = x/(1 + |x|); softsign(+-inf) = +-1.  Zeros: softsign(+-0)
 * = +-0, and x's sign where the result underflows.  Backward (takes x):
 * dx = dy/(1 + |x|)^2.  Same bits in both tiers.
 * Max error (vact-ulp, every path): HIGH fwd 1.50, bwd 3.10 ULP; FAST fwd 1.50, bwd 3.10 ULP. */
VACT_API vact_status vact_softsign_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_softsign_backward_f32(const float *dy, const float *x, float *dx, size_t n);

/* celu: y = x for x > 0, alpha*(e^(x/alpha) - 1) elsewhere (PyTorch's CELU);
 * alpha finite and non-zero (else VACT_ERR_ARG); celu(-inf) = -alpha for
 * alpha > 0.  Zeros: celu(+-0) = +-0.  Backward (takes x): dx = dy for x > 0,
 * dy*e^(x/alpha) elsewhere.
 * Max error (vact-ulp, every path): HIGH fwd 1.73, bwd 2.87 ULP; FAST fwd 1.90, bwd 2.87 ULP. */
VACT_API vact_status vact_celu_f32(const float *x, float *y, size_t n, float alpha);
VACT_API vact_status vact_celu_backward_f32(const float *dy, const float *x, float *dx, size_t n,
                                            float alpha);
/* threshold: y = x > threshold ? x : value (PyTorch's Threshold); both
 * finite (else VACT_ERR_ARG); NaN x gives NaN.  Zeros: x itself above the
 * threshold (+-0 stay +-0), value below.  Backward (takes x): dx = dy
 * where x > threshold, dy*0 elsewhere.  Exact, same bits on every path and
 * tier.
 * Max error (vact-ulp, every path): HIGH fwd 0.00, bwd 0.00 ULP; FAST fwd 0.00, bwd 0.00 ULP. */
VACT_API vact_status vact_threshold_f32(const float *x, float *y, size_t n, float threshold,
                                        float value);
VACT_API vact_status vact_threshold_backward_f32(const float *dy, const float *x, float *dx,
                                                 size_t n, float threshold, float value);
/* hardshrink: y = |x| > lambda ? x : +0; softshrink: y = x - lambda above
 * lambda, x + lambda below -lambda, +0 between; lambda finite and >= 0 (else
 * VACT_ERR_ARG).  Backward (takes x, both): dx = dy where |x| > lambda, dy*0
 * elsewhere.  Zeros: +0 for |x| <= lambda, x itself above (hardshrink).
 * hardshrink exact; softshrink correctly rounded (x - lambda
 * rounded once); same bits on every path and tier.
 * Max error (hardshrink: vact-ulp, every path): HIGH fwd 0.00, bwd 0.00 ULP; FAST fwd 0.00, bwd 0.00 ULP.
 * Max error (softshrink: vact-ulp, every path): HIGH fwd 0.50, bwd 0.00 ULP; FAST fwd 0.50, bwd 0.00 ULP. */
VACT_API vact_status vact_hardshrink_f32(const float *x, float *y, size_t n, float lambda);
VACT_API vact_status vact_hardshrink_backward_f32(const float *dy, const float *x, float *dx,
                                                  size_t n, float lambda);
VACT_API vact_status vact_softshrink_f32(const float *x, float *y, size_t n, float lambda);
VACT_API vact_status vact_softshrink_backward_f32(const float *dy, const float *x, float *dx,
                                                  size_t n, float lambda);
/* tanhshrink: y = x - tanh(x), odd (tanhshrink(+-inf) = +-inf), without
 * cancellation near 0.  Zeros: tanhshrink(+-0) = +-0.  Backward (takes
 * x): dx = dy*tanh(x)^2.
 * Max error (vact-ulp, every path): HIGH fwd 1.77, bwd 1.17 ULP; FAST fwd 1.77, bwd 1.17 ULP. */
VACT_API vact_status vact_tanhshrink_f32(const float *x, float *y, size_t n);
VACT_API vact_status vact_tanhshrink_backward_f32(const float *dy, const float *x, float *dx,
                                                  size_t n);

/* ---- row-wise softmax over a contiguous rows x cols matrix -------------- *
 * Numerically stable for any finite input (x = +-1e30 does not overflow).  A
 * row holding a NaN gives a row of NaN; a row of all -inf gives a row of NaN;
 * -inf entries in an otherwise finite row give exactly 0; a +inf entry gives
 * NaN for the row (inf - inf).  Zeros: softmax's are +0.
 * cols == 0 with rows > 0 is VACT_ERR_ARG,
 * the byte size of rows*cols floats, with a size that is 0 counted as 1,
 * must fit in size_t (VACT_ERR_ARG otherwise, rows == 0 included).
 * softmax backward takes y = softmax output: dx = y*(dy - sum(dy*y)).
 * log_softmax backward takes y = log_softmax output: dx = dy - e^y*sum(dy).
 * Max error (softmax: vact-ulp, every path): HIGH fwd 2.31, bwd 2.01 ULP of the cancelling terms; FAST fwd 2.27, bwd 2.08 ULP of the cancelling terms.
 * Max error (log_softmax: vact-ulp, every path): HIGH fwd 1.01, bwd 2.10 ULP of the cancelling terms; FAST fwd 1.11, bwd 1.97 ULP of the cancelling terms. */
VACT_API vact_status vact_softmax_f32(const float *x, float *y, size_t rows, size_t cols);
VACT_API vact_status vact_log_softmax_f32(const float *x, float *y, size_t rows, size_t cols);
VACT_API vact_status vact_softmax_backward_f32(const float *dy, const float *y, float *dx,
                                               size_t rows, size_t cols);
VACT_API vact_status vact_log_softmax_backward_f32(const float *dy, const float *y, float *dx,
                                                   size_t rows, size_t cols);

/* The options of vact_softmax_ext_f32 and its kin (below). */
typedef struct vact_softmax_opts {
    float scale;          /* z = scale*x + mask; finite and non-zero; 1 by default */
    const float *mask;    /* NULL, or an additive mask (-inf masks out), row r at mask + r*mask_ld */
    size_t mask_ld;       /* 0: one mask row for every row */
    int causal;           /* non-zero: column c of row r is masked out when c > r + causal_offset */
    size_t causal_offset; /* e.g. the number of cached positions before this block */
} vact_softmax_opts;
#define VACT_SOFTMAX_OPTS_INIT { 1.0f, NULL, 0, 0, 0 }

/* ---- softmax with scale, mask and causal masking ----------------------- *
 * Row r of each matrix starts at p + r*ld (ld >= cols, in floats); only the
 * first cols entries of a row are read or written.  For row r, column c:
 *   z[r][c] = scale*x[r][c] + mask[r][c], masked out (z = -inf) where
 *   opts->causal and c > r + causal_offset;
 *   softmax_ext: y = e^z / sum_c e^z;  log_softmax_ext: y = z - log sum_c e^z.
 * opts == NULL means VACT_SOFTMAX_OPTS_INIT (plain softmax over strided
 * rows).  scale: finite and non-zero (else VACT_ERR_ARG); softmin is
 * scale = -1, a temperature T is scale = 1/T, attention scores are
 * scale = 1/sqrt(d).  mask: NULL, or an additive float mask (-inf masks an
 * entry out), row r at mask + r*mask_ld; mask_ld = 0 gives every row the same
 * mask row, else mask_ld >= cols.  causal_offset is the number of positions
 * before this block (cached keys): row r sees columns 0 .. r + causal_offset.
 * z is formed once, folded into the passes over x (no scaled copy); the
 * columns beyond the causal limit are not read (x, mask, dy, y) and are
 * written exactly +0 (log_softmax_ext: -inf; backward: +0).
 * Entries with z = -inf give exactly +0 (log: -inf).  A row with no entry
 * left (every z = -inf, e.g. a mask row of -inf) gives +0 everywhere (log:
 * -inf) and a zero gradient, unlike vact_softmax_f32.  A NaN in the row's x
 * or mask (up to the causal limit) gives NaN up to the limit; z = +inf (x =
 * +inf with scale > 0, x = -inf with scale < 0, a +inf mask) gives NaN up to
 * the limit too, as in vact_softmax_f32 (and +inf + -inf in z is NaN).  z is taken
 * as computed in float: a scale*x + mask beyond FLT_MAX counts as +-inf.
 * Backward (opts must be the forward's; the mask is not read: masked entries
 * are known by their output):
 *   softmax_ext:     dx = scale*y*(dy - sum_c dy*y), +0 where y = 0;
 *   log_softmax_ext: dx = scale*(dy - e^y*sum dy), the sum over the entries
 *   with y > -inf, +0 where y = -inf.
 * Aliasing: y may be x (in place) and dx may be dy or y when the pointer and
 * the ld are the same; any other shared element of an output and an input
 * (the mask included) is VACT_ERR_OVERLAP (views that interleave without
 * sharing an element are fine when their ld are equal).  rows*ld must not
 * overflow size_t (VACT_ERR_ARG).
 * Max error: the bounds of softmax/log_softmax against the exact z (scale*x
 * + mask is carried in two floats into the exponential), where |scale*x| and
 * |mask| are below 2^20 (for every finite x when scale = +-2^k and there is
 * no mask); beyond, results stay finite.  Backward in ULP of the cancelling
 * terms (times |scale|).
 * Max error (softmax_ext: vact-ulp, every path): HIGH fwd 2.84, bwd 2.84 ULP of the cancelling terms; FAST fwd 2.75, bwd 2.88 ULP of the cancelling terms.
 * Max error (log_softmax_ext: vact-ulp, every path): HIGH fwd 1.53, bwd 2.35 ULP of the cancelling terms; FAST fwd 1.52, bwd 2.82 ULP of the cancelling terms. */
VACT_API vact_status vact_softmax_ext_f32(const float *x, size_t ldx, float *y, size_t ldy,
                                          size_t rows, size_t cols,
                                          const vact_softmax_opts *opts);
VACT_API vact_status vact_log_softmax_ext_f32(const float *x, size_t ldx, float *y, size_t ldy,
                                              size_t rows, size_t cols,
                                              const vact_softmax_opts *opts);
VACT_API vact_status vact_softmax_ext_backward_f32(const float *dy, size_t lddy, const float *y,
                                                   size_t ldy, float *dx, size_t lddx,
                                                   size_t rows, size_t cols,
                                                   const vact_softmax_opts *opts);
VACT_API vact_status vact_log_softmax_ext_backward_f32(const float *dy, size_t lddy,
                                                       const float *y, size_t ldy, float *dx,
                                                       size_t lddx, size_t rows, size_t cols,
                                                       const vact_softmax_opts *opts);

/* ---- gated units (LLM feed-forward layers) ----------------------------- *
 * swiglu: y = silu(a)*b;  geglu: y = gelu(a)*b (erf form).  Backward:
 * da = dy*b*act'(a), db = dy*act(a).  act(-inf) = -0, so a = -inf gives
 * -0*b, a zero, for every finite b (swiglu(-inf, +0) = -0), never NaN.
 * Zeros: act(a)*b with the IEEE sign of that product, act(+-0) = +-0.  y
 * may be a or b; da may be dy, db may be
 * dy, but da and db must not overlap each other.
 * Max error (swiglu: vact-ulp, every path): HIGH fwd 2.93, bwd 2.91 ULP of the cancelling terms; FAST fwd 3.02, bwd 2.85 ULP of the cancelling terms.
 * Max error (geglu: vact-ulp, every path): HIGH fwd 3.55, bwd 3.55 ULP of the cancelling terms; FAST fwd 3.37, bwd 3.44 ULP of the cancelling terms. */
VACT_API vact_status vact_swiglu_f32(const float *a, const float *b, float *y, size_t n);
VACT_API vact_status vact_geglu_f32(const float *a, const float *b, float *y, size_t n);
VACT_API vact_status vact_swiglu_backward_f32(const float *dy, const float *a, const float *b,
                                              float *da, float *db, size_t n);
VACT_API vact_status vact_geglu_backward_f32(const float *dy, const float *a, const float *b,
                                             float *da, float *db, size_t n);
/* geglu_tanh: y = gelu_tanh(a)*b (Gemma's gelu_pytorch_tanh, T5 v1.1's
 * gelu_new); glu: y = sigmoid(a)*b (PyTorch's F.glu(x) is glu(second half,
 * first half)); reglu: y = relu(a)*b.  Backward as for swiglu: da =
 * dy*b*act'(a), db = dy*act(a); the same aliasing rules.  Zeros: act(a)*b
 * with the IEEE sign of that product (sigmoid and relu give +0 for a <= 0
 * and a = -inf, gelu_tanh -0).  reglu is exact
 * (one rounding per output), same bits on every path and tier.
 * Max error (geglu_tanh: vact-ulp, every path): HIGH fwd 3.42, bwd 3.42 ULP of the cancelling terms; FAST fwd 3.42, bwd 3.42 ULP of the cancelling terms.
 * Max error (glu: vact-ulp, every path): HIGH fwd 2.26, bwd 2.23 ULP; FAST fwd 2.26, bwd 2.18 ULP.
 * Max error (reglu: vact-ulp, every path): HIGH fwd 0.50, bwd 0.50 ULP; FAST fwd 0.50, bwd 0.50 ULP. */
VACT_API vact_status vact_geglu_tanh_f32(const float *a, const float *b, float *y, size_t n);
VACT_API vact_status vact_glu_f32(const float *a, const float *b, float *y, size_t n);
VACT_API vact_status vact_reglu_f32(const float *a, const float *b, float *y, size_t n);
VACT_API vact_status vact_geglu_tanh_backward_f32(const float *dy, const float *a, const float *b,
                                                  float *da, float *db, size_t n);
VACT_API vact_status vact_glu_backward_f32(const float *dy, const float *a, const float *b,
                                           float *da, float *db, size_t n);
VACT_API vact_status vact_reglu_backward_f32(const float *dy, const float *a, const float *b,
                                             float *da, float *db, size_t n);

/* ---- row-strided gated units (fused projections) ------------------------ *
 * For every gated unit <g> above (swiglu, geglu, geglu_tanh, glu, reglu):
 * the same op over rows x cols matrices whose row r is at p + r*ld, ld >= cols
 * (VACT_ERR_ARG otherwise, and when (rows - 1)*ld + cols floats overflow
 * size_t).  A fused
 * projection [rows, 2*cols] with the gate first is a = p, b = p + cols,
 * lda = ldb = 2*cols, and its gradient da = g, db = g + cols,
 * ldda = lddb = 2*cols.  Aliasing is judged on the elements actually
 * touched: an output may be the very same view as an input (same pointer and
 * ld); views that interleave without sharing an element do not overlap; any
 * other sharing is VACT_ERR_OVERLAP (views with different strides whose
 * extents meet count as overlapping).  Each row gives exactly the bits of the
 * contiguous call on that row; the bounds are the contiguous op's. */
VACT_API vact_status vact_swiglu_2d_f32(const float *a, size_t lda, const float *b, size_t ldb,
                                        float *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_swiglu_2d_backward_f32(const float *dy, size_t lddy, const float *a,
                                                 size_t lda, const float *b, size_t ldb, float *da,
                                                 size_t ldda, float *db, size_t lddb, size_t rows,
                                                 size_t cols);
VACT_API vact_status vact_geglu_2d_f32(const float *a, size_t lda, const float *b, size_t ldb,
                                       float *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_geglu_2d_backward_f32(const float *dy, size_t lddy, const float *a,
                                                size_t lda, const float *b, size_t ldb, float *da,
                                                size_t ldda, float *db, size_t lddb, size_t rows,
                                                size_t cols);
VACT_API vact_status vact_geglu_tanh_2d_f32(const float *a, size_t lda, const float *b, size_t ldb,
                                            float *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_geglu_tanh_2d_backward_f32(const float *dy, size_t lddy, const float *a,
                                                     size_t lda, const float *b, size_t ldb, float *da,
                                                     size_t ldda, float *db, size_t lddb, size_t rows,
                                                     size_t cols);
VACT_API vact_status vact_glu_2d_f32(const float *a, size_t lda, const float *b, size_t ldb,
                                     float *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_glu_2d_backward_f32(const float *dy, size_t lddy, const float *a,
                                              size_t lda, const float *b, size_t ldb, float *da,
                                              size_t ldda, float *db, size_t lddb, size_t rows,
                                              size_t cols);
VACT_API vact_status vact_reglu_2d_f32(const float *a, size_t lda, const float *b, size_t ldb,
                                       float *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_reglu_2d_backward_f32(const float *dy, size_t lddy, const float *a,
                                                size_t lda, const float *b, size_t ldb, float *da,
                                                size_t ldda, float *db, size_t lddb, size_t rows,
                                                size_t cols);

/* ---- bf16 and f16 storage --------------------------------------------- *
 * vact_bf16 holds bfloat16 bits (1 sign, 8 exponent, 7 fraction bits: f32's
 * range, 8 significant bits); vact_f16 IEEE 754 binary16 bits (5 exponent,
 * 10 fraction bits: largest finite 65504, smallest subnormal 2^-24).
 *
 * Conversions: f32 -> bf16/f16 rounds to nearest even, whatever the caller's
 * rounding mode; subnormals of the type are produced, +-inf only where the
 * value rounds beyond the largest finite one (f16: |x| >= 65520); a NaN
 * stays a quiet NaN with its sign and the top bits of its payload.  The
 * widening conversions are exact (a signalling NaN comes back quiet).  x
 * and y must not overlap (their element sizes differ: no conversion is in
 * place).  Per path: f16 by F16C vcvtph2ps/vcvtps2ph (AVX2, AVX-512), NEON
 * fcvtl/fcvtn, integer rounding on the scalar path; bf16 by integer shifts
 * on every path (AVX512_BF16's vcvtneps2bf16 flushes subnormals). */
typedef uint16_t vact_bf16;   /* bfloat16, as bits */
typedef uint16_t vact_f16;    /* IEEE 754 binary16, as bits */
VACT_API vact_status vact_bf16_from_f32(const float *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_f32_from_bf16(const vact_bf16 *x, float *y, size_t n);
VACT_API vact_status vact_f16_from_f32(const float *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_f32_from_f16(const vact_f16 *x, float *y, size_t n);

/* The element-wise ops on bf16 and f16 arrays: vact_<op>_bf16 and
 * vact_<op>_f16 take the arguments of vact_<op>_f32 (and the backward those
 * of vact_<op>_backward_f32) with the arrays' element type changed; the
 * parameters stay float.  Same dispatch, tiers, status and aliasing rules.
 * The math is the f32 kernel's, on the widened inputs; each result is
 * rounded once to the type, to nearest even, and is CORRECTLY ROUNDED: the
 * exact result rounded to the type, for every input.  Where the f32 result
 * lies within that kernel's error bound of a rounding midpoint of the type
 * (a few lanes in 10^4 for bf16, in 10^3 for f16), the lane is settled by
 * a double-precision evaluation out of line.  NaN gives a quiet NaN,
 * subnormals of the type are produced, +-inf only beyond the type's range. */
VACT_API vact_status vact_relu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_relu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                             size_t n);
VACT_API vact_status vact_relu_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_relu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                            size_t n);
VACT_API vact_status vact_leaky_relu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float alpha);
VACT_API vact_status vact_leaky_relu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                   vact_bf16 *dx, size_t n, float alpha);
VACT_API vact_status vact_leaky_relu_f16(const vact_f16 *x, vact_f16 *y, size_t n, float alpha);
VACT_API vact_status vact_leaky_relu_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                  vact_f16 *dx, size_t n, float alpha);
VACT_API vact_status vact_hardtanh_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float lo,
                                        float hi);
VACT_API vact_status vact_hardtanh_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                 vact_bf16 *dx, size_t n, float lo, float hi);
VACT_API vact_status vact_hardtanh_f16(const vact_f16 *x, vact_f16 *y, size_t n, float lo,
                                       float hi);
VACT_API vact_status vact_hardtanh_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                                size_t n, float lo, float hi);
VACT_API vact_status vact_sigmoid_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_sigmoid_backward_bf16(const vact_bf16 *dy, const vact_bf16 *y,
                                                vact_bf16 *dx, size_t n);
VACT_API vact_status vact_sigmoid_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_sigmoid_backward_f16(const vact_f16 *dy, const vact_f16 *y, vact_f16 *dx,
                                               size_t n);
VACT_API vact_status vact_tanh_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_tanh_backward_bf16(const vact_bf16 *dy, const vact_bf16 *y, vact_bf16 *dx,
                                             size_t n);
VACT_API vact_status vact_tanh_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_tanh_backward_f16(const vact_f16 *dy, const vact_f16 *y, vact_f16 *dx,
                                            size_t n);
VACT_API vact_status vact_gelu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_gelu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                             size_t n);
VACT_API vact_status vact_gelu_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_gelu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                            size_t n);
VACT_API vact_status vact_gelu_tanh_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_gelu_tanh_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                  vact_bf16 *dx, size_t n);
VACT_API vact_status vact_gelu_tanh_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_gelu_tanh_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                 vact_f16 *dx, size_t n);
VACT_API vact_status vact_elu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float alpha);
VACT_API vact_status vact_elu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                            size_t n, float alpha);
VACT_API vact_status vact_elu_f16(const vact_f16 *x, vact_f16 *y, size_t n, float alpha);
VACT_API vact_status vact_elu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                           size_t n, float alpha);
VACT_API vact_status vact_selu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_selu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                             size_t n);
VACT_API vact_status vact_selu_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_selu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                            size_t n);
VACT_API vact_status vact_silu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_silu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                             size_t n);
VACT_API vact_status vact_silu_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_silu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                            size_t n);
VACT_API vact_status vact_swish_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float beta);
VACT_API vact_status vact_swish_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                              vact_bf16 *dx, size_t n, float beta);
VACT_API vact_status vact_swish_f16(const vact_f16 *x, vact_f16 *y, size_t n, float beta);
VACT_API vact_status vact_swish_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                             size_t n, float beta);
VACT_API vact_status vact_mish_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_mish_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                             size_t n);
VACT_API vact_status vact_mish_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_mish_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                            size_t n);
VACT_API vact_status vact_softplus_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float beta,
                                        float threshold);
VACT_API vact_status vact_softplus_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                 vact_bf16 *dx, size_t n, float beta,
                                                 float threshold);
VACT_API vact_status vact_softplus_f16(const vact_f16 *x, vact_f16 *y, size_t n, float beta,
                                       float threshold);
VACT_API vact_status vact_softplus_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                                size_t n, float beta, float threshold);
VACT_API vact_status vact_hardsigmoid_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_hardsigmoid_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                    vact_bf16 *dx, size_t n);
VACT_API vact_status vact_hardsigmoid_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_hardsigmoid_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                   vact_f16 *dx, size_t n);
VACT_API vact_status vact_hardswish_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_hardswish_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                  vact_bf16 *dx, size_t n);
VACT_API vact_status vact_hardswish_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_hardswish_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                 vact_f16 *dx, size_t n);
VACT_API vact_status vact_logsigmoid_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_logsigmoid_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                   vact_bf16 *dx, size_t n);
VACT_API vact_status vact_logsigmoid_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_logsigmoid_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                  vact_f16 *dx, size_t n);
VACT_API vact_status vact_softsign_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_softsign_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                 vact_bf16 *dx, size_t n);
VACT_API vact_status vact_softsign_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_softsign_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                                size_t n);
VACT_API vact_status vact_celu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float alpha);
VACT_API vact_status vact_celu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                             size_t n, float alpha);
VACT_API vact_status vact_celu_f16(const vact_f16 *x, vact_f16 *y, size_t n, float alpha);
VACT_API vact_status vact_celu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                            size_t n, float alpha);
VACT_API vact_status vact_threshold_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n,
                                         float threshold, float value);
VACT_API vact_status vact_threshold_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                  vact_bf16 *dx, size_t n, float threshold,
                                                  float value);
VACT_API vact_status vact_threshold_f16(const vact_f16 *x, vact_f16 *y, size_t n, float threshold,
                                        float value);
VACT_API vact_status vact_threshold_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                 vact_f16 *dx, size_t n, float threshold,
                                                 float value);
VACT_API vact_status vact_hardshrink_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float lambda);
VACT_API vact_status vact_hardshrink_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                   vact_bf16 *dx, size_t n, float lambda);
VACT_API vact_status vact_hardshrink_f16(const vact_f16 *x, vact_f16 *y, size_t n, float lambda);
VACT_API vact_status vact_hardshrink_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                  vact_f16 *dx, size_t n, float lambda);
VACT_API vact_status vact_softshrink_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float lambda);
VACT_API vact_status vact_softshrink_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                   vact_bf16 *dx, size_t n, float lambda);
VACT_API vact_status vact_softshrink_f16(const vact_f16 *x, vact_f16 *y, size_t n, float lambda);
VACT_API vact_status vact_softshrink_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                  vact_f16 *dx, size_t n, float lambda);
VACT_API vact_status vact_tanhshrink_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n);
VACT_API vact_status vact_tanhshrink_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                                   vact_bf16 *dx, size_t n);
VACT_API vact_status vact_tanhshrink_f16(const vact_f16 *x, vact_f16 *y, size_t n);
VACT_API vact_status vact_tanhshrink_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                                  vact_f16 *dx, size_t n);

/* The gated units on bf16 and f16 arrays: vact_<g>_bf16, vact_<g>_f16 and
 * their backward, for every gated unit above, with the arguments of the f32
 * calls; the same aliasing rules; every output correctly rounded as for the
 * element-wise twins (y, and each of da and db). */
VACT_API vact_status vact_swiglu_bf16(const vact_bf16 *a, const vact_bf16 *b, vact_bf16 *y, size_t n);
VACT_API vact_status vact_swiglu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *a,
                                               const vact_bf16 *b, vact_bf16 *da, vact_bf16 *db, size_t n);
VACT_API vact_status vact_swiglu_f16(const vact_f16 *a, const vact_f16 *b, vact_f16 *y, size_t n);
VACT_API vact_status vact_swiglu_backward_f16(const vact_f16 *dy, const vact_f16 *a,
                                              const vact_f16 *b, vact_f16 *da, vact_f16 *db, size_t n);
VACT_API vact_status vact_geglu_bf16(const vact_bf16 *a, const vact_bf16 *b, vact_bf16 *y, size_t n);
VACT_API vact_status vact_geglu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *a,
                                              const vact_bf16 *b, vact_bf16 *da, vact_bf16 *db, size_t n);
VACT_API vact_status vact_geglu_f16(const vact_f16 *a, const vact_f16 *b, vact_f16 *y, size_t n);
VACT_API vact_status vact_geglu_backward_f16(const vact_f16 *dy, const vact_f16 *a,
                                             const vact_f16 *b, vact_f16 *da, vact_f16 *db, size_t n);
VACT_API vact_status vact_geglu_tanh_bf16(const vact_bf16 *a, const vact_bf16 *b, vact_bf16 *y, size_t n);
VACT_API vact_status vact_geglu_tanh_backward_bf16(const vact_bf16 *dy, const vact_bf16 *a,
                                                   const vact_bf16 *b, vact_bf16 *da, vact_bf16 *db, size_t n);
VACT_API vact_status vact_geglu_tanh_f16(const vact_f16 *a, const vact_f16 *b, vact_f16 *y, size_t n);
VACT_API vact_status vact_geglu_tanh_backward_f16(const vact_f16 *dy, const vact_f16 *a,
                                                  const vact_f16 *b, vact_f16 *da, vact_f16 *db, size_t n);
VACT_API vact_status vact_glu_bf16(const vact_bf16 *a, const vact_bf16 *b, vact_bf16 *y, size_t n);
VACT_API vact_status vact_glu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *a,
                                            const vact_bf16 *b, vact_bf16 *da, vact_bf16 *db, size_t n);
VACT_API vact_status vact_glu_f16(const vact_f16 *a, const vact_f16 *b, vact_f16 *y, size_t n);
VACT_API vact_status vact_glu_backward_f16(const vact_f16 *dy, const vact_f16 *a,
                                           const vact_f16 *b, vact_f16 *da, vact_f16 *db, size_t n);
VACT_API vact_status vact_reglu_bf16(const vact_bf16 *a, const vact_bf16 *b, vact_bf16 *y, size_t n);
VACT_API vact_status vact_reglu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *a,
                                              const vact_bf16 *b, vact_bf16 *da, vact_bf16 *db, size_t n);
VACT_API vact_status vact_reglu_f16(const vact_f16 *a, const vact_f16 *b, vact_f16 *y, size_t n);
VACT_API vact_status vact_reglu_backward_f16(const vact_f16 *dy, const vact_f16 *a,
                                             const vact_f16 *b, vact_f16 *da, vact_f16 *db, size_t n);

/* The row-strided gated units on bf16 and f16 arrays: vact_<g>_2d_bf16,
 * vact_<g>_2d_f16 and their backward take the arguments of the f32 2-D calls
 * (ld in elements) with the matrices' element type changed; the same checks
 * and aliasing rules; each row gives exactly the bits of the contiguous
 * twin on that row (correctly rounded). */
VACT_API vact_status vact_swiglu_2d_bf16(const vact_bf16 *a, size_t lda, const vact_bf16 *b, size_t ldb,
                                         vact_bf16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_swiglu_2d_backward_bf16(const vact_bf16 *dy, size_t lddy, const vact_bf16 *a,
                                                  size_t lda, const vact_bf16 *b, size_t ldb, vact_bf16 *da,
                                                  size_t ldda, vact_bf16 *db, size_t lddb, size_t rows,
                                                  size_t cols);
VACT_API vact_status vact_swiglu_2d_f16(const vact_f16 *a, size_t lda, const vact_f16 *b, size_t ldb,
                                        vact_f16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_swiglu_2d_backward_f16(const vact_f16 *dy, size_t lddy, const vact_f16 *a,
                                                 size_t lda, const vact_f16 *b, size_t ldb, vact_f16 *da,
                                                 size_t ldda, vact_f16 *db, size_t lddb, size_t rows,
                                                 size_t cols);
VACT_API vact_status vact_geglu_2d_bf16(const vact_bf16 *a, size_t lda, const vact_bf16 *b, size_t ldb,
                                        vact_bf16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_geglu_2d_backward_bf16(const vact_bf16 *dy, size_t lddy, const vact_bf16 *a,
                                                 size_t lda, const vact_bf16 *b, size_t ldb, vact_bf16 *da,
                                                 size_t ldda, vact_bf16 *db, size_t lddb, size_t rows,
                                                 size_t cols);
VACT_API vact_status vact_geglu_2d_f16(const vact_f16 *a, size_t lda, const vact_f16 *b, size_t ldb,
                                       vact_f16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_geglu_2d_backward_f16(const vact_f16 *dy, size_t lddy, const vact_f16 *a,
                                                size_t lda, const vact_f16 *b, size_t ldb, vact_f16 *da,
                                                size_t ldda, vact_f16 *db, size_t lddb, size_t rows,
                                                size_t cols);
VACT_API vact_status vact_geglu_tanh_2d_bf16(const vact_bf16 *a, size_t lda, const vact_bf16 *b, size_t ldb,
                                             vact_bf16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_geglu_tanh_2d_backward_bf16(const vact_bf16 *dy, size_t lddy, const vact_bf16 *a,
                                                      size_t lda, const vact_bf16 *b, size_t ldb, vact_bf16 *da,
                                                      size_t ldda, vact_bf16 *db, size_t lddb, size_t rows,
                                                      size_t cols);
VACT_API vact_status vact_geglu_tanh_2d_f16(const vact_f16 *a, size_t lda, const vact_f16 *b, size_t ldb,
                                            vact_f16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_geglu_tanh_2d_backward_f16(const vact_f16 *dy, size_t lddy, const vact_f16 *a,
                                                     size_t lda, const vact_f16 *b, size_t ldb, vact_f16 *da,
                                                     size_t ldda, vact_f16 *db, size_t lddb, size_t rows,
                                                     size_t cols);
VACT_API vact_status vact_glu_2d_bf16(const vact_bf16 *a, size_t lda, const vact_bf16 *b, size_t ldb,
                                      vact_bf16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_glu_2d_backward_bf16(const vact_bf16 *dy, size_t lddy, const vact_bf16 *a,
                                               size_t lda, const vact_bf16 *b, size_t ldb, vact_bf16 *da,
                                               size_t ldda, vact_bf16 *db, size_t lddb, size_t rows,
                                               size_t cols);
VACT_API vact_status vact_glu_2d_f16(const vact_f16 *a, size_t lda, const vact_f16 *b, size_t ldb,
                                     vact_f16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_glu_2d_backward_f16(const vact_f16 *dy, size_t lddy, const vact_f16 *a,
                                              size_t lda, const vact_f16 *b, size_t ldb, vact_f16 *da,
                                              size_t ldda, vact_f16 *db, size_t lddb, size_t rows,
                                              size_t cols);
VACT_API vact_status vact_reglu_2d_bf16(const vact_bf16 *a, size_t lda, const vact_bf16 *b, size_t ldb,
                                        vact_bf16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_reglu_2d_backward_bf16(const vact_bf16 *dy, size_t lddy, const vact_bf16 *a,
                                                 size_t lda, const vact_bf16 *b, size_t ldb, vact_bf16 *da,
                                                 size_t ldda, vact_bf16 *db, size_t lddb, size_t rows,
                                                 size_t cols);
VACT_API vact_status vact_reglu_2d_f16(const vact_f16 *a, size_t lda, const vact_f16 *b, size_t ldb,
                                       vact_f16 *y, size_t ldy, size_t rows, size_t cols);
VACT_API vact_status vact_reglu_2d_backward_f16(const vact_f16 *dy, size_t lddy, const vact_f16 *a,
                                                size_t lda, const vact_f16 *b, size_t ldb, vact_f16 *da,
                                                size_t ldda, vact_f16 *db, size_t lddb, size_t rows,
                                                size_t cols);

/* rrelu on bf16 and f16 arrays: the f32 calls' arguments and slopes (the
 * same generator, element for element), each result correctly rounded. */
VACT_API vact_status vact_rrelu_bf16(const vact_bf16 *x, vact_bf16 *y, size_t n, float lower,
                                     float upper, uint64_t seed, uint64_t offset);
VACT_API vact_status vact_rrelu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x, vact_bf16 *dx,
                                              size_t n, float lower, float upper, uint64_t seed,
                                              uint64_t offset);
VACT_API vact_status vact_rrelu_f16(const vact_f16 *x, vact_f16 *y, size_t n, float lower,
                                    float upper, uint64_t seed, uint64_t offset);
VACT_API vact_status vact_rrelu_backward_f16(const vact_f16 *dy, const vact_f16 *x, vact_f16 *dx,
                                             size_t n, float lower, float upper, uint64_t seed,
                                             uint64_t offset);

/* prelu on bf16 and f16 arrays: x, y, dy and dx of the type, alpha and
 * dalpha float; the f32 calls' shapes, checks and aliasing rules.  y and dx
 * correctly rounded; dalpha[c] is the f32 call's sum over the widened dy and
 * x (each product exact in double, summed in double, rounded once to
 * float: the f32 call's bits on those values). */
VACT_API vact_status vact_prelu_bf16(const vact_bf16 *x, vact_bf16 *y, const float *alpha,
                                     size_t outer, size_t channels, size_t inner);
VACT_API vact_status vact_prelu_backward_bf16(const vact_bf16 *dy, const vact_bf16 *x,
                                              const float *alpha, vact_bf16 *dx, float *dalpha,
                                              size_t outer, size_t channels, size_t inner);
VACT_API vact_status vact_prelu_f16(const vact_f16 *x, vact_f16 *y, const float *alpha,
                                    size_t outer, size_t channels, size_t inner);
VACT_API vact_status vact_prelu_backward_f16(const vact_f16 *dy, const vact_f16 *x,
                                             const float *alpha, vact_f16 *dx, float *dalpha,
                                             size_t outer, size_t channels, size_t inner);

/* The softmax family on bf16 and f16 arrays: vact_softmax_bf16 and the rest
 * take the arguments of the f32 calls (ld in elements) with the matrices'
 * element type changed; opts and its mask stay as they are (float).  The
 * same checks, aliasing and row rules (NaN rows, empty rows, causal
 * limits); every result correctly rounded: each row is computed by the f32
 * kernel on the widened values, and where a result lies within that
 * kernel's bound of a rounding midpoint the row is evaluated once in double
 * and the lane taken from there.  Rows of more than 1024 columns take one
 * heap allocation per call for their f32 scratch (without it, every lane is
 * evaluated in double). */
VACT_API vact_status vact_softmax_bf16(const vact_bf16 *x, vact_bf16 *y, size_t rows, size_t cols);
VACT_API vact_status vact_softmax_backward_bf16(const vact_bf16 *dy, const vact_bf16 *y,
                                                vact_bf16 *dx, size_t rows, size_t cols);
VACT_API vact_status vact_softmax_f16(const vact_f16 *x, vact_f16 *y, size_t rows, size_t cols);
VACT_API vact_status vact_softmax_backward_f16(const vact_f16 *dy, const vact_f16 *y, vact_f16 *dx,
                                               size_t rows, size_t cols);
VACT_API vact_status vact_log_softmax_bf16(const vact_bf16 *x, vact_bf16 *y, size_t rows,
                                           size_t cols);
VACT_API vact_status vact_log_softmax_backward_bf16(const vact_bf16 *dy, const vact_bf16 *y,
                                                    vact_bf16 *dx, size_t rows, size_t cols);
VACT_API vact_status vact_log_softmax_f16(const vact_f16 *x, vact_f16 *y, size_t rows, size_t cols);
VACT_API vact_status vact_log_softmax_backward_f16(const vact_f16 *dy, const vact_f16 *y,
                                                   vact_f16 *dx, size_t rows, size_t cols);
VACT_API vact_status vact_softmax_ext_bf16(const vact_bf16 *x, size_t ldx, vact_bf16 *y, size_t ldy,
                                           size_t rows, size_t cols, const vact_softmax_opts *opts);
VACT_API vact_status vact_softmax_ext_backward_bf16(const vact_bf16 *dy, size_t lddy,
                                                    const vact_bf16 *y, size_t ldy, vact_bf16 *dx,
                                                    size_t lddx, size_t rows, size_t cols,
                                                    const vact_softmax_opts *opts);
VACT_API vact_status vact_softmax_ext_f16(const vact_f16 *x, size_t ldx, vact_f16 *y, size_t ldy,
                                          size_t rows, size_t cols, const vact_softmax_opts *opts);
VACT_API vact_status vact_softmax_ext_backward_f16(const vact_f16 *dy, size_t lddy,
                                                   const vact_f16 *y, size_t ldy, vact_f16 *dx,
                                                   size_t lddx, size_t rows, size_t cols,
                                                   const vact_softmax_opts *opts);
VACT_API vact_status vact_log_softmax_ext_bf16(const vact_bf16 *x, size_t ldx, vact_bf16 *y,
                                               size_t ldy, size_t rows, size_t cols,
                                               const vact_softmax_opts *opts);
VACT_API vact_status vact_log_softmax_ext_backward_bf16(const vact_bf16 *dy, size_t lddy,
                                                        const vact_bf16 *y, size_t ldy,
                                                        vact_bf16 *dx, size_t lddx, size_t rows,
                                                        size_t cols, const vact_softmax_opts *opts);
VACT_API vact_status vact_log_softmax_ext_f16(const vact_f16 *x, size_t ldx, vact_f16 *y,
                                              size_t ldy, size_t rows, size_t cols,
                                              const vact_softmax_opts *opts);
VACT_API vact_status vact_log_softmax_ext_backward_f16(const vact_f16 *dy, size_t lddy,
                                                       const vact_f16 *y, size_t ldy, vact_f16 *dx,
                                                       size_t lddx, size_t rows, size_t cols,
                                                       const vact_softmax_opts *opts);

#ifdef __cplusplus
}
#endif
#endif /* VACT_H */
