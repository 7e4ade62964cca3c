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

/* One call of the state's op on n elements: inputs a, b, c, outputs o, o2. */
static vact_status guard_call(const tstate *t, size_t n, float *a, float *b, float *c, float *o,
                              float *o2)
{
    const int bwd = t->dir;
    switch (t->kind) {
    case KIND_UNARY: {
        const vt_unary *u = t->op;
        return bwd ? u->bwd(a, b, o, n, u->p0, u->p1) : u->fwd(a, o, n, u->p0, u->p1);
    }
    case KIND_PRELU: { /* NHWC: n channels, and NCHW: inner n */
        const vt_prelu_op *op = t->op;
        vact_status st = bwd ? op->bwd(a, b, c, o, o2, 1, n, 1) : op->fwd(a, o, c, 1, n, 1);
        if (st == VACT_OK && n)
            st = bwd ? op->bwd(a, b, c, o, o2, 1, 1, n) : op->fwd(a, o, c, 1, 1, n);
        return st;
    }
    case KIND_RRELU: {
        const vt_rrelu_op *op = t->op;
        return bwd ? op->bwd(a, b, o, n, 0.1f, 0.3f, 7, 0) : op->fwd(a, o, n, 0.1f, 0.3f, 7, 0);
    }
    case KIND_ROWS: {
        const vt_rows_op *op = t->op;
        const size_t rows = n ? 1 : 0, cols = n ? n : 1;
        return bwd ? op->bwd(a, b, o, rows, cols) : op->fwd(a, o, rows, cols);
    }
    case KIND_ROWS_EXT: { /* one row, scaled, with a mask row c */
        const vt_rows_ext_op *op = t->op;
        const size_t rows = n ? 1 : 0, cols = n ? n : 1;
        const vact_softmax_opts so = {0.5f, c, 0, 0, 0};
        return bwd ? op->bwd(a, cols, b, cols, o2, cols, rows, cols, &so)
                   : op->fwd(a, cols, o, cols, rows, cols, &so);
    }
    case KIND_GATED: {
        const vt_gated_op *op = t->op;
        return bwd ? op->bwd(a, b, c, o, o2, n) : op->fwd(a, b, o, n);
    }
    }
    return VACT_ERR_ARG;
}

void t_guard(void **state)
{
    const tstate *t = *state;
    enter(t);
    for (size_t n = 0; n <= UNROLL_MAX_N; n++) {
        gmap m[5];
        float *a = guard_alloc(n, &m[0]), *b = guard_alloc(n, &m[1]), *c = guard_alloc(n, &m[2]);
        float *o = guard_alloc(n, &m[3]), *o2 = guard_alloc(n, &m[4]);
        assert_int_equal(guard_call(t, n, a, b, c, o, o2), VACT_OK);
        for (int k = 0; k < 5; k++)
            munmap(m[k].base, m[k].len);
    }
}
