// vact_bench: Google Benchmark harness for vact's activation kernels.
//
// Registers, from the op registry (src/vact_ops.def) plus the ops with their
// own signatures, every op x direction x available ISA path x accuracy tier x
// size, named  <op>/<fwd|bwd>/<isa>[-fast]/n:<N>, next to baselines measured
// in the same run:
//   memcpy/fwd/n:N          memcpy of the same n floats (the 2-stream floor)
//   memcpy/bwd/n:N          dst = a + b over n floats at the best vector width
//                           (STREAM's "add": the 3-stream floor of a backward)
//   naive/<op>/<dir>/n:N    the scalar libm loop a user writes by hand (-O3)
//   sleef/<op>/fwd/n:N      a plain loop over the SLEEF vector functions that
//                           vact's HIGH tier calls for that op
//   onednn/<op>/<dir>/n:N   oneDNN's eltwise / softmax / prelu primitives,
//                           one thread (when built with oneDNN)
// Sizes come from the machine's cache sizes so that one forward call's
// working set (2 arrays) lands in L1, L2, L3 and DRAM.  A Markdown summary
// table is printed at the end (and written with --md FILE); --json FILE keeps
// Google Benchmark's own JSON.  Run with --help for the flags.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <dlfcn.h>
#include <unistd.h>

#include "accuracy.h"
#include "vact.h"

#if defined(VACT_BENCH_HAVE_DNNL)
#include <oneapi/dnnl/dnnl.hpp>
#endif

#if defined(VACT_BENCH_HAVE_SLEEF)
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VACT_BENCH_SLEEF_X86 1
#elif defined(__aarch64__)
#include <arm_neon.h>
#define VACT_BENCH_SLEEF_NEON 1
#endif
#include <sleef.h>  // SLEEF_VERSION_*; the vector prototypes are declared below
#endif

#ifndef VACT_BENCH_GBENCH_VERSION
#define VACT_BENCH_GBENCH_VERSION "unknown"
#endif

namespace vbench {

// ---------------------------------------------------------------------------
// configuration

struct Config {
  bool full = false;
  int threads = 1;
  std::string md_path;
  std::string json_path;
  double min_time = 0.0;  // seconds, as passed to Google Benchmark
  std::string cmdline;
  uint64_t accuracy_samples = 0;  // --accuracy: measure errors instead of time
};
Config g_cfg;

vact_isa g_best = VACT_ISA_SCALAR;  // vact_isa_active() before any force

const vact_isa kAllIsas[] = {VACT_ISA_SCALAR, VACT_ISA_AVX2, VACT_ISA_AVX512, VACT_ISA_NEON};

// ---------------------------------------------------------------------------
// cache sizes -> problem sizes

struct SizeLevel {
  std::string level;   // "L1", "L2", "L3", "DRAM"
  size_t n;            // floats per array
  size_t cache_bytes;  // size of that cache level (0 for DRAM)
  bool quick;          // part of the quick profile
};
std::vector<SizeLevel> g_sizes;  // the sizes of this run, ascending
std::vector<SizeLevel> g_all_sizes;
size_t g_nmax = 0;
std::string g_cache_source;

size_t parse_cache_size(const std::string& s) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 10);
  if (end == s.c_str()) return 0;
  while (*end == ' ') ++end;
  if (*end == 'K' || *end == 'k') v <<= 10;
  else if (*end == 'M' || *end == 'm') v <<= 20;
  else if (*end == 'G' || *end == 'g') v <<= 30;
  return static_cast<size_t>(v);
}

std::string read_first_line(const std::string& path) {
  std::ifstream f(path);
  std::string line;
  if (f) std::getline(f, line);
  return line;
}

// Data or unified cache of the given level for cpu0, from sysfs; 0 if unknown.
size_t sysfs_cache(int level) {
  for (int idx = 0; idx < 16; ++idx) {
    std::string base = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(idx) + "/";
    std::string lv = read_first_line(base + "level");
    if (lv.empty()) continue;
    if (std::atoi(lv.c_str()) != level) continue;
    std::string type = read_first_line(base + "type");
    if (type == "Instruction") continue;
    size_t sz = parse_cache_size(read_first_line(base + "size"));
    if (sz) return sz;
  }
  return 0;
}

size_t sysconf_cache(int level) {
  long v = 0;
#if defined(_SC_LEVEL1_DCACHE_SIZE) && defined(_SC_LEVEL2_CACHE_SIZE) && defined(_SC_LEVEL3_CACHE_SIZE)
  if (level == 1) v = sysconf(_SC_LEVEL1_DCACHE_SIZE);
  if (level == 2) v = sysconf(_SC_LEVEL2_CACHE_SIZE);
  if (level == 3) v = sysconf(_SC_LEVEL3_CACHE_SIZE);
#else
  (void)level;
#endif
  return v > 0 ? static_cast<size_t>(v) : 0;
}

size_t round_n(size_t n) {
  // multiples of 1024: softmax rows of 1024 columns, prelu's 64 channels
  n = n / 1024 * 1024;
  return n < 1024 ? 1024 : n;
}

void compute_sizes() {
  size_t c[4] = {0, 0, 0, 0};
  std::string src;
  for (int l = 1; l <= 3; ++l) {
    const char* how = "sysfs";
    c[l] = sysfs_cache(l);
    if (!c[l]) {
      c[l] = sysconf_cache(l);
      how = "sysconf";
    }
    if (!c[l] && l < 3) {
      c[l] = l == 1 ? (32u << 10) : (1u << 20);
      how = "default";
    }
    if (!c[l]) how = "none";
    src += std::string(src.empty() ? "" : ", ") + "L" + std::to_string(l) + " " + how;
  }
  g_cache_source = src;

  // one forward call touches 2 arrays (8 bytes per element); aim its working
  // set at half the cache level so the level really holds it
  std::vector<SizeLevel> v;
  v.push_back({"L1", round_n(c[1] / 16), c[1], true});
  v.push_back({"L2", round_n(c[2] / 16), c[2], true});
  if (c[3] > c[2]) v.push_back({"L3", round_n(c[3] / 16), c[3], false});
  // DRAM: 16M floats, or a working set of 4x L3 when that is larger; capped
  size_t nd = size_t(16) << 20;
  if (c[3] / 2 > nd) nd = c[3] / 2;
  if (nd > (size_t(64) << 20)) nd = size_t(64) << 20;
  v.push_back({"DRAM", round_n(nd), 0, true});
  // drop sizes that do not grow (tiny or odd cache reports)
  for (const SizeLevel& s : v) {
    if (!g_all_sizes.empty() && s.n <= g_all_sizes.back().n) continue;
    g_all_sizes.push_back(s);
  }
  for (const SizeLevel& s : g_all_sizes)
    if (g_cfg.full || s.quick) g_sizes.push_back(s);
  for (const SizeLevel& s : g_sizes) g_nmax = std::max(g_nmax, s.n);
}

std::string level_of(size_t n) {
  for (const SizeLevel& s : g_all_sizes)
    if (s.n == n) return s.level;
  return "?";
}

// ---------------------------------------------------------------------------
// per-thread buffers: allocated once per benchmark thread at the largest size,
// 64-byte aligned, each array staggered by a few cache lines so that x[i] and
// y[i] do not share the same 4 KiB offset.  Inputs are filled once; every
// benchmark only reads them.

enum BufId { B_X = 0, B_Y, B_DY, B_S, B_B, B_DB, B_COUNT };

struct Slot {
  void* raw[B_COUNT] = {};
  float* p[B_COUNT] = {};
  float alpha[64];   // prelu slopes
  float dalpha[64];  // prelu slope gradient
};
std::vector<std::unique_ptr<Slot>> g_slots;

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void fill_uniform(float* p, size_t n, float lo, float hi, uint64_t seed) {
  uint64_t s = seed;
  const float scale = (hi - lo) * 0x1p-24f;
  for (size_t i = 0; i < n; ++i) p[i] = lo + static_cast<float>(splitmix64(s) >> 40) * scale;
}

Slot& slot_for(benchmark::State& st) {
  std::unique_ptr<Slot>& sp = g_slots.at(static_cast<size_t>(st.thread_index()));
  if (!sp) {
    std::unique_ptr<Slot> s(new Slot());
    const size_t bytes = g_nmax * sizeof(float);
    for (int k = 0; k < B_COUNT; ++k) {
      const size_t stagger = static_cast<size_t>(k) * 320;  // 5 cache lines
      const size_t total = (bytes + stagger + 4096 + 63) / 64 * 64;
      s->raw[k] = std::aligned_alloc(64, total);
      if (!s->raw[k]) {
        std::fprintf(stderr, "vact_bench: out of memory (%zu bytes)\n", total);
        std::exit(1);
      }
      s->p[k] = reinterpret_cast<float*>(static_cast<char*>(s->raw[k]) + stagger);
    }
    const uint64_t t = static_cast<uint64_t>(st.thread_index());
    fill_uniform(s->p[B_X], g_nmax, -6.0f, 6.0f, 0x1234 + 17 * t);
    fill_uniform(s->p[B_B], g_nmax, -6.0f, 6.0f, 0x5678 + 17 * t);
    fill_uniform(s->p[B_DY], g_nmax, -1.0f, 1.0f, 0x9abc + 17 * t);
    std::memset(s->p[B_Y], 0, bytes);
    std::memset(s->p[B_S], 0, bytes);
    std::memset(s->p[B_DB], 0, bytes);
    fill_uniform(s->alpha, 64, 0.0f, 0.5f, 0xdef0);
    std::memset(s->dalpha, 0, sizeof s->dalpha);
    sp = std::move(s);
  }
  return *sp;
}

// ---------------------------------------------------------------------------
// metadata of every registered benchmark, for the summary table

struct Meta {
  std::string group;  // "vact", "memcpy", "naive", "sleef", "onednn"
  std::string op;
  std::string dir;    // "fwd" / "bwd"
  std::string path;   // vact: "avx512", "avx512-fast", ...; sleef: its ISA
  size_t n = 0;
};
std::map<std::string, Meta> g_meta;
std::vector<std::string> g_op_order;    // ops in registration order
std::vector<std::string> g_path_order;  // vact path columns in order
std::string g_sleef_isa;                // "" if no SLEEF rows

void note_op(const std::string& op) {
  if (std::find(g_op_order.begin(), g_op_order.end(), op) == g_op_order.end())
    g_op_order.push_back(op);
}

std::string bench_name(const Meta& m) {
  std::string tail = "/n:" + std::to_string(m.n);
  if (m.group == "vact") return m.op + "/" + m.dir + "/" + m.path + tail;
  if (m.group == "memcpy") return "memcpy/" + m.dir + tail;
  return m.group + "/" + m.op + "/" + m.dir + tail;
}

template <class Fn>
void add_bench(const Meta& m, Fn&& fn) {
  const std::string name = bench_name(m);
  g_meta[name] = m;
  benchmark::internal::Benchmark* b = benchmark::RegisterBenchmark(name.c_str(), std::forward<Fn>(fn));
  b->UseRealTime();
  if (g_cfg.threads > 1) b->Threads(g_cfg.threads);
}

// The timing loop shared by every benchmark.  `call` returns true on success.
template <class Call>
void timed(benchmark::State& st, size_t n, double bytes_per_call, Call&& call) {
  for (auto _ : st) {
    call();
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(n));
  st.SetBytesProcessed(static_cast<int64_t>(static_cast<double>(st.iterations()) * bytes_per_call));
}

// vact: route to the path, set this thread's tier, check one call, time it.
bool enter_path(benchmark::State& st, vact_isa isa, vact_accuracy acc) {
  vact_status s = vact_isa_force(isa);
  if (s == VACT_OK) s = vact_accuracy_set(acc);
  if (s != VACT_OK) {
    st.SkipWithError(vact_strerror(s));
    return false;
  }
  return true;
}

template <class Call>
void timed_vact(benchmark::State& st, size_t n, double bytes_per_call, Call&& call) {
  const vact_status s = call();
  if (s != VACT_OK) {
    st.SkipWithError(vact_strerror(s));
    return;
  }
  timed(st, n, bytes_per_call, [&] { benchmark::DoNotOptimize(call()); });
}

// ---------------------------------------------------------------------------
// the registry's element-wise ops

using UnaryFwd = vact_status (*)(const float*, float*, size_t);
using UnaryBwd = vact_status (*)(const float*, const float*, float*, size_t);

struct UnaryOp {
  const char* name;
  bool saved_is_y;  // backward takes the forward output
  float p0, p1;     // default parameters (registry)
  UnaryFwd fwd;
  UnaryBwd bwd;
};

#define VBENCH_PARGS_0(p0, p1)
#define VBENCH_PARGS_1(p0, p1) , p0
#define VBENCH_PARGS_2(p0, p1) , p0, p1
#define VBENCH_PARGS(np, p0, p1) VBENCH_PARGS_##np(p0, p1)

#define VACT_UNARY(name, np, pnames, saved, check, p0, p1, ...)                                  \
  {#name, #saved[0] == 'Y', p0, p1,                                                               \
   [](const float* x_, float* y_, size_t n_) { return vact_##name##_f32(x_, y_, n_ VBENCH_PARGS(np, p0, p1)); }, \
   [](const float* dy_, const float* s_, float* dx_, size_t n_) {                                \
     return vact_##name##_backward_f32(dy_, s_, dx_, n_ VBENCH_PARGS(np, p0, p1));                \
   }},

const UnaryOp kUnary[] = {
#include "vact_ops.def"
};

#undef VACT_UNARY
#undef VBENCH_PARGS
#undef VBENCH_PARGS_0
#undef VBENCH_PARGS_1
#undef VBENCH_PARGS_2

const UnaryOp* find_unary(const std::string& name) {
  for (const UnaryOp& u : kUnary)
    if (name == u.name) return &u;
  return nullptr;
}

float unary_p0(const char* name, float dflt) {
  const UnaryOp* u = find_unary(name);
  return u ? u->p0 : dflt;
}
float unary_p1(const char* name, float dflt) {
  const UnaryOp* u = find_unary(name);
  return u ? u->p1 : dflt;
}

// ops with their own signatures
const size_t kSoftmaxCols = 1024;
const size_t kPreluChannels = 64;
const float kRreluLower = 1.0f / 8.0f, kRreluUpper = 1.0f / 3.0f;
const uint64_t kRreluSeed = 0x5eedull;

// ---------------------------------------------------------------------------
// naive scalar loops: what a user writes by hand with libm (-O3, no -ffast-math)

namespace naive {

using Fwd = void (*)(const float*, float*, size_t, float, float);
using Bwd = void (*)(const float*, const float*, float*, size_t, float, float);

struct Entry {
  const char* op;
  Fwd fwd;
  Bwd bwd;
};

inline float sig(float v) { return 1.0f / (1.0f + std::exp(-v)); }
inline float gelu_b(float s) {
  const float cdf = 0.5f * (1.0f + std::erf(s * 0.70710678f));
  const float pdf = 0.39894228f * std::exp(-0.5f * s * s);
  return cdf + s * pdf;
}
inline float gelu_tanh_f(float v) {
  return 0.5f * v * (1.0f + std::tanh(0.7978845608f * (v + 0.044715f * v * v * v)));
}
inline float gelu_tanh_b(float s) {
  const float k = 0.7978845608f, c = 0.044715f;
  const float t = std::tanh(k * (s + c * s * s * s));
  return 0.5f * (1.0f + t) + 0.5f * s * (1.0f - t * t) * k * (1.0f + 3.0f * c * s * s);
}
inline float mish_b(float s) {
  const float t = std::tanh(std::log1p(std::exp(s)));
  return t + s * (1.0f - t * t) * sig(s);
}
inline float swish_b(float s, float beta) {
  const float g = sig(beta * s);
  return g * (1.0f + beta * s * (1.0f - g));
}

#define VBENCH_NAIVE(opname, fexpr, bexpr)                                        \
  {#opname,                                                                      \
   [](const float* x_, float* y_, size_t n_, float p0, float p1) {               \
     (void)p0;                                                                   \
     (void)p1;                                                                   \
     for (size_t i = 0; i < n_; ++i) {                                           \
       const float v = x_[i];                                                    \
       y_[i] = (fexpr);                                                          \
     }                                                                           \
   },                                                                            \
   [](const float* dy_, const float* s_, float* dx_, size_t n_, float p0, float p1) { \
     (void)p0;                                                                   \
     (void)p1;                                                                   \
     for (size_t i = 0; i < n_; ++i) {                                           \
       const float g = dy_[i];                                                   \
       const float s = s_[i];                                                    \
       dx_[i] = (bexpr);                                                         \
     }                                                                           \
   }}

const Entry kEntries[] = {
    VBENCH_NAIVE(relu, v > 0.0f ? v : 0.0f, s > 0.0f ? g : 0.0f),
    VBENCH_NAIVE(leaky_relu, v >= 0.0f ? v : p0 * v, s > 0.0f ? g : g * p0),
    VBENCH_NAIVE(hardtanh, std::fmin(std::fmax(v, p0), p1), (s > p0 && s < p1) ? g : 0.0f),
    VBENCH_NAIVE(sigmoid, 1.0f / (1.0f + std::exp(-v)), g * s * (1.0f - s)),
    VBENCH_NAIVE(tanh, std::tanh(v), g * (1.0f - s * s)),
    VBENCH_NAIVE(gelu, 0.5f * v * (1.0f + std::erf(v * 0.70710678f)), g * gelu_b(s)),
    VBENCH_NAIVE(gelu_tanh, gelu_tanh_f(v), g * gelu_tanh_b(s)),
    VBENCH_NAIVE(elu, v > 0.0f ? v : p0 * std::expm1(v), s > 0.0f ? g : g * p0 * std::exp(s)),
    VBENCH_NAIVE(selu, 1.0507009873554805f * (v > 0.0f ? v : 1.6732632423543772f * std::expm1(v)),
                 g * 1.0507009873554805f * (s > 0.0f ? 1.0f : 1.6732632423543772f * std::exp(s))),
    VBENCH_NAIVE(silu, v / (1.0f + std::exp(-v)), g * swish_b(s, 1.0f)),
    VBENCH_NAIVE(swish, v / (1.0f + std::exp(-p0 * v)), g * swish_b(s, p0)),
    VBENCH_NAIVE(mish, v * std::tanh(std::log1p(std::exp(v))), g * mish_b(s)),
    VBENCH_NAIVE(softplus, p0 * v > p1 ? v : std::log1p(std::exp(p0 * v)) / p0,
                 p0 * s > p1 ? g : g * sig(p0 * s)),
    VBENCH_NAIVE(hardsigmoid, std::fmin(std::fmax(v / 6.0f + 0.5f, 0.0f), 1.0f),
                 (s > -3.0f && s < 3.0f) ? g / 6.0f : 0.0f),
    VBENCH_NAIVE(hardswish, v * std::fmin(std::fmax(v / 6.0f + 0.5f, 0.0f), 1.0f),
                 s <= -3.0f ? 0.0f : (s >= 3.0f ? g : g * (s / 3.0f + 0.5f))),
    VBENCH_NAIVE(logsigmoid, -std::log1p(std::exp(-v)), g / (1.0f + std::exp(s))),
    VBENCH_NAIVE(softsign, v / (1.0f + std::fabs(v)), g / ((1.0f + std::fabs(s)) * (1.0f + std::fabs(s)))),
};
#undef VBENCH_NAIVE

const Entry* find(const std::string& op) {
  for (const Entry& e : kEntries)
    if (op == e.op) return &e;
  return nullptr;
}

void softmax_fwd(const float* x, float* y, size_t rows, size_t cols, bool log_form) {
  for (size_t r = 0; r < rows; ++r) {
    const float* a = x + r * cols;
    float* b = y + r * cols;
    float m = a[0];
    for (size_t j = 1; j < cols; ++j) m = std::fmax(m, a[j]);
    float sum = 0.0f;
    if (log_form) {
      for (size_t j = 0; j < cols; ++j) sum += std::exp(a[j] - m);
      const float lse = m + std::log(sum);
      for (size_t j = 0; j < cols; ++j) b[j] = a[j] - lse;
    } else {
      for (size_t j = 0; j < cols; ++j) {
        b[j] = std::exp(a[j] - m);
        sum += b[j];
      }
      const float inv = 1.0f / sum;
      for (size_t j = 0; j < cols; ++j) b[j] *= inv;
    }
  }
}

void softmax_bwd(const float* dy, const float* y, float* dx, size_t rows, size_t cols, bool log_form) {
  for (size_t r = 0; r < rows; ++r) {
    const float* g = dy + r * cols;
    const float* o = y + r * cols;
    float* d = dx + r * cols;
    float sum = 0.0f;
    if (log_form) {
      for (size_t j = 0; j < cols; ++j) sum += g[j];
      for (size_t j = 0; j < cols; ++j) d[j] = g[j] - std::exp(o[j]) * sum;
    } else {
      for (size_t j = 0; j < cols; ++j) sum += g[j] * o[j];
      for (size_t j = 0; j < cols; ++j) d[j] = o[j] * (g[j] - sum);
    }
  }
}

void swiglu_fwd(const float* a, const float* b, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = a[i] / (1.0f + std::exp(-a[i])) * b[i];
}
void geglu_fwd(const float* a, const float* b, float* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = 0.5f * a[i] * (1.0f + std::erf(a[i] * 0.70710678f)) * b[i];
}
void swiglu_bwd(const float* dy, const float* a, const float* b, float* da, float* db, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float s = sig(a[i]);
    da[i] = dy[i] * b[i] * s * (1.0f + a[i] * (1.0f - s));
    db[i] = dy[i] * a[i] * s;
  }
}
void geglu_bwd(const float* dy, const float* a, const float* b, float* da, float* db, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float cdf = 0.5f * (1.0f + std::erf(a[i] * 0.70710678f));
    const float pdf = 0.39894228f * std::exp(-0.5f * a[i] * a[i]);
    da[i] = dy[i] * b[i] * (cdf + a[i] * pdf);
    db[i] = dy[i] * a[i] * cdf;
  }
}

void prelu_fwd(const float* x, float* y, const float* alpha, size_t outer, size_t ch, size_t inner) {
  for (size_t o = 0; o < outer; ++o)
    for (size_t c = 0; c < ch; ++c) {
      const size_t base = (o * ch + c) * inner;
      const float a = alpha[c];
      for (size_t i = 0; i < inner; ++i) {
        const float v = x[base + i];
        y[base + i] = v > 0.0f ? v : a * v;
      }
    }
}
void prelu_bwd(const float* dy, const float* x, const float* alpha, float* dx, float* dalpha,
               size_t outer, size_t ch, size_t inner) {
  for (size_t c = 0; c < ch; ++c) dalpha[c] = 0.0f;
  for (size_t o = 0; o < outer; ++o)
    for (size_t c = 0; c < ch; ++c) {
      const size_t base = (o * ch + c) * inner;
      const float a = alpha[c];
      double acc = 0.0;
      for (size_t i = 0; i < inner; ++i) {
        const float v = x[base + i], g = dy[base + i];
        dx[base + i] = v > 0.0f ? g : a * g;
        if (v < 0.0f) acc += static_cast<double>(g) * v;
      }
      dalpha[c] += static_cast<float>(acc);
    }
}

}  // namespace naive

// ---------------------------------------------------------------------------
// plain SLEEF loops: each op written the plain way over the SLEEF u10 vector
// functions that vact's HIGH tier calls for it (sigmoid, silu, swish,
// gelu_tanh, mish: expf; tanh: tanhf; elu, selu: expm1f; softplus,
// logsigmoid: expf + log1pf; gelu: erfcf, its form that keeps x < -3
// accurate), one vector per step, no special-value handling.  The issue's
// bar for the HIGH tier is "no slower than this loop".

// The op bodies, over width-generic helpers each ISA namespace defines.
#define VB_SLEEF_OPS(X)                                                                    \
  X(sigmoid, div(one(), add(one(), exp_(neg(v)))))                                         \
  X(tanh, tanh_(v))                                                                        \
  X(gelu, mul(mul(set(0.5f), v), erfc_(mul(v, set(-0.70710678f)))))                       \
  X(gelu_tanh,                                                                             \
    div(v, add(one(), exp_(mul(set(-1.5957691f), fma(mul(set(0.044715f), v), mul(v, v), v))))))   \
  X(elu, blend_pos(v, v, expm1_(v)))                                                       \
  X(selu, blend_pos(v, mul(set(1.0507010f), v), mul(set(1.7580993f), expm1_(v))))          \
  X(silu, div(v, add(one(), exp_(neg(v)))))                                                \
  X(swish, div(v, add(one(), exp_(mul(set(-1.5f), v)))))                                   \
  X(mish, mish_(v, exp_(v)))                                                               \
  X(softplus, add(max_(v, zero()), log1p_(exp_(neg(abs_(v))))))                            \
  X(logsigmoid, sub(min_(v, zero()), log1p_(exp_(neg(abs_(v))))))

// mish = x*n/(n + 2), n = e(e + 2), e = e^x (one expf)
#define VB_SLEEF_HELPERS                                                                   \
  TGT inline V one() { return set(1.0f); }                                                 \
  TGT inline V zero() { return set(0.0f); }                                                \
  TGT inline V neg(V a) { return sub(zero(), a); }                                         \
  TGT inline V abs_(V a) { return max_(a, neg(a)); }                                       \
  TGT inline V mish_(V x, V e) {                                                           \
    const V n = mul(e, add(e, set(2.0f)));                                                 \
    return div(mul(x, n), add(n, set(2.0f)));                                              \
  }

#define VB_SLEEF_LOOP(name, expr)                                                          \
  TGT inline V op_##name(V v) { return expr; }                                             \
  TGT void loop_##name(const float* x, float* y, size_t n) {                               \
    size_t i = 0;                                                                          \
    for (; i + W <= n; i += W) st(y + i, op_##name(ld(x + i)));                            \
    if (i < n) {                                                                           \
      float tx[W] = {}, ty[W];                                                             \
      std::memcpy(tx, x + i, (n - i) * sizeof(float));                                     \
      st(ty, op_##name(ld(tx)));                                                           \
      std::memcpy(y + i, ty, (n - i) * sizeof(float));                                     \
    }                                                                                      \
  }
#define VB_SLEEF_ENTRY(name, expr) {#name, loop_##name},

using SleefLoop = void (*)(const float*, float*, size_t);
struct SleefEntry {
  const char* op;
  SleefLoop fn;
};

#if defined(VACT_BENCH_SLEEF_X86)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
extern "C" {
__attribute__((target("avx512f"))) __m512 Sleef_expf16_u10avx512f(__m512);
__attribute__((target("avx512f"))) __m512 Sleef_expm1f16_u10avx512f(__m512);
__attribute__((target("avx512f"))) __m512 Sleef_log1pf16_u10avx512f(__m512);
__attribute__((target("avx512f"))) __m512 Sleef_tanhf16_u10avx512f(__m512);
__attribute__((target("avx512f"))) __m512 Sleef_erfcf16_u15avx512f(__m512);
__attribute__((target("avx2,fma"))) __m256 Sleef_expf8_u10avx2(__m256);
__attribute__((target("avx2,fma"))) __m256 Sleef_expm1f8_u10avx2(__m256);
__attribute__((target("avx2,fma"))) __m256 Sleef_log1pf8_u10avx2(__m256);
__attribute__((target("avx2,fma"))) __m256 Sleef_tanhf8_u10avx2(__m256);
__attribute__((target("avx2,fma"))) __m256 Sleef_erfcf8_u15avx2(__m256);
}

namespace sleef512 {
#define TGT __attribute__((target("avx512f")))
using V = __m512;
constexpr size_t W = 16;
TGT inline V ld(const float* p) { return _mm512_loadu_ps(p); }
TGT inline void st(float* p, V a) { _mm512_storeu_ps(p, a); }
TGT inline V set(float a) { return _mm512_set1_ps(a); }
TGT inline V add(V a, V b) { return _mm512_add_ps(a, b); }
TGT inline V sub(V a, V b) { return _mm512_sub_ps(a, b); }
TGT inline V mul(V a, V b) { return _mm512_mul_ps(a, b); }
TGT inline V div(V a, V b) { return _mm512_div_ps(a, b); }
TGT inline V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
TGT inline V max_(V a, V b) { return _mm512_maskz_max_ps(0xFFFF, a, b); }  // maskz: no -Wmaybe-uninitialized (GCC 12)
TGT inline V min_(V a, V b) { return _mm512_maskz_min_ps(0xFFFF, a, b); }
TGT inline V blend_pos(V x, V a, V b) {
  return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ), b, a);
}
TGT inline V exp_(V a) { return Sleef_expf16_u10avx512f(a); }
TGT inline V expm1_(V a) { return Sleef_expm1f16_u10avx512f(a); }
TGT inline V log1p_(V a) { return Sleef_log1pf16_u10avx512f(a); }
TGT inline V tanh_(V a) { return Sleef_tanhf16_u10avx512f(a); }
TGT inline V erfc_(V a) { return Sleef_erfcf16_u15avx512f(a); }
VB_SLEEF_HELPERS
VB_SLEEF_OPS(VB_SLEEF_LOOP)
const SleefEntry table[] = {VB_SLEEF_OPS(VB_SLEEF_ENTRY)};
#undef TGT
}  // namespace sleef512

namespace sleef256 {
#define TGT __attribute__((target("avx2,fma")))
using V = __m256;
constexpr size_t W = 8;
TGT inline V ld(const float* p) { return _mm256_loadu_ps(p); }
TGT inline void st(float* p, V a) { _mm256_storeu_ps(p, a); }
TGT inline V set(float a) { return _mm256_set1_ps(a); }
TGT inline V add(V a, V b) { return _mm256_add_ps(a, b); }
TGT inline V sub(V a, V b) { return _mm256_sub_ps(a, b); }
TGT inline V mul(V a, V b) { return _mm256_mul_ps(a, b); }
TGT inline V div(V a, V b) { return _mm256_div_ps(a, b); }
TGT inline V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
TGT inline V max_(V a, V b) { return _mm256_max_ps(a, b); }
TGT inline V min_(V a, V b) { return _mm256_min_ps(a, b); }
TGT inline V blend_pos(V x, V a, V b) {
  return _mm256_blendv_ps(b, a, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ));
}
TGT inline V exp_(V a) { return Sleef_expf8_u10avx2(a); }
TGT inline V expm1_(V a) { return Sleef_expm1f8_u10avx2(a); }
TGT inline V log1p_(V a) { return Sleef_log1pf8_u10avx2(a); }
TGT inline V tanh_(V a) { return Sleef_tanhf8_u10avx2(a); }
TGT inline V erfc_(V a) { return Sleef_erfcf8_u15avx2(a); }
VB_SLEEF_HELPERS
VB_SLEEF_OPS(VB_SLEEF_LOOP)
const SleefEntry table[] = {VB_SLEEF_OPS(VB_SLEEF_ENTRY)};
#undef TGT
}  // namespace sleef256
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif  // VACT_BENCH_SLEEF_X86

#if defined(VACT_BENCH_SLEEF_NEON)
extern "C" {
float32x4_t Sleef_expf4_u10advsimd(float32x4_t);
float32x4_t Sleef_expm1f4_u10advsimd(float32x4_t);
float32x4_t Sleef_log1pf4_u10advsimd(float32x4_t);
float32x4_t Sleef_tanhf4_u10advsimd(float32x4_t);
float32x4_t Sleef_erfcf4_u15advsimd(float32x4_t);
}
namespace sleef128 {
#define TGT
using V = float32x4_t;
constexpr size_t W = 4;
inline V ld(const float* p) { return vld1q_f32(p); }
inline void st(float* p, V a) { vst1q_f32(p, a); }
inline V set(float a) { return vdupq_n_f32(a); }
inline V add(V a, V b) { return vaddq_f32(a, b); }
inline V sub(V a, V b) { return vsubq_f32(a, b); }
inline V mul(V a, V b) { return vmulq_f32(a, b); }
inline V div(V a, V b) { return vdivq_f32(a, b); }
inline V fma(V a, V b, V c) { return vfmaq_f32(c, a, b); }
inline V max_(V a, V b) { return vmaxq_f32(a, b); }
inline V min_(V a, V b) { return vminq_f32(a, b); }
inline V blend_pos(V x, V a, V b) { return vbslq_f32(vcgtq_f32(x, vdupq_n_f32(0.0f)), a, b); }
inline V exp_(V a) { return Sleef_expf4_u10advsimd(a); }
inline V expm1_(V a) { return Sleef_expm1f4_u10advsimd(a); }
inline V log1p_(V a) { return Sleef_log1pf4_u10advsimd(a); }
inline V tanh_(V a) { return Sleef_tanhf4_u10advsimd(a); }
inline V erfc_(V a) { return Sleef_erfcf4_u15advsimd(a); }
VB_SLEEF_HELPERS
VB_SLEEF_OPS(VB_SLEEF_LOOP)
const SleefEntry table[] = {VB_SLEEF_OPS(VB_SLEEF_ENTRY)};
#undef TGT
}  // namespace sleef128
#endif  // VACT_BENCH_SLEEF_NEON

// The SLEEF loops for the best path's vector width (empty without SLEEF).
std::vector<SleefEntry> pick_sleef() {
  std::vector<SleefEntry> s;
#if defined(VACT_BENCH_SLEEF_X86)
  __builtin_cpu_init();
  if ((g_best == VACT_ISA_AVX512) && __builtin_cpu_supports("avx512f")) {
    s.assign(std::begin(sleef512::table), std::end(sleef512::table));
    g_sleef_isa = "avx512f";
  } else if ((g_best == VACT_ISA_AVX512 || g_best == VACT_ISA_AVX2) && __builtin_cpu_supports("avx2") &&
             __builtin_cpu_supports("fma")) {
    s.assign(std::begin(sleef256::table), std::end(sleef256::table));
    g_sleef_isa = "avx2";
  }
#elif defined(VACT_BENCH_SLEEF_NEON)
  if (g_best == VACT_ISA_NEON) {
    s.assign(std::begin(sleef128::table), std::end(sleef128::table));
    g_sleef_isa = "advsimd";
  }
#endif
  return s;
}

// ---------------------------------------------------------------------------
// the 3-stream floor: dst = a + b at the best vector width this CPU runs
// (glibc's memcpy plays that part for 2 streams)

#if defined(__x86_64__) || defined(__i386__)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
#endif
__attribute__((target("avx512f"))) void add3_512(const float* a, const float* b, float* d, size_t n) {
  size_t i = 0;
  for (; i + 64 <= n; i += 64)
    for (size_t k = 0; k < 64; k += 16)
      _mm512_storeu_ps(d + i + k, _mm512_add_ps(_mm512_loadu_ps(a + i + k), _mm512_loadu_ps(b + i + k)));
  for (; i < n; i++) d[i] = a[i] + b[i];
}
__attribute__((target("avx2"))) void add3_256(const float* a, const float* b, float* d, size_t n) {
  size_t i = 0;
  for (; i + 32 <= n; i += 32)
    for (size_t k = 0; k < 32; k += 8)
      _mm256_storeu_ps(d + i + k, _mm256_add_ps(_mm256_loadu_ps(a + i + k), _mm256_loadu_ps(b + i + k)));
  for (; i < n; i++) d[i] = a[i] + b[i];
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif
void add3_plain(const float* a, const float* b, float* d, size_t n) {
  for (size_t i = 0; i < n; i++) d[i] = a[i] + b[i];
}
using Add3Fn = void (*)(const float*, const float*, float*, size_t);
Add3Fn pick_add3() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return add3_512;
  if (__builtin_cpu_supports("avx2")) return add3_256;
#endif
  return add3_plain;  // -O3 vectorizes it with the baseline ISA (NEON on aarch64)
}

// ---------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------
// oneDNN baselines

#if defined(VACT_BENCH_HAVE_DNNL)
namespace onednn {

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

void run_prim(benchmark::State& st, size_t n, double bytes, const dnnl::primitive& prim, const Args& args) {
  dnnl::stream strm(*g_engine);
  prim.execute(strm, args);  // first call outside the timing
  strm.wait();
  timed(st, n, bytes, [&] {
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

void bench_eltwise(benchmark::State& st, const Elt& e, bool fwd, size_t n) {
  omp_single_thread();
  Slot& s = slot_for(st);
  try {
    const memory::desc md({static_cast<memory::dim>(n)}, dt::f32, tag::a);
    const dnnl::engine& eng = *g_engine;
    if (fwd) {
      auto pd = elt_fwd_pd(prop_kind::forward_inference, e.fwd_alg, md, e.alpha, e.beta);
      dnnl::eltwise_forward prim(pd);
      Args args{{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])}, {DNNL_ARG_DST, memory(md, eng, s.p[B_Y])}};
      run_prim(st, n, 8.0 * static_cast<double>(n), prim, args);
    } else {
      auto hint = elt_fwd_pd(prop_kind::forward_training, e.bwd_alg, md, e.alpha, e.beta);
      auto pd = elt_bwd_pd(e.bwd_alg, md, e.alpha, e.beta, hint);
      dnnl::eltwise_backward prim(pd);
      Args args{{DNNL_ARG_DIFF_DST, memory(md, eng, s.p[B_DY])}, {DNNL_ARG_DIFF_SRC, memory(md, eng, s.p[B_Y])}};
      if (e.bwd_uses_dst) {
        // the saved tensor is the forward output: make it with oneDNN
        dnnl::eltwise_forward fprim(hint);
        dnnl::stream strm(eng);
        fprim.execute(strm, {{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])}, {DNNL_ARG_DST, memory(md, eng, s.p[B_S])}});
        strm.wait();
        args.insert({DNNL_ARG_DST, memory(md, eng, s.p[B_S])});
      } else {
        args.insert({DNNL_ARG_SRC, memory(md, eng, s.p[B_X])});
      }
      run_prim(st, n, 12.0 * static_cast<double>(n), prim, args);
    }
  } catch (const std::exception& ex) {
    st.SkipWithError(ex.what());
  }
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

void bench_softmax(benchmark::State& st, bool log_form, bool fwd, size_t n) {
  omp_single_thread();
  Slot& s = slot_for(st);
  try {
    const dnnl::engine& eng = *g_engine;
    const memory::desc md({static_cast<memory::dim>(n / kSoftmaxCols), static_cast<memory::dim>(kSoftmaxCols)},
                          dt::f32, tag::ab);
    const algorithm alg = log_form ? algorithm::softmax_log : algorithm::softmax_accurate;
    if (fwd) {
      SmFwd prim(sm_fwd_pd(prop_kind::forward_inference, alg, md));
      Args args{{DNNL_ARG_SRC, memory(md, eng, s.p[B_X])}, {DNNL_ARG_DST, memory(md, eng, s.p[B_Y])}};
      run_prim(st, n, 8.0 * static_cast<double>(n), prim, args);
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
      run_prim(st, n, 12.0 * static_cast<double>(n), prim, args);
    }
  } catch (const std::exception& ex) {
    st.SkipWithError(ex.what());
  }
}
#endif

void bench_prelu(benchmark::State& st, bool fwd, size_t n) {
  omp_single_thread();
  Slot& s = slot_for(st);
  try {
    const dnnl::engine& eng = *g_engine;
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
      run_prim(st, n, 8.0 * static_cast<double>(n) + 4.0 * kPreluChannels, prim, args);
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
      run_prim(st, n, 12.0 * static_cast<double>(n) + 8.0 * kPreluChannels, prim, args);
    }
  } catch (const std::exception& ex) {
    st.SkipWithError(ex.what());
  }
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

}  // namespace onednn
#endif  // VACT_BENCH_HAVE_DNNL

// ---------------------------------------------------------------------------
// registration

struct PathTier {
  vact_isa isa;
  vact_accuracy acc;
  std::string label;
};

std::vector<PathTier> paths_to_run() {
  std::vector<PathTier> v;
  for (vact_isa isa : kAllIsas) {
    if (!vact_isa_available(isa)) continue;
    const bool best = isa == g_best;
    if (!g_cfg.full && !best && isa != VACT_ISA_SCALAR) continue;
    const std::string name = vact_isa_name(isa);
    v.push_back({isa, VACT_ACCURACY_HIGH, name});
    if (g_cfg.full || best) v.push_back({isa, VACT_ACCURACY_FAST, name + "-fast"});
  }
  for (const PathTier& p : v) g_path_order.push_back(p.label);
  return v;
}

Meta meta(const std::string& group, const std::string& op, const std::string& dir, const std::string& path,
          size_t n) {
  Meta m;
  m.group = group;
  m.op = op;
  m.dir = dir;
  m.path = path;
  m.n = n;
  return m;
}

void register_vact(const std::vector<PathTier>& paths) {
  for (const UnaryOp& u : kUnary) note_op(u.name);
  for (const char* op : {"softmax", "log_softmax", "swiglu", "geglu", "prelu", "rrelu"}) note_op(op);

  for (const SizeLevel& sz : g_sizes) {
    const size_t n = sz.n;
    const double dn = static_cast<double>(n);
    for (const PathTier& pt : paths) {
      const vact_isa isa = pt.isa;
      const vact_accuracy acc = pt.acc;
      // registry ops
      for (const UnaryOp& u : kUnary) {
        const UnaryOp* up = &u;
        add_bench(meta("vact", u.name, "fwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          timed_vact(st, n, 8.0 * dn, [&] { return up->fwd(s.p[B_X], s.p[B_Y], n); });
        });
        add_bench(meta("vact", u.name, "bwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          const float* saved = s.p[B_X];
          if (up->saved_is_y) {
            up->fwd(s.p[B_X], s.p[B_S], n);
            saved = s.p[B_S];
          }
          timed_vact(st, n, 12.0 * dn, [&] { return up->bwd(s.p[B_DY], saved, s.p[B_Y], n); });
        });
      }
      // softmax / log_softmax over rows of kSoftmaxCols
      for (int lg = 0; lg < 2; ++lg) {
        const char* op = lg ? "log_softmax" : "softmax";
        const size_t rows = n / kSoftmaxCols, cols = kSoftmaxCols;
        add_bench(meta("vact", op, "fwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          timed_vact(st, n, 8.0 * dn, [&] {
            return lg ? vact_log_softmax_f32(s.p[B_X], s.p[B_Y], rows, cols)
                      : vact_softmax_f32(s.p[B_X], s.p[B_Y], rows, cols);
          });
        });
        add_bench(meta("vact", op, "bwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          if (lg) vact_log_softmax_f32(s.p[B_X], s.p[B_S], rows, cols);
          else vact_softmax_f32(s.p[B_X], s.p[B_S], rows, cols);
          timed_vact(st, n, 12.0 * dn, [&] {
            return lg ? vact_log_softmax_backward_f32(s.p[B_DY], s.p[B_S], s.p[B_Y], rows, cols)
                      : vact_softmax_backward_f32(s.p[B_DY], s.p[B_S], s.p[B_Y], rows, cols);
          });
        });
      }
      // gated units: a, b -> y; backward dy, a, b -> da, db
      for (int ge = 0; ge < 2; ++ge) {
        const char* op = ge ? "geglu" : "swiglu";
        add_bench(meta("vact", op, "fwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          timed_vact(st, n, 12.0 * dn, [&] {
            return ge ? vact_geglu_f32(s.p[B_X], s.p[B_B], s.p[B_Y], n)
                      : vact_swiglu_f32(s.p[B_X], s.p[B_B], s.p[B_Y], n);
          });
        });
        add_bench(meta("vact", op, "bwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          timed_vact(st, n, 20.0 * dn, [&] {
            return ge ? vact_geglu_backward_f32(s.p[B_DY], s.p[B_X], s.p[B_B], s.p[B_Y], s.p[B_DB], n)
                      : vact_swiglu_backward_f32(s.p[B_DY], s.p[B_X], s.p[B_B], s.p[B_Y], s.p[B_DB], n);
          });
        });
      }
      // prelu, NCHW with 64 channels: (1, 64, n/64)
      {
        const size_t ch = kPreluChannels, inner = n / kPreluChannels;
        add_bench(meta("vact", "prelu", "fwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          timed_vact(st, n, 8.0 * dn + 4.0 * ch,
                     [&] { return vact_prelu_f32(s.p[B_X], s.p[B_Y], s.alpha, 1, ch, inner); });
        });
        add_bench(meta("vact", "prelu", "bwd", pt.label, n), [=](benchmark::State& st) {
          if (!enter_path(st, isa, acc)) return;
          Slot& s = slot_for(st);
          timed_vact(st, n, 12.0 * dn + 8.0 * ch, [&] {
            return vact_prelu_backward_f32(s.p[B_DY], s.p[B_X], s.alpha, s.p[B_Y], s.dalpha, 1, ch, inner);
          });
        });
      }
      // rrelu (training), PyTorch's default slope range
      add_bench(meta("vact", "rrelu", "fwd", pt.label, n), [=](benchmark::State& st) {
        if (!enter_path(st, isa, acc)) return;
        Slot& s = slot_for(st);
        timed_vact(st, n, 8.0 * dn, [&] {
          return vact_rrelu_f32(s.p[B_X], s.p[B_Y], n, kRreluLower, kRreluUpper, kRreluSeed, 0);
        });
      });
      add_bench(meta("vact", "rrelu", "bwd", pt.label, n), [=](benchmark::State& st) {
        if (!enter_path(st, isa, acc)) return;
        Slot& s = slot_for(st);
        timed_vact(st, n, 12.0 * dn, [&] {
          return vact_rrelu_backward_f32(s.p[B_DY], s.p[B_X], s.p[B_Y], n, kRreluLower, kRreluUpper, kRreluSeed, 0);
        });
      });
    }
  }
}

void register_baselines() {
  const std::vector<SleefEntry> sleef_loops = pick_sleef();
  const Add3Fn add3 = pick_add3();
#if defined(VACT_BENCH_HAVE_DNNL)
  const std::vector<onednn::Elt> elts = onednn::eltwise_ops();
#endif
  for (const SizeLevel& sz : g_sizes) {
    const size_t n = sz.n;
    const double dn = static_cast<double>(n);

    add_bench(meta("memcpy", "memcpy", "fwd", "", n), [=](benchmark::State& st) {
      Slot& s = slot_for(st);
      timed(st, n, 8.0 * dn, [&] { std::memcpy(s.p[B_Y], s.p[B_X], n * sizeof(float)); });
    });
    add_bench(meta("memcpy", "memcpy", "bwd", "", n), [=](benchmark::State& st) {
      Slot& s = slot_for(st);
      timed(st, n, 12.0 * dn, [&] { add3(s.p[B_DY], s.p[B_X], s.p[B_Y], n); });
    });

    // naive loops (the saved tensor for sigmoid/tanh/softmax is made with the
    // naive forward itself)
    for (const UnaryOp& u : kUnary) {
      const naive::Entry* e = naive::find(u.name);
      if (!e) continue;
      const float p0 = u.p0, p1 = u.p1;
      const bool sy = u.saved_is_y;
      add_bench(meta("naive", u.name, "fwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 8.0 * dn, [&] { e->fwd(s.p[B_X], s.p[B_Y], n, p0, p1); });
      });
      add_bench(meta("naive", u.name, "bwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        const float* saved = s.p[B_X];
        if (sy) {
          e->fwd(s.p[B_X], s.p[B_S], n, p0, p1);
          saved = s.p[B_S];
        }
        timed(st, n, 12.0 * dn, [&] { e->bwd(s.p[B_DY], saved, s.p[B_Y], n, p0, p1); });
      });
    }
    for (int lg = 0; lg < 2; ++lg) {
      const char* op = lg ? "log_softmax" : "softmax";
      const size_t rows = n / kSoftmaxCols, cols = kSoftmaxCols;
      add_bench(meta("naive", op, "fwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 8.0 * dn, [&] { naive::softmax_fwd(s.p[B_X], s.p[B_Y], rows, cols, lg != 0); });
      });
      add_bench(meta("naive", op, "bwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        naive::softmax_fwd(s.p[B_X], s.p[B_S], rows, cols, lg != 0);
        timed(st, n, 12.0 * dn, [&] { naive::softmax_bwd(s.p[B_DY], s.p[B_S], s.p[B_Y], rows, cols, lg != 0); });
      });
    }
    for (int ge = 0; ge < 2; ++ge) {
      const char* op = ge ? "geglu" : "swiglu";
      add_bench(meta("naive", op, "fwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 12.0 * dn, [&] {
          if (ge) naive::geglu_fwd(s.p[B_X], s.p[B_B], s.p[B_Y], n);
          else naive::swiglu_fwd(s.p[B_X], s.p[B_B], s.p[B_Y], n);
        });
      });
      add_bench(meta("naive", op, "bwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 20.0 * dn, [&] {
          if (ge) naive::geglu_bwd(s.p[B_DY], s.p[B_X], s.p[B_B], s.p[B_Y], s.p[B_DB], n);
          else naive::swiglu_bwd(s.p[B_DY], s.p[B_X], s.p[B_B], s.p[B_Y], s.p[B_DB], n);
        });
      });
    }
    {
      const size_t ch = kPreluChannels, inner = n / kPreluChannels;
      add_bench(meta("naive", "prelu", "fwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 8.0 * dn + 4.0 * ch, [&] { naive::prelu_fwd(s.p[B_X], s.p[B_Y], s.alpha, 1, ch, inner); });
      });
      add_bench(meta("naive", "prelu", "bwd", "", n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 12.0 * dn + 8.0 * ch, [&] {
          naive::prelu_bwd(s.p[B_DY], s.p[B_X], s.alpha, s.p[B_Y], s.dalpha, 1, ch, inner);
        });
      });
    }

    // plain SLEEF loops
    for (const SleefEntry& so : sleef_loops) {
      if (!find_unary(so.op)) continue;
      const SleefLoop fn = so.fn;
      add_bench(meta("sleef", so.op, "fwd", g_sleef_isa, n), [=](benchmark::State& st) {
        Slot& s = slot_for(st);
        timed(st, n, 8.0 * dn, [&] { fn(s.p[B_X], s.p[B_Y], n); });
      });
    }

#if defined(VACT_BENCH_HAVE_DNNL)
    if (!onednn::g_engine) continue;  // no CPU engine: no oneDNN rows
    for (const onednn::Elt& e : elts) {
      for (int fwd = 1; fwd >= 0; --fwd) {
        add_bench(meta("onednn", e.op, fwd ? "fwd" : "bwd", "", n),
                  [=](benchmark::State& st) { onednn::bench_eltwise(st, e, fwd != 0, n); });
      }
    }
#if defined(VBENCH_DNNL_HAVE_SOFTMAX)
    for (int lg = 0; lg < 2; ++lg)
      for (int fwd = 1; fwd >= 0; --fwd)
        add_bench(meta("onednn", lg ? "log_softmax" : "softmax", fwd ? "fwd" : "bwd", "", n),
                  [=](benchmark::State& st) { onednn::bench_softmax(st, lg != 0, fwd != 0, n); });
#endif
    for (int fwd = 1; fwd >= 0; --fwd)
      add_bench(meta("onednn", "prelu", fwd ? "fwd" : "bwd", "", n),
                [=](benchmark::State& st) { onednn::bench_prelu(st, fwd != 0, n); });
#endif
  }
}

// ---------------------------------------------------------------------------
// collecting results and the summary table

template <class R>
auto run_failed(const R& r, int) -> decltype(static_cast<bool>(r.error_occurred)) {
  return r.error_occurred;  // Google Benchmark <= 1.7
}
template <class R>
auto run_failed(const R& r, long) -> decltype(static_cast<bool>(r.skipped)) {
  return static_cast<bool>(r.skipped);  // 1.8+
}

struct Result {
  double items_per_s = 0, bytes_per_s = 0;
  int count = 0;
  bool median = false;
};

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  explicit SummaryReporter(OutputOptions o) : benchmark::ConsoleReporter(o) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) record(r);
    benchmark::ConsoleReporter::ReportRuns(runs);
  }

  std::map<std::string, Result> results;

 private:
  static double counter(const Run& r, const char* name) {
    auto it = r.counters.find(name);
    return it == r.counters.end() ? 0.0 : static_cast<double>(it->second.value);
  }
  void record(const Run& r) {
    if (run_failed(r, 0)) return;
    const std::string key = r.run_name.function_name;
    if (!g_meta.count(key)) return;
    Result& res = results[key];
    const double ips = counter(r, "items_per_second"), bps = counter(r, "bytes_per_second");
    if (ips <= 0) return;
    if (r.run_type == Run::RT_Aggregate) {
      if (r.aggregate_name != "median") return;
      res.items_per_s = ips;
      res.bytes_per_s = bps;
      res.count = 1;
      res.median = true;
    } else if (!res.median) {
      res.items_per_s = (res.items_per_s * res.count + ips) / (res.count + 1);
      res.bytes_per_s = (res.bytes_per_s * res.count + bps) / (res.count + 1);
      ++res.count;
    }
  }
};

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string fmt_ns(double ns) {
  if (ns <= 0) return "";
  if (ns < 0.1) return fmt("%.4f", ns);
  if (ns < 1) return fmt("%.3f", ns);
  if (ns < 10) return fmt("%.2f", ns);
  return fmt("%.1f", ns);
}

std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line, model, hw, part;
  while (std::getline(f, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), val = line.substr(colon + 1);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    while (!val.empty() && val.front() == ' ') val.erase(val.begin());
    if (key == "model name" && model.empty()) model = val;
    if (key == "Hardware" && hw.empty()) hw = val;
    if (key == "CPU part" && part.empty()) part = val;
  }
  if (!model.empty()) return model;
  if (!hw.empty()) return hw;
  if (!part.empty()) return "CPU part " + part;
  return "unknown CPU";
}

std::string kib(size_t bytes) {
  if (bytes >= (size_t(1) << 20) && bytes % (size_t(1) << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes >> 10) + " KiB";
}

std::string header_text() {
  std::ostringstream o;
  std::string avail;
  for (vact_isa isa : kAllIsas)
    if (vact_isa_available(isa)) avail += std::string(avail.empty() ? "" : ", ") + vact_isa_name(isa);
  const long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  o << "# vact benchmark\n\n";
  o << "- CPU: " << cpu_model() << " (" << ncpu << " logical CPUs online)\n";
  o << "- vact " << vact_version() << ": active path " << vact_isa_name(g_best) << " (available: " << avail
    << "); tiers: HIGH, FAST (`-fast` columns)\n";
  o << "- libraries: Google Benchmark " << VACT_BENCH_GBENCH_VERSION;
#if defined(VACT_BENCH_HAVE_DNNL)
  o << ", oneDNN " << onednn::version_string() << ", one thread per call";
  if (g_omp_get) o << " (omp_get_max_threads() = " << g_omp_get() << ")";
#else
  o << ", oneDNN: not found at build time, its rows are absent";
#endif
#if defined(VACT_BENCH_HAVE_SLEEF) && defined(SLEEF_VERSION_MAJOR)
  o << ", SLEEF " << SLEEF_VERSION_MAJOR << "." << SLEEF_VERSION_MINOR << "." << SLEEF_VERSION_PATCHLEVEL;
#endif
  if (!g_sleef_isa.empty()) o << " (plain SLEEF loop on " << g_sleef_isa << ")";
  else o << " (no plain SLEEF loop on this build/path)";
  o << "\n";
  o << "- profile: " << (g_cfg.full ? "full" : "quick") << ", min_time " << g_cfg.min_time
    << " s per benchmark, threads: " << g_cfg.threads
    << (g_cfg.threads > 1 ? " (independent copies; figures are aggregate throughput)" : "") << "\n";
  o << "- sizes (floats per array; cache sizes from " << g_cache_source << "):";
  for (const SizeLevel& s : g_all_sizes) {
    const bool used = std::find_if(g_sizes.begin(), g_sizes.end(), [&](const SizeLevel& t) { return t.n == s.n; }) !=
                      g_sizes.end();
    o << "\n  - n=" << s.n << " -> " << s.level << " (fwd working set " << kib(s.n * 8);
    if (s.cache_bytes) o << " of " << kib(s.cache_bytes) << " " << s.level;
    o << ")" << (used ? "" : " [not in this profile]");
  }
  o << "\n- note: CPU frequency scaling and turbo make absolute ns approximate; read figures as ratios "
       "measured side by side in this run.\n";
  if (!g_cfg.cmdline.empty()) o << "- command: `" << g_cfg.cmdline << "`\n";
  return o.str();
}

std::string summary_table(const std::map<std::string, Result>& res) {
  // index results: (group, op, dir, path, n) -> ns per element, GB/s
  struct Cell {
    double ns = 0, gbs = 0;
  };
  std::map<std::string, Cell> cells;
  auto key = [](const std::string& g, const std::string& op, const std::string& dir, const std::string& path,
                size_t n) { return g + "|" + op + "|" + dir + "|" + path + "|" + std::to_string(n); };
  bool have_naive = false, have_sleef = false, have_dnnl = false;
  std::vector<std::string> paths_seen;
  for (const auto& kv : res) {
    const Meta& m = g_meta.at(kv.first);
    Cell c;
    c.ns = 1e9 / kv.second.items_per_s;
    c.gbs = kv.second.bytes_per_s / 1e9;
    cells[key(m.group, m.op, m.dir, m.group == "vact" ? m.path : "", m.n)] = c;
    if (m.group == "naive") have_naive = true;
    if (m.group == "sleef") have_sleef = true;
    if (m.group == "onednn") have_dnnl = true;
    if (m.group == "vact" && std::find(paths_seen.begin(), paths_seen.end(), m.path) == paths_seen.end())
      paths_seen.push_back(m.path);
  }
  std::vector<std::string> cols;
  for (const std::string& p : g_path_order)
    if (std::find(paths_seen.begin(), paths_seen.end(), p) != paths_seen.end()) cols.push_back(p);
  const std::string best = vact_isa_name(g_best);

  std::ostringstream o;
  o << "## Summary: ns per element (lower is better)\n\n";
  o << "| op | dir | n | level |";
  for (const std::string& c : cols) o << " " << c << " |";
  if (have_naive) o << " naive |";
  if (have_sleef) o << " sleef |";
  if (have_dnnl) o << " oneDNN |";
  o << " GB/s " << best << " | x floor |";
  if (have_naive) o << " speed-up vs naive |";
  if (have_dnnl) o << " vact/oneDNN |";
  o << "\n|---|---|--:|---|";
  for (size_t i = 0; i < cols.size(); ++i) o << "--:|";
  if (have_naive) o << "--:|";
  if (have_sleef) o << "--:|";
  if (have_dnnl) o << "--:|";
  o << "--:|--:|";
  if (have_naive) o << "--:|";
  if (have_dnnl) o << "--:|";
  o << "\n";

  auto get = [&](const std::string& k) -> const Cell* {
    auto it = cells.find(k);
    return it == cells.end() ? nullptr : &it->second;
  };
  int rows = 0;
  for (const std::string& op : g_op_order)
    for (const char* dir : {"fwd", "bwd"})
      for (const SizeLevel& sz : g_sizes) {
        bool any = false;
        for (const std::string& c : cols) any = any || get(key("vact", op, dir, c, sz.n));
        if (!any) continue;
        ++rows;
        o << "| " << op << " | " << dir << " | " << sz.n << " | " << sz.level << " |";
        for (const std::string& c : cols) {
          const Cell* x = get(key("vact", op, dir, c, sz.n));
          o << " " << (x ? fmt_ns(x->ns) : "") << " |";
        }
        const Cell* nv = get(key("naive", op, dir, "", sz.n));
        const Cell* sl = get(key("sleef", op, dir, "", sz.n));
        const Cell* dn = get(key("onednn", op, dir, "", sz.n));
        // the floor: memcpy for 2 streams, dst = a + b for 3 or more
        const Cell* bp0 = get(key("vact", op, dir, best, sz.n));
        const bool three = bp0 && bp0->gbs * bp0->ns > 11.5;
        const Cell* mc = get(key("memcpy", "memcpy", three ? "bwd" : "fwd", "", sz.n));
        const Cell* bp = bp0;
        if (have_naive) o << " " << (nv ? fmt_ns(nv->ns) : "") << " |";
        if (have_sleef) o << " " << (sl ? fmt_ns(sl->ns) : "") << " |";
        if (have_dnnl) o << " " << (dn ? fmt_ns(dn->ns) : "") << " |";
        o << " " << (bp ? fmt("%.1f", bp->gbs) : "") << " |";
        // time of vact relative to the floor moving the same bytes
        o << " " << (bp && mc && bp->gbs > 0 ? fmt("%.2f", mc->gbs / bp->gbs) : "") << " |";
        if (have_naive) o << " " << (bp && nv ? fmt("%.1f", nv->ns / bp->ns) : "") << " |";
        if (have_dnnl) o << " " << (bp && dn ? fmt("%.2f", bp->ns / dn->ns) : "") << " |";
        o << "\n";
      }
  if (!rows) o << "(no vact results)\n";
  o << "\nColumns: ns per element = 1 / (elements per second"
    << (g_cfg.threads > 1 ? ", summed over threads" : "") << ") for each vact path (`-fast`: FAST tier), the naive libm loop";
  if (have_sleef)
    o << ", a plain loop over the SLEEF functions vact's HIGH tier calls for the op (" << g_sleef_isa
      << "; gelu in its erfc form)";
  if (have_dnnl) o << ", oneDNN";
  o << ". GB/s: bytes read + written per second on the " << best
    << " path (HIGH tier). x floor: that path's time / the time the floor takes to move the same bytes "
       "(1.00 = as fast as the floor): memcpy where the op reads one array and writes one, else "
       "dst = a + b over " << best << "-width vectors (3 streams, `memcpy/bwd` rows). speed-up vs naive: naive time / " << best << " time.";
  if (have_dnnl) o << " vact/oneDNN: " << best << " time / oneDNN time (below 1: vact is faster).";
  o << "\n";
  return o.str();
}

// ---------------------------------------------------------------------------
// command line

// --accuracy's columns for vact's best path, and a call made in a tier
// (the thread goes back to HIGH after it).
std::string vact_column(vact_accuracy acc) {
  return std::string(acc == VACT_ACCURACY_FAST ? "vact FAST (" : "vact HIGH (") + vact_isa_name(g_best) + ")";
}
template <class F>
void in_tier(vact_accuracy acc, F&& f) {
  vact_accuracy_set(acc);
  f();
  vact_accuracy_set(VACT_ACCURACY_HIGH);
}
const vact_accuracy kTiers[] = {VACT_ACCURACY_HIGH, VACT_ACCURACY_FAST};

// Every forward the summary table times, for --accuracy: vact's best path in
// both tiers, the naive libm loop, the plain SLEEF loop and oneDNN.
std::vector<ForwardImpl> forward_impls(std::vector<std::string>& columns) {
  std::vector<ForwardImpl> v;
  columns = {vact_column(VACT_ACCURACY_HIGH), vact_column(VACT_ACCURACY_FAST), "naive libm"};
  const std::vector<SleefEntry> sleef_loops = pick_sleef();
  const std::string sleef = "SLEEF loop (" + g_sleef_isa + ")";
  if (!sleef_loops.empty()) columns.push_back(sleef);
#if defined(VACT_BENCH_HAVE_DNNL)
  const std::vector<onednn::Elt> elts = onednn::g_engine ? onednn::eltwise_ops() : std::vector<onednn::Elt>();
  if (onednn::g_engine) columns.push_back("oneDNN");
#endif
  for (const UnaryOp& u : kUnary) {
    const UnaryFwd f = u.fwd;
    for (const vact_accuracy acc : kTiers)
      v.push_back({vact_column(acc), u.name, [f, acc](const float* x, float* y, size_t n) {
                     in_tier(acc, [&] { f(x, y, n); });
                   }});
    if (const naive::Entry* e = naive::find(u.name)) {
      const float p0 = u.p0, p1 = u.p1;
      v.push_back({"naive libm", u.name, [e, p0, p1](const float* x, float* y, size_t n) { e->fwd(x, y, n, p0, p1); }});
    }
    for (const SleefEntry& so : sleef_loops)
      if (u.name == std::string(so.op)) v.push_back({sleef, u.name, so.fn});
#if defined(VACT_BENCH_HAVE_DNNL)
    for (const onednn::Elt& e : elts)
      if (e.op == u.name)
        v.push_back({"oneDNN", u.name, [e](const float* x, float* y, size_t n) { onednn::eltwise_fwd_once(e, x, y, n); }});
#endif
  }
  return v;
}

// The row-wise forwards the summary table times, for --accuracy.
std::vector<RowImpl> forward_row_impls(std::vector<std::string>& columns) {
  std::vector<RowImpl> v;
  columns = {vact_column(VACT_ACCURACY_HIGH), vact_column(VACT_ACCURACY_FAST), "naive libm"};
#if defined(VACT_BENCH_HAVE_DNNL) && defined(VBENCH_DNNL_HAVE_SOFTMAX)
  if (onednn::g_engine) columns.push_back("oneDNN");
#endif
  for (int lg = 0; lg < 2; lg++) {
    const std::string op = lg ? "log_softmax" : "softmax";
    for (const vact_accuracy acc : kTiers)
      v.push_back({vact_column(acc), op, [lg, acc](const float* x, float* y, size_t r, size_t c) {
                     in_tier(acc, [&] { (lg ? vact_log_softmax_f32 : vact_softmax_f32)(x, y, r, c); });
                   }});
    v.push_back({"naive libm", op, [lg](const float* x, float* y, size_t r, size_t c) {
                   naive::softmax_fwd(x, y, r, c, lg != 0);
                 }});
#if defined(VACT_BENCH_HAVE_DNNL) && defined(VBENCH_DNNL_HAVE_SOFTMAX)
    if (onednn::g_engine)
      v.push_back({"oneDNN", op, [lg](const float* x, float* y, size_t r, size_t c) {
                     onednn::softmax_fwd_once(lg != 0, x, y, r, c);
                   }});
#endif
  }
  return v;
}

void usage(const char* argv0) {
  std::printf(
      "usage: %s [--full] [--threads N] [--md FILE] [--json FILE] [benchmark flags]\n"
      "  --full       all paths and tiers, sizes for L1, L2, L3 and DRAM, longer runs\n"
      "               (default: quick profile: best path HIGH+FAST and scalar HIGH,\n"
      "               sizes L1, L2 and DRAM, 0.05 s per benchmark)\n"
      "  --threads N  run each benchmark as N independent copies (own buffers)\n"
      "  --md FILE    also write the header and summary table as Markdown\n"
      "  --json FILE  write Google Benchmark's JSON (--benchmark_out=FILE --benchmark_out_format=json)\n"
      "  --accuracy[=N]  time nothing: print the maximum error in ULP of every forward\n"
      "               above (vact's best path in both tiers and the baselines) over N\n"
      "               inputs spread over all floats (default 4194304)\n"
      "Google Benchmark's own flags (--benchmark_filter=REGEX, --benchmark_min_time=S,\n"
      "--benchmark_repetitions=N, ...) pass through; see --help below.\n\n",
      argv0);
}

bool take_value(int argc, char** argv, int& i, const char* flag, std::string& out) {
  const size_t len = std::strlen(flag);
  if (std::strncmp(argv[i], flag, len) != 0) return false;
  if (argv[i][len] == '=') {
    out = argv[i] + len + 1;
    return true;
  }
  if (argv[i][len] != '\0') return false;
  if (i + 1 >= argc) {
    std::fprintf(stderr, "vact_bench: %s needs a value\n", flag);
    std::exit(2);
  }
  out = argv[++i];
  return true;
}

bool gbench_at_least_1_8() {
  int maj = 0, min = 0;
  if (std::sscanf(VACT_BENCH_GBENCH_VERSION, "%d.%d", &maj, &min) != 2) return false;
  return maj > 1 || (maj == 1 && min >= 8);
}

}  // namespace vbench

int main(int argc, char** argv) {
  using namespace vbench;

  // oneDNN single-threaded: OMP_NUM_THREADS for any runtime that reads it
  // later, and omp_set_num_threads(1) in every thread that calls oneDNN.
  setenv("OMP_NUM_THREADS", "1", 1);
  g_omp_set = reinterpret_cast<OmpSetFn>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  g_omp_get = reinterpret_cast<OmpGetFn>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  omp_single_thread();

  std::vector<std::string> pass;  // arguments for Google Benchmark
  pass.push_back(argv[0]);
  bool user_min_time = false, help = false;
  g_cfg.cmdline = "vact_bench";
  for (int i = 1; i < argc; ++i) g_cfg.cmdline += std::string(" ") + argv[i];
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (std::strcmp(argv[i], "--full") == 0) {
      g_cfg.full = true;
    } else if (std::strcmp(argv[i], "--quick") == 0) {
      g_cfg.full = false;
    } else if (take_value(argc, argv, i, "--threads", v)) {
      char* end = nullptr;
      const long t = std::strtol(v.c_str(), &end, 10);
      if (end == v.c_str() || *end != '\0' || t < 1 || t > 1024) {
        std::fprintf(stderr, "vact_bench: bad --threads %s\n", v.c_str());
        return 2;
      }
      g_cfg.threads = static_cast<int>(t);
    } else if (take_value(argc, argv, i, "--md", v)) {
      g_cfg.md_path = v;
    } else if (take_value(argc, argv, i, "--json", v)) {
      g_cfg.json_path = v;
    } else if (std::strncmp(argv[i], "--accuracy", 10) == 0 && (argv[i][10] == '\0' || argv[i][10] == '=')) {
      char* end = nullptr;
      const char* val = argv[i][10] ? argv[i] + 11 : "4194304";
      const unsigned long long k = std::strtoull(val, &end, 10);
      if (end == val || *end != '\0' || k < 1 || k > (1ull << 32)) {
        std::fprintf(stderr, "vact_bench: bad --accuracy %s\n", val);
        return 2;
      }
      g_cfg.accuracy_samples = k;
    } else {
      if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) help = true;
      if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0) {
        user_min_time = true;
        const char* eq = std::strchr(argv[i], '=');
        if (eq) g_cfg.min_time = std::atof(eq + 1);
      }
      pass.push_back(argv[i]);
    }
  }
  if (help) usage(argv[0]);
  if (!user_min_time) {
    g_cfg.min_time = g_cfg.full ? 0.2 : 0.05;
    pass.push_back(std::string("--benchmark_min_time=") + fmt("%g", g_cfg.min_time) +
                   (gbench_at_least_1_8() ? "s" : ""));
  }
  if (!g_cfg.json_path.empty()) {
    pass.push_back("--benchmark_out=" + g_cfg.json_path);
    pass.push_back("--benchmark_out_format=json");
  }

  std::vector<char*> bargv;
  for (std::string& s : pass) bargv.push_back(&s[0]);
  bargv.push_back(nullptr);
  int bargc = static_cast<int>(pass.size());
  benchmark::Initialize(&bargc, bargv.data());
  if (benchmark::ReportUnrecognizedArguments(bargc, bargv.data())) return 1;

  g_best = vact_isa_active();
  compute_sizes();
  g_slots.resize(static_cast<size_t>(g_cfg.threads));
#if defined(VACT_BENCH_HAVE_DNNL)
  try {
    onednn::g_engine.reset(new dnnl::engine(dnnl::engine::kind::cpu, 0));
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "vact_bench: no oneDNN CPU engine (%s); oneDNN rows skipped\n", ex.what());
  }
#endif

  if (g_cfg.accuracy_samples) {
    std::vector<std::string> columns;
    const std::vector<ForwardImpl> impls = forward_impls(columns);
    std::printf("# vact_bench --accuracy (%s)\n\n", g_cfg.cmdline.c_str());
    report_accuracy(columns, impls, g_cfg.accuracy_samples, stdout);
    const std::vector<RowImpl> rows = forward_row_impls(columns);
    report_row_accuracy(columns, rows, stdout);
    return 0;
  }

  const std::vector<PathTier> paths = paths_to_run();
  register_vact(paths);
  register_baselines();

  const std::string head = header_text();
  std::fputs(head.c_str(), stdout);
  std::fputs("\n", stdout);
  std::fflush(stdout);

  benchmark::AddCustomContext("vact_version", vact_version());
  benchmark::AddCustomContext("vact_isa", vact_isa_name(g_best));
  benchmark::AddCustomContext("vact_profile", g_cfg.full ? "full" : "quick");
  benchmark::AddCustomContext("vact_threads", std::to_string(g_cfg.threads));
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("vact_command", g_cfg.cmdline);
  benchmark::AddCustomContext("vact_min_time", fmt("%g", g_cfg.min_time));
  if (!g_sleef_isa.empty()) benchmark::AddCustomContext("sleef_isa", g_sleef_isa);
  for (const SizeLevel& s : g_all_sizes) benchmark::AddCustomContext("vact_size_" + s.level, std::to_string(s.n));
#if defined(VACT_BENCH_HAVE_DNNL)
  benchmark::AddCustomContext("onednn_version", onednn::version_string());
#endif

  SummaryReporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                                                 : benchmark::ConsoleReporter::OO_None);
  benchmark::RunSpecifiedBenchmarks(&reporter);

  const std::string table = summary_table(reporter.results);
  std::printf("\n%s", table.c_str());
  if (!g_cfg.md_path.empty()) {
    std::ofstream md(g_cfg.md_path);
    md << head << "\n" << table;
    if (!md) {
      std::fprintf(stderr, "vact_bench: could not write %s\n", g_cfg.md_path.c_str());
      return 1;
    }
    std::printf("\nMarkdown written to %s\n", g_cfg.md_path.c_str());
  }
  if (!g_cfg.json_path.empty()) std::printf("JSON written to %s\n", g_cfg.json_path.c_str());
  benchmark::Shutdown();
  return 0;
}
