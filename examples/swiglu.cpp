// C++: a SwiGLU feed-forward gate over std::vector, through vact's C API.
#include <cstdio>
#include <vector>
#include <vact.h>

int main()
{
    const std::size_t n = 1000;
    std::vector<float> gate(n), up(n), out(n);
    for (std::size_t i = 0; i < n; i++) {
        gate[i] = static_cast<float>(i) / n * 8.0f - 4.0f;
        up[i] = 1.0f;
    }
    if (vact_swiglu_f32(gate.data(), up.data(), out.data(), n) != VACT_OK)
        return 1;
    // silu(-4) = -0.0719, silu(4) = 3.928: the gate's ends
    std::printf("vact %s (%s): swiglu(-4, 1) = %.4f, swiglu(3.992, 1) = %.4f\n", vact_version(),
                vact_isa_name(vact_isa_active()), out[0], out[n - 1]);
    return (out[0] < -0.07f && out[0] > -0.073f) ? 0 : 1;
}
