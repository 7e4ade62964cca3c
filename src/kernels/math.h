/*
 * Each activation's math, once, per vector, written only with the primitive
 * layer of the ISA that includes it (src/<isa>/simd_<isa>.h).  The scalar
 * path runs the very same code on one-lane vectors, so every path computes
 * the same formula and holds the same bounds.
 *
 * op_<name>_f(x, p0, p1)      forward;  p0, p1 are the broadcast parameters
 * op_<name>_b(dy, s, p0, p1)  backward; s is x, or y for sigmoid and tanh
 *
 * Numerics, shared by several ops:
 *  - Products that feed exp are carried as two floats (hi + lo, the lo part
 *    from an FMA), and exp(hi + lo) = exp(hi)*(1 + lo): a rounded argument of
 *    size 80 would otherwise cost 40 ULP.
 *  - "Deep" lanes, where e^-|w| falls below 2^-115 (|w| > 80), compute
 *    e^(-|w| + 64 ln2) instead, carry that scaled value through the formula
 *    (every such formula is linear in e there) and multiply by 2^-64 last, so
 *    a subnormal result is rounded once instead of being x * (a subnormal
 *    already rounded).  The scaled argument is exact: 64 ln2 is split as
 *    K_HI (a multiple of 2^-16) + K_LO.
 */
#ifndef VACT_KERNELS_MATH_H
#define VACT_KERNELS_MATH_H

#include "expf_core.h"
#ifdef VACT_FAST
#include "fast.h"
#endif

#define C(k) v_set(k)

/* The rare branch of a kernel (deep lanes, overflow): kept out of line so
 * the common path inlines into the array loop with nothing around it. */
#define K_COLD __attribute__((noinline, cold))

/* e^x for x in [-87, 0] or NaN, where the result is normal: the FAST tier
 * (fast.h) drops its range check there; HIGH calls SLEEF as for v_exp */
#ifndef v_exp_normal
#define v_exp_normal v_exp
#endif

#define K64_HI 0x1.62e43p+5f      /* 64 ln 2, high part (multiple of 2^-16) */
#define K64_LO -0x1.05c61p-23f
#define KG_HI 0x1.5b8a3p+5f       /* 64 ln 2 - ln sqrt(2 pi), high part */
#define KG_LO 0x1.bec538p-18f
#define DEEP 80.0f                /* |w| beyond which e^-|w| is scaled */

/* x*s, except that s == 0 gives a signed zero even for infinite x (the
 * limits silu(-inf) = mish(-inf) = -0); NaN x still gives NaN. */
static inline V k_mul0(V x, V s)
{
    M inf0 = m_and(v_eq(s, C(0.0f)), v_eq(v_abs(x), C(INFINITY)));
    return v_mul(v_sel(inf0, v_copysign(C(1.0f), x), x), s);
}

/* The low part lo of a two-float hi + lo, or 0 where hi is not finite (there
 * the FMA that made lo gave NaN). */
static inline V k_lo_finite(V hi, V lo)
{
    return v_sel(v_lt(v_abs(hi), C(INFINITY)), lo, C(0.0f));
}

/* Two-float product: p + *lo == a*b exactly (lo = 0 where p is not finite). */
static inline V k_mul2(V a, V b, V *lo)
{
    V p = v_mul(a, b);
    *lo = k_lo_finite(p, v_fma(a, b, v_neg(p)));
    return p;
}
/* k_mul2 without the guard: for operands whose product is known finite, and
 * for k_expneg_abs, which clears lo itself on the lanes that can overflow */
static inline V k_mul2f(V a, V b, V *lo)
{
    V p = v_mul(a, b);
    *lo = v_fma(a, b, v_neg(p));
    return p;
}

/* e^(a + lo), scaled by 2^64 on deep lanes (a exact, deep where a < -80). */
static inline V k_exp_deep(V a, V lo, M deep)
{
    V e = v_exp(v_add(a, v_sel(deep, C(K64_HI), C(0.0f))));
    return v_fma(e, v_add(lo, v_sel(deep, C(K64_LO), C(0.0f))), e);
}

/* e^-|w| for w = w_hi + w_lo, and the pieces of sigmoid(w) = num/den:
 *  e      e^-|w|, scaled by 2^64 on deep lanes;  eu  the same, unscaled
 *  num    1 for w >= 0, e otherwise;  den  1 + eu
 *  scale  2^-64 on deep lanes with w < 0 (where num is scaled), else 1:
 *         the caller multiplies its final result by it. */
typedef struct { V e, eu, num, den, scale; } k_expneg;
static inline k_expneg k_expneg_near(V w, V w_lo);
static inline int k_any_deep(V w);
static inline k_expneg k_expneg_abs(V w, V w_lo)
{
    if (!k_any_deep(w))
        return k_expneg_near(w, w_lo); /* the same bits on lanes that are not deep */
    k_expneg r;
    V a = v_neg(v_abs(w));
    M pos = v_ge(w, C(0.0f));
    M deep = v_lt(a, C(-DEEP));
    /* w from an unguarded two-float product (k_mul2f): its lo is NaN where
     * the product overflowed, and only deep lanes can have overflowed */
    w_lo = k_lo_finite(w, w_lo);
    /* -|w_hi + w_lo| = a - sign(w)*w_lo */
    r.e = k_exp_deep(a, v_sel(pos, v_neg(w_lo), w_lo), deep);
    r.eu = v_mul(r.e, v_sel(deep, C(0x1p-64f), C(1.0f)));
    r.num = v_sel(pos, C(1.0f), r.e);
    r.den = v_add(C(1.0f), r.eu);
    r.scale = v_sel(m_and(deep, m_not(pos)), C(0x1p-64f), C(1.0f));
    return r;
}

/* a lane with |w| > 80 */
static inline int k_any_deep(V w) { return m_any(v_gt(v_abs(w), C(DEEP))); }
/* one-sided: a lane below -80 (the forms that only fail for very negative x) */
static inline int k_any_deep_below(V x) { return m_any(v_lt(x, C(-DEEP))); }
/* k_expneg_abs for vectors with no deep lane (|w| <= 80, NaN allowed): no
 * scaling, and no infinite w, so callers need no k_mul0 either.  The
 * common case of real data, worth its own short path. */
static inline k_expneg k_expneg_near(V w, V w_lo)
{
    k_expneg r;
    M pos = v_ge(w, C(0.0f));
    V e = v_exp_normal(v_neg(v_abs(w)));
    r.e = r.eu = v_fma(e, v_sel(pos, v_neg(w_lo), w_lo), e);
    r.num = v_sel(pos, C(1.0f), r.e);
    r.den = v_add(C(1.0f), r.e);
    r.scale = C(1.0f);
    return r;
}

/* e^x is subnormal below -87: scaled, so dy*alpha*e^x rounds once */
static inline V k_exp_x(V x, V *scale)
{
    M deep = v_lt(x, C(-DEEP));
    *scale = v_sel(deep, C(0x1p-64f), C(1.0f));
    return k_exp_deep(x, C(0.0f), deep);
}

/* ---- piecewise-linear ---------------------------------------------------- */
static inline V op_relu_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_sel(v_le(x, C(0.0f)), C(0.0f), x);
}
/* The backward ops of the piecewise-linear family multiply dy by a slope,
 * and by x itself where x is NaN.  k_zero_nan(x) is a slope of 0 that keeps
 * x's NaN: min(0, |x|), one compare-and-blend fewer than testing for NaN. */
static inline V k_zero_nan(V x) { return v_min(C(0.0f), v_abs(x)); }
/* The slope of relu (a = 0), leaky_relu and prelu: 1 where x > 0, a where
 * x <= 0, x where x is NaN.  An ISA may do it in one instruction (AVX-512's
 * vfixupimmps); its own v_slope must give the same bits. */
#ifndef v_slope
static inline V v_slope(V x, V a)
{
    return v_sel(v_gt(x, C(0.0f)), C(1.0f), v_sel(v_le(x, C(0.0f)), a, x));
}
#endif
static inline V op_relu_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_slope(x, C(0.0f)));
}

static inline V op_leaky_relu_f(V x, V alpha, V p1)
{
    (void)p1;
    return v_sel(v_ge(x, C(0.0f)), x, v_mul(x, alpha));
}
static inline V op_leaky_relu_b(V dy, V x, V alpha, V p1)
{
    (void)p1;
    return v_mul(dy, v_slope(x, alpha));
}

static inline V op_hardtanh_f(V x, V lo, V hi)
{
    return v_sel(v_lt(x, lo), lo, v_sel(v_gt(x, hi), hi, x));
}
/* slope 1 strictly inside (lo, hi), where min(x - lo, hi - x) > 0: the sign
 * of a float difference is exact (it is 0 only for equal operands); 0 at
 * and beyond the ends, NaN for NaN x */
static inline V op_hardtanh_b(V dy, V x, V lo, V hi)
{
    return v_mul(dy, v_slope(v_min(v_sub(x, lo), v_sub(hi, x)), C(0.0f)));
}

/* hardsigmoid = clamp((x + 3)/6, 0, 1): x + 3 is exact near -3 where the
 * result is small.  A multiply by 1/6 (1 ULP) instead of a division keeps
 * these memory-bound ops at memcpy speed. */
#define SIXTH 0x1.555556p-3f
static inline V op_hardsigmoid_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V v = v_mul(v_add(x, C(3.0f)), C(SIXTH));
    return v_min(C(1.0f), v_max(C(0.0f), v)); /* NaN v stays NaN */
}
/* the slope is 1/6 inside (-3, 3), 0 outside */
static inline V op_hardsigmoid_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_sel(v_lt(v_abs(x), C(3.0f)), C(SIXTH), k_zero_nan(x)));
}

/* hardswish = x*min(x + 3, 6)/6 for x > -3, -0 below, in five operations:
 * x is first raised to -3 (so -inf gives -3*0, not NaN); min(x + 3, 6)/6
 * rounds to exactly 1 at 6, so x >= 3 gives x itself. */
static inline V op_hardswish_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xc = v_max(C(-3.0f), x); /* NaN stays NaN */
    return v_mul(xc, v_mul(v_min(C(6.0f), v_add(xc, C(3.0f))), C(SIXTH)));
}
/* PyTorch's convention: 0 below -3, (2x + 3)/6 on [-3, 3], 1 above.  2x + 3
 * is exact near the root x = -1.5, so the factor keeps its precision there. */
static inline V op_hardswish_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V g = v_mul(v_fma(C(2.0f), x, C(3.0f)), C(SIXTH));
    g = v_sel(v_lt(x, C(-3.0f)), C(0.0f), v_sel(v_gt(x, C(3.0f)), C(1.0f), g));
    return v_mul(dy, g);
}

/* softsign: x/(1 + |x|); (dy/d)/d cannot overflow where d*d would (dy*r*r
 * with r = 1/d saves a division but rounds once more: 3.7 ULP measured). */
static inline V op_softsign_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V y = v_div(x, v_add(C(1.0f), v_abs(x)));
    return v_sel(v_eq(v_abs(x), C(INFINITY)), v_copysign(C(1.0f), x), y);
}
static inline V op_softsign_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V d = v_add(C(1.0f), v_abs(x));
    return v_div(v_div(dy, d), d);
}

/* ---- sigmoid family ------------------------------------------------------ */
/* sigmoid = 1/(1 + e^-x) as it stands while e^-x is finite (x >= -80; a
 * subnormal result is then one rounding of the division).  Below, e^x/(1 + e^x)
 * with e^-|x| for every lane is equally accurate and never overflows; the
 * lanes above -80 keep the plain form there too, so no result depends on its
 * neighbours. */
static inline V k_sigmoid_plain(V x) { return v_div(C(1.0f), v_add(C(1.0f), v_exp(v_neg(x)))); }
static K_COLD V k_sigmoid_deep(V x)
{
    V e = v_exp(v_neg(v_abs(x)));
    return v_sel(v_lt(x, C(-DEEP)), v_div(e, v_add(C(1.0f), e)), k_sigmoid_plain(x));
}
static inline V op_sigmoid_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_any_deep_below(x) ? k_sigmoid_deep(x) : k_sigmoid_plain(x);
}
/* from y: y - y*y in one fma, rounded once, so two operations per vector
 * keep the backward at the speed of its three memory streams */
static inline V op_sigmoid_b(V dy, V y, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_fma(v_neg(y), y, y));
}

static inline V op_tanh_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_tanh(x);
}
/* from y: 1 - y*y in one fma (y*y exact inside it), so no cancellation
 * near |y| = 1 and two operations per vector */
static inline V op_tanh_b(V dy, V y, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_fma(v_neg(y), y, C(1.0f)));
}

/* swish(x) = x*sigmoid(w), w = beta*x carried as two floats.  silu is beta = 1
 * (w = x exactly). */
/* x/(1 + e^-w) as it stands where w >= -80 (e^-w below 2^116): no select,
 * and for w < 0 one rounding fewer than x*e/(1 + e).  Deep lanes (w < -80,
 * where x*sigmoid(w) is subnormal) take the scaled form; the others give the
 * same bits on both branches, so no result depends on its neighbours. */
static inline V k_swish_plain(V x, V w, V w_lo)
{
    V e = v_exp(v_neg(w));
    return v_div(x, v_add(C(1.0f), v_fma(e, v_neg(w_lo), e)));
}
static K_COLD V k_swish_deep(V x, V w, V w_lo)
{
    k_expneg e = k_expneg_abs(w, w_lo);
    V yd = v_mul(v_div(k_mul0(x, e.num), e.den), e.scale);
    /* w_lo is NaN where beta*x overflowed (k_mul2f): there e^-w is 0 or inf */
    return v_sel(v_lt(w, C(-DEEP)), yd, k_swish_plain(x, w, k_lo_finite(w, w_lo)));
}
static inline V k_swish_f(V x, V w, V w_lo)
{
    return k_any_deep(w) ? k_swish_deep(x, w, w_lo) : k_swish_plain(x, w, w_lo);
}
/* d/dx = s*(1 + w*(1 - s)), s = sigmoid(w); 1 - s = (1 + e - num)/(1 + e)
 * has no cancellation on either side. */
static inline V k_swish_b(V dy, V w, V w_lo)
{
    if (!k_any_deep(w)) {
        k_expneg e = k_expneg_near(w, w_lo);
        V s = v_div(e.num, e.den);
        V sc = v_div(v_sel(v_ge(w, C(0.0f)), e.e, C(1.0f)), e.den);
        return v_mul(dy, v_mul(v_add(v_mul(w, sc), C(1.0f)), s)); /* as below, bit for bit */
    }
    k_expneg e = k_expneg_abs(w, w_lo);
    V s = v_div(e.num, e.den);                                   /* scaled */
    V sc = v_div(v_sel(v_ge(w, C(0.0f)), e.eu, C(1.0f)), e.den);  /* 1 - s */
    V g = k_mul0(v_add(k_mul0(w, sc), C(1.0f)), s);
    return v_mul(v_mul(dy, g), e.scale);
}
/* silu is swish with w = x exact: no low part to fold into e^-w, and only
 * w < -80 needs the deep form (for large w, e^-w underflowing to 0 still
 * leaves x/(1 + 0) right).  xm = x*m: the gated units fold m in before the
 * last rounding, as silu(a)*b would round a subnormal silu(a) first. */
static inline V k_silu_f(V xm, V x)
{
    if (k_any_deep_below(x))
        return k_swish_deep(xm, x, C(0.0f));
    return v_div(xm, v_add(C(1.0f), v_exp(v_neg(x))));
}
static inline V k_silu_mul(V x, V m)
{
    return k_silu_f(v_mul(x, m), x);
}
/* swiglu's backward: da = dy*b*silu'(a), db = dy*silu(a).  Where every lane
 * has |a| <= 80 (or NaN) both come from one e = e^-a: db in k_silu_mul's own
 * form (the same bits), silu' = (1 + a e/(1 + e))/(1 + e), where neither
 * term cancels; other vectors take the two separate forms. */
static inline void k_silu_gated_b(V dy, V a, V b, V *da, V *db)
{
    if (k_any_deep(a)) {
        *da = k_swish_b(v_mul(dy, b), a, C(0.0f));
        *db = k_silu_mul(a, dy);
        return;
    }
    V e = v_exp(v_neg(a));
    V den = v_add(C(1.0f), e);
    *db = v_div(v_mul(a, dy), den);
    *da = v_mul(v_mul(dy, b), v_div(v_fma(a, v_div(e, den), C(1.0f)), den));
}
static inline V op_silu_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_silu_f(x, x);
}
static inline V op_silu_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_swish_b(dy, x, C(0.0f));
}
static inline V op_swish_f(V x, V beta, V p1)
{
    (void)p1;
    V lo, w = k_mul2f(beta, x, &lo);
    return k_swish_f(x, w, lo);
}
static inline V op_swish_b(V dy, V x, V beta, V p1)
{
    (void)p1;
    V lo, w = k_mul2f(beta, x, &lo);
    return k_swish_b(dy, w, lo);
}

/* softplus = (max(t, 0) + log1p(e^-|t|))/beta, t = beta*x; x where t > threshold.
 * On deep lanes log1p(e) == e to float precision, taken scaled. */
static K_COLD V k_softplus_deep(V x, V beta, V thr, V t, V lo)
{
    /* lo is NaN where t overflowed: t > thr picks x there, and deep lanes clear it */
    k_expneg e = k_expneg_abs(t, lo);
    M pos = v_ge(t, C(0.0f)); /* the compare k_expneg_abs makes (t = 0 gives ln2 either way) */
    V l = v_sel(v_lt(e.scale, C(1.0f)), e.e, v_log1p(e.eu));
    V y = v_mul(v_div(v_sel(pos, v_add(t, v_add(l, lo)), l), beta), e.scale);
    return v_sel(v_gt(t, thr), x, y);
}
/* no deep lane (|t| <= 80): the same bits without the scaling */
static inline V op_softplus_f(V x, V beta, V thr)
{
    V lo, t = k_mul2f(beta, x, &lo);
    if (k_any_deep(t))
        return k_softplus_deep(x, beta, thr, t, lo);
    V l = v_log1p(k_expneg_near(t, lo).e);
    V y = v_div(v_sel(v_ge(t, C(0.0f)), v_add(t, v_add(l, lo)), l), beta);
    return v_sel(v_gt(t, thr), x, y);
}
static K_COLD V k_softplus_b_deep(V dy, V t, V lo, V thr)
{
    k_expneg e = k_expneg_abs(t, lo);
    V dx = v_mul(v_mul(dy, v_div(e.num, e.den)), e.scale);
    return v_sel(v_gt(t, thr), dy, dx);
}
static inline V op_softplus_b(V dy, V x, V beta, V thr)
{
    V lo, t = k_mul2f(beta, x, &lo);
    if (k_any_deep(t))
        return k_softplus_b_deep(dy, t, lo, thr);
    k_expneg e = k_expneg_near(t, lo);
    return v_sel(v_gt(t, thr), dy, v_mul(dy, v_div(e.num, e.den)));
}

/* logsigmoid = min(x, 0) - log1p(e^-|x|): both terms have the same sign. */
static inline V op_logsigmoid_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V e = v_exp(v_neg(v_abs(x)));
    V m = v_sel(v_lt(x, C(0.0f)), x, C(0.0f));
    return v_sub(m, v_log1p(e));
}
/* dy*sigmoid(-x) */
static K_COLD V k_logsigmoid_b_deep(V dy, V nx)
{
    k_expneg e = k_expneg_abs(nx, C(0.0f));
    return v_mul(v_mul(dy, v_div(e.num, e.den)), e.scale);
}
static inline V op_logsigmoid_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V nx = v_neg(x);
    if (k_any_deep(nx))
        return k_logsigmoid_b_deep(dy, nx);
    k_expneg e = k_expneg_near(nx, C(0.0f));
    return v_mul(dy, v_div(e.num, e.den));
}

/* mish = x*n/(n + 2), n = e(e + 2), e = e^x: tanh(log1p(e)) without tanh or
 * log; x itself above 20, where n/(n + 2) rounds to 1 (and before e^2
 * overflows). */
static inline V k_mish_e(V x, V *scale)
{
    return k_exp_x(v_min(C(20.0f), x), scale); /* NaN stays NaN */
}
/* the lanes below -80 of y, scaled (only those lanes change) */
static K_COLD V k_mish_f_deep(V x, V y)
{
    V sc, ex = k_mish_e(x, &sc);
    V n = v_mul(ex, v_fma(ex, sc, C(2.0f)));                /* scaled */
    V yd = v_mul(v_div(k_mul0(x, n), v_fma(n, sc, C(2.0f))), sc);
    return v_sel(v_lt(x, C(-DEEP)), yd, y);
}
/* mish = x*a/(1 + a) with a = n/2 = e + e^2/2 (T = n/(n + 2)): e = e^x in
 * two floats from the inline expf core (a one-float e^x, even correctly
 * rounded, leaves 4.6 ULP after the formula's roundings), x*a as an exact
 * product, and the quotient corrected by its remainder, so the result rounds
 * about once after e.  Deep lanes (x < -80) take the scaled form above. */
static inline V op_mish_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xm = v_min(C(20.0f), v_max(C(-DEEP), x)); /* NaN stays NaN */
    V q, s = k_exp_reduce(xm, &q);
    V t = k_expm1_reduced(s);
    V u = v_add(C(1.0f), t);
    V ul = v_add(v_sub(C(1.0f), u), t);                     /* u + ul == 1 + t */
    V eh = v_ldexp(u, q), el = v_ldexp(ul, q);              /* e^x = eh + el */
    V ah = v_fma(v_mul(C(0.5f), eh), eh, eh);
    V al = v_fma(eh, el, el);                               /* (1 + eh) el */
    V d = v_add(C(1.0f), ah);
    V pe, pr = k_mul2f(xm, ah, &pe);                       /* |xm*ah| < 2^63 */
    pe = v_fma(xm, al, pe);
    V qt = v_div(pr, d);
    V y = v_add(qt, v_div(v_add(v_fma(v_neg(qt), d, pr), pe), d));
    if (k_any_deep_below(x))
        y = k_mish_f_deep(x, y);
    return v_sel(v_gt(x, C(20.0f)), x, y);
}
/* d/dx = T + x*sigmoid(x)*(1 - T^2), T = n/(n + 2), 1 - T^2 = 4(n + 1)/(n + 2)^2 */
static K_COLD V k_mish_b_deep(V dy, V x)
{
    V sc, ex = k_mish_e(x, &sc);
    V n = v_mul(ex, v_fma(ex, sc, C(2.0f)));                /* scaled */
    V nt = v_mul(n, sc);
    V d = v_add(nt, C(2.0f));
    V t = v_div(n, d);                                      /* scaled */
    V s = v_div(ex, v_fma(ex, sc, C(1.0f)));                /* scaled */
    V q = v_div(v_mul(C(4.0f), v_add(nt, C(1.0f))), v_mul(d, d));
    V g = v_fma(k_mul0(x, s), q, t);
    V dx = v_mul(v_mul(dy, g), sc);
    return v_sel(v_gt(x, C(20.0f)), dy, dx);
}
/* no lane below -80: the same bits without the scaling (x is finite, +inf
 * or NaN there, so x*s needs no k_mul0) */
static inline V op_mish_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    if (k_any_deep_below(x))
        return k_mish_b_deep(dy, x);
    V ex = v_exp(v_min(C(20.0f), x)); /* NaN stays NaN */
    V n = v_mul(ex, v_add(ex, C(2.0f)));
    V d = v_add(n, C(2.0f));
    V t = v_div(n, d);
    V s = v_div(ex, v_add(ex, C(1.0f)));
    V q = v_div(v_mul(C(4.0f), v_add(n, C(1.0f))), v_mul(d, d));
    V g = v_fma(v_mul(x, s), q, t);
    return v_sel(v_gt(x, C(20.0f)), dy, v_mul(dy, g));
}

/* ---- elu / selu ---------------------------------------------------------- */
static inline V op_elu_f(V x, V alpha, V p1)
{
    (void)p1;
    return v_sel(v_gt(x, C(0.0f)), x, v_mul(alpha, v_expm1(x)));
}
/* the backward of elu and selu: dy*s for x > 0, dy*a*e^x below, e^x scaled
 * on vectors with a lane below -80 (the branch out of line) */
static K_COLD V k_elu_b_deep(V dy, V x, V s, V a)
{
    V sc, e = k_exp_x(x, &sc);
    return v_sel(v_gt(x, C(0.0f)), v_mul(dy, s), v_mul(v_mul(dy, v_mul(a, e)), sc));
}
static inline V k_elu_b(V dy, V x, V s, V a)
{
    if (k_any_deep_below(x))
        return k_elu_b_deep(dy, x, s, a);
    return v_sel(v_gt(x, C(0.0f)), v_mul(dy, s), v_mul(dy, v_mul(a, v_exp(x))));
}
static inline V op_elu_b(V dy, V x, V alpha, V p1)
{
    (void)p1;
    return k_elu_b(dy, x, C(1.0f), alpha);
}
#define SELU_SCALE 0x1.0cfabep+0f           /* 1.0507009873554805 */
#define SELU_SA 0x1.c212ccp+0f              /* scale*alpha, 1.7580993408473766 */
static inline V op_selu_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_sel(v_gt(x, C(0.0f)), v_mul(x, C(SELU_SCALE)), v_mul(C(SELU_SA), v_expm1(x)));
}
static inline V op_selu_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_elu_b(dy, x, C(SELU_SCALE), C(SELU_SA));
}

/* ---- gelu (erf form) ----------------------------------------------------- */
#define ISQRT2_HI 0x1.6a09e6p-1f
#define ISQRT2_LO 0x1.9fcef4p-27f
#define GELU_TAIL -10.0f

#ifdef VACT_FAST
/* Phi(x) and, with phi != NULL, phi(x) (0 beyond |x| = 10): fast.h */
static inline V k_Phi2(V x, V *phi)
{
    V E, P = f_Phi(x, phi ? &E : NULL);
    if (phi)
        *phi = v_mul(C(0x1.988454p-2f), E);
    return P;
}
#else
/* Phi(x) = erfc(t)/2, t = -x/sqrt2 as t_hi + t_lo, x clamped to [-20, 20]
 * (Phi rounds to 1 or to 0 beyond).  erfc'/erfc ~ -(2t + 1/t)
 * for t > 1 corrects erfc(t_hi) for t_lo: without it the rounding of t costs
 * 2t^2 * 0.5 ULP. */
static inline V k_Phi_erfc(V x)
{
    x = v_min(C(20.0f), v_max(C(-20.0f), x)); /* Phi(+-inf) = 1, 0; NaN stays */
    V t = v_mul(x, C(-ISQRT2_HI));
    V t_lo = v_fma(x, C(-ISQRT2_LO), v_fma(x, C(-ISQRT2_HI), v_neg(t)));
    V E = v_erfc(t);
    V k = v_sel(v_gt(t, C(1.0f)), v_add(v_add(t, t), v_div(C(1.0f), t)), C(0.0f));
    return v_mul(C(0.5f), v_fma(E, v_mul(v_neg(k), t_lo), E));
}

/* Phi(x) and, with phi != NULL, phi(x) = e^(-x^2/2)/sqrt(2 pi), x^2 as two
 * floats */
static inline V k_Phi2(V x, V *phi)
{
    if (phi) {
        V l, h = k_mul2(x, x, &l);
        V e = v_exp(v_mul(h, C(-0.5f)));
        *phi = v_mul(C(0x1.988454p-2f), v_fma(e, v_mul(l, C(-0.5f)), e));
    }
    return k_Phi_erfc(x);
}
#endif

/* phi(x)*2^64 for x <= -10 (deep: below -13.2 phi is subnormal), from
 * exp(-x^2/2 + KG) with x^2 as two floats; xc is clamped to [-20, -10]. */
static inline V k_phi_scaled(V xc)
{
    V l, h = k_mul2(xc, xc, &l);
    V a = v_add(v_mul(h, C(-0.5f)), C(KG_HI));   /* exact: both multiples of 2^-17 */
    V e = v_exp(a);
    return v_fma(e, v_fma(l, C(-0.5f), C(KG_LO)), e);
}
/* 1 - u + 3u^2 - 15u^3 + 105u^4 - 945u^5, u = 1/x^2: the asymptotic series of
 * the Mills ratio, below 1e-8 relative error for |x| >= 10. */
static inline V k_mills(V u)
{
    V s = v_fma(C(-945.0f), u, C(105.0f));
    s = v_fma(s, u, C(-15.0f));
    s = v_fma(s, u, C(3.0f));
    s = v_fma(s, u, C(-1.0f));
    return v_fma(s, u, C(1.0f));
}

/* gelu(x)*m on the lanes below GELU_TAIL, y elsewhere:
 * gelu(x) = -phi(x)*(1 - u + 3u^2 ...) for x -> -inf */
static K_COLD V k_gelu_tail(V x, V m, V y)
{
    V xc = v_sel(v_lt(x, C(-20.0f)), C(-20.0f), x);
    V u = v_div(C(1.0f), v_mul(xc, xc));
    V yt = v_mul(v_mul(v_neg(v_mul(k_phi_scaled(xc), k_mills(u))), m), C(0x1p-64f));
    return v_sel(v_lt(x, C(GELU_TAIL)), yt, y);
}
/* gelu(x)*m, m folded in before the last rounding (see k_silu_mul) */
static inline V k_gelu_mul(V x, V m)
{
    V y = v_mul(v_mul(x, m), k_Phi2(x, NULL));
    return m_any(v_lt(x, C(GELU_TAIL))) ? k_gelu_tail(x, m, y) : y; /* x = +inf: (x*m)*1 */
}
static inline V op_gelu_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_gelu_mul(x, C(1.0f));
}
/* d/dx = Phi(x) + x*phi(x); in the tail phi(x)*x*(1 - u*S(u)). */
static K_COLD V k_gelu_tail_b(V dy, V x, V dx)
{
    V xc = v_sel(v_lt(x, C(-20.0f)), C(-20.0f), x);
    V u = v_div(C(1.0f), v_mul(xc, xc));
    V g = v_mul(xc, v_fma(v_neg(u), k_mills(u), C(1.0f)));
    V dt = v_mul(v_mul(dy, v_mul(k_phi_scaled(xc), g)), C(0x1p-64f));
    return v_sel(v_lt(x, C(GELU_TAIL)), dt, dx);
}
static inline V op_gelu_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V phi, P = k_Phi2(x, &phi);
    /* x*phi, where x = +inf meets phi = 0 (as FLT_MAX*0); -inf takes the tail */
    V dx = v_mul(dy, v_add(v_mul(v_min(C(0x1.fffffep127f), x), phi), P));
    return m_any(v_lt(x, C(GELU_TAIL))) ? k_gelu_tail_b(dy, x, dx) : dx;
}
/* geglu's backward: da = dy*b*gelu'(a), db = dy*gelu(a) */
static inline void k_gelu_gated_b(V dy, V a, V b, V *da, V *db)
{
    *da = op_gelu_b(v_mul(dy, b), a, C(0.0f), C(0.0f));
    *db = k_gelu_mul(a, dy);
}

/* ---- gelu (tanh form) ------------------------------------------------------
 * 1 + tanh(z) = 2 sigmoid(2z), so y = x*sigmoid(w), w = x*(A + B x^2),
 * A = 2 sqrt(2/pi), B = 0.044715 A, with w carried as two floats (both
 * constants split too).  x is clamped to [-20, 20], where the result is
 * already -0 or x. */
#define GT_A_HI 0x1.988454p+0f
#define GT_A_LO -0x1.857936p-25f
#define GT_B_HI 0x1.2444f2p-4f
#define GT_B_LO 0x1.49b16ap-29f
static inline V k_gelu_tanh_w(V x, V *w_lo)
{
    /* |x| <= 20: every product is finite, so no k_mul2 guards */
    V l, h = k_mul2f(x, x, &l);
    V pe, p = k_mul2f(C(GT_B_HI), h, &pe);
    V q = v_add(C(GT_A_HI), p);      /* fast two-sum of A + p, larger one first */
    V qe = v_sub(v_min(C(GT_A_HI), p), v_sub(q, v_max(C(GT_A_HI), p)));
    V q_lo = v_add(v_add(qe, pe), v_fma(C(GT_B_HI), l, v_fma(C(GT_B_LO), h, C(GT_A_LO))));
    V we, w = k_mul2f(x, q, &we);
    *w_lo = v_fma(x, q_lo, we);
    return w;
}
static inline V op_gelu_tanh_f(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    return v_sel(v_gt(x, C(20.0f)), x, k_swish_f(xc, w, w_lo)); /* x*sigmoid(w) */
}
/* d/dx = s*(1 + x*(1 - s)*w'), w' = A + 3B x^2, s = sigmoid(w), from the
 * pieces k_expneg gives (scaled on deep lanes) */
static inline V k_gelu_tanh_g(V xc, V w, k_expneg e)
{
    V s = v_div(e.num, e.den);
    V sc = v_div(v_sel(v_ge(w, C(0.0f)), e.eu, C(1.0f)), e.den);
    V wd = v_fma(C(3.0f * GT_B_HI), v_mul(xc, xc), C(GT_A_HI));
    return v_mul(s, v_fma(v_mul(xc, sc), wd, C(1.0f)));
}
static K_COLD V k_gelu_tanh_b_deep(V dy, V x, V xc, V w, V w_lo)
{
    k_expneg e = k_expneg_abs(w, w_lo);
    V dx = v_mul(v_mul(dy, k_gelu_tanh_g(xc, w, e)), e.scale);
    return v_sel(v_gt(x, C(20.0f)), v_mul(dy, C(1.0f)), dx);
}
static inline V op_gelu_tanh_b(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    if (k_any_deep(w))
        return k_gelu_tanh_b_deep(dy, x, xc, w, w_lo);
    V dx = v_mul(dy, k_gelu_tanh_g(xc, w, k_expneg_near(w, w_lo))); /* scale 1 */
    return v_sel(v_gt(x, C(20.0f)), v_mul(dy, C(1.0f)), dx);
}

#endif
