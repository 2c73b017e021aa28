#pragma once
// FPEAK rotations of a base run (EPA PMF 5.0 User Guide §7, after PMF2; Paatero, Hopke, Song &
// Ramadan 2002, Chemom. Intell. Lab. Syst. 60:253): a strength φ pulls the solution along a
// rotation, φ > 0 adding G columns to each other and subtracting F rows from each other (more
// zeros in the profiles, "sharper F"), φ < 0 the reverse (more zeros in the contributions).
//
// libaqm's formulation (PMF2's engine is closed; this is written from the published
// description, see docs/architecture.md).  With contributions normalised to mean 1
// (G = Ĝ D, F = D⁻¹ F̂, D = diag of the column means) and E = (J − I)/(p − 1) (the mean of the
// other factors), the rotation  T(φ) = exp(φE) = e^φ P + e^(−φ/(p−1)) (I − P),  P = J/p,
// is applied to the current iterate before every sweep to give targets
//   Ĝ* = Ĝ T(φ),   F̂* = T(φ)⁻¹ F̂ = T(−φ) F̂,
// and the sweep minimises  Q + Σ_ik (ĝ_ik − ĝ*_ik)² + Σ_kj ((f̂_kj − f̂*_kj) / s̄_j)²
// (s̄_j: root-mean-square uncertainty of species j), all terms scaled by `weight`.  Because
// Ĝ*F̂* = ĜF̂, the pull costs nothing in Q until non-negativity binds: the solution turns
// towards the edge of the feasible rotations and past it only as far as Q allows.  φ = 0 is
// the base run.  dQ = Q(robust) − Q(robust) of the base.
#include <Eigen/Core>
#include <vector>

#include "aqm/pmf/solver.hpp"

namespace aqm::pmf {

struct FpeakOptions {
  std::vector<double> strengths = {0.5, 1.0, -0.5, -1.0};  ///< φ values, one run each
  double weight = 1.0;                                     ///< scale of the pull terms
  int n_threads = 0;                                       ///< runs in parallel
  SolveOptions solve;  ///< n_factors from the base run; robust, α, tol (default 1e-8)
};

struct FpeakRun {
  double strength = 0.0;
  Eigen::MatrixXd G, F;  ///< rotated solution (same scaling as the base G, F)
  double q_true = 0.0, q_robust = 0.0;
  double dq = 0.0;          ///< Q(robust) − base Q(robust)
  double percent_dq = 0.0;  ///< 100 · dQ / base Q(robust)
  bool converged = false;
  int iterations = 0;
};

struct FpeakResult {
  double q_robust_base = 0.0;
  std::vector<FpeakRun> runs;  ///< in the order of options.strengths
};

/// FPEAK runs from a base run (G n × p, F p × m) of data X, U.
FpeakResult fpeak(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                  const Eigen::MatrixXd& F, const FpeakOptions& options);

}  // namespace aqm::pmf
