#include "aqm/voc/reference.hpp"

#include <cmath>
#include <fstream>
#include <map>

#include "aqm/core/error.hpp"
#include "aqm/voc/detail/csv_fields.hpp"

namespace aqm::voc {

std::vector<Profile> read_reference_profiles(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw FileNotFound(Location{path, 0, 0, ""}, "no such file");
  std::vector<Profile> out;
  std::map<std::string, std::size_t> index, col;
  std::vector<std::string> f;
  std::string line;
  long lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (!detail::split_csv_line(line, f))
      throw ParseError(Location{path, lineno, 0, ""}, "unterminated quote");
    if (col.empty()) {
      for (std::size_t i = 0; i < f.size(); ++i) col[f[i]] = i;
      for (const char* name : {"source_type", "profile_code", "species", "weight_percent"})
        if (!col.count(name)) throw ParseError(Location{path, lineno, 0, name}, "column missing");
      continue;
    }
    if (f.size() != col.size())
      throw ParseError(
          Location{path, lineno, 0, ""},
          std::to_string(f.size()) + " fields, header has " + std::to_string(col.size()));
    const std::string& text = f[col["weight_percent"]];
    double w = std::nan("");  // NOLINT(clang-analyzer-deadcode.DeadStores): stod may throw
    try {
      std::size_t used = 0;
      w = std::stod(text, &used);
      if (used != text.size()) w = std::nan("");
    } catch (const std::exception&) {
    }
    if (!std::isfinite(w))
      throw ParseError(Location{path, lineno, 0, "weight_percent"},
                       "'" + text + "' is not a finite number");
    const std::string& code = f[col["profile_code"]];
    auto it = index.find(code);
    if (it == index.end()) {
      it = index.emplace(code, out.size()).first;
      out.push_back(Profile{code, f[col["source_type"]], {}, {}});
    }
    out[it->second].species.push_back(f[col["species"]]);
    out[it->second].values.push_back(w);
  }
  if (col.empty()) throw ParseError(Location{path, lineno, 0, ""}, "no header line");
  for (const auto& p : out) validate_profile(p, path);
  return out;
}

}  // namespace aqm::voc
