/* SPDX-License-Identifier: MIT */
/* prelu: per-channel slopes over [outer, channels, inner] in NCHW, NHWC and
 * shared layouts against the leaky_relu reference per channel, dalpha
 * against a long double sum and bit for bit against the scalar path, and the
 * error statuses. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sizes: the byte size of every array (outer*channels*inner elements, and
 * channels for alpha and dalpha) must fit in size_t whichever sizes are 0,
 * checked before anything is written; the status does not depend on the
 * order of the sizes. */
static void prelu_sizes(const vt_prelu_op *P)
{
    const size_t big = (size_t)1 << (sizeof(size_t) * 8 - 2); /* big*sizeof(float) wraps to 0 */
    const size_t half = (size_t)1 << (sizeof(size_t) * 4);    /* half*half*4 overflows */
    static const size_t z = 0;
    const size_t bad[][3] = {{z, SIZE_MAX, SIZE_MAX}, {z, SIZE_MAX, 1}, {z, big, 1},
                             {z, big, 3},             {z, half, half}, {1, big, z},
                             {z, SIZE_MAX / 2, 4},    {z, 3, SIZE_MAX / 4 + 1}};
    static const int perm[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    float da[4], keep[4];
    fill_canary(da, 4);
    memcpy(keep, da, sizeof da);
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        for (int q = 0; q < 6; q++) {
            const size_t o = bad[k][perm[q][0]], c = bad[k][perm[q][1]], i = bad[k][perm[q][2]];
            if (P->fwd(NULL, NULL, NULL, o, c, i) != VACT_ERR_ARG)
                fail_msg("prelu(%zu, %zu, %zu) is not VACT_ERR_ARG", o, c, i);
            if (P->bwd(NULL, NULL, NULL, NULL, da, o, c, i) != VACT_ERR_ARG)
                fail_msg("prelu_backward(%zu, %zu, %zu) is not VACT_ERR_ARG", o, c, i);
            if (P->bwd(NULL, NULL, NULL, NULL, NULL, o, c, i) != VACT_ERR_ARG)
                fail_msg("prelu_backward(%zu, %zu, %zu), no dalpha, is not VACT_ERR_ARG", o, c, i);
            assert_memory_equal(da, keep, sizeof da);
        }
    /* an empty call with channels > 0 zeroes dalpha, whichever other size is 0 */
    for (int q = 0; q < 3; q++) {
        fill_canary(da, 4);
        const size_t o = q == 0 ? 0 : 5, i = q == 1 ? 0 : 7;
        assert_int_equal(P->bwd(NULL, NULL, NULL, NULL, da, q == 2 ? 0 : o, 3, i), VACT_OK);
        for (int c = 0; c < 3; c++)
            assert_true(vt_float_bits(da[c]) == 0);
        assert_true(is_canary(da + 3));
        assert_int_equal(P->fwd(NULL, NULL, NULL, q == 2 ? 0 : o, 3, i), VACT_OK);
    }
}

/* A zero slope gives the limit, not NaN: x = -inf with alpha[c] = +0 gives
 * -0 (the sign of x*alpha for finite x < 0), with -0 gives +0; the
 * backward is dy*alpha there, and dalpha's products dy*x stay as IEEE has
 * them. */
static void prelu_zero_slope(const tstate *t)
{
    const vt_prelu_op *P = t->op;
    static const size_t shapes[][3] = {{2, 3, 17}, {19, 3, 1}, {1, 3, 1}};
    const float al[3] = {0.0f, -0.0f, 0.5f};
    for (size_t k = 0; k < 3; k++) {
        const size_t O = shapes[k][0], Cc = shapes[k][1], I = shapes[k][2], n = O * Cc * I;
        float *x = fbuf(n), *dy = fbuf(n), *y = fbuf(n), da[3];
        for (size_t j = 0; j < n; j++) {
            x[j] = j % 2 ? -INFINITY : -1.0f - (float)j;
            dy[j] = 0.5f + (float)(j % 5);
        }
        if (t->dir == 0)
            assert_int_equal(P->fwd(x, y, al, O, Cc, I), VACT_OK);
        else
            assert_int_equal(P->bwd(dy, x, al, y, da, O, Cc, I), VACT_OK);
        for (size_t j = 0; j < n; j++) {
            const size_t c = (j / I) % Cc;
            float want;
            if (t->dir == 1)
                want = dy[j] * al[c];
            else if (c == 2)
                want = x[j] * 0.5f;
            else
                want = c == 0 ? -0.0f : 0.0f;
            if (vt_float_bits(y[j]) != vt_float_bits(want))
                fail_msg("shape %zux%zux%zu, x = %g, alpha = %g: got %a, want %a", O, Cc, I,
                         (double)x[j], (double)al[c], (double)y[j], (double)want);
        }
        free(x); free(dy); free(y);
    }
}

static void t_prelu(void **state)
{
    const tstate *t = *state;
    const vt_prelu_op *P = t->op;
    enter_ref(t);
    static const size_t shapes[][3] = {
        {2, 3, 37}, {3, 5, 16}, {1, 1, 193}, {37, 19, 1}, {5, 64, 1}, {4, 1, 1}, {2, 7, 3}};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        const size_t O = shapes[k][0], Cc = shapes[k][1], I = shapes[k][2], n = O * Cc * I;
        float *x = fbuf(n + 1), *dy = fbuf(n), *s = fbuf(n), *y = fbuf(n + 1), *al = fbuf(Cc);
        float *da = fbuf(Cc + 1);
        fill_inputs(x, dy, s, &vt_unary_ops[0], n);
        for (size_t c = 0; c < Cc; c++)
            al[c] = 0.01f + 0.37f * (float)c - (c == 2 ? 1.5f : 0.0f);
        fill_canary(y, n + 1);
        fill_canary(da, Cc + 1);
        if (t->dir == 0) {
            assert_int_equal(P->fwd(x + 1 - 1, y, al, O, Cc, I), VACT_OK);
        } else {
            assert_int_equal(P->bwd(dy, x, al, y, da, O, Cc, I), VACT_OK);
            assert_true(is_canary(da + Cc));
        }
        assert_true(is_canary(y + n));
        for (size_t o = 0; o < O; o++)
            for (size_t c = 0; c < Cc; c++) {
                for (size_t i = 0; i < I; i++) {
                    const size_t j = (o * Cc + c) * I + i;
                    long double r = t->dir == 0 ? ref_leaky_relu_fwd(x[j], al[c], 0)
                                                : ref_leaky_relu_bwd(dy[j], x[j], al[c], 0);
                    if (!(vt_ulp(y[j], r) <= 0.5))
                        fail_msg("shape %zux%zux%zu at %zu: got %a, ref %La", O, Cc, I, j,
                                 (double)y[j], r);
                }
            }
        if (t->dir == 1)
            for (size_t c = 0; c < Cc; c++) {
                long double acc = 0;
                for (size_t o = 0; o < O; o++)
                    for (size_t i = 0; i < I; i++) {
                        const size_t j = (o * Cc + c) * I + i;
                        if (x[j] < 0)
                            acc += (long double)dy[j] * x[j];
                    }
                if (!(vt_ulp(da[c], acc) <= 1.0))
                    fail_msg("dalpha[%zu] = %a, ref %La", c, (double)da[c], acc);
            }
        if (t->dir == 1) { /* dalpha: the same bits as the scalar path's */
            float *da2 = fbuf(Cc), *dx2 = fbuf(n);
            assert_int_equal(vact_isa_force(VACT_ISA_SCALAR), VACT_OK);
            assert_int_equal(P->bwd(dy, x, al, dx2, da2, O, Cc, I), VACT_OK);
            assert_int_equal(vact_isa_force(t->isa), VACT_OK);
            assert_memory_equal(da, da2, Cc * sizeof(float));
            assert_same(y, dx2, n);
            free(da2); free(dx2);
        }
        free(x); free(dy); free(s); free(y); free(al); free(da);
    }
    /* errors: nothing written */
    float x[8] = {-1, 2, -3, 4, -5, 6, -7, 8}, y[8], al[2] = {0.5f, 0.25f}, keep[8];
    fill_canary(y, 8);
    memcpy(keep, y, sizeof y);
    assert_int_equal(P->fwd(x, y, NULL, 2, 2, 2), VACT_ERR_NULL);
    assert_int_equal(P->fwd(x, y, al, SIZE_MAX / 2, 4, 1), VACT_ERR_ARG);
    assert_int_equal(P->fwd(x, x + 1, al, 2, 2, 2), VACT_ERR_OVERLAP);
    assert_int_equal(P->fwd(NULL, NULL, NULL, 0, 2, 2), VACT_OK);
    assert_int_equal(P->bwd(x, x, al, y, x + 2, 2, 2, 2), VACT_ERR_OVERLAP);
    assert_int_equal(P->bwd(x, x, al, y, y + 7, 2, 2, 2), VACT_ERR_OVERLAP);
    /* dalpha may not be an input even exactly: it is written while they are read */
    float g[8] = {1, 2, 3, 4, 5, 6, 7, 8}, a8[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    assert_int_equal(P->bwd(g, x, a8, y, g, 1, 8, 1), VACT_ERR_OVERLAP);
    assert_int_equal(P->bwd(g, x, a8, y, a8, 1, 8, 1), VACT_ERR_OVERLAP);
    assert_int_equal(g[0], 1);
    assert_memory_equal(y, keep, sizeof y);
    prelu_sizes(P);
    prelu_zero_slope(t);
}

void prelu_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_PRELU, vt_prelu_ops, vt_n_prelu, t_prelu);
}
