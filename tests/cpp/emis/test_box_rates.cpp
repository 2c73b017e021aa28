// Box-model rates: 1 mol/s into a 1 km2 x 1 km box is N_A / 1e15 molecule cm-3 s-1.
#include <doctest/doctest.h>

#include <aqm/emis/box_rates.hpp>

using namespace aqm::emis;

TEST_CASE("emis box rates: unit arithmetic and diurnal cycle") {
  Inventory inv({"traffic", "solvent"}, {"TOL", "NOx"}, {"city"}, TimeResolution::annual,
                {"mol/s", "t/yr"});
  inv.at(0, 0, 0) = 1.0;
  inv.at(1, 0, 0) = 0.5;
  TemporalProfile rush;
  rush.name = "rush";
  rush.diurnal.fill(0.0);
  rush.diurnal[8] = 1.0;
  rush.diurnal[18] = 1.0;
  auto b = box_emission_rates(inv, "city", 1e6, 1000.0, {{"traffic", rush}});
  REQUIRE(b.species == std::vector<std::string>{"TOL"});  // NOx in t/yr is not amount per time
  const double unit = 6.02214076e23 / 1e15;
  CHECK(b.mean[0] == doctest::Approx(1.5 * unit));
  // traffic: 24 * 1/2 at 08 and 18; solvent flat
  CHECK(b.hourly[0][8] == doctest::Approx((12.0 + 0.5) * unit));
  CHECK(b.hourly[0][3] == doctest::Approx(0.5 * unit));
  double sum = 0;
  for (double x : b.hourly[0]) sum += x;
  CHECK(sum / 24 == doctest::Approx(b.mean[0]));
  // mol/yr: 31557600 mol/yr = 1 mol/s
  Inventory y({"s"}, {"ETH"}, {"A"}, TimeResolution::annual, {"mol/yr"});
  y.at(0, 0, 0) = 31557600.0;
  CHECK(box_emission_rates(y, "A", 1e6, 1000.0).mean[0] == doctest::Approx(unit));
  CHECK_THROWS_AS(box_emission_rates(inv, "city", 1e6, 1000.0, {}, 0, {"NOx"}), aqm::UnitError);
  CHECK_THROWS_AS(box_emission_rates(inv, "city", 1e6, 0.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(box_emission_rates(inv, "town", 1e6, 10.0), aqm::KeyError);
  CHECK_THROWS_AS(box_emission_rates(inv, "city", -1, 10.0), aqm::InvalidArgument);
}
