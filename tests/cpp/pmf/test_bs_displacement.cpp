#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/core/random.hpp>
#include <aqm/pmf/bootstrap.hpp>
#include <aqm/pmf/bs_displacement.hpp>
#include <cmath>

using namespace aqm::pmf;

namespace {

struct Case {
  Eigen::MatrixXd X, U, G, F, truth_profiles;
};

// Two sources with exclusive species and days with only one source: no rotational freedom,
// so BS-DISP intervals reflect noise and should cover the true profiles.
Case unique_case() {
  aqm::RandomStream rng(41);
  const int n = 90, m = 6, p = 2;
  Eigen::MatrixXd G(n, p), F(p, m);
  F << 1.0, 0.8, 0.6, 0.0, 0.0, 0.1,  //
      0.0, 0.1, 0.0, 1.2, 0.9, 0.5;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k) G(i, k) = rng.lognormal(0.0, 0.5);
  for (int i = 0; i < 10; ++i) G(i, 1) = G(i + 10, 0) = 0.0;
  Case s;
  s.truth_profiles = G.colwise().mean().transpose().asDiagonal() * F;
  s.X = G * F;
  s.U = 0.05 * s.X.array() + 0.01;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) s.X(i, j) += s.U(i, j) * rng.normal();
  SolveOptions o;
  o.n_factors = p;
  o.robust = false;
  const FitResult base = fit_from(s.X, s.U, o, G, F);
  s.G = base.G;
  s.F = base.F;
  return s;
}

BsDispOptions small_options(int threads) {
  BsDispOptions o;
  o.n_boot = 6;
  o.seed = 123;
  o.n_threads = threads;
  o.bisection_steps = 3;
  o.solve.robust = false;
  return o;
}

}  // namespace

TEST_CASE("bs-disp: same result at 1 and 2 threads") {
  const Case s = unique_case();
  const BsDispResult a = bs_displacement(s.X, s.U, s.G, s.F, small_options(1));
  const BsDispResult b = bs_displacement(s.X, s.U, s.G, s.F, small_options(2));
  REQUIRE(a.lower.size() == 4);
  for (std::size_t l = 0; l < a.lower.size(); ++l) {
    CHECK(a.lower[l].isApprox(b.lower[l], 0.0));
    CHECK(a.upper[l].isApprox(b.upper[l], 0.0));
  }
  CHECK(a.swaps == b.swaps);
  CHECK(a.fits == b.fits);
  CHECK(a.largest_decrease == b.largest_decrease);
}

TEST_CASE("bs-disp: nested intervals that cover the true profiles, no swaps without ambiguity") {
  const Case s = unique_case();
  const BsDispResult r = bs_displacement(s.X, s.U, s.G, s.F, small_options(2));
  CHECK(r.dq_max == std::vector<double>{0.5, 1.0, 2.0, 4.0});
  CHECK(r.mapped(0) == 6);
  CHECK(r.mapped(1) == 6);
  CHECK(r.swaps.sum() == 0);
  for (std::size_t l = 1; l < r.lower.size(); ++l) {
    CHECK((r.lower[l].array() <= r.lower[l - 1].array() + 1e-12).all());
    CHECK((r.upper[l].array() >= r.upper[l - 1].array() - 1e-12).all());
  }
  int covered = 0, nonzero = 0;
  for (Eigen::Index k = 0; k < 2; ++k)
    for (Eigen::Index j = 0; j < 6; ++j) {
      if (s.truth_profiles(k, j) == 0.0) continue;
      ++nonzero;
      covered +=
          r.lower[3](k, j) <= s.truth_profiles(k, j) && s.truth_profiles(k, j) <= r.upper[3](k, j);
    }
  CHECK(covered >= nonzero - 1);
}

TEST_CASE("bs-disp: 3 bisection steps give the intervals of 5 to a small share of their width") {
  const Case s = unique_case();
  BsDispOptions o = small_options(2);
  o.bisection_steps = 5;
  const BsDispResult fine = bs_displacement(s.X, s.U, s.G, s.F, o);
  o.bisection_steps = 3;
  const BsDispResult coarse = bs_displacement(s.X, s.U, s.G, s.F, o);
  CHECK(coarse.fits < fine.fits);
  for (std::size_t l = 0; l < fine.lower.size(); ++l) {
    const Eigen::ArrayXXd width = (fine.upper[l] - fine.lower[l]).array() + 1e-12;
    CHECK(((coarse.lower[l] - fine.lower[l]).array().abs() / width).maxCoeff() < 0.05);
    CHECK(((coarse.upper[l] - fine.upper[l]).array().abs() / width).maxCoeff() < 0.05);
  }
}

TEST_CASE("bs-disp: the resamples are the bootstrap's for the same seed") {
  const Case s = unique_case();
  BootstrapOptions bo;
  bo.n_boot = 6;
  bo.seed = 123;
  bo.block_size = 3;
  bo.solve.robust = false;
  const BootstrapResult bs = bootstrap(s.X, s.U, s.G, s.F, bo);
  BsDispOptions o = small_options(2);
  o.block_size = 3;
  o.dq_max = {4.0};
  o.bisection_steps = 1;
  const BsDispResult r = bs_displacement(s.X, s.U, s.G, s.F, o);
  CHECK(r.block_size == bs.block_size);
  for (int k = 0; k < 2; ++k) CHECK(r.mapped(k) == bs.mapping(k, k));
  // Same rows drawn: the BS-DISP interval of each mapped element contains that resample's
  // bootstrap profile, so the widest interval contains the bootstrap's 5-95 % range.
  for (Eigen::Index k = 0; k < 2; ++k)
    for (Eigen::Index j = 0; j < 6; ++j) {
      CHECK(r.lower[0](k, j) <= bs.p05(k, j) + 1e-9 * (1.0 + std::abs(bs.p05(k, j))));
      CHECK(r.upper[0](k, j) >= bs.p95(k, j) - 1e-9 * (1.0 + std::abs(bs.p95(k, j))));
    }
}

TEST_CASE("bs-disp: bad input is named") {
  const Case s = unique_case();
  BsDispOptions o = small_options(1);
  o.n_boot = 0;
  CHECK_THROWS_AS(bs_displacement(s.X, s.U, s.G, s.F, o), aqm::InvalidArgument);
  o = small_options(1);
  o.block_size = 1000;
  CHECK_THROWS_AS(bs_displacement(s.X, s.U, s.G, s.F, o), aqm::InvalidArgument);
}
