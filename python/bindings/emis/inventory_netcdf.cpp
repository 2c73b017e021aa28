// Bindings of aqm/emis/inventory_netcdf.hpp (submodule _core.emis).
#ifdef AQM_HAVE_NETCDF
#include <aqm/emis/inventory_netcdf.hpp>
#endif

#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_inventory_netcdf([[maybe_unused]] py::module_& m) {
#ifdef AQM_HAVE_NETCDF
  // The C++ reader/writer of the layout Inventory.to_netcdf() writes (aqm.emis keeps xarray).
  m.def(
      "read_inventory_netcdf",
      [](const std::string& path) {
        py::gil_scoped_release nogil;
        return read_inventory_netcdf(path);
      },
      py::arg("path"));
  m.def(
      "write_inventory_netcdf",
      [](const std::string& path, const Inventory& inv) {
        py::gil_scoped_release nogil;
        write_inventory_netcdf(path, inv);
      },
      py::arg("path"), py::arg("inventory"));
  m.def("netcdf_variable_name", &netcdf_variable_name, py::arg("pollutant"));
#endif
}

}  // namespace aqm::python::emis_bindings
