/* SPDX-License-Identifier: MIT */
/* The "api" group: version and status strings, path names and dispatch
 * (against the CPU's own feature bits), the per-thread accuracy tier, the
 * floating-point control state left as the caller set it, and
 * VACT_TEST_REQUIRE. */
#include "harness.h"

#include <fenv.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void t_version(void **state)
{
    (void)state;
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", VACT_VERSION_MAJOR, VACT_VERSION_MINOR,
             VACT_VERSION_PATCH);
    assert_string_equal(vact_version(), want);
    assert_string_equal(vact_strerror(VACT_OK), "success");
    assert_string_equal(vact_strerror((vact_status)42), "unknown status");
    for (size_t i = 0; i < vt_n_paths; i++)
        assert_string_equal(vact_isa_name(vt_paths[i].isa), vt_paths[i].name);
    assert_string_equal(vact_isa_name((vact_isa)9), "unknown");
}

static void t_dispatch(void **state)
{
    (void)state;
    assert_int_equal(vact_isa_available(VACT_ISA_SCALAR), 1);
    assert_int_equal(vact_isa_available((vact_isa)7), 0);
    assert_int_equal(vact_isa_force((vact_isa)7), VACT_ERR_ARG);
    for (size_t i = 0; i < vt_n_paths; i++) {
        const vact_isa isa = vt_paths[i].isa;
        if (vact_isa_available(isa)) {
            assert_int_equal(vact_isa_force(isa), VACT_OK);
            assert_int_equal(vact_isa_active(), isa);
        } else {
            vact_isa before = vact_isa_active();
            assert_int_equal(vact_isa_force(isa), VACT_ERR_UNSUPPORTED);
            assert_int_equal(vact_isa_active(), before);
        }
    }
#if defined(__x86_64__)
    __builtin_cpu_init();
    assert_int_equal(vact_isa_available(VACT_ISA_AVX2),
                     __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"));
    assert_int_equal(vact_isa_available(VACT_ISA_AVX512),
                     __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"));
    assert_int_equal(vact_isa_available(VACT_ISA_NEON), 0);
#elif defined(__aarch64__)
    assert_int_equal(vact_isa_available(VACT_ISA_NEON), 1);
#endif
}

static void *tier_thread(void *arg)
{
    int *seen = arg;
    seen[0] = vact_accuracy_get();
    vact_accuracy_set(VACT_ACCURACY_FAST);
    seen[1] = vact_accuracy_get();
    return NULL;
}
static void t_tier(void **state)
{
    (void)state;
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_FAST), VACT_OK);
    assert_int_equal(vact_accuracy_get(), VACT_ACCURACY_FAST);
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_HIGH), VACT_OK);
    assert_int_equal(vact_accuracy_set((vact_accuracy)5), VACT_ERR_ARG);
    assert_int_equal(vact_accuracy_get(), VACT_ACCURACY_HIGH);
}

/* The tier is per thread.  Skipped (and reported so) where the test runs
 * under an emulator whose threads hang (VACT_TEST_NO_THREADS, set by the
 * cross build's ctest). */
static void t_tier_thread(void **state)
{
    (void)state;
    if (getenv("VACT_TEST_NO_THREADS"))
        skip();
    assert_int_equal(vact_accuracy_set(VACT_ACCURACY_HIGH), VACT_OK);
    int seen[2] = {-1, -1};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, tier_thread, seen), 0);
    pthread_join(th, NULL);
    const char *env = getenv("VACT_ACCURACY");
    assert_int_equal(seen[0], env && !strcmp(env, "fast") ? VACT_ACCURACY_FAST
                                                          : VACT_ACCURACY_HIGH);
    assert_int_equal(seen[1], VACT_ACCURACY_FAST);
    assert_int_equal(vact_accuracy_get(), VACT_ACCURACY_HIGH); /* this thread untouched */
}

/* vact_accuracy_set_default reaches a thread that is already running and
 * has not set its own tier, and not one that has. */
typedef struct { pthread_barrier_t step; int seen[3]; } default_probe;
static void *default_thread(void *arg)
{
    default_probe *p = arg;
    pthread_barrier_wait(&p->step); /* 1: main has set the default to FAST */
    p->seen[0] = vact_accuracy_get();
    vact_accuracy_set(VACT_ACCURACY_HIGH);
    pthread_barrier_wait(&p->step); /* 2 */
    pthread_barrier_wait(&p->step); /* 3: main has set the default to FAST again */
    p->seen[1] = vact_accuracy_get();
    return NULL;
}
static void t_tier_default(void **state)
{
    (void)state;
    if (getenv("VACT_TEST_NO_THREADS"))
        skip();
    const vact_accuracy initial = vact_accuracy_get(); /* this thread set its own in t_tier */
    assert_int_equal(vact_accuracy_set_default((vact_accuracy)5), VACT_ERR_ARG);
    default_probe p = {.seen = {-1, -1, -1}};
    pthread_barrier_init(&p.step, NULL, 2);
    pthread_t th;
    assert_int_equal(vact_accuracy_set_default(VACT_ACCURACY_HIGH), VACT_OK);
    assert_int_equal(pthread_create(&th, NULL, default_thread, &p), 0);
    assert_int_equal(vact_accuracy_set_default(VACT_ACCURACY_FAST), VACT_OK);
    pthread_barrier_wait(&p.step); /* 1 */
    pthread_barrier_wait(&p.step); /* 2 */
    assert_int_equal(vact_accuracy_set_default(VACT_ACCURACY_FAST), VACT_OK);
    pthread_barrier_wait(&p.step); /* 3 */
    pthread_join(th, NULL);
    pthread_barrier_destroy(&p.step);
    const char *env = getenv("VACT_ACCURACY");
    vact_accuracy_set_default(env && !strcmp(env, "fast") ? VACT_ACCURACY_FAST : VACT_ACCURACY_HIGH);
    assert_int_equal(p.seen[0], VACT_ACCURACY_FAST); /* followed the new default */
    assert_int_equal(p.seen[1], VACT_ACCURACY_HIGH); /* kept its own */
    assert_int_equal(vact_accuracy_get(), initial);  /* this thread untouched */
}

/* The floating-point control state (x86 MXCSR without its sticky flags;
 * aarch64 FPCR) is left as the caller set it, by every op on every path, under
 * each rounding mode and with flush-to-zero / denormals-are-zero set. */
static unsigned long fp_control(void)
{
#if defined(__x86_64__)
    unsigned int m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m & ~0x3Fu;
#elif defined(__aarch64__)
    unsigned long r;
    __asm__ volatile("mrs %0, fpcr" : "=r"(r));
    return r;
#else
    return (unsigned long)fegetround();
#endif
}
static void set_ftz(int on)
{
#if defined(__x86_64__)
    unsigned int m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    m = on ? (m | 0x8040u) : (m & ~0x8040u);
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
#elif defined(__aarch64__)
    unsigned long r;
    __asm__ volatile("mrs %0, fpcr" : "=r"(r));
    r = on ? (r | (1ul << 24)) : (r & ~(1ul << 24));
    __asm__ volatile("msr fpcr, %0" : : "r"(r));
#else
    (void)on;
#endif
}
static void t_fpenv(void **state)
{
    (void)state;
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    enum { N = 77 };
    float x[N], dy[N], o[N], o2[N], al[N];
    for (int i = 0; i < N; i++) {
        x[i] = ((float)(vt_hash32((uint32_t)i) >> 8) * 0x1p-24f - 0.5f) * 200.0f;
        dy[i] = vt_dy((uint64_t)i);
        al[i] = 0.25f;
    }
    x[3] = 1e-40f;
    x[4] = NAN;
    int checked = 0;
    for (size_t i = 0; i < vt_n_paths; i++) {
        const vact_isa isa = vt_paths[i].isa;
        if (!vact_isa_available(isa))
            continue;
        assert_int_equal(vact_isa_force(isa), VACT_OK);
        for (int tier = 0; tier < 2; tier++) {
            vact_accuracy_set((vact_accuracy)tier);
            for (int ftz = 0; ftz < 2; ftz++)
                for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
                    assert_int_equal(fesetround(modes[m]), 0);
                    set_ftz(ftz);
                    const unsigned long before = fp_control();
                    for (size_t k = 0; k < vt_n_unary; k++) {
                        const vt_unary *u = &vt_unary_ops[k];
                        u->fwd(x, o, N, u->p0, u->p1);
                        u->bwd(dy, x, o, N, u->p0, u->p1);
                    }
                    vact_prelu_backward_f32(dy, x, al, o, o2, 1, 7, 11);
                    vact_rrelu_f32(x, o, N, 0.1f, 0.3f, 1, 2);
                    vact_softmax_f32(x, o, 7, 11);
                    vact_log_softmax_backward_f32(dy, x, o, 7, 11);
                    vact_geglu_backward_f32(dy, x, dy, o, o2, N);
                    const unsigned long after = fp_control();
                    set_ftz(0);
                    fesetround(FE_TONEAREST);
                    if (before != after)
                        fail_msg("%s tier %d mode %zu ftz %d: control 0x%lx became 0x%lx",
                                 vt_paths[i].name, tier, m, ftz, before, after);
                    checked++;
                }
        }
    }
    vact_accuracy_set(VACT_ACCURACY_HIGH);
    print_message("%d path/tier/mode combinations left the FP control state unchanged\n", checked);
}

/* VACT_TEST_REQUIRE=avx2,avx512,neon: fail when a named path cannot run here. */
static void t_require(void **state)
{
    (void)state;
    const char *req = getenv("VACT_TEST_REQUIRE");
    if (!req || !*req)
        return;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", req);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        const vt_path *found = NULL;
        for (size_t i = 0; i < vt_n_paths; i++)
            if (!strcmp(tok, vt_paths[i].name))
                found = &vt_paths[i];
        if (!found)
            fail_msg("VACT_TEST_REQUIRE names an unknown path '%s'", tok);
        if (!vact_isa_available(found->isa))
            fail_msg("required path %s is not available on this machine/build", tok);
        print_message("required path %s: available\n", tok);
    }
}

#define ADD_UNIT(fn) add_unit(#fn, fn)

void api_tests(void)
{
    ADD_UNIT(t_version);
    ADD_UNIT(t_dispatch);
    ADD_UNIT(t_tier);
    ADD_UNIT(t_tier_thread);
    ADD_UNIT(t_tier_default);
    ADD_UNIT(t_fpenv);
    ADD_UNIT(t_require);
}
