// FPEAK: rotation-inducing pulls towards T(φ)-rotated copies of the iterate (see fpeak.hpp).
#include "aqm/pmf/fpeak.hpp"

#include <cmath>
#include <string>

#include "aqm/core/error.hpp"
#include "aqm/core/parallel.hpp"
#include "aqm/pmf/detail/pulled_fit.hpp"

namespace aqm::pmf {

namespace {

// exp(φE), E = (J − I)/(p − 1): eigenvalue 1 on the all-ones vector, −1/(p − 1) on its
// complement, hence e^φ P + e^(−φ/(p−1)) (I − P) with P = J/p.
Eigen::MatrixXd rotation(double phi, Eigen::Index p) {
  const Eigen::MatrixXd P = Eigen::MatrixXd::Constant(p, p, 1.0 / static_cast<double>(p));
  Eigen::MatrixXd I = Eigen::MatrixXd::Identity(p, p);  // not const: returned by move
  if (p == 1) return I;
  return std::exp(phi) * P + std::exp(-phi / static_cast<double>(p - 1)) * (I - P);
}

FpeakRun run_one(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                 const Eigen::MatrixXd& F, double phi, const FpeakOptions& options,
                 const SolveOptions& solve, double q_base) {
  FpeakRun run;
  run.strength = phi;
  if (phi == 0.0) {  // no pull: the base run itself
    run.G = G;
    run.F = F;
    const QValues q = q_values(X, U, G, F, solve.alpha);
    run.q_true = q.q_true;
    run.q_robust = q.q_robust;
    run.converged = true;
  } else {
    const Eigen::Index p = F.rows();
    const Eigen::MatrixXd T = rotation(phi, p), T_inv = rotation(-phi, p);
    Eigen::VectorXd inv_s2(F.cols());  // 1 / s̄_j²
    for (Eigen::Index j = 0; j < F.cols(); ++j) inv_s2(j) = 1.0 / U.col(j).array().square().mean();
    detail::Pulls pulls;
    const detail::PullUpdate update = [&](const detail::RowMatrix& Gc, const detail::RowMatrix& Fc,
                                          detail::Pulls& pl) {
      Eigen::VectorXd d = Gc.colwise().mean().transpose();
      for (Eigen::Index k = 0; k < p; ++k)
        if (!(d(k) > 0.0)) d(k) = 1.0;
      const Eigen::MatrixXd G_hat = Gc * d.cwiseInverse().asDiagonal();
      const Eigen::MatrixXd F_hat = d.asDiagonal() * Fc;
      pl.g_target = (G_hat * T) * d.asDiagonal();
      pl.f_target = d.cwiseInverse().asDiagonal() * (T_inv * F_hat);
      // Weights in normalised units, carried back to the raw scale of each factor.
      const Eigen::RowVectorXd g_weight = options.weight * d.array().square().inverse().transpose();
      pl.g_weight = g_weight.replicate(Gc.rows(), 1);
      pl.f_weight = options.weight * (d.array().square().matrix() * inv_s2.transpose());
    };
    const detail::PulledFit r = detail::fit_pulled(X, U, solve, G, F, pulls, update);
    run.G = r.fit.G;
    run.F = r.fit.F;
    run.q_true = r.fit.q_true;
    run.q_robust = r.fit.q_robust;
    run.converged = r.fit.converged;
    run.iterations = r.fit.iterations;
  }
  run.dq = run.q_robust - q_base;
  run.percent_dq = q_base > 0.0 ? 100.0 * run.dq / q_base : 0.0;
  return run;
}

}  // namespace

FpeakResult fpeak(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                  const Eigen::MatrixXd& F, const FpeakOptions& options) {
  const Eigen::Index n = X.rows(), m = X.cols(), p = F.rows();
  if (G.rows() != n || G.cols() != p || F.cols() != m || U.rows() != n || U.cols() != m)
    throw InvalidArgument(argument("fpeak"), "X, U, G, F shapes do not agree");
  if (!(options.weight > 0.0) || !std::isfinite(options.weight))
    throw InvalidArgument(argument("weight"), "must be finite and > 0");
  for (double phi : options.strengths)
    if (!std::isfinite(phi) || std::abs(phi) > 10.0)
      throw InvalidArgument(argument("strength"), std::to_string(phi) + " is outside [-10, 10]");
  SolveOptions solve = options.solve;
  // The targets move with the iterate: Q + pull changes little per sweep while the solution
  // still turns, so the default stop rule is tighter than a base run's.
  if (solve.tol <= 0.0) solve.tol = 1e-8;
  solve = with_defaults(solve);
  solve.n_factors = static_cast<int>(p);
  solve.method = Method::als;
  FpeakResult out;
  out.q_robust_base = q_values(X, U, G, F, solve.alpha).q_robust;
  out.runs.resize(options.strengths.size());
  parallel_for(out.runs.size(), options.n_threads, [&](std::size_t r) {
    out.runs[r] = run_one(X, U, G, F, options.strengths[r], options, solve, out.q_robust_base);
  });
  return out;
}

}  // namespace aqm::pmf
