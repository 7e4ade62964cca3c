/* SPDX-License-Identifier: MIT */
/*
 * The transcendental layer of the HIGH tier: SLEEF's 1-ULP vector functions
 * (erfc 1.5 ULP), through the ISA's sleef_* wrappers.  The op math
 * (ops_*.h) calls this layer by its t_ names; kernels_<isa>_high.c includes
 * this header, kernels_<isa>_fast.c includes tier_fast.h, which has the same
 * names.
 *
 *  t_exp, t_expm1, t_tanh, t_log1p  the functions themselves
 *  t_expm1_normal  e^x - 1 where the caller knows x is in [-20, 20] or NaN
 *  t_exp_normal  e^x where the caller knows x is in [-87, 88] or NaN (the
 *                FAST tier drops its range check there; here it is t_exp)
 *  t_Phi2        the normal CDF for gelu, and x times the density
 */
#ifndef VACT_KERNELS_TIER_H
#define VACT_KERNELS_TIER_H

#include "numerics.h"

#define VACT_TIER_SUFFIX high

/* SLEEF 3.5's expf and expm1f raise invalid below -176 (scalar, AVX2; the
 * AVX-512 expf below -1.5e9), where the results are 0 and -1.  exp: below
 * -104, where e^x rounds to 0, the result is 0 and SLEEF evaluates a normal
 * argument instead (a subnormal there costs microcode assists: -inf entries
 * of masked softmax rows); expm1: the argument is raised to -104, where it
 * already rounds to -1.  NaN stays NaN. */
static inline V t_exp(V x)
{
    M zero = v_lt(x, C(-104.0f));
    return v_sel(zero, C(0.0f), sleef_exp(v_sel(zero, C(-87.0f), x)));
}
static inline V t_exp_normal(V x) { return sleef_exp(x); }
/* e^(z + lo) scaled by 2^128 on the lanes `deep` (z in [-175, -64] there,
 * [-87, 88] elsewhere; k_exp_deep128): expf of z + 128 ln2's high part,
 * exact there, its low part folded back with lo's in one FMA */
static inline V t_exp_normal128_lo(V z, V lo, M deep)
{
    V e = sleef_exp(v_add(z, v_sel(deep, C(K128_HI), C(0.0f))));
    return v_fma(e, v_add(lo, v_sel(deep, C(K128_LO), C(0.0f))), e);
}
static inline V t_exp_normal128(V z, M deep) { return t_exp_normal128_lo(z, C(0.0f), deep); }
/* t_exp is one form over the whole range (SLEEF's) */
#define T_EXP_ONE_FORM 1
/* no t_exp_split: SLEEF's expf scales inside */
#define T_EXP_SPLIT 0
/* e^x for x <= 0 (sigmoid's e^-|x|): t_exp */
static inline V t_exp_neg(V x) { return t_exp(x); }
/* e^x over the whole range on the lanes `full`, t_exp_normal's bits on the
 * others (t_exp gives them) */
static inline V t_exp_on(V x, M full)
{
    (void)full;
    return t_exp(x);
}
static inline V t_expm1(V x) { return sleef_expm1(v_max(C(-104.0f), x)); }
static inline V t_expm1_normal(V x) { return t_expm1(x); }
/* |x| clamped to 10, where tanh rounds to +-1 (SLEEF gives exactly that from
 * 10 up): SLEEF's tanhf raises invalid beyond 88.7 (NaN stays NaN) */
static inline V t_tanh(V x) { return sleef_tanh(v_max(C(-10.0f), v_min(C(10.0f), x))); }
static inline V t_log1p(V x) { return sleef_log1p(x); }

#define ISQRT2_HI 0x1.6a09e6p-1f
#define ISQRT2_LO 0x1.9fcef4p-27f
/* Phi(x) = erfc(t)/2, t = -x/sqrt2 as t_hi + t_lo, x clamped to [-20, 20]
 * (Phi rounds to 1 or to 0 beyond).  erfc'/erfc ~ -(2t + 1/t)
 * for t > 1 corrects erfc(t_hi) for t_lo: without it the rounding of t costs
 * 2t^2 * 0.5 ULP.  SLEEF's vector erfcf raises invalid below |t| = 2^-127
 * (and divide-by-zero at 0): |t| < 2^-64, where erfc rounds to 1, takes
 * 2^-64.  1/t is taken of max(1, t), the lanes where it is used. */
static inline V k_Phi_erfc(V x)
{
    x = v_min(C(20.0f), v_max(C(-20.0f), x)); /* Phi(+-inf) = 1, 0; NaN stays */
    V t = v_mul(x, C(-ISQRT2_HI));
    V t_lo = v_fma(x, C(-ISQRT2_LO), v_fma(x, C(-ISQRT2_HI), v_neg(t)));
    V E = sleef_erfc(v_sel(v_lt(v_abs(t), C(0x1p-64f)), C(0x1p-64f), t));
    V k = v_sel(v_gt(t, C(1.0f)), v_add(v_add(t, t), v_div(C(1.0f), v_max(C(1.0f), t))),
                C(0.0f));
    return v_mul(C(0.5f), v_fma(E, v_mul(v_neg(k), t_lo), E));
}

/* Phi(x) and, with t != NULL, x phi(x) = x e^(-x^2/2)/sqrt(2 pi) as
 * *t + *tl, x^2 and the exponential in two floats (k_exp2f), |x| held to
 * 13, where x phi(x) < 2^-120 is nothing beside Phi */
static inline V t_Phi2(V x, V *t, V *tl)
{
    if (t) {
        V xp = v_max(C(-13.0f), v_min(C(13.0f), x));
        V l, h = k_mul2_raw(xp, xp, &l);
        V el, eh = k_exp2f(v_mul(h, C(-0.5f)), v_mul(l, C(-0.5f)), &el);
        *t = k_x_phi(xp, eh, el, tl);
    }
    return k_Phi_erfc(x);
}

#endif
