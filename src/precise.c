/* SPDX-License-Identifier: MIT */
/*
 * The precise evaluations behind the bf16 and f16 entry points: for each op
 * of the registry and each direction, the exact result to double precision
 * from one element's inputs.  They run only for the rare lanes whose f32
 * result lies too close to a rounding midpoint of the storage type
 * (src/kernels/drive_storage.inc), so they are plain scalar C over libm's
 * double functions, written from the definitions in include/vact.h and not
 * from the vector kernels.
 *
 * Their error must stay far below the f32 kernels' (a few 2^-53 against
 * 2^-21 and more).  A result on a midpoint must be known to be exactly on
 * it, or on which side: products of two inputs of 8 or 11 bits and a float
 * parameter are exact in double; where an exact result needs more bits
 * than double has (dy*y*(1 - y) for tiny y, x*sigmoid(x) = x/2 + x^2/4 at a
 * subnormal x), it is returned as hi + lo, lo the part beyond hi, whose
 * sign settles a tie (vact_dd).  Inputs reach FLT_MAX (and dy too), so
 * every exponential is taken of -|t| and no intermediate overflows where
 * the result is finite.
 */
#include <math.h>
#include "half.h"
#include "internal.h"

uint16_t vact_round_bf16(vact_dd d) { return vact_half_of_double(d.hi, d.lo, 8, -126, 0x7f80u); }
uint16_t vact_round_f16(vact_dd d) { return vact_half_of_double(d.hi, d.lo, 11, -14, 0x7c00u); }

static vact_dd dd(double v) { return (vact_dd){v, 0.0}; }
/* a + b exactly (TwoSum) */
static vact_dd two_sum(double a, double b)
{
    const double s = a + b, bb = s - a;
    return (vact_dd){s, (a - (s - bb)) + (b - bb)};
}
/* (n.hi + n.lo)/d: the quotient and the sign-faithful remainder term */
static vact_dd div_dd(vact_dd n, double d)
{
    const double q = n.hi / d;
    return (vact_dd){q, (fma(-q, d, n.hi) + n.lo) / d};
}
/* x/2 + x*h/2 for |h| < 1/2: x/2 is exact, so a result whose tail lies
 * beyond double (x subnormal in bf16) still breaks its tie right */
static vact_dd half_plus(double x, double h) { return two_sum(0.5 * x, 0.5 * (x * h)); }
/* v + t for a tail t that is not 0 in exact arithmetic: where it underflows,
 * its sign still breaks a tie of v */
static vact_dd plus_tail(double v, double t)
{
    return two_sum(v, t != 0 ? t : copysign(0x1p-1074, t) * (v != 0));
}

/* sigmoid(t), 1 - sigmoid(t) = sig(-t) never by subtraction */
static double sig(double t)
{
    const double e = exp(-fabs(t));
    return t >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}
/* log(1 + e^t) */
static double splus(double t) { return fmax(t, 0.0) + log1p(exp(-fabs(t))); }
/* d/dt [t sig(t)] */
static double dsilu(double t) { return sig(t) * (1.0 + t * sig(-t)); }
/* dy*dsilu(t); from t = 2 on, dsilu = 1 + sig(-t)*(t sig(t) - 1) > 1, kept
 * as dy plus that tail */
static vact_dd dy_dsilu(double dy, double t)
{
    if (t >= 2)
        return plus_tail(dy, dy * (sig(-t) * (t * sig(t) - 1)));
    return dd(dy * dsilu(t));
}

#define SQRT1_2 0.70710678118654752440
#define INV_SQRT2PI 0.39894228040143267794
#define SQRT_2_PI 0.79788456080286535588
#define GELU_C 0.044715
#define SELU_ALPHA 1.6732632423543772848170429916717
#define SELU_SCALE 1.0507009873554804934193349852946

/* ---- piecewise ---------------------------------------------------------------- */
vact_dd vact_precise_relu_fwd(double x, const float *p) { (void)p; return dd(x > 0 ? x : 0.0); }
vact_dd vact_precise_relu_bwd(double dy, double x, const float *p)
{
    (void)p;
    return dd(x > 0 ? dy : dy * 0.0);
}
vact_dd vact_precise_leaky_relu_fwd(double x, const float *p) { return dd(x >= 0 ? x : x * p[0]); }
vact_dd vact_precise_leaky_relu_bwd(double dy, double x, const float *p)
{
    return dd(x > 0 ? dy : dy * p[0]);
}
vact_dd vact_precise_hardtanh_fwd(double x, const float *p)
{
    return dd(x < p[0] ? p[0] : x > p[1] ? p[1] : x);
}
vact_dd vact_precise_hardtanh_bwd(double dy, double x, const float *p)
{
    return dd(p[0] < x && x < p[1] ? dy : dy * 0.0);
}
vact_dd vact_precise_threshold_fwd(double x, const float *p) { return dd(x > p[0] ? x : p[1]); }
vact_dd vact_precise_threshold_bwd(double dy, double x, const float *p)
{
    return dd(x > p[0] ? dy : dy * 0.0);
}
vact_dd vact_precise_hardshrink_fwd(double x, const float *p) { return dd(fabs(x) > p[0] ? x : 0.0); }
vact_dd vact_precise_hardshrink_bwd(double dy, double x, const float *p)
{
    return dd(fabs(x) > p[0] ? dy : dy * 0.0);
}
/* x -+ lambda: exact whenever the result has few enough bits to be a midpoint */
vact_dd vact_precise_softshrink_fwd(double x, const float *p)
{
    return dd(x > p[0] ? x - p[0] : x < -p[0] ? x + p[0] : 0.0);
}
vact_dd vact_precise_softshrink_bwd(double dy, double x, const float *p)
{
    return vact_precise_hardshrink_bwd(dy, x, p);
}
/* (x + 3)/6: one rounding of an exact numerator */
vact_dd vact_precise_hardsigmoid_fwd(double x, const float *p)
{
    (void)p;
    return x <= -3 ? dd(0.0) : x >= 3 ? dd(1.0) : div_dd(two_sum(x, 3), 6);
}
vact_dd vact_precise_hardsigmoid_bwd(double dy, double x, const float *p)
{
    (void)p;
    return -3 < x && x < 3 ? div_dd(dd(dy), 6) : dd(dy * 0.0);
}
vact_dd vact_precise_hardswish_fwd(double x, const float *p)
{
    (void)p;
    /* (x^2 + 3x)/6: both terms exact */
    return x <= -3 ? dd(0.0) : x >= 3 ? dd(x) : div_dd(two_sum(x * x, 3 * x), 6);
}
vact_dd vact_precise_hardswish_bwd(double dy, double x, const float *p)
{
    (void)p;
    return x < -3 ? dd(dy * 0.0) : x > 3 ? dd(dy) : div_dd(two_sum(2 * dy * x, 3 * dy), 6);
}
vact_dd vact_precise_softsign_fwd(double x, const float *p)
{
    (void)p;
    /* x/(s + e), 1 + |x| = s + e exactly: q + (x - q*s - q*e)/s */
    const vact_dd d = two_sum(1, fabs(x));
    const double q = x / d.hi;
    return (vact_dd){q, (fma(-q, d.hi, x) - q * d.lo) / d.hi};
}
vact_dd vact_precise_softsign_bwd(double dy, double x, const float *p)
{
    (void)p;
    const double d = 1 + fabs(x);
    return dd(dy / (d * d));
}

/* ---- exponential family ----------------------------------------------------------- */
vact_dd vact_precise_sigmoid_fwd(double x, const float *p) { (void)p; return dd(sig(x)); }
/* takes y: dy*y - (dy*y)*y, both products exact for y and dy of the
 * storage types, where 1 - y alone may not be (y < 2^-42) */
vact_dd vact_precise_sigmoid_bwd(double dy, double y, const float *p)
{
    (void)p;
    const double a = dy * y;
    return two_sum(a, -(a * y));
}
vact_dd vact_precise_tanh_fwd(double x, const float *p) { (void)p; return dd(tanh(x)); }
vact_dd vact_precise_tanh_bwd(double dy, double y, const float *p)
{
    (void)p;
    /* dy - dy*y^2, exact in two parts */
    return two_sum(dy, -(dy * (y * y)));
}
/* alpha*(e^x - 1) = -alpha + alpha*e^x: below -1 as that sum, whose tail
 * (kept even where it underflows) decides when alpha is a midpoint */
static vact_dd neg_tail(double a, double x)
{
    if (!(x < -1) || a == 0)
        return dd(a * expm1(x));
    return two_sum(-a, copysign(fmax(fabs(a * exp(x)), 0x1p-1074), a));
}
vact_dd vact_precise_elu_fwd(double x, const float *p) { return x > 0 ? dd(x) : neg_tail(p[0], x); }
vact_dd vact_precise_elu_bwd(double dy, double x, const float *p)
{
    return dd(x > 0 ? dy : dy * (p[0] * exp(x)));
}
vact_dd vact_precise_selu_fwd(double x, const float *p)
{
    (void)p;
    return dd(x > 0 ? SELU_SCALE * x : SELU_SCALE * (SELU_ALPHA * expm1(x)));
}
vact_dd vact_precise_selu_bwd(double dy, double x, const float *p)
{
    (void)p;
    return dd(x > 0 ? dy * SELU_SCALE : dy * (SELU_SCALE * SELU_ALPHA * exp(x)));
}
vact_dd vact_precise_celu_fwd(double x, const float *p)
{
    return x > 0 ? dd(x) : neg_tail(p[0], x / p[0]);
}
vact_dd vact_precise_celu_bwd(double dy, double x, const float *p)
{
    return dd(x > 0 ? dy : dy * exp(x / p[0]));
}
/* x*sig(x) = x/2 + x*tanh(x/2)/2: near 0 the tail beyond x/2 is kept; above
 * 1, x - x*sig(-x), whose tail decides where x times a gate (swiglu's b)
 * is a midpoint */
static vact_dd silu_t(double x, double t)
{
    if (fabs(t) < 1)
        return half_plus(x, tanh(0.5 * t));
    if (t >= 1)
        return plus_tail(x, -(x * sig(-t)));
    return dd(x * sig(t));
}
vact_dd vact_precise_silu_fwd(double x, const float *p)
{
    (void)p;
    return silu_t(x, x);
}
vact_dd vact_precise_silu_bwd(double dy, double x, const float *p)
{
    (void)p;
    return dy_dsilu(dy, x);
}
/* beta*x is exact */
vact_dd vact_precise_swish_fwd(double x, const float *p)
{
    return silu_t(x, p[0] * x);
}
vact_dd vact_precise_swish_bwd(double dy, double x, const float *p)
{
    return p[0] == 0 ? dd(0.5 * dy) : dy_dsilu(dy, p[0] * x);
}
/* x where beta*x > threshold, log(1 + e^(beta x))/beta elsewhere */
vact_dd vact_precise_softplus_fwd(double x, const float *p)
{
    const double t = p[0] * x;
    return dd(t > p[1] ? x : splus(t) / p[0]);
}
vact_dd vact_precise_softplus_bwd(double dy, double x, const float *p)
{
    const double t = p[0] * x;
    return dd(t > p[1] ? dy : dy * sig(t));
}
vact_dd vact_precise_logsigmoid_fwd(double x, const float *p) { (void)p; return dd(-splus(-x)); }
vact_dd vact_precise_logsigmoid_bwd(double dy, double x, const float *p)
{
    (void)p;
    return dd(dy * sig(-x));
}
/* mish = x*tanh(softplus(x)) = x*n/(n + 2), n = e^x(e^x + 2); above 40 the
 * factor is 1 to double precision (its distance to 1 is ~2e^-2x) */
vact_dd vact_precise_mish_fwd(double x, const float *p)
{
    (void)p;
    if (x > 40)
        return dd(x);
    const double e = exp(x), n = e * (e + 2);
    return dd(x * (n / (n + 2)));
}
vact_dd vact_precise_mish_bwd(double dy, double x, const float *p)
{
    (void)p;
    if (x > 40)
        return dd(dy);
    const double e = exp(x), n = e * (e + 2), n2 = n + 2;
    return dd(dy * (n / n2 + (4 * x) * (e * (1 + e)) / (n2 * n2)));
}
/* x - tanh x cancels for small x: its series there */
static double tanhshrink(double x)
{
    if (fabs(x) < 0.25) {
        static const double c[] = {1.0 / 3, -2.0 / 15, 17.0 / 315, -62.0 / 2835,
                                   1382.0 / 155925, -21844.0 / 6081075,
                                   929569.0 / 638512875, -6404582.0 / 10854718875.0,
                                   443861162.0 / 1856156927625.0};
        const double z = x * x;
        double s = 0;
        for (int k = 8; k >= 0; k--)
            s = s * z + c[k];
        return x * z * s;
    }
    return x - tanh(x);
}
/* for |x| >= 1: x - sign(x) (exact), plus sign(x)*(1 - tanh|x|) =
 * 2 sig(-2|x|): where x - sign(x) is a midpoint (|x| > 256 in bf16, 2048
 * in f16) that tail, beyond double, decides */
vact_dd vact_precise_tanhshrink_fwd(double x, const float *p)
{
    (void)p;
    if (!(fabs(x) >= 1))
        return dd(tanhshrink(x));
    /* the tail underflows double beyond |x| ~ 372, but only its sign counts */
    const double sgn = copysign(1.0, x);
    return two_sum(x - sgn, sgn * fmax(2 * sig(-2 * fabs(x)), 0x1p-1074));
}
/* dy*tanh(x)^2; for small x, tanh x = x - s: dy*x^2 (exact) + dy*(s^2 - 2xs) */
vact_dd vact_precise_tanhshrink_bwd(double dy, double x, const float *p)
{
    (void)p;
    if (fabs(x) < 0.25) {
        const double s = tanhshrink(x);
        return two_sum(dy * (x * x), dy * (s * s - 2 * x * s));
    }
    const double t = tanh(x);
    return dd(dy * (t * t));
}

/* ---- gelu ------------------------------------------------------------------------- */
/* Phi(x) = erfc(-x/sqrt2)/2, full relative precision in the negative tail */
static double Phi(double x) { return 0.5 * erfc(-x * SQRT1_2); }
/* near 0: x/2 + x*erf(x/sqrt2)/2; above 1: x - x*Phi(-x) (see silu_t) */
vact_dd vact_precise_gelu_fwd(double x, const float *p)
{
    (void)p;
    if (fabs(x) < 1)
        return half_plus(x, erf(x * SQRT1_2));
    return x >= 1 ? plus_tail(x, -(x * Phi(-x))) : dd(x * Phi(x));
}
/* gelu' = Phi(x) + x phi(x); from 2 on, 1 + (x phi(x) - Phi(-x)), above 1 */
vact_dd vact_precise_gelu_bwd(double dy, double x, const float *p)
{
    (void)p;
    const double xphi = x * (exp(-0.5 * (x * x)) * INV_SQRT2PI);
    if (x >= 2)
        return plus_tail(dy, dy * (xphi - Phi(-x)));
    return dd(dy * (Phi(x) + xphi));
}
/* 0.5x(1 + tanh z) = x*sig(2z), z = sqrt(2/pi)(x + c x^3) */
static double gt_z(double x) { return SQRT_2_PI * (x + GELU_C * (x * x * x)); }
vact_dd vact_precise_gelu_tanh_fwd(double x, const float *p)
{
    (void)p;
    const double z = gt_z(x);
    if (fabs(x) < 1)
        return half_plus(x, tanh(z));
    return x >= 1 ? plus_tail(x, -(x * sig(-2 * z))) : dd(x * sig(2 * z));
}
vact_dd vact_precise_gelu_tanh_bwd(double dy, double x, const float *p)
{
    (void)p;
    /* (1 - s)(1 + k s), s = sig(-2z), k = 2x z': from 2 on 1 + s(k - 1 - k s) */
    const double z = gt_z(x), zp = SQRT_2_PI * (1 + 3 * GELU_C * (x * x));
    const double s = sig(-2 * z), k = 2 * x * zp;
    if (x >= 2)
        return plus_tail(dy, dy * (s * (k - 1 - k * s)));
    return dd(dy * (sig(2 * z) * (1 + k * s)));
}

/* ---- gated units --------------------------------------------------------------------
 * act(a)*b from act's own evaluation: (hi + lo)*b with the product's
 * rounding error kept (an fma gives it exactly). */
static vact_dd mul_dd(vact_dd v, double b)
{
    const double h = v.hi * b, t = v.lo * b;
    /* a tail that underflows in the product keeps its sign */
    const double lo = t != 0 || v.lo == 0 ? t : copysign(0x1p-1074, v.lo) * copysign(1.0, b);
    return (vact_dd){h, fma(v.hi, b, -h) + lo};
}
/* m*act'(a), from a: an act whose backward takes x calls it; one that takes
 * its forward output y (of the gated acts, sigmoid) has its derivative from
 * a here, as from y the factor 1 - y is 0 once y rounds to 1 in double
 * (beyond a = 37), where m*act'(a) is still far from 0 */
static const float no_params[2] = {0.0f, 0.0f};
static inline vact_dd dact_sigmoid(double m, double a)
{
    const double e = exp(-fabs(a)), d = 1 + e;
    return dd(m * (e / (d * d)));
}
#define DACT_X(name) static inline vact_dd dact_##name(double m, double a) \
    { return vact_precise_##name##_bwd(m, a, no_params); }
#define DACT_Y(name)
#define VACT_UNARY(name, np, pn, saved, ...) DACT_##saved(name)
#include "vact_ops.def"
#undef VACT_UNARY
/* dy*b is exact in double for inputs of the storage types */
#define VACT_GATED(name, act, ...)                                                 \
    vact_dd vact_precise_##name##_fwd(double a, double b, const float *p)          \
    {                                                                              \
        return mul_dd(vact_precise_##act##_fwd(a, p), b);                          \
    }                                                                              \
    vact_dd vact_precise_##name##_bwd_a(double dy, double a, double b)             \
    {                                                                              \
        return dact_##act(dy * b, a);                                              \
    }                                                                              \
    vact_dd vact_precise_##name##_bwd_b(double dy, double a, const float *p)       \
    {                                                                              \
        return mul_dd(vact_precise_##act##_fwd(a, p), dy);                         \
    }
#include "vact_ops.def"
#undef VACT_GATED

/* ---- rrelu: x*slope and dy*slope are exact in double ---------------------------------- */
vact_dd vact_precise_rrelu_fwd(double x, double slope, const float *p)
{
    (void)p;
    return dd(x >= 0 ? x : x * slope);
}
vact_dd vact_precise_rrelu_bwd(double dy, double x, double slope)
{
    return dd(x > 0 ? dy : x != x ? x : dy * slope);
}

/* ---- the softmax family: one row ---------------------------------------------------
 * Forward: z = scale*x + mask as zh + zl (the product is exact in double:
 * 11 and 24 bits; the mask's addition two-summed), m the largest zh and mlo
 * the zl of the first lane that has it, d = z - (m + mlo) with zh - m
 * two-summed, S1 = sum of e^d over the other lanes + the max lanes' e^d - 1
 * (compensated): softmax e^d/(1 + S1), log_softmax d - log1p(S1), as the f32
 * kernels form them.  Backward: s = sum dy*y (products exact in double) or
 * sum dy, compensated, as hi + lo; dx = scale*y*(dy - s) or scale*(dy -
 * e^y*s).  The rows the f32 kernel gives NaN (a NaN or +inf z; plain
 * softmax's all -inf row) or its dead values (ext, no entry left) are
 * marked, for the driver's fallback that takes every lane from here. */
static double row_in(const float *f, const uint16_t *h, int h16, size_t i)
{
    if (f)
        return f[i];
    return h16 == 2 ? vact_f32_of_f16(h[i]) : vact_bits_f32((uint32_t)h[i] << 16);
}
static vact_dd row_z(const vact_row *r, size_t i)
{
    const double p = (double)r->scale * row_in(r->a, r->ha, r->h16, i);
    if (!r->mask)
        return dd(p);
    const vact_dd z = two_sum(p, r->mask[i]);
    return isfinite(z.hi) ? z : dd(z.hi);
}
/* z - (m + mlo) */
static double row_d(const vact_row *r, vact_dd z)
{
    if (z.hi == -INFINITY)
        return -INFINITY;
    const vact_dd t = two_sum(z.hi, -r->m);
    return t.hi + (t.lo + (z.lo - r->mlo));
}
void vact_precise_row_init(vact_row *r)
{
    double s = 0, c = 0;
    r->ready = 1;
    r->nan = r->dead = 0;
    if (r->bwd) {
        for (size_t i = 0; i < r->n; i++) {
            const double dy = row_in(r->a, r->ha, r->h16, i), y = row_in(r->b, r->hb, r->h16, i);
            if (!r->logsm)
                vact_neumaier(&s, &c, dy * y);
            else if (!r->ext || y > -INFINITY)
                vact_neumaier(&s, &c, dy);
        }
        const vact_dd t = two_sum(s, c);
        r->s = t.hi;
        r->slo = t.lo;
        return;
    }
    double m = -INFINITY, mlo = 0;
    for (size_t i = 0; i < r->n; i++) {
        const vact_dd z = row_z(r, i);
        if (z.hi != z.hi || z.hi == INFINITY)
            r->nan = 1;
        else if (z.hi > m) {
            m = z.hi;
            mlo = z.lo;
        }
    }
    if (m == -INFINITY && !r->nan) {
        r->nan = !r->ext;
        r->dead = r->ext;
    }
    r->m = m;
    r->mlo = mlo;
    if (r->nan || r->dead)
        return;
    double cnt = -1;
    for (size_t i = 0; i < r->n; i++) {
        const vact_dd z = row_z(r, i);
        const double d = row_d(r, z);
        if (z.hi == m) {
            vact_neumaier(&s, &c, expm1(d));
            cnt += 1;
        } else
            vact_neumaier(&s, &c, exp(d));
    }
    vact_neumaier(&s, &c, cnt);
    r->s = s + c;
}
vact_dd vact_precise_row(const vact_row *r, size_t i)
{
    if (r->bwd) {
        const double dy = row_in(r->a, r->ha, r->h16, i), y = row_in(r->b, r->hb, r->h16, i);
        vact_dd t;
        if (!r->logsm) {
            if (r->ext && y == 0)
                return dd(0.0);
            t = two_sum(dy, -r->s);
            t.lo -= r->slo;
            t = mul_dd(t, y);
        } else {
            if (r->ext && y == -INFINITY)
                return dd(0.0);
            const double e = exp(y), p = e * r->s;
            t = two_sum(dy, -p);
            t.lo -= fma(e, r->s, -p) + e * r->slo;
        }
        return mul_dd(two_sum(t.hi, t.lo), r->scale);
    }
    if (r->nan)
        return dd(NAN);
    if (r->dead)
        return dd(r->logsm ? -INFINITY : 0.0);
    const double d = row_d(r, row_z(r, i));
    if (r->logsm)
        return dd(d - log1p(r->s));
    return dd(exp(d) / (1 + r->s));
}
