// Thin bindings of aqm::chem: mechanisms, kinetic systems and simulations; results cross as
// typed classes (value_class.hpp) and NumPy arrays; aqm/chem/*.py builds pandas/xarray objects.
#include <algorithm>
#include <sstream>

#include <aqm/chem.hpp>

#include "common.hpp"
#include "solver_types.hpp"
#include "value_class.hpp"

namespace aqm::python {
namespace {

using namespace aqm::chem;

std::string side_text(const Mechanism& m, const std::vector<StoichTerm>& terms) {
  std::ostringstream os;
  bool first = true;
  for (const auto& t : terms) {
    if (!first) os << (t.coefficient < 0 ? " - " : " + ");
    else if (t.coefficient < 0) os << "- ";
    const double c = std::fabs(t.coefficient);
    if (c != 1.0) os << c << " ";
    os << m.species()[t.species].name;
    first = false;
  }
  return os.str();
}

/// ("none",) | ("fixed", [J...]) | ("zenith", deg, jfac) | ("mcm", lat, lon, y, m, d, hour, jfac)
std::optional<PhotolysisModel> photolysis_from(const py::tuple& spec) {
  const std::string kind = spec[0].cast<std::string>();
  if (kind == "none") return std::nullopt;
  if (kind == "fixed") return PhotolysisModel::fixed(spec[1].cast<std::vector<double>>());
  if (kind == "zenith") {
    PhotolysisModel p = PhotolysisModel::mcm_fixed_zenith(spec[1].cast<double>());
    p.set_jfac(spec[2].cast<double>());
    return p;
  }
  if (kind == "mcm") {
    PhotolysisModel p =
        PhotolysisModel::mcm(spec[1].cast<double>(), spec[2].cast<double>(), spec[3].cast<int>(),
                             spec[4].cast<int>(), spec[5].cast<int>(), spec[6].cast<double>());
    p.set_jfac(spec[7].cast<double>());
    return p;
  }
  throw InvalidArgument(argument("photolysis"), "unknown photolysis kind '" + kind + "'");
}

/// (times, values, "linear" | "step") -> TimeSeries, checked and named `item`.
using SeriesTuple = std::tuple<std::vector<double>, std::vector<double>, std::string>;
TimeSeries series_from(const SeriesTuple& t, const std::string& item, bool non_negative = true) {
  TimeSeries s;
  s.time = std::get<0>(t);
  s.value = std::get<1>(t);
  s.interpolation = interpolation_from_string(std::get<2>(t));
  s.validate(item, non_negative);
  return s;
}

/// A Python exception raised inside a callback, kept to be raised again once the solve is over.
struct PythonErrorSlot {
  std::shared_ptr<py::error_already_set> error;
  template <class F>
  auto guard(F&& f) {
    return [this, f = std::forward<F>(f)](double t) {
      py::gil_scoped_acquire gil;
      try {
        return f(t);
      } catch (py::error_already_set& e) {
        error = std::make_shared<py::error_already_set>(std::move(e));
        throw std::runtime_error("Python callback raised");
      }
    };
  }
};

py::tuple trajectory_tuple(const Trajectory& tr, std::size_t nv) {
  const std::size_t nt = tr.times.size();
  py::array_t<double> out({nt, nv});
  auto a = out.mutable_unchecked<2>();
  for (std::size_t k = 0; k < nt; ++k)
    for (std::size_t i = 0; i < nv; ++i)
      a(k, i) = k < tr.y.size() ? tr.y[k][i] : std::numeric_limits<double>::quiet_NaN();
  return py::make_tuple(out, tr.result);
}

/// A Solver plus the Python callables its conditions call (kept alive here).
struct PySolver {
  Solver solver;
  PythonErrorSlot errors;
  py::object zenith, j_function;
};

void bind_solver(py::module_& m) {
  py::class_<PySolver>(m, "_Solver")
      .def(py::init([](const Mechanism& mech, const RosenbrockOptions& o) {
             return new PySolver{Solver(mech, o), {}, py::none(), py::none()};
           }),
           py::arg("mechanism"), py::arg("options") = RosenbrockOptions{})
      .def_static(
          "from_prototype",
          [](const PySolver& proto, const RosenbrockOptions& o) {
            return new PySolver{Solver(proto.solver.system(), o), {}, py::none(), py::none()};
          },
          py::arg("prototype"), py::arg("options"))
      .def_property_readonly("variable_names",
                             [](PySolver& s) { return s.solver.system().variable_names(); })
      .def_property_readonly("next_step", [](PySolver& s) { return s.solver.next_step(); })
      .def("reset_step", [](PySolver& s) { s.solver.reset_step(); })
      .def("initial_state", [](PySolver& s) { return s.solver.system().initial_state(); })
      .def("set_constrained",
           [](PySolver& s, const std::string& n, bool on) {
             KineticSystem& k = s.solver.system();
             k.set_constrained(k.variable_index(n), on);
           })
      .def("set_source",
           [](PySolver& s, const std::string& n, double v) {
             if (!std::isfinite(v)) throw InvalidArgument(argument(n), "source must be finite");
             s.solver.system().source()[s.solver.system().variable_index(n)] = v;
           })
      .def("set_loss",
           [](PySolver& s, const std::string& n, double v) {
             if (!(v >= 0) || !std::isfinite(v))
               throw InvalidArgument(argument(n), "loss must be finite and >= 0");
             s.solver.system().first_order_loss()[s.solver.system().variable_index(n)] = v;
           })
      .def("set_sun", [](PySolver& s, double v) { s.solver.system().set_sun(v); })
      .def("clear_terms",
           [](PySolver& s) {  // one call instead of three per species
             KineticSystem& k = s.solver.system();
             for (std::size_t i = 0; i < k.n_variable(); ++i) k.set_constrained(i, false);
             std::fill(k.source().begin(), k.source().end(), 0.0);
             std::fill(k.first_order_loss().begin(), k.first_order_loss().end(), 0.0);
           })
      .def("set_fixed",
           [](PySolver& s, const std::string& n, double v) {
             KineticSystem& k = s.solver.system();
             k.set_fixed(k.fixed_index(n), v);
           })
      .def(
          "set_options", [](PySolver& s, const RosenbrockOptions& o) { s.solver.set_options(o); },
          py::arg("options"))
      .def(
          "set_conditions",
          [](PySolver& s, const SeriesTuple& temp, const SeriesTuple& pressure,
             const SeriesTuple& rh, const std::map<std::string, SeriesTuple>& densities,
             const py::tuple& photolysis, py::object zenith, double zenith_jfac,
             py::object j_function, const std::map<int, SeriesTuple>& j_table, bool per_interval) {
            Conditions c;
            c.per_interval = per_interval;
            c.temp = series_from(temp, "temp");
            c.pressure = series_from(pressure, "pressure");
            c.rh = series_from(rh, "rh");
            for (const auto& [name, t] : densities) {
              std::optional<TimeSeries>* slot = name == "M"     ? &c.m
                                                : name == "O2"  ? &c.o2
                                                : name == "N2"  ? &c.n2
                                                : name == "H2O" ? &c.h2o
                                                                : nullptr;
              if (!slot) throw KeyError(argument(name), "not one of M, O2, N2, H2O");
              *slot = series_from(t, name);
            }
            c.photolysis = photolysis_from(photolysis);
            c.zenith_jfac = zenith_jfac;
            if (!zenith.is_none())
              c.zenith = s.errors.guard([f = zenith](double t) { return f(t).cast<double>(); });
            if (!j_function.is_none())
              c.j_function = s.errors.guard(
                  [f = j_function](double t) { return f(t).cast<std::vector<double>>(); });
            for (const auto& [n, t] : j_table)
              c.j_table[n] = series_from(t, "J" + std::to_string(n));
            s.solver.set_conditions(std::move(c));
            s.zenith = zenith;
            s.j_function = j_function;
          },
          py::arg("temp"), py::arg("pressure"), py::arg("rh"), py::arg("densities"),
          py::arg("photolysis"), py::arg("zenith"), py::arg("zenith_jfac"), py::arg("j_function"),
          py::arg("j_table"), py::arg("per_interval"))
      .def(
          "environment", [](PySolver& s, double t) { return s.solver.conditions().environment(t); },
          py::arg("t"))
      .def(
          "photolysis_rates",
          [](PySolver& s, double t) { return s.solver.conditions().photolysis_rates(t); },
          py::arg("t"))
      .def(
          "run",
          [](PySolver& s, std::vector<double> y0, const std::vector<double>& times) {
            s.errors.error.reset();
            Trajectory tr;
            auto raise_stashed = [&s]() {
              if (!s.errors.error) return;
              auto e = std::move(s.errors.error);
              throw *e;  // the user's own exception, not the integrator's summary of it
            };
            try {
              py::gil_scoped_release nogil;
              tr = s.solver.run(std::move(y0), times);
            } catch (const std::runtime_error&) {
              raise_stashed();
              throw;
            }
            raise_stashed();
            return trajectory_tuple(tr, s.solver.system().n_variable());
          },
          py::arg("y0"), py::arg("times"));
}

void bind_results(py::module_& m) {
  using MS = MechanismSummary;
  result_class<MS>(m, "MechanismSummary", "Counts of a mechanism and its sparse Jacobian.",
                   member("n_species", &MS::n_species), member("n_variable", &MS::n_variable),
                   member("n_fixed", &MS::n_fixed), member("n_reactions", &MS::n_reactions),
                   member("n_photolysis_reactions", &MS::n_photolysis_reactions),
                   member("n_coefficients", &MS::n_coefficients), member("n_ro2", &MS::n_ro2),
                   member("jacobian_nonzeros", &MS::jacobian_nonzeros),
                   member("lu_nonzeros", &MS::lu_nonzeros, "after symbolic LU fill-in"));
  result_class<Environment>(
      m, "Environment", "T (K), p (hPa) and the air, O2, N2 and H2O densities (molecule cm-3).",
      member("temp", &Environment::temp), member("pressure", &Environment::pressure),
      member("m", &Environment::m), member("o2", &Environment::o2), member("n2", &Environment::n2),
      member("h2o", &Environment::h2o));
}

}  // namespace

void bind_chem(py::module_& m) {
  bind_solver_types(m);
  bind_results(m);
  py::class_<Mechanism>(m, "_Mechanism")
      .def_static("read_kpp", &read_kpp, py::arg("path"), py::call_guard<py::gil_scoped_release>())
      .def_static("read_facsimile", &read_facsimile, py::arg("path"),
                  py::call_guard<py::gil_scoped_release>())
      .def_static("parse_kpp", &parse_kpp, py::arg("text"), py::arg("name") = "<string>",
                  py::arg("base_dir") = ".")
      .def_static("parse_facsimile", &parse_facsimile, py::arg("text"),
                  py::arg("name") = "<string>")
      .def_property_readonly("name", &Mechanism::name)
      .def_property_readonly("species", &Mechanism::species_names)
      .def_property_readonly("variable_species", &Mechanism::variable_species)
      .def_property_readonly("fixed_species",
                             [](const Mechanism& me) {
                               std::vector<std::string> out;
                               for (const auto& s : me.species())
                                 if (s.kind == SpeciesKind::fixed) out.push_back(s.name);
                               return out;
                             })
      .def_property_readonly("warnings", &Mechanism::warnings)
      .def_property_readonly("cfactor", &Mechanism::cfactor)
      .def_property_readonly("ro2_species",
                             [](const Mechanism& me) {
                               std::vector<std::string> out;
                               for (std::size_t i : me.ro2_species())
                                 out.push_back(me.species()[i].name);
                               return out;
                             })
      .def_property_readonly("initial_values",
                             [](const Mechanism& me) {
                               py::dict d;
                               for (const auto& s : me.species())
                                 if (s.initial) d[py::str(s.name)] = *s.initial;
                               return d;
                             })
      .def_property_readonly(
          "reactions",
          [](const Mechanism& me) {
            std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
            for (const auto& r : me.reactions())
              out.emplace_back(r.tag, side_text(me, r.reactants), side_text(me, r.products),
                               r.rate.text());
            return out;
          })
      .def("summary", &Mechanism::summary)
      .def("check_mass_balance", &Mechanism::check_mass_balance,
           py::arg("elements") = std::vector<std::string>{})
      .def("override_rate", &Mechanism::override_rate, py::arg("name"), py::arg("text"))
      .def("copy", [](const Mechanism& me) { return Mechanism(me); });

  py::class_<KineticSystem>(m, "_KineticSystem")
      .def(py::init<const Mechanism&>(), py::arg("mechanism"))
      .def_property_readonly("variable_names", &KineticSystem::variable_names)
      .def_property_readonly("fixed_names", &KineticSystem::fixed_names)
      .def_property_readonly("reaction_tags", &KineticSystem::reaction_tags)
      .def_property_readonly("fixed", &KineticSystem::fixed)
      .def("initial_state", &KineticSystem::initial_state)
      .def(
          "set_environment",
          [](KineticSystem& s, double temp, double pressure, double rh, std::optional<double> h2o) {
            Environment e = Environment::from(temp, pressure, rh);
            if (h2o) {
              if (!(*h2o >= 0)) throw InvalidArgument(argument("h2o"), "H2O must be >= 0");
              e.h2o = *h2o;
            }
            s.set_environment(e);
            return e;
          },
          py::arg("temp"), py::arg("pressure"), py::arg("rh"), py::arg("h2o") = py::none())
      .def("set_photolysis", &KineticSystem::set_photolysis, py::arg("j"))
      .def("set_sun", &KineticSystem::set_sun, py::arg("sun"))
      .def("set_fixed", [](KineticSystem& s, const std::string& n,
                           double v) { s.set_fixed(s.fixed_index(n), v); })
      .def("set_constrained", [](KineticSystem& s, const std::string& n,
                                 bool on) { s.set_constrained(s.variable_index(n), on); })
      .def("set_source",
           [](KineticSystem& s, const std::string& n, double v) {
             if (!std::isfinite(v)) throw InvalidArgument(argument(n), "source must be finite");
             s.source()[s.variable_index(n)] = v;
           })
      .def("set_loss",
           [](KineticSystem& s, const std::string& n, double v) {
             if (!(v >= 0) || !std::isfinite(v))
               throw InvalidArgument(argument(n), "loss must be finite and >= 0");
             s.first_order_loss()[s.variable_index(n)] = v;
           })
      .def("rate_constants", &KineticSystem::rate_constants, py::arg("y") = std::vector<double>{})
      .def("fun", [](KineticSystem& s, std::vector<double> y) {
        if (y.size() != s.n_variable())
          throw InvalidArgument(argument("y"), "wrong number of species");
        std::vector<double> f(y.size());
        s.fun(y.data(), f.data());
        return f;
      });

  bind_solver(m);  // after _Mechanism and _KineticSystem: its signatures name them

  m.def(
      "_simulate",
      [](KineticSystem& sys, std::vector<double> y0, std::vector<double> times,
         const RosenbrockOptions& opt, const py::tuple& photolysis) {
        std::optional<PhotolysisModel> p = photolysis_from(photolysis);
        Trajectory tr;
        {
          py::gil_scoped_release nogil;
          tr = simulate(sys, std::move(y0), times, opt, p ? &*p : nullptr);
        }
        return trajectory_tuple(tr, sys.n_variable());  // simulate sets tr.times = times
      },
      py::arg("system"), py::arg("y0"), py::arg("times"), py::arg("options"),
      py::arg("photolysis"));

  m.def(
      "_photolysis_rates",
      [](const py::tuple& spec, std::vector<double> times) {
        std::optional<PhotolysisModel> p = photolysis_from(spec);
        std::vector<std::vector<double>> out;
        for (double t : times) out.push_back(p ? p->rates(t) : std::vector<double>{});
        return out;
      },
      py::arg("spec"), py::arg("times"));
  m.def(
      "_solar_zenith",
      [](double lat, double lon, int y, int mo, int d, double hour) {
        return solar_geometry(lat, lon, y, mo, d, hour).zenith_deg;
      },
      py::arg("lat"), py::arg("lon"), py::arg("year"), py::arg("month"), py::arg("day"),
      py::arg("hour_utc"));
  m.def("_air_density", &air_density, py::arg("temp"), py::arg("pressure"));
  m.def(
      "_mcm_photolysis_index", [](const std::string& name) { return mcm_photolysis_index(name); },
      py::arg("name"));
}

}  // namespace aqm::python
