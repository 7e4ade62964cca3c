/* vact-info: what this build of vact does on this machine. */
#include <stdio.h>
#include <stdlib.h>
#include <sleef.h>
#include "vact.h"

static const vact_isa isas[] = { /* the registry's paths, best first */
#define VACT_ISA_DEF(name, e, ...) e,
#include "vact_isas.def"
#undef VACT_ISA_DEF
};

int main(void)
{
    printf("vact %s (header %d.%d.%d)\n", vact_version(), VACT_VERSION_MAJOR,
           VACT_VERSION_MINOR, VACT_VERSION_PATCH);
    printf("SLEEF %d.%d.%d (built against)\n", SLEEF_VERSION_MAJOR, SLEEF_VERSION_MINOR,
           SLEEF_VERSION_PATCHLEVEL);
#if defined(__x86_64__)
    __builtin_cpu_init();
    printf("cpu features:%s%s%s%s%s%s\n", __builtin_cpu_supports("avx2") ? " avx2" : "",
           __builtin_cpu_supports("fma") ? " fma" : "",
           __builtin_cpu_supports("avx512f") ? " avx512f" : "",
           __builtin_cpu_supports("avx512bw") ? " avx512bw" : "",
           __builtin_cpu_supports("avx512dq") ? " avx512dq" : "",
           __builtin_cpu_supports("avx512vl") ? " avx512vl" : "");
#elif defined(__aarch64__)
    printf("cpu features: asimd (aarch64)\n");
#endif
    printf("paths available:");
    for (size_t i = 0; i < sizeof isas / sizeof isas[0]; i++)
        if (vact_isa_available(isas[i]))
            printf(" %s", vact_isa_name(isas[i]));
    printf("\nactive path: %s", vact_isa_name(vact_isa_active()));
    const char *cap = getenv("VACT_ISA");
    if (cap)
        printf(" (VACT_ISA=%s)", cap);
    printf("\n");
    printf("accuracy tier: %s\n", vact_accuracy_get() == VACT_ACCURACY_FAST ? "fast" : "high");
    return 0;
}
