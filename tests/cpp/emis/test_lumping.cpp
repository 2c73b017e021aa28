// Compound inventory -> mechanism species: hand values, mass back-check, unmapped carried.
#include <doctest/doctest.h>

#include <aqm/emis/lumping.hpp>

#include <cmath>

using namespace aqm::emis;

TEST_CASE("emis lumping: moles by hand, back-check, unmapped mass kept") {
  // toluene -> 1 TOL (92.1 g/mol); butylbenzene -> TOL + 3 PAR, mechanism basis 1/(92.1 + 42);
  // "glycol ether" has no row: it and "unmapped" stay as mass.
  Inventory inv({"solvent", "traffic"}, {"toluene", "butylbenzene", "glycol ether", "unmapped"},
                {"A", "B"}, TimeResolution::annual, {"t/yr", "t/yr", "t/yr", "t/yr"});
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t r = 0; r < 2; ++r) {
      inv.at(s, 0, r) = 2.0 + double(s) + 10.0 * double(r);
      inv.at(s, 1, r) = 0.5 * double(s + 1);
      inv.at(s, 2, r) = 1.25;
      inv.at(s, 3, r) = 3.0 * double(r + 1);
    }
  const double eff = 92.1 + 3 * 14.0;
  LumpingMatrix m{
      "toy", {"toluene", "butylbenzene"}, {"PAR", "TOL"}, {0.0, 1 / 92.1, 3 / eff, 1 / eff}};
  Inventory out = lump_compounds(inv, m);
  REQUIRE(out.n_pollutants() == 3);
  CHECK(out.units()[0] == "mol/yr");
  CHECK(out.units()[2] == "t/yr");
  // traffic, place B: toluene 13 t/yr, butylbenzene 1 t/yr (1 t = 1e6 g)
  CHECK(out.at(1, 1, 1) == doctest::Approx(13e6 / 92.1 + 1e6 / eff).epsilon(1e-14));
  CHECK(out.at(1, 0, 1) == doctest::Approx(3e6 / eff).epsilon(1e-14));
  CHECK(out.at(1, 2, 1) == 1.25 + 6.0);
  // back-check: sum n MW = mapped mass in every cell
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t r = 0; r < 2; ++r) {
      const double grams = 1e6 * (inv.at(s, 0, r) + inv.at(s, 1, r));
      const double nmw = out.at(s, 0, r) * 14.0 + out.at(s, 1, r) * 92.1;
      CHECK(std::fabs(nmw - grams) <= 1e-12 * grams);
    }
}

TEST_CASE("emis lumping: bad input") {
  Inventory inv({"x"}, {"toluene", "NOx"}, {"A"}, TimeResolution::annual, {"t/yr", "mol/yr"});
  LumpingMatrix m{"toy", {"toluene"}, {"TOL"}, {1 / 92.1}};
  CHECK_THROWS_WITH_AS(lump_compounds(inv, m), doctest::Contains("NOx"), aqm::UnitError);
  Inventory ok({"x"}, {"toluene"}, {"A"}, TimeResolution::annual, {"t/yr"});
  CHECK_THROWS_AS(lump_compounds(ok, {"toy", {"benzene"}, {"TOL"}, {0.01}}), aqm::KeyError);
  CHECK_THROWS_WITH_AS(lump_compounds(ok, {"toy", {"toluene"}, {"TOL"}, {-1.0}}),
                       doctest::Contains("toluene -> TOL"), aqm::InvalidArgument);
  CHECK_THROWS_AS(lump_compounds(ok, {"toy", {"toluene"}, {"TOL", "PAR"}, {1.0}}),
                  aqm::InvalidArgument);
}
