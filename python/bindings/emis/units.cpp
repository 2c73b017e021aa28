// Bindings of aqm/emis/units.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_units(py::module_& m) {
  result_class<Dimension>(m, "Dimension", "SI exponents of a unit.",
                          member("mass", &Dimension::mass), member("amount", &Dimension::amount),
                          member("time", &Dimension::time), member("length", &Dimension::length));
  result_class<Unit>(m, "Unit", "A parsed emission unit: SI scale, dimension and basis.",
                     member("scale", &Unit::scale, "SI value of one of this unit"),
                     member("dim", &Unit::dim),
                     member("basis", &Unit::basis, "'' own mass, 'C' carbon, else 'as <basis>'"),
                     member("text", &Unit::text))
      .def("canonical", &Unit::canonical, "canonical SI text without the scale");
  m.def("parse_unit", [](const std::string& text) { return parse_unit(text); });
  m.def(
      "conversion_factor",
      [](const std::string& from, const std::string& to, double mw, double basis_count,
         const std::string& name) {
        if (mw <= 0 && basis_count <= 0) return conversion_factor(from, to);
        return conversion_factor(from, to, SpeciesData{name, mw, basis_count, {}});
      },
      py::arg("from_unit"), py::arg("to_unit"), py::arg("molecular_weight") = 0.0,
      py::arg("basis_count") = 0.0, py::arg("species") = "");
}

}  // namespace aqm::python::emis_bindings
