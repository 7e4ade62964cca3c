/* SPDX-License-Identifier: MIT */
/*
 * Independent high-precision reference for vact (see ref.h).
 *
 * Derived only from the definitions in include/vact.h; no code is shared with
 * src/.  All arithmetic is long double and uses only <math.h> long double
 * functions (expl, expm1l, log1pl, logl, tanhl, erfcl, ...).
 *
 * General rules used below
 *  - Inputs are floats (or products of two floats), so x*x, beta*x and dy*b
 *    are exact in long double (48 <= 64 significand bits); x^3 is rounded
 *    once on x86-64 and exact on binary128.
 *  - Every exponential is taken of a non-positive argument (e^-|t|), so
 *    nothing overflows, and 1 - sigmoid(t) is computed as sigmoid(-t), never
 *    by subtraction.  Long double has a 15-bit exponent, so results far below
 *    float's subnormal range (sigmoid(-100) ~ 2^-144) are still normal here.
 *  - Infinite inputs are handled explicitly wherever the formula would form
 *    inf*0 or inf/inf while the function has a limit.
 *
 * Accuracy near roots: see "derivative roots" below.
 */
#include "ref.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Constants to 36+ significant digits (enough for binary128). */
#define REF_SQRT1_2     0.707106781186547524400844362104849039284835938L /* 1/sqrt(2)    */
#define REF_INV_SQRT2PI 0.398942280401432677939946059934381868475858631L /* 1/sqrt(2*pi) */
#define REF_SQRT_2_PI   0.797884560802865355879892119868763736951717262L /* sqrt(2/pi)   */
#define REF_GELU_C      0.044715L
#define REF_SELU_ALPHA  1.6732632423543772848170429916717L
#define REF_SELU_SCALE  1.0507009873554804934193349852946L

/* ---- shared building blocks --------------------------------------------- */

/* sigmoid(t) = 1/(1+e^-t).  Uses e = e^-|t| <= 1: for t >= 0, 1/(1+e); for
 * t < 0, e/(1+e).  No overflow, no cancellation, and the tiny results for
 * very negative t keep full relative precision.  sigmoid(-inf) = 0,
 * sigmoid(+inf) = 1, NaN -> NaN. */
static long double sig(long double t)
{
    if (t >= 0.0L)
        return 1.0L / (1.0L + expl(-t));
    {
        long double e = expl(t); /* t < 0 or NaN */
        return e / (1.0L + e);
    }
}

/* softplus(t) = log(1 + e^t) = max(t,0) + log1p(e^-|t|): both terms are >= 0,
 * so the sum never cancels; e^-|t| <= 1 never overflows, and log1p keeps the
 * tiny tail (t very negative) at full relative precision. */
static long double splus(long double t)
{
    if (t != t)
        return t;
    return (t > 0.0L ? t : 0.0L) + log1pl(expl(-fabsl(t)));
}

/* ---- derivative roots (x86-64 extended precision only) --------------------
 * gelu', gelu_tanh', silu' (and swish' = silu'(beta x)) and mish' each have
 * one root r at negative x.  Computed directly, two terms of size ~0.2-1
 * cancel there, so with a 64-bit significand the result is only good to
 * ~2^-64 absolute, i.e. ~2^-38 relative at the float nearest the silu root
 * and worse for beta*x (exact, 48 bits) closer still.  Within |x - r| <
 * 2^-10 we therefore use the Taylor series f(r + d) = sum_k c_k d^k: r is
 * stored as hi + lo (about 128 bits), d = (x - hi) - lo is exact up to one
 * rounding (x - hi is exact by Sterbenz), and the relative error of the sum
 * is a few 2^-64 however small d is.  Truncation after c8: |c9 d^8 / c1| <
 * 2^-82.  r and c_k were computed with MPFR (4000 bits: bisection for r,
 * forward differences with h = 2^-120 for c_k = f^(k)(r)/k!).  With
 * binary128 (aarch64) the direct formulas are already good to ~2^-85
 * relative at those floats, so the series is not compiled in. */
#if LDBL_MANT_DIG < 100
#define REF_ROOT_SERIES 1
typedef struct { long double hi, lo, c[8]; } ref_root;

static const ref_root ROOT_SILU = {
    -1.278464542761073795143836329125e+00L, 3.447759010157353024851372813406e-20L,
    { 2.178117057198000987797029240732552199e-01L,  1.466487969969469001794081109107062965e-01L,
      1.887481422378231340716336418350309559e-02L, -1.522265522318803168878181681258288701e-02L,
     -6.606589138356696436301171775950936979e-03L,  1.266274100811219972716417283261902980e-04L,
      7.985218818397997761221494635283550845e-04L,  1.857072436118649565274327491934678628e-04L } };
static const ref_root ROOT_GELU = {
    -7.517915246935644574526741434894e-01L, -5.230803290077916097425628508476e-21L,
    { 4.314939923140469197865071696292649314e-01L,  3.882849829905519978580804274258060519e-01L,
     -1.819967639867108710056928896424933943e-02L, -1.140082332972217085524370318638120082e-01L,
     -1.477152214824433771783812651434930406e-02L,  1.942167983818906588903428369732227935e-02L,
      4.539228379125415573634314362663587068e-03L, -2.239538068073497151278949412933426713e-03L } };
static const ref_root ROOT_GELU_TANH = {
    -7.524614220710162584685766484771e-01L, -1.937779481180531078330243174627e-20L,
    { 4.304000910248585090799274366083234397e-01L,  3.875184461357889264213777914037102726e-01L,
     -1.578285352184802834190590224597880379e-02L, -1.139444830809589871106424568794446672e-01L,
     -1.661932834305256269227602833160377773e-02L,  1.968230945983311748701954975887174540e-02L,
      5.261059254921911879379609082699072940e-03L, -2.422731845875097299239678767479318074e-03L } };
static const ref_root ROOT_MISH = {
    -1.192431214515495212116595602492e+00L, -2.099273792899734922872810980001e-20L,
    { 2.669479140495345113166230540606664607e-01L,  2.047312640801058663477057059131171526e-01L,
      4.190782104360987308085516439142326348e-02L, -2.027182271668424612810112224773356947e-02L,
     -1.582112656173338098207242281733332833e-02L, -3.360684927023268668301642336480585031e-03L,
      1.092405540944585493052098941784468543e-03L,  9.898181021289196696076389396860423147e-04L } };

/* 1 and *out = f(x) if x lies within 2^-10 of the root, else 0. */
static int root_series(const ref_root *R, long double x, long double *out)
{
    long double d = (x - R->hi) - R->lo, p;
    int k;
    if (!(fabsl(d) < 0x1p-10L))
        return 0;
    p = R->c[7];
    for (k = 6; k >= 0; --k)
        p = R->c[k] + d * p;
    *out = d * p;
    return 1;
}
#endif

/* NaN-propagating helper for the backward functions. */
static int any_nan2(long double a, long double b) { return a != a || b != b; }

/* ---- relu ----------------------------------------------------------------- */

/* max(0, x); relu(-0) = +0; NaN passes through. */
long double ref_relu_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (x != x)
        return x;
    return x > 0.0L ? x : 0.0L;
}

/* dy where x > 0, dy*0 elsewhere (IEEE: inf/NaN dy -> NaN). */
long double ref_relu_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return x > 0.0L ? dy : dy * 0.0L;
}

/* ---- leaky_relu ------------------------------------------------------------ */

/* x >= 0 ? x : alpha*x; alpha*x is exact in long double.  With alpha = +-0
 * the function is identically alpha*x = -alpha (a zero) on x < 0, so
 * leaky_relu(-inf) is that limit (-0 for alpha = +0), not 0*inf = NaN. */
long double ref_leaky_relu_fwd(long double x, long double alpha, long double p1)
{
    (void)p1;
    if (x != x)
        return x;
    if (x >= 0.0L)
        return x;
    if (alpha == 0.0L)
        return -alpha;
    return alpha * x;
}

/* dy where x > 0, dy*alpha where x <= 0. */
long double ref_leaky_relu_bwd(long double dy, long double x, long double alpha, long double p1)
{
    (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return x > 0.0L ? dy : dy * alpha;
}

/* ---- hardtanh ---------------------------------------------------------------- */

/* clamp(x, lo, hi); NaN passes through. */
long double ref_hardtanh_fwd(long double x, long double lo, long double hi)
{
    if (x != x)
        return x;
    if (x < lo)
        return lo;
    if (x > hi)
        return hi;
    return x;
}

/* dy where lo < x < hi, dy*0 elsewhere. */
long double ref_hardtanh_bwd(long double dy, long double x, long double lo, long double hi)
{
    if (any_nan2(dy, x))
        return NAN;
    return (lo < x && x < hi) ? dy : dy * 0.0L;
}

/* ---- sigmoid ------------------------------------------------------------------ */

long double ref_sigmoid_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    return sig(x);
}

/* Takes the forward OUTPUT y: dy*y*(1-y) from the float y as given.  1-y is
 * one rounding at 2^-64 relative (y is a float in [0,1]); no cancellation
 * matters since the product is formed from y and 1-y directly. */
long double ref_sigmoid_bwd(long double dy, long double y, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, y))
        return NAN;
    return dy * (y * (1.0L - y));
}

/* ---- tanh ------------------------------------------------------------------------ */

/* tanhl: tanh(+-inf) = +-1, odd, accurate for tiny x. */
long double ref_tanh_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    return tanhl(x);
}

/* Takes the forward OUTPUT y: dy*(1-y)*(1+y); factored so that |y| near 1
 * does not cancel the way 1 - y*y would after rounding y*y. */
long double ref_tanh_bwd(long double dy, long double y, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, y))
        return NAN;
    return dy * ((1.0L - y) * (1.0L + y));
}

/* ---- gelu (erf form) ------------------------------------------------------------ */

/* Phi(x) = erfc(-x/sqrt2)/2: erfc keeps full relative precision in the far
 * negative tail (Phi(-14) ~ 1e-44), where 1 + erf(x/sqrt2) would cancel. */
static long double Phi(long double x) { return 0.5L * erfcl(-x * REF_SQRT1_2); }

/* phi(x) = e^(-x^2/2)/sqrt(2 pi); x^2/2 is exact for float x. */
static long double phi(long double x) { return expl(-0.5L * (x * x)) * REF_INV_SQRT2PI; }

/* gelu = x*Phi(x).  The argument -x/sqrt2 carries one rounding (2^-64
 * relative), which erfc amplifies by ~2u^2: at most ~2^-56 relative where
 * the float result is not 0.  gelu(-inf) = -0, gelu(+inf) = +inf. */
long double ref_gelu_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (isinf(x))
        return x > 0 ? x : -0.0L;
    return x * Phi(x);
}

/* gelu' = Phi(x) + x*phi(x).  For x << 0 both terms are positive-tail sized
 * and of opposite sign but their ratio ~1/x^2 keeps them apart, so only the
 * root near x = -0.7518 cancels (see header comment).  Limits: 0 at -inf,
 * 1 at +inf. */
long double ref_gelu_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    if (isinf(x))
        return x > 0 ? dy : dy * 0.0L;
#ifdef REF_ROOT_SERIES
    {
        long double d;
        if (root_series(&ROOT_GELU, x, &d))
            return dy * d;
    }
#endif
    return dy * (Phi(x) + x * phi(x));
}

/* ---- gelu_tanh ------------------------------------------------------------------ */

/* z = sqrt(2/pi)*(x + c x^3): x and c*x^3 have the same sign, no cancellation. */
static long double gt_z(long double x)
{
    return REF_SQRT_2_PI * (x + REF_GELU_C * (x * x * x));
}

/* 0.5x(1 + tanh z) = x*sigmoid(2z), since 1 + tanh z = 2/(1 + e^-2z): no
 * cancellation for negative x (1 + tanh z would lose everything there).
 * gelu_tanh(-inf) = -0, gelu_tanh(+inf) = +inf. */
long double ref_gelu_tanh_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (isinf(x))
        return x > 0 ? x : -0.0L;
    return x * sig(2.0L * gt_z(x));
}

/* d/dx [x S(2z)] = S(2z) + 2x z' S(2z) S(-2z) = S(2z)*(1 + 2x z' S(-2z)),
 * z' = sqrt(2/pi)(1 + 3c x^2), with S(-2z) computed directly (not 1 - S).
 * Limits: 0 at -inf, 1 at +inf. */
long double ref_gelu_tanh_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    if (isinf(x))
        return x > 0 ? dy : dy * 0.0L;
#ifdef REF_ROOT_SERIES
    {
        long double d;
        if (root_series(&ROOT_GELU_TANH, x, &d))
            return dy * d;
    }
#endif
    {
        long double z  = gt_z(x);
        long double zp = REF_SQRT_2_PI * (1.0L + 3.0L * REF_GELU_C * (x * x));
        long double d  = sig(2.0L * z) * (1.0L + 2.0L * x * zp * sig(-2.0L * z));
        return dy * d;
    }
}

/* ---- elu / selu ------------------------------------------------------------------ */

/* x > 0 ? x : alpha*expm1(x); expm1 keeps relative precision near 0 and
 * gives -1 at -inf, so elu(-inf) = -alpha. */
long double ref_elu_fwd(long double x, long double alpha, long double p1)
{
    (void)p1;
    if (x != x)
        return x;
    return x > 0.0L ? x : alpha * expm1l(x);
}

/* dy where x > 0, dy*alpha*e^x elsewhere (e^-inf = 0: the limit). */
long double ref_elu_bwd(long double dy, long double x, long double alpha, long double p1)
{
    (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return x > 0.0L ? dy : dy * (alpha * expl(x));
}

/* scale*elu(x, alpha) with the SELU constants. */
long double ref_selu_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (x != x)
        return x;
    return x > 0.0L ? REF_SELU_SCALE * x : REF_SELU_SCALE * (REF_SELU_ALPHA * expm1l(x));
}

long double ref_selu_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return x > 0.0L ? dy * REF_SELU_SCALE
                    : dy * (REF_SELU_SCALE * (REF_SELU_ALPHA * expl(x)));
}

/* ---- silu / swish ----------------------------------------------------------------- */

/* d/dt [t S(t)] = S(t) + t S(t) S(-t) = S(t)*(1 + t S(-t)), S(-t) computed
 * directly.  Finite t only.  For |t| huge, S(-t) or S(t) underflows to 0 and
 * the product is a clean 0 (no inf*0): |t| <= FLT_MAX^2 is finite here. */
static long double dsilu(long double t)
{
#ifdef REF_ROOT_SERIES
    long double d;
    if (root_series(&ROOT_SILU, t, &d))
        return d;
#endif
    return sig(t) * (1.0L + t * sig(-t));
}

/* x*sigmoid(x); silu(-inf) = -0 (limit), silu(+inf) = +inf. */
long double ref_silu_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (isinf(x))
        return x > 0 ? x : -0.0L;
    return x * sig(x);
}

/* Limits: 0 at -inf, 1 at +inf. */
long double ref_silu_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    if (isinf(x))
        return x > 0 ? dy : dy * 0.0L;
    return dy * dsilu(x);
}

/* x*sigmoid(beta x), t = beta*x exact.  beta = 0 is x/2 (also at +-inf).
 * At x = +-inf the limit is x where beta*x -> +inf and 0 where -> -inf. */
long double ref_swish_fwd(long double x, long double beta, long double p1)
{
    (void)p1;
    if (x != x || beta != beta)
        return NAN;
    if (beta == 0.0L)
        return 0.5L * x;
    {
        long double t = beta * x;
        if (isinf(x))
            return t > 0 ? x : copysignl(0.0L, x);
        return x * sig(t);
    }
}

/* d/dx [x S(beta x)] = S(t)(1 + t S(-t)) = silu'(t), t = beta*x (exact).
 * beta = 0: 1/2.  x = +-inf: 1 where t -> +inf, 0 where t -> -inf. */
long double ref_swish_bwd(long double dy, long double x, long double beta, long double p1)
{
    (void)p1;
    if (any_nan2(dy, x) || beta != beta)
        return NAN;
    if (beta == 0.0L)
        return dy * 0.5L;
    {
        long double t = beta * x;
        if (isinf(t))
            return t > 0 ? dy : dy * 0.0L;
        return dy * dsilu(t);
    }
}

/* ---- mish -------------------------------------------------------------------------- */

/* Above this x, tanh(softplus(x)) = 1 - 2/((1+e^x)^2 + 1) differs from 1 by
 * < 2e^-100 ~ 2^-143 (below binary128 resolution), and the derivative's
 * correction 4x e^x(1+e^x)/(n+2)^2 is < 2^-135: both are exactly 1 here. */
#define REF_MISH_BIG 50.0L

/* mish = x*tanh(softplus(x)).  With e = e^x and n = e(e+2) = (1+e)^2 - 1,
 * tanh(log(1+e)) = n/(n+2): no log, no tanh, no cancellation (n >= 0), and
 * for x << 0 (n ~ 2e) it keeps full relative precision.  x > 50: exactly x.
 * mish(-inf) = -0, mish(+inf) = +inf. */
long double ref_mish_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (x != x)
        return x;
    if (isinf(x))
        return x > 0 ? x : -0.0L;
    if (x > REF_MISH_BIG)
        return x;
    {
        long double e = expl(x);
        long double n = e * (e + 2.0L);
        return x * (n / (n + 2.0L));
    }
}

/* mish' = tanh(sp) + x sech^2(sp) sigmoid(x), sp = softplus(x).  With the
 * same e, n: tanh = n/(n+2), sech^2 = 1 - tanh^2 = 4(1+e)^2/(n+2)^2 (exact
 * identity, no 1 - tanh^2 cancellation), sigmoid = e/(1+e), so
 * mish' = n/(n+2) + 4 x e (1+e)/(n+2)^2.  Only the root near -1.19 cancels.
 * Limits: 0 at -inf, 1 at +inf (and exactly 1 above x = 50). */
long double ref_mish_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    if (isinf(x))
        return x > 0 ? dy : dy * 0.0L;
    if (x > REF_MISH_BIG)
        return dy;
#ifdef REF_ROOT_SERIES
    {
        long double d;
        if (root_series(&ROOT_MISH, x, &d))
            return dy * d;
    }
#endif
    {
        long double e  = expl(x);
        long double n  = e * (e + 2.0L);
        long double n2 = n + 2.0L;
        long double d  = n / n2 + (4.0L * x) * (e * (1.0L + e)) / (n2 * n2);
        return dy * d;
    }
}

/* ---- softplus ------------------------------------------------------------------------ */

/* t = beta*x (exact in long double).  x where t > threshold (decided on the
 * exact product), else softplus(t)/beta with the stable form of splus().
 * softplus(+inf) = +inf (beta > 0); t = -inf gives 0 (the limit). */
long double ref_softplus_fwd(long double x, long double beta, long double threshold)
{
    if (x != x || beta != beta || threshold != threshold)
        return NAN;
    {
        long double t = beta * x;
        if (t > threshold)
            return x;
        return splus(t) / beta;
    }
}

/* dy where t > threshold, dy*sigmoid(t) elsewhere (sigmoid(-inf) = 0 is the
 * limit of the derivative). */
long double ref_softplus_bwd(long double dy, long double x, long double beta, long double threshold)
{
    if (any_nan2(dy, x) || beta != beta || threshold != threshold)
        return NAN;
    {
        long double t = beta * x;
        if (t > threshold)
            return dy;
        return dy * sig(t);
    }
}

/* ---- hardsigmoid / hardswish ---------------------------------------------------------- */

/* clamp(x/6 + 1/2, 0, 1) computed as (x+3)/6: near x = -3, x+3 is exact
 * (Sterbenz) and only the division rounds, while x/6 + 1/2 would cancel
 * after rounding x/6. */
long double ref_hardsigmoid_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (x != x)
        return x;
    if (x <= -3.0L)
        return 0.0L;
    if (x >= 3.0L)
        return 1.0L;
    return (x + 3.0L) / 6.0L;
}

/* dy/6 on (-3, 3), dy*0 elsewhere. */
long double ref_hardsigmoid_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return (-3.0L < x && x < 3.0L) ? dy / 6.0L : dy * 0.0L;
}

/* x*(x+3)/6 on (-3, 3), 0 below, x above; x+3 exact near -3. */
long double ref_hardswish_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (x != x)
        return x;
    if (x <= -3.0L)
        return 0.0L;
    if (x >= 3.0L)
        return x;
    return x * (x + 3.0L) / 6.0L;
}

/* dy*(x/3 + 1/2) = dy*(2x+3)/6 on [-3, 3]: 2x+3 is exact near the root
 * x = -1.5, so the result keeps full relative precision there.
 * dy for x > 3, dy*0 for x < -3 (PyTorch's choice at the kinks). */
long double ref_hardswish_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    if (x < -3.0L)
        return dy * 0.0L;
    if (x > 3.0L)
        return dy;
    return dy * ((2.0L * x + 3.0L) / 6.0L);
}

/* ---- logsigmoid ------------------------------------------------------------------------ */

/* log sigmoid(x) = -softplus(-x) = min(x,0) - log1p(e^-|x|): both parts <= 0,
 * no cancellation, no overflow; logsigmoid(-inf) = -inf, (+inf) = 0. */
long double ref_logsigmoid_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    return -splus(-x);
}

/* dy*sigmoid(-x) (1 - sigmoid(x) without the subtraction); limit 0 at +inf. */
long double ref_logsigmoid_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return dy * sig(-x);
}

/* ---- softsign ---------------------------------------------------------------------------- */

/* x/(1+|x|); softsign(+-inf) = +-1 (not inf/inf). */
long double ref_softsign_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (isinf(x))
        return x > 0 ? 1.0L : -1.0L;
    return x / (1.0L + fabsl(x));
}

/* dy/(1+|x|)^2; (1+|x|)^2 <= ~1e77 is finite in long double; limit 0 at +-inf. */
long double ref_softsign_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    if (isinf(x))
        return dy * 0.0L;
    {
        long double d = 1.0L + fabsl(x);
        return dy / (d * d);
    }
}

/* ---- softmax family ------------------------------------------------------------------------ */

/* Compensated (Neumaier) sum as an unevaluated pair hi + lo.  Its error is
 * ~2^-64 |sum| + n 2^-128 sum|a_i|, so 100000 columns cost nothing, and the
 * pair lets a caller subtract the sum from a nearby value without losing the
 * low part.  Non-finite sums (inf/NaN inputs) fall back to the plain sum so
 * that IEEE semantics (inf, -inf, inf-inf = NaN) hold instead of the NaN the
 * compensation term would produce. */
typedef struct { long double hi, lo; } ref_sum2;

static void sum2_add(ref_sum2 *s, long double *naive, long double a)
{
    long double t = s->hi + a;
    if (fabsl(s->hi) >= fabsl(a))
        s->lo += (s->hi - t) + a;
    else
        s->lo += (a - t) + s->hi;
    s->hi = t;
    *naive += a;
}

static ref_sum2 sum2_finish(ref_sum2 s, long double naive)
{
    ref_sum2 r;
    if (!isfinite(naive) || !isfinite(s.hi) || !isfinite(s.lo)) {
        r.hi = naive;
        r.lo = 0.0L;
        return r;
    }
    {   /* renormalise with TwoSum (no assumption on which part is larger) */
        long double t = s.hi + s.lo, bb = t - s.hi;
        r.hi = t;
        r.lo = (s.hi - (t - bb)) + (s.lo - bb);
    }
    return r;
}

static void fill_nan(long double *out, size_t cols)
{
    size_t j;
    for (j = 0; j < cols; ++j)
        out[j] = NAN;
}

/* Scans a row: returns 0 (and fills NaN) for a NaN, a +inf or all -inf;
 * else 1 with *m = row max and *im = the index of its first occurrence. */
static int row_max(const float *x, long double *out, size_t cols, long double *m, size_t *im)
{
    size_t j;
    long double mx = -INFINITY;
    size_t ix = 0;
    for (j = 0; j < cols; ++j) {
        long double v = x[j];
        if (v != v || v == INFINITY) {
            fill_nan(out, cols);
            return 0;
        }
        if (v > mx) {
            mx = v;
            ix = j;
        }
    }
    if (mx == -INFINITY) {
        fill_nan(out, cols);
        return 0;
    }
    *m = mx;
    *im = ix;
    return 1;
}

/* softmax_j = e^(x_j - m) / S, S = sum_k e^(x_k - m) >= 1.  Each x_j - m <= 0
 * (rounded once at most, and only matters while e^(x_j-m) is within float
 * range, |x_j - m| < ~104, where the error is < 2^-57); -inf entries give
 * e^-inf = 0 exactly.  S is summed with compensation. */
void ref_softmax_row(const float *x, long double *out, size_t cols)
{
    long double m, naive = 0.0L, S;
    ref_sum2 s = {0.0L, 0.0L};
    size_t j, im;
    if (!row_max(x, out, cols, &m, &im))
        return;
    for (j = 0; j < cols; ++j) {
        out[j] = expl((long double)x[j] - m);
        sum2_add(&s, &naive, out[j]);
    }
    s = sum2_finish(s, naive);
    S = s.hi + s.lo;
    for (j = 0; j < cols; ++j)
        out[j] = out[j] / S;
}

/* log_softmax_j = (x_j - m) - log S.  Both parts are <= 0 so the difference
 * never cancels; log S is taken as log1p(S - 1) with S - 1 summed over all
 * entries except one occurrence of the max (whose term is exactly 1), so a
 * dominant entry (S = 1 + 1e-22) still gets its tiny -log S right.
 * -inf entries give -inf. */
void ref_log_softmax_row(const float *x, long double *out, size_t cols)
{
    long double m, naive = 0.0L, L;
    ref_sum2 s = {0.0L, 0.0L};
    size_t j, im;
    if (!row_max(x, out, cols, &m, &im))
        return;
    for (j = 0; j < cols; ++j)
        if (j != im)
            sum2_add(&s, &naive, expl((long double)x[j] - m));
    s = sum2_finish(s, naive);
    L = log1pl(s.hi + s.lo);
    for (j = 0; j < cols; ++j)
        out[j] = ((long double)x[j] - m) - L;
}

/* out_j = y_j*(dy_j - D), D = sum dy_k y_k.  Each product of two floats is
 * exact in long double; D is kept as a compensated pair and subtracted in
 * two steps ((dy_j - D.hi) - D.lo), so dy_j ~ D cancels without losing
 * precision beyond ~2^-100 of |D|. */
void ref_softmax_bwd_row(const float *dy, const float *y, long double *out, size_t cols)
{
    long double naive = 0.0L;
    ref_sum2 s = {0.0L, 0.0L};
    size_t j;
    for (j = 0; j < cols; ++j)
        sum2_add(&s, &naive, (long double)dy[j] * (long double)y[j]);
    s = sum2_finish(s, naive);
    for (j = 0; j < cols; ++j)
        out[j] = (long double)y[j] * (((long double)dy[j] - s.hi) - s.lo);
}

/* out_j = dy_j - e^(y_j) * G, G = sum dy_k (compensated). */
void ref_log_softmax_bwd_row(const float *dy, const float *y, long double *out, size_t cols)
{
    long double naive = 0.0L;
    ref_sum2 s = {0.0L, 0.0L};
    size_t j;
    for (j = 0; j < cols; ++j)
        sum2_add(&s, &naive, (long double)dy[j]);
    s = sum2_finish(s, naive);
    for (j = 0; j < cols; ++j) {
        long double e = expl((long double)y[j]);
        out[j] = (long double)dy[j] - (e * s.hi + e * s.lo);
    }
}

/* ---- softmax with scale, mask and causal masking ---------------------------- */

/* z_j = scale*x_j + mask_j for j < lim, z_j = -inf beyond (the causal
 * limit).  The differences z_j - z_m from the max entry m are taken as
 * scale*(x_j) - scale*(x_m) (each product exact in long double) plus
 * mask_j - mask_m, so no rounding of z itself enters them.  Returns 0 after
 * filling a row with no max: NaN up to lim when a z is NaN or +inf, else the
 * row with no entry left (dead: 0 or -inf) everywhere. */
static int ext_prep(const float *x, const float *mask, float scale, size_t lim, size_t cols,
                    long double *out, long double dead, size_t *im)
{
    size_t j, ix = 0;
    long double mx = -INFINITY;
    int bad = 0;
    for (j = 0; j < cols; ++j)
        out[j] = dead;
    for (j = 0; j < lim; ++j) {
        long double z = (long double)scale * x[j] + (mask ? (long double)mask[j] : 0.0L);
        if (z != z || z == INFINITY)
            bad = 1;
        else if (z > mx) {
            mx = z;
            ix = j;
        }
    }
    if (bad) {
        fill_nan(out, lim);
        return 0;
    }
    if (mx == -INFINITY)
        return 0;
    for (j = 0; j < lim; ++j) {
        long double dm = mask ? (long double)mask[j] - (long double)mask[ix] : 0.0L;
        long double dx = (long double)scale * x[j] - (long double)scale * x[ix];
        /* an infinite part makes z_j = -inf (z_m is finite) */
        out[j] = isinf(dm) ? dm : isinf(dx) ? dx : dx + dm;
    }
    *im = ix;
    return 1;
}

void ref_softmax_ext_row(const float *x, const float *mask, float scale, size_t lim,
                         long double *out, size_t cols)
{
    long double naive = 0.0L, S;
    ref_sum2 s = {0.0L, 0.0L};
    size_t j, im;
    if (!ext_prep(x, mask, scale, lim, cols, out, 0.0L, &im))
        return;
    for (j = 0; j < lim; ++j) {
        out[j] = expl(out[j]);
        sum2_add(&s, &naive, out[j]);
    }
    s = sum2_finish(s, naive);
    S = s.hi + s.lo;
    for (j = 0; j < lim; ++j)
        out[j] = out[j] / S;
}

void ref_log_softmax_ext_row(const float *x, const float *mask, float scale, size_t lim,
                             long double *out, size_t cols)
{
    long double naive = 0.0L, L;
    ref_sum2 s = {0.0L, 0.0L};
    size_t j, im;
    if (!ext_prep(x, mask, scale, lim, cols, out, -INFINITY, &im))
        return;
    for (j = 0; j < lim; ++j)
        if (j != im)
            sum2_add(&s, &naive, expl(out[j]));
    s = sum2_finish(s, naive);
    L = log1pl(s.hi + s.lo);
    for (j = 0; j < lim; ++j)
        out[j] = out[j] - L;
}

/* The plain backward's out over the first lim entries, times scale; 0 where
 * y is `dead` (the output of a masked entry) and beyond lim. */
static void ext_bwd_finish(long double *out, const float *y, float dead, float scale, size_t lim,
                           size_t cols)
{
    size_t j;
    for (j = 0; j < cols; ++j)
        out[j] = j >= lim || y[j] == dead ? 0.0L : (long double)scale * out[j];
}

void ref_softmax_ext_bwd_row(const float *dy, const float *y, float scale, size_t lim,
                             long double *out, size_t cols)
{
    ref_softmax_bwd_row(dy, y, out, lim);
    ext_bwd_finish(out, y, 0.0f, scale, lim, cols);
}

/* the sum of dy over the entries with y > -inf only: dy is 0 at the others */
void ref_log_softmax_ext_bwd_row(const float *dy, const float *y, float scale, size_t lim,
                                 long double *out, size_t cols)
{
    size_t j;
    float *live = calloc(lim ? lim : 1, sizeof(float));
    if (!live)
        abort();
    for (j = 0; j < lim; ++j)
        live[j] = y[j] == -INFINITY ? 0.0f : dy[j];
    ref_log_softmax_bwd_row(live, y, out, lim);
    free(live);
    ext_bwd_finish(out, y, -INFINITY, scale, lim, cols);
}

/* ---- gated units ------------------------------------------------------------------------------ */

/* silu(a)*b and gelu(a)*b from the element-wise references above. */
long double ref_swiglu(long double a, long double b) { return ref_silu_fwd(a, 0, 0) * b; }
long double ref_geglu(long double a, long double b) { return ref_gelu_fwd(a, 0, 0) * b; }

/* da = (dy*b)*act'(a) (dy*b exact for floats; the element-wise backward
 * supplies the limits at a = +-inf), db = dy*act(a). */
void ref_swiglu_bwd(long double dy, long double a, long double b, long double *da, long double *db)
{
    *da = ref_silu_bwd(dy * b, a, 0, 0);
    *db = dy * ref_silu_fwd(a, 0, 0);
}

void ref_geglu_bwd(long double dy, long double a, long double b, long double *da, long double *db)
{
    *da = ref_gelu_bwd(dy * b, a, 0, 0);
    *db = dy * ref_gelu_fwd(a, 0, 0);
}

/* ---- the rest of torch.nn's element-wise activations ---------------------------- */

/* celu = x for x > 0, alpha*expm1(x/alpha) elsewhere (celu(+-0) = +-0). */
long double ref_celu_fwd(long double x, long double alpha, long double p1)
{
    (void)p1;
    if (x != x)
        return x;
    if (x == 0.0L)
        return x;
    return x > 0.0L ? x : alpha * expm1l(x / alpha);
}
/* dy where x > 0, dy*e^(x/alpha) elsewhere. */
long double ref_celu_bwd(long double dy, long double x, long double alpha, long double p1)
{
    (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return x > 0.0L ? dy : dy * expl(x / alpha);
}

/* x > threshold ? x : value (NaN x: NaN) */
long double ref_threshold_fwd(long double x, long double th, long double value)
{
    if (x != x)
        return x;
    return x > th ? x : value;
}
/* dy where x > threshold, dy*0 elsewhere */
long double ref_threshold_bwd(long double dy, long double x, long double th, long double p1)
{
    (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return x > th ? dy : dy * 0.0L;
}

/* |x| > lambda ? x : +0 */
long double ref_hardshrink_fwd(long double x, long double lambda, long double p1)
{
    (void)p1;
    if (x != x)
        return x;
    return fabsl(x) > lambda ? x : 0.0L;
}
/* dy where |x| > lambda, dy*0 elsewhere (softshrink's too) */
long double ref_hardshrink_bwd(long double dy, long double x, long double lambda, long double p1)
{
    (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    return fabsl(x) > lambda ? dy : dy * 0.0L;
}

/* x - lambda above lambda, x + lambda below -lambda, +0 between */
long double ref_softshrink_fwd(long double x, long double lambda, long double p1)
{
    (void)p1;
    if (x != x)
        return x;
    return x > lambda ? x - lambda : x < -lambda ? x + lambda : 0.0L;
}
long double ref_softshrink_bwd(long double dy, long double x, long double lambda, long double p1)
{
    return ref_hardshrink_bwd(dy, x, lambda, p1);
}

/* x - tanh x; below |x| = 0.25 from its series (tanhl's own rounding would
 * dominate the difference there); backward tanh(x)^2 */
long double ref_tanhshrink_fwd(long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (x != x || isinf(x))
        return x;
    if (fabsl(x) < 0.25L) {
        /* x^3/3 - 2x^5/15 + 17x^7/315 - 62x^9/2835 + 1382x^11/155925
         * - 21844x^13/6081075 + 929569x^15/638512875 - ... */
        static const long double c[] = {1.0L / 3, -2.0L / 15, 17.0L / 315, -62.0L / 2835,
                                        1382.0L / 155925, -21844.0L / 6081075,
                                        929569.0L / 638512875, -6404582.0L / 10854718875.0L,
                                        443861162.0L / 1856156927625.0L};
        long double z = x * x, s = 0.0L;
        for (int k = 8; k >= 0; k--)
            s = s * z + c[k];
        return x * z * s;
    }
    return x - tanhl(x);
}
long double ref_tanhshrink_bwd(long double dy, long double x, long double p0, long double p1)
{
    (void)p0; (void)p1;
    if (any_nan2(dy, x))
        return NAN;
    long double t = tanhl(x);
    return dy * (t * t);
}

long double ref_geglu_tanh(long double a, long double b) { return ref_gelu_tanh_fwd(a, 0, 0) * b; }
long double ref_glu(long double a, long double b) { return ref_sigmoid_fwd(a, 0, 0) * b; }
long double ref_reglu(long double a, long double b) { return ref_relu_fwd(a, 0, 0) * b; }
void ref_geglu_tanh_bwd(long double dy, long double a, long double b, long double *da,
                        long double *db)
{
    *da = ref_gelu_tanh_bwd(dy * b, a, 0, 0);
    *db = dy * ref_gelu_tanh_fwd(a, 0, 0);
}
/* sigmoid'(a) = sigmoid(a)*sigmoid(-a) (the element-wise backward takes y) */
void ref_glu_bwd(long double dy, long double a, long double b, long double *da, long double *db)
{
    if (any_nan2(dy, a) || b != b) {
        *da = *db = NAN;
        return;
    }
    *da = (dy * b) * (sig(a) * sig(-a));
    *db = dy * sig(a);
}
void ref_reglu_bwd(long double dy, long double a, long double b, long double *da, long double *db)
{
    *da = ref_relu_bwd(dy * b, a, 0, 0);
    *db = dy * ref_relu_fwd(a, 0, 0);
}

/* ---- rrelu slope --------------------------------------------------------------------------------- */

/* Philox4x32 with R rounds, from the definition in Salmon et al. (SC 2011):
 * the state (x0, x1, x2, x3) goes through R rounds of, with the products
 * taken in 64 bits and hi/lo their 32-bit halves,
 *   out0 = hi(M1*x2) ^ x1 ^ key0,  out1 = lo(M1*x2),
 *   out2 = hi(M0*x0) ^ x3 ^ key1,  out3 = lo(M0*x0),
 * and the key of round r (r = 0 .. R-1) is key + r*(W0, W1) mod 2^32. */
void ref_philox4x32(int rounds, const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
    const uint64_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
    const uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    uint32_t x[4], k[2];
    int r;
    memcpy(x, ctr, sizeof x);
    memcpy(k, key, sizeof k);
    for (r = 0; r < rounds; r++) {
        const uint64_t p0 = M0 * x[0], p1 = M1 * x[2];
        const uint32_t y0 = (uint32_t)(p1 >> 32) ^ x[1] ^ k[0];
        const uint32_t y1 = (uint32_t)p1;
        const uint32_t y2 = (uint32_t)(p0 >> 32) ^ x[3] ^ k[1];
        const uint32_t y3 = (uint32_t)p0;
        x[0] = y0; x[1] = y1; x[2] = y2; x[3] = y3;
        k[0] += W0;
        k[1] += W1;
    }
    memcpy(out, x, sizeof x);
}

/* Philox4x32-10 of counter (index mod 2^32, index >> 32, 0, 0) and key
 * (seed mod 2^32, seed >> 32); u = (word 0 >> 8)*2^-24 (exact, in [0,1));
 * slope = lower + (upper-lower)*u with each float operation rounded
 * separately (volatile: no contraction into an fma, no excess precision). */
float ref_rrelu_slope(uint64_t seed, uint64_t index, float lower, float upper)
{
    const uint32_t ctr[4] = {(uint32_t)index, (uint32_t)(index >> 32), 0, 0};
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    uint32_t w[4];
    ref_philox4x32(10, ctr, key, w);
    volatile float u = (float)(w[0] >> 8) * 0x1p-24f;
    volatile float d = upper - lower;
    volatile float p = d * u;
    volatile float r = lower + p;
    return r;
}

/* ---- PyTorch's formulas --------------------------------------------------------------------- */

/* volatile: each operation rounded to float in PyTorch's order, no fma */
float ref_torch_hardsigmoid(float x)
{
    volatile float s = x + 3.0f;
    volatile float c = s > 0.0f ? s : 0.0f;
    c = c < 6.0f ? c : 6.0f;
    volatile float r = c / 6.0f;
    return r;
}

float ref_torch_hardsigmoid_bwd(float dy, float x)
{
    volatile float r = dy * (1.0f / 6.0f);
    return x > -3.0f && x < 3.0f ? r : 0.0f;
}

float ref_torch_hardswish(float x)
{
    volatile float s = x + 3.0f;
    volatile float c = s > 0.0f ? s : 0.0f;
    c = c < 6.0f ? c : 6.0f;
    volatile float p = x * c;
    volatile float r = p / 6.0f;
    return r;
}

/* ---- ULP error ------------------------------------------------------------------------------------- */

double ref_ulp_error(float got, long double ref)
{
    /* Halfway between FLT_MAX and 2^128: at or beyond it, round-to-nearest
     * gives inf (FLT_MAX has an odd significand, so the tie goes up). */
    const long double inf_edge = 0x1p128L - 0x1p103L;
    long double g = got, a, ulp;
    int e;
    if (ref != ref)
        return got != got ? 0.0 : INFINITY;
    if (got != got)
        return INFINITY;
    a = fabsl(ref);
    if (a >= inf_edge) { /* includes ref = +-inf */
        if (isinf(got) && ((got > 0) == (ref > 0)))
            return 0.0;
        return INFINITY;
    }
    if (isinf(got))
        return INFINITY;
    if (a < 0x1p-126L) {
        ulp = 0x1p-149L;
    } else {
        (void)frexpl(a, &e);              /* a = m*2^e, m in [0.5, 1) */
        if (e > 128)
            e = 128;                      /* beyond FLT_MAX: ulp(FLT_MAX) */
        ulp = ldexpl(1.0L, e - 24);       /* 2^(floor(log2 a) - 23) */
    }
    return (double)(fabsl(g - ref) / ulp);
}
