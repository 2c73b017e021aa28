// Bindings of aqm/emis/temporal.hpp (submodule _core.emis).
#include "common.hpp"

namespace aqm::python::emis_bindings {

void bind_temporal(py::module_& m) {
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
               throw InvalidArgument(argument("monthly_mode"), "must be 'per_day' or 'share'");
             p.monthly_mode = mode == "share" ? MonthlyMode::share : MonthlyMode::per_day;
             p.validate();
             return p;
           }),
           py::arg("name") = "flat", py::arg("monthly") = TemporalProfile{}.monthly,
           py::arg("weekly") = TemporalProfile{}.weekly,
           py::arg("diurnal") = TemporalProfile{}.diurnal, py::arg("monthly_mode") = "per_day")
      .def_readwrite("name", &TemporalProfile::name)
      .def_readwrite("monthly", &TemporalProfile::monthly)
      .def_readwrite("weekly", &TemporalProfile::weekly)
      .def_readwrite("diurnal", &TemporalProfile::diurnal)
      .def_property_readonly("monthly_mode", [](const TemporalProfile& p) {
        return p.monthly_mode == MonthlyMode::share ? "share" : "per_day";
      });
  m.def("weekday", &weekday);
  m.def("monthly_fractions", &monthly_fractions);
  m.def(
      "hourly_fractions",
      [](const TemporalProfile& p, int year, int off) {
        auto v = hourly_fractions(p, year, off);
        return py::array_t<double>(py::ssize_t(v.size()), v.data());
      },
      py::arg("profile"), py::arg("year"), py::arg("utc_offset_hours") = 0);
  m.def("allocate_monthly", &allocate_monthly);
}

}  // namespace aqm::python::emis_bindings
