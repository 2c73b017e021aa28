// Degeneracy bench: data that break naive PMF solvers (a species below detection everywhere
// with a tiny uncertainty, constant and all-zero columns, species scales 1e-6..1e3, p close to
// the number of species, 10 samples, a duplicated species).  Every case has a known truth
// (G, F); the expectations come from it, not from the solver: no dead factor, nothing NaN, and
// the best base run's Q no worse than the fit continued from the truth.
#include <doctest/doctest.h>

#include <aqm/core/random.hpp>
#include <aqm/pmf/base_runs.hpp>
#include <aqm/pmf/detail/pinned_fit.hpp>
#include <aqm/pmf/displacement.hpp>
#include <aqm/pmf/solver.hpp>
#include <cmath>
#include <functional>

using namespace aqm::pmf;

namespace {

struct Truth {
  Eigen::MatrixXd G, F, X, U;
};

// p sources with one marker species each (plus small shares elsewhere), log-normal activity,
// uncertainty 5 % + a floor, noise drawn with it.  `scale(j)` multiplies species j.
Truth known_truth(
    std::uint64_t seed, int n, int m, int p,
    const std::function<double(int)>& scale = [](int) { return 1.0; }) {
  aqm::RandomStream rng(seed);
  Truth t;
  t.F = Eigen::MatrixXd::Constant(p, m, 0.03);
  for (int j = 0; j < m; ++j) t.F(j % p, j) = 1.0 + 0.1 * j;
  for (int j = 0; j < m; ++j) t.F.col(j) *= scale(j);
  t.G.resize(n, p);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k) t.G(i, k) = rng.lognormal(0.0, 0.6);
  const Eigen::MatrixXd clean = t.G * t.F;
  t.U = 0.05 * clean;
  for (int j = 0; j < m; ++j) t.U.col(j).array() += 0.02 * scale(j);
  t.X = clean;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) t.X(i, j) += t.U(i, j) * rng.normal();
  return t;
}

// A species below detection in every sample: values uniform in [0, MDL/2], uncertainty 5/6·MDL
// (PMF 5.0's rule), the true profile zero for it.
void add_below_detection_species(Truth& t, double mdl, std::uint64_t seed) {
  aqm::RandomStream rng(seed);
  const Eigen::Index n = t.X.rows(), m = t.X.cols();
  t.X.conservativeResize(n, m + 1);
  t.U.conservativeResize(n, m + 1);
  t.F.conservativeResize(Eigen::NoChange, m + 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    t.X(i, m) = rng.uniform(0.0, 0.5 * mdl);
    t.U(i, m) = 5.0 / 6.0 * mdl;
  }
  t.F.col(m).setZero();
}

bool any_dead(const Eigen::MatrixXd& G, const Eigen::MatrixXd& F) {
  for (Eigen::Index k = 0; k < F.rows(); ++k)
    if (G.col(k).maxCoeff() <= 0.0 || F.row(k).maxCoeff() <= 0.0) return true;
  return false;
}

// Base runs on the case; checks the bench's three expectations and returns the result.
BaseRunResult check_case(const Truth& t, int p, std::uint64_t seed, int runs = 8) {
  BaseRunOptions o;
  o.solve.n_factors = p;
  o.n_runs = runs;
  o.seed = seed;
  o.n_threads = 1;
  const auto r = base_runs(t.X, t.U, o);
  const FitResult from_truth = fit_from(t.X, t.U, with_defaults(o.solve), t.G, t.F);
  CHECK(std::isfinite(r.best.q_robust));
  CHECK(r.best.G.allFinite());
  CHECK(r.best.F.allFinite());
  CHECK_FALSE(any_dead(r.best.G, r.best.F));
  CHECK(r.best.q_robust <= from_truth.q_robust * (1.0 + 1e-4));
  return r;
}

}  // namespace

TEST_CASE("bench: a strong species below detection everywhere (tiny 5/6 MDL uncertainty)") {
  for (double mdl : {1e-3, 1e-5, 1e-7})
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      CAPTURE(mdl);
      CAPTURE(seed);
      Truth t = known_truth(seed, 150, 12, 4);
      add_below_detection_species(t, mdl, seed + 100);
      const auto r = check_case(t, 4, seed);
      for (const auto& run : r.runs) CHECK(std::isfinite(run.q_robust));
    }
}

TEST_CASE("root cause: the scale-aware start keeps every factor alive in the first sweep") {
  // The old start |N|·sqrt(mean/p) predicted ~1e-3 for a species measured at ~1e-7 ± 1e-7, and
  // the first G step zeroed whole factors.  With the start in each species' own units no
  // factor dies, so nothing has to be revived.
  Truth t = known_truth(4, 150, 12, 4);
  add_below_detection_species(t, 1e-7, 7);
  SolveOptions o;
  o.n_factors = 4;
  for (std::uint64_t s = 0; s < 6; ++s) {
    aqm::RandomStream stream(11, s);
    const auto r = fit(t.X, t.U, o, stream);
    CHECK(r.revived == 0);
    CHECK_FALSE(any_dead(r.G, r.F));
  }
}

TEST_CASE("a dead factor in the start is revived and Q never rises (exact one-factor steps)") {
  const Truth t = known_truth(9, 120, 12, 3);
  SolveOptions o;
  o.n_factors = 3;
  o.robust = false;
  o.tol = 1e-10;
  Eigen::MatrixXd G0 = t.G, F0 = t.F;
  G0.col(1).setZero();
  F0.row(1).setZero();
  const auto r = fit_from(t.X, t.U, o, G0, F0);
  CHECK(r.revived >= 1);
  CHECK_FALSE(any_dead(r.G, r.F));
  for (std::size_t i = 1; i < r.q_history.size(); ++i)
    CHECK(r.q_history[i] <= r.q_history[i - 1] * (1 + 1e-12));
  const auto truth_fit = fit_from(t.X, t.U, o, t.G, t.F);
  CHECK(r.q_true == doctest::Approx(truth_fit.q_true).epsilon(1e-6));
  // Robust mode: the Huber objective the iteration decreases does not rise either.
  o.robust = true;
  const auto rr = fit_from(t.X, t.U, o, G0, F0);
  CHECK(rr.revived >= 1);
  for (std::size_t i = 1; i < rr.q_history.size(); ++i)
    CHECK(rr.q_history[i] <= rr.q_history[i - 1] * (1 + 1e-12));
}

TEST_CASE("bench: constant column, all-zero column, duplicated species") {
  enum class Kind { constant, zero, duplicated };
  for (Kind kind : {Kind::constant, Kind::zero, Kind::duplicated})
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      CAPTURE(static_cast<int>(kind));
      CAPTURE(seed);
      Truth t = known_truth(seed, 120, 10, 3);
      const Eigen::Index n = t.X.rows();
      if (kind == Kind::constant) {  // 0.5 ± 0.05 from no source: the truth's profile is zero
        t.X.col(4).setConstant(0.5);
        t.U.col(4).setConstant(0.05);
        t.F.col(4).setZero();
      } else if (kind == Kind::zero) {  // robust PMF returned NaN everywhere here
        t.X.col(4).setZero();
        t.U.col(4).setConstant(0.01);
        t.F.col(4).setZero();
      } else {
        t.X.conservativeResize(n, 11);
        t.U.conservativeResize(n, 11);
        t.F.conservativeResize(Eigen::NoChange, 11);
        t.X.col(10) = t.X.col(2);
        t.U.col(10) = t.U.col(2);
        t.F.col(10) = t.F.col(2);
      }
      check_case(t, 3, seed);
    }
}

TEST_CASE("bench: species scales from 1e-6 to 1e3") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    const Truth t = known_truth(seed, 150, 10, 3, [](int j) { return std::pow(10.0, -6.0 + j); });
    check_case(t, 3, seed);
  }
}

TEST_CASE("bench: p close to the number of species, and only 10 samples") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    check_case(known_truth(seed, 200, 8, 6), 6, seed);  // p = m − 2
    check_case(known_truth(seed, 10, 12, 2), 2, seed);  // Q_exp = 120 − 2·22 = 76
  }
}

TEST_CASE("too many factors for the data is rejected with Q_exp named") {
  // 7 samples × 25 species at p = 6: Q_exp = 175 − 6·32 = −17 (reported silently before).
  const Truth t = known_truth(1, 7, 25, 3);
  SolveOptions o;
  o.n_factors = 6;
  aqm::RandomStream stream(1);
  CHECK_THROWS_WITH_AS(fit(t.X, t.U, o, stream), doctest::Contains("Q_exp = -17"),
                       aqm::InvalidArgument);
  // p = 9 on 10 samples (it gave a dead factor): Q_exp = 120 − 9·22 < 0.
  const Truth ten = known_truth(1, 10, 12, 3);
  o.n_factors = 9;
  CHECK_THROWS_WITH_AS(fit(ten.X, ten.U, o, stream), doctest::Contains("n_factors"),
                       aqm::InvalidArgument);
}

TEST_CASE("warm robust refit of a converged base returns it; DISP's reference is the base's Q") {
  const Truth t = known_truth(5, 100, 8, 2);
  SolveOptions o;
  o.n_factors = 2;
  o.tol = 1e-9;
  aqm::RandomStream stream(2);
  const auto base = fit(t.X, t.U, o, stream);
  REQUIRE(base.converged);
  const auto refit = fit_from(t.X, t.U, o, base.G, base.F);
  CHECK(refit.q_robust == doctest::Approx(base.q_robust).epsilon(1e-6));
  // Huber value after the first sweep: no jump (the plain first sweep raised it).
  CHECK(refit.q_history.front() <= base.q_history.back() * (1 + 1e-9));
  DisplacementOptions d;
  d.dq_max = {4.0};
  d.bisection_steps = 1;
  d.solve = o;
  d.n_threads = 1;
  const auto disp = displacement(t.X, t.U, base.G, base.F, d);
  CHECK(disp.q_base == doctest::Approx(base.q_robust).epsilon(1e-12));
}

TEST_CASE("DISP reports a lower minimum and returns it when the base is not converged") {
  const Truth t = known_truth(6, 100, 8, 2);
  SolveOptions o;
  o.n_factors = 2;
  o.max_iter = 2;  // far from the minimum
  aqm::RandomStream stream(2);
  const auto rough = fit(t.X, t.U, o, stream);
  DisplacementOptions d;
  d.dq_max = {4.0};
  d.bisection_steps = 1;
  d.solve.tol = 1e-8;
  d.n_threads = 1;
  const auto disp = displacement(t.X, t.U, rough.G, rough.F, d);
  REQUIRE(disp.lower_minimum_found);
  const QValues q = q_values(t.X, t.U, disp.G_lowest, disp.F_lowest, 4.0);
  CHECK(q.q_robust == doctest::Approx(disp.q_lowest).epsilon(1e-9));
  CHECK(disp.q_lowest < rough.q_robust - 1.0);
}
