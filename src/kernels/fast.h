/*
 * The FAST tier's transcendental primitives: short inline approximations over
 * the ISA's primitives, with no call at all on any input (a call in the loop
 * makes the compiler spill every live vector around it), each correct over
 * its whole domain including NaN and the tails.  Included by math.h when
 * VACT_FAST is defined (the kernels_<isa>_fast.c translation units): the
 * same op formulas then run on these primitives.
 *
 *  f_exp    SLEEF's expf algorithm inline: Cody-Waite reduction x = q ln2 + s
 *           (ln2 in two parts), e^s - 1 from a degree-7 polynomial, 2^q built
 *           in the exponent field.  A vector with a lane outside [-87, 88]
 *           takes the full-range form: 2^q as two factors, so subnormal
 *           results round once and q = 128 does not wrap; 0 below -104, +inf
 *           above 88.72, NaN through.
 *  f_expm1  the same reduction: 2^q e^s - 1 = 2^q (e^s - 1) + (2^q - 1) with
 *           e^s - 1 kept apart from the 1, so small x keep full precision;
 *           -1 below -20, +inf above 88.72.
 *  f_tanh   sign(x) E/(E + 2), E = expm1(2|x|), |x| clamped to 10 where the
 *           result rounds to 1.
 *  f_log1p  for 0 <= a <= 1 and NaN, the only arguments the kernels give it
 *           (log1p(e^-|t|)): 2 atanh(s), s = a/(2 + a) with 2 + a carried as
 *           two floats, atanh's series to s^17 (|s| <= 1/3).
 *  f_erfc   e^(-t^2) erfcx(t), t = |x|: erfcx from a table of 16 degree-7
 *           polynomials (v_lut16 picks the coefficients per lane), e^(-t^2)
 *           from f_exp with t^2 as two floats; 2 - that for x < 0.
 * erf stays SLEEF's (no kernel uses it).
 */
#ifndef VACT_KERNELS_FAST_H
#define VACT_KERNELS_FAST_H

/* (e^s - 1 + 1) * 2^q for q in [-151, 128]: two normal factors, so a
 * subnormal result rounds once and q = 128 does not wrap */
static inline V f_scale2(V t, V q)
{
    V q1 = v_round(v_mul(q, v_set(0.5f)));
    return v_mul(v_mul(v_add(t, v_set(1.0f)), k_pow2(q1)), k_pow2(v_sub(q, q1)));
}

/* The common case, every lane with a normal result, takes one exponent
 * factor and no clamps; a vector with any other lane (NaN included) takes
 * the full-range form.  Both are inline: no call, so no spills. */
static inline V f_exp_full(V x)
{
    V xc = v_sel(v_lt(x, v_set(-104.0f)), v_set(-104.0f), x);
    xc = v_sel(v_gt(xc, v_set(89.0f)), v_set(89.0f), xc);
    V q, s = k_exp_reduce(xc, &q);
    V y = f_scale2(k_expm1_reduced(s), q);
    y = v_sel(v_lt(x, v_set(-104.0f)), v_set(0.0f), y);
    y = v_sel(v_gt(x, v_set(88.72283935546875f)), v_set(INFINITY), y);
    return v_sel(v_isnan(x), x, y);
}
/* e^x where the caller knows x is in [-87, 0] or NaN: the common case alone */
static inline V f_exp_normal(V x)
{
    V q, s = k_exp_reduce(x, &q);
    return v_mul(v_add(k_expm1_reduced(s), v_set(1.0f)), k_pow2(q));
}
static inline V f_exp(V x)
{
    V q, s = k_exp_reduce(x, &q);
    V y = v_mul(v_add(k_expm1_reduced(s), v_set(1.0f)), k_pow2(q));
    M normal = m_and(v_ge(x, v_set(-87.0f)), v_le(x, v_set(88.0f)));
    return m_any(m_not(normal)) ? f_exp_full(x) : y;
}

/* Above 20, expm1(x) rounds to exp(x); below -20 to -1. */
static inline V f_expm1_full(V x)
{
    V xc = v_sel(v_lt(x, v_set(-20.0f)), v_set(-20.0f), x);
    xc = v_sel(v_gt(xc, v_set(89.0f)), v_set(89.0f), xc);
    V q, s = k_exp_reduce(xc, &q);
    V t = k_expm1_reduced(s);
    V p = k_pow2(q);                          /* valid up to x = 88, used up to 20 */
    V y = v_sel(v_gt(x, v_set(20.0f)), f_scale2(t, q), v_fma(p, t, v_sub(p, v_set(1.0f))));
    y = v_sel(v_lt(x, v_set(-20.0f)), v_set(-1.0f), y);
    y = v_sel(v_gt(x, v_set(88.72283935546875f)), v_set(INFINITY), y);
    return v_sel(v_isnan(x), x, y);
}
static inline V f_expm1(V x)
{
    V q, s = k_exp_reduce(x, &q);
    V p = k_pow2(q);
    V y = v_fma(p, k_expm1_reduced(s), v_sub(p, v_set(1.0f)));
    M common = m_and(v_ge(x, v_set(-20.0f)), v_le(x, v_set(20.0f)));
    return m_any(m_not(common)) ? f_expm1_full(x) : y;
}

static inline V f_tanh(V x)
{
    V a = v_abs(x);
    a = v_sel(v_gt(a, v_set(10.0f)), v_set(10.0f), a);
    V e = f_expm1(v_add(a, a));
    return v_copysign(v_div(e, v_add(e, v_set(2.0f))), x);
}

static inline V f_log1p(V a)
{
    V d = v_add(v_set(2.0f), a);
    V dl = v_add(v_sub(v_set(2.0f), d), a);                 /* d + dl == 2 + a */
    V s = v_div(a, d);
    s = v_fma(v_neg(s), v_div(dl, d), s);
    V z = v_mul(s, s);
    V u = v_set(2.0f / 17.0f);
    u = v_fma(u, z, v_set(2.0f / 15.0f));
    u = v_fma(u, z, v_set(2.0f / 13.0f));
    u = v_fma(u, z, v_set(2.0f / 11.0f));
    u = v_fma(u, z, v_set(2.0f / 9.0f));
    u = v_fma(u, z, v_set(2.0f / 7.0f));
    u = v_fma(u, z, v_set(2.0f / 5.0f));
    u = v_fma(u, z, v_set(2.0f / 3.0f));
    return v_fma(v_mul(s, z), u, v_add(s, s));              /* 2s + s z u */
}

/* erfcx(t) = e^(t^2) erfc(t) on [0, 10) (tables from tools/fit_erfcx.py):
 * 16 intervals of width 0.625, a degree-7 polynomial in t - center on each
 * (fitted for relative error, below 1.2e-8), its constant term as two
 * floats so the sum rounds once. */
static const float f_erfcx_c0lo[16] = {
    -0x1.eaf716p-27f, -0x1.1af7bp-27f, 0x1.5a6214p-30f, 0x1.b0fe1p-28f,
    -0x1.fc65f6p-28f, -0x1.3f436cp-28f, -0x1.cdeec6p-28f, 0x1.557116p-29f,
    0x1.e0ec12p-29f, 0x1.0a3818p-31f, -0x1.423844p-30f, -0x1.3d21cep-29f,
    0x1.6eae5ap-29f, 0x1.df9af4p-29f, 0x1.9f7332p-30f, 0x1.0e61b6p-32f,
};
static const float f_erfcx_c0[16] = {
    0x1.73c18ap-1f, 0x1.c7f814p-2f, 0x1.3f20dp-2f, 0x1.e4dac2p-3f,
    0x1.84ae44p-3f, 0x1.436aep-3f, 0x1.147d1cp-3f, 0x1.e277ep-4f,
    0x1.abaaep-4f, 0x1.7fe844p-4f, 0x1.5c2fcap-4f, 0x1.3e7e68p-4f,
    0x1.256e9p-4f, 0x1.1000ap-4f, 0x1.faf24ap-5f, 0x1.da974cp-5f,
};
static const float f_erfcx_c1[16] = {
    -0x1.5961f4p-1f, -0x1.2c84bp-2f, -0x1.3c5e94p-3f, -0x1.7b5d28p-4f,
    -0x1.f25dbcp-5f, -0x1.5db3a2p-5f, -0x1.01ccbp-5f, -0x1.8acdd8p-6f,
    -0x1.377eeap-6f, -0x1.f7893ap-7f, -0x1.9f20cap-7f, -0x1.5bf212p-7f,
    -0x1.27bdd8p-7f, -0x1.fccb48p-8f, -0x1.ba38a4p-8f, -0x1.83d9ecp-8f,
};
static const float f_erfcx_c2[16] = {
    0x1.07d34cp-1f, 0x1.5c7788p-3f, 0x1.1fdbcp-4f, 0x1.17b384p-5f,
    0x1.3222d4p-6f, 0x1.6e4808p-7f, 0x1.d5271p-8f, 0x1.3cea78p-8f,
    0x1.beca6ap-9f, 0x1.460d6ap-9f, 0x1.e9b92ep-10f, 0x1.78baf4p-10f,
    0x1.27cacep-10f, 0x1.d8b72ep-11f, 0x1.7f881ep-11f, 0x1.3b5a2ep-11f,
};
static const float f_erfcx_c3[16] = {
    -0x1.5e950ap-2f, -0x1.6dcc92p-4f, -0x1.e7e4fep-6f, -0x1.87af18p-7f,
    -0x1.69eecap-8f, -0x1.74927cp-9f, -0x1.a13cccp-10f, -0x1.f396f2p-11f,
    -0x1.3bb534p-11f, -0x1.a11c28p-12f, -0x1.1de83p-12f, -0x1.94598cp-13f,
    -0x1.25a1c2p-13f, -0x1.b458a6p-14f, -0x1.4abde6p-14f, -0x1.fe3d7p-15f,
};
static const float f_erfcx_c4[16] = {
    0x1.a1ca8p-3f, 0x1.61de08p-5f, 0x1.850618p-7f, 0x1.05f808p-8f,
    0x1.9d311ap-10f, 0x1.70cdd2p-11f, 0x1.6b287cp-12f, 0x1.82ffp-13f,
    0x1.b7db0ap-14f, 0x1.07a7cep-14f, 0x1.4a8392p-15f, 0x1.ae4fcap-16f,
    0x1.215ab8p-16f, 0x1.9035c4p-17f, 0x1.1b9fbcp-17f, 0x1.9abea8p-18f,
};
static const float f_erfcx_c5[16] = {
    -0x1.c85eacp-4f, -0x1.3fbd84p-6f, -0x1.263aep-8f, -0x1.506158p-10f,
    -0x1.c8e07ep-12f, -0x1.63f54cp-13f, -0x1.35bbeep-14f, -0x1.26db8ap-15f,
    -0x1.2e3faep-16f, -0x1.49849ap-17f, -0x1.7a640ap-18f, -0x1.c6268ep-19f,
    -0x1.1b18e8p-19f, -0x1.6cc5bcp-20f, -0x1.e3c394p-21f, -0x1.490a92p-21f,
};
static const float f_erfcx_c6[16] = {
    0x1.e1f7fep-5f, 0x1.188588p-7f, 0x1.b23522p-10f, 0x1.a73e5ep-12f,
    0x1.f0df8p-14f, 0x1.52eec8p-15f, 0x1.053cd2p-16f, 0x1.bd2afap-18f,
    0x1.9c2b28p-19f, 0x1.99221p-20f, 0x1.aec612p-21f, 0x1.dcfddcp-22f,
    0x1.13cf26p-22f, 0x1.4b3ebcp-23f, 0x1.9b394cp-24f, 0x1.06d3eap-24f,
};
static const float f_erfcx_c7[16] = {
    -0x1.c2b62p-6f, -0x1.c140e4p-9f, -0x1.2adcc2p-11f, -0x1.f8b058p-14f,
    -0x1.030bdcp-15f, -0x1.38166ep-17f, -0x1.ace6cep-19f, -0x1.48adf4p-20f,
    -0x1.13e796p-21f, -0x1.f42e38p-23f, -0x1.e3ff4p-24f, -0x1.ef4f92p-25f,
    -0x1.0a2164p-25f, -0x1.2a4f42p-26f, -0x1.5ad3dcp-27f, -0x1.a0fa24p-28f,
};

static inline V f_erfcx(V t) /* 0 <= t < 10 */
{
    V q = v_round(v_sub(v_mul(t, v_set(1.6f)), v_set(0.5f)));
    VI i = v_to_vi(q);
    V d = v_sub(t, v_mul(v_add(q, v_set(0.5f)), v_set(0.625f))); /* exact */
    V r = v_lut16(f_erfcx_c7, i);
    r = v_fma(r, d, v_lut16(f_erfcx_c6, i));
    r = v_fma(r, d, v_lut16(f_erfcx_c5, i));
    r = v_fma(r, d, v_lut16(f_erfcx_c4, i));
    r = v_fma(r, d, v_lut16(f_erfcx_c3, i));
    r = v_fma(r, d, v_lut16(f_erfcx_c2, i));
    r = v_fma(r, d, v_lut16(f_erfcx_c1, i));
    r = v_fma(r, d, v_lut16(f_erfcx_c0lo, i));
    return v_add(r, v_lut16(f_erfcx_c0, i));
}

/* erfc(x) = e^(-t^2) erfcx(t), t = |x|, with t^2 as two floats; 2 - that for
 * x < 0; 0 from t = 10 (erfc(10) = 2.1e-45, 1.5 subnormal ULP). */
static inline V f_erfc(V x)
{
    V t = v_abs(x);
    V tc = v_sel(v_lt(t, v_set(9.99f)), t, v_set(9.99f));  /* NaN -> 9.99 */
    V l, h = v_mul(tc, tc);
    l = v_fma(tc, tc, v_neg(h));
    V r = f_erfcx(tc);
    /* e^(-t^2) normal (t < 9.3): e^(-h-l) = 2^q (1 + v)(1 - l) = 2^q (1 + u)
     * with v = e^s - 1 and u = v - l(1 + v), and erfcx folded in: one
     * rounding for (1 + u) r = u*r + r */
    V q, s = k_exp_reduce(v_neg(h), &q);
    V v = k_expm1_reduced(s);
    V u = v_sub(v, v_fma(l, v, l));
    V y = v_mul(v_fma(u, r, r), k_pow2(q));
    M far = v_ge(t, v_set(9.3f));
    if (m_any(far)) { /* only those lanes change: results never depend on a neighbour */
        V e = f_exp(v_neg(h));
        V yf = v_mul(v_fma(e, v_neg(l), e), r);
        y = v_sel(far, v_sel(v_lt(t, v_set(10.0f)), yf, v_set(0.0f)), y);
    }
    y = v_sel(v_lt(x, v_set(0.0f)), v_sub(v_set(2.0f), y), y);
    return v_sel(v_isnan(x), x, y);
}

#define v_exp f_exp
#define v_exp_normal f_exp_normal
#define v_expm1 f_expm1
#define v_tanh f_tanh
#define v_log1p f_log1p
#define v_erfc f_erfc

#endif
