// Bindings of aqm/chem/isopleth.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_isopleth(py::module_& m) {
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
  result_class<IsoplethResult>(
      m, "IsoplethResult", "EKMA grid: O3 metrics over VOC x NOx factors.",
      member("voc_factors", &IsoplethResult::voc_factors),
      member("nox_factors", &IsoplethResult::nox_factors),
      member("peak_o3", &IsoplethResult::peak_o3), member("max_8h_o3", &IsoplethResult::max_8h_o3),
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
  m.def(
      "isopleth",
      [](const BoxModel& b, const IsoplethOptions& o, py::object progress) {
        return run_without_gil(std::move(progress),
                               [&](Progress hooks) { return isopleth(b, o, hooks); });
      },
      py::arg("model"), py::arg("options"), py::arg("progress") = py::none());
}

}  // namespace aqm::python::box_bindings
