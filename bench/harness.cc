/* SPDX-License-Identifier: MIT */
// vact_bench's harness: sizes, buffers, registration, the baselines' list,
// the run's header and JSON context.
#include "harness.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "ops.h"

#ifndef VACT_BENCH_GBENCH_VERSION
#define VACT_BENCH_GBENCH_VERSION "unknown"
#endif

namespace vbench {

// ---------------------------------------------------------------------------
// cache sizes -> problem sizes

namespace {

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

}  // namespace

void detect_sizes(RunConfig& cfg) {
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
  cfg.cache_source = src;

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
  cfg.all_sizes.clear();
  cfg.sizes.clear();
  for (const SizeLevel& s : v) {
    if (!cfg.all_sizes.empty() && s.n <= cfg.all_sizes.back().n) continue;
    cfg.all_sizes.push_back(s);
  }
  for (const SizeLevel& s : cfg.all_sizes) {
    const bool named = std::find(cfg.levels.begin(), cfg.levels.end(), s.level) != cfg.levels.end();
    if (cfg.levels.empty() ? (cfg.full || s.quick) : named) cfg.sizes.push_back(s);
  }
  cfg.nmax = 0;
  for (const SizeLevel& s : cfg.sizes) cfg.nmax = std::max(cfg.nmax, s.n);
}

std::vector<PathTier> paths_for(bool full, vact_isa best, bool capped) {
  std::vector<PathTier> v;
  const std::vector<IsaName>& all = isas();  // best first
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    const vact_isa isa = it->isa;
    if (!vact_isa_available(isa)) continue;
    const bool is_best = isa == best;
    if (capped && !is_best) continue;
    if (!full && !is_best && isa != VACT_ISA_SCALAR) continue;
    const std::string name = it->name;
    v.push_back({isa, VACT_ACCURACY_HIGH, name});
    if (full || is_best) v.push_back({isa, VACT_ACCURACY_FAST, name + "-fast"});
  }
  return v;
}

// ---------------------------------------------------------------------------
// buffers

namespace {

std::vector<std::unique_ptr<Slot>> g_slots;  // one per benchmark thread
size_t g_slot_n = 0;                         // floats per array
std::string g_dist = "uniform6";             // the inputs' distribution (--dist)

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

// N(0, 1) by Box-Muller, two values per pair of 32-bit uniforms
void fill_normal(float* p, size_t n, uint64_t seed) {
  uint64_t s = seed;
  for (size_t i = 0; i < n; i += 2) {
    const uint64_t r = splitmix64(s);
    const double u1 = (static_cast<double>(r >> 32) + 1.0) * 0x1p-32;  // (0, 1]
    const double u2 = static_cast<double>(r & 0xffffffffu) * 0x1p-32;
    const double rad = std::sqrt(-2.0 * std::log(u1)), th = 6.283185307179586 * u2;
    p[i] = static_cast<float>(rad * std::cos(th));
    if (i + 1 < n) p[i + 1] = static_cast<float>(rad * std::sin(th));
  }
}

// an input array (x, the gated b) in the run's distribution
void fill_input(float* p, size_t n, uint64_t seed) {
  if (g_dist == "normal") fill_normal(p, n, seed);
  else if (g_dist == "wide") fill_uniform(p, n, -100.0f, 100.0f, seed);
  else fill_uniform(p, n, -6.0f, 6.0f, seed);
}

}  // namespace

const std::vector<std::string>& dist_names() {
  static const std::vector<std::string> v = {"uniform6", "normal", "wide"};
  return v;
}

std::string dist_text(const std::string& dist) {
  if (dist == "normal") return "x ~ N(0, 1)";
  if (dist == "wide") return "x uniform in [-100, 100]";
  return "x uniform in [-6, 6]";
}

void init_buffers(const RunConfig& cfg) {
  g_dist = cfg.dist;
  g_slots.clear();
  g_slots.resize(static_cast<size_t>(cfg.threads));
  g_slot_n = cfg.nmax;
}

namespace {

// Array k of a slot: `bytes` long, 64-byte aligned, staggered by k*5 cache
// lines; exits when out of memory.
char* staggered(void*& raw, size_t bytes, int k) {
  const size_t stagger = static_cast<size_t>(k) * 320;  // 5 cache lines
  const size_t total = (bytes + stagger + 4096 + 63) / 64 * 64;
  raw = std::aligned_alloc(64, total);
  if (!raw) {
    std::fprintf(stderr, "vact_bench: out of memory (%zu bytes)\n", total);
    std::exit(1);
  }
  return static_cast<char*>(raw) + stagger;
}

}  // namespace

Slot& slot_for(benchmark::State& st) {
  std::unique_ptr<Slot>& sp = g_slots.at(static_cast<size_t>(st.thread_index()));
  if (!sp) {
    std::unique_ptr<Slot> s(new Slot());
    const size_t bytes = g_slot_n * sizeof(float);
    for (int k = 0; k < B_COUNT; ++k) s->p[k] = reinterpret_cast<float*>(staggered(s->raw[k], bytes, k));
    const uint64_t t = static_cast<uint64_t>(st.thread_index());
    fill_input(s->p[B_X], g_slot_n, 0x1234 + 17 * t);
    fill_input(s->p[B_B], g_slot_n, 0x5678 + 17 * t);
    fill_uniform(s->p[B_DY], g_slot_n, -1.0f, 1.0f, 0x9abc + 17 * t);
    std::memset(s->p[B_Y], 0, bytes);
    std::memset(s->p[B_S], 0, bytes);
    std::memset(s->p[B_DB], 0, bytes);
    fill_uniform(s->alpha, 64, 0.0f, 0.5f, 0xdef0);
    std::memset(s->dalpha, 0, sizeof s->dalpha);
    sp = std::move(s);
  }
  return *sp;
}

// The slot's arrays in a storage type: the inputs (x, b, dy) rounded to it
// by vact's conversion, the outputs zero.
void make_halves(Slot& s, HalfType t) {
  const size_t bytes = g_slot_n * sizeof(h16);
  for (int k = 0; k < B_COUNT; ++k) s.h[t][k] = reinterpret_cast<h16*>(staggered(s.hraw[t][k], bytes, k));
  for (const int k : {B_X, B_B, B_DY}) {
    const vact_status r = t == H_BF16 ? vact_bf16_from_f32(s.p[k], s.h[t][k], g_slot_n)
                                      : vact_f16_from_f32(s.p[k], s.h[t][k], g_slot_n);
    if (r != VACT_OK) {
      std::fprintf(stderr, "vact_bench: converting the inputs to %s: %s\n", half_name(t), vact_strerror(r));
      std::exit(1);
    }
  }
  for (const int k : {B_Y, B_S, B_DB}) std::memset(s.h[t][k], 0, bytes);
}

// ---------------------------------------------------------------------------
// registering and timing

Case make_case(const std::string& group, const std::string& op, const std::string& dir, size_t n, int streams,
               double extra_bytes, const std::string& path) {
  Case c;
  c.group = group;
  c.op = op;
  c.dir = dir;
  c.path = path;
  c.n = n;
  c.streams = streams;
  c.extra_bytes = extra_bytes;
  return c;
}

std::string case_name(const Case& c) {
  const std::string tail = "/n:" + std::to_string(c.n);
  if (c.group == "vact") return c.op + "/" + c.dir + "/" + c.path + tail;
  if (c.group == "memcpy") return "memcpy/" + c.dir + tail;
  if (!c.path.empty()) return c.group + "/" + c.op + "/" + c.dir + "/" + c.path + tail;
  return c.group + "/" + c.op + "/" + c.dir + tail;
}

double bytes_per_call(const Case& c) {
  return static_cast<double>(c.elem_bytes) * c.streams * static_cast<double>(c.n) + c.extra_bytes;
}

void configure(const RunConfig& cfg, benchmark::internal::Benchmark* b) {
  b->UseRealTime();
  if (cfg.threads > 1) b->Threads(cfg.threads);
}

void set_counters(benchmark::State& st, const Case& c) {
  const double bytes = bytes_per_call(c);
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations()) * static_cast<int64_t>(c.n));
  st.SetBytesProcessed(static_cast<int64_t>(static_cast<double>(st.iterations()) * bytes));
  // the same in every thread: averaged, not summed
  st.counters["bytes_per_call"] = benchmark::Counter(bytes, benchmark::Counter::kAvgThreads);
  st.counters["streams"] = benchmark::Counter(c.streams, benchmark::Counter::kAvgThreads);
}

// ---------------------------------------------------------------------------
// baselines

namespace {
std::vector<const Baseline*>& baseline_list() {
  static std::vector<const Baseline*> v;
  return v;
}
}  // namespace

BaselineRegistrar::BaselineRegistrar(const Baseline& b) {
  std::vector<const Baseline*>& v = baseline_list();
  v.insert(std::upper_bound(v.begin(), v.end(), &b,
                            [](const Baseline* x, const Baseline* y) { return x->order < y->order; }),
           &b);
}

const std::vector<const Baseline*>& baselines() { return baseline_list(); }

// ---------------------------------------------------------------------------
// the run's description

namespace {

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

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::string fmt_g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string header_text(const RunConfig& cfg, const std::vector<std::string>& libs) {
  std::ostringstream o;
  std::string avail;
  const std::vector<IsaName>& all = isas();
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if (vact_isa_available(it->isa)) avail += std::string(avail.empty() ? "" : ", ") + it->name;
  const long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  o << "# vact benchmark\n\n";
  o << "- CPU: " << cpu_model() << " (" << ncpu << " logical CPUs online)\n";
  o << "- vact " << vact_version() << ": active path " << vact_isa_name(cfg.best) << " (available: " << avail
    << "); tiers: HIGH, FAST (`-fast` columns)\n";
  o << "- libraries: Google Benchmark " << VACT_BENCH_GBENCH_VERSION;
  for (const std::string& l : libs) o << ", " << l;
  o << "\n";
  o << "- profile: " << (cfg.full ? "full" : "quick") << ", min_time " << cfg.min_time
    << " s per benchmark, threads: " << cfg.threads
    << (cfg.threads > 1 ? " (independent copies; figures are aggregate throughput)" : "") << "\n";
  o << "- inputs: " << dist_text(cfg.dist) << " (--dist " << cfg.dist << "), dy uniform in [-1, 1]\n";
  if (!cfg.isa_cap.empty())
    o << "- ISA cap (--isa " << cfg.isa_cap << "): vact on " << cfg.isa_cap
      << " only; each baseline's line says whether it follows the cap\n";
  o << "- timing: real time per call (ns per element = real time / n); the JSON keeps CPU time too\n";
  o << "- sizes (floats per array; cache sizes from " << cfg.cache_source << "):";
  for (const SizeLevel& s : cfg.all_sizes) {
    const bool used = std::find_if(cfg.sizes.begin(), cfg.sizes.end(),
                                   [&](const SizeLevel& t) { return t.n == s.n; }) != cfg.sizes.end();
    o << "\n  - n=" << s.n << " -> " << s.level << " (fwd working set " << kib(s.n * 8);
    if (s.cache_bytes) o << " of " << kib(s.cache_bytes) << " " << s.level;
    o << ")" << (used ? "" : " [not in this profile]");
  }
  o << "\n- note: CPU frequency scaling and turbo make absolute ns approximate; read figures as ratios "
       "measured side by side in this run.\n";
  if (!cfg.cmdline.empty()) o << "- command: `" << cfg.cmdline << "`\n";
  o << "- tables: python3 tools/bench_table.py on the JSON (--json FILE)\n";
  return o.str();
}

void add_json_context(const RunConfig& cfg) {
  benchmark::AddCustomContext("vact_version", vact_version());
  benchmark::AddCustomContext("vact_isa", vact_isa_name(cfg.best));
  benchmark::AddCustomContext("vact_profile", cfg.full ? "full" : "quick");
  benchmark::AddCustomContext("vact_threads", std::to_string(cfg.threads));
  benchmark::AddCustomContext("cpu_model", cpu_model());
  benchmark::AddCustomContext("vact_command", cfg.cmdline);
  benchmark::AddCustomContext("vact_min_time", fmt_g(cfg.min_time));
  benchmark::AddCustomContext("vact_dist", cfg.dist);
  benchmark::AddCustomContext("vact_isa_cap", cfg.isa_cap.empty() ? "none" : cfg.isa_cap);
  benchmark::AddCustomContext("vact_timing", "real_time");
  // the baselines with cases, in their column order (bench_table.py, plot_bench.py)
  std::vector<std::string> groups;
  for (const Baseline* b : baselines())
    if (b->register_size && std::strcmp(b->name, "memcpy") != 0) groups.push_back(b->name);
  benchmark::AddCustomContext("vact_baselines", join(groups));
  for (const SizeLevel& s : cfg.all_sizes) benchmark::AddCustomContext("vact_size_" + s.level, std::to_string(s.n));
  // the orders the tables and plots follow: ops (registry), every path of the
  // registry best first, and this run's path columns
  benchmark::AddCustomContext("vact_ops", join(op_order()));
  std::vector<std::string> names, paths;
  for (const IsaName& i : isas()) names.push_back(i.name);
  for (const PathTier& p : cfg.paths) paths.push_back(p.label);
  benchmark::AddCustomContext("vact_isas", join(names));
  benchmark::AddCustomContext("vact_paths", join(paths));
}

}  // namespace vbench
