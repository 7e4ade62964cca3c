/* SPDX-License-Identifier: MIT */
/*
 * The FAST tier's transcendental primitives: short inline approximations over
 * the ISA's primitives, with no call at all on any input (a call in the loop
 * makes the compiler spill every live vector around it), each correct over
 * its whole domain including NaN and the tails: the transcendental layer of
 * the FAST tier, with the names of tier_high.h's (kernels_<isa>_fast.c
 * includes this header), so the same op formulas run on them.
 *
 *  t_exp    Cody-Waite reduction x = q ln2 + s (ln2 in two parts, q by the
 *           magic-number rounding), e^s = 1 + s p(s) with p of degree 5,
 *           2^q from q's bits (fast_exp_p6; SLEEF's expf has a degree-7
 *           polynomial in the same place, which k_exp2f keeps).  A vector with a lane outside
 *           [-87, 88] takes the full-range form: 2^q as two factors, so
 *           subnormal results round once and q = 128 does not wrap; 0 below
 *           -104, +inf above 88.72, NaN through.
 *  t_exp_neg  e^x for x <= 0 (sigmoid's forward): on AVX-512 a 16-entry
 *           table of 2^(k/16) (one vpermps) and 1 + t q(t), q of degree 2;
 *           elsewhere t_exp.  t_exp_neg_normal, for x in [-87, 0]: on AVX2
 *           an 8-entry table (one vpermps there) with its remainders, q of
 *           degree 2; elsewhere t_exp_normal.
 *  t_expm1  the same: 2^q e^s - 1 = 2^q (s + s^2 q(s)) + (2^q - 1) with
 *           e^s - 1 kept apart from the 1, so small x keep full precision;
 *           -1 below -20, +inf above 88.72.
 *  t_tanh   sign(x) E/(E + 2), E = expm1(2|x|), |x| clamped to 10 where the
 *           result rounds to 1.
 *  t_log1p  for 0 <= a <= 1 and NaN, the only arguments the kernels give it
 *           (log1p(e^-|t|)): 2 atanh(s), s = a/(2 + a) with 2 + a carried as
 *           two floats, atanh's series to s^17 (|s| <= 1/3).
 *  t_Phi2   the normal CDF for gelu: e^(-x^2/2) times G(|x|) = erfcx(|x|/sqrt 2)
 *           from a table of 16 degree-7 polynomials (v_lut16 picks the
 *           coefficients per lane; on AVX2 8 of degree 10, v_lut8), x^2 as
 *           two floats; 1 - that for x >= 0.
 * erf and erfc stay SLEEF's (no FAST kernel calls them).
 */
#ifndef VACT_KERNELS_TIER_H
#define VACT_KERNELS_TIER_H

#include "numerics.h"

#define VACT_TIER_SUFFIX fast

/* u * 2^q for q in [-151, 128]: two normal factors, so a subnormal result
 * rounds once and q = 128 does not wrap */
static inline V fast_scale2(V u, V q)
{
    V q1 = v_round(v_mul(q, v_set(0.5f)));
    return v_mul(v_mul(u, k_pow2(q1)), k_pow2(v_sub(q, q1)));
}

/* e^z = 2^n (1 + t p(t)): z = n ln2 + t with n from the magic-number
 * rounding of z/ln2 (exact product, ties to even: the same n on every path
 * and in every form below) and t by Cody-Waite in two steps; p of degree 5,
 * fitted for e^t's relative error on |t| <= ln2/2 (below 2.0e-9), and
 * expm1's q below, by tools/fit_exp.py. */
#define EXP_MAGIC 0x1.8000fep23f /* 1.5 2^23 + 127: n + 127 in the low bits */
static inline V fast_exp_m(V z) { return v_fma(z, v_set(K_RLN2), v_set(EXP_MAGIC)); }
static inline V fast_exp_t(V z, V n) { return v_fma(n, v_set(-K_L2L), v_fma(n, v_set(-K_L2U), z)); }
static inline V fast_exp_p(V t)
{
    V p = v_fma(v_set(0x1.6ae6dep-10f), t, v_set(0x1.1267d8p-7f));
    p = v_fma(p, t, v_set(0x1.555824p-5f));
    p = v_fma(p, t, v_set(0x1.555418p-3f));
    p = v_fma(p, t, v_set(0x1.fffffcp-2f));
    return v_fma(p, t, v_set(1.0f));
}
/* e^z for z in [-87, 88] (NaN stays NaN), 2^n normal: 1 + t p rounded,
 * then scaled by 2^n exactly, by vscalefps where v_ldexp is one instruction
 * (AVX-512), elsewhere by a multiplication with 2^n the rounding's bits
 * shifted (no vroundps, vcvtps2dq or integer add): the same bits.  Not
 * (2^n t) p + 2^n in one FMA: below e^-70 or so 2^n t is subnormal for
 * small t, and a multiplication with a subnormal result is several times
 * slower (tanhshrink on |x| in [30, 45] took 1.4 ns per element against
 * 1.0 below 30, avx2) */
/* 1 + t p(t) rounded, for e^z = (1 + t p) 2^n; *m the magic sum (n + 127
 * in its low bits) */
static inline V fast_exp_u(V z, V *m, V *n)
{
    *m = fast_exp_m(z);
    *n = v_sub(*m, v_set(EXP_MAGIC));
    V t = fast_exp_t(z, *n);
    return v_fma(t, fast_exp_p(t), v_set(1.0f));
}
static inline V fast_exp_p6(V z)
{
    V m, n, u = fast_exp_u(z, &m, &n);
#if VACT_CAP_LDEXP
    return v_ldexp(u, n);
#else
    return v_mul(u, vi_as_v(vi_sll(v_as_vi(m), 23)));
#endif
}
/* e^z = p 2^n for z in [-175, 88] (NaN stays NaN): fast_exp_p6 with the
 * scaling left to the caller, who scales a product with p once, rounding
 * it once even where it is subnormal (T_EXP_SPLIT: where v_ldexp takes any
 * n).  t_exp_normal(z) is v_ldexp(p, n) there. */
#define T_EXP_SPLIT VACT_CAP_LDEXP_FULL
static inline V t_exp_split(V z, V *n)
{
    V m;
    return fast_exp_u(z, &m, n);
}
/* e^x where the caller knows x is in [-87, 88] or NaN (2^q normal): the
 * common case alone, no range check */
static inline V t_exp_normal(V x) { return fast_exp_p6(x); }
/* e^z scaled by 2^128 on the lanes `deep` (z in [-175, -64] there, [-87,
 * 88] elsewhere; k_exp_deep128): fast_exp_p6 with 128 added to 2^n's
 * exponent field, whose 9 bits from the magic sum wrap to n + 255, in [3,
 * 163] there.  No argument raised by 128 ln2, so no low part to fold back.
 * With lo, e^(z + lo) for |lo| <= 2^-10. */
static inline V t_exp_normal128(V z, M deep)
{
    V m, n, u = fast_exp_u(z, &m, &n);
#if VACT_CAP_LDEXP
    return v_ldexp(u, v_add(n, v_sel(deep, C(128.0f), C(0.0f))));
#else
    /* 2.0f's bits are 128 << 23 */
    VI s = vi_add(vi_sll(v_as_vi(m), 23), v_as_vi(v_sel(deep, C(2.0f), C(0.0f))));
    return v_mul(u, vi_as_v(s));
#endif
}
static inline V t_exp_normal128_lo(V z, V lo, M deep)
{
    V e = t_exp_normal128(z, deep);
    return v_fma(e, lo, e);
}

/* The common case, every lane with a normal result, takes one exponent
 * factor and no clamps; a vector with any other lane (NaN included) takes
 * the full-range form.  Both are inline: no call, so no spills. */
static K_HOT V fast_exp_full(V x)
{
    V xc = v_sel(v_lt(x, v_set(-104.0f)), v_set(-104.0f), x);
    xc = v_sel(v_gt(xc, v_set(89.0f)), v_set(89.0f), xc);
    V n = v_sub(fast_exp_m(xc), v_set(EXP_MAGIC));
    V t = fast_exp_t(xc, n);
    V u = v_fma(t, fast_exp_p(t), v_set(1.0f));
    /* u in (0.7, 1.42): below n = -125 the result u 2^n is put on the
     * subnormal grid from u 2^(n + 149) (exact); above, (2u) 2^(n - 1) is
     * exact up to n = 128.  No multiplication yields a subnormal. */
    M sub = v_lt(n, v_set(-125.0f));
    V v = v_mul(v_sel(sub, u, v_add(u, u)),
                k_pow2(v_add(n, v_sel(sub, v_set(149.0f), v_set(-1.0f)))));
    V y = v_sel(sub, k_from_subnormal_grid(v), v);
    y = v_sel(v_lt(x, v_set(-104.0f)), v_set(0.0f), y);
    y = v_sel(v_gt(x, v_set(88.72283935546875f)), v_set(INFINITY), y);
    return v_sel(v_isnan(x), x, y);
}

/* 1 where t_exp is one form over the whole range (no branch on the range):
 * an op then calls it rather than holding its argument to t_exp_normal's */
#define T_EXP_ONE_FORM VACT_CAP_LDEXP_FULL
#if VACT_CAP_LDEXP_FULL
/* v_ldexp holds over the whole range: only a clamp, so that q stays finite
 * (below -104 the result rounds to 0, above 89 to inf; NaN stays) */
static K_HOT V t_exp(V x)
{
    return t_exp_normal(v_min(v_set(89.0f), v_max(v_set(-104.0f), x)));
}
#if VACT_CAP_LUT16
/* e^z for z <= 0 (NaN stays NaN; below -104 the result rounds to 0): z =
 * (j/16) ln2 + t, |t| <= ln2/32, j from the magic-number rounding of
 * z/ln2 to a multiple of 1/16 (1.5 2^19: the sum's last bit is 2^-4, its
 * low 4 bits j mod 16, which is all a 16-entry vpermps reads), t by
 * Cody-Waite in two steps (exact first step); e^z = 2^(j/16) (1 + t q(t)),
 * q of degree 2 (relative error below 1.7e-9, tools/fit_exp.py), 2^(k/16)
 * rounded to float from the table, scaled by 2^floor(j/16) by vscalefps
 * (its exponent operand is floored, so j/16 itself).  Two FMAs fewer than
 * t_exp's degree-5 form, for one permute; the table's rounding puts e^z
 * within about 1 ULP instead of 0.5. */
static const float fast_exp2_16th[16] = {
    0x1p+0f, 0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f,
    0x1.306fe0p+0f, 0x1.3dea64p+0f, 0x1.4bfdaep+0f, 0x1.5ab07ep+0f,
    0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f,
};
static K_HOT V t_exp_neg(V z)
{
    z = v_max(v_set(-104.0f), z);
    V m = v_fma(z, v_set(K_RLN2), v_set(0x1.8p19f)), j = v_sub(m, v_set(0x1.8p19f));
    V t = fast_exp_t(z, j);
    V tab = v_lut16(fast_exp2_16th, v_as_vi(m));
    V q = v_fma(v_fma(v_set(0x1.555238p-3f), t, v_set(0x1.00022p-1f)), t, v_set(1.0f));
    return v_ldexp(v_fma(v_mul(tab, t), q, tab), j);
}
#else
static inline V t_exp_neg(V z) { return t_exp(z); }
#endif
#else
/* the range is checked first: the common form on an out-of-range lane
 * converts a huge q to int32 (invalid), whether or not its result is used.
 * Lanes below -104 are 0 in the full-range form too: a vector whose other
 * lanes are normal takes the common form with those held to -87 (the
 * wide rows of softmax, where most lanes are one or the other) */
static K_HOT V t_exp(V x)
{
    M normal = m_and(v_ge(x, v_set(-87.0f)), v_le(x, v_set(88.0f)));
    if (m_any(m_not(normal))) {
        M zero = v_lt(x, v_set(-104.0f));
        if (m_any(m_not(m_or(normal, zero))))
            return fast_exp_full(x);
        return v_sel(zero, v_set(0.0f), t_exp_normal(v_max(v_set(-87.0f), x)));
    }
    return t_exp_normal(x);
}
static inline V t_exp_neg(V z) { return t_exp(z); }
#endif

/* e^z for z in [-87, 0] or NaN, e^z normal (sigmoid's forward): where a
 * 16-entry lookup is no single permute (AVX2), an 8-entry one.  z = (j/8)
 * ln2 + t, |t| <= ln2/16, j from the magic-number rounding of z/ln2 to a
 * multiple of 1/8 (1.5 2^20: the sum's last bit is 2^-3, and its low 3
 * bits, j mod 8, are all vpermps reads), t by Cody-Waite in two steps
 * (exact first step); e^z = 2^(j/8) (1 + lo_k + t q(t)), q of degree 2
 * (relative error below 2.8e-8, tools/fit_exp.py), 2^(k/8) as a float and
 * its relative remainder lo_k from two tables.  2^(j/8) itself comes from
 * the sum's bits shifted up by 20, whose exponent field then holds
 * floor(j/8) and whose mantissa k 2^20, added as integers to the table
 * entry less that (XNNPACK's lut8 exponentials): no conversion and no
 * multiplication.  Three operations on the FMA pipes fewer than
 * t_exp_normal's degree-5 form, for two permutes. */
#if !VACT_CAP_LUT16
/* the bits of 2^(k/8) rounded to float, less k 2^20 */
static const int32_t fast_exp2_8th_bits[8] = {
    0x3f800000 - (0 << 20), 0x3f8b95c2 - (1 << 20), 0x3f9837f0 - (2 << 20), 0x3fa5fed7 - (3 << 20),
    0x3fb504f3 - (4 << 20), 0x3fc5672a - (5 << 20), 0x3fd744fd - (6 << 20), 0x3feac0c7 - (7 << 20),
};
/* (2^(k/8) - that float)/that float */
static const float fast_exp2_8th_lo[8] = {
    0x0p+0f, -0x1.9c0c22p-27f, 0x1.125002p-25f, -0x1.0a3550p-25f,
    0x1.26055cp-26f, 0x1.67a1cap-28f, -0x1.f9c304p-27f, -0x1.a5217cp-28f,
};
static K_HOT V t_exp_neg_normal(V z)
{
    V m = v_fma(z, v_set(K_RLN2), v_set(0x1.8p20f)), j = v_sub(m, v_set(0x1.8p20f));
    V t = fast_exp_t(z, j);
    VI mi = v_as_vi(m);
    V s = vi_as_v(vi_add(vi_sll(mi, 20), v_as_vi(v_lut8((const float *)fast_exp2_8th_bits, mi))));
    V q = v_fma(v_fma(v_set(0x1.5548e4p-3f), t, v_set(0x1.000882p-1f)), t, v_set(1.0f));
    return v_fma(s, v_fma(t, q, v_lut8(fast_exp2_8th_lo, mi)), s);
}
#else
static inline V t_exp_neg_normal(V z) { return t_exp_normal(z); }
#endif

/* e^x over the whole range on the lanes `full`, and on the others (x in
 * [-87, 88] or NaN) t_exp_normal's bits: both forms round 1 + t p once and
 * scale it exactly there */
static K_HOT V t_exp_on(V x, M full)
{
#if VACT_CAP_LDEXP_FULL
    (void)full;
    return t_exp(x);
#else
    if (!m_any(full))
        return t_exp_normal(x);
    return fast_exp_full(x);
#endif
}

/* e^x - 1 = 2^n w + (2^n - 1), w = e^t - 1 = t + t^2 q(t) (SLEEF's
 * arrangement: the rounded t^2 only in the small term), so small x keep full
 * precision (n = 0: w itself).  Above 20, expm1(x) rounds to exp(x); below
 * -20 to -1. */
static inline V fast_expm1_w(V t)
{
    /* q fitted for the relative error of t + t^2 q itself (below 1.4e-8) */
    V q = v_fma(v_set(0x1.6bebfap-10f), t, v_set(0x1.1227bp-7f));
    q = v_fma(q, t, v_set(0x1.555674p-5f));
    q = v_fma(q, t, v_set(0x1.5554bp-3f));
    q = v_fma(q, t, v_set(0x1.fffffep-2f));
    return v_fma(v_mul(t, t), q, t);
}
static inline V fast_expm1_full(V x)
{
    V xc = v_sel(v_lt(x, v_set(-20.0f)), v_set(-20.0f), x);
    xc = v_sel(v_gt(xc, v_set(89.0f)), v_set(89.0f), xc);
    V n = v_sub(fast_exp_m(xc), v_set(EXP_MAGIC));
    V t = fast_exp_t(xc, n);
    V s = k_pow2(n);                          /* valid up to x = 88, used up to 20 */
    V y = v_sel(v_gt(x, v_set(20.0f)), fast_scale2(v_fma(t, fast_exp_p(t), v_set(1.0f)), n),
                v_fma(s, fast_expm1_w(t), v_sub(s, v_set(1.0f))));
    y = v_sel(v_lt(x, v_set(-20.0f)), v_set(-1.0f), y);
    y = v_sel(v_gt(x, v_set(88.72283935546875f)), v_set(INFINITY), y);
    return v_sel(v_isnan(x), x, y);
}
/* e^x - 1 where the caller knows x is in [-20, 20] or NaN: the common
 * case alone, no range check */
static inline V t_expm1_normal(V x)
{
    V m = fast_exp_m(x), n = v_sub(m, v_set(EXP_MAGIC));
    V t = fast_exp_t(x, n);
#if VACT_CAP_LDEXP
    V s = v_ldexp(v_set(1.0f), n);
#else
    V s = vi_as_v(vi_sll(v_as_vi(m), 23));
#endif
    return v_fma(s, fast_expm1_w(t), v_sub(s, v_set(1.0f)));
}
static inline V t_expm1(V x)
{
    M common = m_and(v_ge(x, v_set(-20.0f)), v_le(x, v_set(20.0f)));
    if (m_any(m_not(common)))
        return fast_expm1_full(x); /* checked first, as in t_exp */
    return t_expm1_normal(x);
}

static inline V t_tanh(V x)
{
    V a = v_abs(x);
    a = v_min(v_set(10.0f), a); /* NaN stays NaN */
    V e = t_expm1_normal(v_add(a, a));
    return v_copysign(v_div(e, v_add(e, v_set(2.0f))), x);
}

static inline V t_log1p(V a)
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

/* G(s) = erfcx(s/sqrt 2) = 2 e^(s^2/2) Phi(-s) on [0, 10] (tables from
 * tools/fit_gelu_table.py): 16 intervals of width 0.625, a degree-7 polynomial in
 * s - center on each (fitted for relative error, below 1e-9), its constant
 * term as two floats so the sum rounds once.  A function of s itself, not of
 * s/sqrt 2: no rounded argument to correct for.  Where a 16-entry lookup is
 * no single permute (VACT_CAP_LUT16 0, AVX2), 8 intervals of width 1.25 and
 * degree 10 (fit below 1e-10; evaluated in float within 6.9e-8 against
 * 6.0e-8): twelve one-permute lookups instead of nine of two permutes and a
 * blend. */
static const float fast_gx_c0lo[16] = {
    0x1.745dacp-28f, 0x1.46a052p-30f, 0x1.22b59p-32f, 0x1.e03b04p-29f,
    0x1.d86cfp-27f, 0x1.bc4826p-28f, -0x1.988f22p-28f, -0x1.49ef96p-31f,
    -0x1.9e125p-29f, -0x1.ff433p-34f, -0x1.1fcea8p-30f, 0x1.99bf04p-32f,
    0x1.8f8db2p-33f, 0x1.7a87d4p-33f, 0x1.eb18fp-32f, 0x1.e3274p-29f,
};
static const float fast_gx_c0[16] = {
    0x1.95b88ep-1f, 0x1.14e6fep-1f, 0x1.9a28d2p-2f, 0x1.41a152p-2f,
    0x1.06c322p-2f, 0x1.ba8992p-3f, 0x1.7d5376p-3f, 0x1.4e85bep-3f,
    0x1.29aedp-3f, 0x1.0bfd6ep-3f, 0x1.e729a2p-4f, 0x1.be5cdep-4f,
    0x1.9bc792p-4f, 0x1.7e1bbep-4f, 0x1.6461dcp-4f, 0x1.4ddedp-4f,
};
static const float fast_gx_c1[16] = {
    -0x1.19baa6p-1f, -0x1.29d78ap-2f, -0x1.6051bcp-3f, -0x1.c5df0ap-4f,
    -0x1.380f52p-4f, -0x1.c3619p-5f, -0x1.53b904p-5f, -0x1.07f98ap-5f,
    -0x1.a504fp-6f, -0x1.57048p-6f, -0x1.1c8592p-6f, -0x1.df38ecp-7f,
    -0x1.98dba8p-7f, -0x1.60c434p-7f, -0x1.335df8p-7f, -0x1.0e208ep-7f,
};
static const float fast_gx_c2[16] = {
    0x1.3dae4ap-2f, 0x1.1293f2p-3f, 0x1.0dd1fp-4f, 0x1.25ad64p-5f,
    0x1.5ac2fp-6f, 0x1.b50dd6p-7f, 0x1.225c7p-7f, 0x1.92d4f4p-8f,
    0x1.21987ap-8f, 0x1.ad02eep-9f, 0x1.45e7d4p-9f, 0x1.f9f732p-10f,
    0x1.902216p-10f, 0x1.419a02p-10f, 0x1.062d1p-10f, 0x1.b0d932p-11f,
};
static const float fast_gx_c3[16] = {
    -0x1.357486p-3f, -0x1.c305dcp-5f, -0x1.79649ep-6f, -0x1.61c3bep-7f,
    -0x1.6bf6aep-8f, -0x1.943398p-9f, -0x1.de2172p-10f, -0x1.2a082cp-10f,
    -0x1.844496p-11f, -0x1.068374p-11f, -0x1.6e7328p-12f, -0x1.06de3cp-12f,
    -0x1.823272p-13f, -0x1.21a5ccp-13f, -0x1.ba7ce4p-14f, -0x1.57823ap-14f,
};
static const float fast_gx_c4[16] = {
    0x1.0d467cp-4f, 0x1.51b2a4p-6f, 0x1.e9910ep-8f, 0x1.90d474p-9f,
    0x1.6b6312p-10f, 0x1.66c41cp-11f, 0x1.7c7a38p-12f, 0x1.ac99e8p-13f,
    0x1.fc2e0ap-14f, 0x1.3abep-14f, 0x1.94d584p-15f, 0x1.0cfebep-15f,
    0x1.6fcdp-16f, 0x1.01d23ap-16f, 0x1.718a1ap-17f, 0x1.0e17e6p-17f,
};
static const float fast_gx_c5[16] = {
    -0x1.abca04p-6f, -0x1.d45142p-8f, -0x1.29d144p-9f, -0x1.ae8cd8p-11f,
    -0x1.5b07e6p-12f, -0x1.32d048p-13f, -0x1.257236p-14f, -0x1.2c21c6p-15f,
    -0x1.452232p-16f, -0x1.721b04p-17f, -0x1.b7c872p-18f, -0x1.0f4258p-18f,
    -0x1.59cd54p-19f, -0x1.c5cbaap-20f, -0x1.3183e2p-20f, -0x1.a4eb7ap-21f,
};
static const float fast_gx_c6[16] = {
    0x1.4176b6p-7f, 0x1.354cep-9f, 0x1.5b6482p-11f, 0x1.be0c9ap-13f,
    0x1.41526ep-14f, 0x1.ff161ap-16f, 0x1.ba8514p-17f, 0x1.9c3edp-18f,
    0x1.991c8cp-19f, 0x1.ace7c4p-20f, 0x1.d7b3a6p-21f, 0x1.0e7fb8p-21f,
    0x1.41ec16p-22f, 0x1.8be10cp-23f, 0x1.f539fep-24f, 0x1.45b086p-24f,
};
static const float fast_gx_c7[16] = {
    -0x1.b68efp-9f, -0x1.78ec8ap-11f, -0x1.7adb8cp-13f, -0x1.b4ca3ep-15f,
    -0x1.1bbf9p-16f, -0x1.98f7ccp-18f, -0x1.427e66p-19f, -0x1.12fd9p-20f,
    -0x1.f60a42p-22f, -0x1.e6643ap-23f, -0x1.f0763cp-24f, -0x1.094a36p-24f,
    -0x1.2750ep-25f, -0x1.54bd3ap-26f, -0x1.965024p-27f, -0x1.f2c15cp-28f,
};

#if !VACT_CAP_LUT16
static const float fast_gx8_c0lo[8] = {
    -0x1.b30812p-26f, 0x1.cf4e82p-27f, -0x1.e18452p-29f, 0x1.336bf4p-28f,
    -0x1.5804dcp-29f, -0x1.f8ebc6p-29f, 0x1.866b66p-30f, -0x1.d39b6ep-29f,
};
static const float fast_gx8_c0[8] = {
    0x1.4b1de2p-1f, 0x1.690b32p-2f, 0x1.e0ad1ap-3f, 0x1.647338p-3f,
    0x1.1a1398p-3f, 0x1.d1e318p-4f, 0x1.8c659cp-4f, 0x1.58c356p-4f,
};
static const float fast_gx8_c1[8] = {
    -0x1.93234ep-2f, -0x1.18274ep-3f, -0x1.07e8bap-4f, -0x1.2a64d6p-5f,
    -0x1.7b18bep-6f, -0x1.04a56ep-6f, -0x1.7b481ap-7f, -0x1.1fdae2p-7f,
};
static const float fast_gx8_c2[8] = {
    0x1.9a45b2p-3f, 0x1.899966p-5f, 0x1.1145dap-6f, 0x1.e14ef4p-8f,
    0x1.f0c63p-9f, 0x1.1e6c0ap-9f, 0x1.660c2ep-10f, 0x1.dbb51ep-11f,
};
static const float fast_gx8_c3[8] = {
    -0x1.6e91fap-4f, -0x1.fe2772p-7f, -0x1.0ce0d8p-8f, -0x1.773c52p-10f,
    -0x1.3de43p-11f, -0x1.3561dcp-12f, -0x1.4da4fep-13f, -0x1.85206ap-14f,
};
static const float fast_gx8_c4[8] = {
    0x1.27b81cp-5f, 0x1.34edd2p-8f, 0x1.f9b186p-11f, 0x1.1b93eep-12f,
    0x1.8dea6ep-14f, 0x1.48bf08p-15f, 0x1.3309bp-16f, 0x1.3b3218p-17f,
};
static const float fast_gx8_c5[8] = {
    -0x1.b6ad9p-7f, -0x1.60dbdap-10f, -0x1.c896fap-13f, -0x1.a076b2p-15f,
    -0x1.e7c49ap-17f, -0x1.57e27ap-18f, -0x1.17287p-19f, -0x1.f9c576p-21f,
};
static const float fast_gx8_c6[8] = {
    0x1.2ee70ep-8f, 0x1.7ebed6p-12f, 0x1.8d4af2p-15f, 0x1.29bb5ep-17f,
    0x1.2516b2p-19f, 0x1.6259ccp-21f, 0x1.f5b71ep-23f, 0x1.9208c6p-24f,
};
static const float fast_gx8_c7[8] = {
    -0x1.87f952p-10f, -0x1.8be8f2p-14f, -0x1.4df7dep-17f, -0x1.9f0a6ep-20f,
    -0x1.59984cp-22f, -0x1.67dd88p-24f, -0x1.bdc2a2p-26f, -0x1.3cab96p-27f,
};
static const float fast_gx8_c8[8] = {
    0x1.e28432p-12f, 0x1.8989c2p-16f, 0x1.104facp-19f, 0x1.1aabf8p-22f,
    0x1.905d06p-25f, 0x1.688a64p-27f, 0x1.886eb4p-29f, 0x1.ee33d4p-31f,
};
static const float fast_gx8_c9[8] = {
    -0x1.3208e6p-13f, -0x1.8e1348p-18f, -0x1.c094c2p-22f, -0x1.835d8ap-25f,
    -0x1.d190bep-28f, -0x1.69fedcp-30f, -0x1.58becap-32f, -0x1.8430d6p-34f,
};
static const float fast_gx8_c10[8] = {
    0x1.4decf2p-15f, 0x1.6b8492p-20f, 0x1.57d8ap-24f, 0x1.f78bb6p-28f,
    0x1.03cdf6p-30f, 0x1.5b508p-33f, 0x1.f663c6p-36f, 0x1.404f72p-37f,
};
#endif

/* Phi(x), the normal CDF, for gelu: with s = |x| (clamped to 10),
 * Phi(-s) = e^(-s^2/2) G(s)/2, s^2 as two floats and the exponential's
 * polynomial folded into one rounding with G; Phi(x) = 1 - Phi(-s) for
 * x >= 0, where Phi(-s) <= 1/2 so nothing cancels.  Branch-free: the
 * exponent stays above -50.  Beyond |x| = 10, Phi is 1 to float precision
 * for x > 0, and gelu takes its Mills-ratio tail for x < -10.  With t !=
 * NULL, x phi(x) = x e^(-s^2/2)/sqrt(2 pi) as *t + *tl, x held to +-10
 * (beyond, x phi(x) < 2^-60 beside Phi = 1), from the same exponential:
 * 2^k (1 + v)(1 - l) with 1 + v split exactly, to about 2^-25 (v's
 * rounding and that of the reduced argument). */
/* always inlined: as a call (GCC's choice in geglu's backward, two per
 * vector, once the AVX2 table grew) the caller's vectors spill around it
 * (AVX2 geglu backward 3.83 against 2.64 ns/element) */
static inline __attribute__((always_inline)) V t_Phi2(V x, V *t, V *tl)
{
    V a = v_abs(x);
    V s = v_min(v_set(10.0f), a); /* NaN stays NaN, and so does every result */
#if VACT_CAP_LUT16
    V q = v_min(v_set(15.0f), v_round(v_sub(v_mul(s, v_set(1.6f)), v_set(0.5f))));
    VI i = v_to_vi(q);
    V d = v_sub(s, v_mul(v_add(q, v_set(0.5f)), v_set(0.625f))); /* exact */
    V g = v_lut16(fast_gx_c7, i);
    g = v_fma(g, d, v_lut16(fast_gx_c6, i));
    g = v_fma(g, d, v_lut16(fast_gx_c5, i));
    g = v_fma(g, d, v_lut16(fast_gx_c4, i));
    g = v_fma(g, d, v_lut16(fast_gx_c3, i));
    g = v_fma(g, d, v_lut16(fast_gx_c2, i));
    g = v_fma(g, d, v_lut16(fast_gx_c1, i));
    g = v_fma(g, d, v_lut16(fast_gx_c0lo, i));
    g = v_add(g, v_lut16(fast_gx_c0, i));
#else
    V q = v_min(v_set(7.0f), v_round(v_sub(v_mul(s, v_set(0.8f)), v_set(0.5f))));
    VI i = v_to_vi(q);
    V d = v_sub(s, v_mul(v_add(q, v_set(0.5f)), v_set(1.25f))); /* exact */
    V g = v_lut8(fast_gx8_c10, i);
    g = v_fma(g, d, v_lut8(fast_gx8_c9, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c8, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c7, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c6, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c5, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c4, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c3, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c2, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c1, i));
    g = v_fma(g, d, v_lut8(fast_gx8_c0lo, i));
    g = v_add(g, v_lut8(fast_gx8_c0, i));
#endif
    /* e^(-h/2 - l/2) = 2^k (1 + v)(1 - l/2) = 2^k (1 + u), u = v - (l/2)(1 + v) */
    V h = v_mul(s, s), l = v_mul(v_fma(s, s, v_neg(h)), v_set(0.5f));
    V k, r = k_exp_reduce(v_mul(h, v_set(-0.5f)), &k);
    V v = k_expm1_reduced(r);
    V u = v_sub(v, v_fma(l, v, l));
    if (t) {
        V w = v_add(v_set(1.0f), v), wl = v_sub(v, v_sub(w, v_set(1.0f))); /* w + wl = 1 + v */
        V eh = v_ldexp(w, k), el = v_ldexp(v_fma(v_neg(l), w, wl), k);
        *t = k_x_phi(v_max(v_set(-10.0f), v_min(v_set(10.0f), x)), eh, el, tl);
    }
    V P = v_mul(v_ldexp(v_fma(u, g, g), k), v_set(0.5f));       /* Phi(-s) */
    return v_sel(v_lt(x, v_set(0.0f)), P, v_sub(v_set(1.0f), P));
}

#endif
