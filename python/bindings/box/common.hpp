#pragma once
// Shared by the box binding files (one per libaqm/include/aqm/chem header they bind): series
// and status conversions between Python and aqm::chem.
#include <pybind11/numpy.h>

#include <aqm/chem.hpp>

#include "../common.hpp"
#include "../solver_types.hpp"
#include "../value_class.hpp"

namespace aqm::python::box_bindings {
using namespace aqm::chem;

inline TimeSeries series(const std::vector<double>& t, const std::vector<double>& v,
                         const std::string& interp) {
  TimeSeries s;
  s.time = t;
  s.value = v;
  s.interpolation = interpolation_from_string(interp);
  return s;
}

inline Mechanism load_mechanism(const std::string& path) {
  auto ends = [&](const std::string& e) {
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".fac") || ends(".FAC")) return read_facsimile(path);
  return read_kpp(path);
}

inline std::vector<std::string> status_names(const std::vector<SolveStatus>& v) {
  std::vector<std::string> out;
  for (auto x : v) out.push_back(to_string(x));
  return out;
}
inline std::vector<SolveStatus> statuses_from(const std::vector<std::string>& v) {
  std::vector<SolveStatus> out;
  for (const auto& x : v) out.push_back(status_from(x));
  return out;
}
inline std::vector<bool> flags(const std::vector<char>& v) { return {v.begin(), v.end()}; }
inline std::vector<char> flags_from(const std::vector<bool>& v) { return {v.begin(), v.end()}; }

void bind_units(py::module_& m);
void bind_box_model(py::module_& m);
void bind_box_diagnostics(py::module_& m);
void bind_isopleth(py::module_& m);
void bind_rir(py::module_& m);
void bind_attribution(py::module_& m);
void bind_regime(py::module_& m);

}  // namespace aqm::python::box_bindings
