// Emission inventories (aqm::emis): thin bindings in the submodule _core.emis.  Inventories,
// profiles and scenarios are plain classes, results typed classes (value_class.hpp); the
// xarray/pandas/TOML side lives in aqm/emis.
#include <pybind11/numpy.h>

#include <aqm/emis.hpp>
#ifdef AQM_HAVE_NETCDF
#include <aqm/emis/inventory_netcdf.hpp>
#endif

#include "common.hpp"
#include "value_class.hpp"

namespace aqm::python {
namespace {
using namespace aqm::emis;

TimeResolution time_from(const std::string& s) {
  if (s == "annual") return TimeResolution::annual;
  if (s == "monthly") return TimeResolution::monthly;
  throw InvalidArgument(Location{"", 0, 0, "time"}, "must be 'annual' or 'monthly', got '" + s + "'");
}

py::array_t<double> values_array(const Inventory& inv) {
  std::vector<py::ssize_t> shape{py::ssize_t(inv.n_sectors()), py::ssize_t(inv.n_pollutants()),
                                 py::ssize_t(inv.n_places()), py::ssize_t(inv.n_times())};
  py::array_t<double> a(shape);
  std::copy(inv.values().begin(), inv.values().end(), a.mutable_data());
  return a;
}

void set_values(Inventory& inv, py::array_t<double, py::array::c_style | py::array::forcecast> a) {
  if (a.ndim() != 4 || std::size_t(a.shape(0)) != inv.n_sectors() ||
      std::size_t(a.shape(1)) != inv.n_pollutants() || std::size_t(a.shape(2)) != inv.n_places() ||
      std::size_t(a.shape(3)) != inv.n_times())
    throw InvalidArgument(Location{"", 0, 0, "values"}, "shape must be (sector, pollutant, place, time)");
  std::copy(a.data(), a.data() + a.size(), inv.values().begin());
  inv.validate();
}

/// A numpy array that takes ownership of `v` (no copy): the capsule frees it with the array.
py::array_t<double> adopt(std::vector<double>&& v, std::vector<py::ssize_t> shape) {
  auto* heap = new std::vector<double>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>(shape, heap->data(), owner);
}

template <class T>
py::array adopt_buffer(OutputBuffer<T> data, std::vector<py::ssize_t> shape) {
  T* raw = data.release();
  py::capsule owner(raw, [](void* p) { OutputDeleter{}(p); });
  return py::array_t<T>(shape, raw, owner);
}

SpeciationOutput output_from(const std::string& output) {
  if (output == "moles") return SpeciationOutput::moles;
  if (output == "mass") return SpeciationOutput::mass;
  if (output == "compounds") return SpeciationOutput::compounds;
  throw InvalidArgument(Location{"", 0, 0, "output"}, "must be 'moles', 'mass' or 'compounds', got '" + output + "'");
}

MassBasis basis_from(const std::string& basis) {
  if (basis == "mechanism") return MassBasis::mechanism;
  if (basis == "compound") return MassBasis::compound;
  throw InvalidArgument(Location{"", 0, 0, "basis"}, "must be 'mechanism' or 'compound', got '" + basis + "'");
}

using OpTuple = std::tuple<std::string, std::string, std::vector<std::pair<std::string, std::string>>>;

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
  ScenarioOutcome o{std::move(r.inventory), Eigen::Map<const RowMajor>(r.scale.data(), rows, places),
                    to_tuple(r.base_totals), to_tuple(r.scenario_totals),
                    to_tuple(r.change_percent), to_tuple(r.scale_factors),
                    to_tuple(r.contributions), std::move(r.targets)};
  return o;
}

void bind_results(py::module_& m) {
  result_class<Dimension>(m, "Dimension", "SI exponents of a unit.",
                          member("mass", &Dimension::mass), member("amount", &Dimension::amount),
                          member("time", &Dimension::time), member("length", &Dimension::length));
  result_class<Unit>(m, "Unit", "A parsed emission unit: SI scale, dimension and basis.",
                     member("scale", &Unit::scale, "SI value of one of this unit"),
                     member("dim", &Unit::dim),
                     member("basis", &Unit::basis, "'' own mass, 'C' carbon, else 'as <basis>'"),
                     member("text", &Unit::text))
      .def("canonical", &Unit::canonical, "canonical SI text without the scale");
  result_class<TargetCheck>(m, "TargetCheck", "A scenario target and whether it is met.",
                            member("target", &TargetCheck::target),
                            member("base", &TargetCheck::base),
                            member("scenario", &TargetCheck::scenario),
                            member("change_percent", &TargetCheck::change_percent),
                            member("met", &TargetCheck::met));
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
  using SM = SpeciationMatrix;
  result_class<SM>(m, "SpeciationMatrix", "A profile mapped to mechanism species.",
                   member("profile", &SM::profile), member("species", &SM::species),
                   member("moles_per_gram", &SM::moles_per_gram),
                   member("mass_fraction", &SM::mass_fraction), member("unmapped", &SM::unmapped),
                   member("unmapped_fraction", &SM::unmapped_fraction),
                   member("back_check", &SM::back_check));
  using PC = ProfileComparison;
  result_class<PC>(m, "ProfileComparison", "Two profiles over the union of their compounds.",
                   member("compounds", &PC::compounds), member("a", &PC::a), member("b", &PC::b),
                   member("pearson_r", &PC::pearson_r), member("cod", &PC::cod));
  result_class<EmissionResult>(m, "EmissionResult", "Scaled emissions by category and total.",
                               member("categories", &EmissionResult::categories),
                               member("by_category", &EmissionResult::by_category),
                               member("total", &EmissionResult::total));
  result_class<BoxRates>(m, "BoxRates", "Box-model emission rates (molecule cm-3 s-1).",
                         member("species", &BoxRates::species), member("mean", &BoxRates::mean),
                         member("hourly", &BoxRates::hourly, "per species, local hours 0..23"));
}

}  // namespace

void bind_emis(py::module_& parent) {
  py::module_ m = parent.def_submodule("emis", "emission inventories (private; use aqm.emis)");

  // units
  bind_results(m);
  m.def("parse_unit", [](const std::string& text) {
    return parse_unit(text);
  });
  m.def("conversion_factor",
        [](const std::string& from, const std::string& to, double mw, double basis_count,
           const std::string& name) {
          if (mw <= 0 && basis_count <= 0) return conversion_factor(from, to);
          return conversion_factor(from, to, SpeciesData{name, mw, basis_count, {}});
        },
        py::arg("from_unit"), py::arg("to_unit"), py::arg("molecular_weight") = 0.0,
        py::arg("basis_count") = 0.0, py::arg("species") = "");

  py::class_<LatLonGrid>(m, "LatLonGrid")
      .def(py::init([](std::vector<double> lon, std::vector<double> lat) {
             LatLonGrid g{std::move(lon), std::move(lat)};
             g.validate();
             return g;
           }),
           py::arg("lon_edges"), py::arg("lat_edges"))
      .def_static("regular", &LatLonGrid::regular, py::arg("lon0"), py::arg("lat0"), py::arg("dlon"),
                  py::arg("dlat"), py::arg("nx"), py::arg("ny"))
      .def_readonly("lon_edges", &LatLonGrid::lon_edges)
      .def_readonly("lat_edges", &LatLonGrid::lat_edges)
      .def_property_readonly("nx", &LatLonGrid::nx)
      .def_property_readonly("ny", &LatLonGrid::ny)
      .def("cell_areas", &LatLonGrid::cell_areas, py::arg("radius") = kEarthRadius);

  py::class_<Inventory>(m, "Inventory")
      .def(py::init([](std::vector<std::string> s, std::vector<std::string> p, std::vector<std::string> r,
                       const std::string& time, std::vector<std::string> units, int year) {
             return Inventory(std::move(s), std::move(p), std::move(r), time_from(time), std::move(units), year);
           }),
           py::arg("sectors"), py::arg("pollutants"), py::arg("places"), py::arg("time"),
           py::arg("units"), py::arg("year"))
      .def_static("on_grid",
                  [](std::vector<std::string> s, std::vector<std::string> p, LatLonGrid g,
                     const std::string& time, std::vector<std::string> units, int year) {
                    return Inventory::on_grid(std::move(s), std::move(p), std::move(g), time_from(time),
                                              std::move(units), year);
                  })
      .def_readwrite("name", &Inventory::name)
      .def_readwrite("year", &Inventory::year)
      .def_property_readonly("sectors", &Inventory::sectors)
      .def_property_readonly("pollutants", &Inventory::pollutants)
      .def_property_readonly("places", &Inventory::places)
      .def_property_readonly("units", &Inventory::units)
      .def_property_readonly("time_labels", &Inventory::time_labels)
      .def_property_readonly("time", [](const Inventory& i) {
        return i.time_resolution() == TimeResolution::annual ? "annual" : "monthly";
      })
      .def_property_readonly("grid", [](const Inventory& i) -> py::object {
        if (!i.grid()) return py::none();
        return py::cast(*i.grid());
      })
      .def_property("values", &values_array, &set_values)
      .def_property_readonly("history", [](const Inventory& i) {
        std::vector<OpTuple> out;
        for (const auto& op : i.history()) out.emplace_back(op.name, op.source, op.parameters);
        return out;
      })
      .def("set_history", [](Inventory& i, const std::vector<OpTuple>& ops) {
        i.history().clear();
        for (const auto& [n, s, p] : ops) i.record({n, s, p});
      })
      .def("record", [](Inventory& i, std::string name, std::string source,
                        std::vector<std::pair<std::string, std::string>> params) {
        i.record({std::move(name), std::move(source), std::move(params)});
      }, py::arg("name"), py::arg("source"), py::arg("parameters"))
      .def("totals", [](const Inventory& i) { return to_tuple(i.totals()); })
      .def("totals_by_top_sector", [](const Inventory& i) { return to_tuple(i.totals_by_top_sector()); })
      .def("element_totals", &Inventory::element_totals)
      .def("convert_units",
           [](Inventory& i, const std::string& p, const std::string& unit, double mw, double count) {
             i.convert_units(p, unit, SpeciesData{p, mw, count, {}});
           },
           py::arg("pollutant"), py::arg("unit"), py::arg("molecular_weight") = 0.0,
           py::arg("basis_count") = 0.0)
      .def("copy", [](const Inventory& i) { return Inventory(i); });

  m.def("read_inventory_csv", [](const std::string& path) {
    py::gil_scoped_release nogil;
    return read_inventory_csv(path);
  });
  m.def("parse_inventory_csv", &parse_inventory_csv, py::arg("text"), py::arg("source_name"));
  m.def("write_inventory_csv", [](const std::string& path, const Inventory& inv) {
    py::gil_scoped_release nogil;
    write_inventory_csv(path, inv);
  });
  m.def("format_inventory_csv", &format_inventory_csv);
#ifdef AQM_HAVE_NETCDF
  // The C++ reader/writer of the layout Inventory.to_netcdf() writes (aqm.emis keeps xarray).
  m.def("read_inventory_netcdf", [](const std::string& path) {
    py::gil_scoped_release nogil;
    return read_inventory_netcdf(path);
  }, py::arg("path"));
  m.def("write_inventory_netcdf", [](const std::string& path, const Inventory& inv) {
    py::gil_scoped_release nogil;
    write_inventory_netcdf(path, inv);
  }, py::arg("path"), py::arg("inventory"));
  m.def("netcdf_variable_name", &netcdf_variable_name, py::arg("pollutant"));
#endif

  // scenarios
  py::class_<Measure>(m, "Measure")
      .def(py::init([](std::string name, std::string sector, std::string pollutant, std::string region,
                       double eff, double xb, double xt) {
             return Measure{std::move(name), std::move(sector), std::move(pollutant), std::move(region), eff, xb, xt};
           }),
           py::arg("name"), py::arg("sector"), py::arg("pollutant") = "*", py::arg("region") = "*",
           py::arg("efficiency") = 0.0, py::arg("penetration_base") = 0.0, py::arg("penetration_target") = 0.0)
      .def_readwrite("name", &Measure::name)
      .def_readwrite("sector", &Measure::sector)
      .def_readwrite("pollutant", &Measure::pollutant)
      .def_readwrite("region", &Measure::region)
      .def_readwrite("efficiency", &Measure::efficiency)
      .def_readwrite("penetration_base", &Measure::penetration_base)
      .def_readwrite("penetration_target", &Measure::penetration_target);
  py::class_<Growth>(m, "Growth")
      .def(py::init([](std::string sector, std::string region, double rate, std::optional<double> factor) {
             return Growth{std::move(sector), std::move(region), rate, factor};
           }),
           py::arg("sector"), py::arg("region") = "*", py::arg("annual_rate") = 0.0, py::arg("factor") = py::none())
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

  // speciation
  py::class_<SpeciationProfile>(m, "SpeciationProfile")
      .def(py::init([](std::string name, std::vector<std::string> c, std::vector<double> f, std::string src) {
             return SpeciationProfile{std::move(name), std::move(c), std::move(f), std::move(src)};
           }),
           py::arg("name"), py::arg("compounds"), py::arg("fractions"), py::arg("source") = "")
      .def_readwrite("name", &SpeciationProfile::name)
      .def_readwrite("compounds", &SpeciationProfile::compounds)
      .def_readwrite("fractions", &SpeciationProfile::fractions)
      .def_readwrite("source", &SpeciationProfile::source)
      .def("validate", &SpeciationProfile::validate, py::arg("tolerance") = 1e-3)
      .def("normalised", &SpeciationProfile::normalised);
  py::class_<CompoundMapping>(m, "CompoundMapping")
      .def(py::init([](std::string c, double mw, std::vector<std::pair<std::string, double>> sp) {
             return CompoundMapping{std::move(c), mw, std::move(sp)};
           }),
           py::arg("compound"), py::arg("molecular_weight"), py::arg("species"))
      .def_readwrite("compound", &CompoundMapping::compound)
      .def_readwrite("molecular_weight", &CompoundMapping::molecular_weight)
      .def_readwrite("species", &CompoundMapping::species);
  py::class_<Mechanism>(m, "Mechanism")
      .def(py::init([](std::string name, std::map<std::string, double> mw, std::vector<CompoundMapping> c) {
             return Mechanism{std::move(name), std::move(mw), std::move(c)};
           }),
           py::arg("name"), py::arg("species_mw"), py::arg("compounds"))
      .def_readwrite("name", &Mechanism::name)
      .def_readwrite("species_mw", &Mechanism::species_mw)
      .def_readwrite("compounds", &Mechanism::compounds)
      .def("validate", &Mechanism::validate);
  m.def("cb6_mechanism", &cb6_mechanism, py::arg("registry"), py::arg("species_mw"),
        "CB6 mapping of every species of the registry that has one (aqm.species).");
  m.def("build_speciation",
        [](const SpeciationProfile& p, const Mechanism& mech, const std::string& basis, bool allow) {
          return build_speciation(p, mech, basis == "compound" ? MassBasis::compound : MassBasis::mechanism, allow);
        },
        py::arg("profile"), py::arg("mechanism"), py::arg("basis") = "mechanism", py::arg("allow_unmapped") = false);
  m.def("speciate",
        [](const Inventory& inv, const std::string& pol, const std::vector<SpeciationProfile>& profiles,
           const std::map<std::string, std::string>& assign, const Mechanism& mech, const std::string& output,
           const std::string& basis) {
          SpeciationOutput o = output == "mass" ? SpeciationOutput::mass
                               : output == "compounds" ? SpeciationOutput::compounds
                                                       : SpeciationOutput::moles;
          if (output != "mass" && output != "compounds" && output != "moles")
            throw InvalidArgument(Location{"", 0, 0, "output"}, "must be 'moles', 'mass' or 'compounds'");
          return speciate(inv, pol, profiles, assign, mech, o,
                          basis == "compound" ? MassBasis::compound : MassBasis::mechanism);
        },
        py::arg("inventory"), py::arg("pollutant"), py::arg("profiles"), py::arg("assignment"),
        py::arg("mechanism"), py::arg("output") = "moles", py::arg("basis") = "mechanism");
  m.def("lump_compounds",
        [](const Inventory& inv, std::string mechanism, std::vector<std::string> compounds,
           std::vector<std::string> species, std::vector<double> moles_per_gram,
           const std::string& unmapped) {
          return lump_compounds(inv, {std::move(mechanism), std::move(compounds), std::move(species),
                                      std::move(moles_per_gram)},
                                unmapped);
        },
        py::arg("inventory"), py::arg("mechanism"), py::arg("compounds"), py::arg("species"),
        py::arg("moles_per_gram"), py::arg("unmapped") = "unmapped");
  m.def("profile_from_factor", &profile_from_factor, py::arg("name"), py::arg("species"),
        py::arg("values"), py::arg("molecular_weights") = std::vector<double>{});
  m.def("compare_profiles", &compare_profiles, py::arg("a"), py::arg("b"));

  // temporal
  py::class_<TemporalProfile>(m, "TemporalProfile")
      .def(py::init([](std::string name, std::array<double, 12> mo, std::array<double, 7> wk,
                       std::array<double, 24> di, const std::string& mode) {
             TemporalProfile p;
             p.name = std::move(name);
             p.monthly = mo;
             p.weekly = wk;
             p.diurnal = di;
             if (mode != "per_day" && mode != "share")
               throw InvalidArgument(Location{"", 0, 0, "monthly_mode"}, "must be 'per_day' or 'share'");
             p.monthly_mode = mode == "share" ? MonthlyMode::share : MonthlyMode::per_day;
             p.validate();
             return p;
           }),
           py::arg("name") = "flat", py::arg("monthly") = TemporalProfile{}.monthly,
           py::arg("weekly") = TemporalProfile{}.weekly, py::arg("diurnal") = TemporalProfile{}.diurnal,
           py::arg("monthly_mode") = "per_day")
      .def_readwrite("name", &TemporalProfile::name)
      .def_readwrite("monthly", &TemporalProfile::monthly)
      .def_readwrite("weekly", &TemporalProfile::weekly)
      .def_readwrite("diurnal", &TemporalProfile::diurnal)
      .def_property_readonly("monthly_mode", [](const TemporalProfile& p) {
        return p.monthly_mode == MonthlyMode::share ? "share" : "per_day";
      });
  m.def("weekday", &weekday);
  m.def("monthly_fractions", &monthly_fractions);
  m.def("hourly_fractions", [](const TemporalProfile& p, int year, int off) {
    auto v = hourly_fractions(p, year, off);
    return py::array_t<double>(py::ssize_t(v.size()), v.data());
  }, py::arg("profile"), py::arg("year"), py::arg("utc_offset_hours") = 0);
  m.def("allocate_monthly", &allocate_monthly);

  // HEMCO-style algebra
  py::enum_<ScaleOperator>(m, "ScaleOperator")
      .value("multiply", ScaleOperator::multiply)
      .value("divide", ScaleOperator::divide)
      .value("square", ScaleOperator::square);
  py::class_<ScaleFactor>(m, "ScaleFactor")
      .def(py::init([](int id, std::string name, std::vector<double> v, ScaleOperator op) {
             return ScaleFactor{id, std::move(name), std::move(v), op};
           }),
           py::arg("id"), py::arg("name"), py::arg("values"), py::arg("op") = ScaleOperator::multiply);
  py::class_<Mask>(m, "Mask")
      .def(py::init([](int id, std::string name, std::vector<double> v, bool frac) {
             return Mask{id, std::move(name), std::move(v), frac};
           }),
           py::arg("id"), py::arg("name"), py::arg("values"), py::arg("fractional") = false)
      .def_static("box", &Mask::box)
      .def_static("regions", &Mask::regions)
      .def_readonly("values", &Mask::values);
  py::class_<BaseField>(m, "BaseField")
      .def(py::init([](std::string name, std::string sp, int cat, int hier, std::vector<double> v,
                       std::vector<int> ids) {
             return BaseField{std::move(name), std::move(sp), cat, hier, std::move(v), std::move(ids)};
           }),
           py::arg("name"), py::arg("species"), py::arg("category") = 1, py::arg("hierarchy") = 1,
           py::arg("values") = std::vector<double>{}, py::arg("scale_ids") = std::vector<int>{});
  py::class_<ScaleAlgebra>(m, "ScaleAlgebra")
      .def(py::init<std::size_t>())
      .def("add_factor", [](ScaleAlgebra& a, ScaleFactor f) { a.add(std::move(f)); })
      .def("add_mask", [](ScaleAlgebra& a, Mask f) { a.add(std::move(f)); })
      .def("add_field", [](ScaleAlgebra& a, BaseField f) { a.add(std::move(f)); })
      .def("set_species_scale", &ScaleAlgebra::set_species_scale)
      .def("compute", &ScaleAlgebra::compute, py::arg("species"));

  // regridding
  py::class_<ConservativeRegridder>(m, "ConservativeRegridder")
      .def(py::init([](LatLonGrid s, LatLonGrid t) {
             py::gil_scoped_release nogil;
             return ConservativeRegridder(std::move(s), std::move(t));
           }))
      .def_property_readonly("source", &ConservativeRegridder::source)
      .def_property_readonly("target", &ConservativeRegridder::target)
      .def_property_readonly("inside_fraction", &ConservativeRegridder::inside_fraction)
      .def("triplets", [](const ConservativeRegridder& r) {
        std::vector<long> rows, cols;
        std::vector<double> vals;
        const auto& w = r.weights();
        for (Eigen::Index k = 0; k < w.outerSize(); ++k)
          for (ConservativeRegridder::Weights::InnerIterator it(w, k); it; ++it) {
            rows.push_back(long(it.row()));
            cols.push_back(long(it.col()));
            vals.push_back(it.value());
          }
        return std::make_tuple(rows, cols, vals);
      })
      .def("apply", [](const ConservativeRegridder& r,
                       py::array_t<double, py::array::c_style | py::array::forcecast> x, bool flux) {
        if (x.ndim() != 2 || std::size_t(x.shape(1)) != r.source().size())
          throw InvalidArgument(Location{"", 0, 0, "regrid"}, "input must be (n_fields, n_source_cells)");
        const std::size_t nf = std::size_t(x.shape(0)), ns = r.source().size(), nt = r.target().size();
        std::vector<double> in(x.data(), x.data() + x.size());
        py::array_t<double> out({py::ssize_t(nf), py::ssize_t(nt)});
        std::vector<double> outside(nf);
        double* o = out.mutable_data();
        {
          py::gil_scoped_release nogil;
          for (std::size_t f = 0; f < nf; ++f) {
            std::vector<double> field(in.begin() + long(f * ns), in.begin() + long((f + 1) * ns));
            RegridStats st;
            auto y = flux ? r.apply_flux(field, &st) : r.apply_extensive(field, &st);
            std::copy(y.begin(), y.end(), o + f * nt);
            outside[f] = st.outside;
          }
        }
        return std::make_tuple(out, outside);
      }, py::arg("values"), py::arg("flux") = false);
  m.def("regrid", [](const Inventory& inv, const ConservativeRegridder& r) {
    std::vector<double> outside;
    Inventory out;
    {
      py::gil_scoped_release nogil;
      out = regrid(inv, r, &outside);
    }
    return std::make_tuple(out, outside);
  });

  // box model
  m.def("box_emission_rates",
        [](const Inventory& inv, const std::string& place, double area, double height,
           const std::map<std::string, TemporalProfile>& profiles, int month,
           const std::vector<std::string>& species) {
          return box_emission_rates(inv, place, area, height, profiles, month, species);
        },
        py::arg("inventory"), py::arg("place"), py::arg("area_m2"), py::arg("height_m"),
        py::arg("profiles") = std::map<std::string, TemporalProfile>{}, py::arg("month") = 0,
        py::arg("species") = std::vector<std::string>{});

  // fused day pipeline
  m.def("day_pipeline",
        [](const Inventory& inv, const std::string& pollutant, int year, int month, int day,
           std::vector<int> utc_offset, std::map<std::string, TemporalProfile> temporal,
           std::vector<SpeciationProfile> profiles, std::map<std::string, std::string> assignment,
           Mechanism mechanism, const std::string& output, const std::string& basis,
           const std::string& unit, std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>> scale,
           const std::string& dtype, int n_threads, std::optional<py::array> out, py::object progress,
           std::optional<Scenario> scenario) {
          DayPipelineOptions o;
          o.pollutant = pollutant;
          o.year = year;
          o.month = month;
          o.day = day;
          o.utc_offset_hours = std::move(utc_offset);
          o.temporal = std::move(temporal);
          o.profiles = std::move(profiles);
          o.assignment = std::move(assignment);
          o.mechanism = std::move(mechanism);
          o.output = output_from(output);
          o.basis = basis_from(basis);
          o.unit = unit;
          o.n_threads = n_threads;
          if (scale) o.scale.assign(scale->data(), scale->data() + scale->size());
          o.scenario = std::move(scenario);
          if (dtype != "float32" && dtype != "float64")
            throw InvalidArgument(Location{"", 0, 0, "dtype"}, "must be 'float32' or 'float64', got '" + dtype + "'");
          std::unique_ptr<DayPipeline> pipe;
          {
            py::gil_scoped_release nogil;
            pipe = std::make_unique<DayPipeline>(inv, std::move(o));
          }
          std::vector<py::ssize_t> shape{24, py::ssize_t(pipe->n_species())};
          if (inv.grid()) {
            shape.push_back(py::ssize_t(inv.grid()->ny()));
            shape.push_back(py::ssize_t(inv.grid()->nx()));
          } else {
            shape.push_back(py::ssize_t(inv.n_places()));
          }
          const bool single = dtype == "float32";
          py::array result;
          void* target = nullptr;
          if (out) {
            py::array a = *out;
            const bool ok_type = single ? a.dtype().is(py::dtype::of<float>())
                                        : a.dtype().is(py::dtype::of<double>());
            if (!ok_type)
              throw InvalidArgument(Location{"", 0, 0, "out"}, "dtype must be " + dtype);
            if (!(a.flags() & py::array::c_style) || !a.writeable())
              throw InvalidArgument(Location{"", 0, 0, "out"}, "must be a writeable C-contiguous array");
            if (std::size_t(a.size()) != pipe->size())
              throw InvalidArgument(Location{"", 0, 0, "out"}, "needs " + std::to_string(pipe->size()) +
                                                                   " values (24 x species x places), got " +
                                                                   std::to_string(a.size()));
            target = a.mutable_data();
            result = a;
          } else if (single) {
            auto buf = allocate_output<float>(pipe->size());  // uninitialised: run writes every value
            target = buf.get();
            result = adopt_buffer(std::move(buf), shape);
          } else {
            auto buf = allocate_output<double>(pipe->size());
            target = buf.get();
            result = adopt_buffer(std::move(buf), shape);
          }
          run_without_gil(progress, [&](const Progress& hooks) {
            if (single)
              pipe->run(static_cast<float*>(target), hooks);
            else
              pipe->run(static_cast<double*>(target), hooks);
            return 0;
          });
          return py::make_tuple(result, pipe->species(), pipe->unit());
        },
        py::arg("inventory"), py::arg("pollutant"), py::arg("year"), py::arg("month"), py::arg("day"),
        py::arg("utc_offset_hours"), py::arg("temporal"), py::arg("profiles"), py::arg("assignment"),
        py::arg("mechanism"), py::arg("output") = "moles", py::arg("basis") = "mechanism",
        py::arg("unit") = "mol s-1", py::arg("scale") = py::none(), py::arg("dtype") = "float32",
        py::arg("n_threads") = 0, py::arg("out") = py::none(), py::arg("progress") = py::none(),
        py::arg("scenario") = py::none());
}

}  // namespace aqm::python
