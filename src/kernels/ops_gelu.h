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

/* phi(x)*2^64 for x <= -10 (deep: below -13.2 phi is subnormal), from
 * exp(-x^2/2 + KG) with x^2 as two floats; xc is clamped to [-20, -10]. */
static inline V k_phi_scaled(V xc)
{
    V l, h = k_mul2(xc, xc, &l);
    V a = v_add(v_mul(h, C(-0.5f)), C(KG_HI));   /* exact: both multiples of 2^-17 */
    V e = t_exp(a);
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
    V xc = v_min(C(GELU_TAIL), v_max(C(-20.0f), x)); /* the other lanes: no 1/0 */
    V u = v_div(C(1.0f), v_mul(xc, xc));
    V yt = v_mul(v_mul(v_neg(v_mul(k_phi_scaled(xc), k_mills(u))), m), C(0x1p-64f));
    return v_sel(v_lt(x, C(GELU_TAIL)), yt, y);
}
/* gelu(x)*m, m folded in before the last rounding (see op_silu_gated_fwd) */
static inline V op_gelu_gated_fwd(V x, V m)
{
    V y = v_mul(v_mul(x, m), t_Phi2(x, NULL));
    return m_any(v_lt(x, C(GELU_TAIL))) ? k_gelu_tail(x, m, y) : y; /* x = +inf: (x*m)*1 */
}
static inline V op_gelu_fwd(V x, V p0, V p1)
{
    (void)p0; (void)p1;
    return op_gelu_gated_fwd(x, C(1.0f));
}
/* d/dx = Phi(x) + x*phi(x); in the tail phi(x)*x*(1 - u*S(u)). */
static K_COLD V k_gelu_tail_b(V dy, V x, V dx)
{
    V xc = v_min(C(GELU_TAIL), v_max(C(-20.0f), x)); /* the other lanes: no 1/0 */
    V u = v_div(C(1.0f), v_mul(xc, xc));
    V g = v_mul(xc, v_fma(v_neg(u), k_mills(u), C(1.0f)));
    V dt = v_mul(v_mul(dy, v_mul(k_phi_scaled(xc), g)), C(0x1p-64f));
    return v_sel(v_lt(x, C(GELU_TAIL)), dt, dx);
}
static inline V op_gelu_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V phi, P = t_Phi2(x, &phi);
    /* x*phi, where x = +inf meets phi = 0 (as FLT_MAX*0); -inf takes the tail */
    V dx = v_mul(dy, v_add(v_mul(v_min(C(0x1.fffffep127f), x), phi), P));
    return m_any(v_lt(x, C(GELU_TAIL))) ? k_gelu_tail_b(dy, x, dx) : dx;
}
/* geglu's backward: da = dy*b*gelu'(a), db = dy*gelu(a) */
static inline void op_gelu_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    *da = op_gelu_bwd(v_mul(dy, b), a, C(0.0f), C(0.0f));
    *db = op_gelu_gated_fwd(a, dy);
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
    V l, h = k_mul2_raw(x, x, &l);
    V pe, p = k_mul2_raw(C(GT_B_HI), h, &pe);
    V q = v_add(C(GT_A_HI), p);      /* fast two-sum of A + p, larger one first */
    V qe = v_sub(v_min(C(GT_A_HI), p), v_sub(q, v_max(C(GT_A_HI), p)));
    V q_lo = v_add(v_add(qe, pe), v_fma(C(GT_B_HI), l, v_fma(C(GT_B_LO), h, C(GT_A_LO))));
    V we, w = k_mul2_raw(x, q, &we);
    *w_lo = v_fma(x, q_lo, we);
    return w;
}
static inline V op_gelu_tanh_fwd(V x, V p0, V p1)
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
static inline V op_gelu_tanh_bwd(V dy, V x, V p0, V p1)
{
    (void)p0; (void)p1;
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    if (k_any_deep(w))
        return k_gelu_tanh_b_deep(dy, x, xc, w, w_lo);
    V dx = v_mul(dy, k_gelu_tanh_g(xc, w, k_expneg_near(w, w_lo))); /* scale 1 */
    return v_sel(v_gt(x, C(20.0f)), v_mul(dy, C(1.0f)), dx);
}

/* geglu_tanh's gate: gelu_tanh(x)*m = (x*m)*sigmoid(w), m folded in before
 * the last rounding; x itself times m above 20 */
static inline V op_gelu_tanh_gated_fwd(V x, V m)
{
    V xc = v_min(C(20.0f), v_max(C(-20.0f), x)); /* NaN stays NaN */
    V w_lo, w = k_gelu_tanh_w(xc, &w_lo);
    return v_sel(v_gt(x, C(20.0f)), v_mul(x, m), k_swish_f(v_mul(xc, m), w, w_lo));
}
/* da = dy*b*gelu_tanh'(a), db = dy*gelu_tanh(a) */
static inline void op_gelu_tanh_gated_bwd(V dy, V a, V b, V *da, V *db)
{
    *da = op_gelu_tanh_bwd(v_mul(dy, b), a, C(0.0f), C(0.0f));
    *db = op_gelu_tanh_gated_fwd(a, dy);
}

#endif
