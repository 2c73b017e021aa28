#pragma once
// One PMF fit: minimise Q = ΣΣ (e_ij / s_ij)² over G, F >= 0 (Paatero & Tapper 1994), with
// PMF 5.0's robust mode inside the fit: scaled residuals beyond α are down-weighted so that an
// outlier adds |e/s|·α instead of (e/s)² (a Huber loss, minimised by reweighting each sweep).
//
// Methods
//  * als: alternating exact weighted non-negative least squares — every row of G and every
//    column of F is a p-variable NNLS on its weighted normal equations, solved by an active
//    set warm-started from the previous sweep.  Tens to hundreds of sweeps.
//  * ls_nmf: weighted multiplicative updates (Wang, Kossenkov & Ochs 2006, as in EPA's ESAT),
//    kept as a reference method; thousands of iterations.
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "aqm/core/random.hpp"

namespace aqm::pmf {

enum class Method { als, ls_nmf };

/// "als" | "ls-nmf" (also "ls_nmf"); throws InvalidArgument otherwise.
Method parse_method(const std::string& name);
const char* to_string(Method m);

struct SolveOptions {
  int n_factors = 6;
  Method method = Method::als;
  bool robust = true;       ///< PMF 5.0 default
  double alpha = 4.0;       ///< outlier threshold on |e/s| (PMF 5.0 default)
  int max_iter = 0;         ///< 0 = method default (als 2000 sweeps, ls_nmf 20000)
  double tol = 0.0;         ///< 0 = default (als 1e-5, ls_nmf 1e-6): relative change over `window`
  int window = 0;           ///< 0 = method default (als 5, ls_nmf 100)
  bool extrapolate = true;  ///< als: extrapolated sweeps (monotone, fewer sweeps)
};

/// Resolved defaults for `options` (never zero).
SolveOptions with_defaults(SolveOptions options);

struct FitResult {
  Eigen::MatrixXd G;  ///< contributions, samples × factors
  Eigen::MatrixXd F;  ///< profiles, factors × species
  double q_true = 0.0;
  double q_robust = 0.0;
  bool converged = false;
  int iterations = 0;
  std::vector<double>
      q_history;    ///< objective after each iteration: Q(true), or the Huber value when robust
  int revived = 0;  ///< dead factors (all-zero contributions or profile) re-seeded
};

/// Q(true) = ΣΣ (e/s)² and Q(robust) with h² = max(1, |e/s|/α) (PMF 5.0 definitions).
struct QValues {
  double q_true = 0.0;
  double q_robust = 0.0;
  double huber = 0.0;  ///< Σ r² (|r| ≤ α) or 2α|r| − α²: what robust reweighting (IRLS) decreases
};
QValues q_values(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                 const Eigen::MatrixXd& F, double alpha);

/// Fit from a start drawn from `stream`: a scale-aware start, |N(0,1)| times each species' mean
/// |x| in F and each sample's relative level in G (see solver.cpp for why not ESAT's).
/// X and U must be finite with U > 0 (aqm::pmf::prepare guarantees it).
FitResult fit(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& options,
              RandomStream& stream);

/// Fit from a given start (F0 is p × m, G0 n × p; ALS uses only F0 for its first step).  The
/// start is treated as a solution to continue: robust mode begins with its robust weights, so
/// refitting a converged fit from itself returns it.
FitResult fit_from(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const SolveOptions& options,
                   const Eigen::MatrixXd& G0, const Eigen::MatrixXd& F0);

}  // namespace aqm::pmf
