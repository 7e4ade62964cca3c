/* SPDX-License-Identifier: MIT */
// vact_bench's harness: the run's configuration, the buffers, the helpers
// that register and time a benchmark, and the baselines' interface.
//
// Every benchmark is a Case, named
//   vact:      <op>/<fwd|bwd>/<path>/n:<N>   (path: avx512, avx512-fast, ...)
//   memcpy:    memcpy/<fwd|bwd>/n:<N>
//   baselines: <group>/<op>/<fwd|bwd>/n:<N>  (naive, sleef, onednn, ...)
//   storage:   vact_<bf16|f16>/<op>/<fwd|bwd>/<path>/n:<N> (vact's twins on
//              16-bit arrays), and the peers on them: onednn_bf16/<op>/<dir>/n:<N>,
//              xnnpack_f16/<op>/fwd/n:<N>
// and reports, besides Google Benchmark's items and bytes per second, the
// counters bytes_per_call and streams (the arrays it reads or writes once per
// element) that tools/bench_table.py and tools/plot_bench.py read from the JSON.
#ifndef VACT_BENCH_HARNESS_H
#define VACT_BENCH_HARNESS_H

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "accuracy.h"
#include "ops.h"
#include "vact.h"

namespace vbench {

// ---------------------------------------------------------------------------
// the run's configuration: built once by main (command line, CPU, caches),
// read-only afterwards

struct SizeLevel {
  std::string level;   // "L1", "L2", "L3", "DRAM"
  size_t n;            // floats per array
  size_t cache_bytes;  // size of that cache level (0 for DRAM)
  bool quick;          // part of the quick profile
};

struct PathTier {
  vact_isa isa;
  vact_accuracy acc;
  std::string label;  // the path's name, -fast for the FAST tier: avx512, avx512-fast, ...
};

struct RunConfig {
  bool full = false;
  int threads = 1;
  int split = 0;  // --split N: one array split across 1..N threads (split.cc)
  std::string json_path;
  double min_time = 0.0;  // seconds, as passed to Google Benchmark
  std::string cmdline;
  uint64_t accuracy_samples = 0;  // --accuracy: measure errors instead of time
  // --dist: the inputs' distribution (x and the gated b; dy stays uniform
  // [-1, 1]): "uniform6" (uniform [-6, 6], the default), "normal" (N(0, 1)),
  // "wide" (uniform [-100, 100])
  std::string dist = "uniform6";
  // --isa: vact on that path only (both tiers), and the baselines capped at
  // it where they can be (oneDNN, SLEEF, PyTorch); "" for none
  std::string isa_cap;
  std::vector<std::string> levels;  // --levels: only these sizes ("" = the profile's)

  vact_isa best = VACT_ISA_SCALAR;  // vact_isa_active() before any force
  std::vector<SizeLevel> all_sizes;  // every level found, ascending
  std::vector<SizeLevel> sizes;      // those of this profile
  size_t nmax = 0;
  std::string cache_source;
  std::vector<PathTier> paths;  // vact's paths and tiers to time, in column order
};

// The sizes from the machine's cache sizes, so that one forward call's
// working set (2 arrays) lands in L1, L2, L3 and DRAM.
void detect_sizes(RunConfig& cfg);
// vact's paths and tiers for the profile, worst path first (scalar, ...);
// only `best`'s two tiers when capped (--isa).
std::vector<PathTier> paths_for(bool full, vact_isa best, bool capped = false);

// ---------------------------------------------------------------------------
// per-thread buffers: allocated once per benchmark thread at the largest size,
// 64-byte aligned, each array staggered by a few cache lines so that x[i] and
// y[i] do not share the same 4 KiB offset.  Inputs are filled once; every
// benchmark only reads them.

enum BufId { B_X = 0, B_Y, B_DY, B_S, B_B, B_DB, B_COUNT };

struct Slot {
  void* raw[B_COUNT] = {};
  float* p[B_COUNT] = {};
  // the same arrays as bf16 and f16 ([HalfType][BufId], made on first use by
  // halves()): the inputs converted by vact (round to nearest even)
  void* hraw[2][B_COUNT] = {};
  h16* h[2][B_COUNT] = {};
  float alpha[64];   // prelu slopes
  float dalpha[64];  // prelu slope gradient
};

void init_buffers(const RunConfig& cfg);
// --dist's names, and one's description for the header
const std::vector<std::string>& dist_names();
std::string dist_text(const std::string& dist);
Slot& slot_for(benchmark::State& st);
void make_halves(Slot& s, HalfType t);
inline h16* const* halves(Slot& s, HalfType t) {
  if (!s.h[t][0]) make_halves(s, t);
  return s.h[t];
}

// ---------------------------------------------------------------------------
// registering and timing

struct Case {
  std::string group;  // "vact", "memcpy", "naive", "sleef", "onednn", ...
  std::string op;
  std::string dir;    // "fwd" / "bwd"
  std::string path;   // vact only: the PathTier label
  size_t n = 0;
  int streams = 2;           // arrays of n elements read or written once per call
  int elem_bytes = 4;        // bytes per element of those arrays (2: bf16, f16)
  double extra_bytes = 0.0;  // bytes per call besides them (prelu's slopes)
};

// vact's own case, or a baseline's (path empty)
Case make_case(const std::string& group, const std::string& op, const std::string& dir, size_t n, int streams,
               double extra_bytes = 0.0, const std::string& path = "");
std::string case_name(const Case& c);
double bytes_per_call(const Case& c);

// Registers fn(benchmark::State&) under the case's name: real time, the
// run's thread count.  Real time, not CPU time, is what items_per_second and
// bytes_per_second (and so tools/bench_table.py's ns per element) are made
// of: a library that hands work to a helper thread (oneDNN's OpenMP,
// PyTorch's) would look faster by the main thread's CPU time.  The JSON
// keeps cpu_time next to real_time; bench_table.py lists the benchmarks
// where the two differ by more than 10%.
void configure(const RunConfig& cfg, benchmark::internal::Benchmark* b);
template <class Fn>
void add_case(const RunConfig& cfg, const Case& c, Fn&& fn) {
  configure(cfg, benchmark::RegisterBenchmark(case_name(c).c_str(), std::forward<Fn>(fn)));
}

// The timing loop shared by every benchmark: items, bytes and the case's
// counters.
void set_counters(benchmark::State& st, const Case& c);
template <class Call>
void timed(benchmark::State& st, const Case& c, Call&& call) {
  for (auto _ : st) {
    call();
    benchmark::ClobberMemory();
  }
  set_counters(st, c);
}

// A baseline's case: prep(slot) once outside the timing (the saved tensor of
// a backward), then call(slot) timed.
template <class Prep, class Call>
void add_timed(const RunConfig& cfg, const Case& c, Prep prep, Call call) {
  add_case(cfg, c, [=](benchmark::State& st) {
    Slot& s = slot_for(st);
    prep(s);
    timed(st, c, [&] { call(s); });
  });
}
template <class Call>
void add_timed(const RunConfig& cfg, const Case& c, Call call) {
  add_timed(cfg, c, [](Slot&) {}, call);
}

// ---------------------------------------------------------------------------
// vact's cases: route the benchmark thread to a path and tier (false, with the
// benchmark's error, when it cannot), and one case of vact: enter the path,
// prepare (the saved tensor of a backward), check one call, time it.

bool enter_path(benchmark::State& st, const PathTier& pt);
template <class Prep, class Call>
void add_vact(const RunConfig& cfg, const Case& c, const PathTier& pt, Prep prep, Call call) {
  add_case(cfg, c, [=](benchmark::State& st) {
    if (!enter_path(st, pt)) return;
    Slot& s = slot_for(st);
    prep(s);
    const vact_status r = call(s);
    if (r != VACT_OK) {
      st.SkipWithError(vact_strerror(r));
      return;
    }
    timed(st, c, [&] { benchmark::DoNotOptimize(call(s)); });
  });
}

// ---------------------------------------------------------------------------
// the implementations --accuracy measures

struct AccuracySets {
  std::vector<std::string> columns;      // element-wise table
  std::vector<ForwardImpl> impls;
  std::vector<std::string> row_columns;  // row-wise table
  std::vector<RowImpl> rows;
  std::vector<std::string> bwd_columns;  // element-wise backward table
  std::vector<BackwardImpl> bwd;
  std::vector<std::string> gated_columns;  // gated backward table
  std::vector<GatedBwdImpl> gated;
};

// ---------------------------------------------------------------------------
// baselines: a file that registers its cases through the harness.  It
// defines a Baseline and a static BaselineRegistrar for it; main calls the
// hooks of every baseline in `order`.

struct Baseline {
  const char* name;
  int order;  // place among the baselines: rows and columns follow it
  // once, before anything else (may be null)
  void (*setup)(const RunConfig& cfg);
  // its cases for one size (after vact's own for every size)
  void (*register_size)(const RunConfig& cfg, const SizeLevel& size);
  // its libraries for the run's header (`libs`), and its JSON context (may be null)
  void (*describe)(const RunConfig& cfg, std::vector<std::string>& libs);
  // its forwards for --accuracy (may be null)
  void (*accuracy)(const RunConfig& cfg, AccuracySets& sets);
};

struct BaselineRegistrar {
  explicit BaselineRegistrar(const Baseline& b);
};
const std::vector<const Baseline*>& baselines();  // in order

// ---------------------------------------------------------------------------
// vact's own cases (vact_cases.cc)

void register_vact_cases(const RunConfig& cfg);
// the bf16 and f16 twins (vact_storage_cases.cc), after the f32 cases
void register_storage_cases(const RunConfig& cfg);
void vact_accuracy_impls(const RunConfig& cfg, AccuracySets& sets);

// ---------------------------------------------------------------------------
// the run's description: printed before the run and written into the JSON
// context (vact_ops, vact_isas, vact_paths, sizes, versions)

std::string header_text(const RunConfig& cfg, const std::vector<std::string>& libs);
void add_json_context(const RunConfig& cfg);

}  // namespace vbench

#endif
