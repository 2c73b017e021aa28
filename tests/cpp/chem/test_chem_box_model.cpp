// Box model: units, series, constraints, FixNOx, dilution, emissions, spin-up and bad input,
// against hand-evaluated formulas and analytic solutions.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "box_test_util.hpp"

using namespace aqm::chem;
using box_test::constant_series;

TEST_CASE("chem box units: ppb, ppt, ug m-3 against hand values") {
  // AtChem2's M at 298.15 K, 1013.25 hPa is 2.4615e19 molecule cm-3 (chemistry.md 5.2).
  CHECK(ppb_to_molecules(1.0) == doctest::Approx(2.4615e10).epsilon(1e-4));
  CHECK(convert_concentration(1.0, ConcentrationUnit::ppt, ConcentrationUnit::molecule_cm3) ==
        doctest::Approx(2.4615e7).epsilon(1e-4));
  // 1 ug m-3 of benzene (78.11 g/mol): 1e-12 * 6.02214129e23 / 78.11 = 7.70982e9 cm-3.
  CHECK(convert_concentration(1.0, ConcentrationUnit::ug_m3, ConcentrationUnit::molecule_cm3,
                              298.15, 1013.25, 78.11) == doctest::Approx(7.70982e9).epsilon(1e-5));
  // 1 ppb O3 at 25 C, 1 atm = 48.00 / 24.465 ug m-3 = 1.9620 (molar volume R T / P).
  CHECK(convert_concentration(1.0, ConcentrationUnit::ppb, ConcentrationUnit::ug_m3, 298.15,
                              1013.25, 48.00) == doctest::Approx(1.9620).epsilon(2e-4));
  CHECK(parse_concentration_unit("ppbv") == ConcentrationUnit::ppb);
  CHECK(parse_concentration_unit("ug/m3") == ConcentrationUnit::ug_m3);
  CHECK_THROWS_AS(parse_concentration_unit("mg"), aqm::UnitError);
  CHECK_THROWS_AS(convert_concentration(1.0, ConcentrationUnit::ppb, ConcentrationUnit::ug_m3),
                  aqm::UnitError);
}

TEST_CASE("chem box series: linear and step interpolation, typed errors") {
  TimeSeries s;
  s.time = {0, 100, 300};
  s.value = {1, 3, 7};
  CHECK(s.at(50) == doctest::Approx(2.0));
  CHECK(s.at(200) == doctest::Approx(5.0));
  CHECK(s.at(-5) == 1.0);
  CHECK(s.at(400) == 7.0);
  s.interpolation = Interpolation::step;
  CHECK(s.at(50) == 1.0);
  CHECK(s.at(299) == 3.0);
  TimeSeries bad;
  bad.time = {0, 200, 100};
  bad.value = {1, 2, 3};
  try {
    bad.validate("ISOP");
    FAIL("expected InvalidArgument");
  } catch (const aqm::InvalidArgument& e) {
    CHECK(std::string(e.what()).find("ISOP") != std::string::npos);
    CHECK(std::string(e.what()).find("out of order") != std::string::npos);
  }
  bad.time = {0, 100, 200};
  bad.value = {1, -2, 3};
  CHECK_THROWS_AS(bad.validate("ISOP"), aqm::InvalidArgument);
  CHECK(interpolation_from_string("Step") == Interpolation::step);
  CHECK_THROWS_AS(interpolation_from_string("cubic"), aqm::InvalidArgument);
}

TEST_CASE("chem box dilution and emission: analytic first-order solution") {
  BoxModel b(box_test::inert_mechanism());
  b.set_time(0, 36000, 3600);
  const double k = 2e-5, bg = 1e9, x0 = 5e9, e = 1e4;
  b.set_initial("X", x0);
  b.set_dilution(k, {{"X", bg}});
  b.set_emission("X", constant_series(e));
  RosenbrockOptions opt;
  opt.rtol = 1e-8;
  opt.atol = 1e-2;
  b.set_solver_options(opt);
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const auto x = r.series("X");
  for (std::size_t i = 0; i < r.time.size(); ++i) {
    const double t = r.time[i], ss = bg + e / k;
    CHECK(x[static_cast<Eigen::Index>(i)] ==
          doctest::Approx(ss + (x0 - ss) * std::exp(-k * t)).epsilon(1e-6));
  }
}

TEST_CASE("chem box per-area emission is divided by the boundary-layer height") {
  BoxModel b(box_test::inert_mechanism());
  b.set_time(0, 7200, 600);
  b.set_boundary_layer_height(constant_series(1000.0, 0, 7200));  // 1000 m = 1e5 cm
  b.set_emission("X", constant_series(1e10, 0, 7200), true);      // molecule cm-2 s-1
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  // dX/dt = 1e10 / 1e5 = 1e5 cm-3 s-1 -> X(7200 s) = 7.2e8.
  CHECK(r.series("X")[static_cast<Eigen::Index>(r.time.size() - 1)] ==
        doctest::Approx(7.2e8).epsilon(1e-6));
  // Without a BLH series a per-area emission is refused.
  BoxModel c(box_test::inert_mechanism());
  c.set_emission("X", constant_series(1e10), true);
  CHECK_THROWS_AS(c.run(), aqm::InvalidArgument);
}

TEST_CASE("chem box constraint follows the series and leaves the state") {
  BoxModel b(box_test::inert_mechanism());
  b.set_time(0, 3600, 600);
  TimeSeries obs;
  obs.time = {0, 1800, 3600};
  obs.value = {1e9, 4e9, 2e9};
  b.constrain("Y", obs);
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const auto y = r.series("Y");
  const double expected[] = {1e9, 2e9, 3e9, 4e9, 10e9 / 3, 8e9 / 3, 2e9};
  for (int i = 0; i < 7; ++i) CHECK(y[i] == doctest::Approx(expected[i]).epsilon(1e-12));
  CHECK(r.constrained[r.species_index("Y")] == 1);
  // Z is made from the held Y at 1e-4 s-1: Z(3600) = 1e-4 * integral of Y = 1e-4 * 1.0e13.
  // integral of the piecewise-linear Y over 0..3600 s = 1800 * (1e9 + 4e9)/2 + 1800 * (4e9 +
  // 2e9)/2.
  const double integral = 1800 * 2.5e9 + 1800 * 3e9;
  CHECK(r.series("Z")[6] == doctest::Approx(1e-4 * integral).epsilon(1e-4));
  // Step interpolation holds the previous value: Z = 1e-4 (1800*1e9 + 1800*4e9).
  obs.interpolation = Interpolation::step;
  b.constrain("Y", obs);
  const BoxResult s = b.run();
  CHECK(s.series("Y")[1] == doctest::Approx(1e9));
  CHECK(s.series("Z")[6] == doctest::Approx(1e-4 * (1800 * 1e9 + 1800 * 4e9)).epsilon(1e-4));
}

TEST_CASE("chem box Leighton photostationary state with O3 held at 40 ppb, SZA 30") {
  // NO2/NO = k[O3]/J4 = 1.730e-14 * 40 * 2.4615e10 / 8.264e-3 = 2.061 (chemistry.md 5.3).
  BoxModel b(parse_kpp(
      "#DEFVAR\nNO = IGNORE;\nNO2 = IGNORE;\nO3 = IGNORE;\n#EQUATIONS\n"
      "<R1> NO2 + hv = NO + O3 : J(4) ;\n<R3> O3 + NO = NO2 : 1.4e-12*exp(-1310.0/TEMP) ;\n",
      "leighton"));
  b.set_time(0, 1800, 300);
  b.set_photolysis(PhotolysisModel::mcm_fixed_zenith(30.0));
  b.constrain("O3", constant_series(40 * 2.4615e10, 0, 1800));
  b.set_initial("NO2", 10 * 2.4615e10);
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const auto last = static_cast<Eigen::Index>(r.time.size() - 1);
  CHECK(r.series("NO2")[last] / r.series("NO")[last] == doctest::Approx(2.061).epsilon(2e-3));
  CHECK(r.series("NO2")[last] + r.series("NO")[last] ==
        doctest::Approx(10 * 2.4615e10).epsilon(1e-6));
  CHECK(r.photolysis(last, 4) == doctest::Approx(8.264e-3).epsilon(1e-3));
}

TEST_CASE("chem box JNO2 scaling and constrained J") {
  BoxModel b(box_test::inert_mechanism());
  b.set_time(0, 3600, 1800);
  b.set_photolysis(PhotolysisModel::mcm_fixed_zenith(30.0));
  b.scale_photolysis_to(4, constant_series(4.132e-3, 0, 3600));  // half of J4 at SZA 30
  b.constrain_photolysis(1, constant_series(1e-5, 0, 3600));
  const BoxResult r = b.run();
  // Every calculated J is halved (J11 at SZA 30 = 2.77e-5 -> 1.385e-5); J1 is the observed value.
  CHECK(r.photolysis(1, 4) == doctest::Approx(4.132e-3).epsilon(1e-6));
  CHECK(r.photolysis(1, 11) == doctest::Approx(0.5 * 2.77e-5).epsilon(5e-3));
  CHECK(r.photolysis(1, 1) == doctest::Approx(1e-5));
}

TEST_CASE("chem box FixNOx holds NO + NO2 and lets the ratio move") {
  BoxModel b = box_test::cb6_urban();
  const double total = ppb_to_molecules(25, 300, 1013.25);
  b.fix_nox(constant_series(total));
  const BoxResult r = b.run();
  REQUIRE(r.ok());
  const auto no = r.series("NO"), no2 = r.series("NO2");
  // Output is each interval's end state (before the next reset): exact at t0, and within the
  // drift of one hour of chemistry, emission and dilution later.
  CHECK(no[0] + no2[0] == doctest::Approx(total).epsilon(1e-9));
  for (Eigen::Index k = 1; k < no.size(); ++k)
    CHECK(no[k] + no2[k] == doctest::Approx(total).epsilon(0.1));
  // A 1-minute output step leaves less room to drift.
  BoxModel fine = b;
  fine.set_time(0, 6 * 3600, 60);
  const BoxResult rf = fine.run();
  REQUIRE(rf.ok());
  const auto nof = rf.series("NO"), no2f = rf.series("NO2");
  for (Eigen::Index k = 0; k < nof.size(); ++k)
    CHECK(nof[k] + no2f[k] == doctest::Approx(total).epsilon(0.01));
  // Initial split 5:15 ppb; at noon the photostationary split has more NO (ratio is free).
  CHECK(no[12] / (no[12] + no2[12]) > 0.3);
  CHECK(no[0] / (no[0] + no2[0]) == doctest::Approx(0.25));
  CHECK_THROWS_AS(b.constrain("NO", constant_series(1e10)), aqm::InvalidArgument);
}

TEST_CASE("chem box spin-up stops at the F0AM 1 % rule (analytic day count)") {
  // Y has a constant source E and loss k: y_d = (E/k)(1 - a^d) at the end of day d, a = e^{-kT}.
  // The change between repeats p and p+1 relative to the larger is a^p (1 - a) / (1 - a^{p+1}).
  const double T = 86400;
  BoxModel c(parse_kpp("#DEFVAR\nY = IGNORE;\n#EQUATIONS\n<R1> Y = PROD : 1.0e-5 ;\n", "decay"));
  c.set_time(0, T, 3600);
  c.set_emission("Y", constant_series(1e5));
  c.set_spin_up({30, 0.01, 0.0});
  RosenbrockOptions opt;
  opt.rtol = 1e-7;
  opt.atol = 1e-3;
  c.set_solver_options(opt);
  const BoxResult r = c.run();
  REQUIRE(r.ok());
  const double a = std::exp(-1e-5 * T);
  int expected = -1;
  for (int p = 1; p < 30; ++p)
    if (std::pow(a, p) * (1 - a) / (1 - std::pow(a, p + 1)) < 0.01) {
      expected = p;
      break;
    }
  CHECK(r.spin_up_converged);
  CHECK(r.spin_up_days == expected);
  const double y_end = 1e10 * (1 - std::pow(a, expected + 1));
  CHECK(r.series("Y")[24] == doctest::Approx(y_end).epsilon(1e-5));
  // Too few days: reported as not converged.
  c.set_spin_up({2, 0.01, 0.0});
  const BoxResult s = c.run();
  CHECK_FALSE(s.spin_up_converged);
  CHECK(s.spin_up_days == 1);
}

TEST_CASE("chem box bad input: typed errors naming the item") {
  BoxModel b(box_test::inert_mechanism());
  b.set_time(0, 3600, 600);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THROWS_AS(b.constrain("NOPE", constant_series(1.0)), aqm::KeyError);
  CHECK(message([&] { b.constrain("NOPE", constant_series(1.0)); }).find("NOPE") !=
        std::string::npos);
  CHECK_THROWS_AS(b.set_initial("X", -1.0), aqm::InvalidArgument);
  CHECK(message([&] { b.set_initial("X", -1.0); }).find("X") != std::string::npos);
  CHECK_THROWS_AS(b.scale_species("X", 0.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(b.scale_species("X", -2.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(b.set_time(10, 5, 1), aqm::InvalidArgument);
  TimeSeries late = constant_series(1e9, 7200, 9000);
  b.constrain("Y", late);
  CHECK_THROWS_AS(b.run(), aqm::InvalidArgument);
  CHECK(message([&] { (void)b.run(); }).find("outside the run") != std::string::npos);
  TimeSeries partial = constant_series(1e9, 0, 1200);
  b.constrain("Y", partial);
  CHECK(message([&] { (void)b.run(); }).find("Y: series") != std::string::npos);
  TimeSeries unordered;
  unordered.time = {0, 3600, 1800};
  unordered.value = {1, 2, 3};
  CHECK(message([&] { b.constrain("Y", unordered); }).find("Y") != std::string::npos);
  CHECK_THROWS_AS(b.set_emission("Q", constant_series(1.0)), aqm::KeyError);
}

TEST_CASE("chem box dry deposition: v_d / h first-order loss, analytic exponential decay") {
  // X inert, deposited with v_d = 0.5 cm/s into h = 1000 m: X(t) = X0 exp(-(v_d / h) t),
  // k = 0.5 / 1e5 = 5e-6 s-1, so X(86400 s) / X0 = exp(-0.432) = 0.649209...
  BoxModel b(box_test::inert_mechanism());
  b.set_time(0, 86400, 3600);
  b.set_initial("X", 1e12);
  b.set_initial("Y", 1e12);
  b.set_deposition("X", 0.5);
  RosenbrockOptions opt;
  opt.rtol = 1e-8;
  opt.atol = 1.0;
  b.set_solver_options(opt);
  CHECK_THROWS_AS(b.run(), aqm::InvalidArgument);  // needs a boundary-layer height
  b.set_boundary_layer_height(box_test::constant_series(1000.0));
  BoxResult r = b.run();
  REQUIRE(r.ok());
  CHECK(r.series("X")[24] == doctest::Approx(1e12 * 0.6492094).epsilon(1e-6));
  CHECK(r.series("X")[6] == doctest::Approx(1e12 * std::exp(-0.108)).epsilon(1e-6));
  CHECK(r.series("Y")[24] ==
        doctest::Approx(1e12 * std::exp(-8.64)).epsilon(1e-4));  // chemistry only
  // A rising mixed layer: h = 500 m -> 1500 m linearly over the day: int v_d/h dt =
  // v_d T / (h1 - h0) ln(h1/h0) = 0.5 * 86400 / 1e5 * ln 3 = 0.4746005...
  TimeSeries h;
  h.time = {0, 86400};
  h.value = {500, 1500};
  b.set_boundary_layer_height(h);
  r = b.run();
  REQUIRE(r.ok());
  CHECK(r.series("X")[24] == doctest::Approx(1e12 * std::exp(-0.4746005)).epsilon(1e-6));
  CHECK_THROWS_AS(b.set_deposition("X", -1.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(b.set_deposition("NOPE", 1.0), aqm::KeyError);
  b.set_deposition("X", 0.0);  // removed
  r = b.run();
  CHECK(r.series("X")[24] == doctest::Approx(1e12));
}
