#pragma once
// PMF 5.0's BS-DISP error estimation (Paatero, Eberly, Brown & Norris 2014, AMT 7:781; EPA PMF
// 5.0 User Guide §6): DISP (displacement.hpp) inside every bootstrap resample (bootstrap.hpp),
// with the smaller dQmax levels 0.5, 1, 2, 4, so that the intervals cover both random error and
// rotational ambiguity.  Resample r is drawn from RandomStream(seed, r) exactly as `bootstrap`
// draws it, refitted from the base profiles, its factors mapped to the base factors by
// contribution correlation; DISP then runs on the resample's own solution.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "aqm/core/parallel.hpp"
#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

struct BsDispOptions {
  int n_boot = 100;                                   ///< PMF 5.0 default number of resamples
  int block_size = 0;                                 ///< 0 = automatic, as in BootstrapOptions
  double min_correlation = 0.6;                       ///< mapping threshold, as in BootstrapOptions
  std::vector<double> dq_max = {0.5, 1.0, 2.0, 4.0};  ///< PMF 5.0's BS-DISP levels
  /// Refinement fits per level and direction.  3 (DISP uses 5): the interval end is then
  /// interpolated inside 1/8 of the bracketing step, and BS-DISP makes 1.6× fewer fits
  /// (benchmarks/README.md).
  int bisection_steps = 3;
  std::uint64_t seed = 0;
  int n_threads = 0;  ///< parallel over resamples
  SolveOptions solve;
  Progress progress;  ///< one item per resample
};

struct BsDispResult {
  int block_size = 0;
  std::vector<double> dq_max;
  /// Per level: the smallest lower and largest upper DISP bound of each profile element over
  /// the resamples in which that factor mapped to itself (display units, like
  /// Diagnostics::profiles); NaN when no resample mapped.
  std::vector<Eigen::MatrixXd> lower, upper;
  /// levels × p: resamples in which a displacement of factor k swapped it with another factor.
  Eigen::MatrixXi swaps;
  Eigen::VectorXi mapped;                ///< per factor: resamples in which it mapped to itself
  std::vector<double> largest_decrease;  ///< per resample: most negative dQ met by its DISP
  int resamples_with_decrease = 0;  ///< resamples whose DISP found Q below their fit (< −1e-6·Q)
  long fits = 0;
};

/// BS-DISP around a base run (G n × p, F p × m) of data X, U.
BsDispResult bs_displacement(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                             const Eigen::MatrixXd& G, const Eigen::MatrixXd& F,
                             const BsDispOptions& options);

}  // namespace aqm::pmf
