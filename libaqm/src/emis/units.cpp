// Unit parsing and conversion for emissions (see aqm/emis/units.hpp).
#include "aqm/emis/units.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <unordered_map>

namespace aqm::emis {
namespace {

struct BaseUnit {
  double scale;
  Dimension dim;
};

const std::unordered_map<std::string, BaseUnit>& unit_table() {
  static const std::unordered_map<std::string, BaseUnit> table = [] {
    std::unordered_map<std::string, BaseUnit> t;
    const Dimension M{1, 0, 0, 0}, N{0, 1, 0, 0}, T{0, 0, 1, 0}, L{0, 0, 0, 1}, D{};
    // mass
    for (auto& [k, v] :
         std::initializer_list<std::pair<const char*, double>>{{"kg", 1.0},
                                                               {"g", 1e-3},
                                                               {"mg", 1e-6},
                                                               {"ug", 1e-9},
                                                               {"\xC2\xB5g", 1e-9},
                                                               {"t", 1e3},
                                                               {"tonne", 1e3},
                                                               {"tonnes", 1e3},
                                                               {"metric_ton", 1e3},
                                                               {"Mg", 1e3},
                                                               {"Gg", 1e6},
                                                               {"kt", 1e6},
                                                               {"Tg", 1e9},
                                                               {"Mt", 1e9},
                                                               {"Pg", 1e12},
                                                               {"short_ton", 907.18474},
                                                               {"lb", 0.45359237}})
      t[k] = {v, M};
    // amount
    for (auto& [k, v] :
         std::initializer_list<std::pair<const char*, double>>{{"mol", 1.0},
                                                               {"mole", 1.0},
                                                               {"moles", 1.0},
                                                               {"kmol", 1e3},
                                                               {"Mmol", 1e6},
                                                               {"mmol", 1e-3},
                                                               {"umol", 1e-6},
                                                               {"\xC2\xB5mol", 1e-6},
                                                               {"nmol", 1e-9},
                                                               {"molecule", 1.0 / kAvogadro},
                                                               {"molecules", 1.0 / kAvogadro},
                                                               {"molec", 1.0 / kAvogadro}})
      t[k] = {v, N};
    // time
    for (auto& [k, v] :
         std::initializer_list<std::pair<const char*, double>>{{"s", 1.0},
                                                               {"sec", 1.0},
                                                               {"second", 1.0},
                                                               {"seconds", 1.0},
                                                               {"min", 60.0},
                                                               {"minute", 60.0},
                                                               {"minutes", 60.0},
                                                               {"h", 3600.0},
                                                               {"hr", 3600.0},
                                                               {"hour", 3600.0},
                                                               {"hours", 3600.0},
                                                               {"d", 86400.0},
                                                               {"day", 86400.0},
                                                               {"days", 86400.0},
                                                               {"wk", 7 * 86400.0},
                                                               {"week", 7 * 86400.0},
                                                               {"month", kSecondsPerYear / 12},
                                                               {"months", kSecondsPerYear / 12},
                                                               {"mon", kSecondsPerYear / 12},
                                                               {"yr", kSecondsPerYear},
                                                               {"year", kSecondsPerYear},
                                                               {"years", kSecondsPerYear},
                                                               {"a", kSecondsPerYear},
                                                               {"y", kSecondsPerYear}})
      t[k] = {v, T};
    // length
    for (auto& [k, v] : std::initializer_list<std::pair<const char*, double>>{
             {"m", 1.0}, {"km", 1e3}, {"cm", 1e-2}, {"mm", 1e-3}})
      t[k] = {v, L};
    t["ha"] = {1e4, Dimension{0, 0, 0, 2}};
    // dimensionless
    for (const char* k : {"1", "cell", "cells", "box", "gridcell", "unitless", "fraction", "-"})
      t[k] = {1.0, D};
    t["%"] = {0.01, D};
    return t;
  }();
  return table;
}

const char* const kMassNames[] = {"kg", "g", "mg", "t", "Mg", "Gg", "kt", "Tg", "Mt", "Pg"};

[[noreturn]] void fail(const Location& where, const std::string& text, const std::string& why) {
  throw UnitError(where, "unit '" + text + "': " + why);
}

class Parser {
 public:
  Parser(std::string text, Location where) : s_(std::move(text)), where_(std::move(where)) {}

  Unit parse() {
    Unit u;
    u.text = s_;
    // trailing "as X" basis
    std::string body = s_;
    {
      auto pos = body.rfind(" as ");
      if (pos != std::string::npos) {
        std::string b = trim(body.substr(pos + 4));
        if (b.empty()) fail(where_, s_, "'as' without a substance");
        u.basis = b;
        body = body.substr(0, pos);
      }
    }
    src_ = body;
    i_ = 0;
    group(u, +1, false);
    if (i_ != src_.size()) fail(where_, s_, "unexpected '" + std::string(1, src_[i_]) + "'");
    if (u.basis == "c") u.basis = "C";
    return u;
  }

 private:
  static std::string trim(const std::string& x) {
    std::size_t a = 0, b = x.size();
    while (a < b && std::isspace(static_cast<unsigned char>(x[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(x[b - 1]))) --b;
    return x.substr(a, b - a);
  }
  void skip_space() {
    while (i_ < src_.size() && (src_[i_] == ' ' || src_[i_] == '\t' || src_[i_] == '*')) ++i_;
  }
  // Parse factors until ')' or end; `sign` multiplies every exponent in the group.
  void group(Unit& u, int sign, bool in_paren) {
    bool any = false;
    int next_sign = +1;
    for (;;) {
      skip_space();
      if (i_ >= src_.size()) break;
      char c = src_[i_];
      if (c == ')') {
        if (!in_paren) fail(where_, s_, "unbalanced ')'");
        break;
      }
      if (c == '/') {
        ++i_;
        next_sign = -1;
        continue;
      }
      if (c == '.' &&
          !(i_ + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i_ + 1])))) {
        ++i_;  // "kg.m-2" style product
        continue;
      }
      int s = sign * next_sign;
      next_sign = +1;
      if (c == '(') {
        ++i_;
        group(u, s, true);
        if (i_ >= src_.size() || src_[i_] != ')') fail(where_, s_, "missing ')'");
        ++i_;
        int e = exponent();
        if (e != 1) fail(where_, s_, "exponents on parenthesised groups are not supported");
      } else {
        factor(u, s);
      }
      any = true;
    }
    if (!any && !in_paren && src_.empty()) fail(where_, s_, "empty unit");
  }

  int exponent() {
    std::size_t j = i_;
    if (j < src_.size() && src_[j] == '^') ++j;
    else if (j + 1 < src_.size() && src_[j] == '*' && src_[j + 1] == '*') j += 2;
    std::size_t k = j;
    if (k < src_.size() && (src_[k] == '-' || src_[k] == '+')) ++k;
    std::size_t d = k;
    while (d < src_.size() && std::isdigit(static_cast<unsigned char>(src_[d]))) ++d;
    if (d == k) {
      if (j != i_) fail(where_, s_, "'^' without an integer exponent");
      return 1;
    }
    int e = std::atoi(src_.substr(j, d - j).c_str());
    i_ = d;
    return e;
  }

  void factor(Unit& u, int sign) {
    char c = src_[i_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      // a number: a scale, unless it is "1" standing alone as the dimensionless unit
      const char* start = src_.c_str() + i_;
      char* end = nullptr;
      double v = std::strtod(start, &end);
      if (end == start) fail(where_, s_, "bad number");
      i_ += static_cast<std::size_t>(end - start);
      int e = 1;
      if (i_ < src_.size() && src_[i_] == '^') e = exponent();  // 10^6
      u.scale *= std::pow(std::pow(v, e), sign);
      return;
    }
    std::size_t j = i_;
    while (j < src_.size()) {
      unsigned char ch = static_cast<unsigned char>(src_[j]);
      if (std::isalpha(ch) || ch == '_' || ch == '%' || ch >= 0x80) ++j;
      else break;
    }
    if (j == i_) fail(where_, s_, "unexpected '" + std::string(1, src_[i_]) + "'");
    std::string name = src_.substr(i_, j - i_);
    i_ = j;
    std::string basis;
    if (i_ < src_.size() && src_[i_] == '[') {
      auto close = src_.find(']', i_);
      if (close == std::string::npos) fail(where_, s_, "missing ']'");
      basis = trim(src_.substr(i_ + 1, close - i_ - 1));
      if (basis.empty()) fail(where_, s_, "empty basis '[]'");
      i_ = close + 1;
    }
    int e = exponent() * sign;
    const auto& table = unit_table();
    auto it = table.find(name);
    if (it == table.end() && name.size() > 1 && name.back() == 'C') {
      std::string mass = name.substr(0, name.size() - 1);
      for (const char* m : kMassNames)
        if (mass == m) {
          it = table.find(mass);
          basis = "C";
        }
    }
    if (it == table.end()) {
      if (name == "ton" || name == "tons")
        fail(where_, s_, "'" + name + "' is ambiguous: use 't' (metric tonne) or 'short_ton'");
      fail(where_, s_, "unknown unit '" + name + "'");
    }
    if (!basis.empty()) {
      if (it->second.dim.mass == 0 && it->second.dim.amount == 0)
        fail(where_, s_, "a basis [" + basis + "] needs a mass or amount unit");
      if (!u.basis.empty() && u.basis != basis)
        fail(where_, s_, "two different bases '" + u.basis + "' and '" + basis + "'");
      u.basis = basis;
    }
    u.scale *= std::pow(it->second.scale, e);
    u.dim.mass += it->second.dim.mass * e;
    u.dim.amount += it->second.dim.amount * e;
    u.dim.time += it->second.dim.time * e;
    u.dim.length += it->second.dim.length * e;
  }

  std::string s_;
  Location where_;
  std::string src_;
  std::size_t i_ = 0;
};

void append(std::string& out, const std::string& sym, int e) {
  if (e == 0) return;
  if (!out.empty()) out += ' ';
  out += sym;
  if (e != 1) out += std::to_string(e);
}

std::string both(const Unit& a, const Unit& b) {
  return "cannot convert '" + a.text + "' (" + a.canonical() + ") to '" + b.text + "' (" +
         b.canonical() + ")";
}

}  // namespace

std::string Dimension::describe() const {
  std::string out;
  append(out, "mass", mass);
  append(out, "amount", amount);
  append(out, "length", length);
  append(out, "time", time);
  return out.empty() ? "dimensionless" : out;
}

std::string Unit::canonical() const {
  std::string out;
  std::string b = basis.empty() ? "" : "[" + basis + "]";
  append(out, "kg" + b, dim.mass);
  append(out, "mol" + (dim.mass == 0 ? b : std::string()), dim.amount);
  append(out, "m", dim.length);
  append(out, "s", dim.time);
  return out.empty() ? "1" : out;
}

Unit parse_unit(const std::string& text, const Location& where) {
  std::string t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  std::size_t a = 0;
  while (a < t.size() && std::isspace(static_cast<unsigned char>(t[a]))) ++a;
  t = t.substr(a);
  if (t.empty()) throw UnitError(where, "empty unit text");
  Unit u = Parser(t, where).parse();
  u.text = text;
  if (!u.basis.empty() && u.dim.mass == 0 && u.dim.amount == 0)
    throw UnitError(where, "unit '" + text + "': basis '" + u.basis + "' without mass or amount");
  return u;
}

bool compatible(const Unit& a, const Unit& b) { return a.dim == b.dim && a.basis == b.basis; }

double conversion_factor(const Unit& from, const Unit& to) {
  if (from.dim != to.dim)
    throw UnitError(Location{}, both(from, to) + ": dimensions differ (" + from.dim.describe() +
                                    " vs " + to.dim.describe() + ")");
  if (from.basis != to.basis)
    throw UnitError(Location{}, both(from, to) +
                                    ": different bases; give the species' molecular weight "
                                    "and basis count to convert");
  return from.scale / to.scale;
}

double conversion_factor(const std::string& from, const std::string& to) {
  return conversion_factor(parse_unit(from), parse_unit(to));
}

double basis_molecular_weight(const std::string& basis, const SpeciesData& sp) {
  auto it = sp.basis_molecular_weight.find(basis);
  if (it != sp.basis_molecular_weight.end()) return it->second;
  // Standard atomic weights (IUPAC abridged values): C 12.011, N 14.007, S 32.06, O 15.999,
  // H 1.008; molecules summed from them.
  static const std::map<std::string, double> builtin = {{"C", 12.011},
                                                        {"N", 14.007},
                                                        {"S", 32.06},
                                                        {"NO2", 14.007 + 2 * 15.999},
                                                        {"NO", 14.007 + 15.999},
                                                        {"SO2", 32.06 + 2 * 15.999},
                                                        {"CH4", 12.011 + 4 * 1.008}};
  auto b = builtin.find(basis);
  return b == builtin.end() ? 0.0 : b->second;
}

namespace {
// Factor that turns a value in unit u into the species' own basis with amount folded into
// mass (kg species ...).  Sets `out` to the resulting unit.
double to_species_mass(const Unit& u, const SpeciesData& sp, const Unit& a, const Unit& b,
                       Unit& out) {
  out = u;
  double f = u.scale;
  if (!u.basis.empty()) {
    double mwb = basis_molecular_weight(u.basis, sp);
    if (mwb <= 0)
      throw UnitError(argument(sp.name),
                      both(a, b) + ": molar mass of basis '" + u.basis + "' unknown");
    double count = sp.basis_count > 0 ? sp.basis_count : (u.basis == "C" ? 0.0 : 1.0);
    if (count <= 0)
      throw UnitError(argument(sp.name),
                      both(a, b) + ": needs the number of carbon atoms per molecule");
    // mass: species/basis = MW/(n MWb); amount: mol species = mol basis / n
    if (u.dim.mass != 0) {
      if (sp.molecular_weight <= 0)
        throw UnitError(argument(sp.name), both(a, b) + ": needs the species' molecular weight");
      f *= std::pow(sp.molecular_weight / (count * mwb), u.dim.mass);
    }
    if (u.dim.amount != 0) f *= std::pow(1.0 / count, u.dim.amount);
    out.basis.clear();
  }
  if (out.dim.amount != 0) {
    if (sp.molecular_weight <= 0)
      throw UnitError(argument(sp.name),
                      both(a, b) + ": needs the species' molecular weight (mass <-> moles)");
    f *= std::pow(sp.molecular_weight * 1e-3, out.dim.amount);  // kg per mol
    out.dim.mass += out.dim.amount;
    out.dim.amount = 0;
  }
  out.scale = 1.0;
  return f;
}
}  // namespace

double conversion_factor(const Unit& from, const Unit& to, const SpeciesData& species) {
  if (compatible(from, to)) return from.scale / to.scale;
  Unit fa, ta;
  double ff = to_species_mass(from, species, from, to, fa);
  double tf = to_species_mass(to, species, from, to, ta);
  if (fa.dim != ta.dim)
    throw UnitError(argument(species.name), both(from, to) + ": dimensions differ (" +
                                                from.dim.describe() + " vs " + to.dim.describe() +
                                                ")");
  return ff / tf;
}

double conversion_factor(const std::string& from, const std::string& to,
                         const SpeciesData& species) {
  return conversion_factor(parse_unit(from), parse_unit(to), species);
}

}  // namespace aqm::emis
