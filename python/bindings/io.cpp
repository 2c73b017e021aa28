// File readers and writers.  Conversions to numpy happen with the GIL held; file work without.
#include <aqm/io.hpp>
#ifdef AQM_HAVE_NETCDF
#include <aqm/io/netcdf.hpp>
#endif
#ifdef AQM_HAVE_HDF5
#include <aqm/io/hdf5.hpp>
#endif

#include "common.hpp"

namespace aqm::python {
namespace {

using FieldTuple =
    std::tuple<std::string, std::string, std::string, std::string,
               std::vector<std::tuple<std::string, std::string, std::vector<double>>>,
               std::vector<double>>;

FieldTuple field_to_tuple(const GriddedField& f) {
  std::vector<std::tuple<std::string, std::string, std::vector<double>>> axes;
  for (const Axis* a : {&f.grid.time, &f.grid.level, &f.grid.y, &f.grid.x})
    axes.emplace_back(a->name, a->units, a->values);
  return {f.name, f.units, f.long_name, f.standard_name, axes, f.data};
}

GriddedField field_from_tuple(const FieldTuple& t) {
  GriddedField f;
  f.name = std::get<0>(t);
  f.units = std::get<1>(t);
  f.long_name = std::get<2>(t);
  f.standard_name = std::get<3>(t);
  const auto& axes = std::get<4>(t);
  AQM_CHECK(axes.size() == 4, "a gridded field needs 4 axes (time, level, y, x)");
  Axis* dst[4] = {&f.grid.time, &f.grid.level, &f.grid.y, &f.grid.x};
  for (std::size_t k = 0; k < 4; ++k)
    *dst[k] = Axis{std::get<0>(axes[k]), std::get<1>(axes[k]), std::get<2>(axes[k])};
  f.data = std::get<5>(t);
  return f;
}

}  // namespace

void bind_io(py::module_& m) {
  m.def(
      "read_delimited",
      [](const std::string& path, char separator, bool first_column_labels,
         std::vector<std::string> missing_markers, std::vector<double> missing_values,
         std::string comment_prefix) {
        io::DelimitedReadOptions o;
        o.separator = separator;
        o.first_column_labels = first_column_labels;
        o.missing_markers = std::move(missing_markers);
        o.missing_values = std::move(missing_values);
        o.comment_prefix = std::move(comment_prefix);
        LabelledMatrix result;
        {
          py::gil_scoped_release nogil;
          result = io::read_delimited(path, o);
        }
        return to_tuple(result);
      },
      py::arg("path"), py::arg("separator"), py::arg("first_column_labels"),
      py::arg("missing_markers"), py::arg("missing_values"), py::arg("comment_prefix"));
  m.def(
      "write_delimited",
      [](const std::string& path, const MatrixTuple& t, char separator, std::string missing,
         bool write_units_row) {
        const LabelledMatrix mat = from_tuple(t);
        io::DelimitedWriteOptions o{separator, std::move(missing), write_units_row};
        py::gil_scoped_release nogil;
        io::write_delimited(path, mat, o);
      },
      py::arg("path"), py::arg("matrix"), py::arg("separator"), py::arg("missing"),
      py::arg("write_units_row"));

#ifdef AQM_HAVE_NETCDF
  m.attr("have_netcdf") = true;
  m.def(
      "write_netcdf_matrix",
      [](const std::string& path, const MatrixTuple& t, const std::string& name,
         const std::string& long_name, const io::Attributes& attrs) {
        const LabelledMatrix mat = from_tuple(t);
        py::gil_scoped_release nogil;
        io::write_netcdf_matrix(path, mat, name, long_name, attrs);
      },
      py::arg("path"), py::arg("matrix"), py::arg("name"), py::arg("long_name"), py::arg("attrs"));
  m.def(
      "read_netcdf_matrix",
      [](const std::string& path, const std::string& name, const std::string& units) {
        LabelledMatrix result;
        {
          py::gil_scoped_release nogil;
          result = io::read_netcdf_matrix(path, name, units);
        }
        return to_tuple(result);
      },
      py::arg("path"), py::arg("name"), py::arg("units"));
  m.def(
      "write_netcdf_fields",
      [](const std::string& path, const std::vector<FieldTuple>& fields,
         const io::Attributes& attrs) {
        std::vector<GriddedField> fs;
        for (const auto& t : fields) fs.push_back(field_from_tuple(t));
        py::gil_scoped_release nogil;
        io::write_netcdf_fields(path, fs, attrs);
      },
      py::arg("path"), py::arg("fields"), py::arg("attrs"));
  m.def(
      "read_netcdf_field",
      [](const std::string& path, const std::string& name, const std::string& units) {
        GriddedField f;
        {
          py::gil_scoped_release nogil;
          f = io::read_netcdf_field(path, name, units);
        }
        return field_to_tuple(f);
      },
      py::arg("path"), py::arg("name"), py::arg("units"));
#else
  m.attr("have_netcdf") = false;
#endif

#ifdef AQM_HAVE_HDF5
  m.attr("have_hdf5") = true;
  m.def(
      "write_hdf5_matrix",
      [](const std::string& path, const MatrixTuple& t, const std::string& name,
         const std::string& long_name) {
        const LabelledMatrix mat = from_tuple(t);
        py::gil_scoped_release nogil;
        io::write_hdf5_matrix(path, mat, name, long_name);
      },
      py::arg("path"), py::arg("matrix"), py::arg("name"), py::arg("long_name"));
  m.def(
      "read_hdf5_matrix",
      [](const std::string& path, const std::string& name, const std::string& units) {
        LabelledMatrix result;
        {
          py::gil_scoped_release nogil;
          result = io::read_hdf5_matrix(path, name, units);
        }
        return to_tuple(result);
      },
      py::arg("path"), py::arg("name"), py::arg("units"));
  m.def(
      "write_hdf5_fields",
      [](const std::string& path, const std::vector<FieldTuple>& fields) {
        std::vector<GriddedField> fs;
        for (const auto& t : fields) fs.push_back(field_from_tuple(t));
        py::gil_scoped_release nogil;
        io::write_hdf5_fields(path, fs);
      },
      py::arg("path"), py::arg("fields"));
  m.def(
      "read_hdf5_field",
      [](const std::string& path, const std::string& name, const std::string& units) {
        GriddedField f;
        {
          py::gil_scoped_release nogil;
          f = io::read_hdf5_field(path, name, units);
        }
        return field_to_tuple(f);
      },
      py::arg("path"), py::arg("name"), py::arg("units"));
#else
  m.attr("have_hdf5") = false;
#endif
}

}  // namespace aqm::python
