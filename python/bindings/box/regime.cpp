// Bindings of aqm/chem/regime.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_regime(py::module_& m) {
  options_class<RegimeOptions>(
      m, "RegimeOptions", "Regime indicators: species names, window, radical family.",
      member("hcho", &RegimeOptions::hcho, "'' = FORM (CB6) or HCHO (MCM)"),
      member("no2", &RegimeOptions::no2), member("h2o2", &RegimeOptions::h2o2),
      member("hno3", &RegimeOptions::hno3), member("window_start", &RegimeOptions::window_start),
      member("window_end", &RegimeOptions::window_end),
      member("radicals", &RegimeOptions::radicals));
  result_class<RegimeIndicator>(
      m, "RegimeIndicator", "One O3-regime indicator with its value, verdict and rule.",
      member("name", &RegimeIndicator::name), member("value", &RegimeIndicator::value),
      member("regime", &RegimeIndicator::regime), member("rule", &RegimeIndicator::rule));
  m.def(
      "regime_indicators",
      [](const BoxModel& b, const BoxResult& r, const RegimeOptions& o) {
        return regime_indicators(b.mechanism(), r, o);
      },
      py::arg("model"), py::arg("result"), py::arg("options"));
}

}  // namespace aqm::python::box_bindings
