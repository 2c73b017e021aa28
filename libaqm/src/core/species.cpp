#include "aqm/core/species.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "aqm/core/data_path.hpp"
#include "aqm/core/error.hpp"

namespace aqm {

double ArrheniusRate::operator()(double temp_k) const {
  return a * std::pow(temp_k, n) * std::exp(-b / temp_k);
}

double Species::koh(double temp_k) const {
  if (!(temp_k > 0) || !std::isfinite(temp_k))
    throw InvalidArgument(argument("temp"),
                          "temperature must be a positive, finite number of kelvin");
  return koh_rate ? (*koh_rate)(temp_k) : koh_298;
}

std::string species_key(std::string_view name) {
  std::string key;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)))
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

bool cas_number_valid(std::string_view cas) {
  const auto first = cas.find('-');
  const auto second = cas.rfind('-');
  if (first == std::string_view::npos || second != cas.size() - 2 || second - first != 3 ||
      first < 2 || first > 7)
    return false;
  std::string digits;
  for (char c : cas) {
    if (c == '-') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    digits += c;
  }
  if (digits.size() != cas.size() - 2) return false;
  // The check digit is sum(i * d_i) mod 10 over the other digits, i = 1 from the right.
  int sum = 0;
  for (std::size_t i = 1; i < digits.size(); ++i)
    sum += static_cast<int>(i) * (digits[digits.size() - 1 - i] - '0');
  return sum % 10 == digits.back() - '0';
}

double molecular_weight(std::string_view formula) {
  // IUPAC standard atomic weights, conventional values (IUPAC 2021 table, abridged).
  static const std::map<std::string, double> weight = {{"C", 12.011}, {"H", 1.008},  {"N", 14.007},
                                                       {"O", 15.999}, {"F", 18.998}, {"S", 32.06},
                                                       {"Cl", 35.45}, {"Br", 79.904}};
  const std::string text(formula);
  const Location where{"", 0, 0, text.empty() ? "formula" : text};
  if (text.empty()) throw ParseError(where, "empty formula");
  double total = 0.0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    if (!std::isupper(static_cast<unsigned char>(text[i])))
      throw ParseError(where, "expected an element symbol at character " + std::to_string(i + 1));
    ++i;
    if (i < text.size() && std::islower(static_cast<unsigned char>(text[i]))) ++i;
    const std::string element = text.substr(start, i - start);
    const auto w = weight.find(element);
    if (w == weight.end()) throw ParseError(where, "unknown element '" + element + "'");
    long count = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      count = count * 10 + (text[i++] - '0');
    total += w->second * static_cast<double>(count == 0 ? 1 : count);
  }
  return total;
}

// ------------------------------------------------------------------------- registry

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

SpeciesRegistry::SpeciesRegistry(std::vector<Species> species, std::string source)
    : source_(std::move(source)) {
  species_.reserve(species.size());
  for (auto& s : species) add(std::move(s), Location{source_});
}

void SpeciesRegistry::add(Species s, const Location& where) {
  const std::size_t i = species_.size();
  if (species_key(s.name).empty())
    throw InvalidArgument(Location{where.file, where.line, 0, "name"},
                          "species " + std::to_string(i + 1) + " has no name");
  std::vector<std::string> keys{species_key(s.name)};
  for (const auto& alias : s.aliases) keys.push_back(species_key(alias));
  if (!s.cas.empty()) keys.push_back(species_key(s.cas));
  for (const auto& key : keys) {
    if (key.empty()) continue;
    const auto it = index_.find(key);
    if (it != index_.end() && it->second != i)
      throw InvalidArgument(
          Location{where.file, where.line, 0, s.name},
          "ambiguous with '" + species_[it->second].name + "' (key '" + key + "')");
  }
  for (const auto& key : keys)
    if (!key.empty()) index_.emplace(key, i);
  species_.push_back(std::move(s));
}

const Species* SpeciesRegistry::find(std::string_view name) const {
  const auto it = index_.find(species_key(name));
  return it == index_.end() ? nullptr : &species_[it->second];
}

const Species* SpeciesRegistry::find_speciate_id(long id) const {
  if (id <= 0) return nullptr;
  for (const Species& s : species_)
    if (s.speciate_id == id) return &s;
  return nullptr;
}

const Species& SpeciesRegistry::at(std::string_view name) const {
  if (const Species* s = find(name)) return *s;
  // Suggest the names whose keys are closest (at most three, within a third of the length).
  const std::string key = species_key(name);
  std::vector<std::pair<std::size_t, std::string>> close;
  for (const auto& [k, i] : index_) {
    const std::size_t d = edit_distance(key, k);
    if (d <= std::max<std::size_t>(2, key.size() / 3)) close.emplace_back(d, species_[i].name);
  }
  std::sort(close.begin(), close.end());
  std::vector<std::string> names;
  for (const auto& [d, n] : close)
    if (names.size() < 3 && std::find(names.begin(), names.end(), n) == names.end())
      names.push_back(n);
  std::string hint;
  for (const auto& n : names) hint += (hint.empty() ? "'" : ", '") + n + "'";
  throw KeyError(argument(std::string(name)),
                 "unknown species (not a name, alias or CAS number in " +
                     (source_.empty() ? std::string("the registry") : source_) + ")" +
                     (hint.empty() ? "" : "; close matches: " + hint));
}

const SpeciesRegistry& default_species_registry() {
  static const SpeciesRegistry registry =
      SpeciesRegistry::from_csv(data_path("voc/voc_species.csv"));
  return registry;
}

}  // namespace aqm
