#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/core/random.hpp>
#include <aqm/pmf/factor_sweep.hpp>
#include <cmath>

using namespace aqm::pmf;

TEST_CASE("factor sweep: three true sources show as the knee of Q(robust) with Q/Q_exp near 1") {
  aqm::RandomStream rng(77);
  const int n = 120, m = 10, p_true = 3;
  Eigen::MatrixXd G(n, p_true), F(p_true, m);
  for (int k = 0; k < p_true; ++k)
    for (int j = 0; j < m; ++j) F(k, j) = (j % p_true == k ? 1.0 : 0.05) * (0.5 + rng.uniform());
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p_true; ++k) G(i, k) = rng.lognormal(0.0, 0.6);
  Eigen::MatrixXd X = G * F, U = 0.05 * X.array() + 0.02;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) X(i, j) += U(i, j) * rng.normal();
  FactorSweepOptions o;
  o.factors = {2, 3, 4};
  o.base.n_runs = 4;
  o.base.seed = 3;
  o.base.solve.robust = false;
  o.n_boot = 5;
  o.bootstrap.seed = 4;
  const auto rows = factor_sweep(X, U, o);
  REQUIRE(rows.size() == 3);
  CHECK(std::isnan(rows[0].q_robust_drop));
  // Q_exp = n m − p (n + m), by hand for p = 3: 1200 − 3·130 = 810.
  CHECK(rows[1].q_exp == 810.0);
  CHECK(rows[1].q_robust_over_q_exp > 0.7);
  CHECK(rows[1].q_robust_over_q_exp < 1.3);
  CHECK(rows[0].q_robust_over_q_exp > 5.0);
  CHECK(rows[1].q_robust_drop > 20.0 * rows[2].q_robust_drop);
  CHECK(rows[1].bs_mapping_rate == 1.0);
  CHECK(rows[0].max_abs_scaled_residual > rows[1].max_abs_scaled_residual);
  CHECK(rows[1].disp_swaps == -1);
  CHECK(rows[1].base.best.F.rows() == 3);
}

TEST_CASE("factor sweep: p outside the data's range is named") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(10, 4), U = Eigen::MatrixXd::Ones(10, 4);
  FactorSweepOptions o;
  o.factors = {2, 4};
  CHECK_THROWS_AS(factor_sweep(X, U, o), aqm::InvalidArgument);
  o.factors = {};
  CHECK_THROWS_AS(factor_sweep(X, U, o), aqm::InvalidArgument);
}
