/* SPDX-License-Identifier: MIT */
// The XNNPACK baseline: XNNPACK's f32 operators (the NC operator API) on one
// thread (no thread pool: the calling thread runs them), named
// xnnpack/<op>/fwd/n:N, with the parameters of vact's registry.  Each
// benchmark creates and sets up its operator once; only xnn_run_operator is
// timed.  XNNPACK has forwards only.  Which ops this build has depends on the
// XNNPACK snapshot (Debian 12: 0.0~git20220216): sigmoid, elu, leaky_relu,
// hardswish, clamp (as relu and hardtanh), prelu and softmax; no tanh, gelu
// or silu there.
//
// XNNPACK picks its microkernels once, at xnn_initialize, from the features
// cpuinfo found (the cpuinfo_isa flags of libcpuinfo, which it shares with
// this process).  It has no knob to cap them, so --isa avx2 (or scalar)
// initializes cpuinfo first and clears its AVX-512 flags (and, for scalar, its
// AVX ones: XNNPACK's SSE kernels then run) before xnn_initialize: on an
// AVX-512 CPU it then runs the kernels an AVX2-only CPU gets.  Without
// cpuinfo's header at build time (libcpuinfo-dev) it keeps its own choice and
// the run says so.
//
// f16: the snapshot's f16 NC operators, clamp (relu, hardtanh), leaky_relu
// and hardswish (no f16 sigmoid, elu, tanh or softmax there), named
// xnnpack_f16/<op>/fwd/n:N, beside vact's f16 twins; they need F16C (and
// XNNPACK's f16 kernels): where a create fails they are skipped with a message.
//
// prelu: XNNPACK's is channels-last ([n/64, 64], slope per column) where
// vact's and oneDNN's run over [1, 64, n/64]; the same work per element.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"
#include "ops.h"

#if defined(VACT_BENCH_HAVE_XNNPACK)
#include <xnnpack.h>
#if defined(VACT_BENCH_HAVE_CPUINFO)
#include <cpuinfo.h>
#endif
#endif

namespace vbench {
namespace {

#if defined(VACT_BENCH_HAVE_XNNPACK)

bool g_ready = false;  // xnn_initialize succeeded

// An op: creates its operator for rows of `cols` elements (the slopes from
// alpha for prelu) and sets it up over `rows` rows of x -> y (f32 or f16).
struct XOp {
  std::string op;
  size_t cols;  // 1 for the element-wise ops: XNNPACK then sees n rows of 1
  xnn_status (*create)(size_t cols, const float* alpha, xnn_operator_t* out);
  xnn_status (*setup)(xnn_operator_t op, size_t rows, const void* x, void* y);
};

// VB_XNN(op, cols, kind, type, C type, create's arguments after the three
// sizes): the arguments see the columns c, the slopes a and the operator's
// slot o.  The element-wise ops run as n rows of 1 (XNNPACK flattens
// contiguous rows into one pass).
#define VB_XNN(op, cols, kind, T, CT, ...)                                               \
  add(                                                                                   \
      op, cols,                                                                          \
      [](size_t c, const float* a, xnn_operator_t* o) {                                  \
        (void)a;                                                                         \
        return xnn_create_##kind##_nc_##T(c, c, c, __VA_ARGS__);                         \
      },                                                                                 \
      [](xnn_operator_t o, size_t r, const void* x, void* y) {                           \
        return xnn_setup_##kind##_nc_##T(o, r, static_cast<const CT*>(x), static_cast<CT*>(y), nullptr); \
      })

// the f32 operators
std::vector<XOp> xnn_ops() {
  std::vector<XOp> v;
  auto add = [&](const char* op, size_t cols, decltype(XOp::create) c, decltype(XOp::setup) s) {
    if (find_unary(op) || std::strcmp(op, "softmax") == 0 || std::strcmp(op, "prelu") == 0)
      v.push_back({op, cols, c, s});
  };
  VB_XNN("relu", 1, clamp, f32, float, 0.0f, __builtin_inff(), 0, o);
  VB_XNN("leaky_relu", 1, leaky_relu, f32, float, unary_p0("leaky_relu", 0.01f), 0, o);
  VB_XNN("hardtanh", 1, clamp, f32, float, unary_p0("hardtanh", -1.0f), unary_p1("hardtanh", 1.0f), 0, o);
  VB_XNN("sigmoid", 1, sigmoid, f32, float, 0, o);
  VB_XNN("elu", 1, elu, f32, float, unary_p0("elu", 1.0f), 0, o);
  VB_XNN("hardswish", 1, hardswish, f32, float, 0, o);
  VB_XNN("softmax", kRowCols, softmax, f32, float, 0, o);
  VB_XNN("prelu", kPreluChannels, prelu, f32, float, a, 0, o);
  return v;
}

// the f16 operators of ops that have vact f16 twins
std::vector<XOp> xnn_f16_ops() {
  std::vector<XOp> v;
  auto add = [&](const char* op, size_t cols, decltype(XOp::create) c, decltype(XOp::setup) s) {
    for (const UnaryTwin& u : unary_twins())
      if (std::strcmp(op, u.name) == 0) v.push_back({op, cols, c, s});
  };
  VB_XNN("relu", 1, clamp, f16, void, 0.0f, __builtin_inff(), 0, o);
  VB_XNN("leaky_relu", 1, leaky_relu, f16, void, unary_p0("leaky_relu", 0.01f), 0, o);
  VB_XNN("hardtanh", 1, clamp, f16, void, unary_p0("hardtanh", -1.0f), unary_p1("hardtanh", 1.0f), 0, o);
  VB_XNN("hardswish", 1, hardswish, f16, void, 0, o);
  return v;
}
#undef VB_XNN

// An operator made and set up over x -> y (n floats), deleted with it.
struct Made {
  xnn_operator_t op = nullptr;
  xnn_status status = xnn_status_uninitialized;
  Made(const XOp& e, const float* alpha, const void* x, void* y, size_t n) {
    status = e.create(e.cols, alpha, &op);
    if (status == xnn_status_success) status = e.setup(op, n / e.cols, x, y);
  }
  ~Made() {
    if (op) xnn_delete_operator(op);
  }
  Made(const Made&) = delete;
  Made& operator=(const Made&) = delete;
  bool ok() const { return status == xnn_status_success; }
};

// f16: the slot's f16 arrays (f16 = true), else its floats
void bench_op(benchmark::State& st, const XOp& e, const Case& c, bool f16 = false) {
  Slot& s = slot_for(st);
  void* x = f16 ? static_cast<void*>(halves(s, H_F16)[B_X]) : s.p[B_X];
  void* y = f16 ? static_cast<void*>(halves(s, H_F16)[B_Y]) : s.p[B_Y];
  Made m(e, s.alpha, x, y, c.n);
  if (!m.ok() || xnn_run_operator(m.op, nullptr) != xnn_status_success) {
    const std::string why = m.status == xnn_status_unsupported_hardware ? ": unsupported on this CPU"
                            : !m.ok()                                    ? ": create/setup failed"
                                                                         : ": run failed";
    st.SkipWithError(("XNNPACK " + e.op + (f16 ? " f16" : "") + why).c_str());
    return;
  }
  timed(st, c, [&] { xnn_run_operator(m.op, nullptr); });
}

// whether this build and CPU run XNNPACK's f16 operators (a relu made once)
bool g_f16 = false;

void register_size(const RunConfig& cfg, const SizeLevel& sz) {
  if (!g_ready) return;
  for (const XOp& e : xnn_ops()) {
    const bool pr = e.op == "prelu";
    const Case c = make_case("xnnpack", e.op, "fwd", sz.n, 2, pr ? 4.0 * kPreluChannels : 0.0);
    add_case(cfg, c, [=](benchmark::State& st) { bench_op(st, e, c); });
  }
  if (!g_f16) return;
  for (const XOp& e : xnn_f16_ops()) {
    Case c = make_case("xnnpack_f16", e.op, "fwd", sz.n, 2);
    c.elem_bytes = 2;
    add_case(cfg, c, [=](benchmark::State& st) { bench_op(st, e, c, true); });
  }
}

// One forward outside any benchmark (--accuracy): rows x cols floats.
void run_once(const XOp& e, const float* x, float* y, size_t n) {
  Made m(e, nullptr, x, y, n);
  if (!m.ok() || xnn_run_operator(m.op, nullptr) != xnn_status_success)
    std::fprintf(stderr, "vact_bench: XNNPACK %s failed\n", e.op.c_str());
}

// --accuracy: the element-wise forwards and softmax (its own column; the
// accuracy tables are accuracy.cc's)
void accuracy(const RunConfig&, AccuracySets& sets) {
  if (!g_ready) return;
  const std::string col = "XNNPACK";
  sets.columns.push_back(col);
  sets.row_columns.push_back(col);
  for (const XOp& e : xnn_ops()) {
    if (e.op == "prelu") continue;
    if (e.op == "softmax") {
      sets.rows.push_back({col, e.op, [e](const float* x, float* y, size_t r, size_t c) {
                             XOp w = e;
                             w.cols = c;
                             run_once(w, x, y, r * c);
                           }});
    } else {
      sets.impls.push_back({col, e.op, [e](const float* x, float* y, size_t n) { run_once(e, x, y, n); }});
    }
  }
}

// The family of x86 kernels XNNPACK was left to choose from: "" for its own
// choice, else the --isa cap applied to cpuinfo's flags.
std::string g_capped;

// --isa avx2 / scalar: cpuinfo's flags above the cap cleared, before
// xnn_initialize reads them (cpuinfo_initialize runs once per process, so
// XNNPACK's own call keeps these flags).
void cap_isa(const std::string& cap) {
#if defined(VACT_BENCH_HAVE_CPUINFO) && (defined(__x86_64__) || defined(__i386__))
  if ((cap != "avx2" && cap != "scalar") || !cpuinfo_initialize()) return;
  cpuinfo_x86_isa& f = cpuinfo_isa;
  f.avx512f = f.avx512pf = f.avx512er = f.avx512cd = f.avx512dq = f.avx512bw = f.avx512vl = false;
  f.avx512ifma = f.avx512vbmi = f.avx512vbmi2 = f.avx512bitalg = f.avx512vpopcntdq = false;
  f.avx512vnni = f.avx512bf16 = f.avx512vp2intersect = f.avx512_4vnniw = f.avx512_4fmaps = false;
  g_capped = "avx2";
  if (cap == "scalar") {
    f.avx = f.avx2 = f.fma3 = f.fma4 = f.f16c = f.xop = false;
    g_capped = "sse4.1";
  }
#else
  (void)cap;
#endif
}

void setup(const RunConfig& cfg) {
  cap_isa(cfg.isa_cap);
  g_ready = xnn_initialize(nullptr) == xnn_status_success;
  if (!g_ready) {
    std::fprintf(stderr, "vact_bench: xnn_initialize failed (unsupported CPU?); XNNPACK rows skipped\n");
    return;
  }
  const std::vector<XOp> f16 = xnn_f16_ops();
  if (f16.empty()) return;
  xnn_operator_t op = nullptr;
  const xnn_status st = f16[0].create(1, nullptr, &op);
  g_f16 = st == xnn_status_success;
  if (op) xnn_delete_operator(op);
  if (!g_f16)
    std::fprintf(stderr, "vact_bench: XNNPACK f16 operators unavailable (%s); xnnpack_f16 rows skipped\n",
                 st == xnn_status_unsupported_hardware ? "unsupported on this CPU" : "create failed");
}

// The ISA: the best of its x86 kernel families this CPU qualifies for, or the
// cap's.
std::string isa_text() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512f";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
  if (__builtin_cpu_supports("avx")) return "avx";
  return "sse";
#elif defined(__aarch64__)
  return "neon";
#else
  return "scalar";
#endif
}

void describe(const RunConfig& cfg, std::vector<std::string>& libs) {
  const std::string isa = !g_capped.empty()
                              ? "capped at " + g_capped + " (cpuinfo's flags above it cleared; CPU has " +
                                    isa_text() + ")"
                              : "own choice (CPU has " + isa_text() + ")" +
                                    (cfg.isa_cap.empty() ? "" : ", not capped: built without cpuinfo.h");
  std::string s = std::string("XNNPACK (") + (g_ready ? "" : "failed to initialize, ") +
                  "one thread, no pool; ISA: " + isa +
                  (g_ready ? (g_f16 ? "; f16 operators run" : "; f16 operators unavailable, skipped") : "") + ")";
  libs.push_back(s);
  benchmark::AddCustomContext("xnnpack_isa", isa);
}

const Baseline kXnnpack = {"xnnpack", 50, setup, register_size, describe, accuracy};

#else

void describe(const RunConfig&, std::vector<std::string>& libs) {
  libs.push_back("XNNPACK: not found at build time, its rows are absent");
}
const Baseline kXnnpack = {"xnnpack", 50, nullptr, nullptr, describe, nullptr};

#endif  // VACT_BENCH_HAVE_XNNPACK

const BaselineRegistrar kReg(kXnnpack);

}  // namespace
}  // namespace vbench
