#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/core/random.hpp>
#include <aqm/pmf/constraints.hpp>
#include <cmath>

using namespace aqm::pmf;

namespace {

struct Case {
  Eigen::MatrixXd X, U, G, F;  // base run, contributions normalised to mean 1
};

// Two noisy sources on five species; the base run is a converged fit from the truth.
Case noisy_case(std::uint64_t seed = 9) {
  aqm::RandomStream rng(seed);
  const int n = 80, m = 5;
  Eigen::MatrixXd F(2, m), G(n, 2);
  F << 1.0, 0.7, 0.3, 0.2, 0.05,  //
      0.1, 0.4, 0.9, 1.0, 0.6;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) G(i, k) = rng.lognormal(0.0, 0.5);
  Case s;
  s.X = G * F;
  s.U = 0.08 * s.X.array() + 0.02;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) s.X(i, j) = std::max(0.0, s.X(i, j) + s.U(i, j) * rng.normal());
  SolveOptions o;
  o.n_factors = 2;
  o.robust = true;
  o.tol = 1e-9;
  o.window = 10;
  const FitResult base = fit_from(s.X, s.U, o, G, F);
  const Eigen::VectorXd d = base.G.colwise().mean().transpose();
  s.G = base.G * d.cwiseInverse().asDiagonal();
  s.F = d.asDiagonal() * base.F;
  return s;
}

ConstraintOptions options_with(ElementConstraint c) {
  ConstraintOptions o;
  o.elements = {c};
  o.solve.tol = 1e-9;
  o.solve.window = 10;
  return o;
}

}  // namespace

TEST_CASE("constraints: set to zero and set to value hold exactly, with dQ >= 0") {
  const Case s = noisy_case();
  ElementConstraint zero{{false, 0, 3}, ConstraintKind::set_to_zero};
  const ConstrainedResult z = constrained_run(s.X, s.U, s.G, s.F, options_with(zero));
  CHECK(z.F(0, 3) == 0.0);
  CHECK(z.dq > 0.0);
  CHECK(z.dq_budget == 0.0);
  ElementConstraint value{{false, 1, 1}, ConstraintKind::set_to_value, 0.6};
  const ConstrainedResult v = constrained_run(s.X, s.U, s.G, s.F, options_with(value));
  CHECK(v.profiles(1, 1) == 0.6);
  CHECK(v.G.col(1).mean() == doctest::Approx(1.0).epsilon(1e-8));  // the factor's scale is held
  ElementConstraint g_zero{{true, 1, 7}, ConstraintKind::set_to_zero};
  const ConstrainedResult gz = constrained_run(s.X, s.U, s.G, s.F, options_with(g_zero));
  CHECK(gz.G(7, 1) == 0.0);
}

TEST_CASE("constraints: pull up maximally raises the element until dQ reaches 0.5 %") {
  const Case s = noisy_case();
  ElementConstraint up{{false, 0, 4}, ConstraintKind::pull_up_maximally};  // percent_dq 0.5 default
  const ConstrainedResult r = constrained_run(s.X, s.U, s.G, s.F, options_with(up));
  CHECK(r.budget_reached);
  CHECK(r.dq_budget == doctest::Approx(0.005 * r.q_robust_base));
  CHECK(r.dq <= r.dq_budget * (1.0 + 1e-9));
  CHECK(r.dq >= 0.98 * r.dq_budget);
  CHECK(r.percent_dq == doctest::Approx(100.0 * r.dq / r.q_robust_base));
  CHECK(r.profiles(0, 4) > 1.2 * s.F(0, 4));
  // A larger budget pulls further.
  ConstraintOptions more =
      options_with({{false, 0, 4}, ConstraintKind::pull_up_maximally, 0.0, 2.0});
  const ConstrainedResult r2 = constrained_run(s.X, s.U, s.G, s.F, more);
  CHECK(r2.profiles(0, 4) > r.profiles(0, 4));
  CHECK(r2.dq == doctest::Approx(0.02 * r.q_robust_base).epsilon(0.02));
}

TEST_CASE("constraints: pull down maximally lowers the element within its budget") {
  const Case s = noisy_case();
  const ConstrainedResult r = constrained_run(
      s.X, s.U, s.G, s.F, options_with({{false, 1, 2}, ConstraintKind::pull_down_maximally}));
  CHECK(r.profiles(1, 2) < s.F(1, 2));
  CHECK(r.dq <= r.dq_budget * (1.0 + 1e-9));
}

TEST_CASE("constraints: pull to value within a generous budget meets the value") {
  const Case s = noisy_case();
  const double target = 1.1 * s.F(0, 1);
  const ConstrainedResult r =
      constrained_run(s.X, s.U, s.G, s.F,
                      options_with({{false, 0, 1}, ConstraintKind::pull_to_value, target, 50.0}));
  CHECK_FALSE(r.budget_reached);
  CHECK(r.profiles(0, 1) == doctest::Approx(target).epsilon(1e-3));
}

TEST_CASE("constraints: a ratio expression holds to tolerance") {
  const Case s = noisy_case();
  const double base_ratio = s.F(0, 0) / s.F(0, 1);
  const double wanted = 1.15 * base_ratio;  // f(F1, s1) / f(F1, s2) = 1.15 × the base ratio
  ConstraintOptions o;
  o.expressions = {ratio_expression({false, 0, 0}, {false, 0, 1}, wanted, 25.0)};
  o.solve.tol = 1e-9;
  o.solve.window = 10;
  const ConstrainedResult r = constrained_run(s.X, s.U, s.G, s.F, o);
  CHECK(r.F(0, 0) / r.F(0, 1) == doctest::Approx(wanted).epsilon(2e-3));
  CHECK(r.dq > 0.0);
  CHECK(r.dq <= r.dq_budget);
}

TEST_CASE("constraints: kinds parse by PMF 5.0 name; bad elements are named") {
  CHECK(parse_constraint_kind("Pull Down Maximally") == ConstraintKind::pull_down_maximally);
  CHECK(parse_constraint_kind("set_to_zero") == ConstraintKind::set_to_zero);
  CHECK(parse_constraint_kind("pull-to-value") == ConstraintKind::pull_to_value);
  CHECK_THROWS_AS(parse_constraint_kind("pull sideways"), aqm::InvalidArgument);
  const Case s = noisy_case();
  CHECK_THROWS_AS(constrained_run(s.X, s.U, s.G, s.F,
                                  options_with({{false, 2, 0}, ConstraintKind::set_to_zero})),
                  aqm::InvalidArgument);
  CHECK_THROWS_AS(constrained_run(s.X, s.U, s.G, s.F,
                                  options_with({{false, 0, 9}, ConstraintKind::set_to_zero})),
                  aqm::InvalidArgument);
  CHECK_THROWS_AS(
      constrained_run(s.X, s.U, s.G, s.F,
                      options_with({{false, 0, 1}, ConstraintKind::pull_up_maximally, 0.0, -1.0})),
      aqm::InvalidArgument);
  CHECK_THROWS_AS(ratio_expression({false, 0, 0}, {false, 0, 1}, -2.0), aqm::InvalidArgument);
}
