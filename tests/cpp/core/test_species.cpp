#include <doctest/doctest.h>

#include <aqm/core/data_path.hpp>
#include <algorithm>
#include <aqm/core/species.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

const std::string kHeader =
    "name,aliases,cas,formula,mw,group,mir,mir_ref,koh_298,koh_ref,soap,soap_ref,fac,fac_ref,"
    "cb6,cb6_ref,koh_a,koh_n,koh_b,koh_rate_ref,mcm,speciate_id,notes\n";
const std::string kToluene =
    "toluene,methylbenzene,108-88-3,C7H8,92.141,aromatic,4.00,x,5.63e-12,x,100,x,,,TOL:1,x,"
    "1.8e-12,0,-340,MCM,TOLUENE,717,\n";
const std::string kEthylAcetate =
    "ethyl acetate,,141-78-6,C4H8O2,,OVOC,,,1.68e-12,x,,,,,PAR:4,x,6.92e-19,2,-986,MCM,"
    "ETHACET,,\n";

std::string message_of(const std::string& text) {
  try {
    aqm::SpeciesRegistry::parse(text, "bad.csv");
  } catch (const aqm::ParseError& e) {
    return e.what();
  } catch (const aqm::InvalidArgument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("CAS numbers are checked by their check digit") {
  CHECK(aqm::cas_number_valid("108-88-3"));  // toluene
  CHECK(aqm::cas_number_valid("50-00-0"));   // formaldehyde: 4*5 = 20 -> 0
  // water 7732-18-5: 8*1 + 1*2 + 2*3 + 3*4 + 7*5 + 7*6 = 105 -> 5
  CHECK(aqm::cas_number_valid("7732-18-5"));
  CHECK_FALSE(aqm::cas_number_valid("108-88-4"));
  CHECK_FALSE(aqm::cas_number_valid("10888-3"));
  CHECK_FALSE(aqm::cas_number_valid("1-88-3"));
  CHECK_FALSE(aqm::cas_number_valid("1a8-88-3"));
  CHECK_FALSE(aqm::cas_number_valid(""));
}

TEST_CASE("molecular weight from the formula with IUPAC standard atomic weights") {
  CHECK(aqm::molecular_weight("C7H8") == doctest::Approx(7 * 12.011 + 8 * 1.008));  // 92.141
  CHECK(aqm::molecular_weight("C2HCl3") == doctest::Approx(2 * 12.011 + 1.008 + 3 * 35.45));
  CHECK(aqm::molecular_weight("C2H3N") == doctest::Approx(41.053));
  CHECK(aqm::molecular_weight("CH3Br") == doctest::Approx(12.011 + 3 * 1.008 + 79.904));
  CHECK_THROWS_WITH_AS(aqm::molecular_weight("C7H8Xx"), doctest::Contains("unknown element 'Xx'"),
                       aqm::ParseError);
  CHECK_THROWS_AS(aqm::molecular_weight("c7h8"), aqm::ParseError);
  CHECK_THROWS_AS(aqm::molecular_weight(""), aqm::ParseError);
}

TEST_CASE("names are keys without case or punctuation") {
  CHECK(aqm::species_key("M_P Xylene") == "mpxylene");
  CHECK(aqm::species_key("m/p-Xylene") == "mpxylene");
  CHECK(aqm::species_key("--").empty());
}

TEST_CASE("the bundled registry finds species by name, alias, CAS and any case") {
  const aqm::SpeciesRegistry& reg = aqm::default_species_registry();
  CHECK(reg.at("TOLUENE").name == "toluene");
  CHECK(reg.at("108-88-3").name == "toluene");
  CHECK(reg.at("Methylbenzene").name == "toluene");
  CHECK(reg.at("ethene").name == "ethylene");
  CHECK(reg.at("propene").name == "propylene");
  CHECK(reg.at("M_P Xylene").name == "m/p-xylene");
  CHECK(reg.at("124-Trimethylbenzene").name == "1,2,4-trimethylbenzene");
  CHECK(reg.find("unobtainium") == nullptr);
  CHECK_FALSE(reg.contains("--"));
  CHECK_THROWS_WITH_AS(reg.at("tolune"), doctest::Contains("close matches: 'toluene'"),
                       aqm::KeyError);
  CHECK_THROWS_WITH_AS(reg.at("unobtainium"), doctest::Contains("unobtainium: unknown species"),
                       aqm::KeyError);
  // names with commas in them are listed whole; at most three
  try {
    reg.at("1,2,5-trimethylbenzene");
    FAIL("expected KeyError");
  } catch (const aqm::KeyError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("'1,2,4-trimethylbenzene'") != std::string::npos);
    CHECK(msg.find("'1,2,3-trimethylbenzene'") != std::string::npos);
    CHECK(std::count(msg.begin(), msg.end(), '\'') == 6);  // three quoted names
  }
  const aqm::Species& tol = reg.at("toluene");
  CHECK(tol.mw == doctest::Approx(92.141));
  REQUIRE(tol.cb6.size() == 1);
  CHECK(tol.cb6[0].first == "TOL");
  CHECK(tol.cb6[0].second == 1.0);
  CHECK(reg.at("PCE").cb6_not_represented);
  CHECK(std::isnan(reg.at("acetonitrile").mir));  // in neither copy of Carter's table
  CHECK(reg.at("m-xylene").mir == 9.75);          // Carter (2010)
  CHECK(reg.at("benzaldehyde").mir == -0.67);     // a NOx sink: negative, kept
  // The bundled toluene row carries MCM v3.3.1's 1.8e-12 exp(340/T): 298 K gives the tabulated
  // 5.63e-12 (5.6334e-12), 250 K gives 7.01315e-12 (hand value in the next test case).
  REQUIRE(tol.koh_depends_on_temperature());
  CHECK(tol.koh(298.0) == doctest::Approx(5.63e-12).epsilon(1e-3));
  CHECK(tol.koh(250.0) == doctest::Approx(7.01315e-12).epsilon(1e-5));
  CHECK(tol.mcm == "TOLUENE");
  CHECK(tol.speciate_id == 717);
  CHECK(reg.find_speciate_id(717) == &tol);
  CHECK(reg.find_speciate_id(522)->name == "m/p-xylene");  // SPECIATE's co-eluting pair
  CHECK(reg.find_speciate_id(999999) == nullptr);
  CHECK(reg.size() >= 100);
}

TEST_CASE("kOH(T) from the cited Arrhenius parameters, else the 298 K value") {
  const auto reg = aqm::SpeciesRegistry::parse(kHeader + kToluene + kEthylAcetate, "t.csv");
  const aqm::Species& tol = reg.at("toluene");
  REQUIRE(tol.koh_depends_on_temperature());
  // MCM v3.3.1: 1.8e-12 exp(340/T).  298 K: exp(1.140940) = 3.12964 -> 5.6334e-12, the
  // tabulated 5.63e-12.  250 K: exp(1.36) = 3.896193 -> 7.01315e-12.
  CHECK(tol.koh(298.0) == doctest::Approx(tol.koh_298).epsilon(1e-3));
  CHECK(tol.koh(250.0) == doctest::Approx(7.01315e-12).epsilon(1e-5));
  // T^2 form: 6.92e-19 T^2 exp(986/T).  310 K: 96100 * exp(3.180645) = 96100 * 24.06227
  // -> 1.60017e-12.
  const aqm::Species& ea = reg.at("ethyl acetate");
  CHECK(ea.koh(310.0) == doctest::Approx(1.60017e-12).epsilon(1e-4));
  CHECK(ea.mw == doctest::Approx(4 * 12.011 + 8 * 1.008 + 2 * 15.999));  // empty mw: formula
  CHECK(ea.speciate_id == 0);
  CHECK(tol.speciate_id == 717);
  CHECK(tol.mcm == "TOLUENE");
  CHECK_THROWS_AS(tol.koh(0.0), aqm::InvalidArgument);
  CHECK_THROWS_AS(tol.koh(NAN), aqm::InvalidArgument);

  const auto twice = aqm::SpeciesRegistry::parse(
      kHeader + "x,,,C3H6,,alkene,,,,,,,,,OLE:1;PAR:0.5;PAR:0.5,x,,,,,,,\n", "d.csv");
  CHECK(twice.at("x").cb6 ==
        std::vector<std::pair<std::string, double>>{{"OLE", 1.0}, {"PAR", 1.0}});

  const auto flat = aqm::SpeciesRegistry::parse(
      kHeader + "benzene,,71-43-2,C6H6,78.114,aromatic,,,1.22e-12,x,,,,,BENZENE:1,x,,,,,,,\n",
      "f.csv");
  CHECK_FALSE(flat.at("benzene").koh_depends_on_temperature());
  CHECK(flat.at("benzene").koh(250.0) == 1.22e-12);
}

TEST_CASE("malformed registry rows are reported with file, line and column name") {
  auto with = [](std::string row) { return kHeader + kToluene + row; };
  CHECK(message_of(with("x,,,C2H6,30.07,alkane,lots,,,,,,,,,,,,,,,,\n")) ==
        "bad.csv:3: mir: not a number: 'lots'");
  CHECK(message_of(with("x,,74-84-1,C2H6,30.07,alkane,,,,,,,,,,,,,,,,,\n")) ==
        "bad.csv:3: cas: '74-84-1' is not a CAS number (check digit)");
  CHECK(message_of(with("x,,,C2H6,30.07,alkane,,,,,,,,,PAR,,,,,,,,\n")) ==
        "bad.csv:3: cb6: bad mapping term 'PAR' (expected NAME:moles, e.g. PAR:4)");
  CHECK(message_of(with("x,,,C2H6,30.07,alkane,,,-1,,,,,,,,,,,,,,\n")) ==
        "bad.csv:3: koh_298: negative value '-1'");
  CHECK(message_of(with("x,,,C2H6,30.07\n")) ==
        "bad.csv:3: expected 23 fields as in the header, found 5");
  CHECK(message_of(with("x,toluene,,C2H6,30.07,alkane,,,,,,,,,,,,,,,,,\n")) ==
        "bad.csv:3: x: ambiguous with 'toluene' (key 'toluene')");
  CHECK(message_of(with("x,,,Qq2,,alkane,,,,,,,,,,,,,,,,,\n")).find("bad.csv:3: formula:") == 0);
  CHECK(message_of(with("x,,,,,alkane,,,,,,,,,,,,,,,,,\n")) ==
        "bad.csv:3: mw: species x needs a mass");
  CHECK(message_of(with("x,,,C2H6,30.07,alkane,,,,,,,,,,,,1,,,,,\n")) ==
        "bad.csv:3: koh_a: a temperature dependence needs a positive koh_a");
  CHECK(message_of(with("\"x,,,C2H6\n")) == "bad.csv:3: unterminated quoted field");
  CHECK(message_of("name,aliases\n") == "bad.csv:1: cas: missing column");
  CHECK(message_of("name,cas,name\n") == "bad.csv:1: name: duplicate column");
  CHECK(message_of("") == "bad.csv: the file is empty");
  CHECK_THROWS_AS(aqm::SpeciesRegistry::from_csv("/nonexistent/voc.csv"), aqm::FileNotFound);
}

TEST_CASE("data_path honours AQM_DATA_DIR before the compiled-in directories") {
  const std::string bundled = aqm::data_path("voc/voc_species.csv");
  CHECK(std::filesystem::is_regular_file(bundled));
  CHECK_THROWS_WITH_AS(aqm::data_path("voc/absent.csv"),
                       doctest::Contains("voc/absent.csv: bundled data file not found"),
                       aqm::FileNotFound);
  const auto dir = std::filesystem::temp_directory_path() / "aqm_data_path_test";
  std::filesystem::create_directories(dir / "voc");
  std::ofstream(dir / "voc" / "voc_species.csv") << kHeader << kToluene;
  ::setenv("AQM_DATA_DIR", dir.string().c_str(), 1);
  CHECK(aqm::data_path("voc/voc_species.csv") == (dir / "voc" / "voc_species.csv").string());
  CHECK(aqm::data_directories().front() == dir.string());
  ::unsetenv("AQM_DATA_DIR");
  CHECK(aqm::data_path("voc/voc_species.csv") == bundled);
  std::filesystem::remove_all(dir);
}
