/* SPDX-License-Identifier: MIT */
/*
 * bf16 conversions over any path's primitives: bf16 is f32's top half, so
 * widening is a shift and narrowing an integer rounding of the bits, the
 * same on every path (AVX512_BF16's vcvtneps2bf16, which reads subnormals as
 * 0, only in the AVX-512 twins' main loops: drive_storage.inc's
 * STORAGE_RN_bf16cvt).  f16's conversions are each ISA's own (v_from_f16,
 * v_to_f16 in src/<isa>/simd_<isa>.h).
 */
#ifndef VACT_KERNELS_STORAGE_H
#define VACT_KERNELS_STORAGE_H

/* Exact, bit for bit (a signalling NaN stays signalling). */
static inline V v_widen_bf16(VH h) { return vi_as_v(vi_sll(vh_to_vi(h), 16)); }
/* Exact; a signalling NaN comes back quiet, as F16C and NEON give f16's. */
static inline V v_from_bf16(VH h)
{
    const V v = v_widen_bf16(h);
    return v_sel(v_isnan(v), vi_as_v(vi_or(v_as_vi(v), vi_set(0x400000u))), v);
}

/* The roundings as words whose top half is the result (the _w forms), and
 * the results themselves: the top halves narrowed, or two vectors' words
 * packed into one vector of 2*VLEN results, the first's lanes the even
 * ones (vi_st_h2's layout) */
static inline VH v_bf16_narrow(VI w) { return vi_to_vh(vi_srl(w, 16)); }
static inline VI v_bf16_pack(VI even, VI odd) { return vi_or(vi_srl(even, 16), vi_and(odd, vi_set(0xffff0000u))); }
/* Round to nearest even, whatever the caller's mode: adding 0x7fff plus
 * the tie bit c carries into the kept part exactly when the dropped half is
 * above the midpoint, or on it with c = 1; subnormals round on the same
 * grid, FLT_MAX and beyond carry into inf.  A NaN keeps its sign and the
 * top of its payload, made quiet. */
static inline VI v_to_bf16_tie_w(V a, VI c)
{
    const VI b = v_as_vi(a);
    const VI r = vi_add(vi_add(b, vi_set(0x7fffu)), c);
    return v_as_vi(v_sel(v_isnan(a), vi_as_v(vi_or(b, vi_set(0x400000u))), vi_as_v(r)));
}
static inline VH v_to_bf16_tie(V a, VI c) { return v_bf16_narrow(v_to_bf16_tie_w(a, c)); }
/* to even: the tie bit is the kept part's lowest */
static inline VI v_to_bf16_w(V a) { return v_to_bf16_tie_w(a, vi_and(vi_srl(v_as_vi(a), 16), vi_set(1u))); }
static inline VH v_to_bf16(V a) { return v_bf16_narrow(v_to_bf16_w(a)); }
/* v_to_bf16 of an a that is not NaN and not exactly on a midpoint (its
 * dropped half is not 0x8000): rounding half up in magnitude is then
 * rounding to nearest, one addition (FLT_MAX and beyond carry into inf) */
static inline VI v_to_bf16_near_w(V a) { return vi_add(v_as_vi(a), vi_set(0x8000u)); }
static inline VH v_to_bf16_near(V a) { return v_bf16_narrow(v_to_bf16_near_w(a)); }
/* v_to_bf16 of an a not exactly on a midpoint, NaN or not (kept as
 * v_to_bf16 keeps it: quiet, its payload's top) */
static inline VI v_to_bf16_near_nan_w(V a)
{
    const VI b = v_as_vi(a);
    return v_as_vi(v_sel(v_isnan(a), vi_as_v(vi_or(b, vi_set(0x400000u))), vi_as_v(vi_add(b, vi_set(0x8000u)))));
}
static inline VH v_to_bf16_near_nan(V a) { return v_bf16_narrow(v_to_bf16_near_nan_w(a)); }
/* v_to_bf16 of an a that is not NaN */
static inline VI v_to_bf16_fin_w(V a)
{
    const VI b = v_as_vi(a);
    return vi_add(vi_add(b, vi_set(0x7fffu)), vi_and(vi_srl(b, 16), vi_set(1u)));
}
static inline VH v_to_bf16_fin(V a) { return v_bf16_narrow(v_to_bf16_fin_w(a)); }
/* v_to_bf16 of the value a stands for, e the sign of its remainder (0 where
 * a is exact; drive_storage.inc's storage_odd): the tie bit is taken from
 * e where a is inexact (1 where the exact value lies beyond a in
 * magnitude).  It decides only where the dropped half is exactly the
 * midpoint, so this is v_to_bf16(storage_odd(a, e)) in one rounding. */
static inline VH v_to_bf16_res(V a, V e)
{
    const VI b = v_as_vi(a);
    const VI odd = vi_and(vi_srl(b, 16), vi_set(1u));
    const VI away = vi_xor(vi_srl(vi_xor(v_as_vi(e), b), 31), vi_set(1u));
    return v_to_bf16_tie(a, v_as_vi(v_sel(v_gt(v_abs(e), v_set(0.0f)), vi_as_v(away), vi_as_v(odd))));
}

#endif
