#include "aqm/chem/solver.hpp"

#include <algorithm>
#include <cmath>

namespace aqm::chem {

void Conditions::validate() const {
  temp.validate("temp");
  pressure.validate("pressure");
  rh.validate("rh");
  for (const auto* s : {&m, &o2, &n2, &h2o})
    if (*s) (*s)->validate(s == &m ? "M" : s == &o2 ? "O2" : s == &n2 ? "N2" : "H2O");
  for (const auto& [j, series] : j_table) {
    if (j < 0) throw InvalidArgument(argument("J" + std::to_string(j)), "J numbers are >= 0");
    series.validate("J" + std::to_string(j));
  }
  if (!(zenith_jfac >= 0) || !std::isfinite(zenith_jfac))
    throw InvalidArgument(argument("jfac"), "JFAC must be finite and >= 0");
}

Environment Conditions::environment(double t) const {
  Environment e;
  e.temp = temp.at(t);
  e.pressure = pressure.at(t);
  e.m = m ? m->at(t) : air_density(e.temp, e.pressure);
  e.o2 = o2 ? o2->at(t) : kO2Fraction * e.m;
  e.n2 = n2 ? n2->at(t) : kN2Fraction * e.m;
  e.h2o = h2o ? h2o->at(t) : water_concentration(rh.at(t), e.temp, e.pressure);
  return e;
}

std::vector<double> mcm_rates_at_zenith(double zenith_deg, double jfac) {
  if (!std::isfinite(zenith_deg))
    throw InvalidArgument(argument("zenith"), "zenith angle is not finite");
  const auto& table = mcm_v331_photolysis_parameters();
  int top = 0;
  for (const auto& p : table) top = std::max(top, p.index);
  std::vector<double> j(static_cast<std::size_t>(top) + 1, 0.0);
  const double cz = std::cos(zenith_deg * M_PI / 180.0);
  for (const auto& p : table)
    j[static_cast<std::size_t>(p.index)] = jfac * mcm_photolysis_rate(p, cz);
  return j;
}

std::vector<double> Conditions::photolysis_rates(double t) const {
  std::vector<double> j = j_function   ? j_function(t)
                          : zenith     ? mcm_rates_at_zenith(zenith(t), zenith_jfac)
                          : photolysis ? photolysis->rates(t)
                                       : std::vector<double>{};
  for (const auto& [n, series] : j_table) {
    if (static_cast<std::size_t>(n) >= j.size()) j.resize(static_cast<std::size_t>(n) + 1, 0.0);
    j[static_cast<std::size_t>(n)] = series.at(t);
  }
  return j;
}

bool Conditions::is_constant() const {
  auto flat = [](const TimeSeries& s) {
    return std::all_of(s.value.begin(), s.value.end(), [&](double v) { return v == s.value[0]; });
  };
  for (const auto* s : {&m, &o2, &n2, &h2o})
    if (*s && !flat(**s)) return false;
  for (const auto& [n, series] : j_table)
    if (!flat(series)) return false;
  return flat(temp) && flat(pressure) && flat(rh) && !zenith && !j_function && !photolysis;
}

Solver::Solver(const Mechanism& mechanism, RosenbrockOptions options)
    : system_(mechanism), options_(std::move(options)) {}

Solver::Solver(KineticSystem system, RosenbrockOptions options)
    : system_(std::move(system)), options_(std::move(options)) {}

void Solver::set_conditions(Conditions conditions) {
  conditions.validate();
  conditions_ = std::move(conditions);
}

Trajectory Solver::run(std::vector<double> y0, const std::vector<double>& times) {
  const Conditions& c = conditions_;
  TimeUpdate update = [&c](double t, KineticSystem& s) {
    s.set_environment(c.environment(t));
    s.set_photolysis(c.photolysis_rates(t));
  };
  Trajectory out;
  if (c.is_constant()) {
    if (!times.empty()) update(times.front(), system_);
    out = simulate(system_, std::move(y0), times, options_, TimeUpdate{}, next_step_);
  } else {
    out = simulate(system_, std::move(y0), times, options_, update, next_step_, c.per_interval);
  }
  if (out.result.ok() && out.result.stats.next_step > 0) next_step_ = out.result.stats.next_step;
  return out;
}

}  // namespace aqm::chem
