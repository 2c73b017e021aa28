// Emission inventories (aqm::emis): thin bindings in the submodule _core.emis, one file per
// header under emis/.  Inventories, profiles and scenarios are plain classes, results typed
// classes (value_class.hpp); the xarray/pandas/TOML side lives in aqm/emis.
#include "emis/common.hpp"

namespace aqm::python {

void bind_emis(py::module_& parent) {
  py::module_ m = parent.def_submodule("emis", "emission inventories (private; use aqm.emis)");
  // in this order: a class is bound before the signatures that name it
  emis_bindings::bind_units(m);
  emis_bindings::bind_grid(m);
  emis_bindings::bind_inventory(m);
  emis_bindings::bind_inventory_netcdf(m);
  emis_bindings::bind_scenario(m);
  emis_bindings::bind_speciation(m);
  emis_bindings::bind_lumping(m);
  emis_bindings::bind_temporal(m);
  emis_bindings::bind_scale_algebra(m);
  emis_bindings::bind_regrid(m);
  emis_bindings::bind_box_rates(m);
  emis_bindings::bind_pipeline(m);
}

}  // namespace aqm::python
