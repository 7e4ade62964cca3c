/* SPDX-License-Identifier: MIT */
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

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
#define VACT_X86 1
#if defined(_MSC_VER)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#endif

typedef struct vact_path {
    vact_isa isa;
    const char *name;
    const vact_kernels *tier[2]; /* indexed by vact_accuracy; NULL: not built */
    int (*detect)(void);         /* this CPU and OS run it */
} vact_path;

#if VACT_X86
/* CPUID leaf, subleaf -> r = {eax, ebx, ecx, edx}; XGETBV(0) = XCR0 */
#if defined(_MSC_VER)
static void vact_cpuid(unsigned leaf, unsigned sub, unsigned r[4])
{
    int t[4];
    __cpuidex(t, (int)leaf, (int)sub);
    for (int i = 0; i < 4; i++)
        r[i] = (unsigned)t[i];
}
static uint64_t vact_xgetbv0(void) { return _xgetbv(0); }
#else
static void vact_cpuid(unsigned leaf, unsigned sub, unsigned r[4])
{
    __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
}
static uint64_t vact_xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}
#endif

/* The x86 features the vector paths need. */
typedef struct { int avx2, avx512, bf16; } x86_caps;
static x86_caps x86_detect(void)
{
    x86_caps r = {0, 0, 0};
    unsigned id[4];
    vact_cpuid(0, 0, id);
    const unsigned max_leaf = id[0];
    if (max_leaf < 1)
        return r;
    vact_cpuid(1, 0, id);
    const unsigned c = id[2];
    /* F16C: the AVX2 and AVX-512 paths' f16 loads and stores */
    const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1,
              f16c = (c >> 29) & 1;
    if (!osxsave || !avx || max_leaf < 7)
        return r;
    const uint64_t xcr0 = vact_xgetbv0();
    vact_cpuid(7, 0, id);
    const unsigned b = id[1];
    const int avx2 = (b >> 5) & 1;
    const int f = (b >> 16) & 1, dq = (b >> 17) & 1, bw = (b >> 30) & 1, vl = (b >> 31) & 1;
    r.avx2 = avx2 && fma && f16c && (xcr0 & 0x6) == 0x6;
    /* ZMM state: XMM, YMM, opmask, ZMM_Hi256 and Hi16_ZMM all enabled */
    r.avx512 = r.avx2 && f && dq && bw && vl && (xcr0 & 0xE6) == 0xE6;
    /* AVX512_BF16 (leaf 7, subleaf 1, EAX bit 5): vcvtneps2bf16 */
    if (r.avx512 && id[0] >= 1) {
        vact_cpuid(7, 1, id);
        r.bf16 = (id[0] >> 5) & 1;
    }
    return r;
}
#endif

/* The detection column of src/vact_isas.def. */
static int cpu_scalar(void) { return 1; }
static int cpu_avx2(void)
{
#if VACT_X86
    return x86_detect().avx2;
#else
    return 0;
#endif
}
static int cpu_avx512(void)
{
#if VACT_X86
    return x86_detect().avx512;
#else
    return 0;
#endif
}
/* The AVX-512 path's bf16 rounding: AVX512_BF16's instruction where the CPU
 * has it, unless VACT_BF16CVT=0 (the integer rounding then, as on every
 * other path); read once. */
static atomic_int bf16cvt_cache = -1;
int vact_bf16cvt(void)
{
    int c = atomic_load_explicit(&bf16cvt_cache, memory_order_relaxed);
    if (c < 0) {
#if VACT_X86 && !defined(VACT_NO_BF16CVT)
        const char *s = getenv("VACT_BF16CVT");
        c = x86_detect().bf16 && !(s && !strcmp(s, "0"));
#else
        c = 0;
#endif
        atomic_store_explicit(&bf16cvt_cache, c, memory_order_relaxed);
    }
    return c;
}
static int cpu_neon(void)
{
#if defined(__aarch64__)
    return 1;
#else
    return 0;
#endif
}

/* Every path of the registry, best first. */
static const vact_path paths[] = {
#define VACT_ISA_DEF(name, e, built, detect) \
    {e, #name, {built ? &vact_kernels_##name##_high : NULL, built ? &vact_kernels_##name##_fast : NULL}, detect},
#include "vact_isas.def"
#undef VACT_ISA_DEF
};
#define N_PATHS (sizeof paths / sizeof paths[0])

static const vact_path *path_of(vact_isa isa)
{
    for (size_t i = 0; i < N_PATHS; i++)
        if (paths[i].isa == isa)
            return &paths[i];
    return NULL;
}

/* Bit i set: paths[i] is built and this CPU and OS run it. */
static atomic_uint avail_cache; /* 0: not yet detected; else mask | 0x80000000 */
static unsigned available_mask(void)
{
    unsigned m = atomic_load_explicit(&avail_cache, memory_order_acquire);
    if (!m) {
        m = 0x80000000u;
        for (size_t i = 0; i < N_PATHS; i++)
            if (paths[i].tier[0] && paths[i].detect())
                m |= 1u << i;
        atomic_store_explicit(&avail_cache, m, memory_order_release);
    }
    return m;
}

int vact_isa_available(vact_isa isa)
{
    const vact_path *p = path_of(isa);
    return p && ((available_mask() >> (p - paths)) & 1);
}

int vact_isa_compiled(vact_isa isa)
{
    const vact_path *p = path_of(isa);
    return p && p->tier[0];
}

int vact_isa_cpu(vact_isa isa)
{
    const vact_path *p = path_of(isa);
    return p && p->detect();
}

static _Atomic(const vact_path *) active;

/* VACT_ISA names a cap: that path if available, else the best available one
 * after it in the registry's order. */
static const vact_path *resolve(void)
{
    const char *cap = getenv("VACT_ISA");
    size_t start = 0;
    for (size_t i = 0; cap && i < N_PATHS; i++)
        if (!strcmp(cap, paths[i].name))
            start = i;
    const vact_path *p = path_of(VACT_ISA_SCALAR);
    for (size_t i = start; i < N_PATHS; i++)
        if ((available_mask() >> i) & 1) {
            p = &paths[i];
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
    const vact_path *p = path_of(isa);
    if (!p)
        return VACT_ERR_ARG;
    if (!vact_isa_available(isa))
        return VACT_ERR_UNSUPPORTED;
    atomic_store_explicit(&active, p, memory_order_release);
    return VACT_OK;
}

const char *vact_isa_name(vact_isa isa)
{
    const vact_path *p = path_of(isa);
    return p ? p->name : "unknown";
}

/* ---- accuracy tier -----------------------------------------------------
 * A thread's tier is its own once it calls vact_accuracy_set; until then it
 * follows the process default, read on every call, so that
 * vact_accuracy_set_default reaches threads already running (a worker pool
 * follows one call in main).  VACT_ACCURACY only sets the initial default. */
static atomic_int default_tier = -1; /* -1: not yet read from the environment */
/* initial-exec: a direct thread-pointer access, not a __tls_get_addr call per
 * API call (four bytes of the static TLS block a dlopen can still get) */
#if defined(__GNUC__)
static _Thread_local int thread_tier __attribute__((tls_model("initial-exec"))) = -1;
#else
static _Thread_local int thread_tier = -1; /* -1: follows the default */
#endif

static int process_default_tier(void)
{
    int t = atomic_load_explicit(&default_tier, memory_order_relaxed);
    if (t < 0) {
        const char *s = getenv("VACT_ACCURACY");
        int expected = -1;
        t = (s && !strcmp(s, "fast")) ? VACT_ACCURACY_FAST : VACT_ACCURACY_HIGH;
        /* a concurrent vact_accuracy_set_default wins over the environment */
        if (!atomic_compare_exchange_strong_explicit(&default_tier, &expected, t,
                                                     memory_order_relaxed, memory_order_relaxed))
            t = expected;
    }
    return t;
}

vact_accuracy vact_accuracy_get(void)
{
    return (vact_accuracy)(thread_tier >= 0 ? thread_tier : process_default_tier());
}

vact_status vact_accuracy_set(vact_accuracy a)
{
    if (a != VACT_ACCURACY_HIGH && a != VACT_ACCURACY_FAST)
        return VACT_ERR_ARG;
    thread_tier = (int)a;
    return VACT_OK;
}

vact_status vact_accuracy_set_default(vact_accuracy a)
{
    if (a != VACT_ACCURACY_HIGH && a != VACT_ACCURACY_FAST)
        return VACT_ERR_ARG;
    atomic_store_explicit(&default_tier, (int)a, memory_order_relaxed);
    return VACT_OK;
}

const vact_kernels *vact_active_kernels(void)
{
    return active_path()->tier[vact_accuracy_get()];
}
