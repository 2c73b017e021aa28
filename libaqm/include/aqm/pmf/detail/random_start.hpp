#pragma once
// The scale-aware random start of a PMF fit (see fit() in solver.cpp for why not ESAT's):
// f_kj = |N(0,1)|·mean|x_j| and g_ik = |N(0,1)|·(row i's mean of x_ij / mean|x_j|) / (p·E|N|²),
// so that G F matches every species in its own units.  Also used to re-seed single factors.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "aqm/core/random.hpp"

namespace aqm::pmf::detail {

struct StartScales {
  Eigen::VectorXd species;  ///< multiplies |N| in F (m)
  Eigen::VectorXd samples;  ///< multiplies |N| in G (n), before the division by `divisor`
  double divisor = 1.0;     ///< p·E|N|²
};

StartScales start_scales(const Eigen::MatrixXd& X, int n_factors);

/// |N(0,1)| kept away from zero, so that no start element is exactly 0.
inline double start_draw(RandomStream& stream) { return std::max(std::abs(stream.normal()), 1e-6); }

/// Redraws factor k: F's row k, then G's column k.
void redraw_factor(const StartScales& scales, RandomStream& stream, Eigen::MatrixXd& G,
                   Eigen::MatrixXd& F, Eigen::Index k);

}  // namespace aqm::pmf::detail
