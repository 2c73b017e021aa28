// aqm._core.voc: factor identification and the localized profile library (thin; the API is
// aqm.voc).  bind_voc takes the `voc` submodule that module.cpp creates once, so other binding
// files can add to the same submodule.
#include <aqm/voc.hpp>

#include "common.hpp"

namespace aqm::python {

namespace {
using namespace aqm::voc;

void bind_identify(py::module_& m) {
  py::class_<Profile>(m, "Profile")
      .def(
          py::init([](std::string name, std::string type, std::vector<std::string> species,
                      std::vector<double> values) {
            return Profile{std::move(name), std::move(type), std::move(species), std::move(values)};
          }),
          py::arg("name"), py::arg("source_type"), py::arg("species"), py::arg("values"))
      .def_readwrite("name", &Profile::name)
      .def_readwrite("source_type", &Profile::source_type)
      .def_readwrite("species", &Profile::species)
      .def_readwrite("values", &Profile::values);
  py::class_<Lump>(m, "Lump")
      .def(py::init([](std::string name, std::vector<std::string> members) {
             return Lump{std::move(name), std::move(members)};
           }),
           py::arg("name"), py::arg("members"))
      .def_readonly("name", &Lump::name)
      .def_readonly("members", &Lump::members);
  py::class_<Similarity>(m, "Similarity")
      .def_readonly("n", &Similarity::n)
      .def_readonly("pd", &Similarity::pd)
      .def_readonly("sid", &Similarity::sid)
      .def_readonly("cosine", &Similarity::cosine)
      .def_readonly("pearson_r", &Similarity::pearson_r);
  py::class_<IdentifyOptions>(m, "IdentifyOptions")
      .def(py::init<>())
      .def_readwrite("pd_max", &IdentifyOptions::pd_max)
      .def_readwrite("sid_max", &IdentifyOptions::sid_max)
      .def_readwrite("min_species", &IdentifyOptions::min_species)
      .def_readwrite("min_coverage", &IdentifyOptions::min_coverage)
      .def_readwrite("lumps", &IdentifyOptions::lumps);
  py::class_<Match>(m, "Match")
      .def_readonly("reference", &Match::reference)
      .def_readonly("score", &Match::score)
      .def_readonly("box_distance", &Match::box_distance)
      .def_readonly("in_box", &Match::in_box)
      .def_readonly("on_union", &Match::on_union)
      .def_readonly("coverage", &Match::coverage);
  m.def("xylene_lumps", &xylene_lumps);
  m.def("validate_profile", &validate_profile, py::arg("profile"), py::arg("where") = "");
  m.def("similarity", &similarity, py::arg("x"), py::arg("y"));
  m.def("align", [](const Profile& a, const Profile& b, const std::vector<Lump>& lumps) {
    Aligned al = align(a, b, lumps);
    return py::make_tuple(al.species, al.x, al.y);
  });
  m.def("match_profiles", &match_profiles, py::arg("factors"), py::arg("references"),
        py::arg("options") = IdentifyOptions{});
  m.def("assign_one_to_one", &assign_one_to_one, py::arg("cost"));
}

void bind_library(py::module_& m) {
  py::class_<LocalizedProfile>(m, "LocalizedProfile")
      .def(py::init<>())
      .def_readwrite("name", &LocalizedProfile::name)
      .def_readwrite("source_type", &LocalizedProfile::source_type)
      .def_readwrite("reference", &LocalizedProfile::reference)
      .def_readwrite("species", &LocalizedProfile::species)
      .def_readwrite("fraction", &LocalizedProfile::fraction)
      .def_readwrite("origin", &LocalizedProfile::origin)
      .def_readwrite("p05", &LocalizedProfile::p05)
      .def_readwrite("p50", &LocalizedProfile::p50)
      .def_readwrite("p95", &LocalizedProfile::p95)
      .def_readwrite("disp_lower", &LocalizedProfile::disp_lower)
      .def_readwrite("disp_upper", &LocalizedProfile::disp_upper);
  py::class_<FactorUncertainty>(m, "FactorUncertainty")
      .def(py::init<>())
      .def_readwrite("p05", &FactorUncertainty::p05)
      .def_readwrite("p50", &FactorUncertainty::p50)
      .def_readwrite("p95", &FactorUncertainty::p95)
      .def_readwrite("disp_lower", &FactorUncertainty::disp_lower)
      .def_readwrite("disp_upper", &FactorUncertainty::disp_upper);
  py::class_<ProfileLibrary>(m, "ProfileLibrary")
      .def(py::init<>())
      .def_readwrite("metadata", &ProfileLibrary::metadata)
      .def_readwrite("profiles", &ProfileLibrary::profiles)
      .def("content_hash", &ProfileLibrary::content_hash)
      .def("validate", &ProfileLibrary::validate, py::arg("where") = "");
  py::class_<ProfileDifference>(m, "ProfileDifference")
      .def_readonly("profile", &ProfileDifference::profile)
      .def_readonly("species", &ProfileDifference::species)
      .def_readonly("a", &ProfileDifference::a)
      .def_readonly("b", &ProfileDifference::b)
      .def_readonly("pearson_r", &ProfileDifference::pearson_r)
      .def_readonly("sid", &ProfileDifference::sid);
  m.def("required_metadata_keys", &required_metadata_keys);
  m.def("is_semantic_version", &is_semantic_version);
  m.def("localize", &localize, py::arg("factor"), py::arg("reference"),
        py::arg("lumps") = xylene_lumps(), py::arg("uncertainty") = FactorUncertainty{});
  m.def("read_profile_library", &read_profile_library, py::arg("path"));
  m.def("write_profile_library", &write_profile_library, py::arg("path"), py::arg("library"));
  m.def("compare_libraries", &compare_libraries, py::arg("a"), py::arg("b"));
}
}  // namespace

void bind_voc(py::module_& voc) {
  bind_identify(voc);
  bind_library(voc);
}

}  // namespace aqm::python
