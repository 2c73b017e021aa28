// Reading the species registry CSV (columns: data/voc/README.md).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "aqm/core/error.hpp"
#include "aqm/core/species.hpp"

namespace aqm {
namespace {

// Columns every registry file has; koh_a, koh_n, koh_b, koh_rate_ref, mcm, speciate_id and
// notes are optional.
const char* const kRequired[] = {"name", "aliases", "cas",     "formula", "mw",   "group",
                                 "mir",  "mir_ref", "koh_298", "koh_ref", "soap", "soap_ref",
                                 "fac",  "fac_ref", "cb6",     "cb6_ref"};

/// Fields of one CSV line (RFC 4180 quoting, no line breaks inside fields).
std::vector<std::string> split_fields(const std::string& line, const Location& where) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (quoted) throw ParseError(where, "unterminated quoted field");
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

/// One data row, with the location of each named column for messages.
class Row {
 public:
  Row(const std::map<std::string, std::size_t>& columns, std::vector<std::string> fields,
      Location where)
      : columns_(columns), fields_(std::move(fields)), where_(std::move(where)) {}

  std::string text(const std::string& column) const {
    const auto it = columns_.find(column);
    return it == columns_.end() ? "" : trim(fields_[it->second]);
  }

  /// NaN for an empty cell; ParseError for text that is not a finite number (or a negative
  /// one when `non_negative`).
  double number(const std::string& column, bool non_negative = true) const {
    const std::string t = text(column);
    if (t.empty()) return Species::kMissing;
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(t.c_str(), &end);
    if (*end != '\0' || errno == ERANGE || !std::isfinite(v))
      throw ParseError(at(column), "not a number: '" + t + "'");
    if (non_negative && v < 0) throw ParseError(at(column), "negative value '" + t + "'");
    return v;
  }

  Location at(const std::string& column) const {
    return Location{where_.file, where_.line, 0, column};
  }

 private:
  const std::map<std::string, std::size_t>& columns_;
  std::vector<std::string> fields_;
  Location where_;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ';'))
    if (!trim(item).empty()) out.push_back(trim(item));
  return out;
}

/// "OLE:1;PAR:2" -> {(OLE, 1), (PAR, 2)}; "" and "NR" give no terms.
std::vector<std::pair<std::string, double>> parse_cb6(const Row& row) {
  std::vector<std::pair<std::string, double>> out;
  const std::string text = row.text("cb6");
  if (text.empty() || text == "NR") return out;
  for (const auto& term : split_list(text)) {
    const auto colon = term.find(':');
    const std::string sp = term.substr(0, colon);
    char* end = nullptr;
    const double n = colon == std::string::npos ? 0.0 : std::strtod(term.c_str() + colon + 1, &end);
    bool name_ok = !sp.empty() && std::isupper(static_cast<unsigned char>(sp[0]));
    for (char c : sp)
      name_ok = name_ok && (std::isupper(static_cast<unsigned char>(c)) ||
                            std::isdigit(static_cast<unsigned char>(c)) || c == '_');
    if (colon == std::string::npos || !name_ok || *end != '\0' || !(n > 0) || !std::isfinite(n))
      throw ParseError(row.at("cb6"),
                       "bad mapping term '" + term + "' (expected NAME:moles, e.g. PAR:4)");
    // A species named twice ("PAR:1;PAR:2") gets the sum.
    auto same = std::find_if(out.begin(), out.end(), [&](const auto& t) { return t.first == sp; });
    if (same != out.end()) same->second += n;
    else out.emplace_back(sp, n);
  }
  return out;
}

std::optional<ArrheniusRate> parse_rate(const Row& row) {
  const double a = row.number("koh_a");
  const double n = row.number("koh_n", false);
  const double b = row.number("koh_b", false);
  if (std::isnan(a) && std::isnan(n) && std::isnan(b)) return std::nullopt;
  if (std::isnan(a) || !(a > 0))
    throw ParseError(row.at("koh_a"), "a temperature dependence needs a positive koh_a");
  return ArrheniusRate{a, std::isnan(n) ? 0.0 : n, std::isnan(b) ? 0.0 : b};
}

Species parse_species(const Row& row) {
  Species s;
  s.name = row.text("name");
  s.aliases = split_list(row.text("aliases"));
  s.cas = row.text("cas");
  if (!s.cas.empty() && !cas_number_valid(s.cas))
    throw ParseError(row.at("cas"), "'" + s.cas + "' is not a CAS number (check digit)");
  s.formula = row.text("formula");
  s.mw = row.number("mw");
  if (std::isnan(s.mw) && !s.formula.empty()) {
    try {
      s.mw = molecular_weight(s.formula);
    } catch (const ParseError& e) {
      throw ParseError(row.at("formula"), e.what());
    }
  }
  if (!(s.mw > 0)) throw ParseError(row.at("mw"), "species " + s.name + " needs a mass");
  s.group = row.text("group");
  s.mir = row.number("mir", false);  // Carter's MIR is negative for NOx sinks (benzaldehyde)
  s.koh_298 = row.number("koh_298");
  s.koh_rate = parse_rate(row);
  s.soap = row.number("soap");
  s.fac = row.number("fac");
  s.cb6 = parse_cb6(row);
  s.cb6_not_represented = row.text("cb6") == "NR";
  s.mcm = row.text("mcm");
  const double id = row.number("speciate_id");
  if (!std::isnan(id) && (id != std::floor(id) || id < 1))
    throw ParseError(row.at("speciate_id"), "not a positive whole number");
  s.speciate_id = std::isnan(id) ? 0 : static_cast<long>(id);
  s.mir_ref = row.text("mir_ref");
  s.koh_ref = row.text("koh_ref");
  s.koh_rate_ref = row.text("koh_rate_ref");
  s.soap_ref = row.text("soap_ref");
  s.fac_ref = row.text("fac_ref");
  s.cb6_ref = row.text("cb6_ref");
  s.notes = row.text("notes");
  return s;
}

}  // namespace

SpeciesRegistry SpeciesRegistry::parse(const std::string& text, const std::string& source) {
  SpeciesRegistry registry;
  registry.source_ = source;
  std::istringstream in(text);
  std::string line;
  long lineno = 0;
  std::map<std::string, std::size_t> columns;
  while (std::getline(in, line)) {
    ++lineno;
    if (lineno == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (trim(line).empty() || line[0] == '#') continue;
    const Location where{source, lineno};
    auto fields = split_fields(line, where);
    if (columns.empty()) {
      for (std::size_t i = 0; i < fields.size(); ++i)
        if (!columns.emplace(trim(fields[i]), i).second)
          throw ParseError(Location{source, lineno, 0, trim(fields[i])}, "duplicate column");
      for (const char* c : kRequired)
        if (!columns.count(c)) throw ParseError(Location{source, lineno, 0, c}, "missing column");
      continue;
    }
    if (fields.size() != columns.size())
      throw ParseError(where, "expected " + std::to_string(columns.size()) +
                                  " fields as in the header, found " +
                                  std::to_string(fields.size()));
    registry.add(parse_species(Row(columns, std::move(fields), where)), where);
  }
  if (columns.empty()) throw ParseError(Location{source}, "the file is empty");
  return registry;
}

SpeciesRegistry SpeciesRegistry::from_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileNotFound(Location{path}, "no such file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path);
}

}  // namespace aqm
