// Environment, solar geometry and MCM photolysis against published values.
#include "chem_test_util.hpp"

#include <cmath>

using namespace aqm::chem;

TEST_CASE("chem environment: air density and water from T, P, RH") {
  // chemistry.md §5.2: M = 2.4615e19 molecule cm-3 at 298.15 K and 1013.25 hPa.
  CHECK(air_density(298.15, 1013.25) == doctest::Approx(2.4615e19).epsilon(1e-4));
  // Ideal gas check, independent of the formula's constants: M = P/(k_B T), k_B = 1.380649e-23.
  CHECK(air_density(273.15, 1000.0) ==
        doctest::Approx(1e5 / (1.380649e-23 * 273.15) * 1e-6).epsilon(1e-5));
  // Saturation vapour pressure of water at 25 C is 31.7 hPa (CRC Handbook: 3.1699 kPa).
  CHECK(water_vapour_pressure(100.0, 298.15) == doctest::Approx(31.699).epsilon(2e-3));
  // At 20 C: 23.39 hPa (CRC Handbook: 2.3393 kPa).
  CHECK(water_vapour_pressure(100.0, 293.15) == doctest::Approx(23.393).epsilon(2e-3));
  const Environment e = Environment::from(298.15, 1013.25, 50.0);
  CHECK(e.o2 == doctest::Approx(0.2095 * e.m));
  CHECK(e.n2 == doctest::Approx(0.7809 * e.m));
  const double wvp = 0.5 * 31.699;
  CHECK(e.h2o == doctest::Approx(wvp / (1013.25 - wvp) * e.m).epsilon(2e-3));
  CHECK_THROWS_AS(Environment::from(-5.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(Environment::from(298.0, 0.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(Environment::from(298.0, 1000.0, -1.0), aqm::InvalidArgument);
  // Time series: linear in between, held outside.
  EnvironmentSeries s{{0.0, 3600.0}, {280.0, 290.0}, {1000.0, 1000.0}, {0.0, 0.0}};
  CHECK(s.at(1800.0).temp == doctest::Approx(285.0));
  CHECK(s.at(-10.0).temp == 280.0);
  CHECK(s.at(7200.0).temp == 290.0);
  EnvironmentSeries bad{{0.0, 0.0}, {280.0, 290.0}, {1000.0, 1000.0}, {0.0, 0.0}};
  CHECK_THROWS_AS(bad.at(0.0), aqm::InvalidArgument);
}

TEST_CASE("chem MCM photolysis matches the reference J values") {
  // chemistry.md §2.2: J = l cos^m exp(-n sec) evaluated from the MCM v3.3.1 table.
  const struct {
    double sza, j1, j4, j11, j41;
  } rows[] = {{0, 3.78e-5, 8.92e-3, 3.26e-5, 5.79e-6},
              {30, 2.73e-5, 8.26e-3, 2.77e-5, 5.02e-6},
              {60, 7.03e-6, 5.77e-3, 1.35e-5, 2.73e-6},
              {80, 1.87e-7, 1.63e-3, 1.60e-6, 4.65e-7}};
  for (const auto& r : rows) {
    const std::vector<double> j = PhotolysisModel::mcm_fixed_zenith(r.sza).rates(0.0);
    INFO("SZA " << r.sza);
    CHECK(j[1] == doctest::Approx(r.j1).epsilon(6e-3));
    CHECK(j[4] == doctest::Approx(r.j4).epsilon(6e-3));
    CHECK(j[11] == doctest::Approx(r.j11).epsilon(6e-3));
    CHECK(j[41] == doctest::Approx(r.j41).epsilon(6e-3));
  }
  // §5.3: J4 at 30 deg = 8.264e-3, at 60 deg = 5.767e-3 (4 digits).
  CHECK(PhotolysisModel::mcm_fixed_zenith(30).rates(0)[4] ==
        doctest::Approx(8.264e-3).epsilon(6e-4));
  CHECK(PhotolysisModel::mcm_fixed_zenith(60).rates(0)[4] ==
        doctest::Approx(5.767e-3).epsilon(6e-4));
  CHECK(PhotolysisModel::mcm_fixed_zenith(95).rates(0)[4] == 0.0);  // night

  PhotolysisModel p = PhotolysisModel::mcm_fixed_zenith(30);
  p.set_jfac(0.5);
  p.set_fixed_rate(41, 1e-5);
  const auto j = p.rates(0);
  CHECK(j[4] == doctest::Approx(0.5 * 8.264e-3).epsilon(6e-4));
  CHECK(j[41] == 1e-5);  // a fixed J is not scaled by JFAC
  CHECK(PhotolysisModel::fixed({0, 1e-3}).rates(99.0)[1] == 1e-3);
  CHECK_THROWS_AS(PhotolysisModel::fixed({-1.0}), aqm::InvalidArgument);
  CHECK_THROWS_AS(p.set_jfac(-1), aqm::InvalidArgument);
}

TEST_CASE("chem MCM photolysis table file equals the built-in table") {
  CHEM_REQUIRE_SHARED();
  auto t =
      read_mcm_photolysis_table(chem_test::shared_mech("mcm-tables/photolysis-rates_v3.3.1.txt"));
  const auto& b = mcm_v331_photolysis_parameters();
  REQUIRE(t.size() == b.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    CHECK(t[i].index == b[i].index);
    CHECK(t[i].l == doctest::Approx(b[i].l).epsilon(1e-12));
    CHECK(t[i].m == doctest::Approx(b[i].m).epsilon(1e-12));
    CHECK(t[i].n == doctest::Approx(b[i].n).epsilon(1e-12));
    CHECK(t[i].tau == 1.0);
  }
  CHECK_THROWS_AS(read_mcm_photolysis_table("/nonexistent/table.txt"), aqm::FileNotFound);
}

TEST_CASE("chem solar geometry agrees with almanac values") {
  CHECK(day_of_year(2010, 1, 1) == 1);
  CHECK(day_of_year(2010, 12, 31) == 365);
  CHECK(day_of_year(2012, 3, 1) == 61);
  CHECK_THROWS_AS(day_of_year(2010, 2, 29), aqm::InvalidArgument);
  CHECK_THROWS_AS(day_of_year(2010, 13, 1), aqm::InvalidArgument);
  // Solar declination at the June solstice 2010 (21 June, 11:28 UTC) is +23.44 deg and at the
  // March equinox (20 March 2010, 17:32 UTC) 0 deg (NOAA solar calculator / almanac).
  const double deg = 180.0 / 3.14159265358979323846;
  CHECK(solar_geometry(0, 0, 2010, 6, 21, 11.47).declination * deg ==
        doctest::Approx(23.44).epsilon(0.004));
  // Spencer's (1971) fit, used by AtChem2, ignores the leap-year cycle: near an equinox, where the
  // declination moves 0.4 deg/day, that costs up to ~0.2 deg.
  CHECK(std::fabs(solar_geometry(0, 0, 2010, 3, 20, 17.53).declination * deg) < 0.25);
  // Equation of time (NOAA): about +16.4 min on 3 November, about -14.2 min on 11 February.
  CHECK(solar_geometry(0, 0, 2010, 11, 3, 12).equation_of_time * 720 / 3.14159265358979323846 ==
        doctest::Approx(16.4).epsilon(0.03));
  CHECK(solar_geometry(0, 0, 2010, 2, 11, 12).equation_of_time * 720 / 3.14159265358979323846 ==
        doctest::Approx(-14.2).epsilon(0.03));
  // Solar noon in London (51.51 N, 0.13 W) on 21 June 2010: zenith = 51.51 - 23.44 = 28.07 deg,
  // reached at about 12:02 UTC (NOAA: solar noon 12:02:08 UTC).
  double best = 1e9, best_hour = 0;
  for (int k = 0; k <= 240; ++k) {
    const double hour = 11.0 + k / 120.0;
    const double z = solar_geometry(51.51, -0.13, 2010, 6, 21, hour).zenith_deg;
    if (z < best) {
      best = z;
      best_hour = hour;
    }
  }
  CHECK(best == doctest::Approx(28.07).epsilon(0.005));
  CHECK(best_hour * 60 == doctest::Approx(12 * 60 + 2.1).epsilon(1.5 / (12 * 60)));
  // Midnight in London in June: the sun is below the horizon, J = 0.
  PhotolysisModel p = PhotolysisModel::mcm(51.51, -0.13, 2010, 6, 21, 0.0);
  CHECK(p.cos_zenith(0.0) < 0);
  CHECK(p.rates(0.0)[4] == 0.0);
  CHECK(p.rates(12 * 3600.0)[4] > 8e-3);
  CHECK_THROWS_AS(solar_geometry(95, 0, 2010, 1, 1, 0), aqm::InvalidArgument);
}
