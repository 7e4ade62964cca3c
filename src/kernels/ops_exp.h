/* SPDX-License-Identifier: MIT */
/*
 * The math of the ops built on e^x, once, per vector: sigmoid, tanh, silu
 * and swish, softplus, logsigmoid, mish, elu and selu (and the gate of
 * swiglu).  The transcendentals are the tier's t_ functions.
 *
 * op_<name>_fwd(x, p0, p1)      forward;  p0, p1 are the broadcast parameters
 * op_<name>_bwd(dy, s, p0, p1)  backward; s is x, or y for sigmoid and tanh
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
 *    K_HI (a multiple of 2^-16) + K_LO.  Products m e^x scale by 2^128
 *    instead (k_exp_deep128), in FAST straight into 2^n's exponent field.
 */
#ifndef VACT_KERNELS_OPS_EXP_H
#define VACT_KERNELS_OPS_EXP_H

/* e^(a + lo), scaled by 2^64 on deep lanes (a exact, deep where a < -80,
 * a <= 88 elsewhere).  Only a scaled argument below -87 (a < -131) needs
 * the full-range exponential. */
/* its two steps, for a caller with its own exponential: the argument
 * raised by 64 ln2's high part on the deep lanes (exact there), and e^s
 * times 1 + lo (+ 64 ln2's low part on the deep lanes) */
static inline V k_deep_arg(V a, M deep) { return v_add(a, v_sel(deep, C(K64_HI), C(0.0f))); }
static inline V k_deep_lo(V e, V lo, M deep)
{
    return v_fma(e, v_add(lo, v_sel(deep, C(K64_LO), C(0.0f))), e);
}
static K_HOT V k_exp_deep(V a, V lo, M deep)
{
    V s = k_deep_arg(a, deep);
    return k_deep_lo(t_exp_on(s, v_lt(s, C(-87.0f))), lo, deep);
}

/* e^a for a product m e^a with |m| <= 2^64 (deep lanes below -64, -80 or
 * -87, a in [-87, 88] elsewhere), scaled by 2^128 on the deep lanes so that the
 * product rounds once (k_unscale128 undoes it): e^a 2^128 is normal and
 * the product below 2^100, one exponential for every lane and one scale
 * for every deep lane (t_exp_normal128).  a is held to -175, below which
 * m e^a rounds to 0 for every |m| <= 2^64, as the held lane's product does
 * once unscaled (2^-188 at most).  The callers unscale only the deep lanes,
 * and zero the others' operand: a discarded product or unscaling with a
 * subnormal result would cost several times a normal one on x86.  NaN
 * stays NaN. */
static K_HOT V k_exp_deep128(V a, M deep)
{
    return t_exp_normal128(v_max(C(-175.0f), a), deep);
}
/* e^(a + lo) so: lo is dropped below -175 (it may be large there) */
static K_HOT V k_exp_deep128_lo(V a, V lo, M deep)
{
    return t_exp_normal128_lo(v_max(C(-175.0f), a), v_sel(v_lt(a, C(-175.0f)), C(0.0f), lo), deep);
}

/* The scaled two-float exponentials below (k_scaled_prod, and the deep
 * lanes of the sigmoid-derivative backward): e^a scaled by 2^64 from
 * a = -45 (D1) or by 2^128 below -110 (D2), so that the scaled argument
 * stays in [-66, 0] down to -154 and neither e^a nor its low part is
 * subnormal where the result is not.  Below -175 (DLOW) a product with
 * |m F| <= 2^84 rounds to 0: the lane evaluates e^-150 and its result is
 * replaced by that signed zero. */
#define D2 -110.0f
#define DLOW -175.0f
/* m*F*e^(a + alo) for a <= 0, |m| <= 2^64 (m = mh + ml) and |F| <= 2^20,
 * rounded once: the scaled exponential, the product in two floats, then
 * unscaled.  a + 64 ln2 is exact for a in [-110, -45], a + 128 ln2 below.
 * The tails of gelu and mish's backward. */
/* a deep lane's scaled argument a + K (K = 64 ln2, 128 ln2 below D2 (*d2);
 * a held to -150 and its low part dropped below DLOW (*low)), low part in
 * *slo */
static inline V k_scaled_arg(V a, V alo, V *slo, M *d2, M *low)
{
    *d2 = v_lt(a, C(D2));
    *low = v_lt(a, C(DLOW));
    *slo = v_add(v_sel(*low, C(0.0f), alo), v_sel(*d2, C(K128_LO), C(K64_LO)));
    return v_add(v_sel(*low, C(-150.0f), a), v_sel(*d2, C(K128_HI), C(K64_HI)));
}
static K_HOT V k_scaled_prod(V mh, V ml, V f, V a, V alo)
{
    M d2, low, deep = v_lt(a, C(-45.0f));
    V sl, sa = k_scaled_arg(a, alo, &sl, &d2, &low);
    V el, eh = k_exp2f(v_sel(deep, sa, a), v_sel(deep, sl, alo), &el);
    V pl, ph = k_mul2_raw(mh, f, &pl);
    pl = v_fma(ml, f, pl);
    V r = k_fold_mul2(ph, pl, eh, el);
    r = v_sel(deep, k_unscale_deep(r, d2), r);
    return v_sel(low, v_mul(ph, C(0.0f)), r);
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
    /* w from an unguarded two-float product (k_mul2_raw): its lo is NaN where
     * the product overflowed, and only deep lanes can have overflowed */
    w_lo = k_lo_finite(w, w_lo);
    /* -|w_hi + w_lo| = a - sign(w)*w_lo */
    r.e = k_exp_deep(a, v_sel(pos, v_neg(w_lo), w_lo), deep);
    r.eu = v_sel(deep, k_unscale64(r.e), r.e);
    r.num = v_sel(pos, C(1.0f), r.e);
    r.den = v_add(C(1.0f), r.eu);
    r.scale = v_sel(m_and(deep, m_not(pos)), C(0x1p-64f), C(1.0f));
    return r;
}

/* a lane with |w| > 80 */
static inline int k_any_deep(V w) { return m_any(v_gt(v_abs(w), C(DEEP))); }
/* one-sided: a lane below -80 (the forms that only fail for very negative x) */
static inline int k_any_deep_below(V x) { return m_any(v_lt(x, C(-DEEP))); }
/* The backward of the sigmoid family (sigmoid' and sigmoid + c sigmoid')
 * takes its deep form from |w| = 45 (E = e^-|w| below 2^-64), not 80: its
 * two-float terms carry E's low part and the remainders of products with
 * E, and near 80 (E about 2^-115) those are subnormal, a product with a
 * subnormal result costing several times a normal one on x86.  From 45
 * the deep form's E (1 + c) and 1 are already exact to 2^-63. */
#define DEEP_D 45.0f
/* k_expneg_abs for vectors with no deep lane (|w| <= 80, NaN allowed): no
 * scaling, and no infinite w, so callers need no k_mul0 either.  The
 * common case of real data, worth its own short path. */
static inline k_expneg k_expneg_near(V w, V w_lo)
{
    k_expneg r;
    M pos = v_ge(w, C(0.0f));
    V e = t_exp_normal(v_neg(v_abs(w)));
    r.e = r.eu = v_fma(e, v_sel(pos, v_neg(w_lo), w_lo), e);
    r.num = v_sel(pos, C(1.0f), r.e);
    r.den = v_add(C(1.0f), r.e);
    r.scale = C(1.0f);
    return r;
}

/* The pieces of sigmoid(w) and its derivative in two floats, for |w| <= 80
 * (NaN allowed): E = e^-|w|, D = 1 + E, S = D^2 (the low parts of D and S
 * to first order), so that
 *   sigmoid(w)  = 1/D (w >= 0) or E/D (w < 0),   sigmoid'(w) = E/S. */
typedef struct { V eh, el, dh, dl, sh, sl; M pos; } k_sig2;
/* the pieces from E = eh + el given (pos: w >= 0) */
static inline k_sig2 k_sig2_from(V eh, V el, M pos)
{
    k_sig2 r;
    r.pos = pos;
    r.eh = eh;
    r.el = el;
    r.dh = v_add(C(1.0f), r.eh);                       /* fast two-sum: 1 >= E */
    r.dl = v_add(v_sub(r.eh, v_sub(r.dh, C(1.0f))), r.el);
    r.sh = v_mul(r.dh, r.dh);
    r.sl = v_fma(v_add(r.dh, r.dh), r.dl, v_fma(r.dh, r.dh, v_neg(r.sh)));
    return r;
}
static inline k_sig2 k_sig2_near(V w, V w_lo)
{
    M pos = v_ge(w, C(0.0f));
    V el, eh = k_exp2f(v_neg(v_abs(w)), v_sel(pos, v_neg(w_lo), w_lo), &el);
    return k_sig2_from(eh, el, pos);
}
/* sigmoid(w) + c*sigmoid'(w) in two floats, fh + *fl, c = ch + cl: the
 * derivative of x*sigmoid(w(x)) with c = x w'(x) (silu, swish: c = w;
 * gelu_tanh).  Over S it is D + c E (w >= 0) or E (D + c) (w < 0): neither
 * form cancels except where the derivative itself crosses zero.  Each
 * numerator in two floats, its low part to first order, then k_div22.
 * With c = w (silu), |fh + fl - f'| stays within 0.48 2^-24 of the terms
 * |sigmoid| + |c sigmoid'| over |w| <= 45 (tests/check_fprime.c, every
 * 17th float), so that dy*f' rounded once (k_fold_mul) is within 0.98 ULP
 * for every dy. */
static inline V k_sig_d_from(k_sig2 g, V ch, V cl, V *fl)
{
    /* w >= 0: D + c E, with c E <= 1.2 D, so D - ph is exact */
    V ph = v_fma(ch, g.eh, g.dh);
    V pl = v_add(v_fma(ch, g.eh, v_sub(g.dh, ph)), v_fma(cl, g.eh, v_fma(ch, g.el, g.dl)));
    /* w < 0: E (D + c) */
    V tl, th = k_two_sum(g.dh, ch, &tl);
    tl = v_add(tl, v_add(g.dl, cl));
    V qh = v_mul(g.eh, th);
    V ql = v_fma(g.eh, tl, v_fma(g.el, th, v_fma(g.eh, th, v_neg(qh))));
    return k_div22(v_sel(g.pos, ph, qh), v_sel(g.pos, pl, ql), g.sh, g.sl, fl);
}
static inline V k_sig_d_near(V w, V w_lo, V ch, V cl, V *fl)
{
    return k_sig_d_from(k_sig2_near(w, w_lo), ch, cl, fl);
}

/* ---- sigmoid family ------------------------------------------------------ */
/* sigmoid = 1/(1 + e) for x >= 0 and e/(1 + e) below, e = e^-|x| in (0, 1]:
 * one form for the whole range, so no vector pays for a neighbour's far
 * tail.  Each side rounds as 1/(1 + e^-x) would (e's error, the sum's and
 * the division's).  Below x = -83, where 1 + e = 1, the result is e itself
 * (subnormal from -87.3), and that lane's division gets a normal stand-in
 * (2^-120): a division with a subnormal result is several times slower. */
static inline V k_sigmoid_e(V x, V e)
{
    return v_div(v_sel(v_ge(x, C(0.0f)), C(1.0f), e), v_add(C(1.0f), e));
}
static inline V op_sigmoid_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V a = v_neg(v_abs(x)); /* NaN stays NaN */
    M tiny = v_lt(x, C(-83.0f)); /* e < 2^-119.7; the others' e are above 2^-120 */
#if T_EXP_ONE_FORM
    V e = t_exp_neg(a);
    if (m_any(tiny))
        return v_sel(tiny, e, k_sigmoid_e(x, v_max(C(0x1p-120f), e)));
    return k_sigmoid_e(x, e);
#else
    /* t_exp has a range branch: -|x| is held to -87 (e normal), and a
     * vector with a lane below -83 takes that lane's e^-|x| (the result
     * itself) from the same exponential, scaled by 2^64 as k_exp_deep
     * scales (the argument held to -104, where the result rounds to 0; in
     * [-60, 0] once raised) and unscaled once */
    if (m_any(tiny)) {
        V z = k_deep_arg(v_max(v_sel(tiny, C(-104.0f), C(-87.0f)), a), tiny);
        V e = k_deep_lo(t_exp_neg_normal(z), C(0.0f), tiny);
        return v_sel(tiny, k_unscale64(v_sel(tiny, e, C(0.0f))), k_sigmoid_e(x, e));
    }
    return k_sigmoid_e(x, t_exp_neg_normal(v_max(C(-87.0f), a)));
#endif
}

/* from y: y - y*y in one fma, rounded once, so two operations per vector
 * keep the backward at the speed of its three memory streams */
static inline V op_sigmoid_bwd(V dy, V y, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_fma(v_neg(y), y, y));
}
/* The twins' residual form (ops_linear.h): (dy*y)*(1 - y), rounded once.
 * Their inputs have at most 11 significant bits, so where 2^-13 <= y <= 1
 * (tested) 1 - y is exact, and dy*y (at most 22 bits) is exact unless it
 * is below 2^-126, where the product is below 2^-96 (tested: |r| >= 2^-96
 * or r = 0, where the remainder is exact too; a product that rounds to 0
 * rounds to 0 in the types).  r is then the correctly rounded dy*y*(1 - y) and e
 * its exact remainder, so the twins round with no window (bf16's data
 * put dy*y*(1 - y), a product of few bits, within the window of a
 * midpoint in 1 lane of 300: one block in ten settled).  Loose: y outside
 * [2^-13, 1] (NaN too), a product below 2^-96, NaN results. */
#define OP_RES_sigmoid_bwd ~, 1
static inline V op_sigmoid_bwd_res(V dy, V y, V p0, V p1, V *e, M *loose)
{
    (void)p0; (void)p1;
    const V z = v_sub(C(1.0f), y), p = v_mul(dy, y), r = v_mul(p, z);
    *e = v_fma(p, z, v_neg(r));
    const M ok = m_and(m_and(v_ge(y, C(0x1p-13f)), v_le(y, C(1.0f))),
                       m_or(v_ge(v_abs(r), C(RES_TINY)), v_eq(r, C(0.0f))));
    *loose = m_not(ok);
    return r;
}

static inline V op_tanh_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return t_tanh(x);
}
/* from y: 1 - y*y in one fma (y*y exact inside it), so no cancellation
 * near |y| = 1 and two operations per vector */
static inline V op_tanh_bwd(V dy, V y, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_mul(dy, v_fma(v_neg(y), y, C(1.0f)));
}

/* swish(x) = x*sigmoid(w), w = beta*x carried as two floats.  silu is beta = 1
 * (w = x exactly). */
/* x/(1 + e^-w) as it stands where w >= -87 (SIG_DEEP: e^-w below 2^126):
 * no select, and for w < 0 one rounding fewer than x*e/(1 + e).  Deep lanes
 * (w < -87; below -87.3 e^w itself is subnormal) take the scaled form,
 * which rounds a subnormal result once; the others give the same bits
 * on both branches, so no result depends on its neighbours.  -87, not
 * DEEP's -80: on uniform [-100, 100] a third fewer vectors take the scaled
 * form (avx2 glu forward 1.92 -> 1.76 times its N(0, 1) time), and a
 * subnormal quotient there, which rounds once but costs a subnormal
 * division, needs |x| below 2^-0.5 for w in [-87, -80] (2^-10.6 at -80). */
#define SIG_DEEP 87.0f
static inline V k_swish_plain(V x, V w, V w_lo)
{
    V e = t_exp_normal(v_max(C(-87.0f), v_neg(w))); /* w >= -87; above 87 e^-w is nothing beside 1 */
    return v_div(x, v_add(C(1.0f), v_fma(e, v_neg(w_lo), e)));
}
/* The vectors with a lane w < -87 (swish's also those with w > 80).  Below
 * -87 the result is x e^w to float precision (1 + e^w = 1), with e^w scaled
 * (k_exp_deep128: by 2^128) so that a subnormal result
 * rounds once; those lanes' scaled argument and the others' -w share one
 * exponential, and the others get k_swish_plain's bits, so no result
 * depends on its neighbours.  w_lo is NaN where beta*x overflowed
 * (k_mul2_raw); those lanes are deep. */
#if T_EXP_SPLIT
/* Where v_ldexp takes any exponent (vscalefps, FAST tier) the deep lanes
 * need no scaled argument: e^w = p 2^n from t_exp_split, and x p, normal, is scaled
 * by 2^n last, so a subnormal result still rounds once.  w is held to -175
 * there (x e^-175 rounds to 0 for |x| <= 2^64) and its low part to [-1, 1]
 * (it may be large below: the product stays 0).  The other lanes get
 * t_exp_normal's e, so k_swish_plain's bits, and x p there has x = 0 and
 * e^-w is scaled by 2^n alone: no discarded operation has a subnormal
 * result. */
static K_HOT V k_swish_deep(V x, V w, V w_lo)
{
    M dneg = v_lt(w, C(-SIG_DEEP));
    V lo = k_lo_finite(w, w_lo), n;
    V z = v_sel(dneg, v_max(C(-175.0f), w), v_max(C(-87.0f), v_neg(w)));
    V zl = v_sel(dneg, v_min(C(1.0f), v_max(C(-1.0f), lo)), v_neg(lo));
    V p = t_exp_split(z, &n);
    p = v_fma(p, zl, p);
    /* x = +-inf (w = -inf) held to +-2^64: the limit +-0, not inf*e */
    V xd = v_sel(dneg, v_min(C(0x1p64f), v_max(C(-0x1p64f), x)), C(0.0f));
    V yd = v_ldexp(v_mul(xd, p), n);
    V e = v_ldexp(p, v_sel(dneg, C(0.0f), n));
    return v_sel(dneg, yd, v_div(x, v_add(C(1.0f), e)));
}
#else
static K_HOT V k_swish_deep(V x, V w, V w_lo)
{
    M dneg = v_lt(w, C(-SIG_DEEP));
    V lo = k_lo_finite(w, w_lo);
    V e = k_exp_deep128_lo(v_sel(dneg, w, v_max(C(-87.0f), v_neg(w))), v_sel(dneg, lo, v_neg(lo)), dneg);
    /* x = +-inf (w = -inf) held to +-2^64: the limit +-0, not inf*e; 0 on
     * the other lanes, whose x e^-w (discarded) may be subnormal, and a
     * multiplication with a subnormal result costs several times a normal
     * one on x86 */
    V xd = v_sel(dneg, v_min(C(0x1p64f), v_max(C(-0x1p64f), x)), C(0.0f));
    return v_sel(dneg, k_unscale128(v_mul(xd, e)), v_div(x, v_add(C(1.0f), e)));
}
#endif
/* Above 80 swish drops the low part: e^-w is nothing beside 1 there, and
 * w_lo, up to 2^-24 w, would scale the e^-87 the plain form uses into
 * something that is (x = 1.4e38, beta = 1.5 gave x + 3 ULP).  Below -87 the
 * scaled form holds while |x| <= 2^64 (as for the gated units, below);
 * a larger finite x (a small beta: x = -1.4e22, beta = 1e-20 lost 362 ULP
 * to e^w's subnormal scaled value) takes k_deep_prod out of line. */
static inline V k_deep_prod(V mh, V ml, V u1, V u2, V a, V alo, V fh, V fl);
/* m*F*e^(a + alo) from k_deep_prod (m prescaled) on the lanes `big`, y on
 * the others: the deep lanes whose multiplier is beyond the scaled forms'
 * 2^64 */
static K_COLD V k_deep_big(V m, V a, V alo, V f, V y, M big)
{
    V u, ms = k_prescale(m, &u);
    return v_sel(big, k_deep_prod(ms, C(0.0f), u, C(1.0f), a, alo, f, C(0.0f)), y);
}
/* Below w = -150 (SIG_ZERO) a product p e^w with |p| <= 2^64 is below
 * 2^-152 and rounds to p's signed zero.  k_sig_zero's bound follows p: the
 * lanes where p e^w is below 2^-150, p below 2^(E + 1) with E its exponent
 * and w below -(E + 151) ln2, less 0.01 for the rounding of the forms that
 * would compute it (E + 151 = B + 24 from p's biased exponent field B,
 * read as 2^23 + B).  Those lanes, and those above 80 (whose low part is
 * dropped), need no scaled form: a vector whose other lanes are near takes
 * k_swish_plain with them held to w = 0.  On uniform [-100, 100] most
 * vectors of gelu_tanh (w = -603 to 603 there) have no lane left between
 * that bound and -87, and swish's (beta = 1.5) none below -109.  The gated
 * units keep the fixed bound: their p = m F there seldom has a small
 * exponent, and the test costs more than it saves. */
#define SIG_ZERO 150.0f
static inline M k_sig_zero(V p, V w)
{
    V ap = v_abs(p);
    V b24 = v_sub(vi_as_v(vi_or(vi_srl(v_as_vi(ap), 23), vi_set(0x4B000000u))), C(0x1p23f - 24.0f));
    return m_and(v_lt(w, v_fma(b24, C(-0x1.62e43p-1f), C(-0.01f))), v_le(ap, C(0x1p64f)));
}
/* swish's k_sig_zero from w alone, for every lane: |x| = |w|/|beta| is below
 * 2^(9 - Eb) while |w| < 2^8 (Eb: beta's exponent, |beta| >= 2^Eb), so
 * below w = -(159 - Eb) ln2 - 0.01 the product x e^w is below 0.99 2^-150
 * (and below -256 it is for every finite x).  One compare per vector, the
 * bound computed once per call; no bound (-inf) for |beta| below 2^-60,
 * where such x reach past 2^64.  Lanes above this bound but below
 * k_sig_zero's (within one binade of |x|) take the scaled form, which
 * rounds them to the same signed 0. */
static inline V k_swish_zero_w(V beta)
{
    V ab = v_abs(beta);
    V eb = v_sub(vi_to_f(vi_srl(v_as_vi(ab), 23)), C(127.0f));
    V z = v_fma(eb, C(0x1.62e43p-1f), C(-159.0f * 0x1.62e43p-1f - 0.01f));
    return v_sel(v_lt(ab, C(0x1p-60f)), C(-INFINITY), z);
}
/* zb: k_swish_zero_w's bound where by_w, else k_sig_zero's per-lane test */
static K_HOT V k_swish_f(V x, V w, V w_lo, int by_w, V zb)
{
    (void)by_w; (void)zb; /* where the scaled form takes every vector */
    if (!k_any_deep(w))
        return k_swish_plain(x, w, w_lo);
    M dneg = v_lt(w, C(-SIG_DEEP));
    V wl = v_sel(v_gt(w, C(DEEP)), C(0.0f), w_lo); /* above 80: no low part */
    if (!m_any(dneg))
        return k_swish_plain(x, w, wl);
#if !VACT_CAP_LDEXP
    /* where vscalefps unscales in one instruction the scaled form costs
     * less than the test (avx512 FAST on uniform [-100, 100]: 1.76 times
     * the N(0, 1) time without it, 2.01 with it) */
    M zero = by_w ? v_lt(w, zb) : k_sig_zero(x, w);
    if (!m_any(m_and(dneg, m_not(zero))))
        return v_sel(zero, v_copysign(C(0.0f), x),
                     k_swish_plain(x, v_sel(zero, C(0.0f), w), v_sel(zero, C(0.0f), wl)));
#endif
    V y = k_swish_deep(x, w, wl);
    if (!k_any_big(x))
        return y;
    M big = m_and(dneg, m_and(v_gt(v_abs(x), C(0x1p64f)), v_lt(v_abs(x), C(INFINITY))));
    return k_deep_big(x, w, k_lo_finite(w, w_lo), C(1.0f), y, big);
}
/* m*u1*u2*F*e^(a + alo), m = mh + ml and F = fh + fl in two floats, for
 * a <= 0 (-inf allowed; F finite), rounded about once: e^a is scaled by
 * 2^K to about 2^-58 and the scaling undone last together with u1, u2
 * (k_prescale's factors), so a result in float's range is found however
 * large m and however deep a (below -87 after the scaling the result is
 * +-0 for every finite m). */
static inline V k_deep_prod(V mh, V ml, V u1, V u2, V a, V alo, V fh, V fl)
{
    /* lanes with a > 0 are the caller's to replace: kept finite here */
    alo = v_sel(v_lt(v_abs(a), C(INFINITY)), alo, C(0.0f));
    a = v_min(a, C(0.0f));
    /* K up to 191 + 64 per prescaled operand: t below stays in [-191, 128] */
    V g1 = v_sel(v_gt(u1, C(1.0f)), C(64.0f), C(0.0f));
    V g2 = v_sel(v_gt(u2, C(1.0f)), C(64.0f), C(0.0f));
    V kmax = v_add(C(191.0f), v_add(g1, g2));
    V K = v_max(C(0.0f), v_min(kmax, v_round(v_mul(v_sub(v_neg(a), C(40.0f)), C(K_RLN2)))));
    /* exact: a is a multiple of 2^-17, K L2U of 2^-15, and |as| < 2^7 or
     * as < -87 (unused) */
    V as = v_fma(K, C(K_L2U), a);
    M under = v_lt(as, C(-87.0f));
    V el, eh = k_exp2f(v_max(as, C(-87.0f)), v_fma(K, C(K_L2L), alo), &el);
    eh = v_sel(under, C(0.0f), eh);
    el = v_sel(under, C(0.0f), el);
    V nl, nh = k_mul22(eh, el, fh, fl, &nl);
    V r = k_ldexp_wide(k_fold_div(mh, ml, nh, nl, C(1.0f), C(0.0f)), v_sub(v_add(g1, g2), K));
    /* below the scaled range the result is +-0 for every finite m; an
     * infinite m meets a tiny e^a, not 0 (for finite a), and gives +-inf,
     * not inf*0 */
    M inf_m = m_and(m_and(under, v_gt(a, C(-INFINITY))), v_eq(v_abs(mh), C(INFINITY)));
    return v_sel(inf_m, v_mul(mh, v_mul(fh, C(0x1p-149f))), r);
}
/* F clamped to +-2^100 (its low part dropped where clamped): where e^a is 0
 * the product is then the limit 0, not 0*inf */
static inline V k_clamp_f(V fh, V fl, V *fl_out)
{
    V f = v_max(C(-0x1p100f), v_min(C(0x1p100f), fh));
    *fl_out = v_sel(v_eq(f, fh), fl, C(0.0f));
    return f;
}
/* The deep lanes (|w| > 45, DEEP_D) of m*u1*u2*(sigmoid(w) + c sigmoid'(w)):
 * with E = e^-|w| below 2^-64 beside 1 and c, it is m for w > 45 and
 * m E (1 + c) for w < -45. */
static inline V k_sig_b_deep(V mh, V ml, V u1, V u2, V w, V w_lo, V ch, V cl)
{
    V cll, cc = k_clamp_f(ch, cl, &cll);
    V fl, f = k_add22(C(1.0f), C(0.0f), cc, cll, &fl);
    V r = k_deep_prod(mh, ml, u1, u2, v_neg(v_abs(w)), w_lo, f, fl);
    return v_sel(v_gt(w, C(0.0f)), v_mul(v_mul(v_add(mh, ml), u1), u2), r);
}
/* The gated units' act(a)*m for act(a) = F*sigmoid(w) (glu: F = 1; swiglu:
 * F = w = a; geglu_tanh: F = a, w its w), m folded in before the last
 * rounding.  Lanes with w < -87, where the result is m F e^w, take
 * k_swish_deep's scaled form on p = m F (F clamped to 2^100, where e^w is
 * 0: no inf*0) while |m| and |p| are at most 2^64, since the scaled range
 * then holds every result that does not round to 0.  Lanes with a larger m
 * (or p, on those lanes) take the out-of-line forms: m brought below 2^64
 * first (k_prescale), so that F*m overflows only where the result does,
 * and k_deep_prod below -87.  The other lanes keep their bits on every
 * branch. */
static K_COLD V k_sig_gated_deep(V ms, V u, V f, V w, V w_lo)
{
    M deep = v_lt(w, C(-SIG_DEEP));
    V fl, fc = k_clamp_f(f, C(0.0f), &fl);
    V yd = k_deep_prod(ms, C(0.0f), u, C(1.0f), w, w_lo, fc, fl);
    V yn = v_mul(k_swish_plain(v_mul(ms, f), v_max(C(-SIG_DEEP), w), v_sel(deep, C(0.0f), w_lo)), u);
    return v_sel(deep, yd, yn);
}
static K_COLD V k_sig_gated_big(V m, V f, V w, V w_lo)
{
    V u, ms = k_prescale(m, &u);
    if (m_any(v_lt(w, C(-SIG_DEEP))))
        return k_sig_gated_deep(ms, u, f, w, w_lo);
    return v_mul(k_swish_plain(v_mul(ms, f), w, w_lo), u);
}
static K_HOT V k_sig_gated_f(V m, V f, V w, V w_lo)
{
    if (!m_any(v_lt(w, C(-SIG_DEEP))))
        return k_any_big(m) ? k_sig_gated_big(m, f, w, w_lo) : k_swish_plain(v_mul(m, f), w, w_lo);
    M dneg = v_lt(w, C(-SIG_DEEP));
    V mf = v_mul(m, f);
    /* F unclamped: m F rounded, not m 2^100, is what bounds the result */
    M zero = m_and(v_lt(w, C(-SIG_ZERO)), v_le(v_abs(mf), C(0x1p64f)));
    if (!m_any(m_and(dneg, m_not(zero))) && !k_any_big(m))
        return v_sel(zero, v_mul(mf, C(0.0f)),
                     k_swish_plain(mf, v_sel(zero, C(0.0f), w), v_sel(zero, C(0.0f), w_lo)));
    V fl, fc = k_clamp_f(f, C(0.0f), &fl);
    V p = v_sel(dneg, v_mul(m, fc), mf);
    V y = k_swish_deep(p, w, w_lo);
    M big = m_or(v_gt(v_abs(m), C(0x1p64f)), m_and(dneg, v_gt(v_abs(p), C(0x1p64f))));
    if (m_any(big))
        y = v_sel(big, k_sig_gated_big(m, f, w, w_lo), y);
    return y;
}
/* vectors with a deep lane: those lanes from k_sig_b_deep, the others
 * with the near form's bits (m = mh + ml prescaled, u1 u2 undoing it) */
static K_COLD V k_swish_b_mixed(V mh, V ml, V u1, V u2, V w, V w_lo, V ch, V cl)
{
    M deep = v_gt(v_abs(w), C(DEEP_D));
    /* w_lo is NaN where beta*x overflowed; those lanes are deep */
    V wc = v_max(C(-DEEP_D), v_min(C(DEEP_D), w)), wl = v_sel(deep, C(0.0f), w_lo);
    V cc = v_sel(deep, wc, ch), ccl = v_sel(deep, C(0.0f), cl);
    V fl, fh = k_sig_d_near(wc, wl, cc, ccl, &fl);
    V near = v_mul(v_mul(k_fold_mul2(mh, ml, fh, fl), u1), u2);
    return v_sel(deep, k_sig_b_deep(mh, ml, u1, u2, w, w_lo, ch, cl), near);
}
/* dy*b*(sigmoid(w) + c sigmoid'(w)): the gradient and the gated unit's b
 * multiplied in two floats; vectors where that product is beyond 2^64 (or
 * not finite), or with a deep lane, bring each factor below 2^64 first, so
 * that their product overflows only where the result does */
static K_HOT V k_swish_b_deep(V mh, V ml, int two, V w, V w_lo, V ch, V cl);
static K_HOT V k_swish_b_far(V mh, V ml, int two, int ends, V w, V w_lo, V ch, V cl);
static K_COLD V k_swish_b2_big(V dy, V b, V w, V w_lo, V ch, V cl)
{
    V u1, u2, ml, mh = k_mul2_pre(dy, b, &ml, &u1, &u2);
    if (m_any(v_gt(v_abs(w), C(DEEP_D)))) {
        /* the lanes |dy*b| <= 2^64 as k_swish_b2 gives them without a big
         * neighbour */
        V rl, r = k_mul2_raw(dy, b, &rl);
        M big = v_gt(v_abs(r), C(0x1p64f));
        V yn = k_swish_b_deep(v_sel(big, C(0.0f), r), v_sel(big, C(0.0f), rl), 1, w, w_lo, ch, cl);
        return v_sel(big, k_swish_b_mixed(mh, ml, u1, u2, w, w_lo, ch, cl), yn);
    }
    V fl, fh = k_sig_d_near(w, w_lo, ch, cl, &fl);
    return v_mul(v_mul(k_fold_mul2(mh, ml, fh, fl), u1), u2);
}
static K_HOT V k_swish_b2(V dy, V b, V w, V w_lo, V ch, V cl, int ends)
{
    V ml, mh = k_mul2_raw(dy, b, &ml);
    if (k_any_big(mh))
        return k_swish_b2_big(dy, b, w, w_lo, ch, cl);
    if (m_any(v_gt(v_abs(w), C(DEEP_D))))
        return k_swish_b_far(mh, ml, 1, ends, w, w_lo, ch, cl);
    V fl, fh = k_sig_d_near(w, w_lo, ch, cl, &fl);
    return k_fold_mul2(mh, ml, fh, fl);
}
/* m*(sigmoid(w) + c sigmoid'(w)) on a vector with a lane |w| > 45 and
 * every |m| <= 2^64, m = mh + ml (two: the gated units' dy*b in two
 * floats; else m = mh, one float).  Above 45 it is m (the derivative is 1
 * to float precision); below -45 it is m (1 + c) E to 2^-63 relative,
 * E = e^w scaled as k_scaled_prod scales it and taken from the same two-float
 * exponential as the other lanes' e^-|w|.  m (1 + c) is formed in two
 * floats, times E rounded once, then unscaled; c is held to +-2^20 there
 * (m c E rounds to 0 beyond, where w is below -175).  The other lanes get
 * k_sig_d_near's bits, folded as the vectors with no deep lane fold them. */
/* 1 + c in two floats, c held to +-2^20 (its low part dropped where held):
 * the deep lanes' factor m (1 + c) */
static inline V k_swish_b_g(V ch, V cl, V *gl)
{
    V cc = v_max(C(-0x1p20f), v_min(C(0x1p20f), ch));
    return k_add22(C(1.0f), C(0.0f), cc, v_sel(v_eq(cc, ch), cl, C(0.0f)), gl);
}
/* the lanes above 45: m */
static inline V k_swish_b_up(V mh, V ml, int two) { return two ? v_add(mh, ml) : v_mul(mh, C(1.0f)); }
/* m (1 + c) rounded to float, times 0: k_swish_b_deep's lanes below -175 */
static inline V k_swish_b_low(V mh, V ch, V cl)
{
    V gl, gh = k_swish_b_g(ch, cl, &gl);
    return v_mul(v_mul(mh, gh), C(0.0f));
}
/* k_swish_b_deep where every deep lane is above 45 or below -175: m, the
 * signed zero, and the near form's bits on the others (those held to
 * w = 0 there), with no exponential scaled.  For gelu_tanh (ends): on
 * uniform [-100, 100] its w spans -603 to 603, and the band between takes
 * x in [-13, -7.7] only; silu's and swish's w, a multiple of x, fill the
 * band there, and for them the check would only cost. */
static inline V k_swish_b_ends(V mh, V ml, int two, V w, V w_lo, V ch, V cl)
{
    M deep = v_gt(v_abs(w), C(DEEP_D));
    V z = C(0.0f);
    V fl, fh = k_sig_d_near(v_sel(deep, z, w), v_sel(deep, z, w_lo), v_sel(deep, z, ch),
                            v_sel(deep, z, cl), &fl);
    V near = two ? k_fold_mul2(mh, ml, fh, fl) : k_fold_mul(mh, fh, fl);
    return v_sel(v_gt(w, C(DEEP_D)), k_swish_b_up(mh, ml, two),
                 v_sel(v_lt(w, C(-DEEP_D)), k_swish_b_low(mh, ch, cl), near));
}
static K_HOT V k_swish_b_deep(V mh, V ml, int two, V w, V w_lo, V ch, V cl)
{
    M dneg = v_lt(w, C(-DEEP_D)), deep = v_gt(v_abs(w), C(DEEP_D)), pos = v_ge(w, C(0.0f));
    M d2, low;
    V lo = k_lo_finite(w, w_lo); /* NaN where beta*x overflowed: deep lanes */
    V sl, sa = k_scaled_arg(w, lo, &sl, &d2, &low);
    V a = v_sel(dneg, sa, v_sel(deep, C(0.0f), v_neg(v_abs(w)))); /* above 45: e^0, unused */
    V alo = v_sel(dneg, sl, v_sel(deep, C(0.0f), v_sel(pos, v_neg(lo), lo)));
    V el, eh = k_exp2f(a, alo, &el);
    V fl, fh = k_sig_d_from(k_sig2_from(eh, el, pos), v_sel(deep, C(0.0f), ch),
                            v_sel(deep, C(0.0f), cl), &fl);
    V near = two ? k_fold_mul2(mh, ml, fh, fl) : k_fold_mul(mh, fh, fl);
    V gl, gh = k_swish_b_g(ch, cl, &gl);
    V pl, ph = k_mul2_raw(mh, gh, &pl);
    pl = v_fma(mh, gl, pl);
    if (two)
        pl = v_fma(ml, gh, pl);
    /* e^-|w| only on the lanes below -45 (DEEP_D): the others' product
     * (discarded) would be subnormal where |w| is large */
    V r = k_unscale_deep(k_fold_mul2(ph, pl, v_sel(dneg, eh, C(0.0f)), v_sel(dneg, el, C(0.0f))), d2);
    r = v_sel(low, v_mul(ph, C(0.0f)), r);
    return v_sel(dneg, r, v_sel(v_gt(w, C(DEEP_D)), k_swish_b_up(mh, ml, two), near));
}
static K_HOT V k_swish_b_far(V mh, V ml, int two, int ends, V w, V w_lo, V ch, V cl)
{
    if (ends && !m_any(m_and(v_lt(w, C(-DEEP_D)), v_ge(w, C(DLOW)))))
        return k_swish_b_ends(mh, ml, two, w, w_lo, ch, cl);
    return k_swish_b_deep(mh, ml, two, w, w_lo, ch, cl);
}
/* the vectors with a deep lane and a gradient beyond 2^64: those lanes
 * prescaled, their deep ones from k_sig_b_deep; the others as in
 * k_swish_b_deep, so no result depends on its neighbours */
static K_COLD V k_swish_b1_big(V dy, V w, V w_lo, V ch, V cl)
{
    M big = v_gt(v_abs(dy), C(0x1p64f));
    V u, m = k_prescale(dy, &u);
    V yb = k_swish_b_mixed(m, C(0.0f), u, C(1.0f), w, w_lo, ch, cl);
    return v_sel(big, yb, k_swish_b_deep(v_sel(big, C(0.0f), dy), C(0.0f), 0, w, w_lo, ch, cl));
}
/* the element-wise ops' form: dy alone */
static K_HOT V k_swish_b1(V dy, V w, V w_lo, V ch, V cl, int ends)
{
    if (m_any(v_gt(v_abs(w), C(DEEP_D))))
        return k_any_big(dy) ? k_swish_b1_big(dy, w, w_lo, ch, cl)
                             : k_swish_b_far(dy, C(0.0f), 0, ends, w, w_lo, ch, cl);
    V fl, fh = k_sig_d_near(w, w_lo, ch, cl, &fl);
    return k_fold_mul(dy, fh, fl);
}
static inline V k_swish_b(V dy, V w, V w_lo) { return k_swish_b1(dy, w, w_lo, w, w_lo, 0); }
/* silu is swish with w = x exact: no low part to fold into e^-w, and the
 * plain form x/(1 + e^-x) holds down to -87, where e^-x is still below
 * FLT_MAX and x e^x a normal float (for large x, e^-x underflowing to 0
 * still leaves x/(1 + 0) right).  Below -87 the result is x e^x, with e^x
 * scaled by 2^64 and x held to -131, where x e^x rounds to -0 as it does
 * for every x below: one scaling, and one exponential shared with the
 * other lanes' e^-x.  Those lanes keep the plain form's bits. */
static K_HOT V k_silu_deep(V x)
{
    M dneg = v_lt(x, C(-87.0f));
    V xc = v_sel(dneg, v_max(C(-131.0f), x), C(0.0f)); /* 0 elsewhere: no subnormal product */
    V e = t_exp_normal(v_sel(dneg, v_add(xc, C(K64_HI)), v_max(C(-87.0f), v_neg(x))));
    V yd = k_unscale64(v_mul(xc, v_fma(e, v_sel(dneg, C(K64_LO), C(0.0f)), e)));
    return v_sel(dneg, yd, v_div(x, v_add(C(1.0f), e)));
}
static K_HOT V k_silu_f(V x)
{
    if (m_any(v_lt(x, C(-87.0f))))
        return k_silu_deep(x);
    return v_div(x, v_add(C(1.0f), t_exp_normal(v_max(C(-87.0f), v_neg(x)))));
}
/* x raised to -FLT_MAX in x*m (NaN stays NaN): with m = 0 and x = -inf,
 * silu(-inf)*0 is then the limit -0*0, not inf*0 = NaN; the deep form
 * takes every x below -87 to x*m*e, e = 0 at -inf. */
static inline V op_silu_gated_fwd(V x, V m)
{
    return k_sig_gated_f(m, x, x, C(0.0f));
}
/* swiglu's backward: da = dy*b*silu'(a) rounded once, db = dy*silu(a) in
 * op_silu_gated_fwd's form */
static inline void op_silu_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    *da = k_swish_b2(dy, b, a, C(0.0f), a, C(0.0f), 0);
    *db = op_silu_gated_fwd(a, dy);
}
static inline V op_silu_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_silu_f(x);
}
static inline V op_silu_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_swish_b(dy, x, C(0.0f));
}
/* w = beta*x; beta = +-0 gives w = 0 for every x but NaN (swish is x/2 and
 * its derivative 1/2, also at x = +-inf), not 0*inf = NaN. */
static inline V k_swish_w(V x, V beta, V *lo)
{
    V xw = v_sel(v_eq(beta, C(0.0f)), k_zero_nan(x), x);
    return k_mul2_raw(beta, xw, lo);
}
static inline V op_swish_fwd(V x, V beta, V p1)
{
    (void)p1;
    V lo, w = k_swish_w(x, beta, &lo);
    return k_swish_f(x, w, lo, 1, k_swish_zero_w(beta));
}
static inline V op_swish_bwd(V dy, V x, V beta, V p1)
{
    (void)p1;
    V lo, w = k_swish_w(x, beta, &lo);
    return k_swish_b(dy, w, lo);
}

/* log1p(e) for e = e^-|t| in [0, 1]: e itself below 2^-40, where log1p(e)
 * rounds to e (e/2 relative below it), and t_log1p of 2^-40 there instead,
 * since its products (s^2, s^3) would otherwise underflow, and a
 * multiplication with a subnormal result is several times slower */
static inline V k_log1p_e(V e)
{
    M tiny = v_lt(e, C(0x1p-40f));
    if (m_any(tiny))
        return v_sel(tiny, e, t_log1p(v_max(C(0x1p-40f), e)));
    return t_log1p(e);
}

/* softplus = (max(t, 0) + log1p(e^-|t|))/beta, t = beta*x; x where t > threshold.
 * On deep lanes log1p(e) == e to float precision, taken scaled. */
static K_COLD V k_softplus_deep(V x, V beta, V thr, V t, V lo)
{
    M pos = v_ge(t, C(0.0f)); /* t = 0 gives ln2 either way */
    M deep = v_gt(v_abs(t), C(DEEP)), dneg = m_and(deep, m_not(pos));
    /* lo is NaN where t overflowed (deep lanes): t > thr picks x there */
    V lf = k_lo_finite(t, lo);
    V e = k_exp_deep(v_neg(v_abs(t)), v_sel(pos, v_neg(lf), lf), deep);
    /* above 80 log1p(e^-t) is below half an ulp of lo and of t (as in
     * op_softplus_fwd): 0 stands in, and e^-t is not unscaled.  Below -80
     * log1p(e) = e, scaled; y's 2^-64 undone by k_unscale64, so no
     * multiplication has a subnormal result, which is slow */
    V l = v_sel(dneg, e, k_log1p_e(v_sel(deep, C(0.0f), e)));
    V y = v_div(v_sel(pos, v_add(t, v_add(l, lo)), l), beta);
    return v_sel(v_gt(t, thr), x, v_sel(dneg, k_unscale64(y), y));
}
static inline V k_softplus_y(V x, V beta, V thr, V t, V lo, V l)
{
    V y = v_div(v_sel(v_ge(t, C(0.0f)), v_add(t, v_add(l, lo)), l), beta);
    return v_sel(v_gt(t, thr), x, y);
}
/* no deep lane (|t| <= 80): the same bits without the scaling.  No lane
 * below -80: above 80 e^-80 stands in for e^-t (lo dropped from it), as
 * either is below half an ulp of lo (a multiple of 2^-47 t where not 0)
 * and of t, so t + (l + lo) rounds alike */
static inline V op_softplus_fwd(V x, V beta, V thr)
{
    V lo, t = k_mul2_raw(beta, x, &lo);
    if (k_any_deep(t)) {
        if (k_any_deep_below(t))
            return k_softplus_deep(x, beta, thr, t, lo);
        M hi = v_gt(t, C(DEEP));
        V e = k_expneg_near(v_min(C(DEEP), t), v_sel(hi, C(0.0f), lo)).e;
        return k_softplus_y(x, beta, thr, t, lo, k_log1p_e(e));
    }
    return k_softplus_y(x, beta, thr, t, lo, k_log1p_e(k_expneg_near(t, lo).e));
}
/* dy*sigmoid(t), t = th + lo: the near form dy*num/den for |t| <= 80 (DEEP,
 * it would hold to 87, where e^-|t| is still normal, but there dy*e^t is
 * subnormal for |dy| below 2^-0.5 rather than 2^-10.6, and a multiplication
 * with a subnormal result costs several times a normal one on x86: avx512
 * softplus bwd on uniform [-100, 100] took 1.99 times its N(0, 1) time from
 * 87, 1.83 from 80).  On a vector with a lane beyond: above 80, e^-|t| held
 * to e^-80 and lo dropped (lo, up to 2^-24 t, would scale it into
 * something, where 1 + e^-t is 1), so the result is dy; below -80 it is
 * dy*e^t, with e^t scaled by 2^128 (k_exp_deep128_lo: one exponential with
 * the other lanes'), which holds every result that does not round to 0
 * while |dy| <= 2^64; a larger dy on those lanes takes k_deep_prod out of
 * line.  The other lanes get the near form's bits. */
static K_HOT V k_sigmoid_m_deep(V dy, V t, V lo)
{
    M pos = v_ge(t, C(0.0f)), dneg = v_lt(t, C(-DEEP));
    lo = v_sel(v_gt(t, C(DEEP)), C(0.0f), k_lo_finite(t, lo));
    V a = v_sel(dneg, t, v_max(C(-DEEP), v_neg(v_abs(t))));
    V e = k_exp_deep128_lo(a, v_sel(pos, v_neg(lo), lo), dneg);
    V near = v_mul(dy, v_div(v_sel(pos, C(1.0f), e), v_add(C(1.0f), e)));
    /* dy 0 on the other lanes: their product (discarded) may be subnormal */
    V dx = v_sel(dneg, k_unscale128(v_mul(v_sel(dneg, dy, C(0.0f)), e)), near);
    M big = m_and(dneg, v_gt(v_abs(dy), C(0x1p64f)));
    return m_any(big) ? k_deep_big(dy, t, lo, C(1.0f), dx, big) : dx;
}
/* dy*sigmoid(t) on every vector: the near form, with the lanes above 80
 * held there and their lo dropped where no lane is below -80 (dy, the
 * deep form's bits on them) */
static inline V k_sigmoid_m(V dy, V t, V lo)
{
    if (k_any_deep(t)) {
        if (k_any_deep_below(t))
            return k_sigmoid_m_deep(dy, t, lo);
        lo = v_sel(v_gt(t, C(DEEP)), C(0.0f), lo);
        t = v_min(C(DEEP), t);
    }
    k_expneg e = k_expneg_near(t, lo);
    return v_mul(dy, v_div(e.num, e.den));
}
static inline V op_softplus_bwd(V dy, V x, V beta, V thr)
{
    V lo, t = k_mul2_raw(beta, x, &lo);
    return v_sel(v_gt(t, thr), dy, k_sigmoid_m(dy, t, lo));
}

/* logsigmoid = min(x, 0) - log1p(e^-|x|): both terms have the same sign. */
static inline V op_logsigmoid_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V e = t_exp(v_neg(v_abs(x)));
    V m = v_sel(v_lt(x, C(0.0f)), x, C(0.0f));
    return v_sub(m, k_log1p_e(e));
}
/* dy*sigmoid(-x) */
static inline V op_logsigmoid_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_sigmoid_m(dy, v_neg(x), C(0.0f));
}

/* mish = x*n/(n + 2), n = e(e + 2), e = e^x: tanh(log1p(e)) without tanh or
 * log; x itself above 20, where n/(n + 2) rounds to 1 (and before e^2
 * overflows). */
/* Below -64 mish takes the scaled form: the plain one's low parts (el,
 * the remainder of x a) fall below 2^-126 there, and a multiplication with
 * a subnormal result costs several times a normal one on x86. */
#define MISH_DEEP 64.0f
/* the lanes below -64 of y: there mish = x e^x (1 + e^x/2)/(1 + e^x +
 * e^2x/2) is x e^x to float precision (e^x < 2^-92), rounded once with e^x
 * scaled by k_exp_deep128 and the product unscaled; x held to -2^64 (x =
 * -inf: the limit -0).  The other lanes' x is 0, so that nothing there
 * (discarded) is subnormal. */
static K_HOT V k_mish_f_deep(V x, V y)
{
    M deep = v_lt(x, C(-MISH_DEEP));
    V ex = k_exp_deep128(v_sel(deep, x, C(0.0f)), deep);
    V xd = v_sel(deep, v_max(C(-0x1p64f), x), C(0.0f));
    return v_sel(deep, k_unscale128(v_mul(xd, ex)), y);
}
/* mish = x*a/(1 + a) with a = n/2 = e + e^2/2 (T = n/(n + 2)): e = e^x in
 * two floats from the inline expf core (a one-float e^x, even correctly
 * rounded, leaves 4.6 ULP after the formula's roundings), x*a as an exact
 * product, and the quotient corrected by its remainder, so the result rounds
 * about once after e.  Deep lanes (x < -64) take the scaled form above. */
static inline V op_mish_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    /* NaN stays NaN; below -64 the deep form replaces the lane: 0 there */
    M deep = v_lt(x, C(-MISH_DEEP));
    V xm = v_sel(deep, C(0.0f), v_min(C(20.0f), x));
    V q, s = k_exp_reduce(xm, &q);
    V t = k_expm1_reduced(s);
    V u = v_add(C(1.0f), t);
    V ul = v_add(v_sub(C(1.0f), u), t);                     /* u + ul == 1 + t */
    V eh = v_ldexp(u, q), el = v_ldexp(ul, q);              /* e^x = eh + el */
    V ah = v_fma(v_mul(C(0.5f), eh), eh, eh);
    V al = v_fma(eh, el, el);                               /* (1 + eh) el */
    V d = v_add(C(1.0f), ah);
    V pe, pr = k_mul2_raw(xm, ah, &pe);                       /* |xm*ah| < 2^63 */
    pe = v_fma(xm, al, pe);
    V qt = v_div(pr, d);
    V y = v_add(qt, v_div(v_add(v_fma(v_neg(qt), d, pr), pe), d));
    if (m_any(deep))
        y = k_mish_f_deep(x, y);
    y = v_copysign(y, x); /* mish has x's sign: mish(-0) = -0 (the sum above gave +0) */
    return v_sel(v_gt(x, C(20.0f)), x, y);
}
/* d/dx = T + x sigmoid(x) (1 - T^2), T = n/(n + 2), as one fraction in
 * y = e^-|x|, written so that no term cancels except at the derivative's
 * own root (x = -1.19):
 *   x >= 0:  (1 + y(4 + y(B + y A))) / (1 + y(2 + 2y))^2
 *   x <  0:  y (A + y(B + y(4 + y))) / (2 + y(2 + y))^2
 * with A = 4 + 4x, B = 6 + 4x, evaluated in double (A and B exact there; in
 * float every Horner step would need a two-float product and sum) with y
 * from two floats, and dy times it in double, rounded once to float.
 * Below -80 it is e^x (1 + x) (k_deep_prod: any dy); above 20, 1. */
static inline VD k_mish_d(VD x, VD y)
{
    VD x4 = vd_mul(vd_set(4.0), x);
    VD A = vd_add(vd_set(4.0), x4), B = vd_add(vd_set(6.0), x4);
    VD np = vd_fma(y, vd_fma(y, vd_fma(y, A, B), vd_set(4.0)), vd_set(1.0));
    VD nn = vd_mul(y, vd_fma(y, vd_fma(y, vd_add(y, vd_set(4.0)), B), A));
    VD qp = vd_fma(y, vd_fma(y, vd_set(2.0), vd_set(2.0)), vd_set(1.0));
    VD qn = vd_fma(y, vd_add(y, vd_set(2.0)), vd_set(2.0));
    VD q = vd_sel_ge0(x, qp, qn);
    return vd_div(vd_sel_ge0(x, np, nn), vd_mul(q, q));
}
/* dy*mish'(x) for x in [-80, 20] (NaN allowed) */
static inline V k_mish_b_near(V dy, V x)
{
    V yl, yh = k_exp2f(v_neg(v_abs(x)), C(0.0f), &yl);
    VD r0 = vd_mul(vd_lo(dy), k_mish_d(vd_lo(x), vd_add(vd_lo(yh), vd_lo(yl))));
    if (VD_HALVES == 1)
        return v_from_vd(r0, r0);
    VD r1 = vd_mul(vd_hi(dy), k_mish_d(vd_hi(x), vd_add(vd_hi(yh), vd_hi(yl))));
    return v_from_vd(r0, r1);
}
static K_COLD V k_mish_b_deep(V m, V u, V x, V near)
{
    V xl, xc = k_clamp_f(x, C(0.0f), &xl);
    V fl, f = k_two_sum(C(1.0f), xc, &fl);
    V d = k_deep_prod(m, C(0.0f), u, C(1.0f), x, C(0.0f), f, fl);
    return v_sel(v_lt(x, C(-DEEP)), d, near);
}
/* below -80, dy e^x (1 + x) by k_scaled_prod while |dy| <= 2^64 (1 + x
 * exact, x held to -2^20, where the product is 0 already); a vector with a
 * larger dy takes k_deep_prod on those lanes */
static K_HOT V k_mish_b_tail(V dy, V x, V near)
{
    V xn = v_min(C(0.0f), x); /* the lanes above 0 are replaced: kept finite */
    V f = v_add(C(1.0f), v_max(C(-0x1p20f), xn));
    V d = k_scaled_prod(v_sel(v_gt(v_abs(dy), C(0x1p64f)), C(0.0f), dy), C(0.0f), f, xn, C(0.0f));
    d = v_sel(v_lt(x, C(-DEEP)), d, near);
    if (k_any_big(dy)) {
        V u, m = k_prescale(dy, &u);
        d = v_sel(v_gt(v_abs(dy), C(0x1p64f)), k_mish_b_deep(m, u, x, near), d);
    }
    return d;
}
static inline V op_mish_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    /* NaN stays NaN; 0 below -80, where the lane is replaced */
    V xc = v_sel(v_lt(x, C(-DEEP)), C(0.0f), v_min(C(20.0f), x));
    V dx = k_mish_b_near(dy, xc);
    if (k_any_deep_below(x))
        dx = k_mish_b_tail(dy, x, dx);
    return v_sel(v_gt(x, C(20.0f)), dy, dx);
}

/* ---- elu / selu ---------------------------------------------------------- */
/* expm1(x) for x <= 0 with expm1(-0) = -0 in both tiers (FAST's polynomial
 * gives +0 there): its sign is x's on every lane that uses it.  Of
 * min(0, x): the lanes x > 0, which the caller discards, make no overflow
 * (NaN stays NaN).  Below -20 expm1 rounds to -1 (e^-20 < 2^-28): the
 * argument is raised to -20, whose expm1 is -1 in both tiers (tested), so
 * that no vector takes FAST's full-range form for a lane in the tail and no
 * lane needs a select. */
static K_HOT V k_expm1_neg(V x)
{
    return v_copysign(t_expm1_normal(v_max(C(-20.0f), v_min(C(0.0f), x))), x);
}
static inline V op_elu_fwd(V x, V alpha, V p1)
{
    (void)p1;
    return v_sel(v_gt(x, C(0.0f)), x, v_mul(alpha, k_expm1_neg(x)));
}
/* the backward of elu and selu: dy*s for x > 0, m e^x below with m = dy*a
 * rounded first (a*e^x first would underflow for a small alpha where the
 * result does not: alpha = 2^-60, dy = 2^120, x = -80).  e^x of min(0, x),
 * so the lanes x > 0 make no inf; below -80 scaled by 2^128 (k_exp_deep128),
 * so that a subnormal result rounds once for every |m| <= 2^64.  Vectors
 * with a larger m (or an infinite
 * one) take k_deep_prod out of line on those lanes; the others keep their
 * bits. */
static K_HOT V k_elu_b(V dy, V x, V s, V a)
{
    V m = v_mul(dy, a), xn = v_min(C(0.0f), x), near;
    if (k_any_deep_below(x)) {
        M deep = v_lt(x, C(-DEEP));
        near = v_mul(m, k_exp_deep128(xn, deep));
        near = v_sel(deep, k_unscale128(v_sel(deep, near, C(0.0f))), near);
    } else {
        near = v_mul(m, t_exp_normal(xn)); /* x >= -80 */
    }
    /* x <= 0: a NaN x keeps near's NaN (k_deep_prod would read it as 0) */
    if (k_any_big(m))
        near = k_deep_big(dy, xn, C(0.0f), a, near,
                          m_and(v_gt(v_abs(m), C(0x1p64f)), v_le(x, C(0.0f))));
    return v_sel(v_gt(x, C(0.0f)), v_mul(dy, s), near);
}
static inline V op_elu_bwd(V dy, V x, V alpha, V p1)
{
    (void)p1;
    return k_elu_b(dy, x, C(1.0f), alpha);
}
#define SELU_SCALE 0x1.0cfabep+0f           /* 1.0507009873554805 */
#define SELU_SA 0x1.c212ccp+0f              /* scale*alpha, 1.7580993408473766 */
static inline V op_selu_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return v_sel(v_gt(x, C(0.0f)), v_mul(x, C(SELU_SCALE)), v_mul(C(SELU_SA), k_expm1_neg(x)));
}
static inline V op_selu_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_elu_b(dy, x, C(SELU_SCALE), C(SELU_SA));
}

/* ---- celu ------------------------------------------------------------------
 * celu = x for x > 0, alpha*expm1(x/alpha) elsewhere.  t = x/alpha is carried
 * as t + t_lo (the division's remainder over alpha): e^t at t = -80 would
 * otherwise lose 40 ULP to the rounding of t. */
static inline V k_div2(V x, V a, V *lo)
{
    V t = v_div(x, a);
    *lo = k_lo_finite(t, v_div(v_fma(v_neg(t), a, x), a));
    return t;
}
/* t on the lanes that use it (x <= 0 or NaN), 0 on the others: their e^t,
 * unused, would overflow for large x */
static inline V k_celu_t(V x, V alpha, V *lo)
{
    V t = k_div2(x, alpha, lo);
    return v_sel(v_gt(x, C(0.0f)), C(0.0f), t);
}
static inline V op_celu_fwd(V x, V alpha, V p1)
{
    (void)p1;
    V lo, t = k_celu_t(x, alpha, &lo);
    /* t held to -20, where expm1 rounds to -1 as it does below (e^-20 is
     * below a quarter ULP of 1), so that only t > 20 (alpha < 0) takes the
     * full-range form; NaN stays NaN */
    V tc = v_max(C(-20.0f), t);
    V m = m_any(v_gt(tc, C(20.0f))) ? t_expm1(tc) : t_expm1_normal(tc);
    /* expm1(t + lo) = m + (m + 1) lo; m = inf (alpha < 0, x -> -inf) stays
     * inf without an inf*0 */
    V y = v_fma(v_min(C(0x1.fffffep127f), v_add(m, C(1.0f))), lo, m);
    /* |t| < 2^-25: alpha*expm1(t) = x (1 + t/2 + ...) rounds to x, which a
     * tiny or subnormal t would not give back (alpha = 1e20, x = -1e-20
     * lost 66 ULP); x = +-0 keeps the product's sign of zero */
    M tiny = m_and(v_lt(v_abs(t), C(0x1p-25f)), v_ne(x, C(0.0f)));
    return v_sel(m_or(v_gt(x, C(0.0f)), tiny), x, v_mul(alpha, y));
}
/* d/dx = 1 for x > 0, e^(x/alpha) elsewhere, t = x/alpha in two floats.
 * Below -80 e^t is scaled by 2^128 (k_exp_deep128_lo: one exponential with
 * the other lanes), so that
 * dy*e^t rounds once for |dy| <= 2^64; a larger dy on those lanes
 * takes k_deep_prod out of line.  Above 88 (alpha < 0) e^t is inf. */
static inline V op_celu_bwd(V dy, V x, V alpha, V p1)
{
    (void)p1;
    V lo, t = k_celu_t(x, alpha, &lo);
    M dneg = v_lt(t, C(-DEEP)), over = v_gt(t, C(88.0f));
    V dx;
    if (m_any(dneg)) {
        /* alpha > 0 on these lanes, so no lane is over (alpha < 0); t held
         * to 88 all the same */
        V e = k_exp_deep128_lo(v_min(C(88.0f), t), lo, dneg);
        V p = v_mul(dy, e);
        /* unscaled on the deep lanes only: the others' p*2^-128 (discarded)
         * may be subnormal */
        dx = v_sel(dneg, k_unscale128(v_sel(dneg, p, C(0.0f))), p);
        M big = m_and(dneg, v_gt(v_abs(dy), C(0x1p64f)));
        if (m_any(big))
            dx = k_deep_big(dy, t, lo, C(1.0f), dx, big);
    } else {
        V e = t_exp_on(t, over);
        dx = v_mul(dy, v_fma(v_min(C(0x1.fffffep127f), e), lo, e));
    }
    return v_sel(v_gt(x, C(0.0f)), v_mul(dy, C(1.0f)), dx);
}

/* glu's gate: sigmoid(a)*m = m/(1 + e^-a), m folded in before the last
 * rounding (swish's form with x = m, w = a). */
static inline V op_sigmoid_gated_fwd(V a, V m)
{
    return k_sig_gated_f(m, C(1.0f), a, C(0.0f));
}
/* da = (dy*b)*sigmoid'(a) = (dy*b)*E/S rounded once (k_sig2_near; the deep
 * lanes, |a| > 45, from k_sig_b_deep), db = dy*sigmoid(a) */
static K_COLD V k_sigmoid_b_deep(V mh, V ml, V u1, V u2, V a, V near)
{
    M deep = v_gt(v_abs(a), C(DEEP_D));
    V r = k_deep_prod(mh, ml, u1, u2, v_neg(v_abs(a)), C(0.0f), C(1.0f), C(0.0f));
    return v_sel(deep, r, near);
}
static inline V k_sigmoid_d_near(V a, V *fl)
{
    k_sig2 g = k_sig2_near(v_max(C(-DEEP_D), v_min(C(DEEP_D), a)), C(0.0f));
    return k_div22(g.eh, g.el, g.sh, g.sl, fl);
}
/* m*sigmoid'(a) on a vector with a lane |a| > 45 and every |m| <= 2^64,
 * m = mh + ml: on those lanes m E to 2^-63 relative, E = e^-|a| scaled as
 * k_scaled_prod scales it and taken from the same two-float exponential as
 * the other lanes', rounded once and unscaled; the other lanes get
 * k_sigmoid_d_near's bits */
static K_HOT V k_sigmoid_b_mixed(V mh, V ml, V a)
{
    M deep = v_gt(v_abs(a), C(DEEP_D)), pos = v_ge(a, C(0.0f));
    V na = v_neg(v_abs(a));
    M d2, low;
    V sl, ad = k_scaled_arg(na, C(0.0f), &sl, &d2, &low);
    V el, eh = k_exp2f(v_sel(deep, ad, na), v_sel(deep, sl, v_sel(pos, C(-0.0f), C(0.0f))), &el);
    k_sig2 g = k_sig2_from(eh, el, pos);
    V fl, fh = k_div22(g.eh, g.el, g.sh, g.sl, &fl);
    /* the scaled product only on the deep lanes (the others' is discarded
     * and may be subnormal) */
    V r = k_unscale_deep(k_fold_mul2(mh, ml, v_sel(deep, eh, C(0.0f)), v_sel(deep, el, C(0.0f))), d2);
    r = v_sel(low, v_mul(mh, C(0.0f)), r);
    return v_sel(deep, r, k_fold_mul2(mh, ml, fh, fl));
}
/* the vectors with a gradient beyond 2^64: those lanes prescaled (their
 * deep ones from k_sig_b_deep); the others as without such a neighbour */
static K_COLD V k_sigmoid_b_big(V dy, V a, V b)
{
    V u1, u2, ml, mh = k_mul2_pre(dy, b, &ml, &u1, &u2);
    V fl, fh = k_sigmoid_d_near(a, &fl);
    V da = v_mul(v_mul(k_fold_mul2(mh, ml, fh, fl), u1), u2);
    if (!m_any(v_gt(v_abs(a), C(DEEP_D))))
        return da;
    V rl, r = k_mul2_raw(dy, b, &rl);
    M big = v_gt(v_abs(r), C(0x1p64f));
    V yn = k_sigmoid_b_mixed(v_sel(big, C(0.0f), r), v_sel(big, C(0.0f), rl), a);
    return v_sel(big, k_sigmoid_b_deep(mh, ml, u1, u2, a, da), yn);
}
static inline void op_sigmoid_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    *db = k_sig_gated_f(dy, C(1.0f), a, C(0.0f));
    V ml, mh = k_mul2_raw(dy, b, &ml);
    if (k_any_big(mh)) {
        *da = k_sigmoid_b_big(dy, a, b);
        return;
    }
    if (m_any(v_gt(v_abs(a), C(DEEP_D)))) {
        *da = k_sigmoid_b_mixed(mh, ml, a);
        return;
    }
    V fl, fh = k_sigmoid_d_near(a, &fl);
    *da = k_fold_mul2(mh, ml, fh, fl);
}

/* ---- tanhshrink ------------------------------------------------------------
 * x - tanh x, odd.  Below |x| = 1.125, where the difference cancels,
 * |x|^3 P(x^2) with |x|^3 as an exact two-float product; above,
 * (|x| - 1) + 2E/(1 + E), E = e^-2|x|: two positive terms (|x| - 1 exact up
 * to 2).  P and the backward's H: tools/fit_tanhshrink.py. */
static const float k_tshr_p[10] = {
    0x1.555556p-2f, -0x1.11111p-3f, 0x1.ba1ad8p-5f, -0x1.663f04p-6f,
    0x1.21c068p-7f, -0x1.ce5256p-9f, 0x1.5c2448p-10f, -0x1.be19acp-12f,
    0x1.955d34p-14f, -0x1.70bd9cp-17f,
};
static const float k_tshr_h[10] = {
    0x1.0p+0f, -0x1.55554cp-1f, 0x1.82d62ap-2f, -0x1.92effep-3f,
    0x1.8da2d4p-4f, -0x1.73e6b4p-5f, 0x1.3bcd26p-6f, -0x1.b720ep-8f,
    0x1.a39c4p-10f, -0x1.88f992p-13f,
};
#define TSHR_CUT 1.125f
static inline V k_horner10(const float *c, V z)
{
    V r = C(c[9]);
    for (int k = 8; k >= 0; k--)
        r = v_fma(r, z, C(c[k]));
    return r;
}
static inline V op_tanhshrink_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V a = v_abs(x);
    V as = v_min(a, C(TSHR_CUT));                 /* small branch's argument */
    V zl, z = k_mul2_raw(as, as, &zl);
    V cl, c = k_mul2_raw(as, z, &cl);             /* |x|^3 = c + cl + as*zl */
    V p = k_horner10(k_tshr_p, z);
    V ys = v_fma(c, p, v_mul(v_fma(as, zl, cl), p));
    /* -2a held to -87 (NaN stays): beyond, E < 2^-125 is nothing beside
     * a - 1 > 42, so the result is the same; no lane needs the full range */
    V E = t_exp_normal(v_max(C(-87.0f), v_mul(C(-2.0f), a)));
    V yl = v_add(v_sub(a, C(1.0f)), v_div(v_add(E, E), v_add(C(1.0f), E)));
    return v_copysign(v_sel(v_lt(a, C(TSHR_CUT)), ys, yl), x);
}
/* d/dx = tanh(x)^2: x^2 H(x^2) below TSHR_BCUT, (1 - E)^2/(1 + E)^2 above
 * (E = e^-2|x| in two floats), either in two floats, then dy times it
 * rounded once.  The backward's cut is lower than the forward's: H's float
 * Horner loses most near the forward's cut (3.4 2^-24 of tanh^2 at
 * x = 1.11), where 1 - E no longer cancels much.  A vector with a lane 0 < |x| < 2^-40, where x^2 H would
 * lose bits to a subnormal before a huge dy brings the product back,
 * multiplies dy |x| first (k_tanhshrink_b_tiny). */
#define TSHR_BCUT 0.5f
static inline V k_tanhshrink_d(V a, V *fl)
{
    V as = v_min(a, C(TSHR_BCUT));
    V hl, h = k_mul22(as, C(0.0f), k_horner10(k_tshr_h, v_mul(as, as)), C(0.0f), &hl);
    V xl, xh = k_mul22(as, C(0.0f), h, hl, &xl);
    /* -2|x| held to -40: E < 2^-57 is nothing beside 1 in two floats, so
     * tanh^2 is the same, and below it E's low part and its products would
     * be subnormal (several times slower on x86) */
    V el, eh = k_exp2f(v_max(C(-40.0f), v_mul(C(-2.0f), a)), C(0.0f), &el);
    V nl, nh = k_add22(C(1.0f), C(0.0f), v_neg(eh), v_neg(el), &nl);
    V dl, dh = k_add22(C(1.0f), C(0.0f), eh, el, &dl);
    V sl, sh = k_mul22(nh, nl, nh, nl, &sl);
    V ql, qh = k_mul22(dh, dl, dh, dl, &ql);
    V gl, gh = k_div22(sh, sl, qh, ql, &gl);
    M small = v_lt(a, C(TSHR_BCUT));
    *fl = v_sel(small, xl, gl);
    return v_sel(small, xh, gh);
}
static K_COLD V k_tanhshrink_b_tiny(V dy, V a)
{
    V as = v_min(a, C(TSHR_BCUT));
    V hl, h = k_mul22(as, C(0.0f), k_horner10(k_tshr_h, v_mul(as, as)), C(0.0f), &hl);
    /* (dy |x|) (|x| H), dy prescaled and the scaling undone on |x| H (at
     * most 2^64 * 1.3), so that neither dy |x| nor the product underflows
     * first */
    V u, m = k_prescale(dy, &u);
    V ml, mx = k_mul2_raw(m, as, &ml);
    V fl, fh = k_tanhshrink_d(a, &fl);
    V r = k_fold_div(mx, ml, v_mul(h, u), v_mul(hl, u), C(1.0f), C(0.0f));
    M tiny = m_and(v_gt(a, C(0.0f)), v_lt(a, C(0x1p-40f)));
    return v_sel(tiny, r, k_fold_mul(dy, fh, fl));
}
static inline V op_tanhshrink_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V a = v_abs(x);
    if (m_any(m_and(v_gt(a, C(0.0f)), v_lt(a, C(0x1p-40f)))))
        return k_tanhshrink_b_tiny(dy, a);
    V fl, fh = k_tanhshrink_d(a, &fl);
    return k_fold_mul(dy, fh, fl);
}

#endif
