// The observation-constrained box model (aqm::chem::BoxModel) and its analyses: thin bindings
// in the submodule _core.box.  Series cross as (time, value, interpolation); options and
// results as typed classes (value_class.hpp); labels, units and xarray live in aqm/chem/box.py.
#include <pybind11/numpy.h>

#include <aqm/chem.hpp>

#include "common.hpp"
#include "solver_types.hpp"
#include "value_class.hpp"

namespace aqm::python {
namespace {
using namespace aqm::chem;

TimeSeries series(const std::vector<double>& t, const std::vector<double>& v, const std::string& interp) {
  TimeSeries s;
  s.time = t;
  s.value = v;
  s.interpolation = interpolation_from_string(interp);
  return s;
}

Mechanism load_mechanism(const std::string& path) {
  auto ends = [&](const std::string& e) {
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".fac") || ends(".FAC")) return read_facsimile(path);
  return read_kpp(path);
}


std::vector<std::string> status_names(const std::vector<SolveStatus>& v) {
  std::vector<std::string> out;
  for (auto x : v) out.push_back(to_string(x));
  return out;
}
std::vector<SolveStatus> statuses_from(const std::vector<std::string>& v) {
  std::vector<SolveStatus> out;
  for (const auto& x : v) out.push_back(status_from(x));
  return out;
}
std::vector<bool> flags(const std::vector<char>& v) { return {v.begin(), v.end()}; }
std::vector<char> flags_from(const std::vector<bool>& v) { return {v.begin(), v.end()}; }

void bind_results(py::module_& m) {
  result_class<BoxResult>(
      m, "BoxResult", "One box-model run: time x species concentrations, rates, J, environment.",
      member("time", &BoxResult::time, "s"), member("species", &BoxResult::species),
      member("reactions", &BoxResult::reactions),
      member("concentration", &BoxResult::concentration, "time x species, molecule cm-3"),
      member("rate", &BoxResult::rate, "time x reaction, molecule cm-3 s-1"),
      member("photolysis", &BoxResult::photolysis, "time x J number, s-1"),
      member("temp", &BoxResult::temp, "K"), member("pressure", &BoxResult::pressure, "hPa"),
      member("m", &BoxResult::m, "molecule cm-3"), member("h2o", &BoxResult::h2o),
      member("blh", &BoxResult::blh, "m"),
      converted("constrained", &BoxResult::constrained, &flags, &flags_from),
      member("result", &BoxResult::result), member("spin_up_days", &BoxResult::spin_up_days),
      member("spin_up_converged", &BoxResult::spin_up_converged),
      member("spin_up_change", &BoxResult::spin_up_change));
  result_class<FamilyBudget>(
      m, "FamilyBudget", "Production and loss of a weighted family (molecule cm-3 s-1).",
      member("family", &FamilyBudget::family), member("amount", &FamilyBudget::amount),
      member("production", &FamilyBudget::production), member("loss", &FamilyBudget::loss),
      member("by_reaction", &FamilyBudget::by_reaction, "time x reaction, signed"));
  result_class<OhReactivity>(
      m, "OhReactivity", "OH reactivity by co-reactant, total and from measured species (s-1).",
      member("species", &OhReactivity::species), member("by_species", &OhReactivity::by_species),
      member("total", &OhReactivity::total), member("measured", &OhReactivity::measured));
  result_class<RadicalBudget>(
      m, "RadicalBudget", "Radical production Q and losses to NOx (LN) and radicals (LR).",
      member("q", &RadicalBudget::q), member("ln", &RadicalBudget::ln),
      member("lr", &RadicalBudget::lr), member("radicals", &RadicalBudget::radicals));
  result_class<IsoplethResult>(
      m, "IsoplethResult", "EKMA grid: O3 metrics over VOC x NOx factors.",
      member("voc_factors", &IsoplethResult::voc_factors),
      member("nox_factors", &IsoplethResult::nox_factors),
      member("peak_o3", &IsoplethResult::peak_o3),
      member("max_8h_o3", &IsoplethResult::max_8h_o3),
      member("net_po3", &IsoplethResult::net_po3),
      converted("status", &IsoplethResult::status, &status_names, &statuses_from,
                "row-major voc x nox"),
      member("message", &IsoplethResult::message),
      member("base_peak_o3", &IsoplethResult::base_peak_o3),
      member("base_max_8h_o3", &IsoplethResult::base_max_8h_o3),
      member("base_net_po3", &IsoplethResult::base_net_po3),
      converted("base_status", &IsoplethResult::base_status, &status_name, &status_from))
      .def(
          "ridge",
          [](const IsoplethResult& r, const std::string& metric) {
            return r.ridge(isopleth_metric_from_string(metric));
          },
          py::arg("metric"), "per VOC factor, the NOx factor at the metric's peak (NaN: none)")
      .def(
          "regime",
          [](const IsoplethResult& r, const std::string& metric) {
            return r.regime(isopleth_metric_from_string(metric));
          },
          py::arg("metric"), "the side of the ridge the base point (1, 1) is on")
      .def("n_failed", &IsoplethResult::n_failed);
  result_class<RirResult>(
      m, "RirResult", "Relative incremental reactivity per group.",
      member("groups", &RirResult::groups), member("rir", &RirResult::rir),
      member("p_cut", &RirResult::p_cut),
      converted("status", &RirResult::status, &status_names, &statuses_from),
      member("p_base", &RirResult::p_base),
      converted("base_status", &RirResult::base_status, &status_name, &status_from),
      member("cut", &RirResult::cut));
  result_class<AttributionResult>(
      m, "AttributionResult", "O3 metrics per attribution case (molecule cm-3).",
      member("labels", &AttributionResult::labels),
      member("peak_o3", &AttributionResult::peak_o3),
      member("max_8h_o3", &AttributionResult::max_8h_o3),
      member("net_po3", &AttributionResult::net_po3),
      converted("status", &AttributionResult::status, &status_names, &statuses_from),
      member("message", &AttributionResult::message));
  result_class<RegimeIndicator>(
      m, "RegimeIndicator", "One O3-regime indicator with its value, verdict and rule.",
      member("name", &RegimeIndicator::name), member("value", &RegimeIndicator::value),
      member("regime", &RegimeIndicator::regime), member("rule", &RegimeIndicator::rule));
}

void bind_options(py::module_& m) {
  options_class<RadicalOptions>(
      m, "RadicalOptions", "The radical family, NOx and reservoirs of a radical budget.",
      member("radicals", &RadicalOptions::radicals), member("nox", &RadicalOptions::nox),
      member("reservoirs", &RadicalOptions::reservoirs));
  options_class<RirGroup>(m, "RirGroup", "A named group of species cut together.",
                          member("name", &RirGroup::name), member("species", &RirGroup::species));
  options_class<IsoplethOptions>(
      m, "IsoplethOptions", "EKMA grid: factors, species scaled, O3 name, window, threads.",
      member("voc_factors", &IsoplethOptions::voc_factors),
      member("nox_factors", &IsoplethOptions::nox_factors),
      member("voc_species", &IsoplethOptions::voc_species),
      member("nox_species", &IsoplethOptions::nox_species),
      member("scale", &IsoplethOptions::scale, "bit mask of ScaleTarget"),
      member("o3", &IsoplethOptions::o3),
      member("window_start", &IsoplethOptions::window_start, "s; NaN = whole run"),
      member("window_end", &IsoplethOptions::window_end, "s; NaN = whole run"),
      member("n_threads", &IsoplethOptions::n_threads), member("ppb", &IsoplethOptions::ppb));
  options_class<RirOptions>(
      m, "RirOptions", "RIR: groups (empty = defaults), cut, what is scaled, window, threads.",
      member("groups", &RirOptions::groups), member("cut", &RirOptions::cut),
      member("scale", &RirOptions::scale), member("window_start", &RirOptions::window_start),
      member("window_end", &RirOptions::window_end), member("n_threads", &RirOptions::n_threads),
      member("ppb", &RirOptions::ppb));
  options_class<AttributionOptions>(
      m, "AttributionOptions", "Source attribution: NOx class, per-area emissions, O3, window.",
      member("nox_species", &AttributionOptions::nox_species),
      member("per_area", &AttributionOptions::per_area), member("o3", &AttributionOptions::o3),
      member("window_start", &AttributionOptions::window_start),
      member("window_end", &AttributionOptions::window_end),
      member("n_threads", &AttributionOptions::n_threads));
  options_class<RegimeOptions>(
      m, "RegimeOptions", "Regime indicators: species names, window, radical family.",
      member("hcho", &RegimeOptions::hcho, "'' = FORM (CB6) or HCHO (MCM)"),
      member("no2", &RegimeOptions::no2), member("h2o2", &RegimeOptions::h2o2),
      member("hno3", &RegimeOptions::hno3), member("window_start", &RegimeOptions::window_start),
      member("window_end", &RegimeOptions::window_end),
      member("radicals", &RegimeOptions::radicals));
}
}  // namespace

void bind_box(py::module_& parent) {
  py::module_ m = parent.def_submodule("box", "observation-constrained box model (private; use aqm.chem.BoxModel)");

  m.def("convert_concentration",
        [](double v, const std::string& from, const std::string& to, double temp, double pressure, double mw) {
          return convert_concentration(v, parse_concentration_unit(from), parse_concentration_unit(to), temp,
                                       pressure, mw);
        },
        py::arg("value"), py::arg("from_unit"), py::arg("to_unit"), py::arg("temp") = 298.15,
        py::arg("pressure") = 1013.25, py::arg("mw") = 0.0);
  m.def("air_density", &air_density, py::arg("temp"), py::arg("pressure"));

  bind_results(m);
  bind_options(m);

  py::class_<BoxModel>(m, "BoxModel")
      .def(py::init([](const std::string& path) { return BoxModel(load_mechanism(path)); }), py::arg("path"))
      .def("copy", [](const BoxModel& b) { return BoxModel(b); })
      .def("species", [](const BoxModel& b) { return b.mechanism().species_names(); })
      .def("variable_species", [](const BoxModel& b) { return b.mechanism().variable_species(); })
      .def("reaction_tags",
           [](const BoxModel& b) {
             std::vector<std::string> t;
             for (const auto& r : b.mechanism().reactions()) t.push_back(r.tag);
             return t;
           })
      .def("mechanism_name", [](const BoxModel& b) { return b.mechanism().name(); })
      .def("mechanism_warnings", [](const BoxModel& b) { return b.mechanism().warnings(); })
      .def("set_time", &BoxModel::set_time, py::arg("t_start"), py::arg("t_end"), py::arg("output_step"))
      .def(
          "set_solver",
          [](BoxModel& b, const RosenbrockOptions& o) {
            if (!(o.rtol > 0) || !(o.atol > 0))
              throw InvalidArgument(Location{"", 0, 0, "tolerance"}, "rtol and atol must be positive");
            if (o.max_steps <= 0) throw InvalidArgument(Location{"", 0, 0, "max_steps"}, "must be positive");
            b.set_solver_options(o);
          },
          py::arg("options"))
      .def("set_spin_up",
           [](BoxModel& b, int max_days, double tol, double floor) { b.set_spin_up({max_days, tol, floor}); },
           py::arg("max_days"), py::arg("tolerance") = 0.01, py::arg("floor") = 1e4)
      .def("set_environment",
           [](BoxModel& b, std::vector<double> t, std::vector<double> temp, std::vector<double> p,
              std::vector<double> rh) {
             EnvironmentSeries e;
             e.time = std::move(t);
             e.temp = std::move(temp);
             e.pressure = std::move(p);
             e.rh = std::move(rh);
             b.set_environment(e);
           },
           py::arg("time"), py::arg("temp"), py::arg("pressure"), py::arg("rh"))
      .def("set_boundary_layer_height",
           [](BoxModel& b, const std::vector<double>& t, const std::vector<double>& v, const std::string& i) {
             b.set_boundary_layer_height(series(t, v, i));
           },
           py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def("set_photolysis_mcm",
           [](BoxModel& b, double lat, double lon, int y, int mo, int d, double hour, double jfac) {
             auto p = PhotolysisModel::mcm(lat, lon, y, mo, d, hour);
             p.set_jfac(jfac);
             b.set_photolysis(p);
           },
           py::arg("lat"), py::arg("lon"), py::arg("year"), py::arg("month"), py::arg("day"),
           py::arg("start_hour_utc"), py::arg("jfac") = 1.0)
      .def("set_photolysis_zenith",
           [](BoxModel& b, double z, double jfac) {
             auto p = PhotolysisModel::mcm_fixed_zenith(z);
             p.set_jfac(jfac);
             b.set_photolysis(p);
           },
           py::arg("zenith"), py::arg("jfac") = 1.0)
      .def("set_photolysis_fixed",
           [](BoxModel& b, std::vector<double> j) { b.set_photolysis(PhotolysisModel::fixed(std::move(j))); },
           py::arg("j"))
      .def("scale_photolysis_to",
           [](BoxModel& b, int idx, const std::vector<double>& t, const std::vector<double>& v, const std::string& i) {
             b.scale_photolysis_to(idx, series(t, v, i));
           },
           py::arg("index"), py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def("constrain_photolysis",
           [](BoxModel& b, int idx, const std::vector<double>& t, const std::vector<double>& v, const std::string& i) {
             b.constrain_photolysis(idx, series(t, v, i));
           },
           py::arg("index"), py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def("set_initial", &BoxModel::set_initial, py::arg("species"), py::arg("value"))
      .def("constrain",
           [](BoxModel& b, const std::string& s, const std::vector<double>& t, const std::vector<double>& v,
              const std::string& i) { b.constrain(s, series(t, v, i)); },
           py::arg("species"), py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def("release", &BoxModel::release, py::arg("species"))
      .def("fix_nox",
           [](BoxModel& b, const std::vector<double>& t, const std::vector<double>& v, const std::string& i,
              const std::string& no, const std::string& no2) { b.fix_nox(series(t, v, i), no, no2); },
           py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear", py::arg("no") = "NO",
           py::arg("no2") = "NO2")
      .def("set_dilution", &BoxModel::set_dilution, py::arg("rate"), py::arg("background"))
      .def("set_entrainment", &BoxModel::set_entrainment, py::arg("on"))
      .def("set_deposition", &BoxModel::set_deposition, py::arg("species"), py::arg("v_d"))
      .def("deposition", &BoxModel::deposition)
      .def("set_emission",
           [](BoxModel& b, const std::string& s, const std::vector<double>& t, const std::vector<double>& v,
              const std::string& i, bool per_area) { b.set_emission(s, series(t, v, i), per_area); },
           py::arg("species"), py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear",
           py::arg("per_area") = false)
      .def("scale_species", &BoxModel::scale_species, py::arg("species"), py::arg("factor"),
           py::arg("what") = static_cast<unsigned>(scale_all))
      .def("observed_species", &BoxModel::observed_species)
      .def("run", [](const BoxModel& b) {
        BoxResult r;
        {
          py::gil_scoped_release nogil;
          r = b.run();
        }
        return r;
      });

  m.def(
      "o3_budget",
      [](const BoxModel& b, const BoxResult& r) { return o3_budget(b.mechanism(), r); },
      py::arg("model"), py::arg("result"), "P(O3) and L(O3) on the Ox family.");
  m.def(
      "family_budget",
      [](const BoxModel& b, const BoxResult& r, const Family& f) {
        return family_budget(b.mechanism(), r, f);
      },
      py::arg("model"), py::arg("result"), py::arg("family"));
  m.def(
      "oh_reactivity",
      [](const BoxModel& b, const BoxResult& r, const std::vector<std::string>& observed) {
        return oh_reactivity(b.mechanism(), r, observed);
      },
      py::arg("model"), py::arg("result"), py::arg("observed"));
  m.def(
      "default_radical_options",
      [](const BoxModel& b) { return default_radical_options(b.mechanism()); },
      py::arg("model"), "The radical family, NOx and reservoirs for the model's mechanism.");
  m.def(
      "radical_budget",
      [](const BoxModel& b, const BoxResult& r, const std::optional<RadicalOptions>& o) {
        return radical_budget(b.mechanism(), r, o ? *o : default_radical_options(b.mechanism()));
      },
      py::arg("model"), py::arg("result"), py::arg("options") = py::none(),
      "Radical budget; options None = default_radical_options(model).");
  m.def(
      "isopleth",
      [](const BoxModel& b, const IsoplethOptions& o, py::object progress) {
        return run_without_gil(std::move(progress),
                               [&](Progress hooks) { return isopleth(b, o, hooks); });
      },
      py::arg("model"), py::arg("options"), py::arg("progress") = py::none());
  m.def(
      "default_rir_groups",
      [](const BoxModel& b) {  // (name, species) pairs: dict(default_rir_groups(m)) in examples
        std::vector<std::pair<std::string, std::vector<std::string>>> out;
        for (const auto& g : default_rir_groups(b.mechanism())) out.emplace_back(g.name, g.species);
        return out;
      },
      py::arg("model"));
  m.def(
      "rir",
      [](const BoxModel& b, const RirOptions& o, py::object progress) {
        return run_without_gil(std::move(progress),
                               [&](Progress hooks) { return rir(b, o, hooks); });
      },
      py::arg("model"), py::arg("options"), py::arg("progress") = py::none());

  using SeriesTuple = std::tuple<std::vector<double>, std::vector<double>, std::string>;
  using SeriesMap = std::map<std::string, SeriesTuple>;
  using SourceTuple = std::tuple<std::string, SeriesMap, SeriesMap>;
  auto to_sources = [](const std::vector<SourceTuple>& sources) {
    auto to_series = [](const SeriesMap& in) {
      std::map<std::string, TimeSeries> out;
      for (const auto& [sp, t] : in)
        out[sp] = series(std::get<0>(t), std::get<1>(t), std::get<2>(t));
      return out;
    };
    std::vector<AttributionSource> src;
    for (const auto& [name, em, held] : sources)
      src.push_back({name, to_series(em), to_series(held)});
    return src;
  };
  m.def(
      "with_sources",
      [to_sources](const BoxModel& b, const std::vector<SourceTuple>& sources,
                   const AttributionOptions& o) { return with_sources(b, to_sources(sources), o); },
      py::arg("model"), py::arg("sources"), py::arg("options"));
  using CaseTuple = std::tuple<std::string, std::vector<double>, std::vector<double>,
                               std::map<std::string, double>>;
  m.def(
      "attribute",
      [to_sources](const BoxModel& b, const std::vector<SourceTuple>& sources,
                   const std::vector<CaseTuple>& cases, const AttributionOptions& o,
                   py::object progress) {
        const std::vector<AttributionSource> src = to_sources(sources);
        std::vector<AttributionCase> cs;
        for (const auto& [label, voc, nx, sp] : cases) cs.push_back({label, voc, nx, sp});
        return run_without_gil(std::move(progress),
                               [&](Progress hooks) { return attribute(b, src, cs, o, hooks); });
      },
      py::arg("model"), py::arg("sources"), py::arg("cases"), py::arg("options"),
      py::arg("progress") = py::none());

  m.def(
      "regime_indicators",
      [](const BoxModel& b, const BoxResult& r, const RegimeOptions& o) {
        return regime_indicators(b.mechanism(), r, o);
      },
      py::arg("model"), py::arg("result"), py::arg("options"));
}

}  // namespace aqm::python
