/* SPDX-License-Identifier: MIT */
/*
 * The math of gelu, erf form and tanh form, once, per vector (and the gate
 * of geglu).  Phi comes from the tier (t_Phi2): erfc in HIGH, a table of
 * polynomials in FAST.
 */
#ifndef VACT_KERNELS_OPS_GELU_H
#define VACT_KERNELS_OPS_GELU_H

/* ---- gelu (erf form) ----------------------------------------------------- */
#define GELU_TAIL -10.0f

/* ln sqrt(2 pi) = LNS_HI + LNS_LO */
#define LNS_HI 0x1.d67fp-1f
#define LNS_LO 0x1.c864bep-21f

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
/* m*u1*u2*F*phi(x) below GELU_TAIL: phi(x) = e^(-x^2/2 - ln sqrt(2 pi))
 * with the exponent in two floats, through k_deep_prod, so a result in float's range
 * is found however large m.  F(xc, u) is the tail's factor; below -30 the
 * result is 0 for every m up to 2^256 (dy*b; phi(-30) < 2^-640), which
 * xc = -30 gives. */
/* the tail's exponent -x^2/2 - ln sqrt(2 pi) in two floats, x = xc */
static inline V k_gelu_tail_a(V xc, V *alo)
{
    V l, h = k_mul2(xc, xc, &l);
    V ae, a = k_two_sum(v_mul(h, C(-0.5f)), C(-LNS_HI), &ae);
    *alo = v_add(ae, v_fma(l, C(-0.5f), C(-LNS_LO)));
    return a;
}
static inline V k_gelu_tail_prod(V mh, V ml, V u1, V u2, V x, V xc, V f)
{
    V alo, a = k_gelu_tail_a(xc, &alo);
    /* x = -inf: phi is exactly 0 there (an infinite m then gives NaN, as
     * inf*0 has no limit), not phi(-30) */
    a = v_sel(v_eq(x, C(-INFINITY)), C(-INFINITY), a);
    return k_deep_prod(mh, ml, u1, u2, a, alo, f, C(0.0f));
}
static inline V k_gelu_xc(V x) { return v_min(C(GELU_TAIL), v_max(C(-30.0f), x)); }

/* gelu(x)*m = -m phi(x) (1 - u + 3u^2 ...) for x -> -inf; m = ms*u */
static K_COLD V k_gelu_tail(V x, V ms, V u, V y)
{
    V xc = k_gelu_xc(x); /* the other lanes: no 1/0 */
    V f = v_neg(k_mills(v_div(C(1.0f), v_mul(xc, xc))));
    return v_sel(v_lt(x, C(GELU_TAIL)), k_gelu_tail_prod(ms, C(0.0f), u, C(1.0f), x, xc, f), y);
}
/* gelu(x)*ms*u (u a power of two), ms folded in before the last rounding */
static inline V k_gelu_f(V x, V ms, V u)
{
    /* x raised to the tail's start: the tail's lanes are replaced, and
     * -FLT_MAX*m would otherwise overflow to meet Phi = 0 (inf*0) */
    V y = v_mul(v_mul(v_mul(v_max(C(GELU_TAIL), x), ms), t_Phi2(x, NULL, NULL)), u);
    return m_any(v_lt(x, C(GELU_TAIL))) ? k_gelu_tail(x, ms, u, y) : y; /* x = +inf: (x*m)*1 */
}
/* Below these, |m| phi(x) < 2^-152 for |m| <= 1 and for |m| <= 2^64: the
 * tail's product rounds to -0 times m's sign, which m*(-0) gives as
 * k_scaled_prod would (NaN stays NaN).  On uniform [-100, 100] a vector
 * then takes the scaled form only for a lane in [-14.5, -10], not for
 * any lane below -10. */
#define GELU_ZERO1 -14.5f
#define GELU_ZERO64 -17.5f
/* gelu(x)*m for |m| <= 2^64: below GELU_TAIL -m phi(x) (1 - u + 3u^2 ...)
 * by k_scaled_prod, below zt (GELU_ZERO1 or GELU_ZERO64, as m allows)
 * the signed zero; Phi on the other lanes of x held to GELU_TAIL, so no
 * lane evaluates a subnormal Phi only to be replaced */
/* (P = Phi(max(GELU_TAIL, x)), taken once by geglu's backward for both
 * outputs) */
static K_HOT V k_gelu_f1P(V x, V m, V P, float zt)
{
    M tail = v_lt(x, C(GELU_TAIL));
    V xt = v_max(C(GELU_TAIL), x); /* NaN stays NaN */
    V y = v_mul(v_mul(xt, m), P);
    if (!m_any(tail))
        return y;
    y = v_sel(v_lt(x, C(zt)), v_mul(m, C(-0.0f)), y);
    M deep = m_and(tail, v_ge(x, C(zt)));
    if (!m_any(deep))
        return y;
    V xc = v_min(C(GELU_TAIL), v_max(C(zt), x)); /* the other lanes: no 1/0 */
    V f = v_neg(k_mills(v_div(C(1.0f), v_mul(xc, xc))));
    V alo, a = k_gelu_tail_a(xc, &alo);
    return v_sel(deep, k_scaled_prod(m, C(0.0f), f, a, alo), y);
}
static K_HOT V k_gelu_f1(V x, V m, float zt)
{
    return k_gelu_f1P(x, m, t_Phi2(v_max(C(GELU_TAIL), x), NULL, NULL), zt);
}
/* gelu(x)*m, m brought below 2^64 first (k_prescale) on the lanes beyond:
 * x*m overflows only where the result does; the other lanes as without
 * such a neighbour */
static K_COLD V k_gelu_gated_big(V x, V m)
{
    M big = v_gt(v_abs(m), C(0x1p64f));
    V u, ms = k_prescale(m, &u);
    return v_sel(big, k_gelu_f(x, ms, u), k_gelu_f1(x, v_sel(big, C(0.0f), m), GELU_ZERO64));
}
static inline V op_gelu_gated_fwd(V x, V m)
{
    if (k_any_big(m))
        return k_gelu_gated_big(x, m);
    return k_gelu_f1(x, m, GELU_ZERO64);
}
static inline V op_gelu_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_gelu_f1(x, C(1.0f), GELU_ZERO1);
}
/* d/dx = Phi(x) + x phi(x); in the tail phi(x) x (1 - u S(u)). */
static K_COLD V k_gelu_tail_b(V mh, V ml, V u1, V u2, V x, V dx)
{
    V xc = k_gelu_xc(x); /* the other lanes: no 1/0 */
    V u = v_div(C(1.0f), v_mul(xc, xc));
    V f = v_mul(xc, v_fma(v_neg(u), k_mills(u), C(1.0f)));
    return v_sel(v_lt(x, C(GELU_TAIL)), k_gelu_tail_prod(mh, ml, u1, u2, x, xc, f), dx);
}
/* gelu'(x) = x phi(x) + Phi(x) in two floats, fh + *fl (x phi(x) in two
 * floats from the tier, so only Phi's own error is left); *P = Phi(x) */
static inline V k_gelu_dP(V x, V *fl, V *P)
{
    V tl, t;
    *P = t_Phi2(x, &t, &tl);
    return k_add22(t, tl, *P, C(0.0f), fl);
}
static inline V k_gelu_d(V x, V *fl)
{
    V P;
    return k_gelu_dP(x, fl, &P);
}
/* m*u1*u2*gelu'(x), m = mh + ml (prescaled: the tail scales its product),
 * rounded once */
static inline V k_gelu_b2(V mh, V ml, V u1, V u2, V x)
{
    V fl, fh = k_gelu_d(x, &fl);
    V dx = v_mul(v_mul(k_fold_mul2(mh, ml, fh, fl), u1), u2);
    return m_any(v_lt(x, C(GELU_TAIL))) ? k_gelu_tail_b(mh, ml, u1, u2, x, dx) : dx;
}
/* m*gelu'(x) for |m| <= 2^64 (m = mh + ml; two: m in two floats) on a
 * vector with a lane below GELU_TAIL: there m phi(x) x (1 - u S(u)) by
 * k_scaled_prod down to GELU_ZERO64, the signed zero below; the other
 * lanes as without such a neighbour, gelu' evaluated at x held to
 * GELU_TAIL */
static K_HOT V k_gelu_b_tail_sP(V mh, V ml, int two, V x, V *P)
{
    V fl, fh = k_gelu_dP(v_max(C(GELU_TAIL), x), &fl, P); /* NaN stays NaN */
    V dx = two ? k_fold_mul2(mh, ml, fh, fl) : k_fold_mul(mh, fh, fl);
    /* below GELU_ZERO64 |m x phi(x)| < 2^-152: m's signed zero, negated */
    dx = v_sel(v_lt(x, C(GELU_ZERO64)), v_mul(mh, C(-0.0f)), dx);
    M deep = m_and(v_lt(x, C(GELU_TAIL)), v_ge(x, C(GELU_ZERO64)));
    if (!m_any(deep))
        return dx;
    V xc = v_min(C(GELU_TAIL), v_max(C(GELU_ZERO64), x)); /* the other lanes: no 1/0 */
    V u = v_div(C(1.0f), v_mul(xc, xc));
    V f = v_mul(xc, v_fma(v_neg(u), k_mills(u), C(1.0f)));
    V alo, a = k_gelu_tail_a(xc, &alo);
    return v_sel(deep, k_scaled_prod(mh, ml, f, a, alo), dx);
}
static K_HOT V k_gelu_b_tail_s(V mh, V ml, int two, V x)
{
    V P;
    return k_gelu_b_tail_sP(mh, ml, two, x, &P);
}
/* the tail's vectors with a gradient beyond 2^64: those lanes prescaled
 * (k_gelu_tail_b), the others as without such a neighbour */
static K_COLD V k_gelu_b_tail1(V dy, V x)
{
    M big = v_gt(v_abs(dy), C(0x1p64f));
    V u, m = k_prescale(dy, &u);
    return v_sel(big, k_gelu_b2(m, C(0.0f), u, C(1.0f), x),
                 k_gelu_b_tail_s(v_sel(big, C(0.0f), dy), C(0.0f), 0, x));
}
/* dy*gelu'(x): dy needs no prescaling (|gelu'| < 1.13) but on vectors that
 * reach the tail */
static inline V op_gelu_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    if (m_any(v_lt(x, C(GELU_TAIL))))
        return k_any_big(dy) ? k_gelu_b_tail1(dy, x) : k_gelu_b_tail_s(dy, C(0.0f), 0, x);
    V fl, fh = k_gelu_d(x, &fl);
    return k_fold_mul(dy, fh, fl);
}
/* geglu's da for a vector with |dy*b| > 2^64 on some lane: those lanes
 * prescaled, the others as without such a neighbour */
static K_COLD V k_gelu_gated_b_big(V dy, V a, V b, V mh, V ml)
{
    V u1, u2, pl, ph = k_mul2_pre(dy, b, &pl, &u1, &u2);
    V yb = k_gelu_b2(ph, pl, u1, u2, a);
    if (!m_any(v_lt(a, C(GELU_TAIL))))
        return yb;
    M big = v_gt(v_abs(mh), C(0x1p64f));
    return v_sel(big, yb, k_gelu_b_tail_s(v_sel(big, C(0.0f), mh), v_sel(big, C(0.0f), ml), 1, a));
}
/* geglu's backward: da = dy*b*gelu'(a), db = dy*gelu(a).  A vector with
 * no product beyond 2^64 takes Phi(max(GELU_TAIL, a)) once for both: db is
 * then the forward's own bits ((a*dy)*Phi(a) off the tail) */
static inline void op_gelu_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    V ml, mh = k_mul2_raw(dy, b, &ml);
    if (k_any_big(mh)) {
        *da = k_gelu_gated_b_big(dy, a, b, mh, ml);
        *db = op_gelu_gated_fwd(a, dy);
        return;
    }
    if (m_any(v_lt(a, C(GELU_TAIL)))) {
        V P;
        *da = k_gelu_b_tail_sP(mh, ml, 1, a, &P);
        *db = k_any_big(dy) ? k_gelu_gated_big(a, dy) : k_gelu_f1P(a, dy, P, GELU_ZERO64);
        return;
    }
    V P, fl, fh = k_gelu_dP(a, &fl, &P);
    *da = k_fold_mul2(mh, ml, fh, fl);
    *db = k_any_big(dy) ? k_gelu_gated_big(a, dy) : v_mul(v_mul(a, dy), P);
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
/* 3B, for the derivative's x*w' = x*(A + 3B x^2) */
#define GT_B3_HI 0x1.b6676cp-3f
#define GT_B3_LO -0x1.175e1p-32f
/* x*(A + B x^2) in two floats, B = bh + bl */
static inline V k_gelu_tanh_poly(V x, V bh, V bl, V *w_lo)
{
    /* |x| <= 20: every product is finite, so no k_mul2 guards */
    V l, h = k_mul2_raw(x, x, &l);
    V pe, p = k_mul2_raw(bh, h, &pe);
    V q = v_add(C(GT_A_HI), p);      /* fast two-sum of A + p, larger one first */
    V qe = v_sub(v_min(C(GT_A_HI), p), v_sub(q, v_max(C(GT_A_HI), p)));
    V q_lo = v_add(v_add(qe, pe), v_fma(bh, l, v_fma(bl, h, C(GT_A_LO))));
    V we, w = k_mul2_raw(x, q, &we);
    *w_lo = v_fma(x, q_lo, we);
    return w;
}
static inline V k_gelu_tanh_w(V x, V *w_lo)
{
    return k_gelu_tanh_poly(x, C(GT_B_HI), C(GT_B_LO), w_lo);
}
static inline V op_gelu_tanh_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    return v_sel(v_gt(x, C(20.0f)), x, k_swish_f(xc, w, w_lo, 0, C(0.0f))); /* x*sigmoid(w) */
}
/* dy*b*gelu_tanh'(x) = dy*b*(sigmoid(w) + c sigmoid'(w)), c = x w' =
 * x*(A + 3B x^2) in two floats (k_swish_b2); x itself above 20, so its
 * derivative 1 there */
static inline V k_gelu_tanh_b2w(V dy, V b, V x, V xc, V w, V w_lo)
{
    w = v_sel(v_eq(x, C(-INFINITY)), x, w); /* sigmoid'(w) exactly 0 at x = -inf */
    V c_lo, c = k_gelu_tanh_poly(xc, C(GT_B3_HI), C(GT_B3_LO), &c_lo);
    return v_sel(v_gt(x, C(20.0f)), v_mul(dy, b), k_swish_b2(dy, b, w, w_lo, c, c_lo, 1));
}
/* the element-wise op: dy alone, prescaled */
static inline V k_gelu_tanh_b1(V dy, V x)
{
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    w = v_sel(v_eq(x, C(-INFINITY)), x, w); /* sigmoid'(w) exactly 0 at x = -inf */
    V c_lo, c = k_gelu_tanh_poly(xc, C(GT_B3_HI), C(GT_B3_LO), &c_lo);
    return v_sel(v_gt(x, C(20.0f)), v_mul(dy, C(1.0f)), k_swish_b1(dy, w, w_lo, c, c_lo, 1));
}
static inline V op_gelu_tanh_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return k_gelu_tanh_b1(dy, x);
}

/* geglu_tanh's gate: gelu_tanh(x)*m = (x*m)*sigmoid(w), m folded in before
 * the last rounding; x itself times m above 20 */
static inline V op_gelu_tanh_gated_fwd(V x, V m)
{
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    return v_sel(v_gt(x, C(20.0f)), v_mul(x, m), k_sig_gated_f(m, xc, w, w_lo));
}
/* da = dy*b*gelu_tanh'(a), db = dy*gelu_tanh(a), w formed once for both */
static inline void op_gelu_tanh_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    V xc = v_min(C(20.0f), v_max(C(-20.0f), a)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    *da = k_gelu_tanh_b2w(dy, b, a, xc, w, w_lo);
    *db = v_sel(v_gt(a, C(20.0f)), v_mul(a, dy), k_sig_gated_f(dy, xc, w, w_lo));
}

#endif
