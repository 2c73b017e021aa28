#include "aqm/chem/box_model.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "aqm/chem/detail/box_prepared.hpp"

namespace aqm::chem {

namespace {
InvalidArgument bad(const std::string& item, const std::string& msg) {
  return InvalidArgument(argument(item), msg);
}
}  // namespace

// ---------------------------------------------------------------------------------------------
Interpolation interpolation_from_string(const std::string& name) {
  std::string s;
  for (char c : name) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "linear") return Interpolation::linear;
  if (s == "step" || s == "previous" || s == "constant") return Interpolation::step;
  throw bad("interpolation", "unknown interpolation '" + name + "' (use linear or step)");
}

void TimeSeries::validate(const std::string& item, bool non_negative) const {
  if (time.empty()) throw bad(item, "series is empty");
  if (time.size() != value.size())
    throw bad(item, "series has " + std::to_string(time.size()) + " times but " +
                        std::to_string(value.size()) + " values");
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i])) throw bad(item, "time " + std::to_string(i) + " is not finite");
    if (i > 0 && !(time[i] > time[i - 1]))
      throw bad(item, "series times are out of order at index " + std::to_string(i) + " (" +
                          std::to_string(time[i]) + " s after " + std::to_string(time[i - 1]) +
                          " s)");
    if (!std::isfinite(value[i]))
      throw bad(item, "value at t = " + std::to_string(time[i]) + " s is not finite");
    if (non_negative && value[i] < 0)
      throw bad(item, "negative value " + std::to_string(value[i]) +
                          " at t = " + std::to_string(time[i]) + " s");
  }
}

double TimeSeries::at(double t) const {
  const std::size_t n = time.size();
  if (n == 0) return 0.0;
  if (t <= time.front()) return value.front();
  if (t >= time.back()) return value.back();
  const std::size_t i =
      static_cast<std::size_t>(std::upper_bound(time.begin(), time.end(), t) - time.begin());
  // time[i-1] <= t < time[i]
  if (interpolation == Interpolation::step) return value[i - 1];
  const double w = (t - time[i - 1]) / (time[i] - time[i - 1]);
  return value[i - 1] + w * (value[i] - value[i - 1]);
}

TimeSeries TimeSeries::scaled(double f) const {
  TimeSeries s = *this;
  for (double& v : s.value) v *= f;
  return s;
}

// ---------------------------------------------------------------------------------------------
std::size_t BoxResult::species_index(const std::string& name) const {
  for (std::size_t i = 0; i < species.size(); ++i)
    if (species[i] == name) return i;
  throw KeyError(argument(name), "species not in the box-model result");
}

Eigen::VectorXd BoxResult::series(const std::string& name) const {
  return concentration.col(static_cast<Eigen::Index>(species_index(name)));
}

BoxModel::BoxModel(Mechanism mechanism) : mechanism_(std::move(mechanism)) {}

void BoxModel::check_species(const std::string& name, const std::string& what) const {
  const auto i = mechanism_.find_species(name);
  if (!i)
    throw KeyError(argument(name),
                   what + ": unknown species (not in mechanism '" + mechanism_.name() + "')");
  if (mechanism_.species()[*i].kind != SpeciesKind::variable)
    throw bad(name, what + ": species is fixed in the mechanism");
}

void BoxModel::set_time(double t_start, double t_end, double output_step) {
  if (!std::isfinite(t_start) || !std::isfinite(t_end) || !(t_end > t_start))
    throw bad("time", "the run needs finite t_start < t_end (s)");
  if (!(output_step > 0) || !std::isfinite(output_step))
    throw bad("output_step", "output step must be positive (s)");
  t0_ = t_start;
  t1_ = t_end;
  dt_out_ = output_step;
  invalidate();
}

void BoxModel::set_spin_up(const SpinUp& s) {
  if (s.max_days < 0) throw bad("spin_up.max_days", "must be >= 0");
  if (!(s.tolerance > 0) || !std::isfinite(s.tolerance))
    throw bad("spin_up.tolerance", "must be positive");
  if (!(s.floor >= 0)) throw bad("spin_up.floor", "must be >= 0");
  spin_up_ = s;
}

void BoxModel::set_environment(const EnvironmentSeries& env) {
  env.validate();
  for (std::size_t i = 0; i < env.time.size(); ++i)
    Environment::from(env.temp[i], env.pressure[i], env.rh[i]);  // throws naming temp/pressure/rh
  env_ = env;
  invalidate();
}

void BoxModel::set_boundary_layer_height(const TimeSeries& blh) {
  blh.validate("boundary_layer_height");
  for (double v : blh.value)
    if (!(v > 0)) throw bad("boundary_layer_height", "heights must be positive (m)");
  blh_ = blh;
  invalidate();
}

void BoxModel::scale_photolysis_to(int index, const TimeSeries& observed) {
  if (index < 1) throw bad("J", "photolysis index must be >= 1");
  observed.validate("J" + std::to_string(index));
  jscale_ = std::make_pair(index, observed);
  invalidate();
}

void BoxModel::constrain_photolysis(int index, const TimeSeries& observed) {
  if (index < 1) throw bad("J", "photolysis index must be >= 1");
  observed.validate("J" + std::to_string(index));
  jconstrained_[index] = observed;
  invalidate();
}

void BoxModel::set_initial(const std::string& species, double value) {
  check_species(species, "initial value");
  if (!(value >= 0) || !std::isfinite(value))
    throw bad(species,
              "initial concentration must be finite and >= 0 (got " + std::to_string(value) + ")");
  initial_[species] = value;
  invalidate();
}

void BoxModel::constrain(const std::string& species, const TimeSeries& observed) {
  check_species(species, "constraint");
  observed.validate(species);
  if (fix_nox_ && (species == fix_nox_->no || species == fix_nox_->no2))
    throw bad(species, "cannot constrain a FixNOx species; drop fix_nox or this constraint");
  constraints_[species] = observed;
  invalidate();
}

void BoxModel::release(const std::string& species) {
  constraints_.erase(species);
  invalidate();
}

void BoxModel::fix_nox(const TimeSeries& total, const std::string& no, const std::string& no2) {
  check_species(no, "fix_nox");
  check_species(no2, "fix_nox");
  total.validate("NOx");
  if (constraints_.count(no) || constraints_.count(no2))
    throw bad(constraints_.count(no) ? no : no2,
              "species is constrained; FixNOx needs NO and NO2 free");
  fix_nox_ = FixNox{total, no, no2};
  invalidate();
}

void BoxModel::set_deposition(const std::string& species, double v_d) {
  check_species(species, "deposition");
  if (!(v_d >= 0) || !std::isfinite(v_d))
    throw bad(species, "deposition velocity must be finite and >= 0 (cm s-1)");
  if (v_d == 0) deposition_.erase(species);
  else deposition_[species] = v_d;
  invalidate();
}

void BoxModel::set_dilution(double k_dil, const std::map<std::string, double>& background) {
  if (!(k_dil >= 0) || !std::isfinite(k_dil))
    throw bad("dilution", "rate must be finite and >= 0 (s-1)");
  for (const auto& [s, v] : background) {
    check_species(s, "background");
    if (!(v >= 0) || !std::isfinite(v)) throw bad(s, "background must be finite and >= 0");
  }
  k_dil_ = k_dil;
  background_ = background;
  invalidate();
}

void BoxModel::set_entrainment(bool on) {
  entrainment_ = on;
  invalidate();
}

void BoxModel::set_emission(const std::string& species, const TimeSeries& rate, bool per_area) {
  check_species(species, "emission");
  rate.validate(species);
  emissions_[species] = {rate, per_area};
  invalidate();
}

void BoxModel::scale_species(const std::string& species, double f, unsigned what) {
  check_species(species, "scaling");
  if (!(f > 0) || !std::isfinite(f))
    throw bad(species,
              "scaling factor must be positive and finite (got " + std::to_string(f) + ")");
  if (what & scale_initial) {
    auto it = initial_.find(species);
    if (it != initial_.end()) {
      it->second *= f;
    } else {
      const auto& sp = mechanism_.species()[mechanism_.species_index(species)];
      if (sp.initial) initial_[species] = *sp.initial * f;
    }
  }
  if (what & scale_constraint) {
    auto it = constraints_.find(species);
    if (it != constraints_.end()) it->second = it->second.scaled(f);
    if (fix_nox_ && species == fix_nox_->no) fix_nox_->total = fix_nox_->total.scaled(f);
  }
  if (what & scale_emission) {
    auto it = emissions_.find(species);
    if (it != emissions_.end()) it->second.first = it->second.first.scaled(f);
  }
  if (what & scale_background) {
    auto it = background_.find(species);
    if (it != background_.end()) it->second *= f;
  }
  // Structure is unchanged: a prepared kinetic system stays valid.
}

std::vector<std::string> BoxModel::observed_species() const {
  std::vector<std::string> out;
  for (const auto& [s, ts] : constraints_) out.push_back(s);
  if (fix_nox_) {
    out.push_back(fix_nox_->no);
    out.push_back(fix_nox_->no2);
  }
  return out;
}

namespace {
// A series must reach within one of its own sampling intervals of both ends of the run.
void check_covers(const TimeSeries& s, double t0, double t1, const std::string& item) {
  double gap = 0.0;
  for (std::size_t i = 1; i < s.time.size(); ++i) gap = std::max(gap, s.time[i] - s.time[i - 1]);
  if (s.time.back() < t0 || s.time.front() > t1)
    throw bad(item, "series (" + std::to_string(s.time.front()) + " to " +
                        std::to_string(s.time.back()) + " s) lies outside the run (" +
                        std::to_string(t0) + " to " + std::to_string(t1) + " s)");
  if (s.time.front() > t0 + gap || s.time.back() < t1 - gap)
    throw bad(item, "series (" + std::to_string(s.time.front()) + " to " +
                        std::to_string(s.time.back()) + " s) does not cover the run (" +
                        std::to_string(t0) + " to " + std::to_string(t1) + " s)");
}
}  // namespace

void BoxModel::update_emission(const std::string& species, const TimeSeries& rate) {
  auto it = emissions_.find(species);
  if (it == emissions_.end())
    throw KeyError(argument(species), "update_emission: the model has no emission of this species");
  rate.validate(species);
  check_covers(rate, t0_, t1_, species);
  it->second.first = rate;
}

void BoxModel::update_constraint(const std::string& species, const TimeSeries& observed) {
  auto it = constraints_.find(species);
  if (it == constraints_.end())
    throw KeyError(argument(species), "update_constraint: the species is not constrained");
  observed.validate(species);
  check_covers(observed, t0_, t1_, species);
  it->second = observed;
}

std::shared_ptr<const BoxModel::Prepared> BoxModel::build() const {
  for (const auto& [s, ts] : constraints_) check_covers(ts, t0_, t1_, s);
  for (const auto& [s, e] : emissions_) {
    check_covers(e.first, t0_, t1_, s);
    if (e.second && !blh_) throw bad(s, "per-area emission needs a boundary-layer height series");
  }
  if (fix_nox_) check_covers(fix_nox_->total, t0_, t1_, "NOx");
  if (blh_) check_covers(*blh_, t0_, t1_, "boundary_layer_height");
  if (entrainment_ && !blh_) throw bad("entrainment", "needs a boundary-layer height series");
  if (!deposition_.empty() && !blh_)
    throw bad(deposition_.begin()->first, "dry deposition needs a boundary-layer height series");
  if (jscale_) check_covers(jscale_->second, t0_, t1_, "J" + std::to_string(jscale_->first));
  for (const auto& [j, ts] : jconstrained_) check_covers(ts, t0_, t1_, "J" + std::to_string(j));
  if (env_) {
    TimeSeries probe;
    probe.time = env_->time;
    probe.value.assign(env_->time.size(), 0.0);
    check_covers(probe, t0_, t1_, "environment");
  }

  Mechanism m = mechanism_;
  for (const auto& [s, ts] : constraints_) m.species(m.species_index(s)).kind = SpeciesKind::fixed;
  auto p = std::make_shared<Prepared>(std::move(m));
  const auto& sp = p->mech.species();
  p->var_of.assign(sp.size(), -1);
  p->fix_of.assign(sp.size(), -1);
  const auto& vn = p->system.variable_names();
  const auto& fn = p->system.fixed_names();
  for (std::size_t i = 0; i < vn.size(); ++i)
    p->var_of[p->mech.species_index(vn[i])] = static_cast<int>(i);
  for (std::size_t i = 0; i < fn.size(); ++i)
    p->fix_of[p->mech.species_index(fn[i])] = static_cast<int>(i);
  for (const auto& [s, ts] : constraints_)
    p->constraint_fixed.emplace_back(p->fix_of[p->mech.species_index(s)], s);
  for (const auto& [s, e] : emissions_) {
    const int vi = p->var_of[p->mech.species_index(s)];
    if (vi < 0) continue;  // a constrained species: its emission cannot act
    p->emissions.push_back({vi, s});
  }
  if (fix_nox_) {
    p->no = p->var_of[p->mech.species_index(fix_nox_->no)];
    p->no2 = p->var_of[p->mech.species_index(fix_nox_->no2)];
  }
  for (const auto& r : p->mech.reactions()) {
    std::vector<int> v;
    for (const auto& t : r.reactants)
      for (int u = 0; u < static_cast<int>(t.coefficient); ++u)
        v.push_back(static_cast<int>(t.species));
    p->reactants.push_back(std::move(v));
  }
  return p;
}

void BoxModel::prepare() { prepared_ = build(); }

}  // namespace aqm::chem
