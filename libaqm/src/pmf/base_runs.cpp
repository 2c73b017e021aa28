// PMF 5.0 base runs: seeded independent fits in parallel, the best by Q(robust).
#include "aqm/pmf/base_runs.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <limits>
#include <string>

#include "aqm/core/error.hpp"
#include "aqm/core/log.hpp"
#include "aqm/pmf/detail/revival.hpp"
#include "aqm/pmf/detail/recombination.hpp"

namespace aqm::pmf {

namespace {

std::vector<std::string> run_warnings(const BaseRunResult& r) {
  std::vector<std::string> out;
  std::string revived, unconverged;
  int n_unconverged = 0;
  for (const auto& run : r.runs) {
    if (run.revived > 0) revived += (revived.empty() ? "" : ", ") + std::to_string(run.run);
    if (!run.converged) ++n_unconverged;
  }
  if (!revived.empty())
    out.push_back("runs " + revived +
                  " had factors that died (all-zero contributions or profile) and were re-seeded;" +
                  " see the species warnings for the likely cause");
  if (n_unconverged == static_cast<int>(r.runs.size()))
    out.push_back("no base run converged within max_iter");
  const detail::RowMatrix G = r.best.G, F = r.best.F;
  for (Eigen::Index k = 0; k < F.rows(); ++k)
    if (detail::factor_is_dead(G, F, k))
      out.push_back("factor " + std::to_string(k + 1) +
                    " of the best run is zero: the data support fewer factors");
  return out;
}

}  // namespace

BaseRunResult base_runs(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                        const BaseRunOptions& options, long total_index) {
  if (options.n_runs < 1)
    throw InvalidArgument(argument("n_runs"), std::to_string(options.n_runs) + " must be >= 1");
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
  auto rank = [](double q) {
    return std::isfinite(q) ? q : std::numeric_limits<double>::infinity();
  };
  for (std::size_t k = 0; k < fits.size(); ++k) {
    const FitResult& f = fits[k];
    result.runs.push_back(
        {static_cast<int>(k) + 1, f.q_true, f.q_robust, f.converged, f.iterations, f.revived});
    // Lowest Q(robust) wins (PMF 5.0's default choice); ties keep the earlier run.
    if (rank(f.q_robust) < rank(fits[result.best_run].q_robust))
      result.best_run = static_cast<int>(k);
  }
  result.q_best_run = fits[result.best_run].q_robust;
  if (options.refine && std::isfinite(result.q_best_run)) {
    // The redraws' streams: a child family of the seed, apart from the runs' streams.
    const std::uint64_t refine_seed = RandomStream(options.seed, 0).split(0x7265666eULL).next_u64();
    auto refined = detail::refine_runs(X, U, solve, fits, options.n_threads, refine_seed);
    result.refined = refined.improved;
    result.refinement_fits = refined.fits;
    if (refined.improved) result.best = std::move(refined.fit);
  }
  if (!result.refined) result.best = std::move(fits[result.best_run]);
  if (!std::isfinite(result.best.q_robust))
    throw InvalidArgument(argument("data"),
                          "no base run reached a finite Q: check the data for extreme values");
  result.diagnostics = diagnose(X, U, result.best.G, result.best.F, solve.alpha, total_index);
  result.warnings = run_warnings(result);
  for (const auto& w : result.warnings) log_warning("PMF: " + w);
  return result;
}

BaseRunResult base_run_from(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                            const SolveOptions& options, const Eigen::MatrixXd& G0,
                            const Eigen::MatrixXd& F0, long total_index) {
  const SolveOptions solve = with_defaults(options);
  BaseRunResult result;
  result.best = fit_from(X, U, solve, G0, F0);
  const FitResult& f = result.best;
  result.runs.push_back({1, f.q_true, f.q_robust, f.converged, f.iterations, f.revived});
  result.q_best_run = f.q_robust;
  if (!std::isfinite(f.q_robust))
    throw InvalidArgument(argument("data"),
                          "the run from the given start did not reach a finite Q: check the data "
                          "for extreme values");
  result.diagnostics = diagnose(X, U, f.G, f.F, solve.alpha, total_index);
  result.warnings = run_warnings(result);
  for (const auto& w : result.warnings) log_warning("PMF: " + w);
  return result;
}

BaseRunResult base_runs(const PreparedData& data, const BaseRunOptions& options) {
  return base_runs(data.concentrations.values(), data.uncertainties.values(), options,
                   data.total_index);
}

}  // namespace aqm::pmf
