// The observation-constrained box model (aqm::chem::BoxModel) and its analyses: thin bindings
// in the submodule _core.box, one file per header under box/.  Series cross as (time, value,
// interpolation); options and results as typed classes (value_class.hpp); labels, units and
// xarray live in aqm/chem/box.py.
#include "box/common.hpp"

namespace aqm::python {

void bind_box(py::module_& parent) {
  py::module_ m = parent.def_submodule(
      "box", "observation-constrained box model (private; use aqm.chem.BoxModel)");
  // in this order: a class is bound before the signatures that name it
  box_bindings::bind_units(m);
  box_bindings::bind_box_model(m);
  box_bindings::bind_box_diagnostics(m);
  box_bindings::bind_isopleth(m);
  box_bindings::bind_rir(m);
  box_bindings::bind_attribution(m);
  box_bindings::bind_regime(m);
}

}  // namespace aqm::python
