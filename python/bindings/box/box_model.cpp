// Bindings of aqm/chem/box_model.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_box_model(py::module_& m) {
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
  py::class_<BoxModel>(m, "BoxModel")
      .def(py::init([](const std::string& path) { return BoxModel(load_mechanism(path)); }),
           py::arg("path"))
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
      .def("set_time", &BoxModel::set_time, py::arg("t_start"), py::arg("t_end"),
           py::arg("output_step"))
      .def(
          "set_solver",
          [](BoxModel& b, const RosenbrockOptions& o) {
            if (!(o.rtol > 0) || !(o.atol > 0))
              throw InvalidArgument(argument("tolerance"), "rtol and atol must be positive");
            if (o.max_steps <= 0) throw InvalidArgument(argument("max_steps"), "must be positive");
            b.set_solver_options(o);
          },
          py::arg("options"))
      .def(
          "set_spin_up",
          [](BoxModel& b, int max_days, double tol, double floor) {
            b.set_spin_up({max_days, tol, floor});
          },
          py::arg("max_days"), py::arg("tolerance") = 0.01, py::arg("floor") = 1e4)
      .def(
          "set_environment",
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
      .def(
          "set_boundary_layer_height",
          [](BoxModel& b, const std::vector<double>& t, const std::vector<double>& v,
             const std::string& i) { b.set_boundary_layer_height(series(t, v, i)); },
          py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def(
          "set_photolysis_mcm",
          [](BoxModel& b, double lat, double lon, int y, int mo, int d, double hour, double jfac) {
            auto p = PhotolysisModel::mcm(lat, lon, y, mo, d, hour);
            p.set_jfac(jfac);
            b.set_photolysis(p);
          },
          py::arg("lat"), py::arg("lon"), py::arg("year"), py::arg("month"), py::arg("day"),
          py::arg("start_hour_utc"), py::arg("jfac") = 1.0)
      .def(
          "set_photolysis_zenith",
          [](BoxModel& b, double z, double jfac) {
            auto p = PhotolysisModel::mcm_fixed_zenith(z);
            p.set_jfac(jfac);
            b.set_photolysis(p);
          },
          py::arg("zenith"), py::arg("jfac") = 1.0)
      .def(
          "set_photolysis_fixed",
          [](BoxModel& b, std::vector<double> j) {
            b.set_photolysis(PhotolysisModel::fixed(std::move(j)));
          },
          py::arg("j"))
      .def(
          "scale_photolysis_to",
          [](BoxModel& b, int idx, const std::vector<double>& t, const std::vector<double>& v,
             const std::string& i) { b.scale_photolysis_to(idx, series(t, v, i)); },
          py::arg("index"), py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def(
          "constrain_photolysis",
          [](BoxModel& b, int idx, const std::vector<double>& t, const std::vector<double>& v,
             const std::string& i) { b.constrain_photolysis(idx, series(t, v, i)); },
          py::arg("index"), py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear")
      .def("set_initial", &BoxModel::set_initial, py::arg("species"), py::arg("value"))
      .def(
          "constrain",
          [](BoxModel& b, const std::string& s, const std::vector<double>& t,
             const std::vector<double>& v,
             const std::string& i) { b.constrain(s, series(t, v, i)); },
          py::arg("species"), py::arg("time"), py::arg("value"),
          py::arg("interpolation") = "linear")
      .def("release", &BoxModel::release, py::arg("species"))
      .def(
          "fix_nox",
          [](BoxModel& b, const std::vector<double>& t, const std::vector<double>& v,
             const std::string& i, const std::string& no,
             const std::string& no2) { b.fix_nox(series(t, v, i), no, no2); },
          py::arg("time"), py::arg("value"), py::arg("interpolation") = "linear",
          py::arg("no") = "NO", py::arg("no2") = "NO2")
      .def("set_dilution", &BoxModel::set_dilution, py::arg("rate"), py::arg("background"))
      .def("set_entrainment", &BoxModel::set_entrainment, py::arg("on"))
      .def("set_deposition", &BoxModel::set_deposition, py::arg("species"), py::arg("v_d"))
      .def("deposition", &BoxModel::deposition)
      .def(
          "set_emission",
          [](BoxModel& b, const std::string& s, const std::vector<double>& t,
             const std::vector<double>& v, const std::string& i,
             bool per_area) { b.set_emission(s, series(t, v, i), per_area); },
          py::arg("species"), py::arg("time"), py::arg("value"),
          py::arg("interpolation") = "linear", py::arg("per_area") = false)
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
}

}  // namespace aqm::python::box_bindings
