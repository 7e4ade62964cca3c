/* SPDX-License-Identifier: MIT */
/* Guard pages: every input and output ends exactly at a PROT_NONE page (and
 * so starts at every alignment as n varies): a kernel that touches one float
 * past n, which a masked vector load can do without ASan noticing, dies
 * here.  Every op adds this case as "guard". */
#include "harness.h"

#include <stdlib.h>
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

/* The row-strided gated calls (vact_<g>_2d_f32 and backward): every matrix
 * has a PROT_NONE page before its first row and after each row, rows
 * G2_LD floats apart, and a row of cols either ends exactly at the next
 * guard page or begins right after the previous one; so a kernel that reads
 * or writes one float past a row's cols, or before its start, dies here.
 * What the guard pages cannot see (the rest of a row's page) holds canaries
 * in the outputs, checked after the call; every row equals the contiguous
 * call on it.  The fused projection is a view of one [rows, 2*cols] matrix
 * (a = p, b = p + cols), its gradient likewise (da = g, db = g + cols). */
enum { G2_ROWS = 3 };
typedef struct { char *base; size_t len, pg; } gmat;

static void gmat_alloc(gmat *m)
{
    m->pg = (size_t)sysconf(_SC_PAGESIZE);
    m->len = (1 + 2 * G2_ROWS) * m->pg; /* guard, data, guard, data, ... guard */
    m->base = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(m->base != MAP_FAILED);
    for (size_t j = 0; j <= G2_ROWS; j++)
        assert_int_equal(mprotect(m->base + 2 * j * m->pg, m->pg, PROT_NONE), 0);
}
static size_t gmat_ld(const gmat *m) { return 2 * m->pg / sizeof(float); }
static float *gmat_page(const gmat *m, size_t r) { return (float *)(m->base + (2 * r + 1) * m->pg); }
/* row 0 of a view of `width` floats a row, against the guard after or before */
static float *gmat_view(const gmat *m, size_t width, int at_end)
{
    return at_end ? gmat_page(m, 0) + m->pg / sizeof(float) - width : gmat_page(m, 0);
}
static void gmat_fill(const gmat *m, int canary, uint32_t seed)
{
    const size_t per = m->pg / sizeof(float);
    for (size_t r = 0; r < G2_ROWS; r++) {
        float *p = gmat_page(m, r);
        if (canary)
            fill_canary(p, per);
        else
            for (size_t i = 0; i < per; i++)
                p[i] = ((float)(vt_hash32((uint32_t)(r * per + i) ^ seed) >> 8) * 0x1p-24f - 0.5f) *
                       16.0f;
    }
}
/* every float of m's rows outside the views v[0..nv) (cols a row) is a canary */
static void gmat_untouched(const gmat *m, float *const *v, int nv, size_t cols)
{
    const size_t per = m->pg / sizeof(float), ld = gmat_ld(m);
    for (size_t r = 0; r < G2_ROWS; r++)
        for (size_t i = 0; i < per; i++) {
            const float *p = gmat_page(m, r) + i;
            int in = 0;
            for (int k = 0; k < nv; k++)
                in |= p >= v[k] + r * ld && p < v[k] + r * ld + cols;
            if (!in && !is_canary(p))
                fail_msg("cols %zu: row %zu, float %zu of its page written", cols, r, i);
        }
}

/* One 2-D call on views at `at_end`, fused or separate, checked row by row
 * against the contiguous call and for untouched floats. */
static void guard_2d_one(const tstate *t, const gmat *m, size_t cols, int at_end, int fused,
                         float *r1, float *r2)
{
    const vt_gated_op *op = t->op;
    const size_t ld = gmat_ld(&m[0]);
    /* inputs: p (fused: a, b), or a, b; dy.  outputs: o1, o2 (fused: da, db) */
    const float *a, *b, *dy = gmat_view(&m[2], cols, at_end);
    float *o1, *o2;
    if (fused) {
        a = gmat_view(&m[0], 2 * cols, at_end);
        b = a + cols;
        o1 = gmat_view(&m[3], 2 * cols, at_end);
        o2 = o1 + cols;
    } else {
        a = gmat_view(&m[0], cols, at_end);
        b = gmat_view(&m[1], cols, at_end);
        o1 = gmat_view(&m[3], cols, at_end);
        o2 = gmat_view(&m[4], cols, at_end);
    }
    gmat_fill(&m[3], 1, 0);
    gmat_fill(&m[4], 1, 0);
    if (t->dir == 0)
        assert_int_equal(op->fwd2d(a, ld, b, ld, o1, ld, G2_ROWS, cols), VACT_OK);
    else
        assert_int_equal(op->bwd2d(dy, ld, a, ld, b, ld, o1, ld, o2, ld, G2_ROWS, cols), VACT_OK);
    for (size_t r = 0; r < G2_ROWS; r++) {
        const size_t k = r * ld;
        if (t->dir == 0) {
            assert_int_equal(op->fwd(a + k, b + k, r1, cols), VACT_OK);
        } else {
            assert_int_equal(op->bwd(dy + k, a + k, b + k, r1, r2, cols), VACT_OK);
            assert_same(o2 + k, r2, cols);
        }
        assert_same(o1 + k, r1, cols);
    }
    float *const v[2] = {o1, o2};
    if (fused) {
        gmat_untouched(&m[3], v, t->dir ? 2 : 1, cols);
    } else {
        gmat_untouched(&m[3], v, 1, cols);
        gmat_untouched(&m[4], v + 1, t->dir ? 1 : 0, cols);
    }
}

void t_guard_2d(void **state)
{
    const tstate *t = *state;
    enter(t);
    gmat m[5]; /* a (or the fused p), b, dy, o1 (or the fused gradient), o2 */
    for (int k = 0; k < 5; k++) {
        gmat_alloc(&m[k]);
        gmat_fill(&m[k], 0, (uint32_t)k * 0x9e3779b9u);
    }
    float *r1 = fbuf(UNROLL_MAX_N), *r2 = fbuf(UNROLL_MAX_N);
    for (size_t cols = 1; cols <= UNROLL_MAX_N; cols++)
        for (int at_end = 0; at_end < 2; at_end++)
            for (int fused = 0; fused < 2; fused++)
                guard_2d_one(t, m, cols, at_end, fused, r1, r2);
    /* no row or no column: nothing is touched, whatever the pointers */
    const vt_gated_op *op = t->op;
    float *p = gmat_view(&m[0], 0, 1);
    const size_t ld = gmat_ld(&m[0]);
    if (t->dir == 0) {
        assert_int_equal(op->fwd2d(p, ld, p, ld, p, ld, 0, 4), VACT_OK);
        assert_int_equal(op->fwd2d(p, ld, p, ld, p, ld, G2_ROWS, 0), VACT_OK);
    } else {
        assert_int_equal(op->bwd2d(p, ld, p, ld, p, ld, p, ld, p + 1, ld, 0, 4), VACT_OK);
        assert_int_equal(op->bwd2d(p, ld, p, ld, p, ld, p, ld, p + 1, ld, G2_ROWS, 0), VACT_OK);
    }
    free(r1);
    free(r2);
    for (int k = 0; k < 5; k++)
        munmap(m[k].base, m[k].len);
}
