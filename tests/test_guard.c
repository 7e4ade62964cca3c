/* SPDX-License-Identifier: MIT */
/* Guard pages: every input and output ends exactly at a PROT_NONE page (and
 * so starts at every alignment as n varies): a kernel that touches one float
 * past n, which a masked vector load can do without ASan noticing, dies
 * here.  Every op adds this case as "guard". */
#include "harness.h"

#include <sys/mman.h>
#include <unistd.h>

typedef struct { void *base; size_t len; } gmap;

static float *guard_alloc(size_t n, gmap *m)
{
    const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    const size_t data = (n * sizeof(float) + pg - 1) / pg;
    m->len = (data + 1) * pg;
    m->base = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m->base != MAP_FAILED);
    assert_int_equal(mprotect((char *)m->base + data * pg, pg, PROT_NONE), 0);
    float *p = (float *)((char *)m->base + data * pg) - n;
    for (size_t i = 0; i < n; i++)
        p[i] = ((float)(vt_hash32((uint32_t)i) >> 8) * 0x1p-24f - 0.5f) * 16.0f;
    return p;
}

void t_guard(void **state)
{
    const tstate *t = *state;
    enter(t);
    for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
        gmap m[5];
        float *a = guard_alloc(n, &m[0]), *b = guard_alloc(n, &m[1]), *c = guard_alloc(n, &m[2]);
        float *o = guard_alloc(n, &m[3]), *o2 = guard_alloc(n, &m[4]);
        assert_int_equal(call_op(t, n, a, b, c, o, o2, 0), VACT_OK);
        for (int k = 0; k < 5; k++)
            munmap(m[k].base, m[k].len);
    }
}
