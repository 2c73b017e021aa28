// Bindings of aqm/emis/grid.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_grid(py::module_& m) {
  py::class_<LatLonGrid>(m, "LatLonGrid")
      .def(py::init([](std::vector<double> lon, std::vector<double> lat) {
             LatLonGrid g{std::move(lon), std::move(lat)};
             g.validate();
             return g;
           }),
           py::arg("lon_edges"), py::arg("lat_edges"))
      .def_static("regular", &LatLonGrid::regular, py::arg("lon0"), py::arg("lat0"),
                  py::arg("dlon"), py::arg("dlat"), py::arg("nx"), py::arg("ny"))
      .def_readonly("lon_edges", &LatLonGrid::lon_edges)
      .def_readonly("lat_edges", &LatLonGrid::lat_edges)
      .def_property_readonly("nx", &LatLonGrid::nx)
      .def_property_readonly("ny", &LatLonGrid::ny)
      .def("cell_areas", &LatLonGrid::cell_areas, py::arg("radius") = kEarthRadius);
}

}  // namespace aqm::python::emis_bindings
