/* SPDX-License-Identifier: MIT */
// The PyTorch baseline: ATen's CPU kernels (libtorch, the C++ API; no
// Python) on one thread (at::set_num_threads(1)), named torch/<op>/<dir>/n:N:
// the forward through its out= variant and the backward through the
// *_backward function autograd calls, over vact's own buffers wrapped by
// at::from_blob (no copies; the wrapping is outside the timing), with the
// parameters of vact's registry.  The only file that includes torch's
// headers, which are slow to compile.
//
// Where the comparison is not like for like the case is marked (the JSON's
// torch_marks, a footnote in tools/bench_table.py's table):
//   logsigmoid  log_sigmoid_forward also writes a buffer (3 streams) that
//               log_sigmoid_backward reads besides x
//   mish, hardswish bwd; prelu fwd, bwd   no out= kernel in 1.13: each call
//               allocates its result (and frees it; nothing is copied)
//   tanhshrink  no ATen kernel: torch.nn.functional.tanhshrink is x - tanh(x),
//               two kernels (tanh, sub), and its backward the three autograd
//               runs (neg, tanh_backward on the saved tanh(x), add), here
//               into preallocated buffers (autograd allocates them)
// Not marked: relu is at::clamp_min_out(x, 0), the kernel torch.relu runs on
// CPU (relu.out only copies); selu is at::elu_out with SELU's constants, as
// at::selu is.
//
// glu: F.glu(x, dim) = first half * sigmoid(second half), vact's glu with
// the halves as (b, a).  torch/glu is glu over a [2, n] view whose rows are
// two of vact's arrays (dim 0; the gradient a [2, n] view likewise), so that
// it reads and writes what vact's contiguous glu does; torch/glu_2d is
// glu(dim=-1) on the fused [rows, 2*kGatedCols] buffer of vact's glu_2d rows.
//
// ISA: ATen dispatches at first use on the CPU capability it picks (1.13:
// AVX2 unless ATEN_CPU_CAPABILITY=avx512, also on AVX-512 CPUs); --isa avx2
// or scalar sets ATEN_CPU_CAPABILITY (one the user set wins).  The header and
// the JSON (torch_isa) say which it used.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"
#include "ops.h"

#if defined(VACT_BENCH_HAVE_TORCH)
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/version.h>
#endif

namespace vbench {
namespace {

#if defined(VACT_BENCH_HAVE_TORCH)

using T = at::Tensor;

// The tensors of one call: x, y (the result, dx for a backward), dy, s (the
// saved tensor), aux (logsigmoid's buffer), w (prelu's slopes).
struct Ts {
  T x, y, dy, s, aux, w;
};

// [n], [n/1024, 1024], [1, 64, n/64]; PAIR: glu over two arrays as a [2, n]
// view, FUSED: glu over [rows, 2*kGatedCols] (n = rows*kGatedCols results)
enum Shape { FLAT, ROWS, NCW, PAIR, FUSED };

struct TOp {
  const char* op;
  Shape shape;
  bool saves_y;  // the backward's saved tensor (s, and aux) is the forward's output
  void (*fwd)(Ts&);
  void (*bwd)(Ts&);  // dx -> y
  const char* mark_fwd;  // nullptr, or why the case is not like for like
  const char* mark_bwd;
};

constexpr const char* kAllocates = "allocates its result each call (no out= kernel in this PyTorch)";

float p0(const char* op, float d) { return unary_p0(op, d); }
float p1(const char* op, float d) { return unary_p1(op, d); }
constexpr double kSeluAlpha = 1.6732632423543772, kSeluScale = 1.0507009873554805;
constexpr const char* kTanhshrink =
    "x - tanh(x) as torch.nn.functional.tanhshrink: two kernels forward, three backward (no ATen kernel)";

// each op of vact that ATen has, by registry name
const std::vector<TOp>& torch_ops() {
  static const std::vector<TOp> v = {
      {"relu", FLAT, false, [](Ts& t) { at::clamp_min_out(t.y, t.x, 0); },
       [](Ts& t) { at::threshold_backward_out(t.y, t.dy, t.x, 0); }, nullptr, nullptr},
      {"leaky_relu", FLAT, false, [](Ts& t) { at::leaky_relu_out(t.y, t.x, p0("leaky_relu", 0.01f)); },
       [](Ts& t) { at::leaky_relu_backward_out(t.y, t.dy, t.x, p0("leaky_relu", 0.01f), false); }, nullptr,
       nullptr},
      {"hardtanh", FLAT, false, [](Ts& t) { at::hardtanh_out(t.y, t.x, p0("hardtanh", -1.0f), p1("hardtanh", 1.0f)); },
       [](Ts& t) { at::hardtanh_backward_out(t.y, t.dy, t.x, p0("hardtanh", -1.0f), p1("hardtanh", 1.0f)); },
       nullptr, nullptr},
      {"sigmoid", FLAT, true, [](Ts& t) { at::sigmoid_out(t.y, t.x); },
       [](Ts& t) { at::sigmoid_backward_out(t.y, t.dy, t.s); }, nullptr, nullptr},
      {"tanh", FLAT, true, [](Ts& t) { at::tanh_out(t.y, t.x); }, [](Ts& t) { at::tanh_backward_out(t.y, t.dy, t.s); },
       nullptr, nullptr},
      {"gelu", FLAT, false, [](Ts& t) { at::gelu_out(t.y, t.x, "none"); },
       [](Ts& t) { at::gelu_backward_out(t.y, t.dy, t.x, "none"); }, nullptr, nullptr},
      {"gelu_tanh", FLAT, false, [](Ts& t) { at::gelu_out(t.y, t.x, "tanh"); },
       [](Ts& t) { at::gelu_backward_out(t.y, t.dy, t.x, "tanh"); }, nullptr, nullptr},
      {"elu", FLAT, false, [](Ts& t) { at::elu_out(t.y, t.x, p0("elu", 1.0f), 1, 1); },
       [](Ts& t) { at::elu_backward_out(t.y, t.dy, p0("elu", 1.0f), 1, 1, false, t.x); }, nullptr, nullptr},
      {"selu", FLAT, false, [](Ts& t) { at::elu_out(t.y, t.x, kSeluAlpha, kSeluScale, 1); },
       [](Ts& t) { at::elu_backward_out(t.y, t.dy, kSeluAlpha, kSeluScale, 1, false, t.x); }, nullptr, nullptr},
      {"silu", FLAT, false, [](Ts& t) { at::silu_out(t.y, t.x); },
       [](Ts& t) { at::silu_backward_out(t.y, t.dy, t.x); }, nullptr, nullptr},
      {"mish", FLAT, false, [](Ts& t) { at::mish_out(t.y, t.x); },
       [](Ts& t) { (void)at::mish_backward(t.dy, t.x); }, nullptr, kAllocates},
      {"softplus", FLAT, false,
       [](Ts& t) { at::softplus_out(t.y, t.x, p0("softplus", 1.0f), p1("softplus", 20.0f)); },
       [](Ts& t) { at::softplus_backward_out(t.y, t.dy, t.x, p0("softplus", 1.0f), p1("softplus", 20.0f)); },
       nullptr, nullptr},
      {"hardsigmoid", FLAT, false, [](Ts& t) { at::hardsigmoid_out(t.y, t.x); },
       [](Ts& t) { at::hardsigmoid_backward_out(t.y, t.dy, t.x); }, nullptr, nullptr},
      {"hardswish", FLAT, false, [](Ts& t) { at::hardswish_out(t.y, t.x); },
       [](Ts& t) { (void)at::hardswish_backward(t.dy, t.x); }, nullptr, kAllocates},
      {"logsigmoid", FLAT, true, [](Ts& t) { at::log_sigmoid_forward_out(t.y, t.aux, t.x); },
       [](Ts& t) { at::log_sigmoid_backward_out(t.y, t.dy, t.x, t.aux); },
       "also writes the buffer its backward reads (3 streams)", "reads the buffer its forward saved besides x"},
      // celu as ATen computes it: elu with input_scale = 1/alpha
      {"celu", FLAT, false, [](Ts& t) { at::elu_out(t.y, t.x, p0("celu", 1.0f), 1, 1.0f / p0("celu", 1.0f)); },
       [](Ts& t) { at::elu_backward_out(t.y, t.dy, p0("celu", 1.0f), 1, 1.0f / p0("celu", 1.0f), false, t.x); },
       nullptr, nullptr},
      {"threshold", FLAT, false,
       [](Ts& t) { at::threshold_out(t.y, t.x, p0("threshold", 0.0f), p1("threshold", 0.0f)); },
       [](Ts& t) { at::threshold_backward_out(t.y, t.dy, t.x, p0("threshold", 0.0f)); }, nullptr, nullptr},
      {"hardshrink", FLAT, false, [](Ts& t) { at::hardshrink_out(t.y, t.x, p0("hardshrink", 0.5f)); },
       [](Ts& t) { at::hardshrink_backward_out(t.y, t.dy, t.x, p0("hardshrink", 0.5f)); }, nullptr, nullptr},
      {"softshrink", FLAT, false, [](Ts& t) { at::softshrink_out(t.y, t.x, p0("softshrink", 0.5f)); },
       [](Ts& t) { at::softshrink_backward_out(t.y, t.dy, t.x, p0("softshrink", 0.5f)); }, nullptr, nullptr},
      // aux = tanh(x), which the backward reads as autograd's saved tensor;
      // s (the forward's output, unused by the backward) holds its temporaries
      {"tanhshrink", FLAT, true,
       [](Ts& t) {
         at::tanh_out(t.aux, t.x);
         at::sub_out(t.y, t.x, t.aux);
       },
       [](Ts& t) {
         at::neg_out(t.s, t.dy);
         at::tanh_backward_out(t.s, t.s, t.aux);
         at::add_out(t.y, t.dy, t.s);
       },
       kTanhshrink, kTanhshrink},
      {"glu", PAIR, false, [](Ts& t) { at::glu_out(t.y, t.x, 0); },
       [](Ts& t) { at::glu_backward_out(t.y, t.dy, t.x, 0); }, nullptr, nullptr},
      {"glu_2d", FUSED, false, [](Ts& t) { at::glu_out(t.y, t.x, -1); },
       [](Ts& t) { at::glu_backward_out(t.y, t.dy, t.x, -1); }, nullptr, nullptr},
      {"softmax", ROWS, true, [](Ts& t) { at::_softmax_out(t.y, t.x, 1, false); },
       [](Ts& t) { at::_softmax_backward_data_out(t.y, t.dy, t.s, 1, at::kFloat); }, nullptr, nullptr},
      {"log_softmax", ROWS, true, [](Ts& t) { at::_log_softmax_out(t.y, t.x, 1, false); },
       [](Ts& t) { at::_log_softmax_backward_data_out(t.y, t.dy, t.s, 1, at::kFloat); }, nullptr, nullptr},
      {"prelu", NCW, false, [](Ts& t) { (void)at::prelu(t.x, t.w); },
       [](Ts& t) { (void)at::prelu_backward(t.dy, t.x, t.w); }, kAllocates, kAllocates},
  };
  return v;
}

bool has_op(const char* op) {
  const std::vector<std::string> all = op_order();
  const std::string name = op, base = name.size() > 3 && name.compare(name.size() - 3, 3, "_2d") == 0
                                          ? name.substr(0, name.size() - 3)
                                          : name;
  for (const std::string& o : all)
    if (o == base) return true;
  return false;
}

// the results of a case of shape sh at the level's n (FUSED: the rows of
// 2*kGatedCols that fit in one array of n floats, as vact_cases.cc's 2-D rows)
size_t results(Shape sh, size_t n) { return sh == FUSED ? n / (2 * kGatedCols) * kGatedCols : n; }

std::vector<int64_t> dims(Shape sh, size_t n) {
  const int64_t N = static_cast<int64_t>(n);
  if (sh == ROWS) return {N / static_cast<int64_t>(kRowCols), static_cast<int64_t>(kRowCols)};
  if (sh == NCW) return {1, static_cast<int64_t>(kPreluChannels), N / static_cast<int64_t>(kPreluChannels)};
  return {N};
}

T wrap(const float* p, const std::vector<int64_t>& d) {
  return at::from_blob(const_cast<float*>(p), d, at::TensorOptions().dtype(at::kFloat));
}

// arrays p and q of n floats as the rows of one [2, n] tensor (the lower
// address first: a tensor's strides are not negative)
T pair(float* p, float* q, size_t n) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(p), b = reinterpret_cast<uintptr_t>(q);
  const int64_t gap = static_cast<int64_t>((a < b ? b - a : a - b) / sizeof(float));
  return at::from_blob(a < b ? p : q, {2, static_cast<int64_t>(n)}, {gap, 1},
                       at::TensorOptions().dtype(at::kFloat));
}

Ts tensors(Slot& s, Shape sh, size_t n, bool fwd) {
  const int64_t N = static_cast<int64_t>(n), C = static_cast<int64_t>(kGatedCols);
  if (sh == PAIR)
    return {pair(s.p[B_X], s.p[B_B], n), fwd ? wrap(s.p[B_Y], {1, N}) : pair(s.p[B_Y], s.p[B_DB], n),
            wrap(s.p[B_DY], {1, N}), T(), T(), T()};
  if (sh == FUSED)
    return {wrap(s.p[B_X], {N / C, 2 * C}), fwd ? wrap(s.p[B_Y], {N / C, C}) : wrap(s.p[B_S], {N / C, 2 * C}),
            wrap(s.p[B_DY], {N / C, C}), T(), T(), T()};
  const std::vector<int64_t> d = dims(sh, n);
  return {wrap(s.p[B_X], d), wrap(s.p[B_Y], d),  wrap(s.p[B_DY], d),
          wrap(s.p[B_S], d), wrap(s.p[B_DB], d), wrap(s.alpha, {static_cast<int64_t>(kPreluChannels)})};
}

void bench_op(benchmark::State& st, const TOp& o, const Case& c) {
  at::set_num_threads(1);  // this thread's OpenMP team, as set_num_threads does
  Slot& s = slot_for(st);
  try {
    const bool fwd = c.dir == "fwd";
    Ts t = tensors(s, o.shape, c.n, fwd);
    if (!fwd && o.saves_y) {
      Ts u = t;
      u.y = t.s;  // the forward's output into s (and aux)
      o.fwd(u);
    }
    void (*call)(Ts&) = fwd ? o.fwd : o.bwd;
    call(t);  // first call outside the timing
    timed(st, c, [&] { call(t); });
  } catch (const std::exception& ex) {
    st.SkipWithError(ex.what());
  }
}

void register_size(const RunConfig& cfg, const SizeLevel& sz) {
  for (const TOp& o : torch_ops()) {
    if (!has_op(o.op)) continue;
    const TOp* op = &o;
    const size_t n = results(o.shape, sz.n);
    if (!n) continue;
    const bool gated = o.shape == PAIR || o.shape == FUSED;
    for (const char* dir : {"fwd", "bwd"}) {
      const bool f = dir[0] == 'f';
      const double extra = o.shape == NCW ? (f ? 4.0 : 8.0) * kPreluChannels : 0.0;
      const Case c = make_case("torch", o.op, dir, n, gated ? (f ? 3 : 5) : (f ? 2 : 3), extra);
      add_case(cfg, c, [=](benchmark::State& st) { bench_op(st, *op, c); });
    }
  }
}

// The ATen backward of a kAllocates case, whose result --accuracy copies
// out (the benchmark discards it); nullptr for an op not listed here.
using AllocBwd = T (*)(const T& dy, const T& x);
AllocBwd allocating_bwd(const char* op) {
  if (std::strcmp(op, "mish") == 0) return [](const T& dy, const T& x) { return at::mish_backward(dy, x); };
  if (std::strcmp(op, "hardswish") == 0) return [](const T& dy, const T& x) { return at::hardswish_backward(dy, x); };
  return nullptr;
}

// --accuracy: the element-wise and row-wise forwards (no prelu, no glu), the
// element-wise backwards
void accuracy(const RunConfig&, AccuracySets& sets) {
  const std::string col = "PyTorch";
  sets.columns.push_back(col);
  sets.row_columns.push_back(col);
  for (const TOp& o : torch_ops()) {
    if (!has_op(o.op) || o.shape == NCW || o.shape == PAIR || o.shape == FUSED) continue;
    const TOp* op = &o;
    auto run = [op](const float* x, float* y, const std::vector<int64_t>& d) {
      std::vector<float> aux(static_cast<size_t>(d[0] * (d.size() > 1 ? d[1] : 1)));
      Ts t{wrap(x, d), wrap(y, d), T(), T(), wrap(aux.data(), d), T()};
      op->fwd(t);
    };
    if (o.shape == ROWS)
      sets.rows.push_back({col, o.op, [run](const float* x, float* y, size_t r, size_t c) {
                             run(x, y, {static_cast<int64_t>(r), static_cast<int64_t>(c)});
                           }});
    else
      sets.impls.push_back(
          {col, o.op, [run](const float* x, float* y, size_t n) { run(x, y, {static_cast<int64_t>(n)}); }});
  }
  // the backwards whose saved tensor is vact's (x, or y for sigmoid and
  // tanh); not logsigmoid's or tanhshrink's, which read a buffer of their
  // forward's
  sets.bwd_columns.push_back(col);
  for (const TOp& o : torch_ops()) {
    const UnaryOp* u = find_unary(o.op);
    if (!u || o.shape != FLAT || o.saves_y != u->saved_is_y) continue;
    const AllocBwd ab = o.mark_bwd == kAllocates ? allocating_bwd(o.op) : nullptr;
    if (o.mark_bwd == kAllocates && !ab) continue;
    const TOp* op = &o;
    sets.bwd.push_back({col, o.op, [op, ab](const float* dy, const float* s, float* dx, size_t n) {
                          const std::vector<int64_t> d = {static_cast<int64_t>(n)};
                          Ts t{op->saves_y ? T() : wrap(s, d), wrap(dx, d), wrap(dy, d), op->saves_y ? wrap(s, d) : T(),
                               T(), T()};
                          if (ab)
                            t.y.copy_(ab(t.dy, t.x));
                          else
                            op->bwd(t);
                        }});
  }
  // glu over [2, n] (b, a) as its benchmark: the gradient's rows are (db, da)
  if (has_op("glu")) {
    sets.gated_columns.push_back(col);
    sets.gated.push_back({col, "glu", [](const float* dy, const float* a, const float* b, float* da, float* db,
                                         size_t n) {
                            const int64_t N = static_cast<int64_t>(n);
                            std::vector<float> in(2 * n), g(2 * n);
                            std::copy(b, b + n, in.begin());
                            std::copy(a, a + n, in.begin() + N);
                            T gi = wrap(g.data(), {2, N});
                            at::glu_backward_out(gi, wrap(dy, {1, N}), wrap(in.data(), {2, N}), 0);
                            std::copy(g.begin(), g.begin() + N, db);
                            std::copy(g.begin() + N, g.end(), da);
                          }});
  }
}

// --isa: ATen's capability names; scalar is its "default" (no vector ISA)
void setup(const RunConfig& cfg) {
  const char* cap = cfg.isa_cap == "avx2" ? "avx2" : cfg.isa_cap == "scalar" ? "default" : nullptr;
  if (cap) setenv("ATEN_CPU_CAPABILITY", cap, 0);
  at::set_num_threads(1);
}

// "CPU capability usage: AVX2" from at::show_config()
std::string capability() {
  const std::string s = at::show_config();
  const std::string key = "CPU capability usage: ";
  const size_t a = s.find(key);
  if (a == std::string::npos) return "unknown";
  const size_t b = s.find('\n', a);
  return s.substr(a + key.size(), b == std::string::npos ? std::string::npos : b - a - key.size());
}

void describe(const RunConfig&, std::vector<std::string>& libs) {
  const std::string isa = capability();
  const char* env = std::getenv("ATEN_CPU_CAPABILITY");
  libs.push_back("PyTorch " + std::string(TORCH_VERSION) + " (ATen, " + std::to_string(at::get_num_threads()) +
                 " thread, CPU capability " + isa + (env ? std::string(", ATEN_CPU_CAPABILITY=") + env : "") + ")");
  benchmark::AddCustomContext("torch_version", TORCH_VERSION);
  benchmark::AddCustomContext("torch_isa", isa);
  std::string marks;
  for (const TOp& o : torch_ops()) {
    if (!has_op(o.op)) continue;
    if (o.mark_fwd) marks += std::string(marks.empty() ? "" : ";") + o.op + "/fwd=" + o.mark_fwd;
    if (o.mark_bwd) marks += std::string(marks.empty() ? "" : ";") + o.op + "/bwd=" + o.mark_bwd;
  }
  benchmark::AddCustomContext("torch_marks", marks);
}

const Baseline kTorch = {"torch", 60, setup, register_size, describe, accuracy};

#else

void describe(const RunConfig&, std::vector<std::string>& libs) {
  libs.push_back("PyTorch: not built in (libtorch-dev absent or VACT_BENCH_TORCH=OFF), its rows are absent");
}
const Baseline kTorch = {"torch", 60, nullptr, nullptr, describe, nullptr};

#endif  // VACT_BENCH_HAVE_TORCH

const BaselineRegistrar kReg(kTorch);

}  // namespace
}  // namespace vbench
