// Bindings of aqm/emis/scenario.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

namespace {
using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// ScenarioResult as it crosses: tables as labelled-matrix tuples, the scale factors as a
/// (sector * pollutant) x place matrix that numpy views as (sector, pollutant, place).
struct ScenarioOutcome {
  Inventory inventory;
  RowMajor scale;
  MatrixTuple base_totals, scenario_totals, change_percent, scale_factors, contributions;
  std::vector<TargetCheck> targets;
};

ScenarioOutcome outcome(ScenarioResult&& r) {
  const auto places = static_cast<Eigen::Index>(r.inventory.n_places());
  const auto rows = places == 0 ? 0 : static_cast<Eigen::Index>(r.scale.size()) / places;
  const Eigen::Map<const RowMajor> scale(r.scale.data(), rows, places);
  return {std::move(r.inventory),     scale,
          to_tuple(r.base_totals),    to_tuple(r.scenario_totals),
          to_tuple(r.change_percent), to_tuple(r.scale_factors),
          to_tuple(r.contributions),  std::move(r.targets)};
}

}  // namespace

void bind_scenario(py::module_& m) {
  // scenarios
  py::class_<Measure>(m, "Measure")
      .def(py::init([](std::string name, std::string sector, std::string pollutant,
                       std::string region, double eff, double xb, double xt) {
             return Measure{std::move(name),
                            std::move(sector),
                            std::move(pollutant),
                            std::move(region),
                            eff,
                            xb,
                            xt};
           }),
           py::arg("name"), py::arg("sector"), py::arg("pollutant") = "*", py::arg("region") = "*",
           py::arg("efficiency") = 0.0, py::arg("penetration_base") = 0.0,
           py::arg("penetration_target") = 0.0)
      .def_readwrite("name", &Measure::name)
      .def_readwrite("sector", &Measure::sector)
      .def_readwrite("pollutant", &Measure::pollutant)
      .def_readwrite("region", &Measure::region)
      .def_readwrite("efficiency", &Measure::efficiency)
      .def_readwrite("penetration_base", &Measure::penetration_base)
      .def_readwrite("penetration_target", &Measure::penetration_target);
  py::class_<Growth>(m, "Growth")
      .def(py::init([](std::string sector, std::string region, double rate,
                       std::optional<double> factor) {
             return Growth{std::move(sector), std::move(region), rate, factor};
           }),
           py::arg("sector"), py::arg("region") = "*", py::arg("annual_rate") = 0.0,
           py::arg("factor") = py::none())
      .def_readwrite("sector", &Growth::sector)
      .def_readwrite("region", &Growth::region)
      .def_readwrite("annual_rate", &Growth::annual_rate)
      .def_readwrite("factor", &Growth::factor);
  py::class_<Target>(m, "Target")
      .def(py::init([](std::string pollutant, std::string sector, double change) {
             return Target{std::move(pollutant), std::move(sector), change};
           }),
           py::arg("pollutant"), py::arg("sector") = "*", py::arg("change_percent") = 0.0)
      .def_readwrite("pollutant", &Target::pollutant)
      .def_readwrite("sector", &Target::sector)
      .def_readwrite("change_percent", &Target::change_percent);
  py::class_<Scenario>(m, "Scenario")
      .def(py::init<>())
      .def_readwrite("name", &Scenario::name)
      .def_readwrite("source", &Scenario::source)
      .def_readwrite("base_year", &Scenario::base_year)
      .def_readwrite("target_year", &Scenario::target_year)
      .def_readwrite("growth", &Scenario::growth)
      .def_readwrite("measures", &Scenario::measures)
      .def_readwrite("targets", &Scenario::targets)
      .def("validate", &Scenario::validate);
  result_class<TargetCheck>(
      m, "TargetCheck", "A scenario target and whether it is met.",
      member("target", &TargetCheck::target), member("base", &TargetCheck::base),
      member("scenario", &TargetCheck::scenario),
      member("change_percent", &TargetCheck::change_percent), member("met", &TargetCheck::met));
  result_class<ScenarioOutcome>(
      m, "ScenarioResult", "A scenario applied: target-year inventory, scale factors, tables.",
      member("inventory", &ScenarioOutcome::inventory),
      member("scale", &ScenarioOutcome::scale, "(sector * pollutant) x place, E_t / E_0"),
      member("base_totals", &ScenarioOutcome::base_totals),
      member("scenario_totals", &ScenarioOutcome::scenario_totals),
      member("change_percent", &ScenarioOutcome::change_percent),
      member("scale_factors", &ScenarioOutcome::scale_factors),
      member("contributions", &ScenarioOutcome::contributions),
      member("targets", &ScenarioOutcome::targets));
  m.def("apply_scenario", [](const Inventory& inv, const Scenario& sc) {
    ScenarioResult r;
    {
      py::gil_scoped_release nogil;
      r = apply_scenario(inv, sc);
    }
    return outcome(std::move(r));
  });
  m.def("scenario_scale", [](const Inventory& inv, const Scenario& sc) {
    std::vector<double> f;
    {
      py::gil_scoped_release nogil;
      f = scenario_scale(inv, sc);
    }
    return adopt(std::move(f), {py::ssize_t(inv.n_sectors()), py::ssize_t(inv.n_pollutants()),
                                py::ssize_t(inv.n_places())});
  });
}

}  // namespace aqm::python::emis_bindings
