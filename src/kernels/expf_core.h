/*
 * The core of an inline expf (SLEEF's algorithm): x = q ln2 + s by
 * Cody-Waite reduction (ln2 in two parts), e^s - 1 from a degree-7
 * polynomial, 2^q built in the exponent field.  Used by the FAST tier's
 * primitives (fast.h) and, in both tiers, where an op needs e^x in two
 * floats (mish).
 */
#ifndef VACT_KERNELS_EXPF_CORE_H
#define VACT_KERNELS_EXPF_CORE_H

#define K_L2U 0.693145751953125f
#define K_L2L 1.428606765330187045e-06f
#define K_RLN2 1.442695040888963407f

/* e^s - 1 for |s| <= ln2/2 */
static inline V k_expm1_reduced(V s)
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
static inline V k_pow2(V q)
{
    return vi_as_v(vi_sll(vi_add(v_to_vi(q), vi_set(127)), 23));
}

/* a*2^q, rounded once, for an integral float q in [-126, 127] (2^q normal).
 * An ISA may define its own, and V_LDEXP_FULL where that one holds for every
 * q (AVX-512's vscalefps); both round the exact a*2^q once, so they give the
 * same bits where both hold. */
#ifndef v_ldexp
static inline V v_ldexp(V a, V q) { return v_mul(a, k_pow2(q)); }
#endif

/* x = q ln2 + s, |s| <= ln2/2; *q receives q */
static inline V k_exp_reduce(V x, V *q)
{
    *q = v_round(v_mul(x, v_set(K_RLN2)));
    return v_fma(*q, v_set(-K_L2L), v_fma(*q, v_set(-K_L2U), x));
}

#endif
