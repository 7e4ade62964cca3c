/*
 * Runtime dispatch: which kernel table every call goes to.
 *
 * The path is resolved once, on first use, from CPUID + XGETBV (x86) or the
 * architecture (aarch64), capped by VACT_ISA; the result is one atomic
 * pointer, so concurrent first calls at worst resolve twice to the same
 * answer.  The accuracy tier is per thread, like a floating-point mode.
 *
 * This file must never be compiled with ISA flags: it runs before we know
 * the CPU has them.
 */
#if defined(__AVX2__) || defined(__AVX512F__) || defined(__FMA__)
#error "dispatch.c must be compiled for the baseline ISA"
#endif

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define VACT_X86 1
#endif

typedef struct vact_path {
    vact_isa isa;
    const vact_kernels *tier[2]; /* indexed by vact_accuracy */
} vact_path;

static const vact_path paths[4] = {
    {VACT_ISA_SCALAR, {&vact_kernels_scalar, &vact_kernels_scalar_fast}},
#if defined(VACT_HAVE_AVX2)
    {VACT_ISA_AVX2, {&vact_kernels_avx2, &vact_kernels_avx2_fast}},
#else
    {VACT_ISA_AVX2, {NULL, NULL}},
#endif
#if defined(VACT_HAVE_AVX512)
    {VACT_ISA_AVX512, {&vact_kernels_avx512, &vact_kernels_avx512_fast}},
#else
    {VACT_ISA_AVX512, {NULL, NULL}},
#endif
#if defined(VACT_HAVE_NEON)
    {VACT_ISA_NEON, {&vact_kernels_neon, &vact_kernels_neon_fast}},
#else
    {VACT_ISA_NEON, {NULL, NULL}},
#endif
};

#if VACT_X86
static uint64_t vact_xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}
#endif

/* Bit i set: the CPU and OS can run path i (regardless of this build). */
static unsigned cpu_paths(void)
{
    unsigned m = 1u << VACT_ISA_SCALAR;
#if VACT_X86
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return m;
    const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx)
        return m;
    const uint64_t xcr0 = vact_xgetbv0();
    if (__get_cpuid_max(0, NULL) < 7)
        return m;
    __cpuid_count(7, 0, a, b, c, d);
    const int avx2 = (b >> 5) & 1;
    const int f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    if (avx2 && fma && (xcr0 & 0x6) == 0x6)
        m |= 1u << VACT_ISA_AVX2;
    /* ZMM state: XMM, YMM, opmask, ZMM_Hi256 and Hi16_ZMM all enabled */
    if (f && dq && bw && vl && (xcr0 & 0xE6) == 0xE6 && (m & (1u << VACT_ISA_AVX2)))
        m |= 1u << VACT_ISA_AVX512;
#elif defined(__aarch64__)
    m |= 1u << VACT_ISA_NEON;
#endif
    return m;
}

static atomic_uint avail_cache; /* 0: not yet detected; else mask | 0x80000000 */
static unsigned available_mask(void)
{
    unsigned m = atomic_load_explicit(&avail_cache, memory_order_acquire);
    if (!m) {
        m = cpu_paths() | 0x80000000u;
        for (int i = 0; i < 4; i++)
            if (!paths[i].tier[0])
                m &= ~(1u << i);
        atomic_store_explicit(&avail_cache, m, memory_order_release);
    }
    return m;
}

int vact_isa_available(vact_isa isa)
{
    if ((unsigned)isa > VACT_ISA_NEON)
        return 0;
    return (available_mask() >> isa) & 1;
}

/* Best first; VACT_ISA names a cap: that path if available, else the best
 * available one below it in this order. */
static const vact_isa preference[4] = {VACT_ISA_AVX512, VACT_ISA_AVX2, VACT_ISA_NEON,
                                       VACT_ISA_SCALAR};

static int isa_from_name(const char *s)
{
    static const char *names[4] = {"scalar", "avx2", "avx512", "neon"};
    for (int i = 0; s && i < 4; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

static _Atomic(const vact_path *) active;

static const vact_path *resolve(void)
{
    const int cap = isa_from_name(getenv("VACT_ISA"));
    int start = 0;
    if (cap >= 0)
        while (preference[start] != (vact_isa)cap)
            start++;
    const vact_path *p = &paths[VACT_ISA_SCALAR];
    for (int i = start; i < 4; i++)
        if (vact_isa_available(preference[i])) {
            p = &paths[preference[i]];
            break;
        }
    const vact_path *expected = NULL;
    if (!atomic_compare_exchange_strong(&active, &expected, p))
        p = expected; /* another thread resolved (or forced) first */
    return p;
}

static inline const vact_path *active_path(void)
{
    const vact_path *p = atomic_load_explicit(&active, memory_order_acquire);
    return p ? p : resolve();
}

vact_isa vact_isa_active(void) { return active_path()->isa; }

vact_status vact_isa_force(vact_isa isa)
{
    if ((unsigned)isa > VACT_ISA_NEON)
        return VACT_ERR_ARG;
    if (!vact_isa_available(isa))
        return VACT_ERR_UNSUPPORTED;
    atomic_store_explicit(&active, &paths[isa], memory_order_release);
    return VACT_OK;
}

const char *vact_isa_name(vact_isa isa)
{
    switch (isa) {
    case VACT_ISA_SCALAR: return "scalar";
    case VACT_ISA_AVX2: return "avx2";
    case VACT_ISA_AVX512: return "avx512";
    case VACT_ISA_NEON: return "neon";
    }
    return "unknown";
}

/* ---- accuracy tier ----------------------------------------------------- */
static atomic_int default_tier = -1;
/* initial-exec: a direct thread-pointer access, not a __tls_get_addr call per
 * API call (four bytes of the static TLS block a dlopen can still get) */
#if defined(__GNUC__)
static _Thread_local int thread_tier __attribute__((tls_model("initial-exec"))) = -1;
#else
static _Thread_local int thread_tier = -1;
#endif

static int process_default_tier(void)
{
    int t = atomic_load_explicit(&default_tier, memory_order_relaxed);
    if (t < 0) {
        const char *s = getenv("VACT_ACCURACY");
        t = (s && !strcmp(s, "fast")) ? VACT_ACCURACY_FAST : VACT_ACCURACY_HIGH;
        atomic_store_explicit(&default_tier, t, memory_order_relaxed);
    }
    return t;
}

vact_accuracy vact_accuracy_get(void)
{
    if (thread_tier < 0)
        thread_tier = process_default_tier();
    return (vact_accuracy)thread_tier;
}

vact_status vact_accuracy_set(vact_accuracy a)
{
    if (a != VACT_ACCURACY_HIGH && a != VACT_ACCURACY_FAST)
        return VACT_ERR_ARG;
    thread_tier = (int)a;
    return VACT_OK;
}

const vact_kernels *vact_active_kernels(void)
{
    return active_path()->tier[vact_accuracy_get()];
}
