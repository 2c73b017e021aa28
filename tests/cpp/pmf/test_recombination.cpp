// Refinement of the best base run by recombination (detail/recombination.hpp).
#include <doctest/doctest.h>

#include <aqm/core/data_path.hpp>
#include <aqm/io/delimited.hpp>
#include <aqm/pmf/base_runs.hpp>
#include <aqm/pmf/detail/recombination.hpp>

using namespace aqm::pmf;

TEST_CASE("refinement never worsens the best run; its redraws are seeded") {
  aqm::RandomStream rng(3);
  const int n = 120, m = 9, p = 3;
  Eigen::MatrixXd G(n, p), F = Eigen::MatrixXd::Constant(p, m, 0.03);
  for (int j = 0; j < m; ++j) F(j % p, j) = 1.0 + 0.1 * j;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k) G(i, k) = rng.lognormal(0.0, 0.6);
  Eigen::MatrixXd X = G * F, U = 0.05 * X;
  U.array() += 0.02;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) X(i, j) += U(i, j) * rng.normal();
  SolveOptions o;
  o.n_factors = p;
  aqm::RandomStream s(1);
  const FitResult best = fit(X, U, o, s);
  // The same solution twice: the copy is no distinct run, so there is no recombination
  // candidate; the redraw rounds remain: 3 factors × 4 + 3 pairs + 1 triple = 16 screened, all
  // 16 shortlisted (<= 24), 3 finished, twice.
  const std::vector<FitResult> runs{best, best};
  const auto same = detail::refine_runs(X, U, o, runs, 1, 7);
  CHECK(same.fits == 2 * (16 + 16 + 3));
  CHECK(same.fit.q_robust <= best.q_robust);
  // The data were made from 3 separated sources: the best run is the minimum, nothing beats it
  // by more than the stop rule's tolerance.
  CHECK(same.fit.q_robust >= best.q_robust * (1.0 - 1e-4));
  // Same seed, other thread count: the same answer.
  const auto again = detail::refine_runs(X, U, o, runs, 2, 7);
  CHECK(again.fit.q_robust == same.fit.q_robust);
  CHECK(again.fits == same.fits);
}

TEST_CASE("refinement skips runs without a finite Q and returns nothing from none") {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(12, 5), U = Eigen::MatrixXd::Ones(12, 5);
  SolveOptions o;
  o.n_factors = 2;
  FitResult broken;
  broken.G = Eigen::MatrixXd::Constant(12, 2, NAN);
  broken.F = Eigen::MatrixXd::Constant(2, 5, NAN);
  broken.q_robust = broken.q_true = NAN;
  const auto r = detail::refine_runs(X, U, o, {broken}, 1, 7);
  CHECK_FALSE(r.improved);
  CHECK(r.fits == 0);
}

TEST_CASE("Baton Rouge: refinement reaches the lowest known minimum from poor batches") {
  const auto X =
      aqm::io::read_delimited(aqm::data_path("pmf/epa/Dataset-BatonRouge-con.csv")).values();
  const auto U =
      aqm::io::read_delimited(aqm::data_path("pmf/epa/Dataset-BatonRouge-unc.csv")).values();
  BaseRunOptions o;
  o.solve.n_factors = 6;
  // Seed 4: the best run stops 0.65 % above the lowest minimum.  Seed 5: it stops at 53,080, a
  // minimum three factors away that recombination from the best run alone never left.
  for (const std::uint64_t seed : {4, 5}) {
    CAPTURE(seed);
    o.seed = seed;
    const auto r = base_runs(X, U, o);  // refine is the default
    // The lowest Q(robust) known is 52,619.0 (thousands of runs and refined batches,
    // benchmarks/README.md); the refined best lands within 0.05 % of it, the best run does not.
    CHECK(r.q_best_run > 52619.0 * 1.0005);
    CHECK(r.refined);
    CHECK(r.best.q_robust <= 52619.0 * 1.0005);
    CHECK(r.best.q_robust <= r.q_best_run);
  }
}

TEST_CASE("Baltimore: the redraws leave a minimum no run of the batch improved on") {
  const auto X =
      aqm::io::read_delimited(aqm::data_path("pmf/epa/Dataset-Baltimore_con.txt")).values();
  const auto U =
      aqm::io::read_delimited(aqm::data_path("pmf/epa/Dataset-Baltimore_unc.txt")).values();
  BaseRunOptions o;
  o.solve.n_factors = 6;
  o.seed = 9;  // every run of this batch stops at 15,887 or above, 0.6 % over the lowest known
  const auto r = base_runs(X, U, o);
  // The lowest Q(robust) in 500 runs (seed 1000, benchmarks/README.md) is 15,794.3.
  CHECK(r.q_best_run > 15794.3 * 1.005);
  CHECK(r.best.q_robust <= 15794.3 * 1.0005);
}
