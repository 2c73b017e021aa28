#pragma once
// Base-run diagnostics as EPA PMF 5.0 reports them (User Guide ch. 5–6): normalised
// contributions, profiles in concentration units and % of species, scaled residuals,
// observed vs predicted regressions, Q/Q_exp per species, explained variation, and mass
// apportionment on the total variable.
#include <Eigen/Core>

namespace aqm::pmf {

struct Diagnostics {
  Eigen::MatrixXd contributions;        ///< G normalised to mean 1 per factor (n × p)
  Eigen::MatrixXd profiles;             ///< F scaled by the factor means (p × m), conc. units
  Eigen::MatrixXd profiles_percent;     ///< 100·F_kj / Σ_k F_kj ("factor fingerprints")
  Eigen::MatrixXd predicted;            ///< G F
  Eigen::MatrixXd scaled_residuals;     ///< (X - G F) / U
  Eigen::MatrixXd explained_variation;  ///< EV_kj (Paatero), p × m
  Eigen::VectorXd q_true_per_species;   ///< Σ_i (e/s)²
  Eigen::VectorXd q_robust_per_species;
  Eigen::VectorXd q_over_q_exp;          ///< Q(robust)_j / (Q_exp / m)
  Eigen::VectorXd r2, slope, intercept;  ///< observed = slope·predicted + intercept
  Eigen::VectorXi residuals_beyond_3;    ///< count of |scaled residual| > 3
  double q_exp = 0.0;                    ///< n·m − p·(n + m)
  // Mass apportionment (only when a total variable is given; else empty).
  Eigen::MatrixXd mass_contributions;  ///< g_ik·f_k,total (n × p), units of the total
  Eigen::VectorXd mass_coefficients;   ///< NNLS regression of the total on normalised G
  double mass_r2 = 0.0;                ///< r² of that regression
};

/// Diagnostics of a fit on (X, U); total_index is the total variable's column or -1.
Diagnostics diagnose(const Eigen::MatrixXd& X, const Eigen::MatrixXd& U, const Eigen::MatrixXd& G,
                     const Eigen::MatrixXd& F, double alpha, long total_index = -1);

}  // namespace aqm::pmf
