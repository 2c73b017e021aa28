// Bindings of aqm/chem/attribution.hpp (submodule _core.box).
#include "common.hpp"

namespace aqm::python::box_bindings {

void bind_attribution(py::module_& m) {
  options_class<AttributionOptions>(
      m, "AttributionOptions", "Source attribution: NOx class, per-area emissions, O3, window.",
      member("nox_species", &AttributionOptions::nox_species),
      member("per_area", &AttributionOptions::per_area), member("o3", &AttributionOptions::o3),
      member("window_start", &AttributionOptions::window_start),
      member("window_end", &AttributionOptions::window_end),
      member("n_threads", &AttributionOptions::n_threads));
  result_class<AttributionResult>(
      m, "AttributionResult", "O3 metrics per attribution case (molecule cm-3).",
      member("labels", &AttributionResult::labels), member("peak_o3", &AttributionResult::peak_o3),
      member("max_8h_o3", &AttributionResult::max_8h_o3),
      member("net_po3", &AttributionResult::net_po3),
      converted("status", &AttributionResult::status, &status_names, &statuses_from),
      member("message", &AttributionResult::message));
  using SeriesTuple = std::tuple<std::vector<double>, std::vector<double>, std::string>;
  using SeriesMap = std::map<std::string, SeriesTuple>;
  using SourceTuple = std::tuple<std::string, SeriesMap, SeriesMap>;
  auto to_sources = [](const std::vector<SourceTuple>& sources) {
    auto to_series = [](const SeriesMap& in) {
      std::map<std::string, TimeSeries> out;
      for (const auto& [sp, t] : in)
        out[sp] = series(std::get<0>(t), std::get<1>(t), std::get<2>(t));
      return out;
    };
    std::vector<AttributionSource> src;
    for (const auto& [name, em, held] : sources)
      src.push_back({name, to_series(em), to_series(held)});
    return src;
  };
  m.def(
      "with_sources",
      [to_sources](const BoxModel& b, const std::vector<SourceTuple>& sources,
                   const AttributionOptions& o) { return with_sources(b, to_sources(sources), o); },
      py::arg("model"), py::arg("sources"), py::arg("options"));
  using CaseTuple = std::tuple<std::string, std::vector<double>, std::vector<double>,
                               std::map<std::string, double>>;
  m.def(
      "attribute",
      [to_sources](const BoxModel& b, const std::vector<SourceTuple>& sources,
                   const std::vector<CaseTuple>& cases, const AttributionOptions& o,
                   py::object progress) {
        const std::vector<AttributionSource> src = to_sources(sources);
        std::vector<AttributionCase> cs;
        for (const auto& [label, voc, nx, sp] : cases) cs.push_back({label, voc, nx, sp});
        return run_without_gil(std::move(progress),
                               [&](Progress hooks) { return attribute(b, src, cs, o, hooks); });
      },
      py::arg("model"), py::arg("sources"), py::arg("cases"), py::arg("options"),
      py::arg("progress") = py::none());
}

}  // namespace aqm::python::box_bindings
