#include "aqm/chem/kinetic_system.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace aqm::chem {

KineticSystem::KineticSystem(const Mechanism& mech, bool reorder) {
  const auto& sp = mech.species();
  species_slot_.assign(sp.size(), -1);
  for (std::size_t i = 0; i < sp.size(); ++i)
    if (sp[i].kind == SpeciesKind::variable) {
      species_slot_[i] = static_cast<int>(var_names_.size());
      var_names_.push_back(sp[i].name);
      var_initial_.push_back(sp[i].initial.value_or(0.0));
    }
  const int nv = static_cast<int>(var_names_.size());
  for (std::size_t i = 0; i < sp.size(); ++i)
    if (sp[i].kind == SpeciesKind::fixed) {
      species_slot_[i] = nv + static_cast<int>(fix_names_.size());
      fix_names_.push_back(sp[i].name);
      fixed_.push_back(sp[i].initial.value_or(0.0));
      fixed_user_.push_back(sp[i].initial.has_value());
      const std::string& n = sp[i].name;
      fixed_env_.push_back(n == "M" || n == "AIR" ? static_cast<int>(EnvVar::m)
                           : n == "O2"            ? static_cast<int>(EnvVar::o2)
                           : n == "N2"            ? static_cast<int>(EnvVar::n2)
                           : n == "H2O"           ? static_cast<int>(EnvVar::h2o)
                                                  : -1);
    }
  constrained_.assign(nv, 0);
  source_.assign(nv, 0.0);
  loss_.assign(nv, 0.0);
  cfactor_ = mech.cfactor();
  c_.assign(sp.size() + 1, 0.0);
  c_.back() = 1.0;  // the slot a missing factor of a flattened product reads

  for (const auto& c : mech.coefficients()) coef_expr_.push_back(c.expr);
  coef_val_.assign(coef_expr_.size(), 0.0);
  for (std::size_t i = 0; i < coef_expr_.size(); ++i) {
    if (coef_expr_[i].uses_photolysis()) photo_coefs_.push_back(static_cast<int>(i));
    if (coef_expr_[i].uses_ro2()) ro2_coefs_.push_back(static_cast<int>(i));
  }

  for (std::size_t i : mech.ro2_species()) {
    ro2_slots_.push_back(species_slot_[i]);
    if (species_slot_[i] < nv) ro2_var_.push_back(species_slot_[i]);
  }

  std::vector<std::pair<int, int>> structure;
  struct Pending {
    int row, col;
    double coef;
  };
  std::vector<Pending> pending;
  react_ptr_.push_back(0);
  net_ptr_.push_back(0);
  jm_ptr_.push_back(0);
  je_ptr_.push_back(0);
  for (const Reaction& r : mech.reactions()) {
    tags_.push_back(r.tag);
    rate_text_.push_back(r.rate.text());
    if (r.rate.uses_ro2()) {
      has_ro2_reactions_ = true;
      if (r.rate.ro2_factor_code()) {
        kind_.push_back(1);
        rate_expr_.push_back(r.rate.ro2_factor());
      } else {
        kind_.push_back(2);
        rate_expr_.push_back(r.rate);
      }
    } else {
      kind_.push_back(0);
      rate_expr_.push_back(r.rate);
    }
    if (rate_expr_.back().uses_photolysis())
      photo_reactions_.push_back(static_cast<int>(rate_expr_.size() - 1));
    std::map<int, double> net;
    std::vector<int> slots;
    for (const auto& t : r.reactants) {
      const int slot = species_slot_[t.species];
      for (int u = 0; u < static_cast<int>(t.coefficient); ++u) slots.push_back(slot);
      if (slot < nv) net[slot] -= t.coefficient;
    }
    for (const auto& t : r.products) {
      const int slot = species_slot_[t.species];
      if (slot < nv) net[slot] += t.coefficient;
    }
    for (int s : slots) react_slot_.push_back(s);
    react_ptr_.push_back(static_cast<int>(react_slot_.size()));
    std::vector<std::pair<int, double>> nz;
    for (auto [i, s] : net)
      if (s != 0.0) nz.emplace_back(i, s);
    for (auto [i, s] : nz) {
      net_species_.push_back(i);
      net_coef_.push_back(s);
    }
    net_ptr_.push_back(static_cast<int>(net_species_.size()));
    for (std::size_t m = 0; m < slots.size(); ++m) {
      if (slots[m] >= nv) continue;
      jm_pos_.push_back(static_cast<int>(m));
      for (auto [i, s] : nz) {
        structure.emplace_back(i, slots[m]);
        pending.push_back(Pending{i, slots[m], s});
      }
      je_ptr_.push_back(static_cast<int>(pending.size()));
    }
    jm_ptr_.push_back(static_cast<int>(jm_pos_.size()));
  }
  k_.assign(rate_expr_.size(), 0.0);
  std::vector<RateExpression*> exprs;
  for (RateExpression& e : coef_expr_) exprs.push_back(&e);
  for (RateExpression& e : rate_expr_) exprs.push_back(&e);
  shared_expr_ = hoist_common_subexpressions(exprs);
  shared_val_.assign(shared_expr_.size(), 0.0);
  lu_ = detail::SparseLU(static_cast<std::size_t>(nv), structure, reorder);
  for (const Pending& p : pending) {
    je_index_.push_back(lu_.position(p.row, p.col));
    je_coef_.push_back(p.coef);
  }
  flatten();
  set_environment(Environment{});
}

void KineticSystem::flatten() {
  const std::size_t nr = kind_.size();
  const int one = static_cast<int>(c_.size()) - 1;
  width_ = 1;
  for (std::size_t r = 0; r < nr; ++r) {
    width_ = std::max(width_, react_ptr_[r + 1] - react_ptr_[r]);
    if (kind_[r] == 1) ro2_linear_.push_back(static_cast<int>(r));
    if (kind_[r] == 2) ro2_general_.push_back(static_cast<int>(r));
    for (int q = net_ptr_[r]; q < net_ptr_[r + 1]; ++q)
      net_reaction_.push_back(static_cast<int>(r));
  }
  const auto w = static_cast<std::size_t>(width_);
  rate_slot_.assign(nr * w, one);
  for (std::size_t r = 0; r < nr; ++r)
    for (int q = react_ptr_[r]; q < react_ptr_[r + 1]; ++q)
      rate_slot_[r * w + static_cast<std::size_t>(q - react_ptr_[r])] = react_slot_[q];
  // One derivative term per (reaction, variable reactant): the other factors, in order.
  for (std::size_t r = 0; r < nr; ++r) {
    const int rb = react_ptr_[r], re = react_ptr_[r + 1];
    for (int m = jm_ptr_[r]; m < jm_ptr_[r + 1]; ++m) {
      term_reaction_.push_back(static_cast<int>(r));
      std::size_t f = 0;
      const std::size_t base = term_slot_.size();
      term_slot_.resize(base + w, one);
      for (int q = rb; q < re; ++q)
        if (q - rb != jm_pos_[m]) term_slot_[base + f++] = react_slot_[q];
      const int term = static_cast<int>(term_reaction_.size() - 1);
      for (int e = je_ptr_[m]; e < je_ptr_[m + 1]; ++e) je_term_.push_back(term);
    }
  }
  keff_.assign(nr, 0.0);
  work_.assign(std::max(nr, term_reaction_.size()), 0.0);
}

std::size_t KineticSystem::variable_index(const std::string& name) const {
  for (std::size_t i = 0; i < var_names_.size(); ++i)
    if (var_names_[i] == name) return i;
  throw KeyError(argument(name), "not a variable species of the mechanism");
}

std::size_t KineticSystem::fixed_index(const std::string& name) const {
  for (std::size_t i = 0; i < fix_names_.size(); ++i)
    if (fix_names_[i] == name) return i;
  throw KeyError(argument(name), "not a fixed species of the mechanism");
}

void KineticSystem::set_environment(const Environment& env) {
  if (!(env.temp > 0) || !std::isfinite(env.temp))
    throw InvalidArgument(argument("temp"), "temperature must be positive (K)");
  if (!(env.m > 0) || !std::isfinite(env.m) || !(env.o2 >= 0) || !(env.n2 >= 0) ||
      !(env.h2o >= 0) || !std::isfinite(env.h2o))
    throw InvalidArgument(argument("environment"), "M, O2, N2, H2O must be finite and >= 0");
  if (env != env_ || rate_updates_ == 0) env_dirty_ = true;
  env_ = env;
  for (std::size_t i = 0; i < fixed_.size(); ++i) {
    if (fixed_user_[i] || fixed_env_[i] < 0) continue;
    const EnvVar v = static_cast<EnvVar>(fixed_env_[i]);
    fixed_[i] = v == EnvVar::m    ? env.m
                : v == EnvVar::o2 ? env.o2
                : v == EnvVar::n2 ? env.n2
                                  : env.h2o;
  }
}

void KineticSystem::set_photolysis(const std::vector<double>& j) {
  for (double v : j)
    if (!(v >= 0) || !std::isfinite(v))
      throw InvalidArgument(argument("photolysis"), "J values must be finite and >= 0");
  if (j != j_) photo_dirty_ = true;
  j_ = j;
}

void KineticSystem::set_sun(double sun) {
  if (!std::isfinite(sun)) throw InvalidArgument(argument("sun"), "SUN must be finite");
  if (sun != sun_) photo_dirty_ = true;
  sun_ = sun;
}

void KineticSystem::set_fixed(std::size_t i, double value) {
  if (i >= fixed_.size()) throw InvalidArgument(argument("fixed"), "fixed index out of range");
  if (!(value >= 0) || !std::isfinite(value))
    throw InvalidArgument(argument(fix_names_[i]), "concentration must be finite and >= 0");
  fixed_[i] = value;
  fixed_user_[i] = 1;
}

void KineticSystem::set_constrained(std::size_t i, bool on) {
  if (i >= constrained_.size())
    throw InvalidArgument(argument("constrained"), "species index out of range");
  constrained_[i] = on ? 1 : 0;
}

std::vector<double> KineticSystem::initial_state() const { return var_initial_; }

void KineticSystem::update_rates() {
  if (!env_dirty_ && !photo_dirty_) return;
  if (prev_.valid && prev_.env == env_ && prev_.sun == sun_ && prev_.j == j_) {
    // Back to the conditions before the last change (a Rosenbrock step evaluates t, t + delta
    // for dF/dt, then t again): swap the kept rate constants in.
    std::swap(prev_.k, k_);
    std::swap(prev_.coef, coef_val_);
    std::swap(prev_.shared, shared_val_);
    std::swap(prev_.bad, bad_rate_);
    std::swap(prev_.env, current_.env);
    std::swap(prev_.j, current_.j);
    std::swap(prev_.sun, current_.sun);
    env_dirty_ = photo_dirty_ = false;
    return;
  }
  if (rate_updates_ > 0) {
    prev_.env = current_.env;
    prev_.j = current_.j;
    prev_.sun = current_.sun;
    prev_.k = k_;
    prev_.coef = coef_val_;
    prev_.shared = shared_val_;
    prev_.bad = bad_rate_;
    prev_.valid = true;
  }
  current_.env = env_;
  current_.j = j_;
  current_.sun = sun_;
  inputs_[EnvVar::temp] = env_.temp;
  inputs_[EnvVar::m] = env_.m;
  inputs_[EnvVar::o2] = env_.o2;
  inputs_[EnvVar::n2] = env_.n2;
  inputs_[EnvVar::h2o] = env_.h2o;
  inputs_[EnvVar::ro2] = 0.0;
  inputs_[EnvVar::sun] = sun_;
  inputs_[EnvVar::cfactor] = cfactor_;
  inputs_.j = j_.data();
  inputs_.n_j = j_.size();
  bind_inputs();
  if (env_dirty_) {
    for (std::size_t i = 0; i < shared_expr_.size(); ++i)
      shared_val_[i] = shared_expr_[i].evaluate(inputs_);
    for (std::size_t i = 0; i < coef_expr_.size(); ++i)
      coef_val_[i] = coef_expr_[i].evaluate(inputs_);
    for (std::size_t r = 0; r < rate_expr_.size(); ++r) k_[r] = rate_expr_[r].evaluate(inputs_);
  } else {
    for (int i : photo_coefs_) coef_val_[i] = coef_expr_[i].evaluate(inputs_);
    for (int r : photo_reactions_) k_[r] = rate_expr_[r].evaluate(inputs_);
  }
  env_dirty_ = photo_dirty_ = false;
  ++rate_updates_;
  bad_rate_ = -1;
  for (std::size_t r = 0; r < k_.size() && bad_rate_ < 0; ++r)
    if (kind_[r] != 2 && !(k_[r] >= 0.0 && std::isfinite(k_[r]))) bad_rate_ = static_cast<int>(r);
}

void KineticSystem::bind_inputs() {
  inputs_.coef = coef_val_.data();
  inputs_.shared = shared_val_.data();
}

std::string KineticSystem::rate_problem() {
  update_rates();
  if (bad_rate_ < 0) return {};
  const std::size_t r = static_cast<std::size_t>(bad_rate_);
  std::ostringstream msg;
  msg << "reaction <" << tags_[r] << ">: rate constant '" << rate_text_[r] << "' = " << k_[r]
      << (std::isfinite(k_[r]) ? " is negative" : " is not finite") << " at T = " << env_.temp
      << " K";
  return msg.str();
}

const std::vector<double>& KineticSystem::coefficient_values() {
  update_rates();
  return coef_val_;
}

double KineticSystem::load_concentrations(const double* y) {
  const std::size_t nv = n_variable();
  std::copy(y, y + nv, c_.begin());
  std::copy(fixed_.begin(), fixed_.end(), c_.begin() + static_cast<long>(nv));
  double s = 0.0;
  for (int slot : ro2_slots_) s += c_[slot];
  return s;
}

double KineticSystem::effective_k(std::size_t r, double ro2) {
  switch (kind_[r]) {
    case 0: return k_[r];
    case 1: return k_[r] * ro2;
    default: {
      bind_inputs();
      inputs_[EnvVar::ro2] = ro2;
      for (int i : ro2_coefs_) coef_val_[i] = coef_expr_[i].evaluate(inputs_);
      const double k = rate_expr_[r].evaluate(inputs_);
      inputs_[EnvVar::ro2] = 0.0;
      return k;
    }
  }
}

std::vector<double> KineticSystem::rate_constants(const std::vector<double>& y) {
  update_rates();
  double ro2 = 0.0;
  if (!y.empty()) {
    if (y.size() != n_variable())
      throw InvalidArgument(argument("y"), "state has the wrong number of species");
    ro2 = load_concentrations(y.data());
  }
  std::vector<double> out(k_.size());
  for (std::size_t r = 0; r < k_.size(); ++r) {
    out[r] = (kind_[r] == 1 && y.empty()) ? k_[r] : effective_k(r, ro2);
    if (!std::isfinite(out[r]))
      throw InvalidArgument(argument("reaction <" + tags_[r] + ">"),
                            "rate constant '" + rate_text_[r] +
                                "' is not finite at T = " + std::to_string(env_.temp) + " K");
  }
  return out;
}

namespace {
// out[i] = scale[index[i]] * prod_f c[slot[i * W + f]] for W factors (padding slots hold 1);
// the product runs in the factors' order, as a reaction's reactants are listed.
template <int W>
void products(std::size_t n, const int* index, const double* scale, const int* slot,
              const double* c, double* out) {
  for (std::size_t i = 0; i < n; ++i) {
    double a = scale[index ? index[i] : i];
    for (int f = 0; f < W; ++f) a *= c[slot[i * W + f]];
    out[i] = a;
  }
}

void products(int width, std::size_t n, const int* index, const double* scale, const int* slot,
              const double* c, double* out) {
  switch (width) {
    case 1: return products<1>(n, index, scale, slot, c, out);
    case 2: return products<2>(n, index, scale, slot, c, out);
    case 3: return products<3>(n, index, scale, slot, c, out);
    case 4: return products<4>(n, index, scale, slot, c, out);
    default:
      for (std::size_t i = 0; i < n; ++i) {
        double a = scale[index ? index[i] : i];
        for (int f = 0; f < width; ++f) a *= c[slot[i * static_cast<std::size_t>(width) + f]];
        out[i] = a;
      }
  }
}
}  // namespace

const double* KineticSystem::effective_rates(double ro2) {
  if (ro2_linear_.empty() && ro2_general_.empty()) return k_.data();  // no copy needed
  std::copy(k_.begin(), k_.end(), keff_.begin());
  for (int r : ro2_linear_) keff_[r] = k_[r] * ro2;
  for (int r : ro2_general_) keff_[r] = effective_k(static_cast<std::size_t>(r), ro2);
  return keff_.data();
}

void KineticSystem::fun(const double* y, double* f) {
  update_rates();
  const std::size_t nv = n_variable(), nr = k_.size();
  const double* keff = effective_rates(load_concentrations(y));
  for (std::size_t i = 0; i < nv; ++i) f[i] = source_[i] - loss_[i] * y[i];
  double* rate = work_.data();
  products(width_, nr, nullptr, keff, rate_slot_.data(), c_.data(), rate);
  const std::size_t ne = net_species_.size();
  for (std::size_t q = 0; q < ne; ++q) f[net_species_[q]] += net_coef_[q] * rate[net_reaction_[q]];
  for (std::size_t i = 0; i < nv; ++i)
    if (constrained_[i]) f[i] = 0.0;
}

void KineticSystem::jacobian(const double* y, double* jvs, double* u) {
  update_rates();
  const std::size_t nv = n_variable();
  const double ro2 = load_concentrations(y);
  const double* c = c_.data();
  const double* keff = effective_rates(ro2);
  std::fill(jvs, jvs + lu_.nonzeros(), 0.0);
  double* d = work_.data();
  products(width_, term_reaction_.size(), term_reaction_.data(), keff, term_slot_.data(), c, d);
  const std::size_t ne = je_index_.size();
  for (std::size_t e = 0; e < ne; ++e) jvs[je_index_[e]] += je_coef_[e] * d[je_term_[e]];
  if (u) {
    std::fill(u, u + nv, 0.0);
    auto add = [&](int r, double dk) {  // u += S_r (dk/dRO2) prod(reactants)
      double prod = dk;
      for (int q = react_ptr_[r]; q < react_ptr_[r + 1]; ++q) prod *= c[react_slot_[q]];
      for (int q = net_ptr_[r]; q < net_ptr_[r + 1]; ++q) u[net_species_[q]] += net_coef_[q] * prod;
    };
    for (int r : ro2_linear_) add(r, k_[r]);
    for (int r : ro2_general_) {
      const double h = 1e-6 * std::max(std::fabs(ro2), 1.0);
      add(r, (effective_k(static_cast<std::size_t>(r), ro2 + h) - keff_[r]) / h);
    }
  }
  for (std::size_t i = 0; i < nv; ++i) {
    jvs[lu_.diagonal(static_cast<int>(i))] -= loss_[i];
    if (constrained_[i]) {
      auto [b, e] = lu_.row_range(static_cast<int>(i));
      std::fill(jvs + b, jvs + e, 0.0);
      if (u) u[i] = 0.0;
    }
  }
}

MechanismSummary summarize(const Mechanism& m, const KineticSystem& s) {
  MechanismSummary out;
  out.n_species = m.species().size();
  out.n_variable = s.n_variable();
  out.n_fixed = s.n_fixed();
  out.n_reactions = m.reactions().size();
  out.n_coefficients = m.coefficients().size();
  out.n_ro2 = m.ro2_species().size();
  for (const auto& r : m.reactions())
    if (r.rate.uses_photolysis()) ++out.n_photolysis_reactions;
  out.jacobian_nonzeros = s.jacobian_nonzeros();
  out.lu_nonzeros = s.lu_nonzeros();
  return out;
}

MechanismSummary Mechanism::summary() const {
  KineticSystem s(*this);
  return summarize(*this, s);
}

}  // namespace aqm::chem
