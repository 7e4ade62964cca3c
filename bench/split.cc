/* SPDX-License-Identifier: MIT */
// --split N: one array split across 1..N threads, as an engine splits one
// call over its worker pool: cache-line-aligned chunks, one vact call per
// thread per iteration, on threads made once (the caller's pool) that wait
// for each iteration by spinning, so the time includes handing the chunks
// out and waiting for the last one.  A memory-bound op (relu) and a
// compute-bound one (gelu), forward, on the best path in both tiers, at the
// run's L2, L3 and DRAM sizes.  Named split/<op>/fwd/<path>x<T>/n:<N>;
// tools/bench_table.py prints them as their own table.
#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VBENCH_PAUSE() _mm_pause()
#else
#define VBENCH_PAUSE() ((void)0)
#endif

#include "harness.h"
#include "ops.h"

namespace vbench {
namespace {

// Waits until ready(): spinning first (a round is microseconds), then
// yielding the core, so that a machine with more threads than cores (or a
// busy one) does not lose a whole time slice to a spinner.
template <class Ready>
void wait_for(Ready ready) {
  for (int i = 0; !ready(); i++) {
    if (i < 4096)
      VBENCH_PAUSE();
    else
      std::this_thread::yield();
  }
}

// T threads (the benchmark's own and T - 1 workers) run job(t) once per
// round; run_round returns when every chunk is done.
class SplitPool {
 public:
  template <class Job>
  SplitPool(int threads, vact_accuracy acc, Job job) : job_(job) {
    for (int t = 1; t < threads; t++)
      workers_.emplace_back([this, t, acc] {
        vact_accuracy_set(acc);
        unsigned seen = 0;
        for (;;) {
          wait_for([&] { return gen_.load(std::memory_order_acquire) != seen; });
          seen = gen_.load(std::memory_order_acquire);
          if (stop_.load(std::memory_order_relaxed)) return;
          job_(t);
          done_.fetch_add(1, std::memory_order_acq_rel);
        }
      });
  }
  ~SplitPool() {
    stop_.store(true, std::memory_order_relaxed);
    gen_.fetch_add(1, std::memory_order_release);
    for (std::thread& w : workers_) w.join();
  }
  void run_round() {
    const int others = static_cast<int>(workers_.size());
    gen_.fetch_add(1, std::memory_order_release);
    job_(0);
    wait_for([&] { return done_.load(std::memory_order_acquire) == others; });
    done_.store(0, std::memory_order_relaxed);
  }

 private:
  std::function<void(int)> job_;
  std::vector<std::thread> workers_;
  std::atomic<unsigned> gen_{0};
  std::atomic<int> done_{0};
  std::atomic<bool> stop_{false};
};

// thread t's chunk of n: 16 floats (one 64-byte line) a granule
void chunk(size_t n, int threads, int t, size_t& begin, size_t& len) {
  const size_t per = ((n + threads - 1) / threads + 15) / 16 * 16;
  begin = std::min(n, per * t);
  len = std::min(n, begin + per) - begin;
}

void register_split(const RunConfig& cfg, const SizeLevel& sz) {
  if (cfg.split < 2 || sz.level == "L1") return;
  for (const char* name : {"relu", "gelu"}) {
    const UnaryOp* u = find_unary(name);
    if (!u) continue;
    for (const PathTier& pt : cfg.paths) {
      if (pt.isa != cfg.best) continue;
      for (int t = 1; t <= cfg.split; t++) {
        const Case c = make_case("split", name, "fwd", sz.n, 2, 0.0, pt.label + "x" + std::to_string(t));
        const size_t n = sz.n;
        add_case(cfg, c, [=](benchmark::State& st) {
          if (vact_isa_force(pt.isa) != VACT_OK || vact_accuracy_set(pt.acc) != VACT_OK) {
            st.SkipWithError("path not available");
            return;
          }
          Slot& s = slot_for(st);
          const float* x = s.p[B_X];
          float* y = s.p[B_Y];
          SplitPool pool(t, pt.acc, [=](int k) {
            size_t b, len;
            chunk(n, t, k, b, len);
            u->fwd(x + b, y + b, len);
          });
          timed(st, c, [&] { pool.run_round(); });
        });
      }
    }
  }
}

const Baseline kSplit = {"split", 90, nullptr, register_split, nullptr, nullptr};
const BaselineRegistrar kReg(kSplit);

}  // namespace
}  // namespace vbench
