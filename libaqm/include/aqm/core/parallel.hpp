#pragma once
// Thread control and the batch loop every pillar uses for independent work items (PMF runs,
// bootstrap resamples, isopleth cells, inventory tiles).

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "aqm/core/error.hpp"

namespace aqm {

/// Reports progress and asks whether to stop.  Both hooks are called only from the thread that
/// started the batch, between work items, so a host may take its interpreter lock inside them.
struct Progress {
  std::function<void(std::size_t done, std::size_t total)> update;
  std::function<bool()> should_stop;
};

/// Threads used when the caller passes n_threads <= 0: OpenMP's default (OMP_NUM_THREADS,
/// threadpoolctl limits, else all cores), or 1 without OpenMP.
inline int default_threads() {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

/// The most threads a batch may ask for: 4 per core (at least 64).  Far more is a typo, not a
/// plan, and each thread's stack would be allocated before any work starts.
inline int max_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::max(64u, 4u * std::max(cores, 1u)));
}

/// n_threads <= 0 → default_threads(); above max_threads() → InvalidArgument naming the limit.
inline int resolve_threads(int n_threads) {
  if (n_threads > max_threads()) {
    throw InvalidArgument("n_threads: " + std::to_string(n_threads) + " exceeds the limit of " +
                          std::to_string(max_threads()) + " (4 per core, at least 64); pass 0 " +
                          "for all cores");
  }
  return n_threads > 0 ? n_threads : default_threads();
}

/// True when this build runs batches on several threads.
inline bool have_openmp() {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

/// Run body(i) for i in [0, n).  Items must be independent; results must be written to slots
/// indexed by i so that the outcome does not depend on scheduling.  An exception in any item
/// stops the batch and the one from the lowest item index is rethrown; a stop request from
/// `progress` throws aqm::Cancelled.
template <class Body>
void parallel_for(std::size_t n, int n_threads, Body&& body, const Progress& progress = {}) {
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> done{0};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  std::size_t first_error_index = n;
  bool cancelled = false;
  const std::thread::id caller = std::this_thread::get_id();

  auto run_item = [&](std::size_t i) {
    if (stop.load(std::memory_order_relaxed)) return;
    try {
      body(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (i < first_error_index) {
        first_error_index = i;
        first_error = std::current_exception();
      }
      stop = true;
    }
    const std::size_t now = ++done;
    if (std::this_thread::get_id() == caller) {
      if (progress.update) progress.update(now, n);
      if (progress.should_stop && progress.should_stop()) {
        cancelled = true;
        stop = true;
      }
    }
  };

  // No more threads than items: the rest would only idle.
  const int threads = static_cast<int>(
      std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(n_threads)), n ? n : 1));
#ifdef _OPENMP
  if (threads > 1 && n > 1) {
    const long count = static_cast<long>(n);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long i = 0; i < count; ++i) run_item(static_cast<std::size_t>(i));
  } else {
    for (std::size_t i = 0; i < n; ++i) run_item(i);
  }
#else
  (void)threads;
  for (std::size_t i = 0; i < n; ++i) run_item(i);
#endif
  if (first_error) std::rethrow_exception(first_error);
  if (cancelled)
    throw Cancelled("stopped on request after " + std::to_string(done.load()) + " of " +
                    std::to_string(n) + " items");
  if (progress.update) progress.update(done.load(), n);
}

/// Run body(c, k) for every chain c in [0, lengths.size()) and step k in [0, lengths[c]): the
/// steps of one chain in order, one at a time (a step may use what the chain's earlier steps
/// left), different chains in parallel.  A free thread takes the next step of the idle chain
/// with the most steps left (ties: the lowest chain), so the chains advance together and end
/// together, instead of one long chain running alone at the end as whole chains on
/// parallel_for would.  Outcomes must not depend on which thread runs a step.  Errors,
/// progress (one update per step) and stop requests as parallel_for.
template <class Body>
void parallel_chains(const std::vector<std::size_t>& lengths, int n_threads, Body&& body,
                     const Progress& progress = {}) {
  std::size_t total = 0;
  for (std::size_t n : lengths) total += n;
  std::vector<std::size_t> next(lengths.size(), 0);
  std::vector<char> running(lengths.size(), 0);
  std::mutex m;
  std::condition_variable freed;
  bool aborted = false;
  // The idle chain with the most steps left, or lengths.size() when none is idle.
  auto pick = [&] {
    std::size_t best = lengths.size();
    for (std::size_t c = 0; c < lengths.size(); ++c) {
      if (running[c] || next[c] == lengths[c]) continue;
      if (best == lengths.size() || lengths[c] - next[c] > lengths[best] - next[best]) best = c;
    }
    return best;
  };
  parallel_for(
      total, n_threads,
      [&](std::size_t) {
        std::size_t c = 0, k = 0;
        {
          // There are as many items as steps, so a step is left for this item: wait until its
          // chain is idle (every chain with steps left is running one).
          std::unique_lock<std::mutex> lock(m);
          freed.wait(lock, [&] { return aborted || pick() < lengths.size(); });
          if (aborted) return;
          c = pick();
          k = next[c]++;
          running[c] = 1;
        }
        try {
          body(c, k);
        } catch (...) {
          std::lock_guard<std::mutex> lock(m);
          aborted = true;
          running[c] = 0;
          freed.notify_all();
          throw;
        }
        std::lock_guard<std::mutex> lock(m);
        running[c] = 0;
        freed.notify_all();
      },
      progress);
}

}  // namespace aqm
