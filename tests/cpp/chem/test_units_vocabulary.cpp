// The one vocabulary of concentration units (aqm/chem/units.hpp): every alias a pillar ever
// accepted resolves to one canonical name, and the canonical names round-trip.
#include <doctest/doctest.h>

#include <string>
#include <utility>

#include "aqm/chem/units.hpp"

using namespace aqm::chem;

TEST_CASE("units vocabulary: aliases resolve to the canonical names") {
  const std::pair<const char*, const char*> cases[] = {
      {"molecule cm-3", "molecule cm-3"},
      {"molec_cm3", "molecule cm-3"},
      {"Molec/cm3", "molecule cm-3"},
      {"cm-3", "molecule cm-3"},
      {"ppmv", "ppm"},
      {"umol/mol", "ppm"},
      {"PPBV", "ppb"},
      {"nmol/mol", "ppb"},
      {"pptv", "ppt"},
      {"pmol/mol", "ppt"},
      {"ugm3", "ug m-3"},
      {"ug/m3", "ug m-3"},
      {"\xc2\xb5g m-3", "ug m-3"},        // micro sign
      {"\xce\xbcg/m3", "ug m-3"},         // Greek mu
      {"\xc2\xb5g/m\xc2\xb3", "ug m-3"},  // superscript three
  };
  for (const auto& [alias, canonical] : cases) {
    CAPTURE(alias);
    CHECK(to_string(parse_concentration_unit(alias)) == canonical);
  }
  for (auto u : {ConcentrationUnit::molecule_cm3, ConcentrationUnit::ppm, ConcentrationUnit::ppb,
                 ConcentrationUnit::ppt, ConcentrationUnit::ug_m3})
    CHECK(parse_concentration_unit(to_string(u)) == u);
}

TEST_CASE("units vocabulary: unknown units name the text and the canonical set") {
  for (const char* bad : {"mg/m3", "ug", "ppq", "", "\xc2\xb5"}) {
    CAPTURE(bad);
    try {
      parse_concentration_unit(bad);
      FAIL("no UnitError");
    } catch (const aqm::UnitError& e) {
      const std::string what = e.what();
      CHECK(what.find("ug m-3") != std::string::npos);
      CHECK(what.find("molecule cm-3") != std::string::npos);
    }
  }
}
