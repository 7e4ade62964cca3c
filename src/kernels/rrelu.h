/*
 * The rrelu generator: a counter-based hash of (seed, element index), so
 * that a slope depends only on its element, whatever the path, the chunking
 * or the direction (vact.h gives the definition).
 */
#ifndef VACT_KERNELS_RRELU_H
#define VACT_KERNELS_RRELU_H

static inline uint32_t vact_mix32(uint32_t x)
{
    x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
    return x;
}
/* one element's slope, for the rare vector whose counters cross a 2^32
 * boundary */
static inline float vact_rrelu_slope(uint64_t seed, uint64_t k, float lower, float d)
{
    uint32_t h = vact_mix32((uint32_t)k ^ (uint32_t)seed ^
                            vact_mix32((uint32_t)(k >> 32) ^ (uint32_t)(seed >> 32)));
    float u = (float)(h >> 8) * 0x1p-24f;
    float du = d * u;
    return lower + du;
}
/* The slopes of elements k .. k+VLEN-1 (vact.h gives the generator).  While
 * the counters share their high half, mix32(hi ^ s1) is one scalar; the
 * vector whose counters cross a 2^32 boundary is done lane by lane. */
static inline VI k_mix32(VI h)
{
    h = vi_xor(h, vi_srl(h, 16));
    h = vi_mul(h, vi_set(0x7feb352dU));
    h = vi_xor(h, vi_srl(h, 15));
    h = vi_mul(h, vi_set(0x846ca68bU));
    return vi_xor(h, vi_srl(h, 16));
}
static inline V k_rrelu_slopes(uint64_t seed, uint64_t k, float lower, float d)
{
    const uint32_t lo = (uint32_t)k;
    if (lo <= UINT32_MAX - (VLEN - 1)) {
        uint32_t hh = vact_mix32((uint32_t)(k >> 32) ^ (uint32_t)(seed >> 32)) ^ (uint32_t)seed;
        VI h = k_mix32(vi_xor(vi_add(vi_set(lo), vi_iota()), vi_set(hh)));
        V u = v_mul(vi_to_f(vi_srl(h, 8)), v_set(0x1p-24f));
        return v_add(v_set(lower), v_mul(v_set(d), u));
    }
    float t[VLEN];
    for (size_t j = 0; j < VLEN; j++)
        t[j] = vact_rrelu_slope(seed, k + j, lower, d);
    return v_ld(t);
}
#endif
