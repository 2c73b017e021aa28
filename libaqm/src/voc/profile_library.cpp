#include "aqm/voc/profile_library.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "aqm/core/error.hpp"
#include "aqm/io/atomic_output.hpp"
#include "aqm/voc/detail/csv_fields.hpp"

namespace aqm::voc {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<std::string> kColumns = {"profile",    "source_type", "compound", "mass_fraction",
                                           "origin",     "p05",         "p50",      "p95",
                                           "disp_lower", "disp_upper",  "reference"};

std::string number(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return buf;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Reference species j is covered by the factor when the factor reports it, a lump of it, or
// one of its members (j itself a lump).
bool covered(const std::string& j, const std::set<std::string>& measured,
             const std::vector<Lump>& lumps) {
  if (measured.count(j)) return true;
  for (const auto& lump : lumps) {
    bool j_member = false, measured_member = false;
    for (const auto& m : lump.members) {
      j_member |= m == j;
      measured_member |= measured.count(m) > 0;
    }
    if (j_member && measured.count(lump.name)) return true;
    if (j == lump.name && measured_member) return true;
  }
  return false;
}

double parse_number(const std::string& text, const std::string& path, long line,
                    const std::string& column) {
  if (text.empty()) return kNaN;
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size() && std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  throw ParseError(Location{path, line, 0, column}, "'" + text + "' is not a finite number");
}

}  // namespace

const std::vector<std::string>& required_metadata_keys() {
  static const std::vector<std::string> keys = {"site",         "period",    "method",
                                                "pmf_settings", "data_hash", "concentrations",
                                                "version",      "created_by"};
  return keys;
}

bool is_semantic_version(const std::string& text) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= text.size()) {
    const std::size_t dot = text.find('.', i);
    const std::string part = text.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos) return false;
    ++parts;
    if (dot == std::string::npos) break;
    i = dot + 1;
  }
  return parts == 3;
}

std::string ProfileLibrary::content_hash() const {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a 64 offset basis
  auto feed = [&h](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;  // FNV prime
    }
  };
  for (const auto& p : profiles)
    for (std::size_t i = 0; i < p.species.size(); ++i)
      feed(p.name + '\t' + p.source_type + '\t' + p.species[i] + '\t' + number(p.fraction[i]) +
           '\t' + p.origin[i] + '\t' + number(p.p05[i]) + '\t' + number(p.p50[i]) + '\t' +
           number(p.p95[i]) + '\t' + number(p.disp_lower[i]) + '\t' + number(p.disp_upper[i]) +
           '\t' + p.reference + '\n');
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void ProfileLibrary::validate(const std::string& where) const {
  for (const auto& key : required_metadata_keys())
    if (!metadata.count(key))
      throw InvalidArgument(Location{where, 0, 0, key}, "required metadata key is missing");
  if (!is_semantic_version(metadata.at("version")))
    throw InvalidArgument(Location{where, 0, 0, "version"},
                          "'" + metadata.at("version") + "' is not MAJOR.MINOR.PATCH");
  std::set<std::string> names;
  for (const auto& p : profiles) {
    if (!names.insert(p.name).second)
      throw InvalidArgument(Location{where, 0, 0, p.name}, "profile name repeated");
    const std::size_t n = p.species.size();
    if (p.fraction.size() != n || p.origin.size() != n || p.p05.size() != n || p.p50.size() != n ||
        p.p95.size() != n || p.disp_lower.size() != n || p.disp_upper.size() != n)
      throw InvalidArgument(Location{where, 0, 0, p.name}, "column lengths differ");
    double sum = 0.0;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string at = p.name + "/" + p.species[i];
      if (!seen.insert(p.species[i]).second)
        throw InvalidArgument(Location{where, 0, 0, at}, "compound repeated");
      if (!std::isfinite(p.fraction[i]) || p.fraction[i] < 0.0)
        throw InvalidArgument(Location{where, 0, 0, at}, "mass_fraction must be finite, >= 0");
      if (p.origin[i] != "measured" && p.origin[i] != "reference")
        throw InvalidArgument(Location{where, 0, 0, at},
                              "origin must be 'measured' or "
                              "'reference', got '" +
                                  p.origin[i] + "'");
      for (double q : {p.p05[i], p.p50[i], p.p95[i], p.disp_lower[i], p.disp_upper[i]})
        if (!std::isnan(q) && (!std::isfinite(q) || q < 0.0))
          throw InvalidArgument(Location{where, 0, 0, at}, "uncertainty must be finite, >= 0");
      sum += p.fraction[i];
    }
    if (std::abs(sum - 1.0) > 1e-6)
      throw InvalidArgument(Location{where, 0, 0, p.name},
                            "mass fractions sum to " + number(sum) + ", not 1");
  }
}

LocalizedProfile localize(const Profile& factor, const Profile& reference,
                          const std::vector<Lump>& lumps, const FactorUncertainty& uncertainty) {
  validate_profile(factor, "factor");
  validate_profile(reference, "reference");
  const std::size_t n = factor.species.size();
  const FactorUncertainty& u = uncertainty;
  for (const auto* q : {&u.p05, &u.p50, &u.p95, &u.disp_lower, &u.disp_upper})
    if (!q->empty() && q->size() != n)
      throw InvalidArgument(argument(factor.name),
                            "uncertainty and factor species differ in length");
  const std::set<std::string> measured(factor.species.begin(), factor.species.end());
  double r_meas = 0.0, r_total = 0.0;
  for (std::size_t j = 0; j < reference.species.size(); ++j) {
    r_total += reference.values[j];
    if (covered(reference.species[j], measured, lumps)) r_meas += reference.values[j];
  }
  if (!(r_meas > 0.0))
    throw InvalidArgument(argument(factor.name + " / " + reference.name),
                          "the factor and the reference share no species");
  double f_sum = 0.0;
  for (double v : factor.values) f_sum += v;
  const double scale = r_meas / r_total / f_sum;
  LocalizedProfile out;
  out.name = factor.name;
  out.source_type = reference.source_type;
  out.reference = reference.name;
  auto pick = [&](const std::vector<double>& q, std::size_t i) {
    return q.empty() ? kNaN : q[i] * scale;
  };
  for (std::size_t i = 0; i < n; ++i) {
    out.species.push_back(factor.species[i]);
    out.fraction.push_back(factor.values[i] * scale);
    out.origin.push_back("measured");
    out.p05.push_back(pick(u.p05, i));
    out.p50.push_back(pick(u.p50, i));
    out.p95.push_back(pick(u.p95, i));
    out.disp_lower.push_back(pick(u.disp_lower, i));
    out.disp_upper.push_back(pick(u.disp_upper, i));
  }
  for (std::size_t j = 0; j < reference.species.size(); ++j) {
    if (covered(reference.species[j], measured, lumps) || reference.values[j] == 0.0) continue;
    out.species.push_back(reference.species[j]);
    out.fraction.push_back(reference.values[j] / r_total);
    out.origin.push_back("reference");
    for (auto* q : {&out.p05, &out.p50, &out.p95, &out.disp_lower, &out.disp_upper})
      q->push_back(kNaN);
  }
  return out;
}

ProfileLibrary read_profile_library(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw FileNotFound(Location{path, 0, 0, ""}, "no such file");
  ProfileLibrary lib;
  std::string line;
  long lineno = 0;
  std::map<std::string, std::size_t> col;
  std::map<std::string, std::size_t> index;
  std::vector<std::string> f;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      const auto colon = line.find(':');
      if (col.empty() && colon != std::string::npos)
        lib.metadata[trim(line.substr(1, colon - 1))] = trim(line.substr(colon + 1));
      continue;
    }
    if (!detail::split_csv_line(line, f))
      throw ParseError(Location{path, lineno, 0, ""}, "unterminated quote");
    if (col.empty()) {
      for (std::size_t i = 0; i < f.size(); ++i) col[trim(f[i])] = i;
      for (const auto& name : kColumns)
        if (!col.count(name)) throw ParseError(Location{path, lineno, 0, name}, "column missing");
      continue;
    }
    if (f.size() != col.size())
      throw ParseError(
          Location{path, lineno, 0, ""},
          std::to_string(f.size()) + " fields, header has " + std::to_string(col.size()));
    const std::string name = f[col["profile"]];
    auto it = index.find(name);
    if (it == index.end()) {
      it = index.emplace(name, lib.profiles.size()).first;
      lib.profiles.emplace_back();
      lib.profiles.back().name = name;
      lib.profiles.back().source_type = f[col["source_type"]];
      lib.profiles.back().reference = f[col["reference"]];
    }
    LocalizedProfile& p = lib.profiles[it->second];
    p.species.push_back(f[col["compound"]]);
    const double frac = parse_number(f[col["mass_fraction"]], path, lineno, "mass_fraction");
    if (std::isnan(frac)) throw ParseError(Location{path, lineno, 0, "mass_fraction"}, "empty");
    p.fraction.push_back(frac);
    p.origin.push_back(f[col["origin"]]);
    p.p05.push_back(parse_number(f[col["p05"]], path, lineno, "p05"));
    p.p50.push_back(parse_number(f[col["p50"]], path, lineno, "p50"));
    p.p95.push_back(parse_number(f[col["p95"]], path, lineno, "p95"));
    p.disp_lower.push_back(parse_number(f[col["disp_lower"]], path, lineno, "disp_lower"));
    p.disp_upper.push_back(parse_number(f[col["disp_upper"]], path, lineno, "disp_upper"));
  }
  if (col.empty()) throw ParseError(Location{path, lineno, 0, ""}, "no header line");
  lib.validate(path);
  auto stored = lib.metadata.find("content_hash");
  if (stored == lib.metadata.end())
    throw InvalidArgument(Location{path, 0, 0, "content_hash"}, "required metadata key is missing");
  if (stored->second != lib.content_hash())
    throw InvalidArgument(Location{path, 0, 0, "content_hash"},
                          "rows do not match the stored hash " + stored->second + " (computed " +
                              lib.content_hash() + "): the file was edited; bump the version");
  return lib;
}

void write_profile_library(const std::string& path, ProfileLibrary library) {
  library.validate(path);
  library.metadata["content_hash"] = library.content_hash();
  if (std::ifstream(path).good()) {
    const ProfileLibrary existing = read_profile_library(path);
    if (existing.metadata.at("version") == library.metadata.at("version") &&
        existing.metadata.at("content_hash") != library.metadata.at("content_hash"))
      throw InvalidArgument(Location{path, 0, 0, "version"},
                            "version " + library.metadata.at("version") +
                                " already holds different profiles; bump the version");
  }
  io::AtomicOutput out(path);
  {
    std::ofstream os(out.temp_path());
    for (const auto& [key, value] : library.metadata) os << "# " << key << ": " << value << "\n";
    for (std::size_t i = 0; i < kColumns.size(); ++i) os << (i ? "," : "") << kColumns[i];
    os << "\n";
    for (const auto& p : library.profiles)
      for (std::size_t i = 0; i < p.species.size(); ++i)
        os << detail::quote_csv(p.name) << ',' << detail::quote_csv(p.source_type) << ','
           << detail::quote_csv(p.species[i]) << ',' << number(p.fraction[i]) << ',' << p.origin[i]
           << ',' << number(p.p05[i]) << ',' << number(p.p50[i]) << ',' << number(p.p95[i]) << ','
           << number(p.disp_lower[i]) << ',' << number(p.disp_upper[i]) << ','
           << detail::quote_csv(p.reference) << "\n";
    if (!os) throw FileError(Location{path, 0, 0, ""}, "write failed");
  }
  out.commit();
}

std::vector<ProfileDifference> compare_libraries(const ProfileLibrary& a, const ProfileLibrary& b) {
  std::vector<ProfileDifference> out;
  for (const auto& pa : a.profiles) {
    for (const auto& pb : b.profiles) {
      if (pb.name != pa.name) continue;
      ProfileDifference d;
      d.profile = pa.name;
      std::map<std::string, std::pair<double, double>> u;
      for (std::size_t i = 0; i < pa.species.size(); ++i) u[pa.species[i]].first = pa.fraction[i];
      for (std::size_t i = 0; i < pb.species.size(); ++i) u[pb.species[i]].second = pb.fraction[i];
      for (const auto& [s, v] : u) {
        d.species.push_back(s);
        d.a.push_back(v.first);
        d.b.push_back(v.second);
      }
      const Similarity s = similarity(d.a, d.b);
      d.pearson_r = s.pearson_r;
      d.sid = s.sid;
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace aqm::voc
