/* SPDX-License-Identifier: MIT */
/* Prints a hash of every entry point's output, per path and tier, over
 * special values (NaN, +-inf, +-0, +-FLT_MAX, subnormals) and a spread of
 * ordinary ones; exits 1 if a NaN input gave a non-NaN output.  Built once
 * by vact's own build and once inside a parent project compiled with
 * -ffast-math (tools/check_vendor.sh): the two outputs must be the same
 * bits, or the parent's flags reached vact's kernels. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vact.h"
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#define N 1024
static float x[N], dy[N], b[N], y[N], y2[N], alpha[16];
static int bad;

static uint32_t mix(uint32_t h)
{
    h ^= h >> 16; h *= 0x7feb352dU; h ^= h >> 15; h *= 0x846ca68bU; h ^= h >> 16;
    return h;
}
static void report(const char *op, const char *dir, vact_isa isa, int tier, vact_status st)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < N; i++) {
        uint32_t u, v;
        memcpy(&u, &y[i], 4);
        memcpy(&v, &y2[i], 4);
        h = (h ^ u) * 0x100000001b3ULL;
        h = (h ^ v) * 0x100000001b3ULL;
    }
    printf("%s %s %s %s %d %016llx\n", op, dir, vact_isa_name(isa), tier ? "fast" : "high", (int)st,
           (unsigned long long)h);
}
/* element-wise: a NaN x (and, backward, a NaN dy) must give NaN */
static void nan_check(const char *op, const char *dir)
{
    for (size_t i = 0; i < 8; i++)
        if (!isnan(y[i])) {
            printf("FAIL %s %s: NaN in, %a out at %zu\n", op, dir, y[i], i);
            bad = 1;
        }
}

#define P0_0() 
#define P0_1(a) , p0
#define P0_2(a, c) , p0, p1

static void run(vact_isa isa, int tier)
{
#define VACT_UNARY(name, np, pn, saved, check, p0v, p1v, ...)                       \
    {                                                                               \
        const float p0 = p0v, p1 = p1v;                                             \
        (void)p0; (void)p1;                                                         \
        memset(y2, 0, sizeof y2);                                                   \
        report(#name, "fwd", isa, tier, vact_##name##_f32(x, y, N P0_##np pn));     \
        nan_check(#name, "fwd");                                                    \
        report(#name, "bwd", isa, tier,                                             \
               vact_##name##_backward_f32(dy, x, y, N P0_##np pn));                 \
        nan_check(#name, "bwd");                                                    \
    }
#include "vact_ops.def"
#undef VACT_UNARY
    report("prelu", "fwd", isa, tier, vact_prelu_f32(x, y, alpha, 8, 16, 8));
    report("prelu", "bwd", isa, tier, vact_prelu_backward_f32(dy, x, alpha, y, y2, 64, 16, 1));
    report("rrelu", "fwd", isa, tier, vact_rrelu_f32(x, y, N, 0.1f, 0.3f, 7, 0));
    report("rrelu", "bwd", isa, tier, vact_rrelu_backward_f32(dy, x, y, N, 0.1f, 0.3f, 7, 0));
#define VACT_ROWS(name, ...)                                                              \
    report(#name, "fwd", isa, tier, vact_##name##_f32(x, y, 32, 32));                      \
    report(#name, "bwd", isa, tier, vact_##name##_backward_f32(dy, b, y, 32, 32));
#define VACT_GATED(name, ...)                                                             \
    report(#name, "fwd", isa, tier, vact_##name##_f32(x, b, y, N));                        \
    report(#name, "bwd", isa, tier, vact_##name##_backward_f32(dy, x, b, y, y2, N));
#include "vact_ops.def"
#undef VACT_ROWS
#undef VACT_GATED
}

int main(void)
{
#if defined(__SSE__)
    /* a -ffast-math link adds crtfastmath, which sets FTZ and DAZ for the
     * whole process (a flush the contract allows): clear them, so that both
     * builds run in the same floating-point environment and only the
     * compile flags of vact's own sources can differ */
    _mm_setcsr(_mm_getcsr() & ~0x8040u);
#endif
    static const float special[] = {
        NAN, -NAN, NAN, NAN, NAN, NAN, NAN, NAN, /* the first 8: nan_check */
        INFINITY, -INFINITY, 0.0f, -0.0f, 0x1.fffffep127f, -0x1.fffffep127f,
        0x1p-149f, -0x1p-149f, 0x1p-126f, -0x1p-126f, 1e-30f, -1e-30f,
        88.7f, -88.7f, 103.9f, -103.9f, 20.0f, -20.0f, 3.0f, -3.0f,
    };
    const size_t ns = sizeof special / sizeof special[0];
    for (size_t i = 0; i < N; i++) {
        uint32_t h = mix((uint32_t)i + 1);
        x[i] = i < ns ? special[i] : ((float)(h % 20001) - 10000.0f) * 0.003f;
        dy[i] = i < 8 ? NAN : i % 97 == 0 ? INFINITY : ((float)(mix(h) % 2001) - 1000.0f) * 0.01f;
        b[i] = ((float)(mix(h + 7) % 2001) - 1000.0f) * 0.013f;
    }
    for (size_t c = 0; c < 16; c++)
        alpha[c] = 0.05f * (float)c - 0.3f;
    static const vact_isa isas[] = {
#define VACT_ISA_DEF(name, e, ...) e,
#include "vact_isas.def"
#undef VACT_ISA_DEF
    };
    for (size_t k = 0; k < sizeof isas / sizeof isas[0]; k++) {
        if (vact_isa_force(isas[k]) != VACT_OK)
            continue;
        for (int tier = 0; tier < 2; tier++) {
            vact_accuracy_set(tier ? VACT_ACCURACY_FAST : VACT_ACCURACY_HIGH);
            run(isas[k], tier);
        }
    }
    return bad;
}
