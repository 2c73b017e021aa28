#pragma once
// Helpers shared by the chem tests: locating ../shared/data and matching reactions.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <aqm/chem.hpp>

namespace chem_test {

inline std::string shared_mech(const std::string& rel) {
  return std::string(AQM_SHARED_DATA_DIR) + "/mechanisms/" + rel;
}
inline bool have_shared() {
  return std::filesystem::exists(std::string(AQM_SHARED_DATA_DIR) + "/mechanisms");
}
inline std::string test_data(const std::string& rel) {
  return std::string(AQM_TEST_DATA_DIR) + "/chem/" + rel;
}

/// "A+B>C+D" signature of a reaction (sorted names, repeated by integer coefficient).
inline std::string signature(const aqm::chem::Mechanism& m, const aqm::chem::Reaction& r) {
  auto side = [&](const std::vector<aqm::chem::StoichTerm>& t) {
    std::vector<std::string> v;
    for (const auto& x : t) {
      const std::string& n = m.species()[x.species].name;
      if (n == "NA" || n == "SA") continue;  // MCM's dummy deposition products
      for (int k = 0; k < static_cast<int>(x.coefficient); ++k) v.push_back(n);
    }
    std::sort(v.begin(), v.end());
    std::string s;
    for (const auto& n : v) s += n + "+";
    return s;
  };
  return side(r.reactants) + ">" + side(r.products);
}

/// Sum of rate constants per signature.
inline std::map<std::string, double> rates_by_signature(const aqm::chem::Mechanism& m,
                                                        aqm::chem::KineticSystem& s) {
  std::map<std::string, double> out;
  const auto k = s.rate_constants();
  for (std::size_t r = 0; r < m.reactions().size(); ++r)
    out[signature(m, m.reactions()[r])] += k[r];
  return out;
}

#define CHEM_REQUIRE_SHARED()                                                        \
  if (!chem_test::have_shared()) {                                                   \
    MESSAGE("skipped: ../shared/data/mechanisms not found next to the source tree"); \
    return;                                                                          \
  }

}  // namespace chem_test
