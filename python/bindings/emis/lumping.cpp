// Bindings of aqm/emis/lumping.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_lumping(py::module_& m) {
  m.def(
      "lump_compounds",
      [](const Inventory& inv, std::string mechanism, std::vector<std::string> compounds,
         std::vector<std::string> species, std::vector<double> moles_per_gram,
         const std::string& unmapped) {
        return lump_compounds(inv,
                              {std::move(mechanism), std::move(compounds), std::move(species),
                               std::move(moles_per_gram)},
                              unmapped);
      },
      py::arg("inventory"), py::arg("mechanism"), py::arg("compounds"), py::arg("species"),
      py::arg("moles_per_gram"), py::arg("unmapped") = "unmapped");
}

}  // namespace aqm::python::emis_bindings
