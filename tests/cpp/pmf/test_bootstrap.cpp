#include <doctest/doctest.h>

#include <aqm/core/random.hpp>
#include <aqm/pmf/bootstrap.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>

using namespace aqm::pmf;

namespace {

// Three factors; factor k emits species j with j % 3 == k at 1 + 0.1 j and every other species
// at `off`; lognormal contributions; 5 % + 0.02 noise, values floored at `floor`; one base run.
struct KnownTruth {
  Eigen::MatrixXd G, F, X, U;
  FitResult base;
};

KnownTruth known_truth(std::uint64_t seed, double off, double floor) {
  aqm::RandomStream rng(seed);
  const int n = 200, m = 12, p = 3;
  KnownTruth t;
  t.G.resize(n, p);
  t.F = Eigen::MatrixXd::Constant(p, m, off);
  for (int k = 0; k < p; ++k)
    for (int j = 0; j < m; ++j)
      if (j % p == k) t.F(k, j) = 1.0 + 0.1 * j;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < p; ++k) t.G(i, k) = rng.lognormal(0.0, 0.6);
  const Eigen::MatrixXd truth = t.G * t.F;
  t.U = 0.05 * truth.array() + 0.02;
  t.X = truth;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) t.X(i, j) = std::max(floor, t.X(i, j) + t.U(i, j) * rng.normal());
  SolveOptions so;
  so.n_factors = p;
  aqm::RandomStream start(1);
  t.base = fit(t.X, t.U, so, start);
  return t;
}

}  // namespace

TEST_CASE("automatic block length matches the AR(1) theory of Politis & White / Patton et al.") {
  // For AR(1) with coefficient phi: G = Σ|k|R(k) = 2σ²φ/(1-φ)², g(0) = ΣR(k) = σ²(1+φ)/(1-φ),
  // D_CB = 4/3 g(0)², so b = (3/2 · (G/g(0))²)^(1/3) · n^(1/3) with G/g(0) = 2φ/(1-φ²).
  const int n = 40000;
  const double phi = 0.5;
  aqm::RandomStream rng(2024);
  Eigen::VectorXd x(n);
  x(0) = rng.normal();
  for (int t = 1; t < n; ++t) x(t) = phi * x(t - 1) + std::sqrt(1 - phi * phi) * rng.normal();
  const double ratio = 2 * phi / (1 - phi * phi);
  const double theory = std::cbrt(1.5 * ratio * ratio) * std::cbrt(static_cast<double>(n));
  CHECK(optimal_block_size(x) == doctest::Approx(theory).epsilon(0.1));  // 47.7 vs 47.4
  Eigen::VectorXd white(2000);
  for (int t = 0; t < 2000; ++t) white(t) = rng.normal();
  CHECK(optimal_block_size(white) < 4.0);
}

TEST_CASE("bootstrap of a well-determined known-truth problem maps every factor to itself") {
  const int n = 200, m = 12, p = 3;
  const KnownTruth t = known_truth(5, 0.02, -1e300);
  const Eigen::MatrixXd &X = t.X, &U = t.U;
  const auto& base = t.base;

  BootstrapOptions o;
  o.n_boot = 40;
  o.seed = 77;
  o.n_threads = 1;
  const auto bs = bootstrap(X, U, base.G, base.F, o);
  CHECK(bs.block_size >= 1);
  REQUIRE(bs.mapping.rows() == p);
  for (int h = 0; h < p; ++h) CHECK(bs.mapping(h, h) == 40);
  // The base profile lies inside the bootstrap's 5–95 % interval for (nearly) every species.
  Eigen::MatrixXd base_profiles = base.F;
  for (int k = 0; k < p; ++k) base_profiles.row(k) *= base.G.col(k).mean();
  int inside = 0;
  for (int k = 0; k < p; ++k)
    for (int j = 0; j < m; ++j)
      inside += base_profiles(k, j) >= bs.p05(k, j) && base_profiles(k, j) <= bs.p95(k, j);
  CHECK(inside >= static_cast<int>(0.9 * p * m));
  // Same seed at 2 threads: identical.
  o.n_threads = 2;
  const auto again = bootstrap(X, U, base.G, base.F, o);
  CHECK(again.median == bs.median);
  CHECK(again.q_robust == bs.q_robust);
  o.block_size = n + 1;
  CHECK_THROWS_WITH_AS(bootstrap(X, U, base.G, base.F, o), doctest::Contains("block_size"),
                       aqm::InvalidArgument);
}

TEST_CASE("bootstrap of a constrained base keeps its held profile elements in every run") {
  // Known truth with true zeros: factor k emits only species j with j % p == k.
  const int m = 12, p = 3;
  const KnownTruth t = known_truth(11, 0.0, 1e-3);
  const Eigen::MatrixXd &X = t.X, &U = t.U, &G = t.G, &F = t.F;
  const auto& base = t.base;
  // Match base factors to true ones by their largest species, then hold the true zeros.
  BootstrapOptions o;
  o.n_boot = 30;
  o.seed = 3;
  o.n_threads = 1;
  o.fixed_profiles = Eigen::MatrixXd::Constant(p, m, std::nan(""));
  Eigen::MatrixXd Fc = base.F;
  for (int k = 0; k < p; ++k) {
    Eigen::Index top = 0;
    base.F.row(k).maxCoeff(&top);
    for (int j = 0; j < m; ++j)
      if (j % p != top % p) {
        o.fixed_profiles(k, j) = 0.0;
        Fc(k, j) = 0.0;
      }
  }
  const auto bs = bootstrap(X, U, base.G, Fc, o);
  int held = 0, inside = 0, free_elements = 0;
  for (int k = 0; k < p; ++k) {
    CHECK(bs.mapping(k, k) == 30);
    Eigen::Index top = 0;
    base.F.row(k).maxCoeff(&top);
    const int source = static_cast<int>(top % p);
    for (int j = 0; j < m; ++j) {
      if (j % p != source) {
        for (const auto& run : bs.profiles) held += run(k, j) == 0.0;
        continue;
      }
      // the true profile in display units (contributions mean 1) lies in the BS interval
      const double want = F(source, j) * G.col(source).mean();
      inside += want >= bs.p05(k, j) * 0.98 && want <= bs.p95(k, j) * 1.02;
      ++free_elements;
    }
  }
  CHECK(held == 30 * (p * m - free_elements));
  CHECK(inside >= free_elements - 1);
  o.fixed_profiles(0, 0) = -1.0;
  CHECK_THROWS_WITH_AS(bootstrap(X, U, base.G, Fc, o), doctest::Contains("fixed_profiles"),
                       aqm::InvalidArgument);
  o.fixed_profiles = Eigen::MatrixXd::Zero(p, m + 1);
  CHECK_THROWS_WITH_AS(bootstrap(X, U, base.G, Fc, o), doctest::Contains("fixed_profiles"),
                       aqm::InvalidArgument);
}
