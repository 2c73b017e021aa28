// Bindings of aqm/emis/inventory.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_inventory(py::module_& m) {
  py::class_<Inventory>(m, "Inventory")
      .def(py::init([](std::vector<std::string> s, std::vector<std::string> p,
                       std::vector<std::string> r, const std::string& time,
                       std::vector<std::string> units, int year) {
             return Inventory(std::move(s), std::move(p), std::move(r), time_from(time),
                              std::move(units), year);
           }),
           py::arg("sectors"), py::arg("pollutants"), py::arg("places"), py::arg("time"),
           py::arg("units"), py::arg("year"))
      .def_static("on_grid",
                  [](std::vector<std::string> s, std::vector<std::string> p, LatLonGrid g,
                     const std::string& time, std::vector<std::string> units, int year) {
                    return Inventory::on_grid(std::move(s), std::move(p), std::move(g),
                                              time_from(time), std::move(units), year);
                  })
      .def_readwrite("name", &Inventory::name)
      .def_readwrite("year", &Inventory::year)
      .def_property_readonly("sectors", &Inventory::sectors)
      .def_property_readonly("pollutants", &Inventory::pollutants)
      .def_property_readonly("places", &Inventory::places)
      .def_property_readonly("units", &Inventory::units)
      .def_property_readonly("time_labels", &Inventory::time_labels)
      .def_property_readonly("time",
                             [](const Inventory& i) {
                               return i.time_resolution() == TimeResolution::annual ? "annual"
                                                                                    : "monthly";
                             })
      .def_property_readonly("grid",
                             [](const Inventory& i) -> py::object {
                               if (!i.grid()) return py::none();
                               return py::cast(*i.grid());
                             })
      .def_property("values", &values_array, &set_values)
      .def_property_readonly("history",
                             [](const Inventory& i) {
                               std::vector<OpTuple> out;
                               for (const auto& op : i.history())
                                 out.emplace_back(op.name, op.source, op.parameters);
                               return out;
                             })
      .def("set_history",
           [](Inventory& i, const std::vector<OpTuple>& ops) {
             i.history().clear();
             for (const auto& [n, s, p] : ops) i.record({n, s, p});
           })
      .def(
          "record",
          [](Inventory& i, std::string name, std::string source,
             std::vector<std::pair<std::string, std::string>> params) {
            i.record({std::move(name), std::move(source), std::move(params)});
          },
          py::arg("name"), py::arg("source"), py::arg("parameters"))
      .def("totals", [](const Inventory& i) { return to_tuple(i.totals()); })
      .def("totals_by_top_sector",
           [](const Inventory& i) { return to_tuple(i.totals_by_top_sector()); })
      .def("element_totals", &Inventory::element_totals)
      .def(
          "convert_units",
          [](Inventory& i, const std::string& p, const std::string& unit, double mw, double count) {
            i.convert_units(p, unit, SpeciesData{p, mw, count, {}});
          },
          py::arg("pollutant"), py::arg("unit"), py::arg("molecular_weight") = 0.0,
          py::arg("basis_count") = 0.0)
      .def("copy", [](const Inventory& i) { return Inventory(i); });

  m.def("read_inventory_csv", [](const std::string& path) {
    py::gil_scoped_release nogil;
    return read_inventory_csv(path);
  });
  m.def("parse_inventory_csv", &parse_inventory_csv, py::arg("text"), py::arg("source_name"));
  m.def("write_inventory_csv", [](const std::string& path, const Inventory& inv) {
    py::gil_scoped_release nogil;
    write_inventory_csv(path, inv);
  });
  m.def("format_inventory_csv", &format_inventory_csv);
}

}  // namespace aqm::python::emis_bindings
