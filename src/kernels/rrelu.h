/* SPDX-License-Identifier: MIT */
/*
 * The rrelu generator: Philox4x32-10 (Salmon, Moraes, Dror and Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC 2011) keyed by the seed
 * and counting elements, so that a slope depends only on its element,
 * whatever the path, the chunking or the direction (vact.h gives the
 * definition).
 */
#ifndef VACT_KERNELS_RRELU_H
#define VACT_KERNELS_RRELU_H

#define PHILOX_M0 0xD2511F53u /* the round multipliers */
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u /* the key schedule's increments */
#define PHILOX_W1 0xBB67AE85u

/* The key of every round (k + r*W mod 2^32), broadcast once per call. */
typedef struct { VI k0[10], k1[10]; } k_philox_key;
static inline void k_philox_key_init(k_philox_key *kk, uint64_t seed)
{
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int r = 0; r < 10; r++, k0 += PHILOX_W0, k1 += PHILOX_W1) {
        kk->k0[r] = vi_set(k0);
        kk->k1[r] = vi_set(k1);
    }
}

/* Word 0 of Philox4x32-10 for the counter (c0, c1, 0, 0) of each lane.  The
 * first round is written out: its x2 and x3 are 0. */
static inline VI k_philox_w0(VI c0, VI c1, const k_philox_key *kk)
{
    VI hi0, hi1;
    VI x3 = vi_mul_wide(vi_set(PHILOX_M0), c0, &hi0);
    VI x0 = vi_xor(c1, kk->k0[0]), x1 = vi_set(0), x2 = vi_xor(hi0, kk->k1[0]);
    for (int r = 1; r < 10; r++) {
        const VI lo0 = vi_mul_wide(vi_set(PHILOX_M0), x0, &hi0);
        const VI lo1 = vi_mul_wide(vi_set(PHILOX_M1), x2, &hi1);
        x0 = vi_xor(vi_xor(hi1, x1), kk->k0[r]);
        x1 = lo1;
        x2 = vi_xor(vi_xor(hi0, x3), kk->k1[r]);
        x3 = lo0;
    }
    return x0;
}

/* The slopes of elements k .. k+VLEN-1: counter k + j (mod 2^64) for lane
 * j, u = (word 0 >> 8)*2^-24, slope = lower + d*u, each rounded once. */
static inline V k_rrelu_slopes(const k_philox_key *kk, uint64_t k, float lower, float d)
{
    const uint32_t lo = (uint32_t)k;
    const VI c0 = vi_add(vi_set(lo), vi_iota());
    VI c1 = vi_set((uint32_t)(k >> 32));
    if (lo > UINT32_MAX - (VLEN - 1)) /* the lanes whose c0 wrapped, c0 < 2^31, carry */
        c1 = vi_add(c1, vi_xor(vi_srl(c0, 31), vi_set(1)));
    const VI w = k_philox_w0(c0, c1, kk);
    const V u = v_mul(vi_to_f(vi_srl(w, 8)), v_set(0x1p-24f));
    return v_add(v_set(lower), v_mul(v_set(d), u));
}
#endif
