/* SPDX-License-Identifier: MIT */
// vact_bench: Google Benchmark harness for vact's activation kernels.
//
// Registers vact's cases (vact_cases.cc: every op of src/vact_ops.def x
// direction x available path x accuracy tier x size) next to the baselines
// measured in the same run, one file each (baseline_*.cc), and the bf16 and
// f16 twins (vact_storage_cases.cc: vact_bf16/<op>/<dir>/<path>/n:N,
// vact_f16/...) with their peers onednn_bf16/... and xnnpack_f16/...:
//   memcpy/fwd/n:N          memcpy of the same n floats (the 2-stream floor)
//   memcpy/bwd/n:N          dst = a + b over n floats at the best vector width
//                           (STREAM's "add": the 3-stream floor of a backward)
//   naive/<op>/<dir>/n:N    the scalar libm loop a user writes by hand (-O3)
//   sleef/<op>/fwd/n:N      a plain loop over the SLEEF vector functions that
//                           vact's HIGH tier calls for that op
//   onednn/<op>/<dir>/n:N   oneDNN's eltwise / softmax / prelu primitives,
//                           one thread (when built with oneDNN)
//   xnnpack/<op>/fwd/n:N    XNNPACK's f32 operators, one thread (when built
//                           with XNNPACK)
//   torch/<op>/<dir>/n:N    PyTorch's ATen kernels, forward and *_backward,
//                           one thread (when built with libtorch)
// Sizes come from the machine's cache sizes so that one forward call's
// working set (2 arrays) lands in L1, L2, L3 and DRAM.  --json FILE keeps
// Google Benchmark's JSON, with the op, ISA and path orders in its context
// and each benchmark's bytes per call and memory streams as counters;
// tools/bench_table.py makes the Markdown table from it.  Run with --help for
// the flags.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "accuracy.h"
#include "harness.h"
#include "ops.h"

#ifndef VACT_BENCH_GBENCH_VERSION
#define VACT_BENCH_GBENCH_VERSION "unknown"
#endif

namespace vbench {
namespace {

void usage(const char* argv0) {
  std::printf(
      "usage: %s [--full] [--threads N] [--split N] [--json FILE] [--dist D] [--isa P] [--levels L,..] [benchmark flags]\n"
      "  --full       all paths and tiers, sizes for L1, L2, L3 and DRAM, longer runs\n"
      "               (default: quick profile: best path HIGH+FAST and scalar HIGH,\n"
      "               sizes L1, L2 and DRAM, 0.05 s per benchmark)\n"
      "  --threads N  run each benchmark as N independent copies (own buffers)\n"
      "  --split N    also time one array split across 1..N threads (relu and gelu forward,\n"
      "               best path, L2/L3/DRAM sizes of the profile or --levels): split/...\n"
      "  --json FILE  write Google Benchmark's JSON (--benchmark_out=FILE --benchmark_out_format=json);\n"
      "               python3 tools/bench_table.py FILE makes the Markdown table\n"
      "  --dist D     the inputs: uniform6 (uniform [-6, 6], default), normal (N(0, 1)),\n"
      "               wide (uniform [-100, 100]: what the rare-lane paths cost)\n"
      "  --isa P      vact on path P only (both tiers; e.g. avx2 on an AVX-512 machine), oneDNN\n"
      "               capped at it (ONEDNN_MAX_CPU_ISA), the SLEEF loops and PyTorch on it;\n"
      "               XNNPACK at it through cpuinfo's flags (scalar: its SSE kernels)\n"
      "  --levels L,..  only these sizes (L1, L2, L3, DRAM) instead of the profile's\n"
      "  --accuracy[=N]  time nothing: print the maximum error in ULP of every forward\n"
      "               above and of the element-wise and gated backwards (vact's best path\n"
      "               in both tiers and the baselines) over N inputs spread over all\n"
      "               floats (default 4194304)\n"
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

int thread_count(const char* flag, const std::string& v) {
  char* end = nullptr;
  const long t = std::strtol(v.c_str(), &end, 10);
  if (end == v.c_str() || *end != '\0' || t < 1 || t > 1024) {
    std::fprintf(stderr, "vact_bench: bad %s %s\n", flag, v.c_str());
    std::exit(2);
  }
  return static_cast<int>(t);
}

bool gbench_at_least_1_8() {
  int maj = 0, min = 0;
  if (std::sscanf(VACT_BENCH_GBENCH_VERSION, "%d.%d", &maj, &min) != 2) return false;
  return maj > 1 || (maj == 1 && min >= 8);
}

// The run's configuration from the command line; the arguments that are
// Google Benchmark's go to `pass`.  Exits on a bad flag.
RunConfig parse_cli(int argc, char** argv, std::vector<std::string>& pass, bool& help) {
  RunConfig cfg;
  pass.push_back(argv[0]);
  bool user_min_time = false;
  help = false;
  cfg.cmdline = "vact_bench";
  for (int i = 1; i < argc; ++i) cfg.cmdline += std::string(" ") + argv[i];
  for (int i = 1; i < argc; ++i) {
    std::string v;
    if (std::strcmp(argv[i], "--full") == 0) {
      cfg.full = true;
    } else if (std::strcmp(argv[i], "--quick") == 0) {
      cfg.full = false;
    } else if (take_value(argc, argv, i, "--threads", v)) {
      cfg.threads = thread_count("--threads", v);
    } else if (take_value(argc, argv, i, "--split", v)) {
      cfg.split = thread_count("--split", v);
    } else if (take_value(argc, argv, i, "--json", v)) {
      cfg.json_path = v;
    } else if (take_value(argc, argv, i, "--dist", v)) {
      const std::vector<std::string>& d = dist_names();
      if (std::find(d.begin(), d.end(), v) == d.end()) {
        std::fprintf(stderr, "vact_bench: bad --dist %s (uniform6, normal or wide)\n", v.c_str());
        std::exit(2);
      }
      cfg.dist = v;
    } else if (take_value(argc, argv, i, "--isa", v)) {
      cfg.isa_cap = v;
    } else if (take_value(argc, argv, i, "--levels", v)) {
      for (size_t a = 0; a <= v.size();) {
        const size_t b = std::min(v.find(',', a), v.size());
        if (b > a) cfg.levels.push_back(v.substr(a, b - a));
        a = b + 1;
      }
    } else if (std::strncmp(argv[i], "--accuracy", 10) == 0 && (argv[i][10] == '\0' || argv[i][10] == '=')) {
      char* end = nullptr;
      const char* val = argv[i][10] ? argv[i] + 11 : "4194304";
      const unsigned long long k = std::strtoull(val, &end, 10);
      if (end == val || *end != '\0' || k < 1 || k > (1ull << 32)) {
        std::fprintf(stderr, "vact_bench: bad --accuracy %s\n", val);
        std::exit(2);
      }
      cfg.accuracy_samples = k;
    } else {
      if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) help = true;
      if (std::strncmp(argv[i], "--benchmark_min_time", 20) == 0) {
        user_min_time = true;
        const char* eq = std::strchr(argv[i], '=');
        if (eq) cfg.min_time = std::atof(eq + 1);
      }
      pass.push_back(argv[i]);
    }
  }
  if (!user_min_time) {
    cfg.min_time = cfg.full ? 0.2 : 0.05;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", cfg.min_time);
    pass.push_back(std::string("--benchmark_min_time=") + buf + (gbench_at_least_1_8() ? "s" : ""));
  }
  if (!cfg.json_path.empty()) {
    pass.push_back("--benchmark_out=" + cfg.json_path);
    pass.push_back("--benchmark_out_format=json");
  }
  return cfg;
}

// --isa: the path vact is held to; exits if this build or CPU lacks it
vact_isa capped_isa(const std::string& name) {
  for (const IsaName& i : isas())
    if (name == i.name) {
      if (vact_isa_available(i.isa)) return i.isa;
      std::fprintf(stderr, "vact_bench: --isa %s: not available on this build or CPU\n", name.c_str());
      std::exit(2);
    }
  std::fprintf(stderr, "vact_bench: unknown --isa %s\n", name.c_str());
  std::exit(2);
}

// --accuracy: every forward the benchmark times, vact's and the baselines',
// and the element-wise backwards
int run_accuracy(const RunConfig& cfg) {
  AccuracySets sets;
  vact_accuracy_impls(cfg, sets);
  for (const Baseline* b : baselines())
    if (b->accuracy) b->accuracy(cfg, sets);
  std::printf("# vact_bench --accuracy (%s)\n\n", cfg.cmdline.c_str());
  report_accuracy(sets.columns, sets.impls, cfg.accuracy_samples, stdout);
  report_row_accuracy(sets.row_columns, sets.rows, stdout);
  report_bwd_accuracy(sets.bwd_columns, sets.bwd, cfg.accuracy_samples, stdout);
  report_gated_bwd_accuracy(sets.gated_columns, sets.gated, cfg.accuracy_samples, stdout);
  return 0;
}

}  // namespace
}  // namespace vbench

int main(int argc, char** argv) {
  using namespace vbench;

  std::vector<std::string> pass;  // arguments for Google Benchmark
  bool help = false;
  RunConfig built = parse_cli(argc, argv, pass, help);
  if (help) usage(argv[0]);

  std::vector<char*> bargv;
  for (std::string& s : pass) bargv.push_back(&s[0]);
  bargv.push_back(nullptr);
  int bargc = static_cast<int>(pass.size());
  benchmark::Initialize(&bargc, bargv.data());
  if (benchmark::ReportUnrecognizedArguments(bargc, bargv.data())) return 1;

  built.best = vact_isa_active();
  if (!built.isa_cap.empty()) {
    built.best = capped_isa(built.isa_cap);
    vact_isa_force(built.best);  // --accuracy's vact columns follow it too
  }
  detect_sizes(built);
  if (built.sizes.empty()) {
    std::fprintf(stderr, "vact_bench: --levels names no size of this machine\n");
    return 2;
  }
  built.paths = paths_for(built.full, built.best, !built.isa_cap.empty());
  const RunConfig& cfg = built;  // read-only from here on

  init_buffers(cfg);
  for (const Baseline* b : baselines())
    if (b->setup) b->setup(cfg);

  if (cfg.accuracy_samples) return run_accuracy(cfg);

  register_vact_cases(cfg);
  register_storage_cases(cfg);
  for (const SizeLevel& sz : cfg.sizes)
    for (const Baseline* b : baselines())
      if (b->register_size) b->register_size(cfg, sz);

  std::vector<std::string> libs;
  for (const Baseline* b : baselines())
    if (b->describe) b->describe(cfg, libs);
  add_json_context(cfg);
  std::fputs(header_text(cfg, libs).c_str(), stdout);
  std::fputs("\n", stdout);
  std::fflush(stdout);

  benchmark::RunSpecifiedBenchmarks();
  if (!cfg.json_path.empty()) std::printf("JSON written to %s\n", cfg.json_path.c_str());
  benchmark::Shutdown();
  return 0;
}
