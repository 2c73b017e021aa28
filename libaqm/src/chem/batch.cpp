#include "aqm/chem/batch.hpp"

#include <cmath>

namespace aqm::chem {

namespace {
// Concentrations are amounts: a negative or non-finite start is an input error, named here
// rather than integrated into a silently wrong answer.
void check_initial_state(const KineticSystem& sys, const std::vector<double>& y,
                         const std::string& what) {
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (!(y[i] >= 0.0) || !std::isfinite(y[i]))
      throw InvalidArgument(
          argument(sys.variable_names()[i]),
          what + ": initial concentration " + std::to_string(y[i]) + " must be finite and >= 0");
  }
}
}  // namespace

Trajectory simulate(KineticSystem& sys, std::vector<double> y, const std::vector<double>& times,
                    const RosenbrockOptions& options, const PhotolysisModel* photolysis,
                    const EnvironmentSeries* environment) {
  if (environment) environment->validate();
  TimeUpdate update;
  if (photolysis || environment) {
    update = [photolysis, environment](double t, KineticSystem& s) {
      if (environment) s.set_environment(environment->at(t));
      if (photolysis) s.set_photolysis(photolysis->rates(t));
    };
  }
  return simulate(sys, std::move(y), times, options, update);
}

Trajectory simulate(KineticSystem& sys, std::vector<double> y, const std::vector<double>& times,
                    const RosenbrockOptions& options, const TimeUpdate& update, double first_step,
                    bool per_interval) {
  if (times.empty()) throw InvalidArgument(argument("times"), "need at least one output time");
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!std::isfinite(times[i])) throw InvalidArgument(argument("times"), "times must be finite");
    if (i > 0 && !(times[i] > times[i - 1]))
      throw InvalidArgument(argument("times"), "times must be strictly increasing");
  }
  if (y.size() != sys.n_variable())
    throw InvalidArgument(argument("y0"), "initial state has the wrong number of species");
  check_initial_state(sys, y, "y0");
  if (update) update(times[0], sys);
  Trajectory out;
  out.times = times;
  out.y.push_back(y);
  out.result.t = times[0];
  RosenbrockOptions opt = options;
  if (first_step > 0) opt.hstart = first_step;
  for (std::size_t k = 1; k < times.size(); ++k) {
    if (per_interval && update) update(times[k - 1], sys);
    SolveResult r =
        integrate(sys, y, times[k - 1], times[k], opt, per_interval ? TimeUpdate{} : update);
    out.result.stats += r.stats;
    out.result.status = r.status;
    out.result.t = r.t;
    out.result.message = r.message;
    if (!r.ok()) return out;
    out.y.push_back(y);
    if ((options.hstart == 0 || first_step > 0) && r.stats.next_step > 0)
      opt.hstart = r.stats.next_step;
  }
  return out;
}

BatchResult integrate_batch(const KineticSystem& prototype, const std::vector<BoxCase>& boxes,
                            double t0, double t1, const RosenbrockOptions& options, int n_threads,
                            const Progress& progress) {
  for (std::size_t b = 0; b < boxes.size(); ++b)
    if (boxes[b].y0.size() != prototype.n_variable())
      throw InvalidArgument(argument("box " + std::to_string(b)),
                            "initial state has the wrong number of species");
    else check_initial_state(prototype, boxes[b].y0, "box " + std::to_string(b));
  BatchResult out;
  out.y.resize(boxes.size());
  out.results.resize(boxes.size());
  parallel_for(
      boxes.size(), n_threads,
      [&](std::size_t b) {
        KineticSystem sys = prototype;
        sys.set_environment(boxes[b].environment);
        sys.set_photolysis(boxes[b].photolysis);
        std::vector<double> y = boxes[b].y0;
        out.results[b] = integrate(sys, y, t0, t1, options);
        out.y[b] = std::move(y);
      },
      progress);
  return out;
}

}  // namespace aqm::chem
