#include "aqm/chem/box_diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace aqm::chem {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Net stoichiometry of reaction r for species s (products - reactants).
std::vector<std::vector<std::pair<std::size_t, double>>> net_stoich(const Mechanism& m) {
  std::vector<std::vector<std::pair<std::size_t, double>>> out;
  for (const auto& r : m.reactions()) {
    std::vector<std::pair<std::size_t, double>> v;
    auto add = [&](std::size_t s, double c) {
      for (auto& e : v)
        if (e.first == s) {
          e.second += c;
          return;
        }
      v.emplace_back(s, c);
    };
    for (const auto& t : r.reactants) add(t.species, -t.coefficient);
    for (const auto& t : r.products) add(t.species, t.coefficient);
    out.push_back(std::move(v));
  }
  return out;
}

bool has_reactant(const Reaction& r, const std::set<std::size_t>& s) {
  for (const auto& t : r.reactants)
    if (s.count(t.species)) return true;
  return false;
}

void check_result(const Mechanism& m, const BoxResult& res) {
  if (res.species.size() != m.species().size() || res.reactions.size() != m.reactions().size())
    throw InvalidArgument(argument("result"), "box result does not belong to this mechanism");
}
// Thermally labile NO2 reservoirs: single products of (radical + NO2) association that
// decompose thermally (a one-reactant reaction without photolysis) back to NO2 (HO2NO2, PANs).
std::set<std::size_t> no2_reservoirs(const Mechanism& m, const std::set<std::size_t>& radicals) {
  std::set<std::size_t> out;
  const auto ino2 = m.find_species("NO2");
  if (!ino2) return out;
  std::set<std::size_t> candidates;
  for (const auto& r : m.reactions()) {
    if (r.reactants.size() != 2 || r.products.size() != 1) continue;
    bool no2 = false, radical = false;
    for (const auto& t : r.reactants) {
      if (t.species == *ino2) no2 = true;
      else if (radicals.count(t.species)) radical = true;
    }
    if (no2 && radical && !radicals.count(r.products[0].species))
      candidates.insert(r.products[0].species);
  }
  for (const auto& r : m.reactions()) {
    if (r.reactants.size() != 1 || r.reactants[0].coefficient != 1.0 || r.rate.uses_photolysis())
      continue;
    if (!candidates.count(r.reactants[0].species)) continue;
    for (const auto& t : r.products)
      if (t.species == *ino2) out.insert(r.reactants[0].species);
  }
  return out;
}

std::set<std::size_t> radical_set(const Mechanism& m, const RadicalOptions& o) {
  std::set<std::size_t> s;
  for (const auto& n : o.radicals)
    if (const auto i = m.find_species(n)) s.insert(*i);
  return s;
}
}  // namespace

std::vector<double> family_change(const Mechanism& m, const Family& family) {
  std::vector<double> w(m.species().size(), 0.0);
  for (const auto& [name, weight] : family) {
    const auto i = m.find_species(name);
    if (!i) throw KeyError(argument(name), "family member is not a species of the mechanism");
    w[*i] += weight;
  }
  const auto net = net_stoich(m);
  std::vector<double> d(net.size(), 0.0);
  for (std::size_t r = 0; r < net.size(); ++r)
    for (const auto& [s, c] : net[r]) d[r] += w[s] * c;
  for (double& x : d)
    if (std::fabs(x) < 1e-12) x = 0.0;
  return d;
}

FamilyBudget family_budget(const Mechanism& m, const BoxResult& res, const Family& family) {
  check_result(m, res);
  const auto d = family_change(m, family);
  const Eigen::Index nt = res.rate.rows(), nr = res.rate.cols();
  FamilyBudget b;
  b.family = family;
  b.by_reaction = res.rate;
  for (Eigen::Index r = 0; r < nr; ++r) b.by_reaction.col(r) *= d[static_cast<std::size_t>(r)];
  b.production = Eigen::VectorXd::Zero(nt);
  b.loss = Eigen::VectorXd::Zero(nt);
  for (Eigen::Index k = 0; k < nt; ++k)
    for (Eigen::Index r = 0; r < nr; ++r) {
      const double v = b.by_reaction(k, r);
      if (v > 0) b.production[k] += v;
      else b.loss[k] -= v;
    }
  b.amount = Eigen::VectorXd::Zero(nt);
  for (const auto& [name, w] : family) b.amount += w * res.series(name);
  return b;
}

Family ox_family(const Mechanism& m, const std::string& o3) {
  if (!m.find_species(o3)) throw KeyError(argument(o3), "mechanism has no ozone species");
  Family f{{o3, 1.0}};
  const std::pair<const char*, double> rest[] = {{"NO2", 1}, {"O", 1},   {"O3P", 1},
                                                 {"O1D", 1}, {"NO3", 2}, {"N2O5", 3}};
  for (const auto& [n, w] : rest)
    if (m.find_species(n)) f.emplace_back(n, w);
  // HO2NO2 and PANs carry one NO2 each: with them in the family their fast formation and
  // decomposition cancel instead of inflating gross P and L.
  for (std::size_t i : no2_reservoirs(m, radical_set(m, default_radical_options(m))))
    f.emplace_back(m.species()[i].name, 1.0);
  return f;
}

FamilyBudget o3_budget(const Mechanism& m, const BoxResult& res) {
  return family_budget(m, res, ox_family(m));
}

OhReactivity oh_reactivity(const Mechanism& m, const BoxResult& res,
                           const std::vector<std::string>& observed, const std::string& oh) {
  check_result(m, res);
  const auto ioh = m.find_species(oh);
  if (!ioh) throw KeyError(argument(oh), "mechanism has no OH species");
  std::set<std::size_t> obs;
  for (const auto& s : observed) {
    const auto i = m.find_species(s);
    if (!i) throw KeyError(argument(s), "observed species is not in the mechanism");
    obs.insert(*i);
  }
  // Co-reactant column per reaction consuming OH (OH + OH counts OH itself).
  std::vector<std::pair<std::size_t, std::size_t>> rx;  // reaction, co-reactant species
  std::vector<double> mult;
  std::vector<std::size_t> cols;
  std::map<std::size_t, std::size_t> col_of;
  const auto& reactions = m.reactions();
  for (std::size_t r = 0; r < reactions.size(); ++r) {
    double n_oh = 0;
    std::size_t other = *ioh;
    int n_other = 0;
    for (const auto& t : reactions[r].reactants) {
      if (t.species == *ioh) n_oh += t.coefficient;
      else {
        other = t.species;
        n_other += static_cast<int>(t.coefficient);
      }
    }
    if (n_oh == 0) continue;
    if (n_other > 1) continue;  // termolecular with two co-reactants: not a reactivity term
    if (!col_of.count(other)) {
      col_of[other] = cols.size();
      cols.push_back(other);
    }
    rx.emplace_back(r, other);
    mult.push_back(n_oh);
  }
  OhReactivity out;
  for (std::size_t c : cols) out.species.push_back(m.species()[c].name);
  const Eigen::Index nt = res.rate.rows();
  out.by_species = Eigen::MatrixXd::Zero(nt, static_cast<Eigen::Index>(cols.size()));
  const Eigen::VectorXd c_oh = res.series(oh);
  for (std::size_t q = 0; q < rx.size(); ++q) {
    const auto [r, other] = rx[q];
    const auto col = static_cast<Eigen::Index>(col_of[other]);
    for (Eigen::Index k = 0; k < nt; ++k)
      if (c_oh[k] > 0)
        out.by_species(k, col) += mult[q] * res.rate(k, static_cast<Eigen::Index>(r)) / c_oh[k];
  }
  out.total = out.by_species.rowwise().sum();
  out.measured = Eigen::VectorXd::Zero(nt);
  for (std::size_t c = 0; c < cols.size(); ++c)
    if (obs.count(cols[c])) out.measured += out.by_species.col(static_cast<Eigen::Index>(c));
  return out;
}

RadicalOptions default_radical_options(const Mechanism& m) {
  RadicalOptions o;
  auto has = [&](const std::string& s) { return m.find_species(s).has_value(); };
  std::set<std::size_t> rad;
  if (has("XO2H") && has("MEO2")) {
    // XO2 is left out: it is CB6's extra NO -> NO2 conversion operator that rides along with
    // the real radical carrier (ACET + OH -> FORM + C2O3 + XO2: one peroxy radical, whose NO
    // reaction is XO2 + NO -> NO2 and whose product radical is C2O3).  Counting it made OH +
    // ACET/OLE/XPAR look like primary production and XO2 + NO like termination by NOx,
    // inflating Q and LN alike.  XO2H, XO2N, XPRP and XPAR are the sole carriers of their radical.
    for (const char* s : {"OH", "HO2", "MEO2", "XO2H", "XO2N", "XPRP", "XPAR", "ROR", "C2O3",
                          "CXO3", "HCO3", "ISO2", "EPX2", "BZO2", "TO2", "XLO2", "CRO", "OPO3"})
      if (has(s)) rad.insert(m.species_index(s));
  } else {
    for (const char* s : {"OH", "HO2"})
      if (has(s)) rad.insert(m.species_index(s));
    for (std::size_t i : m.ro2_species()) rad.insert(i);
    // Alkoxy radicals: products (other than NO2) of RO2 + NO -> ... + NO2 that have a thermal
    // unimolecular reaction (decomposition or reaction with O2 folded into the rate).
    const auto ino = m.find_species("NO"), ino2 = m.find_species("NO2");
    const auto& rs = m.reactions();
    std::set<std::size_t> thermal_uni;
    for (const auto& r : rs)
      if (r.reactants.size() == 1 && r.reactants[0].coefficient == 1.0 && !r.rate.uses_photolysis())
        thermal_uni.insert(r.reactants[0].species);
    if (ino && ino2)
      for (const auto& r : rs) {
        bool with_no = false, ro2 = false, makes_no2 = false;
        for (const auto& t : r.reactants) {
          if (t.species == *ino) with_no = true;
          else if (rad.count(t.species)) ro2 = true;
        }
        for (const auto& t : r.products)
          if (t.species == *ino2) makes_no2 = true;
        if (!(with_no && ro2 && makes_no2 && r.reactants.size() == 2)) continue;
        for (const auto& t : r.products)
          if (t.species != *ino2 && thermal_uni.count(t.species)) rad.insert(t.species);
      }
  }
  for (std::size_t i : rad) o.radicals.push_back(m.species()[i].name);
  o.nox.clear();
  for (const char* s : {"NO", "NO2", "NO3"})
    if (has(s)) o.nox.push_back(s);
  for (std::size_t i : no2_reservoirs(m, rad)) o.reservoirs.push_back(m.species()[i].name);
  return o;
}

Eigen::VectorXd RadicalBudget::ln_over_q() const {
  Eigen::VectorXd out(q.size());
  for (Eigen::Index k = 0; k < q.size(); ++k) out[k] = q[k] > 0 ? ln[k] / q[k] : kNaN;
  return out;
}

RadicalBudget radical_budget(const Mechanism& m, const BoxResult& res, const RadicalOptions& o) {
  check_result(m, res);
  auto to_set = [&](const std::vector<std::string>& names, const char* what) {
    std::set<std::size_t> s;
    for (const auto& n : names) {
      const auto i = m.find_species(n);
      if (!i) throw KeyError(argument(n), std::string(what) + " is not a species of the mechanism");
      s.insert(*i);
    }
    return s;
  };
  if (o.radicals.empty()) throw InvalidArgument(argument("radicals"), "radical family is empty");
  const auto nox = to_set(o.nox, "NOx species");
  const auto reservoirs = to_set(o.reservoirs, "reservoir");
  to_set(o.radicals, "radical");
  Family fam;
  for (const auto& r : o.radicals) fam.emplace_back(r, 1.0);
  const auto d = family_change(m, fam);
  const Eigen::Index nt = res.rate.rows();
  RadicalBudget b;
  b.radicals = o.radicals;
  b.q = b.ln = b.lr = Eigen::VectorXd::Zero(nt);
  const auto& rs = m.reactions();
  for (std::size_t r = 0; r < rs.size(); ++r) {
    if (d[r] == 0) continue;
    const auto col = res.rate.col(static_cast<Eigen::Index>(r));
    if (d[r] > 0) {
      if (has_reactant(rs[r], reservoirs)) b.ln -= d[r] * col;
      else b.q += d[r] * col;
    } else {
      if (has_reactant(rs[r], nox)) b.ln += -d[r] * col;
      else b.lr += -d[r] * col;
    }
  }
  return b;
}

double integrate_series(const std::vector<double>& t, const Eigen::VectorXd& v, double a,
                        double b) {
  double s = 0.0;
  for (std::size_t k = 1; k < t.size(); ++k) {
    const double lo = std::max(a, t[k - 1]), hi = std::min(b, t[k]);
    if (!(hi > lo)) continue;
    const double h = t[k] - t[k - 1];
    auto at = [&](double x) {
      return v[static_cast<Eigen::Index>(k - 1)] +
             (x - t[k - 1]) / h *
                 (v[static_cast<Eigen::Index>(k)] - v[static_cast<Eigen::Index>(k - 1)]);
    };
    s += 0.5 * (at(lo) + at(hi)) * (hi - lo);
  }
  return s;
}

double mean_series(const std::vector<double>& t, const Eigen::VectorXd& v, double a, double b) {
  if (t.empty()) return kNaN;
  const double lo = std::max(a, t.front()), hi = std::min(b, t.back());
  if (!(hi > lo)) return kNaN;
  return integrate_series(t, v, lo, hi) / (hi - lo);
}

double max_running_mean(const std::vector<double>& t, const Eigen::VectorXd& v, double hours) {
  const double w = hours * 3600.0;
  double best = kNaN;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t[k] + w > t.back() + 1e-6) break;
    const double m = integrate_series(t, v, t[k], t[k] + w) / w;
    if (!(m <= best)) best = m;
  }
  return best;
}

}  // namespace aqm::chem
