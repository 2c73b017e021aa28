// Technology-based control scenarios (see aqm/emis/scenario.hpp).
#include "aqm/emis/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aqm::emis {

namespace {
void in_unit_interval(double v, const std::string& file, const std::string& who,
                      const char* param) {
  if (!(v >= 0.0 && v <= 1.0))
    throw InvalidArgument(Location{file, 0, 0, who + "." + param},
                          "must lie in [0, 1], got " + std::to_string(v));
}

}  // namespace

void Scenario::validate() const {
  if (target_year < base_year)
    throw InvalidArgument(Location{source, 0, 0, name + ".target_year"}, "is before the base year");
  for (const auto& m : measures) {
    std::string who = m.name.empty() ? "measure" : m.name;
    if (m.sector.empty())
      throw InvalidArgument(Location{source, 0, 0, who + ".sector"}, "is empty");
    in_unit_interval(m.efficiency, source, who, "efficiency");
    in_unit_interval(m.penetration_base, source, who, "penetration_base");
    in_unit_interval(m.penetration_target, source, who, "penetration_target");
  }
  for (const auto& g : growth) {
    if (g.factor && !(*g.factor >= 0.0 && std::isfinite(*g.factor)))
      throw InvalidArgument(Location{source, 0, 0, "growth." + g.sector + ".factor"},
                            "must be >= 0");
    if (!(g.annual_rate > -1.0 && std::isfinite(g.annual_rate)))
      throw InvalidArgument(Location{source, 0, 0, "growth." + g.sector + ".annual_rate"},
                            "must be > -1");
  }
}

namespace {

// Resolve the scenario against the inventory and compute E_t / E_0 per (sector, pollutant,
// place).  With `e0` (annual element totals) the change is also split into growth and
// measure terms in `contrib` ((K + 1) x P).
std::vector<double> compute_scale(const Inventory& base, const Scenario& sc,
                                  const std::vector<double>* e0, Eigen::MatrixXd* contrib,
                                  long only_p = -1) {
  sc.validate();
  if (base.year != sc.base_year)
    throw InvalidArgument(Location{sc.source, 0, 0, sc.name + ".base_year"},
                          "scenario base year " + std::to_string(sc.base_year) +
                              " differs from the inventory year " + std::to_string(base.year));
  const std::size_t S = base.n_sectors(), P = base.n_pollutants(), R = base.n_places(),
                    T = base.n_times(), K = sc.measures.size();
  // Check every measure addresses something that exists.
  for (std::size_t k = 0; k < K; ++k) {
    const auto& m = sc.measures[k];
    std::string who =
        "measure " + std::to_string(k + 1) + " (" + (m.name.empty() ? "?" : m.name) + ")";
    try {
      base.select_sectors(m.sector);
      if (m.pollutant != "*") base.pollutant_index(m.pollutant);
      if (m.region != "*") base.place_index(m.region);
    } catch (const KeyError& e) {
      throw KeyError(Location{sc.source, 0, 0, who}, e.what());
    }
  }
  for (std::size_t k = 0; k < sc.growth.size(); ++k) {
    const auto& g = sc.growth[k];
    try {
      base.select_sectors(g.sector);
      if (g.region != "*") base.place_index(g.region);
    } catch (const KeyError& e) {
      throw KeyError(Location{sc.source, 0, 0, "growth " + std::to_string(k + 1)}, e.what());
    }
  }
  const double years = sc.target_year - sc.base_year;
  std::vector<double> scale((only_p >= 0 ? 1 : P) * S * R, 1.0);
  if (contrib) *contrib = Eigen::MatrixXd::Zero(Eigen::Index(K + 1), Eigen::Index(P));

  // Resolve names to indices once: measures per (sector, pollutant) with a place filter
  // (-1 = every place), growth per sector with optional per-place overrides.
  struct Active {
    std::size_t k;
    long place;
  };
  std::vector<std::vector<Active>> active(S * P);
  for (std::size_t k = 0; k < K; ++k) {
    const auto& m = sc.measures[k];
    const long place = m.region == "*" ? -1 : long(base.place_index(m.region));
    for (std::size_t s : base.select_sectors(m.sector))
      for (std::size_t p = 0; p < P; ++p)
        if (m.pollutant == "*" || m.pollutant == base.pollutants()[p])
          active[s * P + p].push_back({k, place});
  }
  std::vector<double> growth(S * R, 1.0);
  std::vector<long> growth_score(S * R, -1);
  for (const auto& g : sc.growth) {
    const double G = g.factor ? *g.factor : std::pow(1.0 + g.annual_rate, years);
    const long place = g.region == "*" ? -1 : long(base.place_index(g.region));
    const long score = (place >= 0 ? 100000 : 0) + long(g.sector.size());
    for (std::size_t s : base.select_sectors(g.sector))
      for (std::size_t r = 0; r < R; ++r) {
        if (place >= 0 && std::size_t(place) != r) continue;
        if (score > growth_score[s * R + r]) {
          growth_score[s * R + r] = score;
          growth[s * R + r] = G;
        }
      }
  }

  // Sectors whose growth is the same at every place.
  std::vector<bool> growth_uniform(S, true);
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t r = 1; r < R && growth_uniform[s]; ++r)
      growth_uniform[s] = growth[s * R + r] == growth[s * R];

  for (std::size_t s = 0; s < S; ++s) {
    for (std::size_t p = 0; p < P; ++p) {
      if (only_p >= 0 && p != std::size_t(only_p)) continue;
      const auto& act = active[s * P + p];
      // Fast path: no place-specific measure or growth, so one factor for every place.
      bool uniform = growth_uniform[s] && R > 0;
      for (const auto& a : act) uniform = uniform && a.place < 0;
      if (uniform) {
        const double G = growth[s * R];
        double cb = 0, ct = 0, xb = 0, xt = 0;
        for (const auto& a : act) {
          const auto& m = sc.measures[a.k];
          xb += m.penetration_base;
          xt += m.penetration_target;
          cb += m.penetration_base * m.efficiency;
          ct += m.penetration_target * m.efficiency;
        }
        if (xb > 1.0 + 1e-12 || xt > 1.0 + 1e-12)
          throw InvalidArgument(
              Location{sc.source, 0, 0,
                       base.sectors()[s] + "/" + base.pollutants()[p] + "@" + base.places()[0]},
              "penetrations of the measures sum to more than 1 (base " + std::to_string(xb) +
                  ", target " + std::to_string(xt) + ")");
        uniform = cb < 1.0 - 1e-12;  // fully controlled: the per-place checks below apply
        if (uniform) {
          const double f = G * (1.0 - ct) / (1.0 - cb);
          double* out = scale.data() + (only_p >= 0 ? s * R : (s * P + p) * R);
          std::fill(out, out + R, f);
          if (contrib && e0) {
            double e = 0.0;
            for (std::size_t r = 0; r < R; ++r) e += (*e0)[(s * P + p) * R + r];
            (*contrib)(0, Eigen::Index(p)) += e * (G - 1.0);
            for (const auto& a : act) {
              const auto& m = sc.measures[a.k];
              (*contrib)(Eigen::Index(a.k + 1), Eigen::Index(p)) -=
                  e * G * m.efficiency * (m.penetration_target - m.penetration_base) / (1.0 - cb);
            }
          }
          continue;
        }
      }
      for (std::size_t r = 0; r < R; ++r) {
        const double G = growth[s * R + r];
        double cb = 0, ct = 0, xb = 0, xt = 0;
        for (const auto& a : act) {
          if (a.place >= 0 && std::size_t(a.place) != r) continue;
          const auto& m = sc.measures[a.k];
          xb += m.penetration_base;
          xt += m.penetration_target;
          cb += m.penetration_base * m.efficiency;
          ct += m.penetration_target * m.efficiency;
        }
        auto cell = [&] {
          return base.sectors()[s] + "/" + base.pollutants()[p] + "@" + base.places()[r];
        };
        if (xb > 1.0 + 1e-12 || xt > 1.0 + 1e-12)
          throw InvalidArgument(Location{sc.source, 0, 0, cell()},
                                "penetrations of the measures sum to more than 1 (base " +
                                    std::to_string(xb) + ", target " + std::to_string(xt) + ")");
        const std::size_t idx = (s * P + p) * R + r;
        const std::size_t out_idx = only_p >= 0 ? s * R + r : idx;
        double f;
        if (cb >= 1.0 - 1e-12) {
          // fully controlled in the base year: A0*EF0 cannot be recovered from E0
          bool any_value = false;
          for (std::size_t t = 0; t < T; ++t) any_value |= base.at(s, p, r, t) != 0.0;
          if (any_value)
            throw InvalidArgument(Location{sc.source, 0, 0, cell()},
                                  "base-year removal is 100 %, so activity x EF0 is undefined");
          f = 1.0;
        } else {
          f = G * (1.0 - ct) / (1.0 - cb);
          const double e = e0 ? (*e0)[idx] : 0.0;
          if (contrib && e != 0.0) {
            (*contrib)(0, Eigen::Index(p)) += e * (G - 1.0);
            for (const auto& a : act) {
              if (a.place >= 0 && std::size_t(a.place) != r) continue;
              const auto& m = sc.measures[a.k];
              (*contrib)(Eigen::Index(a.k + 1), Eigen::Index(p)) -=
                  e * G * m.efficiency * (m.penetration_target - m.penetration_base) / (1.0 - cb);
            }
          }
        }
        scale[out_idx] = f;
      }
    }
  }
  return scale;
}

}  // namespace

std::vector<double> scenario_scale(const Inventory& base, const Scenario& sc) {
  return compute_scale(base, sc, nullptr, nullptr);
}

std::vector<double> scenario_scale(const Inventory& base, const Scenario& sc,
                                   const std::string& pollutant) {
  long p;
  try {
    p = long(base.pollutant_index(pollutant));
  } catch (const KeyError& e) {
    throw KeyError(Location{sc.source, 0, 0, sc.name}, e.what());
  }
  return compute_scale(base, sc, nullptr, nullptr, p);
}

ScenarioResult apply_scenario(const Inventory& base, const Scenario& sc) {
  const std::size_t S = base.n_sectors(), P = base.n_pollutants(), R = base.n_places(),
                    T = base.n_times(), K = sc.measures.size();
  const std::vector<double> e0 = base.element_totals();
  Eigen::MatrixXd contrib;
  ScenarioResult res;
  res.scale = compute_scale(base, sc, &e0, &contrib);
  res.inventory = base;
  res.inventory.year = sc.target_year;
  res.inventory.name = base.name + "+" + sc.name;
  double* v = res.inventory.values().data();
  for (std::size_t i = 0; i < S * P * R; ++i)
    for (std::size_t t = 0; t < T; ++t) v[i * T + t] *= res.scale[i];
  // Totals from the element totals: the scale is uniform over time slices, so the scenario's
  // annual total of each element is E0 * f (no second pass over the values).
  auto totals_of = [&](bool scaled) {
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(Eigen::Index(S), Eigen::Index(P));
    for (std::size_t s = 0; s < S; ++s)
      for (std::size_t p = 0; p < P; ++p) {
        double sum = 0.0;
        for (std::size_t r = 0; r < R; ++r) {
          const std::size_t i = (s * P + p) * R + r;
          sum += scaled ? e0[i] * res.scale[i] : e0[i];
        }
        m(Eigen::Index(s), Eigen::Index(p)) = sum;
      }
    return m;
  };
  std::vector<std::string> total_units(P);
  for (std::size_t p = 0; p < P; ++p)
    total_units[p] =
        parse_unit(base.units()[p]).dim.length == -2 ? base.units()[p] + " m2" : base.units()[p];
  res.base_totals =
      LabelledMatrix(totals_of(false), base.sectors(), base.pollutants(), total_units);
  res.scenario_totals =
      LabelledMatrix(totals_of(true), base.sectors(), base.pollutants(), total_units);
  for (auto* m : {&res.base_totals, &res.scenario_totals}) {
    m->row_dim = "sector";
    m->col_dim = "pollutant";
  }
  Eigen::MatrixXd chg = Eigen::MatrixXd::Zero(Eigen::Index(S), Eigen::Index(P)), sf = chg;
  for (Eigen::Index s = 0; s < Eigen::Index(S); ++s)
    for (Eigen::Index p = 0; p < Eigen::Index(P); ++p) {
      double b = res.base_totals.values()(s, p), t = res.scenario_totals.values()(s, p);
      chg(s, p) = b != 0.0 ? 100.0 * (t / b - 1.0) : std::numeric_limits<double>::quiet_NaN();
      sf(s, p) = b != 0.0 ? t / b : 1.0;
    }
  auto label = [&](LabelledMatrix m) {
    m.row_dim = "sector";
    m.col_dim = "pollutant";
    return m;
  };
  res.change_percent = label(
      LabelledMatrix(chg, base.sectors(), base.pollutants(), std::vector<std::string>(P, "%")));
  res.scale_factors = label(
      LabelledMatrix(sf, base.sectors(), base.pollutants(), std::vector<std::string>(P, "1")));
  std::vector<std::string> rows{"growth"};
  for (std::size_t k = 0; k < K; ++k)
    rows.push_back(sc.measures[k].name.empty() ? "measure " + std::to_string(k + 1)
                                               : sc.measures[k].name);
  // measure names must be unique for the table; number duplicates
  for (std::size_t a = 1; a < rows.size(); ++a)
    for (std::size_t b = a + 1; b < rows.size(); ++b)
      if (rows[b] == rows[a]) rows[b] += " #" + std::to_string(b);
  res.contributions =
      LabelledMatrix(contrib, rows, base.pollutants(), res.base_totals.column_units());
  res.contributions.row_dim = "driver";
  res.contributions.col_dim = "pollutant";

  for (const auto& tg : sc.targets) {
    std::size_t p;
    try {
      p = base.pollutant_index(tg.pollutant);
    } catch (const KeyError& e) {
      throw KeyError(Location{sc.source, 0, 0, "target " + tg.pollutant}, e.what());
    }
    TargetCheck c;
    c.target = tg;
    for (std::size_t s : base.select_sectors(tg.sector)) {
      c.base += res.base_totals.values()(Eigen::Index(s), Eigen::Index(p));
      c.scenario += res.scenario_totals.values()(Eigen::Index(s), Eigen::Index(p));
    }
    c.change_percent = c.base != 0.0 ? 100.0 * (c.scenario / c.base - 1.0) : 0.0;
    c.met = c.change_percent <= tg.change_percent + 1e-9;
    res.targets.push_back(c);
  }
  Operation op{"apply_scenario",
               sc.source,
               {{"scenario", sc.name},
                {"base_year", std::to_string(sc.base_year)},
                {"target_year", std::to_string(sc.target_year)},
                {"measures", std::to_string(K)},
                {"growth_entries", std::to_string(sc.growth.size())}}};
  res.inventory.record(op);
  return res;
}

}  // namespace aqm::emis
