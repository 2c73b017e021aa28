#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "libaqm C++ core (private; use the aqm package)";
  m.attr("__version__") = AQM_PYTHON_VERSION;
  aqm::python::bind_errors(m);
  aqm::python::bind_core(m);
  aqm::python::bind_io(m);
  aqm::python::bind_pmf(m);
  aqm::python::bind_species(m);  // before emis: cb6_mechanism's signature names the registry
  aqm::python::bind_emis(m);
  aqm::python::bind_chem(m);
  aqm::python::bind_box(m);
  auto voc = m.def_submodule("voc", "VOC workflows (private; use aqm.voc)");
  aqm::python::bind_voc_age(voc);
  aqm::python::bind_voc(voc);
}
