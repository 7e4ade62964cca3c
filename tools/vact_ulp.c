/* SPDX-License-Identifier: MIT */
/*
 * vact-ulp: the accuracy tool.  For every op x direction x path x tier it
 * measures the maximum error against the independent long double reference
 * (tests/ref/) and prints a Markdown table; README's accuracy table is its
 * output and the registry's bounds come from it.
 *
 *   vact-ulp [--samples N] [--exhaustive] [--threads T] [--op NAME] [--isa NAME]
 *   vact-ulp --storage [--samples N] [--threads T] [--op NAME|conversions] [--isa NAME]
 *
 * --threads 1 runs without creating a thread (as under qemu-aarch64).
 *
 * Element-wise ops: N bit patterns spread evenly over all 2^32 (default
 * 2^22), or every pattern with --exhaustive (forward only; backward stays
 * sampled, with a gradient from a fixed hash).  Gated ops: N/4 samples.
 * Softmax family: 64 rows each of 7, 100 and 1000 columns, values in
 * [-4, 4] and [-100, 100]; the ext ops on the same rows with scales 1, -1,
 * 0.125 and 3.7, with and without a mask (a fifth -inf) and causal masking.
 * The metric column says whether the backward error
 * is in ULP of the result or of the terms that cancel (support.h).
 *
 * --storage: the bf16 and f16 twins instead, counted against the correctly
 * rounded result, and the conversions over all 2^32 floats
 * (vact_ulp_storage.inc).
 */
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

static uint64_t samples = 1u << 22;
static int exhaustive, nthreads = 2, storage;
static const char *only, *only_isa;

#include "vact_ulp_storage.inc"

/* One worker's share of an element-wise sweep.  The tier is per thread: each
 * worker sets its own; the path is forced before the workers start. */
typedef struct job {
    const vt_unary *u;
    int dir, tier;
    uint64_t begin, end, total;
    vt_worst w;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    vact_accuracy_set((vact_accuracy)j->tier);
    if (vt_sweep_measure(j->u, j->dir, j->begin, j->end, j->total, &j->w)) {
        fprintf(stderr, "vact-ulp: out of memory\n");
        exit(1);
    }
    return NULL;
}

static void measure_unary(const vt_unary *u, int dir, int tier, vt_worst *w)
{
    job jobs[64];
    pthread_t th[64];
    /* every pattern: vt_sweep_bits(i, 2^32) is i */
    const uint64_t total = (exhaustive && dir == 0) ? (1ull << 32) : samples;
    const int T = nthreads < 64 ? nthreads : 64;
    for (int t = 0; t < T; t++) {
        jobs[t] = (job){.u = u, .dir = dir, .tier = tier,
                        .begin = total * (uint64_t)t / (uint64_t)T,
                        .end = total * (uint64_t)(t + 1) / (uint64_t)T, .total = total};
        vt_worst_init(&jobs[t].w, INFINITY);
        if (T > 1)
            pthread_create(&th[t], NULL, run_job, &jobs[t]);
        else /* no thread at all: qemu-user hangs on thread creation here */
            run_job(&jobs[t]);
    }
    for (int t = 0; t < T; t++) {
        if (T > 1)
            pthread_join(th[t], NULL);
        vt_worst_merge(w, &jobs[t].w);
    }
}

/* One line of the table: op x direction, HIGH / FAST per path. */
typedef enum { UNARY, ROWS, GATED, ROWS_EXT } kind;

static void print_line(kind k, const void *op, const char *name, const double bound[2][2],
                       const char *metric_bwd, const vact_isa *paths, int np, int dir)
{
    printf("| %s | %s | %s |", name, dir ? "bwd" : "fwd", dir ? metric_bwd : "ULP");
    float at = 0;
    for (int p = 0; p < np; p++) {
        vact_isa_force(paths[p]);
        double e[2];
        for (int tier = 0; tier < 2; tier++) {
            vt_worst w;
            vt_worst_init(&w, INFINITY);
            int st = 0;
            if (k == UNARY) {
                measure_unary(op, dir, tier, &w);
            } else {
                vact_accuracy_set((vact_accuracy)tier);
                st = k == ROWS       ? vt_rows_measure(op, dir, &w)
                     : k == ROWS_EXT ? vt_rows_ext_measure(op, dir, &w)
                                     : vt_gated_measure(op, dir, samples / 4, &w);
            }
            if (st) {
                fprintf(stderr, "vact-ulp: out of memory\n");
                exit(1);
            }
            e[tier] = w.err;
            if (w.err > 0) /* the input of the last maximum above 0 */
                at = w.input;
        }
        printf(" %.2f / %.2f |", e[0], e[1]);
        fflush(stdout);
    }
    printf(" %g | %a |\n", bound[0][dir], (double)at);
}

static void print_op(kind k, const void *op, const char *name, const double bound[2][2],
                     const char *metric_bwd, const vact_isa *paths, int np)
{
    if (only && strcmp(only, name))
        return;
    for (int dir = 0; dir < 2; dir++)
        print_line(k, op, name, bound, metric_bwd, paths, np, dir);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--samples") && i + 1 < argc)
            samples = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--exhaustive"))
            exhaustive = 1;
        else if (!strcmp(argv[i], "--storage"))
            storage = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            nthreads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--op") && i + 1 < argc)
            only = argv[++i];
        else if (!strcmp(argv[i], "--isa") && i + 1 < argc)
            only_isa = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--samples N] [--exhaustive] [--storage] [--threads T] "
                            "[--op NAME] [--isa NAME]\n", argv[0]);
            return 2;
        }
    }
    if (nthreads < 1)
        nthreads = 1;
    /* columns from the baseline up: the registry lists the paths best first */
    vact_isa paths[8];
    int np = 0;
    for (size_t p = vt_n_paths; p-- > 0;)
        if (np < 8 && vact_isa_available(vt_paths[p].isa) &&
            (!only_isa || !strcmp(only_isa, vt_paths[p].name)))
            paths[np++] = vt_paths[p].isa;
    if (storage) {
        st_report(paths, np);
        return 0;
    }
    printf("Max error in ULP, HIGH / FAST tier, per path (vact %s; %s; element-wise: %s).\n\n",
           vact_version(), exhaustive ? "forward: all 2^32 inputs" : "sampled",
           exhaustive ? "backward sampled" : "bit patterns spread over all 2^32");
    printf("| op | dir | metric |");
    for (int p = 0; p < np; p++)
        printf(" %s |", vact_isa_name(paths[p]));
    printf(" bound (registry) | worst input |\n|---|---|---|");
    for (int p = 0; p < np; p++)
        printf("---|");
    printf("---|---|\n");
    for (size_t k = 0; k < vt_n_unary; k++) {
        const vt_unary *u = &vt_unary_ops[k];
        print_op(UNARY, u, u->name, u->bound, u->bwd_terms ? "terms" : "ULP", paths, np);
    }
    for (size_t k = 0; k < vt_n_rows; k++)
        print_op(ROWS, &vt_rows_ops[k], vt_rows_ops[k].name, vt_rows_ops[k].bound, "terms", paths,
                 np);
    for (size_t k = 0; k < vt_n_rows_ext; k++)
        print_op(ROWS_EXT, &vt_rows_ext_ops[k], vt_rows_ext_ops[k].name, vt_rows_ext_ops[k].bound,
                 "terms", paths, np);
    for (size_t k = 0; k < vt_n_gated; k++)
        print_op(GATED, &vt_gated_ops[k], vt_gated_ops[k].name, vt_gated_ops[k].bound,
                 vt_gated_ops[k].act->bwd_terms ? "terms (da)" : "ULP", paths, np);
    return 0;
}
