// Bindings of aqm/emis/box_rates.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_box_rates(py::module_& m) {
  result_class<BoxRates>(m, "BoxRates", "Box-model emission rates (molecule cm-3 s-1).",
                         member("species", &BoxRates::species), member("mean", &BoxRates::mean),
                         member("hourly", &BoxRates::hourly, "per species, local hours 0..23"));
  // box model
  m.def(
      "box_emission_rates",
      [](const Inventory& inv, const std::string& place, double area, double height,
         const std::map<std::string, TemporalProfile>& profiles, int month,
         const std::vector<std::string>& species) {
        return box_emission_rates(inv, place, area, height, profiles, month, species);
      },
      py::arg("inventory"), py::arg("place"), py::arg("area_m2"), py::arg("height_m"),
      py::arg("profiles") = std::map<std::string, TemporalProfile>{}, py::arg("month") = 0,
      py::arg("species") = std::vector<std::string>{});
}

}  // namespace aqm::python::emis_bindings
