// PMF 5.0 base runs: seeded independent fits in parallel, the best by Q(robust).
#include "aqm/pmf/base_runs.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"

namespace aqm::pmf {

BaseRunResult base_runs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                        const BaseRunOptions& options, long total_index) {
  if (options.n_runs < 1)
    throw InvalidArgument(Location{"", 0, 0, "n_runs"}, std::to_string(options.n_runs) + " must be >= 1");
  const SolveOptions solve = with_defaults(options.solve);
  std::vector<FitResult> fits(static_cast<std::size_t>(options.n_runs));
  parallel_for(
      fits.size(), options.n_threads,
      [&](std::size_t k) {
        RandomStream stream(options.seed, k);
        fits[k] = fit(X, U, solve, stream);
      },
      options.progress);

  BaseRunResult result;
  auto rank = [](double q) { return std::isfinite(q) ? q : std::numeric_limits<double>::infinity(); };
  for (std::size_t k = 0; k < fits.size(); ++k) {
    const FitResult& f = fits[k];
    result.runs.push_back({static_cast<int>(k) + 1, f.q_true, f.q_robust, f.converged, f.iterations});
    // Lowest Q(robust) wins (PMF 5.0's default choice); ties keep the earlier run.
    if (rank(f.q_robust) < rank(fits[result.best_run].q_robust)) result.best_run = static_cast<int>(k);
  }
  result.best = std::move(fits[result.best_run]);
  result.diagnostics = diagnose(X, U, result.best.G, result.best.F, solve.alpha, total_index);
  return result;
}

BaseRunResult base_runs(const PreparedData& data, const BaseRunOptions& options) {
  return base_runs(data.concentrations.values(), data.uncertainties.values(), options, data.total_index);
}

}  // namespace aqm::pmf
