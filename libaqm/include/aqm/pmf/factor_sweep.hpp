#pragma once
// Choosing the number of factors p (EPA PMF 5.0 User Guide §5–6; Brown et al. 2015, STOTEN
// 518:626): base runs for every p of a range with the diagnostics users compare — Q/Q_exp,
// the drop of Q(robust) per added factor, the bootstrap mapping rate, DISP swaps and the
// largest scaled residuals.
#include <Eigen/Core>
#include <vector>

#include "aqm/pmf/base_runs.hpp"
#include "aqm/pmf/bootstrap.hpp"
#include "aqm/pmf/displacement.hpp"

namespace aqm::pmf {

struct FactorSweepOptions {
  std::vector<int> factors = {3, 4, 5, 6, 7, 8, 9, 10};
  BaseRunOptions base;         ///< n_factors is set per p; runs are parallel
  int n_boot = 0;              ///< bootstrap resamples per p for the mapping rate (0 = none)
  BootstrapOptions bootstrap;  ///< n_boot above overrides bootstrap.n_boot
  bool displacement = false;   ///< DISP per p (costly) for the swap counts at dQmax = 4
  DisplacementOptions disp;
};

struct FactorSweepRow {
  int factors = 0;
  double q_true = 0.0, q_robust = 0.0, q_exp = 0.0;
  double q_robust_over_q_exp = 0.0;
  double q_robust_drop = 0.0;  ///< Q(robust) of the previous p minus this one (NaN: first)
  double max_abs_scaled_residual = 0.0;
  int residuals_beyond_3 = 0;  ///< |scaled residual| > 3, all species
  int converged_runs = 0;
  /// Mean over factors of the share of resamples mapped to itself (NaN: no BS).
  double bs_mapping_rate = 0.0;
  double min_bs_mapping_rate = 0.0;  ///< the worst factor's share (NaN: no BS)
  int disp_swaps = -1;               ///< elements swapped at the lowest dQmax (-1: no DISP)
  double disp_largest_decrease = 0.0;
  BaseRunResult base;  ///< the full base-run result for this p
};

/// Base runs (and optional BS / DISP) for every p in options.factors, in the given order.
std::vector<FactorSweepRow> factor_sweep(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                         const FactorSweepOptions& options, long total_index = -1);

}  // namespace aqm::pmf
