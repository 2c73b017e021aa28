// The species registry (aqm/core/species.hpp); the Python facade is aqm.species.
#include <aqm/core/data_path.hpp>
#include <aqm/core/species.hpp>

#include "common.hpp"

namespace aqm::python {

void bind_species(py::module_& parent) {
  py::module_ m = parent.def_submodule("species", "species registry (private; use aqm.species)");

  py::class_<ArrheniusRate>(m, "ArrheniusRate")
      .def_readonly("a", &ArrheniusRate::a)
      .def_readonly("n", &ArrheniusRate::n)
      .def_readonly("b", &ArrheniusRate::b)
      .def("__call__", &ArrheniusRate::operator(), py::arg("temp"));

  py::class_<Species>(m, "Species")
      .def_readonly("name", &Species::name)
      .def_readonly("aliases", &Species::aliases)
      .def_readonly("cas", &Species::cas)
      .def_readonly("formula", &Species::formula)
      .def_readonly("mw", &Species::mw)
      .def_readonly("group", &Species::group)
      .def_readonly("mir", &Species::mir)
      .def_readonly("koh_298", &Species::koh_298)
      .def_readonly("koh_rate", &Species::koh_rate)
      .def_readonly("soap", &Species::soap)
      .def_readonly("fac", &Species::fac)
      .def_readonly("cb6", &Species::cb6)
      .def_readonly("cb6_not_represented", &Species::cb6_not_represented)
      .def_readonly("mcm", &Species::mcm)
      .def_readonly("speciate_id", &Species::speciate_id)
      .def_readonly("mir_ref", &Species::mir_ref)
      .def_readonly("koh_ref", &Species::koh_ref)
      .def_readonly("koh_rate_ref", &Species::koh_rate_ref)
      .def_readonly("soap_ref", &Species::soap_ref)
      .def_readonly("fac_ref", &Species::fac_ref)
      .def_readonly("cb6_ref", &Species::cb6_ref)
      .def_readonly("notes", &Species::notes)
      .def("koh", &Species::koh, py::arg("temp"))
      .def("koh_depends_on_temperature", &Species::koh_depends_on_temperature)
      .def("__repr__", [](const Species& s) { return "<Species " + s.name + ">"; });

  py::class_<SpeciesRegistry>(m, "SpeciesRegistry")
      .def_static("from_csv", &SpeciesRegistry::from_csv, py::arg("path"))
      .def_static("parse", &SpeciesRegistry::parse, py::arg("text"), py::arg("source_name"))
      .def("find", &SpeciesRegistry::find, py::arg("name"),
           py::return_value_policy::reference_internal)
      .def("at", &SpeciesRegistry::at, py::arg("name"), py::return_value_policy::reference_internal)
      .def("find_speciate_id", &SpeciesRegistry::find_speciate_id, py::arg("id"),
           py::return_value_policy::reference_internal)
      .def("__contains__", &SpeciesRegistry::contains, py::arg("name"))
      .def("__len__", &SpeciesRegistry::size)
      .def_property_readonly("species", &SpeciesRegistry::species,
                             py::return_value_policy::reference_internal)
      .def_property_readonly("source", &SpeciesRegistry::source);

  m.def("species_key", &species_key, py::arg("name"));
  m.def("cas_number_valid", &cas_number_valid, py::arg("cas"));
  m.def("molecular_weight", &molecular_weight, py::arg("formula"));
  m.def("data_path", &data_path, py::arg("relative"));
}

}  // namespace aqm::python
