#include <doctest/doctest.h>

#include <aqm/core/species.hpp>
#include <aqm/emis/speciation.hpp>
#include <map>
#include <string>

namespace {

// S2S-Tool CB6 species MWs (data/emis/cb6_species_mw.csv) for the species used below.
const std::map<std::string, double> kMw = {{"PAR", 14.0}, {"TOL", 92.1}, {"UNR", 142.3},
                                           {"OLE", 42.1}, {"ETH", 28.0}, {"XYLMN", 106.2}};

const std::string kHeader =
    "name,aliases,cas,formula,mw,group,mir,mir_ref,koh_298,koh_ref,soap,soap_ref,fac,fac_ref,"
    "cb6,cb6_ref\n";

}  // namespace

TEST_CASE("the emission CB6 mapping is the registry's, halocarbons as UNR") {
  const auto reg =
      aqm::SpeciesRegistry::parse(kHeader +
                                      "toluene,,108-88-3,C7H8,,aromatic,,,,,,,,,TOL:1,\n"
                                      "n-pentane,,109-66-0,C5H12,,alkane,,,,,,,,,PAR:5,\n"
                                      "PCE,,127-18-4,C2Cl4,,halocarbon,,,,,,,,,NR,\n"
                                      "ethylene glycol,,107-21-1,C2H6O2,,OVOC,,,,,,,,,,\n",
                                  "r.csv");
  const aqm::emis::SpeciesMapping mech = aqm::emis::cb6_mechanism(reg, kMw);
  CHECK(mech.compounds.size() == 3);  // ethylene glycol has no CB6 species
  const auto* tol = mech.find("toluene");
  REQUIRE(tol != nullptr);
  CHECK(tol->molecular_weight == doctest::Approx(92.141));  // 7 x 12.011 + 8 x 1.008
  CHECK(tol->species == std::vector<std::pair<std::string, double>>{{"TOL", 1.0}});
  CHECK(mech.find("PCE")->species == std::vector<std::pair<std::string, double>>{{"UNR", 1.0}});
  CHECK(mech.find("n-pentane")->species[0].second == 5.0);
  CHECK(mech.find("ethylene glycol") == nullptr);

  // 1 g of n-pentane (72.151 g/mol) -> 5 / 72.151 mol PAR per g (mechanism basis: 5 x 14)
  aqm::emis::SpeciationProfile p{"p", {"n-pentane"}, {1.0}, "test"};
  const auto s = aqm::emis::build_speciation(p, mech, aqm::emis::MassBasis::compound);
  CHECK(s.moles_per_gram[0] == doctest::Approx(5.0 / 72.151));

  CHECK_THROWS_WITH_AS(aqm::emis::cb6_mechanism(reg, {{"PAR", 14.0}}),
                       doctest::Contains("-> TOL: mechanism species has no molecular weight"),
                       aqm::KeyError);
}

TEST_CASE("the bundled registry gives every CB6-mapped compound to emis") {
  const auto& reg = aqm::default_species_registry();
  std::map<std::string, double> mw = kMw;
  for (const char* sp :
       {"ETHA", "PRPA", "IOLE", "ETHY", "ISOP", "TERP", "BENZENE", "FORM", "ALD2", "ALDX",
        "ACET", "KET",  "MEOH", "ETOH", "GLY",  "MGLY", "ISPD",    "CH4",  "AACD", "FACD"})
    mw[sp] = 1.0;
  const auto mech = aqm::emis::cb6_mechanism(reg, mw);
  std::size_t mapped = 0;
  for (const auto& s : reg.species()) mapped += (!s.cb6.empty() || s.cb6_not_represented) ? 1 : 0;
  CHECK(mech.compounds.size() == mapped);
  CHECK(mech.find("ethylene") != nullptr);
  CHECK(mech.find("ethene") == nullptr);  // canonical names only
  CHECK(mech.find("styrene")->species ==
        std::vector<std::pair<std::string, double>>{{"TOL", 1.0}, {"PAR", 1.0}});
}
