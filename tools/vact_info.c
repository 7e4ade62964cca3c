/* SPDX-License-Identifier: MIT */
/* vact-info: what this build of vact does on this machine, as the library
 * itself sees it (its own CPUID+XGETBV detection, its own VACT_ISA and
 * VACT_ACCURACY handling).  --json for the same as one JSON object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sleef.h>
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <cpuid.h>
#endif
#include "vact.h"

static const vact_isa isas[] = { /* the registry's paths, best first */
#define VACT_ISA_DEF(name, e, ...) e,
#include "vact_isas.def"
#undef VACT_ISA_DEF
};
#define N_ISAS (sizeof isas / sizeof isas[0])

static const char *yes(int b) { return b ? "yes" : "no"; }

/* How each path converts f16 and bf16 (src/<isa>/simd_<isa>.h: v_to_f16,
 * v_from_f16; bf16 is src/kernels/storage.h's integer rounding on every
 * path, and on the AVX-512 path's element-wise twins AVX512_BF16's
 * vcvtneps2bf16 where the CPU has it (subnormals, which it reads as 0, by
 * the integer rounding) unless VACT_BF16CVT=0: src/dispatch.c's
 * vact_bf16cvt, whose CPUID test this repeats). */
static const char *f16_cvt(vact_isa a)
{
    switch (a) {
    case VACT_ISA_AVX2: return "F16C vcvtph2ps/vcvtps2ph";
    case VACT_ISA_AVX512: return "AVX-512F vcvtph2ps/vcvtps2ph";
    case VACT_ISA_NEON: return "fcvtl/fcvtn";
    default: return "integer rounding";
    }
}
static int cpu_bf16cvt(void)
{
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && !defined(VACT_NO_BF16CVT)
    unsigned a, b, c, d;
    const char *s = getenv("VACT_BF16CVT");
    if (s && !strcmp(s, "0"))
        return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || a < 1) /* a: leaf 7's last subleaf */
        return 0;
    __cpuid_count(7, 1, a, b, c, d);
    return (a >> 5) & 1;
#else
    return 0;
#endif
}
static const char *bf16_cvt(vact_isa a)
{
    if (a == VACT_ISA_AVX512 && vact_isa_available(a) && cpu_bf16cvt())
        return "AVX512_BF16 vcvtneps2bf16 + integer rounding";
    return "integer rounding";
}

/* VACT_ISA's value and whether the library knows it (an unknown one is
 * ignored by the dispatcher) */
static int isa_env_known(const char *v)
{
    for (size_t i = 0; v && i < N_ISAS; i++)
        if (!strcmp(v, vact_isa_name(isas[i])))
            return 1;
    return 0;
}

static void text(void)
{
    const char *cap = getenv("VACT_ISA");
    printf("vact %s (header %d.%d.%d), SLEEF %d.%d.%d (built against)\n", vact_version(),
           VACT_VERSION_MAJOR, VACT_VERSION_MINOR, VACT_VERSION_PATCH, SLEEF_VERSION_MAJOR,
           SLEEF_VERSION_MINOR, SLEEF_VERSION_PATCHLEVEL);
    printf("%-8s %-9s %-5s %-10s %-29s %s\n", "path", "compiled", "cpu", "available", "f16",
           "bf16");
    for (size_t i = 0; i < N_ISAS; i++) {
        const vact_isa a = isas[i];
        printf("%-8s %-9s %-5s %-10s %-29s %s%s\n", vact_isa_name(a), yes(vact_isa_compiled(a)),
               yes(vact_isa_cpu(a)), yes(vact_isa_available(a)), f16_cvt(a), bf16_cvt(a),
               a == vact_isa_active() ? "   <- active" : "");
    }
    if (cap)
        printf("VACT_ISA=%s%s\n", cap,
               isa_env_known(cap) ? " (a cap: that path if available, else the best below it)"
                                  : " is not a path name: ignored");
    printf("accuracy tier: %s%s\n", vact_accuracy_get() == VACT_ACCURACY_FAST ? "fast" : "high",
           getenv("VACT_ACCURACY") ? " (from VACT_ACCURACY)" : "");
}

static void json(void)
{
    const char *cap = getenv("VACT_ISA");
    printf("{\"version\": \"%s\", \"sleef\": \"%d.%d.%d\", \"active\": \"%s\", \"paths\": [",
           vact_version(), SLEEF_VERSION_MAJOR, SLEEF_VERSION_MINOR, SLEEF_VERSION_PATCHLEVEL,
           vact_isa_name(vact_isa_active()));
    for (size_t i = 0; i < N_ISAS; i++) {
        const vact_isa a = isas[i];
        printf("%s{\"name\": \"%s\", \"compiled\": %s, \"cpu\": %s, \"available\": %s, "
               "\"f16\": \"%s\", \"bf16\": \"%s\"}",
               i ? ", " : "", vact_isa_name(a), vact_isa_compiled(a) ? "true" : "false",
               vact_isa_cpu(a) ? "true" : "false", vact_isa_available(a) ? "true" : "false",
               f16_cvt(a), bf16_cvt(a));
    }
    printf("], \"vact_isa\": ");
    if (cap && isa_env_known(cap)) /* a path name: no character to escape */
        printf("\"%s\", \"vact_isa_known\": true", cap);
    else if (cap)
        printf("null, \"vact_isa_known\": false");
    else
        printf("null, \"vact_isa_known\": null");
    printf(", \"accuracy\": \"%s\"}\n", vact_accuracy_get() == VACT_ACCURACY_FAST ? "fast" : "high");
}

int main(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: vact-info [--json]\n"
               "Prints vact's version, each instruction-set path (compiled into this build,\n"
               "run by this CPU and OS, available, how it converts f16 and bf16), the active\n"
               "path and the accuracy tier,\n"
               "as the library detects them.  Environment: VACT_ISA=<path> caps the path,\n"
               "VACT_ACCURACY=fast|high sets the default tier, VACT_BF16CVT=0 turns off\n"
               "AVX512_BF16's conversion.\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--json")) {
        fprintf(stderr, "vact-info: unknown argument '%s' (try --help)\n", argv[1]);
        return 2;
    }
    if (argc > 1)
        json();
    else
        text();
    return 0;
}
