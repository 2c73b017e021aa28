// Bindings of aqm/chem/units.hpp and environment.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_units(py::module_& m) {
  m.def(
      "convert_concentration",
      [](double v, const std::string& from, const std::string& to, double temp, double pressure,
         double mw) {
        return convert_concentration(v, parse_concentration_unit(from),
                                     parse_concentration_unit(to), temp, pressure, mw);
      },
      py::arg("value"), py::arg("from_unit"), py::arg("to_unit"), py::arg("temp") = 298.15,
      py::arg("pressure") = 1013.25, py::arg("mw") = 0.0);
  m.def("air_density", &air_density, py::arg("temp"), py::arg("pressure"));
  m.def(
      "concentration_unit",
      [](const std::string& text) { return to_string(parse_concentration_unit(text)); },
      py::arg("unit"), "The canonical name of a concentration unit (aqm/chem/units.hpp).");
}

}  // namespace aqm::python::box_bindings
