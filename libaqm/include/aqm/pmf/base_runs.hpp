#pragma once
// PMF 5.0 base runs: n seeded fits, the run table, the best run by Q(robust), diagnostics.
#include <cstdint>
#include <string>
#include <vector>

#include "aqm/core/parallel.hpp"
#include "aqm/pmf/dataset.hpp"
#include "aqm/pmf/diagnostics.hpp"
#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

struct BaseRunOptions {
  SolveOptions solve;
  int n_runs = 20;         ///< PMF 5.0 default
  std::uint64_t seed = 0;  ///< run k starts from RandomStream(seed, k)
  int n_threads = 0;       ///< 0 = all cores (OpenMP default)
  Progress progress;       ///< called between runs on the calling thread
  /// Refine the best run (detail/recombination.hpp): profiles found by other runs, singly and
  /// in pairs, replace the closest factors of the two lowest distinct runs, then the factors of
  /// the lowest result are redrawn at random in two rounds; kept only when Q drops.  Over 32
  /// seeded batches of 20 runs it reaches within 0.05 % of the lowest known minimum in 32/32 on
  /// both EPA examples (4/16 and 6/16 without), at ~2–4× the time of the runs
  /// (benchmarks/README.md).  Off: the runs as PMF 5.0 makes them.
  bool refine = true;
};

struct RunSummary {
  int run = 0;  ///< 1-based, as PMF 5.0 numbers runs
  double q_true = 0.0;
  double q_robust = 0.0;
  bool converged = false;
  int iterations = 0;
  int revived = 0;  ///< dead factors re-seeded during the run
};

struct BaseRunResult {
  std::vector<RunSummary> runs;
  int best_run = 0;         ///< 0-based index into runs (lowest Q(robust))
  FitResult best;           ///< the best run, after refinement
  Diagnostics diagnostics;  ///< of the best run
  double q_best_run = 0.0;  ///< Q(robust) of the best run before refinement
  bool refined = false;     ///< refinement found a lower Q than the best run
  long refinement_fits = 0;
  std::vector<std::string> warnings;  ///< conditions a PMF 5.0 user should hear about
};

/// Base runs on raw matrices (every species strong; total_index -1 for none).
BaseRunResult base_runs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                        const BaseRunOptions& options, long total_index = -1);

/// Base runs on prepared data (categories already applied to the uncertainties).
BaseRunResult base_runs(const PreparedData& data, const BaseRunOptions& options);

/// One base run continued from a given start instead of seeded ones (G0 n × p, F0 p × m; e.g.
/// the solution of slightly changed data): `fit_from`, then the run table of that one run, the
/// diagnostics and warnings as `base_runs` gives them; no refinement.
BaseRunResult base_run_from(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                            const SolveOptions& options, const Eigen::MatrixXd& G0,
                            const Eigen::MatrixXd& F0, long total_index = -1);

}  // namespace aqm::pmf
