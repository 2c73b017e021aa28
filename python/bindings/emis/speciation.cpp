// Bindings of aqm/emis/speciation.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_speciation(py::module_& m) {
  // speciation
  py::class_<SpeciationProfile>(m, "SpeciationProfile")
      .def(py::init([](std::string name, std::vector<std::string> c, std::vector<double> f,
                       std::string src) {
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
  py::class_<SpeciesMapping>(m, "SpeciesMapping")
      .def(py::init([](std::string name, std::map<std::string, double> mw,
                       std::vector<CompoundMapping> c) {
             return SpeciesMapping{std::move(name), std::move(mw), std::move(c)};
           }),
           py::arg("name"), py::arg("species_mw"), py::arg("compounds"))
      .def_readwrite("name", &SpeciesMapping::name)
      .def_readwrite("species_mw", &SpeciesMapping::species_mw)
      .def_readwrite("compounds", &SpeciesMapping::compounds)
      .def("validate", &SpeciesMapping::validate);
  m.def("cb6_mechanism", &cb6_mechanism, py::arg("registry"), py::arg("species_mw"),
        "CB6 mapping of every species of the registry that has one (aqm.species).");
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
  m.def(
      "build_speciation",
      [](const SpeciationProfile& p, const SpeciesMapping& mech, const std::string& basis,
         bool allow) {
        return build_speciation(
            p, mech, basis == "compound" ? MassBasis::compound : MassBasis::mechanism, allow);
      },
      py::arg("profile"), py::arg("mechanism"), py::arg("basis") = "mechanism",
      py::arg("allow_unmapped") = false);
  m.def(
      "speciate",
      [](const Inventory& inv, const std::string& pol,
         const std::vector<SpeciationProfile>& profiles,
         const std::map<std::string, std::string>& assign, const SpeciesMapping& mech,
         const std::string& output, const std::string& basis) {
        SpeciationOutput o = output == "mass"        ? SpeciationOutput::mass
                             : output == "compounds" ? SpeciationOutput::compounds
                                                     : SpeciationOutput::moles;
        if (output != "mass" && output != "compounds" && output != "moles")
          throw InvalidArgument(argument("output"), "must be 'moles', 'mass' or 'compounds'");
        return speciate(inv, pol, profiles, assign, mech, o,
                        basis == "compound" ? MassBasis::compound : MassBasis::mechanism);
      },
      py::arg("inventory"), py::arg("pollutant"), py::arg("profiles"), py::arg("assignment"),
      py::arg("mechanism"), py::arg("output") = "moles", py::arg("basis") = "mechanism");
  m.def("profile_from_factor", &profile_from_factor, py::arg("name"), py::arg("species"),
        py::arg("values"), py::arg("molecular_weights") = std::vector<double>{});
  m.def("compare_profiles", &compare_profiles, py::arg("a"), py::arg("b"));
}

}  // namespace aqm::python::emis_bindings
