/* SPDX-License-Identifier: MIT */
/*
 * Dispatch races: many threads make their first vact call at the same moment
 * while another thread switches the path with vact_isa_force.  Every call
 * must return VACT_OK and compute sigmoid correctly on whichever valid path
 * it reached; run under ThreadSanitizer by tools/test.sh (zero reports).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "vact.h"

enum { THREADS = 12, ROUNDS = 200, N = 1000 };

static pthread_barrier_t start;
static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    const int id = (int)(size_t)arg;
    float x[N], y[N];
    for (int i = 0; i < N; i++)
        x[i] = (float)(i - N / 2) / 37.0f + (float)id / 100.0f;
    pthread_barrier_wait(&start);
    for (int r = 0; r < ROUNDS; r++) {
        if (id % 3 == 0)
            vact_accuracy_set(r & 1 ? VACT_ACCURACY_FAST : VACT_ACCURACY_HIGH);
        int bad = vact_sigmoid_f32(x, y, N) != VACT_OK;
        for (int i = 0; i < N; i++) {
            const double ref = 1.0 / (1.0 + exp(-(double)x[i]));
            bad |= !(fabs(y[i] - ref) <= 4 * ref * 0x1p-23);
        }
        bad |= (unsigned)vact_isa_active() > VACT_ISA_NEON;
        if (bad) {
            pthread_mutex_lock(&lock);
            failures++;
            pthread_mutex_unlock(&lock);
        }
    }
    return NULL;
}

static void *switcher(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    for (int r = 0; r < ROUNDS * 4; r++)
        for (int i = 0; i < 4; i++)
            if (vact_isa_available((vact_isa)i))
                vact_isa_force((vact_isa)i);
    return NULL;
}

int main(void)
{
    pthread_t th[THREADS + 1];
    pthread_barrier_init(&start, NULL, THREADS + 1);
    for (size_t i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    pthread_create(&th[THREADS], NULL, switcher, NULL);
    for (int i = 0; i <= THREADS; i++)
        pthread_join(th[i], NULL);
    printf("%d threads x %d calls racing first use and vact_isa_force: %d failures\n", THREADS,
           ROUNDS, failures);
    return failures != 0;
}
