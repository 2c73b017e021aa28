// The observation-constrained box model (aqm::chem::BoxModel) and its analyses: thin bindings
// in the submodule _core.box.  Series cross as (time, value, interpolation); results as
// numpy arrays in dicts; labels, units and xarray live in aqm/chem/box.py.
#include <pybind11/numpy.h>

#include <aqm/chem.hpp>

#include "common.hpp"

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

Eigen::VectorXd vec(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

py::dict result_dict(const BoxResult& r) {
  py::dict d;
  d["time"] = vec(r.time);
  d["species"] = r.species;
  d["reactions"] = r.reactions;
  d["concentration"] = r.concentration;
  d["rate"] = r.rate;
  d["photolysis"] = r.photolysis;
  d["temp"] = vec(r.temp);
  d["pressure"] = vec(r.pressure);
  d["m"] = vec(r.m);
  d["h2o"] = vec(r.h2o);
  d["blh"] = vec(r.blh);
  std::vector<bool> c(r.constrained.begin(), r.constrained.end());
  d["constrained"] = c;
  d["status"] = to_string(r.result.status);
  d["message"] = r.result.message;
  d["steps"] = r.result.stats.steps;
  d["spin_up_days"] = r.spin_up_days;
  d["spin_up_converged"] = r.spin_up_converged;
  d["spin_up_change"] = r.spin_up_change;
  return d;
}

std::vector<std::string> status_strings(const std::vector<SolveStatus>& s) {
  std::vector<std::string> out;
  for (auto x : s) out.push_back(to_string(x));
  return out;
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

  py::class_<BoxResult>(m, "BoxResult").def("to_dict", &result_dict);

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
      .def("set_solver",
           [](BoxModel& b, const std::string& method, double rtol, double atol, long max_steps, double hmax) {
             RosenbrockOptions o;
             o.method = rosenbrock_method_from_string(method);
             if (!(rtol > 0) || !(atol > 0))
               throw InvalidArgument(Location{"", 0, 0, "tolerance"}, "rtol and atol must be positive");
             if (max_steps <= 0) throw InvalidArgument(Location{"", 0, 0, "max_steps"}, "must be positive");
             o.rtol = rtol;
             o.atol = atol;
             o.max_steps = max_steps;
             o.hmax = hmax;
             b.set_solver_options(o);
           },
           py::arg("method") = "rodas3", py::arg("rtol") = 1e-3, py::arg("atol") = 1.0,
           py::arg("max_steps") = 200000, py::arg("hmax") = 0.0)
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

  m.def("o3_budget", [](const BoxModel& b, const BoxResult& r) {
    const FamilyBudget f = o3_budget(b.mechanism(), r);
    py::dict d;
    d["production"] = f.production;
    d["loss"] = f.loss;
    d["by_reaction"] = f.by_reaction;
    d["ox"] = f.amount;
    std::vector<std::string> names;
    for (const auto& [n, w] : f.family) names.push_back(n);
    d["family"] = names;
    return d;
  });
  m.def("family_budget", [](const BoxModel& b, const BoxResult& r, const Family& fam) {
    const FamilyBudget f = family_budget(b.mechanism(), r, fam);
    py::dict d;
    d["production"] = f.production;
    d["loss"] = f.loss;
    d["by_reaction"] = f.by_reaction;
    d["amount"] = f.amount;
    return d;
  });
  m.def("oh_reactivity", [](const BoxModel& b, const BoxResult& r, const std::vector<std::string>& observed) {
    const OhReactivity k = oh_reactivity(b.mechanism(), r, observed);
    py::dict d;
    d["species"] = k.species;
    d["by_species"] = k.by_species;
    d["total"] = k.total;
    d["measured"] = k.measured;
    return d;
  });
  m.def("radical_budget", [](const BoxModel& b, const BoxResult& r, std::vector<std::string> radicals) {
    RadicalOptions o = default_radical_options(b.mechanism());
    if (!radicals.empty()) o.radicals = std::move(radicals);
    const RadicalBudget rb = radical_budget(b.mechanism(), r, o);
    py::dict d;
    d["q"] = rb.q;
    d["ln"] = rb.ln;
    d["lr"] = rb.lr;
    d["radicals"] = o.radicals;
    d["reservoirs"] = o.reservoirs;
    return d;
  }, py::arg("model"), py::arg("result"), py::arg("radicals") = std::vector<std::string>{});

  m.def("isopleth",
        [](const BoxModel& b, std::vector<double> fv, std::vector<double> fn, std::vector<std::string> voc,
           std::vector<std::string> nox, unsigned scale, std::string o3, double w0, double w1, int n_threads,
           py::object progress, bool ppb) {
          IsoplethOptions o;
          o.voc_factors = std::move(fv);
          o.nox_factors = std::move(fn);
          o.voc_species = std::move(voc);
          o.nox_species = std::move(nox);
          o.scale = scale;
          o.o3 = std::move(o3);
          o.window_start = w0;
          o.window_end = w1;
          o.n_threads = n_threads;
          o.ppb = ppb;
          const IsoplethResult r =
              run_without_gil(std::move(progress), [&](Progress hooks) { return isopleth(b, o, hooks); });
          py::dict d;
          d["voc_factors"] = r.voc_factors;
          d["nox_factors"] = r.nox_factors;
          d["peak_o3"] = r.peak_o3;
          d["max_8h_o3"] = r.max_8h_o3;
          d["net_po3"] = r.net_po3;
          d["status"] = status_strings(r.status);
          d["message"] = r.message;
          d["base"] = py::make_tuple(r.base_peak_o3, r.base_max_8h_o3, r.base_net_po3, to_string(r.base_status));
          for (auto metric : {IsoplethMetric::peak_o3, IsoplethMetric::max_8h_o3, IsoplethMetric::net_po3}) {
            d[("ridge_" + to_string(metric)).c_str()] = r.ridge(metric);
            d[("regime_" + to_string(metric)).c_str()] = r.regime(metric);
          }
          return d;
        },
        py::arg("model"), py::arg("voc_factors"), py::arg("nox_factors"), py::arg("voc_species"),
        py::arg("nox_species"), py::arg("scale"), py::arg("o3"), py::arg("window_start"),
        py::arg("window_end"), py::arg("n_threads"), py::arg("progress"), py::arg("ppb") = false);

  m.def("default_rir_groups", [](const BoxModel& b) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& g : default_rir_groups(b.mechanism())) out.emplace_back(g.name, g.species);
    return out;
  });
  m.def("rir",
        [](const BoxModel& b, const std::vector<std::pair<std::string, std::vector<std::string>>>& groups,
           double cut, unsigned scale, double w0, double w1, int n_threads, py::object progress,
           bool ppb) {
          RirOptions o;
          for (const auto& [n, s] : groups) o.groups.push_back({n, s});
          o.cut = cut;
          o.scale = scale;
          o.window_start = w0;
          o.window_end = w1;
          o.n_threads = n_threads;
          o.ppb = ppb;
          const RirResult r = run_without_gil(std::move(progress), [&](Progress hooks) { return rir(b, o, hooks); });
          py::dict d;
          d["groups"] = r.groups;
          d["rir"] = r.rir;
          d["p_cut"] = r.p_cut;
          d["p_base"] = r.p_base;
          d["status"] = status_strings(r.status);
          d["base_status"] = to_string(r.base_status);
          d["cut"] = r.cut;
          return d;
        },
        py::arg("model"), py::arg("groups"), py::arg("cut"), py::arg("scale"), py::arg("window_start"),
        py::arg("window_end"), py::arg("n_threads"), py::arg("progress"), py::arg("ppb") = false);

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
  m.def("with_sources",
        [to_sources](const BoxModel& b, const std::vector<SourceTuple>& sources,
                     std::vector<std::string> nox, bool per_area) {
          AttributionOptions o;
          o.nox_species = std::move(nox);
          o.per_area = per_area;
          return with_sources(b, to_sources(sources), o);
        },
        py::arg("model"), py::arg("sources"), py::arg("nox_species"), py::arg("per_area"));
  m.def("attribute",
        [to_sources](const BoxModel& b, const std::vector<SourceTuple>& sources,
           const std::vector<std::tuple<std::string, std::vector<double>, std::vector<double>,
                                        std::map<std::string, double>>>& cases,
           std::vector<std::string> nox, bool per_area, std::string o3, double w0, double w1,
           int n_threads, py::object progress) {
          const std::vector<AttributionSource> src = to_sources(sources);
          std::vector<AttributionCase> cs;
          for (const auto& [label, voc, nx, sp] : cases) cs.push_back({label, voc, nx, sp});
          AttributionOptions o;
          o.nox_species = std::move(nox);
          o.per_area = per_area;
          o.o3 = std::move(o3);
          o.window_start = w0;
          o.window_end = w1;
          o.n_threads = n_threads;
          const AttributionResult r = run_without_gil(
              std::move(progress), [&](Progress hooks) { return attribute(b, src, cs, o, hooks); });
          py::dict d;
          d["labels"] = r.labels;
          d["peak_o3"] = r.peak_o3;
          d["max_8h_o3"] = r.max_8h_o3;
          d["net_po3"] = r.net_po3;
          d["status"] = status_strings(r.status);
          d["message"] = r.message;
          return d;
        },
        py::arg("model"), py::arg("sources"), py::arg("cases"), py::arg("nox_species"),
        py::arg("per_area"), py::arg("o3"), py::arg("window_start"), py::arg("window_end"),
        py::arg("n_threads"), py::arg("progress"));

  m.def("regime_indicators",
        [](const BoxModel& b, const BoxResult& r, const std::string& hcho, double w0, double w1) {
          RegimeOptions o;
          o.hcho = hcho;
          o.window_start = w0;
          o.window_end = w1;
          std::vector<std::tuple<std::string, double, std::string, std::string>> out;
          for (const auto& x : regime_indicators(b.mechanism(), r, o)) out.emplace_back(x.name, x.value, x.regime, x.rule);
          return out;
        },
        py::arg("model"), py::arg("result"), py::arg("hcho") = "", py::arg("window_start"), py::arg("window_end"));
}

}  // namespace aqm::python
