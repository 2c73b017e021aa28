#pragma once
// The Rosenbrock solver's option and result types, shared by the chem and box bindings:
// enums cross as their names, and a name read back (unpickling) is checked.

#include <aqm/chem.hpp>

#include <string>

#include "value_class.hpp"

namespace aqm::python {

inline std::string status_name(const chem::SolveStatus& s) { return chem::to_string(s); }

inline chem::SolveStatus status_from(const std::string& name) {
  using S = chem::SolveStatus;
  for (S s : {S::success, S::max_steps, S::step_too_small, S::singular_matrix, S::nan,
              S::callback_error, S::invalid_rate})
    if (chem::to_string(s) == name) return s;
  throw InvalidArgument(argument("status"), "unknown solve status '" + name + "'");
}

inline std::string method_name(const chem::RosenbrockMethod& m) { return chem::to_string(m); }
inline chem::RosenbrockMethod method_from(const std::string& name) {
  return chem::rosenbrock_method_from_string(name);
}

/// SolveStats, SolveResult and RosenbrockOptions (default-constructed: the C++ defaults).
inline void bind_solver_types(py::module_& m) {
  using chem::SolveStats;
  result_class<SolveStats>(
      m, "SolveStats", "Work counts of a Rosenbrock integration.",
      member("steps", &SolveStats::steps), member("accepted", &SolveStats::accepted),
      member("rejected", &SolveStats::rejected), member("f_evals", &SolveStats::f_evals),
      member("jacobians", &SolveStats::jacobians),
      member("decompositions", &SolveStats::decompositions), member("solves", &SolveStats::solves),
      member("singular", &SolveStats::singular),
      member("last_step", &SolveStats::last_step, "last accepted h (s)"),
      member("next_step", &SolveStats::next_step, "predicted next h (s)"));
  using chem::SolveResult;
  result_class<SolveResult>(m, "SolveResult",
                            "How an integration ended: status, work counts, time reached.",
                            converted("status", &SolveResult::status, &status_name, &status_from),
                            member("stats", &SolveResult::stats), member("t", &SolveResult::t),
                            member("message", &SolveResult::message, "empty on success"));
  using chem::RosenbrockOptions;
  options_class<RosenbrockOptions>(
      m, "RosenbrockOptions", "Rosenbrock solver options (KPP's names and defaults).",
      converted("method", &RosenbrockOptions::method, &method_name, &method_from,
                "ros2 | ros3 | ros4 | rodas3 | rodas4"),
      member("rtol", &RosenbrockOptions::rtol), member("atol", &RosenbrockOptions::atol),
      member("rtol_species", &RosenbrockOptions::rtol_species),
      member("atol_species", &RosenbrockOptions::atol_species),
      member("hmin", &RosenbrockOptions::hmin), member("hmax", &RosenbrockOptions::hmax),
      member("hstart", &RosenbrockOptions::hstart),
      member("max_steps", &RosenbrockOptions::max_steps),
      member("fac_min", &RosenbrockOptions::fac_min),
      member("fac_max", &RosenbrockOptions::fac_max),
      member("fac_rej", &RosenbrockOptions::fac_rej),
      member("fac_safe", &RosenbrockOptions::fac_safe),
      member("clip_negative", &RosenbrockOptions::clip_negative),
      member("ro2_jacobian", &RosenbrockOptions::ro2_jacobian));
}

}  // namespace aqm::python
