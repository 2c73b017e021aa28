// VOC speciation: S2S-Tool mole/mass algebra evaluated by hand; back-check of sum(moles*MW).
#include <doctest/doctest.h>

#include <aqm/emis/speciation.hpp>

#include <algorithm>
#include <cmath>

using namespace aqm::emis;

namespace {
// CB6-style lumping (S2S-Tool mapping examples: isobutane -> 4 PAR, toluene -> TOL,
// compound MW 134.222 -> TOL + 3 PAR); mechanism MWs PAR 14.0, TOL 92.1 (S2S-Tool GSPRO sample).
SpeciesMapping cb6_like() {
  SpeciesMapping m;
  m.name = "CB6-like";
  m.species_mw = {{"PAR", 14.0}, {"TOL", 92.1}, {"XYL", 106.2}};
  m.compounds = {{"isobutane", 58.12, {{"PAR", 4}}},
                 {"toluene", 92.14, {{"TOL", 1}}},
                 {"m-xylene", 106.17, {{"XYL", 1}}},
                 {"butylbenzene", 134.222, {{"TOL", 1}, {"PAR", 3}}}};
  return m;
}
SpeciationProfile profile() {
  return {"P1", {"isobutane", "toluene", "m-xylene"}, {0.5, 0.3, 0.2}, "test"};
}
double get(const SpeciationMatrix& m, const std::string& sp, bool moles) {
  for (std::size_t j = 0; j < m.species.size(); ++j)
    if (m.species[j] == sp) return moles ? m.moles_per_gram[j] : m.mass_fraction[j];
  return -1;
}
}  // namespace

TEST_CASE("emis speciation: mechanism basis (S2S-Tool) recovers the mass exactly") {
  auto m = build_speciation(profile(), cb6_like());
  CHECK(get(m, "PAR", true) == doctest::Approx(0.5 * 4 / 56.0));
  CHECK(get(m, "TOL", true) == doctest::Approx(0.3 / 92.1));
  CHECK(get(m, "XYL", true) == doctest::Approx(0.2 / 106.2));
  CHECK(get(m, "PAR", false) == doctest::Approx(0.5));
  CHECK(m.back_check == doctest::Approx(1.0).epsilon(1e-14));
  // compound split across two species: effMW = 92.1 + 3*14 = 134.1
  SpeciationProfile p2{"P2", {"butylbenzene"}, {1.0}, ""};
  auto m2 = build_speciation(p2, cb6_like());
  CHECK(get(m2, "TOL", true) == doctest::Approx(1.0 / 134.1));
  CHECK(get(m2, "PAR", true) == doctest::Approx(3.0 / 134.1));
  CHECK(m2.back_check == doctest::Approx(1.0));
}

TEST_CASE("emis speciation: compound basis divides by the compound's own MW") {
  auto m = build_speciation(profile(), cb6_like(), MassBasis::compound);
  CHECK(get(m, "PAR", true) == doctest::Approx(2.0 / 58.12));
  CHECK(get(m, "TOL", true) == doctest::Approx(0.3 / 92.14));
  // sum n_j MW_j = 0.5*4*14/58.12 + 0.3*92.1/92.14 + 0.2*106.2/106.17 = 0.98168815
  CHECK(m.back_check == doctest::Approx(0.9816881485318095).epsilon(1e-12));
}

TEST_CASE("emis speciation: profile checks") {
  SpeciationProfile bad{"B", {"toluene", "isobutane"}, {0.5, 0.4}, ""};
  CHECK_THROWS_WITH_AS(bad.validate(), doctest::Contains("sum to 0.9"), aqm::InvalidArgument);
  SpeciationProfile dup{"D", {"toluene", "toluene"}, {0.5, 0.5}, ""};
  CHECK_THROWS_WITH_AS(dup.validate(), doctest::Contains("D/toluene"), aqm::InvalidArgument);
  SpeciationProfile unk{"U", {"ethane"}, {1.0}, ""};
  CHECK_THROWS_WITH_AS(build_speciation(unk, cb6_like()), doctest::Contains("U/ethane"),
                       aqm::KeyError);
  auto m = build_speciation(SpeciationProfile{"U2", {"ethane", "toluene"}, {0.25, 0.75}, ""},
                            cb6_like(), MassBasis::mechanism, true);
  CHECK(m.unmapped_fraction == doctest::Approx(0.25));
  CHECK(m.back_check == doctest::Approx(0.75));
}

TEST_CASE("emis speciation: inventory NMVOC -> moles of mechanism species") {
  Inventory inv({"solvent", "transport"}, {"NMVOC", "NOx"}, {"A"}, TimeResolution::annual,
                {"t/yr", "t/yr"});
  inv.at(0, 0, 0) = 2.0;  // 2 t/yr = 2e6 g/yr
  inv.at(0, 1, 0) = 7.0;
  auto out = speciate(inv, "NMVOC", {profile()}, {{"*", "P1"}}, cb6_like());
  std::size_t tol = out.pollutant_index("TOL");
  CHECK(out.at(0, out.pollutant_index("NOx"), 0) == 7.0);
  // 2e6 g/yr * 0.3/92.1 mol/g in mol/yr
  CHECK(out.units()[tol] == "mol/yr");
  double f = 1.0;
  CHECK(out.at(0, tol, 0) * f == doctest::Approx(2e6 * 0.3 / 92.1));
  auto mass =
      speciate(inv, "NMVOC", {profile()}, {{"solvent", "P1"}}, cb6_like(), SpeciationOutput::mass);
  CHECK(mass.at(0, mass.pollutant_index("PAR"), 0) == doctest::Approx(1.0));
  inv.at(1, 0, 0) = 1.0;  // transport NMVOC without a profile
  CHECK_THROWS_WITH_AS(speciate(inv, "NMVOC", {profile()}, {{"solvent", "P1"}}, cb6_like()),
                       doctest::Contains("transport"), aqm::KeyError);
}

TEST_CASE("emis speciation: PMF factor localisation and profile comparison") {
  // ppb -> mass shares: toluene 1 ppb * 92.14, isobutane 2 ppb * 58.12
  auto p = profile_from_factor("F1", {"toluene", "isobutane"}, {1.0, 2.0}, {92.14, 58.12});
  CHECK(p.fractions[0] == doctest::Approx(92.14 / (92.14 + 116.24)));
  CHECK_THROWS_AS(profile_from_factor("F", {"a"}, {-1.0}), aqm::InvalidArgument);
  SpeciationProfile a{"a", {"x", "y"}, {0.5, 0.5}, ""}, b{"b", {"x", "z"}, {0.7, 0.3}, ""};
  auto c = compare_profiles(a, b);
  CHECK(c.compounds.size() == 3);
  // by hand: a = (.5,.5,0), b = (.7,0,.3); COD = sqrt(((.2/1.2)^2 + 1 + 1)/3)
  CHECK(c.cod == doctest::Approx(0.8221471437193746));
  CHECK(c.pearson_r == doctest::Approx(0.08219949365267866));
  CHECK(compare_profiles(a, a).cod == 0.0);
  CHECK(compare_profiles(b, b).pearson_r == doctest::Approx(1.0));
  CHECK(std::isnan(compare_profiles(a, a).pearson_r));  // constant profile: r undefined
}

TEST_CASE("emis speciation: compounds + unmapped conserve NMVOC per sector and cell") {
  // The species-resolved inventory's split (aqm.emis.species_inventory): a profile closed to 1
  // by an "unmapped" entry; monthly values over nine orders of magnitude, two places.
  const std::vector<double> shares = {0.137, 0.2591, 0.0083};
  double rest = 1.0;
  for (double s : shares) rest -= s;
  SpeciationProfile closed{"ref",
                           {"toluene", "isobutane", "m-xylene", "unmapped"},
                           {shares[0], shares[1], shares[2], rest},
                           "test"};
  SpeciationProfile all_unknown{"odd", {"unmapped"}, {1.0}, "test"};
  Inventory inv({"solvent", "odd", "dust"}, {"NMVOC", "PM10"}, {"A", "B"}, TimeResolution::monthly,
                {"t/yr", "t/yr"});
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t t = 0; t < 12; ++t) {
      inv.at(0, 0, r, t) = std::pow(10.0, double(t) - 3.0) * (1.0 + 0.37 * double(r));
      inv.at(1, 0, r, t) = 0.5 + double(t);
      inv.at(2, 1, r, t) = 4.0;  // PM only: no profile needed
    }
  auto out = speciate(inv, "NMVOC", {closed, all_unknown}, {{"solvent", "ref"}, {"odd", "odd"}},
                      SpeciesMapping{}, SpeciationOutput::compounds);
  CHECK(out.n_pollutants() == 5);  // PM10 + 3 compounds + unmapped
  const std::size_t un = out.pollutant_index("unmapped");
  for (std::size_t s = 0; s < 3; ++s) {
    double in = 0.0, sum = 0.0;
    for (std::size_t r = 0; r < 2; ++r)
      for (std::size_t t = 0; t < 12; ++t) {
        const double e = inv.at(s, 0, r, t);
        double cell = 0.0;
        for (std::size_t p = 0; p < out.n_pollutants(); ++p)
          if (out.pollutants()[p] != "PM10") cell += out.at(s, p, r, t);
        CHECK(std::fabs(cell - e) <= 1e-12 * e);
        in += e;
        sum += cell;
      }
    CHECK(std::fabs(sum - in) <= 1e-12 * std::max(in, 1e-300));
  }
  // by hand: toluene of solvent, place B, December = 1e8 * 1.37 * 0.137
  CHECK(out.at(0, out.pollutant_index("toluene"), 1, 11) ==
        doctest::Approx(1e8 * 1.37 * 0.137).epsilon(1e-14));
  CHECK(out.at(1, un, 0, 0) == 0.5);  // all-unknown profile: everything unmapped
  CHECK(out.at(1, out.pollutant_index("toluene"), 0, 0) == 0.0);
}
