#include "aqm/chem/mechanism.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <sstream>

namespace aqm::chem {

namespace {
// Highest reaction order a reactant may enter with (real mechanisms stop at 3).
constexpr int kMaxReactantCoefficient = 10;

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}
}  // namespace

const std::vector<std::pair<std::string, std::string>>& mcm_rate_library() {
  // MCM v3.3.1 (mcm.york.ac.uk; AtChem2 model/mechanism.fac; KPP examples/mcm/constants_mcm.f90).
  // Troe forms use MCM_TROE(k0*M, kinf, Fc) with N = 0.75 - 1.27 log10(Fc).
  static const std::vector<std::pair<std::string, std::string>> lib = {
      {"KRO2NO", "2.7e-12*EXP(360/TEMP)"},
      {"KRO2HO2", "2.91e-13*EXP(1300/TEMP)"},
      {"KAPHO2", "5.2e-13*EXP(980/TEMP)"},
      {"KAPNO", "7.5e-12*EXP(290/TEMP)"},
      {"KRO2NO3", "2.3e-12"},
      {"KNO3AL", "1.4e-12*EXP(-1860/TEMP)"},
      {"KDEC", "1.0e6"},
      {"KROPRIM", "2.5e-14*EXP(-300/TEMP)"},
      {"KROSEC", "2.5e-14*EXP(-300/TEMP)"},
      {"KCH3O2", "1.03e-13*EXP(365/TEMP)"},
      {"K298CH3O2", "3.5e-13"},
      {"K14ISOM1", "3.0e7*EXP(-5300/TEMP)"},
      {"KMT01", "MCM_TROE(1.0e-31*M*(TEMP/300)**(-1.6), 5.0e-11*(TEMP/300)**(-0.3), 0.85)"},
      {"KMT02", "MCM_TROE(1.3e-31*M*(TEMP/300)**(-1.5), 2.3e-11*(TEMP/300)**0.24, 0.6)"},
      {"KMT03", "MCM_TROE(3.6e-30*M*(TEMP/300)**(-4.1), 1.9e-12*(TEMP/300)**0.2, 0.35)"},
      {"KMT04",
       "MCM_TROE(1.3e-3*M*(TEMP/300)**(-3.5)*EXP(-11000/TEMP), "
       "9.7e14*(TEMP/300)**0.1*EXP(-11080/TEMP), 0.35)"},
      {"KMT05", "1.44e-13*(1+M/4.2e19)"},
      {"KMT06", "1+1.40e-21*EXP(2200/TEMP)*H2O"},
      {"KMT07", "MCM_TROE(7.4e-31*M*(TEMP/300)**(-2.4), 3.3e-11*(TEMP/300)**(-0.3), 0.81)"},
      {"KMT08", "MCM_TROE(3.2e-30*M*(TEMP/300)**(-4.5), 3.0e-11, 0.41)"},
      {"KMT09", "MCM_TROE(1.4e-31*M*(TEMP/300)**(-3.1), 4.0e-12, 0.4)"},
      {"KMT10", "MCM_TROE(4.1e-5*M*EXP(-10650/TEMP), 6.0e15*EXP(-11170/TEMP), 0.4)"},
      {"KMT11",
       "2.4e-14*EXP(460/TEMP) + (6.5e-34*EXP(1335/TEMP)*M)/"
       "(1+6.5e-34*EXP(1335/TEMP)*M/(2.7e-17*EXP(2199/TEMP)))"},
      {"KMT12", "MCM_TROE(2.5e-31*M*(TEMP/300)**(-2.6), 2.0e-12, 0.53)"},
      {"KMT13", "MCM_TROE(2.5e-30*M*(TEMP/300)**(-5.5), 1.8e-11, 0.36)"},
      {"KMT14", "MCM_TROE(9.0e-5*EXP(-9690/TEMP)*M, 1.1e16*EXP(-10560/TEMP), 0.36)"},
      {"KMT15", "MCM_TROE(8.6e-29*M*(TEMP/300)**(-3.1), 9.0e-12*(TEMP/300)**(-0.85), 0.48)"},
      {"KMT16", "MCM_TROE(8e-27*M*(TEMP/300)**(-3.5), 3.0e-11*(TEMP/300)**(-1), 0.5)"},
      {"KMT17",
       "MCM_TROE(5.0e-30*M*(TEMP/300)**(-1.5), 1.0e-12, 0.17*EXP(-51/TEMP)+EXP(-TEMP/204))"},
      {"KMT18", "9.5e-39*O2*EXP(5270/TEMP)/(1+7.5e-29*O2*EXP(5610/TEMP))"},
      {"KFPAN", "MCM_TROE(3.28e-28*M*(TEMP/300)**(-6.87), 1.125e-11*(TEMP/300)**(-1.105), 0.30)"},
      {"KBPAN", "MCM_TROE(1.10e-5*M*EXP(-10100/TEMP), 1.90e17*EXP(-14100/TEMP), 0.30)"},
      {"KBPPN", "MCM_TROE(1.7e-3*M*EXP(-11280/TEMP), 8.3e16*EXP(-13940/TEMP), 0.36)"},
  };
  return lib;
}

std::string MechanismSummary::to_string() const {
  std::ostringstream os;
  os << n_species << " species (" << n_variable << " variable, " << n_fixed << " fixed), "
     << n_reactions << " reactions (" << n_photolysis_reactions << " photolysis), "
     << n_coefficients << " named coefficients, " << n_ro2 << " RO2 species; Jacobian "
     << jacobian_nonzeros << " non-zeros, LU " << lu_nonzeros << " non-zeros";
  return os.str();
}

std::size_t Mechanism::add_species(const std::string& name, SpeciesKind kind, const Location& where,
                                   bool allow_existing) {
  bool ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char ch : name) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
  if (!ok)
    throw ParseError(where, "species name '" + name +
                                "' must begin with a letter and hold only letters, digits and '_'");
  auto it = species_index_.find(name);
  if (it != species_index_.end()) {
    if (allow_existing) return it->second;
    throw ParseError(Location{where.file, where.line, where.column, name},
                     "species declared twice");
  }
  Species s;
  s.name = name;
  s.kind = kind;
  species_.push_back(s);
  species_index_[name] = species_.size() - 1;
  return species_.size() - 1;
}

std::optional<std::size_t> Mechanism::find_species(const std::string& name) const {
  auto it = species_index_.find(name);
  if (it == species_index_.end()) return std::nullopt;
  return it->second;
}

std::size_t Mechanism::species_index(const std::string& name) const {
  auto i = find_species(name);
  if (!i) throw KeyError(argument(name), "no such species in mechanism '" + name_ + "'");
  return *i;
}

std::vector<std::string> Mechanism::species_names() const {
  std::vector<std::string> out;
  for (const auto& s : species_) out.push_back(s.name);
  return out;
}

std::vector<std::string> Mechanism::variable_species() const {
  std::vector<std::string> out;
  for (const auto& s : species_)
    if (s.kind == SpeciesKind::variable) out.push_back(s.name);
  return out;
}

std::optional<std::size_t> Mechanism::find_coefficient(const std::string& name) const {
  auto it = coefficient_index_.find(name);
  if (it == coefficient_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<NameRef> Mechanism::resolve(const std::string& name) {
  if (auto c = find_coefficient(name)) {
    return NameRef{NameRef::coefficient, static_cast<int>(*c),
                   coefficients_[*c].expr.dependencies()};
  }
  const std::string u = upper(name);
  static const std::pair<const char*, EnvVar> env[] = {
      {"TEMP", EnvVar::temp}, {"T", EnvVar::temp},  {"M", EnvVar::m},
      {"O2", EnvVar::o2},     {"N2", EnvVar::n2},   {"H2O", EnvVar::h2o},
      {"RO2", EnvVar::ro2},   {"SUN", EnvVar::sun}, {"CFACTOR", EnvVar::cfactor}};
  for (const auto& [n, v] : env)
    if (u == n) return NameRef{NameRef::env, static_cast<int>(v), 0};
  for (const auto& [n, text] : mcm_rate_library()) {
    if (u != n) continue;
    Coefficient c;
    c.name = n;
    c.builtin = true;
    c.expr = compile_rate_expression(
        text, [this](const std::string& x) { return resolve(x); },
        Location{"<MCM library>", 0, 0, n});
    coefficients_.push_back(std::move(c));
    coefficient_index_[n] = coefficients_.size() - 1;
    if (name != n) coefficient_index_[name] = coefficients_.size() - 1;
    return NameRef{NameRef::coefficient, static_cast<int>(coefficients_.size() - 1),
                   coefficients_.back().expr.dependencies()};
  }
  return std::nullopt;
}

RateExpression Mechanism::compile(const std::string& text, const Location& where) {
  return compile_rate_expression(
      text, [this](const std::string& x) { return resolve(x); }, where);
}

void Mechanism::define_coefficient(const std::string& name, const std::string& text,
                                   const Location& where) {
  if (find_coefficient(name))
    throw ParseError(Location{where.file, where.line, where.column, name},
                     "rate coefficient defined twice");
  Coefficient c;
  c.name = name;
  c.expr = compile(text, where);
  coefficients_.push_back(std::move(c));
  coefficient_index_[name] = coefficients_.size() - 1;
}

void Mechanism::override_rate(const std::string& name, const std::string& text) {
  const Location where{"", 0, 0, name};
  if (const auto c = find_coefficient(name)) {
    RateExpression e = compile(text, where);
    const RateExpression& old = coefficients_[*c].expr;
    if (e.max_coefficient_index() >= static_cast<int>(*c))
      throw InvalidArgument(where, "an override may only read coefficients defined before it");
    const std::uint8_t tracked = RateExpression::kUsesPhotolysis | RateExpression::kUsesRo2;
    if ((e.dependencies() & tracked & ~old.dependencies()) != 0)
      throw InvalidArgument(where,
                            "an override may not make a coefficient depend on J, SUN or "
                            "RO2 when it did not");
    coefficients_[*c].expr = std::move(e);
    return;
  }
  for (Reaction& r : reactions_)
    if (r.tag == name) {
      r.rate = compile(text, where);
      return;
    }
  throw KeyError(where, "no rate coefficient or reaction tag of that name in the mechanism");
}

void Mechanism::add_reaction(Reaction r) {
  const std::string what = r.tag.empty() ? "reaction " + std::to_string(reactions_.size() + 1)
                                         : "reaction <" + r.tag + ">";
  Location w = r.where;
  if (w.item.empty()) w.item = what;
  for (const auto& t : r.reactants) {
    if (t.species >= species_.size()) throw InvalidArgument(w, "reactant index out of range");
    // The order is bounded: each unit is one factor of the rate law (and a Jacobian entry);
    // 44444444444444444442 A overflowed the int conversion when the system was built.
    if (!(t.coefficient > 0) || std::floor(t.coefficient) != t.coefficient ||
        t.coefficient > kMaxReactantCoefficient)
      throw ParseError(w, "reactant coefficient of " + species_[t.species].name +
                              " must be a positive integer <= " +
                              std::to_string(kMaxReactantCoefficient) + " (mass-action rate law)");
  }
  for (const auto& t : r.products) {
    if (t.species >= species_.size()) throw InvalidArgument(w, "product index out of range");
    if (!std::isfinite(t.coefficient)) throw ParseError(w, "product coefficient is not finite");
  }
  if (r.tag.empty()) r.tag = std::to_string(reactions_.size() + 1);
  reactions_.push_back(std::move(r));
}

std::vector<std::size_t> Mechanism::ro2_species() const {
  if (ro2_declared_ || !ro2_.empty()) return ro2_;
  if (auto i = find_species("RO2")) return {*i};
  return {};
}

std::vector<std::string> Mechanism::check_mass_balance(
    const std::vector<std::string>& elements) const {
  std::vector<std::string> out;
  std::set<std::string> only(elements.begin(), elements.end());
  for (const Reaction& r : reactions_) {
    bool known = true;
    std::map<std::string, double> net;
    auto acc = [&](const std::vector<StoichTerm>& terms, double sign) {
      for (const auto& t : terms) {
        const Species& s = species_[t.species];
        if (!s.atoms_known) {
          known = false;
          return;
        }
        for (const auto& [el, n] : s.atoms) net[el] += sign * t.coefficient * n;
      }
    };
    acc(r.reactants, -1.0);
    acc(r.products, 1.0);
    if (!known) continue;
    std::string bad;
    for (const auto& [el, n] : net) {
      if (!only.empty() && !only.count(el)) continue;
      if (std::fabs(n) > 1e-9) bad += " " + el + (n > 0 ? " +" : " ") + std::to_string(n);
    }
    if (!bad.empty()) {
      out.push_back(r.where.prefix() + "reaction <" + r.tag + "> does not balance:" + bad);
    }
  }
  return out;
}

}  // namespace aqm::chem
