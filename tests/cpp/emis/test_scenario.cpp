// Control scenarios: E = A EF0 (1 - sum X eta), values evaluated by hand from that formula.
#include <doctest/doctest.h>

#include <aqm/emis/scenario.hpp>

#include <cmath>

using namespace aqm::emis;

namespace {
Inventory base_inventory() {
  Inventory inv({"power", "industry/solvent", "industry/boiler", "transport"}, {"NOx", "VOC"},
                {"A", "B"}, TimeResolution::annual, {"t/yr", "t/yr"}, 2020);
  inv.at(0, 0, 0) = 100;  // power NOx A
  inv.at(1, 1, 0) = 50;   // solvent VOC A
  inv.at(2, 0, 1) = 40;   // boiler NOx B
  inv.at(3, 0, 0) = 80;   // transport NOx A
  inv.at(3, 1, 1) = 20;   // transport VOC B
  return inv;
}
}  // namespace

TEST_CASE("emis scenario: one measure plus growth, by hand") {
  Scenario sc;
  sc.base_year = 2020;
  sc.target_year = 2025;
  sc.growth.push_back({"power", "*", 0.02, std::nullopt});
  sc.measures.push_back({"SCR", "power", "NOx", "*", 0.8, 0.5, 0.9});
  sc.targets.push_back({"NOx", "*", -10.0});
  auto res = apply_scenario(base_inventory(), sc);
  // G = 1.02^5 = 1.1040808032; E = 100 G (1 - 0.72) / (1 - 0.40) = 51.523770816
  CHECK(res.inventory.at(0, 0, 0) == doctest::Approx(51.523770816).epsilon(1e-12));
  CHECK(res.scale[(0 * 2 + 0) * 2 + 0] == doctest::Approx(0.51523770816).epsilon(1e-12));
  // growth applies to every pollutant of the sector, measures only to NOx
  CHECK(res.inventory.at(0, 1, 0) == 0.0);
  CHECK(res.inventory.at(3, 0, 0) == 80.0);
  // decomposition: growth 100 (G - 1), SCR -100 G 0.8 (0.9 - 0.5) / 0.6
  CHECK(res.contributions.values()(0, 0) == doctest::Approx(10.40808032).epsilon(1e-12));
  CHECK(res.contributions.values()(1, 0) == doctest::Approx(-58.884309504).epsilon(1e-12));
  CHECK(res.contributions.row_labels()[1] == "SCR");
  // change: NOx total 220 -> 171.523770816, -22.03464963 %
  REQUIRE(res.targets.size() == 1);
  CHECK(res.targets[0].base == doctest::Approx(220.0));
  CHECK(res.targets[0].scenario == doctest::Approx(171.523770816));
  CHECK(res.targets[0].change_percent == doctest::Approx(100 * (171.523770816 / 220 - 1)));
  CHECK(res.targets[0].met);
  CHECK(res.change_percent.values()(0, 0) == doctest::Approx(-48.476229184));
  CHECK(std::isnan(res.change_percent.values()(0, 1)));
  CHECK(res.inventory.year == 2025);
  CHECK(res.inventory.history().back().name == "apply_scenario");
}

TEST_CASE("emis scenario: two technologies on a parent sector and region filters") {
  Scenario sc;
  sc.target_year = 2025;
  sc.measures.push_back({"LDAR", "industry", "VOC", "*", 0.6, 0.2, 0.5});
  sc.measures.push_back({"RTO", "industry", "VOC", "A", 0.9, 0.1, 0.4});
  sc.targets.push_back({"VOC", "industry", -60.0});
  auto res = apply_scenario(base_inventory(), sc);
  // cb = 0.2*0.6 + 0.1*0.9 = 0.21, ct = 0.5*0.6 + 0.4*0.9 = 0.66: E = 50 * 0.34 / 0.79
  CHECK(res.inventory.at(1, 1, 0) == doctest::Approx(21.518987341772).epsilon(1e-11));
  CHECK(res.contributions.values()(1, 1) == doctest::Approx(-50 * 0.6 * 0.3 / 0.79));
  CHECK(res.contributions.values()(2, 1) == doctest::Approx(-50 * 0.9 * 0.3 / 0.79));
  CHECK(res.contributions.values()(0, 1) == 0.0);
  CHECK_FALSE(res.targets[0].met);  // -56.96 % is short of -60 %
  CHECK(res.targets[0].change_percent == doctest::Approx(100 * (0.34 / 0.79 - 1)));
}

TEST_CASE("emis scenario: explicit growth factor, most specific entry wins") {
  Scenario sc;
  sc.growth.push_back({"industry", "*", 0.10, std::nullopt});
  sc.growth.push_back({"industry/boiler", "*", 0.0, 0.5});
  auto res = apply_scenario(base_inventory(), sc);
  CHECK(res.inventory.at(2, 0, 1) == doctest::Approx(20.0));
  CHECK(res.inventory.at(1, 1, 0) == doctest::Approx(50 * std::pow(1.1, 5)));
}

TEST_CASE("emis scenario: bad input names the culprit") {
  Scenario sc;
  sc.measures.push_back({"bad", "power", "NOx", "*", 1.2, 0.0, 0.5});
  CHECK_THROWS_WITH_AS(apply_scenario(base_inventory(), sc), doctest::Contains("bad.efficiency"),
                       aqm::InvalidArgument);
  sc.measures[0] = {"ghost", "steel", "NOx", "*", 0.5, 0.0, 0.5};
  CHECK_THROWS_WITH_AS(apply_scenario(base_inventory(), sc), doctest::Contains("ghost"),
                       aqm::KeyError);
  sc.measures[0] = {"a", "power", "NOx", "*", 0.5, 0.7, 0.5};
  sc.measures.push_back({"b", "power", "NOx", "*", 0.5, 0.6, 0.5});
  CHECK_THROWS_WITH_AS(apply_scenario(base_inventory(), sc), doctest::Contains("power/NOx@A"),
                       aqm::InvalidArgument);
  Scenario wrong_year;
  wrong_year.base_year = 2019;
  CHECK_THROWS_AS(apply_scenario(base_inventory(), wrong_year), aqm::InvalidArgument);
  Scenario full;
  full.measures.push_back({"full", "power", "NOx", "*", 1.0, 1.0, 1.0});
  CHECK_THROWS_WITH_AS(apply_scenario(base_inventory(), full), doctest::Contains("undefined"),
                       aqm::InvalidArgument);
}
