#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "aqm/chem/attribution.hpp"
#include "aqm/chem/detail/run_metrics.hpp"

namespace aqm::chem {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

InvalidArgument bad(const std::string& item, const std::string& msg) {
  return InvalidArgument(argument(item), msg);
}
KeyError unknown(const std::string& item, const std::string& msg) {
  return KeyError(argument(item), msg);
}
Eigen::Index idx(std::size_t i) { return static_cast<Eigen::Index>(i); }

enum class Part { own, voc, nox };  // the model's own series, or a source's VOC / NOx

// One emitted or constrained species: its terms tabulated on the union of their knots, so the
// series of any case is a weighted sum of rows (exact for linear and step interpolation).
struct SpeciesSum {
  std::string species;
  bool constraint = false;  // false: emission
  bool per_area = false;
  Interpolation interpolation = Interpolation::linear;
  std::vector<double> knots;
  std::vector<int> source;  // per term: source index, -1 for the model's own series
  std::vector<Part> part;
  Eigen::MatrixXd values;  // term x knot

  TimeSeries series(const AttributionCase& c) const {
    TimeSeries s;
    s.time = knots;
    s.interpolation = interpolation;
    s.value.assign(knots.size(), 0.0);
    double whole = 1.0;
    if (auto it = c.species.find(species); it != c.species.end()) whole = it->second;
    for (Eigen::Index k = 0; k < values.rows(); ++k) {
      const auto u = static_cast<std::size_t>(k);
      double f = 1.0;
      if (part[u] == Part::voc && !c.voc.empty()) f = c.voc[static_cast<std::size_t>(source[u])];
      if (part[u] == Part::nox && !c.nox.empty()) f = c.nox[static_cast<std::size_t>(source[u])];
      for (std::size_t j = 0; j < knots.size(); ++j) s.value[j] += f * values(k, idx(j));
    }
    for (double& v : s.value) v *= whole;
    return s;
  }
};

struct Term {
  int source;
  Part part;
  const TimeSeries* series;
};

SpeciesSum tabulate(const std::string& species, bool constraint, bool per_area,
                    const std::vector<Term>& terms) {
  SpeciesSum s;
  s.species = species;
  s.constraint = constraint;
  s.per_area = per_area;
  s.interpolation = terms.front().series->interpolation;
  std::set<double> knots;
  for (const auto& t : terms) {
    if (t.series->interpolation != s.interpolation)
      throw bad(species, "the series of this species mix linear and step interpolation");
    knots.insert(t.series->time.begin(), t.series->time.end());
  }
  s.knots.assign(knots.begin(), knots.end());
  s.values.resize(idx(terms.size()), idx(s.knots.size()));
  for (std::size_t k = 0; k < terms.size(); ++k) {
    s.source.push_back(terms[k].source);
    s.part.push_back(terms[k].part);
    for (std::size_t j = 0; j < s.knots.size(); ++j)
      s.values(idx(k), idx(j)) = terms[k].series->at(s.knots[j]);
  }
  return s;
}

bool is_nox(const AttributionOptions& o, const std::string& species) {
  return std::find(o.nox_species.begin(), o.nox_species.end(), species) != o.nox_species.end();
}

std::vector<SpeciesSum> species_sums(const BoxModel& model,
                                     const std::vector<AttributionSource>& sources,
                                     const AttributionOptions& o) {
  const Mechanism& mech = model.mechanism();
  std::map<std::string, std::vector<Term>> emitted, held;
  std::map<std::string, bool> per_area;
  for (const auto& [sp, e] : model.emissions()) {
    emitted[sp].push_back({-1, Part::own, &e.first});
    per_area[sp] = e.second;
  }
  for (const auto& [sp, ts] : model.constraints()) held[sp].push_back({-1, Part::own, &ts});
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto& src = sources[i];
    const std::string where = "source '" + src.name + "'";
    for (const auto& [sp, ts] : src.emission) {
      if (!mech.find_species(sp))
        throw unknown(sp, where + ": emitted species is not in the mechanism");
      ts.validate(src.name + "/" + sp);
      if (model.constraints().count(sp))
        throw bad(sp, where +
                          ": the species is constrained in the model, so its emission "
                          "cannot act");
      if (auto it = per_area.find(sp); it != per_area.end() && it->second != o.per_area)
        throw bad(sp, where +
                          ": the model's own emission of this species has other units "
                          "(per area vs per volume)");
      per_area[sp] = o.per_area;
      emitted[sp].push_back({static_cast<int>(i), is_nox(o, sp) ? Part::nox : Part::voc, &ts});
    }
    for (const auto& [sp, ts] : src.constraint) {
      if (!mech.find_species(sp))
        throw unknown(sp, where + ": constrained species is not in the mechanism");
      if (is_nox(o, sp))
        throw bad(sp, where +
                          ": NOx cannot be split by source as observations; give it as "
                          "emissions");
      ts.validate(src.name + "/" + sp);
      held[sp].push_back({static_cast<int>(i), Part::voc, &ts});
    }
  }
  for (const auto& [sp, terms] : held)
    if (emitted.count(sp))
      throw bad(sp, "the species is both emitted and constrained by the sources");
  std::vector<SpeciesSum> out;
  out.reserve(emitted.size() + held.size());
  for (const auto& [sp, terms] : emitted) out.push_back(tabulate(sp, false, per_area[sp], terms));
  for (const auto& [sp, terms] : held) out.push_back(tabulate(sp, true, false, terms));
  return out;
}

void check_case(const AttributionCase& c, std::size_t n_sources,
                const std::vector<SpeciesSum>& sums) {
  const std::string where = "case '" + c.label + "'";
  for (const auto* v : {&c.voc, &c.nox}) {
    if (!v->empty() && v->size() != n_sources)
      throw bad(c.label, where + ": " + std::to_string(v->size()) + " factors for " +
                             std::to_string(n_sources) + " sources");
    for (double f : *v)
      if (!(f >= 0) || !std::isfinite(f))
        throw bad(c.label, where + ": factors must be finite and >= 0");
  }
  for (const auto& [sp, f] : c.species) {
    if (!(f >= 0) || !std::isfinite(f))
      throw bad(sp, where + ": species factor must be finite and >= 0");
    // A named copy: lambdas may not capture structured bindings before C++20 (clang 14).
    const std::string& name = sp;
    const bool known = std::any_of(sums.begin(), sums.end(),
                                   [&](const SpeciesSum& s) { return s.species == name; });
    if (!known) throw unknown(sp, where + ": species has no emission or constraint to scale");
  }
}

BoxModel apply_sums(const BoxModel& model, const std::vector<SpeciesSum>& sums) {
  BoxModel out = model;
  const AttributionCase ones;
  for (const auto& s : sums) {
    if (s.constraint) out.constrain(s.species, s.series(ones));
    else out.set_emission(s.species, s.series(ones), s.per_area);
  }
  return out;
}
}  // namespace

BoxModel with_sources(const BoxModel& model, const std::vector<AttributionSource>& sources,
                      const AttributionOptions& options) {
  return apply_sums(model, species_sums(model, sources, options));
}

AttributionResult attribute(const BoxModel& model, const std::vector<AttributionSource>& sources,
                            const std::vector<AttributionCase>& cases, const AttributionOptions& o,
                            const Progress& progress) {
  if (!model.mechanism().find_species(o.o3))
    throw unknown(o.o3, "ozone species is not in the mechanism");
  const std::vector<SpeciesSum> sums = species_sums(model, sources, o);
  for (const auto& c : cases) check_case(c, sources.size(), sums);
  BoxModel base = apply_sums(model, sums);
  base.prepare();

  const std::size_t n = cases.size();
  std::vector<detail::RunMetrics> cells(n);
  parallel_for(
      n, o.n_threads,
      [&](std::size_t c) {
        BoxModel cell = base;  // shares the prepared kinetic system
        try {
          for (const auto& s : sums) {
            if (s.constraint) cell.update_constraint(s.species, s.series(cases[c]));
            else cell.update_emission(s.species, s.series(cases[c]));
          }
        } catch (const std::exception& e) {
          cells[c].status = SolveStatus::callback_error;
          cells[c].message = e.what();
          return;
        }
        cells[c] = detail::run_metrics(cell, o.o3, o.window_start, o.window_end);
      },
      progress);

  AttributionResult r;
  r.peak_o3 = r.max_8h_o3 = r.net_po3 = Eigen::VectorXd::Constant(idx(n), kNaN);
  for (std::size_t c = 0; c < n; ++c) {
    const Eigen::Index i = idx(c);
    r.labels.push_back(cases[c].label);
    r.peak_o3(i) = cells[c].peak;
    r.max_8h_o3(i) = cells[c].max8;
    r.net_po3(i) = cells[c].net;
    r.status.push_back(cells[c].status);
    r.message.push_back(cells[c].message);
  }
  return r;
}

}  // namespace aqm::chem
