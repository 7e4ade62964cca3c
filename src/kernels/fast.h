/*
 * The FAST tier's transcendental primitives: short inline approximations over
 * the ISA's primitives, each with a valid range; a vector with a lane outside
 * it (far tails, NaN, +-inf) sends that vector through the SLEEF function it
 * replaces, so ordinary data never pays for the tails and the tails keep
 * SLEEF's accuracy.  Included by math.h when VACT_FAST is defined (the
 * kernels_<isa>_fast.c translation units): the same op formulas then run on
 * these primitives.
 *
 *  f_exp    Cody-Waite reduction x = q ln2 + s (ln2 in two parts), e^s from a
 *           degree-7 polynomial (SLEEF's expf coefficients), 2^q built in the
 *           exponent field.  Valid for -86 <= x <= 88 (normal results).
 *  f_expm1  the same reduction: 2^q e^s - 1 = 2^q (e^s - 1) + (2^q - 1) with
 *           e^s - 1 kept apart from the 1, so small x keep full precision.
 *  f_tanh   sign(x) E/(E + 2), E = expm1(2|x|), |x| clamped to 10 where the
 *           result rounds to 1.
 *  f_log1p  for 0 <= a <= 1 (what softplus and logsigmoid need): 2 atanh(s),
 *           s = a/(2 + a) with 2 + a carried as two floats, atanh's series
 *           to s^17 (|s| <= 1/3).
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

/* x = q ln2 + s; returns s, *p = 2^q (q in [-125, 127]) */
static inline V f_reduce(V x, V *p)
{
    V q = v_round(v_mul(x, v_set(F_RLN2)));
    V s = v_fma(q, v_set(-F_L2U), x);
    *p = vi_as_v(vi_sll(vi_add(v_to_vi(q), vi_set(127)), 23));
    return v_fma(q, v_set(-F_L2L), s);
}

static inline M f_exp_ok(V x)
{
    return m_and(v_ge(x, v_set(-86.0f)), v_le(x, v_set(88.0f)));
}

static inline V f_exp(V x)
{
    const M ok = f_exp_ok(x);
    V p, s = f_reduce(v_sel(ok, x, v_set(0.0f)), &p);
    V y = v_mul(v_add(f_expm1_reduced(s), v_set(1.0f)), p);
    return m_any(m_not(ok)) ? v_sel(ok, y, v_exp(x)) : y;
}

static inline V f_expm1(V x)
{
    const M ok = f_exp_ok(x);
    V p, s = f_reduce(v_sel(ok, x, v_set(0.0f)), &p);
    V y = v_fma(p, f_expm1_reduced(s), v_sub(p, v_set(1.0f)));
    return m_any(m_not(ok)) ? v_sel(ok, y, v_expm1(x)) : y;
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
    const M ok = m_and(v_ge(a, v_set(0.0f)), v_le(a, v_set(1.0f)));
    V x = v_sel(ok, a, v_set(0.0f));
    V d = v_add(v_set(2.0f), x);
    V dl = v_add(v_sub(v_set(2.0f), d), x);                 /* d + dl == 2 + x */
    V s = v_div(x, d);
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
    V y = v_fma(v_mul(s, z), u, v_add(s, s));               /* 2s + s z u */
    return m_any(m_not(ok)) ? v_sel(ok, y, v_log1p(a)) : y;
}

#define v_exp f_exp
#define v_expm1 f_expm1
#define v_tanh f_tanh
#define v_log1p f_log1p

#endif
