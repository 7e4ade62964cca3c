/* rrelu: the counter-based slopes against the reference hash, their range,
 * two chunks equal to one call at any offset, and the error statuses. */
#include "harness.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void t_rrelu(void **state)
{
    const tstate *t = *state;
    const vt_rrelu_op *R = t->op;
    enter_ref(t);
    const float lo = 0.125f, hi = 1.0f / 3.0f;
    static const uint64_t offsets[] = {0, 12345, (1ull << 32) - 5, 0xFFFFFFFFFFFFFFF0ull};
    const size_t n = 1037;
    float *x = fbuf(n), *dy = fbuf(n), *a = fbuf(n + 1), *b = fbuf(n + 1);
    for (size_t i = 0; i < n; i++) {
        x[i] = (i % 3) ? -1.0f - (float)i / 64.0f : (float)i;
        dy[i] = vt_dy(i);
    }
    x[5] = NAN;
    for (size_t k = 0; k < 4; k++) {
        const uint64_t seed = 0x1234567890abcdefull + k, off = offsets[k];
        fill_canary(a, n + 1);
        if (t->dir == 0)
            assert_int_equal(R->fwd(x, a, n, lo, hi, seed, off), VACT_OK);
        else
            assert_int_equal(R->bwd(dy, x, a, n, lo, hi, seed, off), VACT_OK);
        assert_true(is_canary(a + n));
        for (size_t i = 0; i < n; i++) {
            const float sl = ref_rrelu_slope(seed, off + i, lo, hi);
            if (!(sl >= lo && sl <= hi))
                fail_msg("slope %a outside [lower, upper]", (double)sl);
            float want;
            if (t->dir == 0)
                want = x[i] >= 0 ? x[i] : x[i] * sl;
            else
                want = x[i] > 0 ? dy[i] : (x[i] <= 0 ? dy[i] * sl : NAN);
            if (isnan(x[i]) ? !isnan(a[i]) : vt_float_bits(a[i]) != vt_float_bits(want))
                fail_msg("offset %llu, i=%zu: got %a, want %a", (unsigned long long)off, i,
                         (double)a[i], (double)want);
        }
        /* two chunks equal one call */
        const size_t cut = 1 + (k * 389) % (n - 1);
        if (t->dir == 0) {
            assert_int_equal(R->fwd(x, b, cut, lo, hi, seed, off), VACT_OK);
            assert_int_equal(R->fwd(x + cut, b + cut, n - cut, lo, hi, seed, off + cut),
                             VACT_OK);
        } else {
            assert_int_equal(R->bwd(dy, x, b, cut, lo, hi, seed, off), VACT_OK);
            assert_int_equal(
                R->bwd(dy + cut, x + cut, b + cut, n - cut, lo, hi, seed, off + cut), VACT_OK);
        }
        assert_same(a, b, n);
    }
    fill_canary(a, n);
    memcpy(b, a, n * sizeof(float));
    assert_int_equal(R->fwd(x, a, n, hi, lo, 1, 0), VACT_ERR_ARG);
    assert_int_equal(R->fwd(x, a, n, NAN, hi, 1, 0), VACT_ERR_ARG);
    assert_int_equal(R->fwd(x, a, n, -FLT_MAX, FLT_MAX, 1, 0), VACT_ERR_ARG);
    assert_int_equal(R->fwd(NULL, a, n, lo, hi, 1, 0), VACT_ERR_NULL);
    assert_int_equal(R->bwd(dy, x, a, n, lo, INFINITY, 1, 0), VACT_ERR_ARG);
    assert_memory_equal(a, b, n * sizeof(float));
    free(x); free(dy); free(a); free(b);
}

void rrelu_tests(const char *group, const tpath *p)
{
    ADD_OP_CASES(group, p, KIND_RRELU, vt_rrelu_ops, vt_n_rrelu, t_rrelu);
}
