// Bindings of aqm/chem/box_diagnostics.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_box_diagnostics(py::module_& m) {
  result_class<FamilyBudget>(
      m, "FamilyBudget", "Production and loss of a weighted family (molecule cm-3 s-1).",
      member("family", &FamilyBudget::family), member("amount", &FamilyBudget::amount),
      member("production", &FamilyBudget::production), member("loss", &FamilyBudget::loss),
      member("by_reaction", &FamilyBudget::by_reaction, "time x reaction, signed"));
  result_class<OhReactivity>(
      m, "OhReactivity", "OH reactivity by co-reactant, total and from measured species (s-1).",
      member("species", &OhReactivity::species), member("by_species", &OhReactivity::by_species),
      member("total", &OhReactivity::total), member("measured", &OhReactivity::measured));
  result_class<RadicalBudget>(
      m, "RadicalBudget", "Radical production Q and losses to NOx (LN) and radicals (LR).",
      member("q", &RadicalBudget::q), member("ln", &RadicalBudget::ln),
      member("lr", &RadicalBudget::lr), member("radicals", &RadicalBudget::radicals));
  options_class<RadicalOptions>(
      m, "RadicalOptions", "The radical family, NOx and reservoirs of a radical budget.",
      member("radicals", &RadicalOptions::radicals), member("nox", &RadicalOptions::nox),
      member("reservoirs", &RadicalOptions::reservoirs));
  m.def(
      "o3_budget",
      [](const BoxModel& b, const BoxResult& r) { return o3_budget(b.mechanism(), r); },
      py::arg("model"), py::arg("result"), "P(O3) and L(O3) on the Ox family.");
  m.def(
      "family_budget",
      [](const BoxModel& b, const BoxResult& r, const Family& f) {
        return family_budget(b.mechanism(), r, f);
      },
      py::arg("model"), py::arg("result"), py::arg("family"));
  m.def(
      "oh_reactivity",
      [](const BoxModel& b, const BoxResult& r, const std::vector<std::string>& observed) {
        return oh_reactivity(b.mechanism(), r, observed);
      },
      py::arg("model"), py::arg("result"), py::arg("observed"));
  m.def(
      "default_radical_options",
      [](const BoxModel& b) { return default_radical_options(b.mechanism()); }, py::arg("model"),
      "The radical family, NOx and reservoirs for the model's mechanism.");
  m.def(
      "radical_budget",
      [](const BoxModel& b, const BoxResult& r, const std::optional<RadicalOptions>& o) {
        return radical_budget(b.mechanism(), r, o ? *o : default_radical_options(b.mechanism()));
      },
      py::arg("model"), py::arg("result"), py::arg("options") = py::none(),
      "Radical budget; options None = default_radical_options(model).");
}

}  // namespace aqm::python::box_bindings
