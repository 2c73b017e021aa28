#include "aqm/chem/rosenbrock.hpp"

#include <cctype>
#include <utility>

#include "aqm/chem/detail/cells_solve.hpp"

namespace aqm::chem {

RosenbrockMethod rosenbrock_method_from_string(const std::string& name) {
  std::string u;
  for (char ch : name) u += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (u == "ros2") return RosenbrockMethod::ros2;
  if (u == "ros3") return RosenbrockMethod::ros3;
  if (u == "ros4") return RosenbrockMethod::ros4;
  if (u == "rodas3") return RosenbrockMethod::rodas3;
  if (u == "rodas4") return RosenbrockMethod::rodas4;
  throw InvalidArgument(argument("method"), "unknown Rosenbrock method '" + name +
                                                "' (ros2, ros3, ros4, rodas3, rodas4)");
}

std::string to_string(RosenbrockMethod m) {
  switch (m) {
    case RosenbrockMethod::ros2: return "ros2";
    case RosenbrockMethod::ros3: return "ros3";
    case RosenbrockMethod::ros4: return "ros4";
    case RosenbrockMethod::rodas3: return "rodas3";
    case RosenbrockMethod::rodas4: return "rodas4";
  }
  return "?";
}

std::string to_string(SolveStatus s) {
  switch (s) {
    case SolveStatus::success: return "success";
    case SolveStatus::max_steps: return "max_steps";
    case SolveStatus::step_too_small: return "step_too_small";
    case SolveStatus::singular_matrix: return "singular_matrix";
    case SolveStatus::nan: return "nan";
    case SolveStatus::callback_error: return "callback_error";
    case SolveStatus::invalid_rate: return "invalid_rate";
  }
  return "?";
}

SolveStats& SolveStats::operator+=(const SolveStats& o) {
  steps += o.steps;
  accepted += o.accepted;
  rejected += o.rejected;
  f_evals += o.f_evals;
  jacobians += o.jacobians;
  decompositions += o.decompositions;
  solves += o.solves;
  singular += o.singular;
  last_step = o.last_step;
  next_step = o.next_step;
  return *this;
}

SolveResult integrate(KineticSystem& sys, std::vector<double>& y, double t0, double t1,
                      const RosenbrockOptions& opt, const TimeUpdate& update) {
  return integrate_cells(sys, {&y}, t0, t1, opt, update, {});
}

SolveResult integrate_cells(KineticSystem& sys, const std::vector<std::vector<double>*>& ys,
                            double t0, double t1, const RosenbrockOptions& opt,
                            const TimeUpdate& update, const CellUpdate& cell_update) {
  detail::Tolerances tol = detail::checked_inputs(sys, ys, t0, t1, opt);
  if (sys.n_variable() == 0 || ys.empty() || t1 == t0) {
    SolveResult res;
    res.t = t0;
    return res;
  }
  thread_local detail::Workspace kept;
  detail::Workspace own;
  detail::Workspace& ws = kept.busy ? own : kept;
  struct Claim {
    detail::Workspace& w;
    explicit Claim(detail::Workspace& x) : w(x) { w.busy = true; }
    ~Claim() { w.busy = false; }
  } claim(ws);
  return detail::solve_cells(sys, ys, t0, t1, opt, update, cell_update, std::move(tol), ws);
}

}  // namespace aqm::chem
