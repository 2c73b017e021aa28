#pragma once
// PMF 5.0's classical bootstrap (BS) error estimation (Paatero et al. 2014, AMT 7:781; EPA PMF
// 5.0 User Guide ch. 6): resample blocks of consecutive samples with replacement, refit from
// the base run's profiles, map each BS factor to the base factor whose contributions it
// correlates with best (r >= 0.6), and summarise the mapped profiles.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "aqm/core/parallel.hpp"
#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

struct BootstrapOptions {
  int n_boot = 100;              ///< PMF 5.0 default
  int block_size = 0;            ///< 0 = automatic (optimal_block_size on the base contributions)
  double min_correlation = 0.6;  ///< PMF 5.0 default mapping threshold
  std::uint64_t seed = 0;        ///< resample k draws from RandomStream(seed, k)
  int n_threads = 0;
  SolveOptions solve;  ///< n_factors is taken from the base run
  /// Held profile elements of a constrained base run (p × m, NaN = free; empty = none): each
  /// BS refit keeps them, as PMF 5.0 bootstraps a constrained run ("set to zero/value").
  Eigen::MatrixXd fixed_profiles;
  Progress progress;
};

struct BootstrapResult {
  int block_size = 0;
  /// mapping(h, k): in how many runs BS factor h (started from base factor h) correlated best,
  /// with r >= min_correlation, with base factor k — the diagonal counts factors found again;
  /// column p counts runs in which factor h mapped to no base factor.
  Eigen::MatrixXi mapping;
  /// Profiles of each BS run, scaled like the base profiles (contributions mean 1); row h is
  /// NaN when BS factor h did not map to base factor h.  One p × m matrix per run.
  std::vector<Eigen::MatrixXd> profiles;
  Eigen::MatrixXd p05, p25, median, p75, p95;  ///< per base factor × species, over mapped runs
  std::vector<double> q_robust;                ///< per BS run, on its resampled data
  std::vector<int> iterations;
  std::vector<bool> converged;
};

/// Bootstrap around a base run (G n × p, F p × m) of data X, U.
BootstrapResult bootstrap(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                          const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                          const BootstrapOptions& options);

/// Automatic block length for the circular block bootstrap of one series (Politis & White
/// 2004, with the correction of Patton, Politis & White 2009): b = (2 Ĝ² / D̂)^(1/3) n^(1/3),
/// D̂ = 4/3 ĝ(0)², flat-top lag window; at least 1 and at most min(3√n, n/3).
double optimal_block_size(const Eigen::Ref<const Eigen::VectorXd>& series);

}  // namespace aqm::pmf
