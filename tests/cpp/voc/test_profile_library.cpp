// Localized profiles (fill rule evaluated by hand) and the profile-library file: round trip,
// content hash, version guard and bad input naming the place.
#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/voc/profile_library.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace aqm::voc;
namespace fs = std::filesystem;

namespace {
std::size_t find(const LocalizedProfile& p, const std::string& s) {
  for (std::size_t i = 0; i < p.species.size(); ++i)
    if (p.species[i] == s) return i;
  FAIL("species missing: " << s);
  return 0;
}

ProfileLibrary small_library(const std::string& version) {
  ProfileLibrary lib;
  lib.metadata = {{"site", "Hangzhou"}, {"period", "2021"},
                  {"method", "PMF"},    {"pmf_settings", "p=6"},
                  {"data_hash", "abc"}, {"concentrations", "observed"},
                  {"version", version}, {"created_by", "libaqm test"}};
  LocalizedProfile p;
  p.name = "Factor 1";
  p.source_type = "lpg_ng";
  p.reference = "8856";
  p.species = {"propane", "n-butane", "2,2,4-trimethylpentane"};
  p.fraction = {0.5, 0.3, 0.2};
  p.origin = {"measured", "measured", "reference"};
  const double nan = std::nan("");
  p.p05 = {0.4, 0.2, nan};
  p.p50 = {0.5, 0.3, nan};
  p.p95 = {0.6, 0.4, nan};
  p.disp_lower = {0.45, 0.25, nan};
  p.disp_upper = {0.55, 0.35, nan};
  lib.profiles.push_back(p);
  return lib;
}

fs::path temp_dir() {
  auto dir = fs::temp_directory_path() / "aqm_cpp_tests" / "voc_library";
  fs::create_directories(dir);
  return dir;
}
}  // namespace

TEST_CASE("voc localize: measured share from the factor, the rest from the reference") {
  // factor (mass) A 1, m/p-xylene 1, D 2 -> f = 0.25, 0.25, 0.5.  Reference A 20, m-xylene 10,
  // p-xylene 10, C 60: covered R_meas = 40 (A and both xylenes through the lump), R_un = 60.
  // Measured: f * 40/100 -> A 0.1, m/p-xylene 0.1, D 0.2; unmeasured C 60/100 = 0.6.
  const Profile factor{"Factor 2", "", {"A", "m/p-xylene", "D"}, {1, 1, 2}};
  const Profile ref{
      "REF", "solvent_coatings", {"A", "m-xylene", "p-xylene", "C"}, {20, 10, 10, 60}};
  FactorUncertainty u;
  u.p05 = {0.5, 0.5, 1};
  u.p95 = {2, 2, 4};
  u.disp_upper = {1.5, 1.5, 3};
  const LocalizedProfile p = localize(factor, ref, xylene_lumps(), u);
  REQUIRE(p.species.size() == 4);
  CHECK(p.fraction[find(p, "A")] == doctest::Approx(0.1));
  CHECK(p.fraction[find(p, "m/p-xylene")] == doctest::Approx(0.1));
  CHECK(p.fraction[find(p, "D")] == doctest::Approx(0.2));
  CHECK(p.fraction[find(p, "C")] == doctest::Approx(0.6));
  CHECK(p.origin[find(p, "C")] == "reference");
  CHECK(p.origin[find(p, "D")] == "measured");
  CHECK(p.source_type == "solvent_coatings");
  CHECK(p.reference == "REF");
  // percentiles scale like the values: 0.5 / 4 * 0.4 = 0.05
  CHECK(p.p05[find(p, "A")] == doctest::Approx(0.05));
  CHECK(std::isnan(p.p50[find(p, "A")]));
  CHECK(p.p95[find(p, "D")] == doctest::Approx(0.4));
  CHECK(p.disp_upper[find(p, "A")] == doctest::Approx(0.15));
  CHECK(std::isnan(p.disp_lower[find(p, "A")]));
  CHECK(std::isnan(p.disp_upper[find(p, "C")]));
  u.p50 = {1, 2};
  CHECK_THROWS_WITH_AS(localize(factor, ref, xylene_lumps(), u),
                       doctest::Contains("differ in length"), aqm::InvalidArgument);
  const Profile other{"O", "", {"X", "Y"}, {1, 1}};
  CHECK_THROWS_WITH_AS(localize(other, ref), doctest::Contains("share no species"),
                       aqm::InvalidArgument);
}

TEST_CASE("voc profile library: round trip, hash and version guard") {
  const auto path = (temp_dir() / "lib.csv").string();
  fs::remove(path);
  write_profile_library(path, small_library("1.0.0"));
  const ProfileLibrary back = read_profile_library(path);
  REQUIRE(back.profiles.size() == 1);
  CHECK(back.profiles[0].species[2] == "2,2,4-trimethylpentane");
  CHECK(back.profiles[0].fraction[1] == doctest::Approx(0.3));
  CHECK(std::isnan(back.profiles[0].p50[2]));
  CHECK(back.profiles[0].disp_upper[0] == doctest::Approx(0.55));
  CHECK(back.metadata.at("content_hash") == small_library("1.0.0").content_hash());
  CHECK(back.metadata.at("site") == "Hangzhou");
  // same content, same version: allowed; different content, same version: refused
  write_profile_library(path, small_library("1.0.0"));
  ProfileLibrary changed = small_library("1.0.0");
  changed.profiles[0].fraction = {0.6, 0.2, 0.2};
  CHECK_THROWS_WITH_AS(write_profile_library(path, changed),
                       doctest::Contains("version 1.0.0 already holds different profiles"),
                       aqm::InvalidArgument);
  changed.metadata["version"] = "1.1.0";
  write_profile_library(path, changed);
  CHECK(read_profile_library(path).metadata.at("version") == "1.1.0");
  // the hash changes with any fraction and is independent of metadata
  CHECK(changed.content_hash() != small_library("1.1.0").content_hash());
  CHECK(small_library("2.0.0").content_hash() == small_library("1.1.0").content_hash());
  ProfileLibrary wider = small_library("1.1.0");
  wider.profiles[0].disp_upper[0] = 0.6;  // uncertainty is content too
  CHECK(wider.content_hash() != small_library("1.1.0").content_hash());
  const auto d = compare_libraries(small_library("1.0.0"), changed);
  REQUIRE(d.size() == 1);
  // union sorted: 2,2,4-TMP 0.2|0.2, n-butane 0.3|0.2, propane 0.5|0.6.  Deviations from 1/3
  // in units of 1/30: (-4 -1 5) and (-4 -4 8): r = 60 / sqrt(42 * 96);
  // SID = sqrt(2)/3 (0 + 0.1/0.5 + 0.1/1.1)
  REQUIRE(d[0].species[1] == "n-butane");
  CHECK(d[0].a[1] == doctest::Approx(0.3));
  CHECK(d[0].b[1] == doctest::Approx(0.2));
  CHECK(d[0].pearson_r == doctest::Approx(60.0 / std::sqrt(42.0 * 96.0)));
  CHECK(d[0].sid == doctest::Approx(std::sqrt(2.0) / 3.0 * (0.2 + 0.1 / 1.1)));
}

TEST_CASE("voc profile library: bad input names the place") {
  ProfileLibrary lib = small_library("1.0");
  CHECK_THROWS_WITH_AS(lib.validate("x.csv"), doctest::Contains("x.csv: version"),
                       aqm::InvalidArgument);
  lib = small_library("1.0.0");
  lib.metadata.erase("site");
  CHECK_THROWS_WITH_AS(lib.validate("x.csv"), doctest::Contains("x.csv: site: required"),
                       aqm::InvalidArgument);
  lib = small_library("1.0.0");
  lib.profiles[0].fraction[0] = 0.9;
  CHECK_THROWS_WITH_AS(lib.validate("x.csv"), doctest::Contains("Factor 1: mass fractions sum"),
                       aqm::InvalidArgument);
  lib = small_library("1.0.0");
  lib.profiles[0].fraction = {0.7, -0.1, 0.4};
  CHECK_THROWS_WITH_AS(lib.validate(), doctest::Contains("Factor 1/n-butane"),
                       aqm::InvalidArgument);
  // hand-edited file: the hash no longer matches
  const auto path = (temp_dir() / "edited.csv").string();
  fs::remove(path);
  write_profile_library(path, small_library("1.0.0"));
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  std::string s = text.str();
  s.replace(s.find("0.5,measured"), 12, "0.4,measured");
  s.replace(s.find("0.3,measured"), 12, "0.4,measured");
  std::ofstream(path) << s;
  CHECK_THROWS_WITH_AS(read_profile_library(path), doctest::Contains("content_hash"),
                       aqm::InvalidArgument);
  std::ofstream(path) << "# version: 1.0.0\nprofile,compound\nA,B\n";
  CHECK_THROWS_WITH_AS(read_profile_library(path), doctest::Contains(":2: source_type"),
                       aqm::ParseError);
  CHECK_THROWS_AS(read_profile_library((temp_dir() / "none.csv").string()), aqm::FileNotFound);
}
