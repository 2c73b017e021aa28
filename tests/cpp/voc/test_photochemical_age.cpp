#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/voc/photochemical_age.hpp>
#include <cmath>
#include <limits>

using namespace aqm::voc;

namespace {
const double kMpXylene = 1.87e-11;  // mean of m- and p-xylene, Atkinson & Arey 2003
const double kEthylbenzene = 7.0e-12;
Eigen::VectorXd one(double v) { return Eigen::VectorXd::Constant(1, v); }
}  // namespace

TEST_CASE("the reference's worked example: (X/E)0 = 2.5, observed 1.5 -> 4.37e10") {
  // ln(2.5/1.5) = 0.510826; / (1.87e-11 - 7.0e-12 = 1.17e-11) = 4.3660e10 molecule cm-3 s.
  CHECK(oh_exposure(2.5, 1.5, kMpXylene, kEthylbenzene) == doctest::Approx(4.366e10).epsilon(1e-3));
  CHECK(oh_exposure(2.5, 2.5, kMpXylene, kEthylbenzene) == 0.0);
  CHECK(oh_exposure(2.5, 3.0, kMpXylene, kEthylbenzene) < 0.0);  // unclipped here
  CHECK_THROWS_AS(oh_exposure(2.5, 1.5, 7.0e-12, 7.0e-12), aqm::InvalidArgument);
  CHECK_THROWS_AS(oh_exposure(-1.0, 1.5, kMpXylene, kEthylbenzene), aqm::InvalidArgument);
}

TEST_CASE("survival fractions at 3.5e10 match the reference's table") {
  // exp(-k * 3.5e10) with Atkinson & Arey kOH; expected values from voc-workflow.md §2.2.
  const double exposure = 3.5e10;
  const double k[] = {1.0e-10, 3.25e-11, 2.63e-11, 2.31e-11, 1.43e-11, 1.36e-11, 8.52e-12,
                      7.0e-12, 5.63e-12, 2.36e-12, 1.22e-12, 1.09e-12, 2.48e-13};
  const double survival[] = {0.030, 0.321, 0.398, 0.446, 0.606, 0.621, 0.742,
                             0.783, 0.821, 0.921, 0.958, 0.963, 0.991};
  const int m = 13;
  Eigen::MatrixXd kk(1, m), observed(2, m);
  for (int j = 0; j < m; ++j) {
    kk(0, j) = k[j];
    observed(0, j) = survival[j];  // what is left of 1 unit
    observed(1, j) = 1.0;
  }
  Eigen::VectorXd e(2);
  e << exposure, 0.0;
  const Eigen::MatrixXd initial = initial_concentrations(observed, kk, e);
  for (int j = 0; j < m; ++j) {
    CHECK(initial(0, j) == doctest::Approx(1.0).epsilon(0.02));  // 3-decimal rounding of table
    const double left =
        1.0 / initial_concentrations(Eigen::MatrixXd::Ones(1, 1), kk.col(j), one(exposure))(0, 0);
    CHECK(std::fabs(left - survival[j]) <= 0.0005 + 1e-12);  // table has 3 decimals
    CHECK(initial(1, j) == 1.0);                             // zero exposure leaves the value
  }
}

TEST_CASE("pair exposure: round trip, clipping, missing and below-MDL samples") {
  const double ratio0 = 2.5;
  Eigen::VectorXd truth(6);
  truth << 0.0, 1e10, 3e10, 6e10, 2e10, 1e10;
  Eigen::VectorXd x(6), e(6);
  for (int i = 0; i < 6; ++i) {
    e(i) = 2.0 * std::exp(-kEthylbenzene * truth(i));
    x(i) = ratio0 * 2.0 * std::exp(-kMpXylene * truth(i));
  }
  x(4) = std::numeric_limits<double>::quiet_NaN();  // missing
  x(5) = 0.01;                                      // below an MDL of 0.05
  const PairExposure r = pair_oh_exposure(x, e, ratio0, one(kMpXylene), one(kEthylbenzene), 0.05);
  for (int i = 0; i < 4; ++i) CHECK(r.oh_exposure(i) == doctest::Approx(truth(i)).epsilon(1e-9));
  CHECK(std::isnan(r.oh_exposure(4)));
  CHECK(std::isnan(r.oh_exposure(5)));
  CHECK(r.status[4] == AgeStatus::missing);
  CHECK(r.status[5] == AgeStatus::below_mdl);
  CHECK(r.n_missing == 1);
  CHECK(r.n_below_mdl == 1);

  // A ratio above the emission ratio is a negative age: clipped to 0 and counted.
  const PairExposure high =
      pair_oh_exposure(one(3.0), one(1.0), ratio0, one(kMpXylene), one(kEthylbenzene));
  CHECK(high.oh_exposure(0) == 0.0);
  CHECK(high.status[0] == AgeStatus::clipped);
  CHECK(high.n_clipped == 1);

  // Per-sample (temperature-dependent) rate coefficients are used sample by sample.
  Eigen::VectorXd kx(2), ratios(2);
  kx << 2.0e-11, 1.5e-11;
  ratios << 1.5, 1.5;
  const PairExposure per =
      pair_oh_exposure(ratios, Eigen::VectorXd::Ones(2), ratio0, kx, one(kEthylbenzene));
  CHECK(per.oh_exposure(0) == doctest::Approx(std::log(2.5 / 1.5) / 1.3e-11));
  CHECK(per.oh_exposure(1) == doctest::Approx(std::log(2.5 / 1.5) / 0.8e-11));
}

TEST_CASE("pair exposure rejects bad arguments with the argument's name") {
  const Eigen::VectorXd v = Eigen::VectorXd::Ones(3);
  CHECK_THROWS_WITH_AS(pair_oh_exposure(v, Eigen::VectorXd::Ones(2), 2.0, one(2e-11), one(7e-12)),
                       doctest::Contains("slow"), aqm::InvalidArgument);
  CHECK_THROWS_WITH_AS(pair_oh_exposure(v, v, 2.0, Eigen::VectorXd::Ones(2), one(7e-12)),
                       doctest::Contains("k_fast"), aqm::InvalidArgument);
  CHECK_THROWS_WITH_AS(pair_oh_exposure(v, v, 2.0, one(7e-12), one(7e-12)),
                       doctest::Contains("k_fast > k_slow"), aqm::InvalidArgument);
  CHECK_THROWS_WITH_AS(pair_oh_exposure(v, v, 0.0, one(2e-11), one(7e-12)),
                       doctest::Contains("ratio0"), aqm::InvalidArgument);
}

TEST_CASE("emission ratio is the chosen percentile of the selected, detected samples") {
  // Ratios 1..10 on selected samples; numpy.percentile([1..10], 90) = 9.1.
  Eigen::VectorXd x(12), e = Eigen::VectorXd::Ones(12);
  std::vector<bool> use(12, true);
  for (int i = 0; i < 10; ++i) x(i) = i + 1.0;
  x(10) = 100.0;  // not selected
  use[10] = false;
  x(11) = 50.0;  // E below its MDL
  e(11) = 0.001;
  CHECK(emission_ratio(x, e, use, 90.0, 0.0, 0.01) == doctest::Approx(9.1));
  CHECK(emission_ratio(x, e, use, 100.0, 0.0, 0.01) == doctest::Approx(10.0));
  CHECK(emission_ratio(x, e, use, 0.0, 0.0, 0.01) == doctest::Approx(1.0));
  CHECK_THROWS_AS(emission_ratio(x, e, std::vector<bool>(12, false), 90.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(emission_ratio(x, e, use, 101.0), aqm::InvalidArgument);
}

TEST_CASE("initial concentrations keep NaN and reject bad rate coefficients") {
  Eigen::MatrixXd x(2, 2);
  x << 1.0, std::numeric_limits<double>::quiet_NaN(), 2.0, 3.0;
  Eigen::MatrixXd k(1, 2);
  k << 1e-11, 2e-11;
  Eigen::VectorXd e(2);
  e << 1e10, std::numeric_limits<double>::quiet_NaN();
  const Eigen::MatrixXd x0 = initial_concentrations(x, k, e);
  CHECK(x0(0, 0) == doctest::Approx(std::exp(0.1)));
  CHECK(std::isnan(x0(0, 1)));
  CHECK(std::isnan(x0(1, 0)));
  Eigen::MatrixXd bad(1, 2);
  bad << -1e-11, 2e-11;
  CHECK_THROWS_AS(initial_concentrations(x, bad, e), aqm::InvalidArgument);
  CHECK_THROWS_AS(initial_concentrations(x, k, Eigen::VectorXd::Ones(3)), aqm::InvalidArgument);
}

TEST_CASE("combine_exposures: inverse-variance mean of two known estimates, by hand") {
  // 3e10 ± 1e10 and 1.5e10 ± 2e10: weights 1e-20 and 0.25e-20;
  // E = (3e10 + 0.25 * 1.5e10) / 1.25 = 2.7e10, sigma = 1 / sqrt(1.25e-20) = 8.944e9.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd e(3, 2), s(3, 2);
  e << 3e10, 1.5e10, nan, 1.5e10, nan, nan;
  s << 1e10, 2e10, nan, 2e10, 1e10, 1e10;
  const ExposureEstimate r = combine_exposures(e, s);
  CHECK(r.oh_exposure(0) == doctest::Approx(2.7e10));
  CHECK(r.sd(0) == doctest::Approx(8.944272e9).epsilon(1e-6));
  CHECK(r.oh_exposure(1) == doctest::Approx(1.5e10));  // the NaN estimate is skipped
  CHECK(r.sd(1) == doctest::Approx(2e10));
  CHECK(std::isnan(r.oh_exposure(2)));
  CHECK(std::isnan(r.sd(2)));
}

TEST_CASE("combine_exposures rejects a missing or zero uncertainty and shapes that differ") {
  Eigen::MatrixXd e(1, 2), s(1, 2);
  e << 1e10, 2e10;
  s << 1e10, 0.0;
  CHECK_THROWS_AS(combine_exposures(e, s), aqm::InvalidArgument);
  CHECK_THROWS_AS(combine_exposures(e, Eigen::MatrixXd::Ones(2, 2)), aqm::InvalidArgument);
}

TEST_CASE("smooth_exposure: centred window in hours, gaps are not bridged, by hand") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::VectorXd t(6), e(6), s(6);
  t << 0, 1, 2, 3, 4, 10;
  e << 1e10, 2e10, 3e10, nan, 5e10, 9e10;
  s << 1e10, 1e10, 1e10, 1e10, 2e10, 1e10;
  const ExposureEstimate r = smooth_exposure(t, e, s, 2.0);  // +-1 h
  CHECK(r.oh_exposure(0) == doctest::Approx(1.5e10));        // (1 + 2) / 2
  CHECK(r.oh_exposure(1) == doctest::Approx(2e10));          // (1 + 2 + 3) / 3
  CHECK(r.sd(1) == doctest::Approx(1e10 / std::sqrt(3.0)));
  // sample 3 (NaN) gets (3e10 * 1 + 5e10 * 0.25) / 1.25 = 3.4e10 from its neighbours
  CHECK(r.oh_exposure(3) == doctest::Approx(3.4e10));
  CHECK(r.sd(3) == doctest::Approx(1e10 / std::sqrt(1.25)));
  CHECK(r.oh_exposure(4) == doctest::Approx(5e10));  // 3 is NaN, 10 h is 6 h away
  CHECK(r.oh_exposure(5) == doctest::Approx(9e10));
  const ExposureEstimate same = smooth_exposure(t, e, s, 0.0);
  CHECK(same.oh_exposure(2) == 3e10);
  CHECK(std::isnan(same.oh_exposure(3)));
}

TEST_CASE("smooth_exposure rejects time that does not increase and a negative window") {
  Eigen::VectorXd t(2), e(2), s(2);
  t << 1, 1;
  e << 1e10, 2e10;
  s << 1e10, 1e10;
  CHECK_THROWS_AS(smooth_exposure(t, e, s, 2.0), aqm::InvalidArgument);
  t << 0, 1;
  CHECK_THROWS_AS(smooth_exposure(t, e, s, -1.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(smooth_exposure(t, e, one(1e10), 2.0), aqm::InvalidArgument);
}
