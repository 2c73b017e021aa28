#pragma once
// Shared by the emis binding files (one per libaqm/include/aqm/emis header): conversions of
// names and arrays between Python and aqm::emis.
#include <pybind11/numpy.h>

#include <aqm/emis.hpp>

#include "../common.hpp"
#include "../value_class.hpp"

namespace aqm::python::emis_bindings {
using namespace aqm::emis;

inline TimeResolution time_from(const std::string& s) {
  if (s == "annual") return TimeResolution::annual;
  if (s == "monthly") return TimeResolution::monthly;
  throw InvalidArgument(argument("time"), "must be 'annual' or 'monthly', got '" + s + "'");
}

inline py::array_t<double> values_array(const Inventory& inv) {
  std::vector<py::ssize_t> shape{py::ssize_t(inv.n_sectors()), py::ssize_t(inv.n_pollutants()),
                                 py::ssize_t(inv.n_places()), py::ssize_t(inv.n_times())};
  py::array_t<double> a(shape);
  std::copy(inv.values().begin(), inv.values().end(), a.mutable_data());
  return a;
}

inline void set_values(Inventory& inv,
                       py::array_t<double, py::array::c_style | py::array::forcecast> a) {
  if (a.ndim() != 4 || std::size_t(a.shape(0)) != inv.n_sectors() ||
      std::size_t(a.shape(1)) != inv.n_pollutants() || std::size_t(a.shape(2)) != inv.n_places() ||
      std::size_t(a.shape(3)) != inv.n_times())
    throw InvalidArgument(argument("values"), "shape must be (sector, pollutant, place, time)");
  std::copy(a.data(), a.data() + a.size(), inv.values().begin());
  inv.validate();
}

/// A numpy array that takes ownership of `v` (no copy): the capsule frees it with the array.
inline py::array_t<double> adopt(std::vector<double>&& v, std::vector<py::ssize_t> shape) {
  auto* heap = new std::vector<double>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  return py::array_t<double>(shape, heap->data(), owner);
}

template <class T>
inline py::array adopt_buffer(OutputBuffer<T> data, std::vector<py::ssize_t> shape) {
  T* raw = data.release();
  py::capsule owner(raw, [](void* p) { OutputDeleter{}(p); });
  return py::array_t<T>(shape, raw, owner);
}

inline SpeciationOutput output_from(const std::string& output) {
  if (output == "moles") return SpeciationOutput::moles;
  if (output == "mass") return SpeciationOutput::mass;
  if (output == "compounds") return SpeciationOutput::compounds;
  throw InvalidArgument(argument("output"),
                        "must be 'moles', 'mass' or 'compounds', got '" + output + "'");
}

inline MassBasis basis_from(const std::string& basis) {
  if (basis == "mechanism") return MassBasis::mechanism;
  if (basis == "compound") return MassBasis::compound;
  throw InvalidArgument(argument("basis"),
                        "must be 'mechanism' or 'compound', got '" + basis + "'");
}

using OpTuple =
    std::tuple<std::string, std::string, std::vector<std::pair<std::string, std::string>>>;

void bind_units(py::module_& m);
void bind_grid(py::module_& m);
void bind_inventory(py::module_& m);
void bind_inventory_netcdf(py::module_& m);
void bind_scenario(py::module_& m);
void bind_speciation(py::module_& m);
void bind_lumping(py::module_& m);
void bind_temporal(py::module_& m);
void bind_scale_algebra(py::module_& m);
void bind_regrid(py::module_& m);
void bind_box_rates(py::module_& m);
void bind_pipeline(py::module_& m);

}  // namespace aqm::python::emis_bindings
