// Bindings of aqm/emis/scale_algebra.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_scale_algebra(py::module_& m) {
  // HEMCO-style algebra
  py::enum_<ScaleOperator>(m, "ScaleOperator")
      .value("multiply", ScaleOperator::multiply)
      .value("divide", ScaleOperator::divide)
      .value("square", ScaleOperator::square);
  py::class_<ScaleFactor>(m, "ScaleFactor")
      .def(py::init([](int id, std::string name, std::vector<double> v, ScaleOperator op) {
             return ScaleFactor{id, std::move(name), std::move(v), op};
           }),
           py::arg("id"), py::arg("name"), py::arg("values"),
           py::arg("op") = ScaleOperator::multiply);
  py::class_<Mask>(m, "Mask")
      .def(py::init([](int id, std::string name, std::vector<double> v, bool frac) {
             return Mask{id, std::move(name), std::move(v), frac};
           }),
           py::arg("id"), py::arg("name"), py::arg("values"), py::arg("fractional") = false)
      .def_static("box", &Mask::box)
      .def_static("regions", &Mask::regions)
      .def_readonly("values", &Mask::values);
  py::class_<BaseField>(m, "BaseField")
      .def(py::init([](std::string name, std::string sp, int cat, int hier, std::vector<double> v,
                       std::vector<int> ids) {
             return BaseField{std::move(name), std::move(sp), cat, hier,
                              std::move(v),    std::move(ids)};
           }),
           py::arg("name"), py::arg("species"), py::arg("category") = 1, py::arg("hierarchy") = 1,
           py::arg("values") = std::vector<double>{}, py::arg("scale_ids") = std::vector<int>{});
  result_class<EmissionResult>(m, "EmissionResult", "Scaled emissions by category and total.",
                               member("categories", &EmissionResult::categories),
                               member("by_category", &EmissionResult::by_category),
                               member("total", &EmissionResult::total));
  py::class_<ScaleAlgebra>(m, "ScaleAlgebra")
      .def(py::init<std::size_t>())
      .def("add_factor", [](ScaleAlgebra& a, ScaleFactor f) { a.add(std::move(f)); })
      .def("add_mask", [](ScaleAlgebra& a, Mask f) { a.add(std::move(f)); })
      .def("add_field", [](ScaleAlgebra& a, BaseField f) { a.add(std::move(f)); })
      .def("set_species_scale", &ScaleAlgebra::set_species_scale)
      .def("compute", &ScaleAlgebra::compute, py::arg("species"));
}

}  // namespace aqm::python::emis_bindings
