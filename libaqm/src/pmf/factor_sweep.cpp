// A sweep over the number of factors with the diagnostics used to choose it.
#include "aqm/pmf/factor_sweep.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"

namespace aqm::pmf {

std::vector<FactorSweepRow> factor_sweep(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                         const FactorSweepOptions& options, long total_index) {
  if (options.factors.empty())
    throw InvalidArgument(argument("factors"), "give at least one number of factors");
  for (int p : options.factors)
    if (p < 1 || p >= std::min(X.rows(), X.cols()))
      throw InvalidArgument(argument("factors"),
                            std::to_string(p) + " must be in [1, min(samples, species) - 1]");
  if (options.n_boot < 0)
    throw InvalidArgument(argument("n_boot"), std::to_string(options.n_boot) + " must be >= 0");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<FactorSweepRow> rows;
  for (int p : options.factors) {
    BaseRunOptions base = options.base;
    base.solve.n_factors = p;
    FactorSweepRow row;
    row.factors = p;
    row.base = base_runs(X, U, base, total_index);
    const FitResult& best = row.base.best;
    const Diagnostics& d = row.base.diagnostics;
    row.q_true = best.q_true;
    row.q_robust = best.q_robust;
    row.q_exp = d.q_exp;
    row.q_robust_over_q_exp = d.q_exp > 0.0 ? best.q_robust / d.q_exp : nan;
    row.q_robust_drop = rows.empty() ? nan : rows.back().q_robust - best.q_robust;
    row.max_abs_scaled_residual = d.scaled_residuals.cwiseAbs().maxCoeff();
    row.residuals_beyond_3 = d.residuals_beyond_3.sum();
    for (const RunSummary& r : row.base.runs) row.converged_runs += r.converged ? 1 : 0;
    row.bs_mapping_rate = row.min_bs_mapping_rate = nan;
    if (options.n_boot > 0) {
      BootstrapOptions bo = options.bootstrap;
      bo.n_boot = options.n_boot;
      bo.solve = base.solve;
      const BootstrapResult bs = bootstrap(X, U, best.G, best.F, bo);
      double sum = 0.0, worst = 1.0;
      for (int k = 0; k < p; ++k) {
        const double rate = static_cast<double>(bs.mapping(k, k)) / options.n_boot;
        sum += rate;
        worst = std::min(worst, rate);
      }
      row.bs_mapping_rate = sum / p;
      row.min_bs_mapping_rate = worst;
    }
    if (options.displacement) {
      DisplacementOptions dopt = options.disp;
      dopt.solve = base.solve;
      const DisplacementResult disp = displacement(X, U, best.G, best.F, dopt);
      row.disp_swaps = disp.swaps.row(0).sum();
      row.disp_largest_decrease = disp.largest_decrease;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace aqm::pmf
