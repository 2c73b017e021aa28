// The bundled SPECIATE subset read from C++: values as listed in SPECIATE 5.2 (VOC workflow
// notes section 3.2), and bad files naming the place.
#include <doctest/doctest.h>

#include <aqm/core/error.hpp>
#include <aqm/voc/reference.hpp>

#include <filesystem>
#include <fstream>
#include <set>

using namespace aqm::voc;
namespace fs = std::filesystem;

namespace {
double weight(const std::vector<Profile>& lib, const std::string& code, const std::string& sp) {
  for (const auto& p : lib)
    if (p.name == code)
      for (std::size_t i = 0; i < p.species.size(); ++i)
        if (p.species[i] == sp) return p.values[i];
  return -1;
}
std::string write_temp(const std::string& name, const std::string& text) {
  const auto dir = fs::temp_directory_path() / "aqm_cpp_tests" / "voc_reference";
  fs::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST_CASE("voc reference: bundled SPECIATE subset") {
  const auto lib = read_reference_profiles(AQM_SOURCE_DIR "/data/voc/reference_profiles.csv");
  CHECK(lib.size() == 27);
  std::set<std::string> types;
  for (const auto& p : lib) types.insert(p.source_type);
  CHECK(types.size() == 7);
  CHECK(weight(lib, "8856", "propane") == doctest::Approx(50.84).epsilon(1e-4));
  CHECK(weight(lib, "8861", "propylene") == doctest::Approx(22.89).epsilon(1e-4));
  CHECK(weight(lib, "2441", "ethane") == doctest::Approx(68.85).epsilon(1e-4));
  CHECK(weight(lib, "2402", "xylenes") == doctest::Approx(25.68).epsilon(1e-4));
}

TEST_CASE("voc reference: bad files") {
  CHECK_THROWS_AS(read_reference_profiles("/nonexistent/ref.csv"), aqm::FileNotFound);
  const auto bad_number = write_temp("num.csv",
                                     "source_type,profile_code,species,weight_percent\n"
                                     "x,P,ethane,12\nx,P,propane,1O\n");
  CHECK_THROWS_WITH_AS(read_reference_profiles(bad_number),
                       doctest::Contains("num.csv:3: weight_percent: '1O'"), aqm::ParseError);
  const auto zero = write_temp("zero.csv",
                               "source_type,profile_code,species,weight_percent\n"
                               "x,P,ethane,0\nx,P,propane,0\n");
  CHECK_THROWS_WITH_AS(read_reference_profiles(zero), doctest::Contains("P: profile sums to zero"),
                       aqm::InvalidArgument);
  const auto negative = write_temp("neg.csv",
                                   "source_type,profile_code,species,weight_percent\n"
                                   "x,P,ethane,-1\nx,P,propane,3\n");
  CHECK_THROWS_WITH_AS(read_reference_profiles(negative), doctest::Contains("P/ethane"),
                       aqm::InvalidArgument);
  const auto no_col = write_temp("col.csv", "source_type,profile_code,species\nx,P,ethane\n");
  CHECK_THROWS_WITH_AS(read_reference_profiles(no_col),
                       doctest::Contains("col.csv:1: weight_percent: column missing"),
                       aqm::ParseError);
}
