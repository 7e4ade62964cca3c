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
 * erf and erfc stay SLEEF's in this tier.
 */
#ifndef VACT_KERNELS_FAST_H
#define VACT_KERNELS_FAST_H

#define F_L2U 0.693145751953125f
#define F_L2L 1.428606765330187045e-06f
#define F_RLN2 1.442695040888963407f

/* e^s - 1 for |s| <= ln2/2 */
static inline V f_expm1_reduced(V s)
{
    V u = v_set(0.000198527617612853646278381f);
    u = v_fma(u, s, v_set(0.00139304355252534151695251f));
    u = v_fma(u, s, v_set(0.00833336077630519866943359f));
    u = v_fma(u, s, v_set(0.0416664853692054748535156f));
    u = v_fma(u, s, v_set(0.166666671633720397949219f));
    u = v_fma(u, s, v_set(0.5f));
    return v_fma(v_mul(s, s), u, s);
}

/* 2^q for an integral float q in [-126, 127], built in the exponent field */
static inline V f_pow2(V q)
{
    return vi_as_v(vi_sll(vi_add(v_to_vi(q), vi_set(127)), 23));
}

/* x = q ln2 + s, |s| <= ln2/2; *q receives q */
static inline V f_reduce(V x, V *q)
{
    *q = v_round(v_mul(x, v_set(F_RLN2)));
    return v_fma(*q, v_set(-F_L2L), v_fma(*q, v_set(-F_L2U), x));
}

/* (e^s - 1 + 1) * 2^q for q in [-151, 128]: two normal factors, so a
 * subnormal result rounds once and q = 128 does not wrap */
static inline V f_scale2(V t, V q)
{
    V q1 = v_round(v_mul(q, v_set(0.5f)));
    return v_mul(v_mul(v_add(t, v_set(1.0f)), f_pow2(q1)), f_pow2(v_sub(q, q1)));
}

/* The common case, every lane with a normal result, takes one exponent
 * factor and no clamps; a vector with any other lane (NaN included) takes
 * the full-range form.  Both are inline: no call, so no spills. */
static inline V f_exp_full(V x)
{
    V xc = v_sel(v_lt(x, v_set(-104.0f)), v_set(-104.0f), x);
    xc = v_sel(v_gt(xc, v_set(89.0f)), v_set(89.0f), xc);
    V q, s = f_reduce(xc, &q);
    V y = f_scale2(f_expm1_reduced(s), q);
    y = v_sel(v_lt(x, v_set(-104.0f)), v_set(0.0f), y);
    y = v_sel(v_gt(x, v_set(88.72283935546875f)), v_set(INFINITY), y);
    return v_sel(v_isnan(x), x, y);
}
static inline V f_exp(V x)
{
    V q, s = f_reduce(x, &q);
    V y = v_mul(v_add(f_expm1_reduced(s), v_set(1.0f)), f_pow2(q));
    M normal = m_and(v_ge(x, v_set(-87.0f)), v_le(x, v_set(88.0f)));
    return m_any(m_not(normal)) ? f_exp_full(x) : y;
}

/* Above 20, expm1(x) rounds to exp(x); below -20 to -1. */
static inline V f_expm1_full(V x)
{
    V xc = v_sel(v_lt(x, v_set(-20.0f)), v_set(-20.0f), x);
    xc = v_sel(v_gt(xc, v_set(89.0f)), v_set(89.0f), xc);
    V q, s = f_reduce(xc, &q);
    V t = f_expm1_reduced(s);
    V p = f_pow2(q);                          /* valid up to x = 88, used up to 20 */
    V y = v_sel(v_gt(x, v_set(20.0f)), f_scale2(t, q), v_fma(p, t, v_sub(p, v_set(1.0f))));
    y = v_sel(v_lt(x, v_set(-20.0f)), v_set(-1.0f), y);
    y = v_sel(v_gt(x, v_set(88.72283935546875f)), v_set(INFINITY), y);
    return v_sel(v_isnan(x), x, y);
}
static inline V f_expm1(V x)
{
    V q, s = f_reduce(x, &q);
    V p = f_pow2(q);
    V y = v_fma(p, f_expm1_reduced(s), v_sub(p, v_set(1.0f)));
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

#define v_exp f_exp
#define v_expm1 f_expm1
#define v_tanh f_tanh
#define v_log1p f_log1p

#endif
