/* SPDX-License-Identifier: MIT */
/* A 2-layer MLP training step on vact: h = gelu(x W1), p = softmax(h W2),
 * cross-entropy loss, and the backward pass through softmax and gelu.
 * Prints the loss before and after a few SGD steps (it must fall). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <vact.h>

enum { B = 8, IN = 16, HID = 32, OUT = 4 };

static void matmul(const float *a, const float *b, float *c, int n, int k, int m)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            float s = 0;
            for (int t = 0; t < k; t++)
                s += a[i * k + t] * b[t * m + j];
            c[i * m + j] = s;
        }
}

#define CHECK(call)                                                          \
    do {                                                                     \
        vact_status st_ = (call);                                            \
        if (st_ != VACT_OK) {                                                \
            fprintf(stderr, "%s: %s\n", #call, vact_strerror(st_));          \
            exit(1);                                                         \
        }                                                                    \
    } while (0)

int main(void)
{
    static float x[B * IN], w1[IN * HID], w2[HID * OUT], a1[B * HID], h[B * HID], z[B * OUT],
        p[B * OUT], dz[B * OUT], dh[B * HID], da1[B * HID], gw1[IN * HID], gw2[HID * OUT];
    int label[B];
    srand(1);
    for (int i = 0; i < B * IN; i++) x[i] = (float)rand() / RAND_MAX - 0.5f;
    for (int i = 0; i < IN * HID; i++) w1[i] = ((float)rand() / RAND_MAX - 0.5f) * 0.5f;
    for (int i = 0; i < HID * OUT; i++) w2[i] = ((float)rand() / RAND_MAX - 0.5f) * 0.5f;
    for (int i = 0; i < B; i++) label[i] = i % OUT;

    float first = 0, loss = 0;
    for (int step = 0; step < 50; step++) {
        matmul(x, w1, a1, B, IN, HID);
        CHECK(vact_gelu_f32(a1, h, B * HID));
        matmul(h, w2, z, B, HID, OUT);
        CHECK(vact_log_softmax_f32(z, p, B, OUT));
        loss = 0;
        for (int i = 0; i < B; i++)
            loss -= p[i * OUT + label[i]] / B;
        if (step == 0)
            first = loss;
        /* d loss / d logp = -1/B at the label; back through log_softmax */
        float dlogp[B * OUT] = {0};
        for (int i = 0; i < B; i++)
            dlogp[i * OUT + label[i]] = -1.0f / B;
        CHECK(vact_log_softmax_backward_f32(dlogp, p, dz, B, OUT));
        for (int i = 0; i < HID; i++)
            for (int j = 0; j < OUT; j++) {
                float s = 0;
                for (int b = 0; b < B; b++) s += h[b * HID + i] * dz[b * OUT + j];
                gw2[i * OUT + j] = s;
            }
        for (int b = 0; b < B; b++)
            for (int i = 0; i < HID; i++) {
                float s = 0;
                for (int j = 0; j < OUT; j++) s += dz[b * OUT + j] * w2[i * OUT + j];
                dh[b * HID + i] = s;
            }
        CHECK(vact_gelu_backward_f32(dh, a1, da1, B * HID));
        for (int i = 0; i < IN; i++)
            for (int j = 0; j < HID; j++) {
                float s = 0;
                for (int b = 0; b < B; b++) s += x[b * IN + i] * da1[b * HID + j];
                gw1[i * HID + j] = s;
            }
        for (int i = 0; i < IN * HID; i++) w1[i] -= 0.5f * gw1[i];
        for (int i = 0; i < HID * OUT; i++) w2[i] -= 0.5f * gw2[i];
    }
    printf("vact %s on %s: loss %.4f -> %.4f\n", vact_version(), vact_isa_name(vact_isa_active()),
           first, loss);
    return loss < first ? 0 : 1;
}
