#pragma once
// PMF 5.0 base runs: n seeded fits, the run table, the best run by Q(robust), diagnostics.
#include <cstdint>
#include <vector>

#include "aqm/core/parallel.hpp"
#include "aqm/pmf/dataset.hpp"
#include "aqm/pmf/diagnostics.hpp"
#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

struct BaseRunOptions {
  SolveOptions solve;
  int n_runs = 20;                ///< PMF 5.0 default
  std::uint64_t seed = 0;         ///< run k starts from RandomStream(seed, k)
  int n_threads = 0;              ///< 0 = all cores (OpenMP default)
  Progress progress;              ///< called between runs on the calling thread
};

struct RunSummary {
  int run = 0;                    ///< 1-based, as PMF 5.0 numbers runs
  double q_true = 0.0;
  double q_robust = 0.0;
  bool converged = false;
  int iterations = 0;
};

struct BaseRunResult {
  std::vector<RunSummary> runs;
  int best_run = 0;               ///< 0-based index into runs (lowest Q(robust))
  FitResult best;
  Diagnostics diagnostics;        ///< of the best run
};

/// Base runs on raw matrices (every species strong; total_index -1 for none).
BaseRunResult base_runs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                        const BaseRunOptions& options, long total_index = -1);

/// Base runs on prepared data (categories already applied to the uncertainties).
BaseRunResult base_runs(const PreparedData& data, const BaseRunOptions& options);

}  // namespace aqm::pmf
