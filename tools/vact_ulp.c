/*
 * vact-ulp: the accuracy tool.  For every op x direction x path x tier it
 * measures the maximum error against the independent long double reference
 * (tests/ref/) and prints a Markdown table; README's accuracy table is its
 * output and the registry's bounds come from it.
 *
 *   vact-ulp [--samples N] [--exhaustive] [--threads T] [--op NAME] [--isa NAME]
 *
 * --threads 1 runs without creating a thread (as under qemu-aarch64).
 *
 * Element-wise ops: N bit patterns spread evenly over all 2^32 (default
 * 2^22), or every pattern with --exhaustive (forward only; backward stays
 * sampled, with a gradient from a fixed hash).  Gated ops: N/4 samples.
 * Softmax family: 64 rows each of 7, 100 and 1000 columns, values in
 * [-4, 4] and [-100, 100].  The metric column says whether the backward error
 * is in ULP of the result or of the terms that cancel (support.h).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref/ref.h"
#include "support.h"

static uint64_t samples = 1u << 22;
static int exhaustive, nthreads = 2;
static const char *only, *only_isa;

typedef struct job {
    const vt_unary *u;
    int dir;
    uint64_t begin, end, total;
    double worst;
    float worst_at;
} job;

#define CHUNK 4096

static void *run_job(void *arg)
{
    job *j = arg;
    const vt_unary *u = j->u;
    float x[CHUNK], dy[CHUNK], s[CHUNK], out[CHUNK];
    for (uint64_t i0 = j->begin; i0 < j->end; i0 += CHUNK) {
        const size_t m = (size_t)(j->end - i0 < CHUNK ? j->end - i0 : CHUNK);
        for (size_t k = 0; k < m; k++) {
            const uint64_t i = i0 + k;
            x[k] = vt_bits_float(j->total == (1ull << 32) ? (uint32_t)i
                                                          : vt_sweep_bits(i, j->total));
            dy[k] = vt_dy(i);
            s[k] = vt_saved(u, x[k]);
        }
        if (j->dir == 0)
            u->fwd(x, out, m, u->p0, u->p1);
        else
            u->bwd(dy, s, out, m, u->p0, u->p1);
        for (size_t k = 0; k < m; k++) {
            double e;
            if (j->dir == 0) {
                e = vt_ulp(out[k], u->ref_fwd(x[k], u->p0, u->p1));
            } else {
                long double r = u->ref_bwd(dy[k], s[k], u->p0, u->p1);
                e = u->bwd_terms ? vt_ulp_terms(out[k], r, u->bwd_terms(dy[k], s[k], u->p0, u->p1))
                                 : vt_ulp(out[k], r);
            }
            if (!(e <= j->worst)) {
                j->worst = isnan(e) ? INFINITY : e;
                j->worst_at = j->dir ? s[k] : x[k];
            }
        }
    }
    return NULL;
}

/* The path and tier are process-wide / per-thread: each worker sets its own
 * tier; the path is forced before the workers start. */
typedef struct { job *j; int tier; } wrap;
static void *run_wrapped(void *arg)
{
    wrap *w = arg;
    vact_accuracy_set((vact_accuracy)w->tier);
    return run_job(w->j);
}

static double measure_unary(const vt_unary *u, int dir, int tier, float *at)
{
    job jobs[64];
    wrap wr[64];
    pthread_t th[64];
    const uint64_t total = (exhaustive && dir == 0) ? (1ull << 32) : samples;
    const int T = nthreads < 64 ? nthreads : 64;
    for (int t = 0; t < T; t++) {
        jobs[t] = (job){u, dir, total * (uint64_t)t / (uint64_t)T,
                        total * (uint64_t)(t + 1) / (uint64_t)T, total, 0, 0};
        wr[t] = (wrap){&jobs[t], tier};
        if (T > 1)
            pthread_create(&th[t], NULL, run_wrapped, &wr[t]);
        else /* no thread at all: qemu-user hangs on thread creation here */
            run_wrapped(&wr[t]);
    }
    double worst = 0;
    for (int t = 0; t < T; t++) {
        if (T > 1)
            pthread_join(th[t], NULL);
        if (jobs[t].worst > worst)
            worst = jobs[t].worst, *at = jobs[t].worst_at;
    }
    return worst;
}

static double measure_gated(int geglu, int dir, float *at)
{
    const uint64_t n = samples / 4;
    const vt_unary *act = vt_unary_find(geglu ? "gelu" : "silu");
    double worst = 0;
    float a[CHUNK], b[CHUNK], dy[CHUNK], o1[CHUNK], o2[CHUNK];
    for (uint64_t i0 = 0; i0 < n; i0 += CHUNK) {
        const size_t m = (size_t)(n - i0 < CHUNK ? n - i0 : CHUNK);
        for (size_t k = 0; k < m; k++) {
            a[k] = vt_bits_float(vt_sweep_bits(i0 + k, n));
            b[k] = vt_dy(i0 + k + 11);
            dy[k] = vt_dy(i0 + k);
        }
        if (dir == 0)
            (geglu ? vact_geglu_f32 : vact_swiglu_f32)(a, b, o1, m);
        else
            (geglu ? vact_geglu_backward_f32 : vact_swiglu_backward_f32)(dy, a, b, o1, o2, m);
        for (size_t k = 0; k < m; k++) {
            double e;
            if (dir == 0) {
                e = vt_ulp(o1[k], (geglu ? ref_geglu : ref_swiglu)(a[k], b[k]));
            } else {
                long double ra, rb;
                (geglu ? ref_geglu_bwd : ref_swiglu_bwd)(dy[k], a[k], b[k], &ra, &rb);
                e = fmax(vt_ulp_terms(o1[k], ra, act->bwd_terms((long double)dy[k] * b[k], a[k], 0, 0)),
                         vt_ulp(o2[k], rb));
            }
            if (!(e <= worst))
                worst = isnan(e) ? INFINITY : e, *at = a[k];
        }
    }
    return worst;
}

static double measure_softmax(int logsm, int dir, float *at)
{
    double worst = 0;
    for (size_t ci = 0; ci < VT_ROW_SETS; ci++)
        for (int scale = 0; scale < 2; scale++) {
            const size_t cols = vt_row_cols[ci], rows = VT_ROWS, n = rows * cols;
            float *x = malloc(n * 4), *y = malloc(n * 4), *dy = malloc(n * 4), *dx = malloc(n * 4);
            long double *ref = malloc(cols * sizeof(long double));
            long double *terms = malloc(cols * sizeof(long double));
            for (size_t i = 0; i < n; i++) {
                x[i] = vt_row_value(i, ci, scale);
                dy[i] = vt_dy(i + 3 * ci);
            }
            (logsm ? vact_log_softmax_f32 : vact_softmax_f32)(x, y, rows, cols);
            if (dir)
                (logsm ? vact_log_softmax_backward_f32 : vact_softmax_backward_f32)(dy, y, dx,
                                                                                    rows, cols);
            for (size_t r = 0; r < rows; r++) {
                const float *xr = x + r * cols, *yr = y + r * cols, *dr = dy + r * cols;
                if (dir == 0)
                    (logsm ? ref_log_softmax_row : ref_softmax_row)(xr, ref, cols);
                else {
                    (logsm ? ref_log_softmax_bwd_row : ref_softmax_bwd_row)(dr, yr, ref, cols);
                    vt_softmax_bwd_terms(logsm, dr, yr, terms, cols);
                }
                for (size_t j = 0; j < cols; j++) {
                    const double e = dir == 0 ? vt_ulp(yr[j], ref[j])
                                              : vt_ulp_terms(dx[r * cols + j], ref[j], terms[j]);
                    if (!(e <= worst))
                        worst = isnan(e) ? INFINITY : e, *at = xr[j];
                }
            }
            free(x); free(y); free(dy); free(dx); free(ref); free(terms);
        }
    return worst;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--samples") && i + 1 < argc)
            samples = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--exhaustive"))
            exhaustive = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            nthreads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--op") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc)
            only_isa = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--samples N] [--exhaustive] [--threads T] [--op NAME] "
                            "[--isa NAME]\n", argv[0]);
            return 2;
        }
    }
    if (nthreads < 1)
        nthreads = 1;
    int paths[4], np = 0;
    for (int p = 0; p < 4; p++)
        if (vact_isa_available((vact_isa)p) &&
            (!only_isa || !strcmp(only_isa, vact_isa_name((vact_isa)p))))
            paths[np++] = p;
    printf("Max error in ULP, HIGH / FAST tier, per path (vact %s; %s; element-wise: %s).\n\n",
           vact_version(), exhaustive ? "forward: all 2^32 inputs" : "sampled",
           exhaustive ? "backward sampled" : "bit patterns spread over all 2^32");
    printf("| op | dir | metric |");
    for (int p = 0; p < np; p++)
        printf(" %s |", vact_isa_name((vact_isa)paths[p]));
    printf(" bound (registry) | worst input |\n|---|---|---|");
    for (int p = 0; p < np; p++)
        printf("---|");
    printf("---|---|\n");
    const size_t nrows = vt_n_unary + 4;
    for (size_t k = 0; k < nrows; k++) {
        const char *name = k < vt_n_unary ? vt_unary_ops[k].name
                                          : (const char *[]){"softmax", "log_softmax", "swiglu",
                                                             "geglu"}[k - vt_n_unary];
        if (only && strcmp(only, name))
            continue;
        for (int dir = 0; dir < 2; dir++) {
            const char *metric = "ULP";
            double bound;
            if (k < vt_n_unary) {
                const vt_unary *u = &vt_unary_ops[k];
                if (dir && u->bwd_terms)
                    metric = "terms";
                bound = u->bound[0][dir];
            } else {
                const vt_special *sp = vt_special_find(name);
                if (dir && (k - vt_n_unary) < 2)
                    metric = "terms";
                if (dir && (k - vt_n_unary) >= 2)
                    metric = "terms (da)";
                bound = sp->bound[0][dir];
            }
            printf("| %s | %s | %s |", name, dir ? "bwd" : "fwd", metric);
            float at = 0;
            for (int p = 0; p < np; p++) {
                vact_isa_force((vact_isa)paths[p]);
                double w[2];
                for (int tier = 0; tier < 2; tier++) {
                    if (k < vt_n_unary) {
                        w[tier] = measure_unary(&vt_unary_ops[k], dir, tier, &at);
                    } else {
                        vact_accuracy_set((vact_accuracy)tier);
                        const size_t s = k - vt_n_unary;
                        w[tier] = s < 2 ? measure_softmax((int)s, dir, &at)
                                        : measure_gated((int)(s - 2), dir, &at);
                    }
                }
                printf(" %.2f / %.2f |", w[0], w[1]);
                fflush(stdout);
            }
            printf(" %g | %a |\n", bound, (double)at);
        }
    }
    return 0;
}
