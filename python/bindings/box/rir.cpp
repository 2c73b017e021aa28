// Bindings of aqm/chem/rir.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_rir(py::module_& m) {
  options_class<RirGroup>(m, "RirGroup", "A named group of species cut together.",
                          member("name", &RirGroup::name), member("species", &RirGroup::species));
  options_class<RirOptions>(
      m, "RirOptions", "RIR: groups (empty = defaults), cut, what is scaled, window, threads.",
      member("groups", &RirOptions::groups), member("cut", &RirOptions::cut),
      member("scale", &RirOptions::scale), member("window_start", &RirOptions::window_start),
      member("window_end", &RirOptions::window_end), member("n_threads", &RirOptions::n_threads),
      member("ppb", &RirOptions::ppb));
  result_class<RirResult>(
      m, "RirResult", "Relative incremental reactivity per group.",
      member("groups", &RirResult::groups), member("rir", &RirResult::rir),
      member("p_cut", &RirResult::p_cut),
      converted("status", &RirResult::status, &status_names, &statuses_from),
      member("p_base", &RirResult::p_base),
      converted("base_status", &RirResult::base_status, &status_name, &status_from),
      member("cut", &RirResult::cut));
  m.def(
      "default_rir_groups",
      [](const BoxModel& b) {  // (name, species) pairs: dict(default_rir_groups(m)) in examples
        std::vector<std::pair<std::string, std::vector<std::string>>> out;
        for (const auto& g : default_rir_groups(b.mechanism())) out.emplace_back(g.name, g.species);
        return out;
      },
      py::arg("model"));
  m.def(
      "rir",
      [](const BoxModel& b, const RirOptions& o, py::object progress) {
        return run_without_gil(std::move(progress),
                               [&](Progress hooks) { return rir(b, o, hooks); });
      },
      py::arg("model"), py::arg("options"), py::arg("progress") = py::none());
}

}  // namespace aqm::python::box_bindings
