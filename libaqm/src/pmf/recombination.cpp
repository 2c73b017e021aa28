// Refinement of the best PMF base run by recombination (see detail/recombination.hpp).
#include "aqm/pmf/detail/recombination.hpp"

#include <cmath>
#include <vector>

#include "aqm/core/parallel.hpp"

namespace aqm::pmf::detail {

namespace {

double score(const FitResult& f, const SolveOptions& o) {
  const double q = o.robust ? f.q_robust : f.q_true;
  return std::isfinite(q) ? q : HUGE_VAL;
}

// Profiles in units of each species' mean uncertainty, rows normalised: comparable shapes.
Eigen::MatrixXd shapes(const Eigen::MatrixXd& F, const Eigen::VectorXd& unc_scale) {
  Eigen::MatrixXd S = F * unc_scale.cwiseInverse().asDiagonal();
  for (Eigen::Index k = 0; k < S.rows(); ++k) {
    const double norm = S.row(k).norm();
    if (norm > 0.0) S.row(k) /= norm;
  }
  return S;
}

}  // namespace

Refinement refine_by_recombination(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U,
                                   const SolveOptions& options, FitResult start,
                                   const std::vector<const FitResult*>& others, int n_threads) {
  const SolveOptions o = with_defaults(options);
  Refinement out;
  out.fit = std::move(start);
  const Eigen::VectorXd unc_scale = U.colwise().mean().transpose();
  const Eigen::MatrixXd base = shapes(out.fit.F, unc_scale);
  struct Candidate {
    const FitResult* from;
    Eigen::Index factor, replaces;
  };
  std::vector<Candidate> candidates;
  Eigen::MatrixXd tried(0, X.cols());
  for (const FitResult* other : others) {
    const Eigen::MatrixXd s = shapes(other->F, unc_scale);
    for (Eigen::Index h = 0; h < s.rows(); ++h) {
      Eigen::Index closest = 0;
      const double similarity = (base * s.row(h).transpose()).maxCoeff(&closest);
      if (similarity >= 0.98) continue;
      if (tried.rows() > 0 && (tried * s.row(h).transpose()).maxCoeff() >= 0.98) continue;
      tried.conservativeResize(tried.rows() + 1, Eigen::NoChange);
      tried.row(tried.rows() - 1) = s.row(h);
      candidates.push_back({other, h, closest});
    }
  }
  std::vector<FitResult> fits(candidates.size());
  parallel_for(candidates.size(), n_threads, [&](std::size_t c) {
    Eigen::MatrixXd G = out.fit.G, F = out.fit.F;
    G.col(candidates[c].replaces) = candidates[c].from->G.col(candidates[c].factor);
    F.row(candidates[c].replaces) = candidates[c].from->F.row(candidates[c].factor);
    fits[c] = fit_from(X, U, o, G, F);
  });
  out.fits = static_cast<long>(fits.size());
  for (FitResult& f : fits)
    if (score(f, o) < score(out.fit, o) * (1.0 - 1e-7)) {
      out.fit = std::move(f);
      out.improved = true;
    }
  return out;
}

}  // namespace aqm::pmf::detail
