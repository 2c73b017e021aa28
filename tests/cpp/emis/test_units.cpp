// Unit parsing and conversion: factors derived by hand from the unit definitions.
#include <doctest/doctest.h>

#include <aqm/emis/units.hpp>

using namespace aqm::emis;

TEST_CASE("emis units: equivalent spellings parse to the same unit") {
  Unit a = parse_unit("kg m-2 s-1"), b = parse_unit("kg/m2/s"), c = parse_unit("kg m^-2 s**-1"),
       d = parse_unit("kg/(m2 s)");
  for (const Unit* u : {&b, &c, &d}) {
    CHECK(compatible(a, *u));
    CHECK(conversion_factor(a, *u) == doctest::Approx(1.0).epsilon(1e-15));
  }
  CHECK(a.dim == Dimension{1, 0, -1, -2});
  CHECK(a.canonical() == "kg m-2 s-1");
}

TEST_CASE("emis units: hand-computed factors") {
  // 1 t/yr = 1000 kg / (365.25 * 86400 s) = 3.168808781e-5 kg/s
  CHECK(conversion_factor("t/yr", "kg/s") == doctest::Approx(1000.0 / 31557600.0).epsilon(1e-14));
  CHECK(conversion_factor("Gg", "t") == doctest::Approx(1000.0));
  CHECK(conversion_factor("kt", "Mg") == doctest::Approx(1000.0));
  CHECK(conversion_factor("g", "kg") == doctest::Approx(1e-3));
  CHECK(conversion_factor("km2", "m2") == doctest::Approx(1e6));
  CHECK(conversion_factor("kg/km2/h", "kg m-2 s-1") == doctest::Approx(1.0 / (1e6 * 3600)));
  CHECK(conversion_factor("t/month", "t/yr") == doctest::Approx(12.0));
  CHECK(conversion_factor("kg/day", "kg/h") == doctest::Approx(1.0 / 24));
  CHECK(conversion_factor("1e6 mol", "mol") == doctest::Approx(1e6));
  CHECK(conversion_factor("Mmol", "mol") == doctest::Approx(1e6));
  CHECK(conversion_factor("molecule cm-3 s-1", "mol m-3 s-1") ==
        doctest::Approx(1e6 / 6.02214076e23).epsilon(1e-14));
  CHECK(conversion_factor("short_ton", "kg") == doctest::Approx(907.18474));
}

TEST_CASE("emis units: incompatible units raise UnitError naming both") {
  CHECK_THROWS_AS(conversion_factor("kg/m2/s", "t/yr"), aqm::UnitError);
  try {
    conversion_factor("kg/m2/s", "t/yr");
  } catch (const aqm::UnitError& e) {
    std::string m = e.what();
    CHECK(m.find("kg/m2/s") != std::string::npos);
    CHECK(m.find("t/yr") != std::string::npos);
  }
  CHECK_THROWS_AS(conversion_factor("kg", "mol"), aqm::UnitError);  // needs MW
  CHECK_THROWS_AS(conversion_factor("kgC", "kg"), aqm::UnitError);  // needs carbon data
  CHECK_THROWS_AS(parse_unit("furlong"), aqm::UnitError);
  CHECK_THROWS_WITH_AS(parse_unit("ton/yr"), doctest::Contains("ambiguous"), aqm::UnitError);
  CHECK_THROWS_AS(parse_unit(""), aqm::UnitError);
  CHECK_THROWS_AS(parse_unit("kg/(m2 s"), aqm::UnitError);
}

TEST_CASE("emis units: kgC and 'as NO2' need explicit species data") {
  // HEMCO docs: acetone (C3H6O, MW 58.08) as kg C -> kg acetone is MW/(3*12.011)
  SpeciesData acet{"ACET", 58.08, 3, {}};
  CHECK(conversion_factor("kgC", "kg", acet) == doctest::Approx(58.08 / (3 * 12.011)));
  CHECK(conversion_factor("kg", "kgC", acet) == doctest::Approx(3 * 12.011 / 58.08));
  CHECK(conversion_factor("kg[C]/yr", "kg/yr", acet) == doctest::Approx(58.08 / 36.033));
  // NOx reported as NO2, converted to NO (MW 30.006): 46.0055 g NO2 carry 30.006 g NO
  SpeciesData no{"NO", 30.006, 1, {}};
  CHECK(conversion_factor("t/yr as NO2", "t/yr", no) == doctest::Approx(30.006 / 46.0055));
  // mass <-> moles: 1 kg of toluene (92.14 g/mol) = 1000/92.14 mol
  SpeciesData tol{"TOL", 92.14, 7, {}};
  CHECK(conversion_factor("kg/s", "mol/s", tol) == doctest::Approx(1000.0 / 92.14));
  // moles of carbon -> moles of species: divide by carbon number
  CHECK(conversion_factor("mol[C]", "mol", tol) == doctest::Approx(1.0 / 7));
  SpeciesData nomw{"X", 0, 0, {}};
  CHECK_THROWS_WITH_AS(conversion_factor("kg", "mol", nomw), doctest::Contains("molecular weight"),
                       aqm::UnitError);
}
