/* SPDX-License-Identifier: MIT */
// The oneDNN baseline: oneDNN's eltwise, softmax and prelu primitives on one
// thread (when built with oneDNN), named onednn/<op>/<dir>/n:N, with the
// parameters of vact's registry where oneDNN takes them.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <dlfcn.h>

#include "harness.h"
#include "ops.h"

#if defined(VACT_BENCH_HAVE_DNNL)
#include <oneapi/dnnl/dnnl.hpp>
#endif

namespace vbench {
namespace {

// OpenMP: oneDNN (Debian's is built on OpenMP) must run on one thread.  The
// runtime is loaded with libdnnl; find it at run time so that nothing here
// links OpenMP itself.

using OmpSetFn = void (*)(int);
using OmpGetFn = int (*)(void);
OmpSetFn g_omp_set = nullptr;
OmpGetFn g_omp_get = nullptr;

void omp_single_thread() {
  if (g_omp_set) g_omp_set(1);
}
#if defined(VACT_BENCH_HAVE_DNNL)

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

std::unique_ptr<dnnl::engine> g_engine;

#define VBENCH_DNNL_V3 (DNNL_VERSION_MAJOR >= 3)
#define VBENCH_DNNL_SOFTMAX_V2 (DNNL_VERSION_MAJOR == 2 && DNNL_VERSION_MINOR >= 6)

dnnl::eltwise_forward::primitive_desc elt_fwd_pd(prop_kind pk, algorithm alg, const memory::desc& md,
                                                  float alpha, float beta) {
#if VBENCH_DNNL_V3
  return dnnl::eltwise_forward::primitive_desc(*g_engine, pk, alg, md, md, alpha, beta);
#else
  dnnl::eltwise_forward::desc d(pk, alg, md, alpha, beta);
  return dnnl::eltwise_forward::primitive_desc(d, *g_engine);
#endif
}

dnnl::eltwise_backward::primitive_desc elt_bwd_pd(algorithm alg, const memory::desc& md, float alpha, float beta,
                                                   const dnnl::eltwise_forward::primitive_desc& hint) {
#if VBENCH_DNNL_V3
  return dnnl::eltwise_backward::primitive_desc(*g_engine, alg, md, md, md, alpha, beta, hint);
#else
  dnnl::eltwise_backward::desc d(alg, md, md, alpha, beta);
  return dnnl::eltwise_backward::primitive_desc(d, *g_engine, hint);
#endif
}

struct Elt {
  std::string op;
  algorithm fwd_alg, bwd_alg;  // bwd_alg may be a *_use_dst_for_bwd variant
  bool bwd_uses_dst;
  float alpha, beta;
};

// vact op -> oneDNN eltwise algorithm with the same parameters
std::vector<Elt> eltwise_ops() {
  std::vector<Elt> v;
  auto add = [&](const char* op, algorithm f, algorithm b, bool dst, float a, float be) {
    if (find_unary(op)) v.push_back({op, f, b, dst, a, be});
  };
  add("relu", algorithm::eltwise_relu, algorithm::eltwise_relu, false, 0.0f, 0.0f);
  add("leaky_relu", algorithm::eltwise_relu, algorithm::eltwise_relu, false, unary_p0("leaky_relu", 0.01f), 0.0f);
  add("hardtanh", algorithm::eltwise_clip, algorithm::eltwise_clip, false, unary_p0("hardtanh", -1.0f),
      unary_p1("hardtanh", 1.0f));
  add("sigmoid", algorithm::eltwise_logistic, algorithm::eltwise_logistic_use_dst_for_bwd, true, 0.0f, 0.0f);
  add("tanh", algorithm::eltwise_tanh, algorithm::eltwise_tanh_use_dst_for_bwd, true, 0.0f, 0.0f);
  add("gelu", algorithm::eltwise_gelu_erf, algorithm::eltwise_gelu_erf, false, 0.0f, 0.0f);
  add("gelu_tanh", algorithm::eltwise_gelu_tanh, algorithm::eltwise_gelu_tanh, false, 0.0f, 0.0f);
  add("elu", algorithm::eltwise_elu, algorithm::eltwise_elu, false, unary_p0("elu", 1.0f), 0.0f);
  add("silu", algorithm::eltwise_swish, algorithm::eltwise_swish, false, 1.0f, 0.0f);
  add("swish", algorithm::eltwise_swish, algorithm::eltwise_swish, false, unary_p0("swish", 1.0f), 0.0f);
  add("mish", algorithm::eltwise_mish, algorithm::eltwise_mish, false, 0.0f, 0.0f);
#if VBENCH_DNNL_V3
  // v3: soft_relu takes vact's beta as alpha; hardswish/hardsigmoid take slopes
  add("softplus", algorithm::eltwise_soft_relu, algorithm::eltwise_soft_relu, false, unary_p0("softplus", 1.0f), 0.0f);
  add("hardswish", algorithm::eltwise_hardswish, algorithm::eltwise_hardswish, false, 1.0f / 6.0f, 0.5f);
  add("hardsigmoid", algorithm::eltwise_hardsigmoid, algorithm::eltwise_hardsigmoid, false, 1.0f / 6.0f, 0.5f);
#else
  // v2: soft_relu is log(1 + e^x) (beta = 1 only), hardswish has fixed slopes,
  // no hardsigmoid; logsigmoid exists
  if (unary_p0("softplus", 1.0f) == 1.0f)
    add("softplus", algorithm::eltwise_soft_relu, algorithm::eltwise_soft_relu, false, 0.0f, 0.0f);
  add("hardswish", algorithm::eltwise_hardswish, algorithm::eltwise_hardswish, false, 0.0f, 0.0f);
  add("logsigmoid", algorithm::eltwise_logsigmoid, algorithm::eltwise_logsigmoid, false, 0.0f, 0.0f);
#endif
  return v;
}

using Args = std::unordered_map<int, memory>;

void run_prim(benchmark::State& st, const Case& c, const dnnl::primitive& prim, const Args& args) {
  dnnl::stream strm(*g_engine);
  prim.execute(strm, args);  // first call outside the timing
  strm.wait();
  timed(st, c, [&] {
    prim.execute(strm, args);
    strm.wait();
  });
}

// One forward call outside any benchmark (vact_bench --accuracy).
void eltwise_fwd_once(const Elt& e, const float* x, float* y, size_t n) {
  omp_single_thread();
  const memory::desc md({static_cast<memory::dim>(n)}, dt::f32, tag::a);
  auto pd = elt_fwd_pd(prop_kind::forward_inference, e.fwd_alg, md, e.alpha, e.beta);
  dnnl::eltwise_forward prim(pd);
  dnnl::stream strm(*g_engine);
  prim.execute(strm, {{DNNL_ARG_SRC, memory(md, *g_engine, const_cast<float*>(x))},
                      {DNNL_ARG_DST, memory(md, *g_engine, y)}});
  strm.wait();
}

// One backward call outside any benchmark: from dst (s = y) where the
// algorithm takes it, else from src (s = x).
void eltwise_bwd_once(const Elt& e, const float* dy, const float* s, float* dx, size_t n) {
  omp_single_thread();
  const memory::desc md({static_cast<memory::dim>(n)}, dt::f32, tag::a);
  auto hint = elt_fwd_pd(prop_kind::forward_training, e.bwd_alg, md, e.alpha, e.beta);
  dnnl::eltwise_backward prim(elt_bwd_pd(e.bwd_alg, md, e.alpha, e.beta, hint));
  dnnl::stream strm(*g_engine);
  prim.execute(strm, {{DNNL_ARG_DIFF_DST, memory(md, *g_engine, const_cast<float*>(dy))},
                      {DNNL_ARG_DIFF_SRC, memory(md, *g_engine, dx)},
                      {e.bwd_uses_dst ? DNNL_ARG_DST : DNNL_ARG_SRC, memory(md, *g_engine, const_cast<float*>(s))}});
  strm.wait();
}

// One oneDNN benchmark on one thread: its buffers, the CPU engine, and an
// exception from oneDNN reported as the benchmark's error.
template <class Body>
void guarded(benchmark::State& st, Body&& body) {
  omp_single_thread();
  Slot& s = slot_for(st);
  try {
    body(s, *g_engine);
  } catch (const std::exception& ex) {
    st.SkipWithError(ex.what());
  }
}

// The implementation oneDNN chose ("jit:avx512_core", "ref:any", ...); the
// bf16 rows carry it as their label, so that a reference implementation
// (oneDNN capped below the ISA its bf16 kernels need) is seen as one.
template <class PD>
std::string impl_of(const PD& pd) {
  const char* s = pd.impl_info_str();
  return s ? s : "?";
}

// An eltwise case in f32 (the slot's arrays) or bf16 (their bf16 copies).
void bench_eltwise(benchmark::State& st, const Elt& e, const Case& c, dt type = dt::f32) {
  guarded(st, [&](Slot& s, const dnnl::engine& eng) {
    const size_t n = c.n;
    const bool fwd = c.dir == "fwd";
    const memory::desc md({static_cast<memory::dim>(n)}, type, tag::a);
    void* p[B_COUNT];
    for (int k = 0; k < B_COUNT; ++k) p[k] = type == dt::bf16 ? static_cast<void*>(halves(s, H_BF16)[k]) : s.p[k];
    if (fwd) {
      auto pd = elt_fwd_pd(prop_kind::forward_inference, e.fwd_alg, md, e.alpha, e.beta);
      if (type != dt::f32) st.SetLabel(impl_of(pd));
      dnnl::eltwise_forward prim(pd);
      Args args{{DNNL_ARG_SRC, memory(md, eng, p[B_X])}, {DNNL_ARG_DST, memory(md, eng, p[B_Y])}};
      run_prim(st, c, prim, args);
    } else {
      auto hint = elt_fwd_pd(prop_kind::forward_training, e.bwd_alg, md, e.alpha, e.beta);
      auto pd = elt_bwd_pd(e.bwd_alg, md, e.alpha, e.beta, hint);
      if (type != dt::f32) st.SetLabel(impl_of(pd));
      dnnl::eltwise_backward prim(pd);
      Args args{{DNNL_ARG_DIFF_DST, memory(md, eng, p[B_DY])}, {DNNL_ARG_DIFF_SRC, memory(md, eng, p[B_Y])}};
      if (e.bwd_uses_dst) {
        // the saved tensor is the forward output: make it with oneDNN
        dnnl::eltwise_forward fprim(hint);
        dnnl::stream strm(eng);
        fprim.execute(strm, {{DNNL_ARG_SRC, memory(md, eng, p[B_X])}, {DNNL_ARG_DST, memory(md, eng, p[B_S])}});
        strm.wait();
        args.insert({DNNL_ARG_DST, memory(md, eng, p[B_S])});
      } else {
        args.insert({DNNL_ARG_SRC, memory(md, eng, p[B_X])});
      }
      run_prim(st, c, prim, args);
    }
  });
}

// The implementations oneDNN picks for the bf16 eltwise ops (forward, and
// backward), for the run's header: "jit:avx512_core_bf16 for every op", or
// with the exceptions ("none": no implementation).  Empty when it has none
// at all (oneDNN 2.6 capped at AVX2): the bf16 rows are then left out.
std::string g_bf16_impl;
std::string bf16_impls() {
  const memory::desc md({1024}, dt::bf16, tag::a);
  std::vector<std::pair<std::string, std::string>> got;  // (op dir, implementation)
  for (const Elt& e : eltwise_ops()) {
    std::string f = "none", b = "none";
    try {
      f = impl_of(elt_fwd_pd(prop_kind::forward_inference, e.fwd_alg, md, e.alpha, e.beta));
      auto hint = elt_fwd_pd(prop_kind::forward_training, e.bwd_alg, md, e.alpha, e.beta);
      b = impl_of(elt_bwd_pd(e.bwd_alg, md, e.alpha, e.beta, hint));
    } catch (const std::exception&) {
    }
    got.push_back({e.op + " fwd", f});
    got.push_back({e.op + " bwd", b});
  }
  std::string first, odd;
  for (const auto& g : got)
    if (first.empty() && g.second != "none") first = g.second;
  if (first.empty()) return "";
  for (const auto& g : got)
    if (g.second != first) odd += (odd.empty() ? "" : ", ") + g.first + " " + g.second;
  return first + (odd.empty() ? " for every op" : " (except " + odd + ")");
}

#if VBENCH_DNNL_V3 || VBENCH_DNNL_SOFTMAX_V2
#define VBENCH_DNNL_HAVE_SOFTMAX 1
#if VBENCH_DNNL_V3
using SmFwd = dnnl::softmax_forward;
using SmBwd = dnnl::softmax_backward;
SmFwd::primitive_desc sm_fwd_pd(prop_kind pk, algorithm alg, const memory::desc& md) {
  return SmFwd::primitive_desc(*g_engine, pk, alg, md, md, 1);
}
SmBwd::primitive_desc sm_bwd_pd(algorithm alg, const memory::desc& md, const SmFwd::primitive_desc& hint) {
  return SmBwd::primitive_desc(*g_engine, alg, md, md, md, 1, hint);
}
#else
using SmFwd = dnnl::softmax_v2_forward;
using SmBwd = dnnl::softmax_v2_backward;
SmFwd::primitive_desc sm_fwd_pd(prop_kind pk, algorithm alg, const memory::desc& md) {
  SmFwd::desc d(pk, alg, md, md, 1);
  return SmFwd::primitive_desc(d, *g_engine);
}
SmBwd::primitive_desc sm_bwd_pd(algorithm alg, const memory::desc& md, const SmFwd::primitive_desc& hint) {
  SmBwd::desc d(alg, md, md, md, 1);
  return SmBwd::primitive_desc(d, *g_engine, hint);
}
#endif

// One forward call outside any benchmark (vact_bench --accuracy).
void softmax_fwd_once(bool log_form, const float* x, float* y, size_t rows, size_t cols) {
  omp_single_thread();
  const memory::desc md({static_cast<memory::dim>(rows), static_cast<memory::dim>(cols)}, dt::f32, tag::ab);
  SmFwd prim(sm_fwd_pd(prop_kind::forward_inference,
                       log_form ? algorithm::softmax_log : algorithm::softmax_accurate, md));
  dnnl::stream strm(*g_engine);
  prim.execute(strm, {{DNNL_ARG_SRC, memory(md, *g_engine, const_cast<float*>(x))},
                      {DNNL_ARG_DST, memory(md, *g_engine, y)}});
  strm.wait();
}

void bench_softmax(benchmark::State& st, bool log_form, const Case& c) {
  guarded(st, [&](Slot& s, const dnnl::engine& eng) {
    const size_t n = c.n;
    const bool fwd = c.dir == "fwd";
    const memory::desc md({static_cast<memory::dim>(n / kRowCols), static_cast<memory::dim>(kRowCols)},
                          dt::f32, tag::ab);
    const algorithm alg = log_form ? algorithm::softmax_log : algorithm::softmax_accurate;
    if (fwd) {
      SmFwd prim(sm_fwd_pd(prop_kind::forward_inference, alg, md));
      Args args{{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])}, {DNNL_ARG_DST, memory(md, eng, s.p[B_Y])}};
      run_prim(st, c, prim, args);
    } else {
      auto hint = sm_fwd_pd(prop_kind::forward_training, alg, md);
      SmFwd fprim(hint);
      dnnl::stream strm(eng);
      fprim.execute(strm, {{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])}, {DNNL_ARG_DST, memory(md, eng, s.p[B_S])}});
      strm.wait();
      SmBwd prim(sm_bwd_pd(alg, md, hint));
      Args args{{DNNL_ARG_DST, memory(md, eng, s.p[B_S])},
                {DNNL_ARG_DIFF_DST, memory(md, eng, s.p[B_DY])},
                {DNNL_ARG_DIFF_SRC, memory(md, eng, s.p[B_Y])}};
      run_prim(st, c, prim, args);
    }
  });
}
#endif

void bench_prelu(benchmark::State& st, const Case& c) {
  guarded(st, [&](Slot& s, const dnnl::engine& eng) {
    const size_t n = c.n;
    const bool fwd = c.dir == "fwd";
    const memory::dim C = static_cast<memory::dim>(kPreluChannels);
    const memory::desc md({1, C, static_cast<memory::dim>(n / kPreluChannels)}, dt::f32, tag::abc);
    const memory::desc wd({1, C, 1}, dt::f32, tag::abc);
#if VBENCH_DNNL_V3
    auto fpd = dnnl::prelu_forward::primitive_desc(
        eng, fwd ? prop_kind::forward_inference : prop_kind::forward_training, md, wd, md);
#else
    dnnl::prelu_forward::desc fd(fwd ? prop_kind::forward_inference : prop_kind::forward_training, md, wd);
    auto fpd = dnnl::prelu_forward::primitive_desc(fd, eng);
#endif
    if (fwd) {
      dnnl::prelu_forward prim(fpd);
      Args args{{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])},
                {DNNL_ARG_WEIGHTS, memory(wd, eng, s.alpha)},
                {DNNL_ARG_DST, memory(md, eng, s.p[B_Y])}};
      run_prim(st, c, prim, args);
    } else {
#if VBENCH_DNNL_V3
      auto bpd = dnnl::prelu_backward::primitive_desc(eng, md, wd, md, wd, md, fpd);
#else
      dnnl::prelu_backward::desc bd(md, wd, md, wd);
      auto bpd = dnnl::prelu_backward::primitive_desc(bd, eng, fpd);
#endif
      dnnl::prelu_backward prim(bpd);
      Args args{{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])},
                {DNNL_ARG_WEIGHTS, memory(wd, eng, s.alpha)},
                {DNNL_ARG_DIFF_DST, memory(md, eng, s.p[B_DY])},
                {DNNL_ARG_DIFF_SRC, memory(md, eng, s.p[B_Y])},
                {DNNL_ARG_DIFF_WEIGHTS, memory(wd, eng, s.dalpha)}};
      run_prim(st, c, prim, args);
    }
  });
}

// the ISA oneDNN's JIT generates for (after ONEDNN_MAX_CPU_ISA)
std::string effective_isa() {
  static const struct {
    dnnl_cpu_isa_t isa;
    const char* name;
  } names[] = {{dnnl_cpu_isa_sse41, "sse41"},
               {dnnl_cpu_isa_avx, "avx"},
               {dnnl_cpu_isa_avx2, "avx2"},
               {dnnl_cpu_isa_avx2_vnni, "avx2_vnni"},
               {dnnl_cpu_isa_avx512_core, "avx512_core"},
               {dnnl_cpu_isa_avx512_core_vnni, "avx512_core_vnni"},
               {dnnl_cpu_isa_avx512_core_bf16, "avx512_core_bf16"},
               {dnnl_cpu_isa_avx512_core_amx, "avx512_core_amx"}};
  const dnnl_cpu_isa_t isa = dnnl_get_effective_cpu_isa();
  for (const auto& n : names)
    if (n.isa == isa) return n.name;
  char buf[32];
  std::snprintf(buf, sizeof buf, "isa 0x%x", static_cast<unsigned>(isa));
  return buf;
}

std::string version_string() {
  const dnnl_version_t* v = dnnl_version();
  std::string rt = "unknown runtime";
  if (v->cpu_runtime == DNNL_RUNTIME_OMP) rt = "OpenMP";
  else if (v->cpu_runtime == DNNL_RUNTIME_TBB) rt = "TBB";
  else if (v->cpu_runtime == DNNL_RUNTIME_SEQ) rt = "sequential";
  else if (v->cpu_runtime == DNNL_RUNTIME_THREADPOOL) rt = "threadpool";
  char buf[128];
  std::snprintf(buf, sizeof buf, "%d.%d.%d (CPU runtime %s)", v->major, v->minor, v->patch, rt.c_str());
  return buf;
}

// the row-wise ops oneDNN has, by registry name
bool softmax_log_form(const char* op, bool& log_form) {
  log_form = std::strcmp(op, "log_softmax") == 0;
  return log_form || std::strcmp(op, "softmax") == 0;
}

void register_size(const RunConfig& cfg, const SizeLevel& sz) {
  if (!g_engine) return;  // no CPU engine: no oneDNN rows
  const size_t n = sz.n;
  for (const Elt& e : eltwise_ops())
    for (const char* dir : {"fwd", "bwd"}) {
      const Case c = make_case("onednn", e.op, dir, n, dir[0] == 'f' ? 2 : 3);
      add_case(cfg, c, [=](benchmark::State& st) { bench_eltwise(st, e, c); });
    }
#if defined(VBENCH_DNNL_HAVE_SOFTMAX)
  for (const RowsOp& o : rows_ops()) {
    bool lg = false;
    if (!softmax_log_form(o.name, lg)) continue;
    for (const char* dir : {"fwd", "bwd"}) {
      const Case c = make_case("onednn", o.name, dir, n, dir[0] == 'f' ? 2 : 3);
      add_case(cfg, c, [=](benchmark::State& st) { bench_softmax(st, lg, c); });
    }
  }
#endif
  for (const PreluOp& o : prelu_ops()) {
    if (std::strcmp(o.name, "prelu") != 0) continue;
    for (const char* dir : {"fwd", "bwd"}) {
      const bool f = dir[0] == 'f';
      const Case c = make_case("onednn", o.name, dir, n, f ? 2 : 3, (f ? 4.0 : 8.0) * kPreluChannels);
      add_case(cfg, c, [=](benchmark::State& st) { bench_prelu(st, c); });
    }
  }
  // the eltwise ops on bf16 arrays, beside vact's bf16 twins, where oneDNN
  // has them at this ISA (label: its implementation, "ref:..." where that is
  // no JIT kernel); last, as nothing follows
  if (g_bf16_impl.empty()) return;
  for (const Elt& e : eltwise_ops())
    for (const char* dir : {"fwd", "bwd"}) {
      Case c = make_case("onednn_bf16", e.op, dir, n, dir[0] == 'f' ? 2 : 3);
      c.elem_bytes = 2;
      add_case(cfg, c, [=](benchmark::State& st) { bench_eltwise(st, e, c, dt::bf16); });
    }
}

// --accuracy: the element-wise and row-wise forwards, the element-wise backwards
void accuracy(const RunConfig&, AccuracySets& sets) {
  if (!g_engine) return;
  const std::string col = "oneDNN";
  sets.columns.push_back(col);
  const std::vector<Elt> elts = eltwise_ops();
  for (const UnaryOp& u : unary_ops())
    for (const Elt& e : elts)
      if (e.op == u.name)
        sets.impls.push_back({col, u.name, [e](const float* x, float* y, size_t n) { eltwise_fwd_once(e, x, y, n); }});
  sets.bwd_columns.push_back(col);
  for (const UnaryOp& u : unary_ops())
    for (const Elt& e : elts)
      if (e.op == u.name && e.bwd_uses_dst == u.saved_is_y)
        sets.bwd.push_back({col, u.name, [e](const float* dy, const float* s, float* dx, size_t n) {
                              eltwise_bwd_once(e, dy, s, dx, n);
                            }});
#if defined(VBENCH_DNNL_HAVE_SOFTMAX)
  sets.row_columns.push_back(col);
  for (const RowsOp& o : rows_ops()) {
    bool lg = false;
    if (!softmax_log_form(o.name, lg)) continue;
    sets.rows.push_back({col, o.name, [lg](const float* x, float* y, size_t r, size_t c) {
                           softmax_fwd_once(lg, x, y, r, c);
                         }});
  }
#endif
}
#endif  // VACT_BENCH_HAVE_DNNL

// oneDNN single-threaded: OMP_NUM_THREADS for any runtime that reads it
// later, and omp_set_num_threads(1) in every thread that calls oneDNN.
// --isa: ONEDNN_MAX_CPU_ISA, which oneDNN reads once, at its first use (the
// engine below); one the user set wins.
void setup(const RunConfig& cfg) {
  setenv("OMP_NUM_THREADS", "1", 1);
  const char* cap = cfg.isa_cap == "avx2" ? "AVX2" : cfg.isa_cap == "avx512" ? "AVX512_CORE"
                    : cfg.isa_cap == "scalar" ? "SSE41" : nullptr;
  if (cap) setenv("ONEDNN_MAX_CPU_ISA", cap, 0);
  g_omp_set = reinterpret_cast<OmpSetFn>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  g_omp_get = reinterpret_cast<OmpGetFn>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  omp_single_thread();
#if defined(VACT_BENCH_HAVE_DNNL)
  try {
    g_engine.reset(new dnnl::engine(dnnl::engine::kind::cpu, 0));
    g_bf16_impl = bf16_impls();
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "vact_bench: no oneDNN CPU engine (%s); oneDNN rows skipped\n", ex.what());
  }
#endif
}

void describe(const RunConfig&, std::vector<std::string>& libs) {
#if defined(VACT_BENCH_HAVE_DNNL)
  std::string s = "oneDNN " + version_string() + ", one thread per call, JIT for " + effective_isa();
  if (const char* cap = std::getenv("ONEDNN_MAX_CPU_ISA")) s += std::string(" (ONEDNN_MAX_CPU_ISA=") + cap + ")";
  if (g_omp_get) s += " (omp_get_max_threads() = " + std::to_string(g_omp_get()) + ")";
  libs.push_back(s);
  benchmark::AddCustomContext("onednn_version", version_string());
  benchmark::AddCustomContext("onednn_isa", effective_isa());
  if (g_engine) {
    const std::string& bf = g_bf16_impl;
    libs.push_back("oneDNN bf16 eltwise: " +
                   (bf.empty() ? "no implementation on " + effective_isa() + ", its rows are absent" : bf));
    benchmark::AddCustomContext("onednn_bf16_impl", bf.empty() ? "none" : bf);
  }
#else
  libs.push_back("oneDNN: not found at build time, its rows are absent");
#endif
}

#if defined(VACT_BENCH_HAVE_DNNL)
const Baseline kOnednn = {"onednn", 40, setup, register_size, describe, accuracy};
#else
const Baseline kOnednn = {"onednn", 40, setup, nullptr, describe, nullptr};
#endif
const BaselineRegistrar kReg(kOnednn);

}  // namespace
}  // namespace vbench
