#include "aqm/io/netcdf.hpp"

#include <algorithm>

#include "aqm/core/error.hpp"
#include "aqm/io/atomic_output.hpp"
#include "aqm/version.hpp"
#include "io/netcdf/nc_detail.hpp"

namespace aqm::io {
namespace {

using namespace aqm::io::detail;

void write_globals(int nc, const Attributes& global, const std::string& path) {
  put_text(nc, NC_GLOBAL, "Conventions", "CF-1.8", path);
  put_text(nc, NC_GLOBAL, "source", std::string("libaqm ") + aqm::version, path);
  for (const auto& [k, v] : global) put_text(nc, NC_GLOBAL, k, v, path);
}

void check_units(int nc, int var, const std::string& name, const std::string& expected,
                 const std::string& path, std::string& found) {
  const bool has = get_text(nc, var, "units", found);
  if (expected.empty()) return;
  if (!has)
    throw UnitError(Location{path, 0, 0, name},
                    "variable has no units attribute; expected '" + expected + "'");
  if (found != expected)
    throw UnitError(Location{path, 0, 0, name},
                    "units are '" + found + "', expected '" + expected + "'");
}

}  // namespace

void write_netcdf_matrix(const std::string& path, const LabelledMatrix& m, const std::string& name,
                         const std::string& long_name, const Attributes& global) {
  AQM_CHECK(!name.empty(), "variable name is empty");
  AtomicOutput out(path);
  {
    NcFile f(out.temp_path(), true);
    const int nc = f.id();
    write_globals(nc, global, path);
    int dims[2];
    check(nc_def_dim(nc, m.row_dim.c_str(), static_cast<std::size_t>(m.rows()), &dims[0]), path,
          m.row_dim);
    check(nc_def_dim(nc, m.col_dim.c_str(), static_cast<std::size_t>(m.cols()), &dims[1]), path,
          m.col_dim);
    const int row_var = def_string_coord(nc, m.row_dim, dims[0], path);
    const int col_var = def_string_coord(nc, m.col_dim, dims[1], path);
    const int var = def_double(nc, name, {dims[0], dims[1]}, path);
    put_text(nc, var, "long_name", long_name.empty() ? name : long_name, path);
    const std::string units = m.common_units();
    int units_var = -1;
    if (!units.empty()) {
      put_text(nc, var, "units", units, path);
    } else if (std::any_of(m.column_units().begin(), m.column_units().end(),
                           [](const std::string& u) { return !u.empty(); })) {
      units_var = def_string_coord(nc, name + "_units", dims[1], path);
      put_text(nc, units_var, "long_name", "units of each " + m.col_dim + " of " + name, path);
      put_text(nc, var, "ancillary_variables", name + "_units", path);
    }
    check(nc_enddef(nc), path, "enddef");
    put_strings(nc, row_var, m.row_labels(), path, m.row_dim);
    put_strings(nc, col_var, m.column_labels(), path, m.col_dim);
    if (units_var >= 0) put_strings(nc, units_var, m.column_units(), path, name + "_units");
    // NetCDF is row-major; Eigen's default is column-major.
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = m.values();
    if (rm.size()) check(nc_put_var_double(nc, var, rm.data()), path, name);
    f.close();
  }
  out.commit();
}

LabelledMatrix read_netcdf_matrix(const std::string& path, const std::string& name,
                                  const std::string& expected_units) {
  NcFile f(path, false);
  const int nc = f.id();
  const int var = find_var(nc, name, path);
  int ndims;
  check(nc_inq_varndims(nc, var, &ndims), path, name);
  if (ndims != 2)
    throw InvalidArgument(Location{path, 0, 0, name}, "expected a 2-D variable, found " +
                                                          std::to_string(ndims) + " dimensions");
  int dims[2];
  check(nc_inq_vardimid(nc, var, dims), path, name);
  std::size_t n[2];
  char dim_name[2][NC_MAX_NAME + 1];
  for (int k = 0; k < 2; ++k) check(nc_inq_dim(nc, dims[k], dim_name[k], &n[k]), path, name);
  std::string units;
  check_units(nc, var, name, expected_units, path, units);

  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm(
      static_cast<Eigen::Index>(n[0]), static_cast<Eigen::Index>(n[1]));
  std::vector<double> flat(n[0] * n[1]);
  if (!flat.empty()) check(nc_get_var_double(nc, var, flat.data()), path, name);
  mask_missing(nc, var, flat);
  std::copy(flat.begin(), flat.end(), rm.data());

  std::vector<std::string> labels[2];
  for (int k = 0; k < 2; ++k) {
    int coord;
    if (nc_inq_varid(nc, dim_name[k], &coord) == NC_NOERR)
      labels[k] = get_strings(nc, coord, n[k], path, dim_name[k]);
  }
  std::vector<std::string> col_units;
  int units_var;
  if (units.empty() && nc_inq_varid(nc, (name + "_units").c_str(), &units_var) == NC_NOERR)
    col_units = get_strings(nc, units_var, n[1], path, name + "_units");
  else col_units.assign(n[1], units);
  LabelledMatrix m(Eigen::MatrixXd(rm), labels[0], labels[1], col_units);
  m.row_dim = dim_name[0];
  m.col_dim = dim_name[1];
  return m;
}

void write_netcdf_fields(const std::string& path, const std::vector<GriddedField>& fields,
                         const Attributes& global) {
  AQM_CHECK(!fields.empty(), "no fields to write");
  for (const auto& fld : fields) {
    fld.validate();
    if (!(fld.grid == fields.front().grid))
      throw InvalidArgument(
          Location{path, 0, 0, fld.name},
          "all fields in one file must share the grid of '" + fields.front().name + "'");
  }
  const Grid& g = fields.front().grid;
  AtomicOutput out(path);
  {
    NcFile f(out.temp_path(), true);
    const int nc = f.id();
    write_globals(nc, global, path);
    const Axis* axes[4] = {&g.time, &g.level, &g.y, &g.x};
    const char* cf_axis[4] = {"T", "Z", "Y", "X"};
    int dims[4], coords[4];
    for (int k = 0; k < 4; ++k) {
      check(nc_def_dim(nc, axes[k]->name.c_str(), axes[k]->size(), &dims[k]), path, axes[k]->name);
      check(nc_def_var(nc, axes[k]->name.c_str(), NC_DOUBLE, 1, &dims[k], &coords[k]), path,
            axes[k]->name);
      put_text(nc, coords[k], "units", axes[k]->units, path);
      put_text(nc, coords[k], "axis", cf_axis[k], path);
      if (k == 0) put_text(nc, coords[k], "standard_name", "time", path);
      if (k == 2 && axes[k]->units == "degrees_north")
        put_text(nc, coords[k], "standard_name", "latitude", path);
      if (k == 3 && axes[k]->units == "degrees_east")
        put_text(nc, coords[k], "standard_name", "longitude", path);
    }
    std::vector<int> vars;
    for (const auto& fld : fields) {
      const int var = def_double(nc, fld.name, {dims[0], dims[1], dims[2], dims[3]}, path);
      put_text(nc, var, "units", fld.units, path);
      put_text(nc, var, "long_name", fld.long_name.empty() ? fld.name : fld.long_name, path);
      if (!fld.standard_name.empty()) put_text(nc, var, "standard_name", fld.standard_name, path);
      vars.push_back(var);
    }
    check(nc_enddef(nc), path, "enddef");
    for (int k = 0; k < 4; ++k)
      if (axes[k]->size())
        check(nc_put_var_double(nc, coords[k], axes[k]->values.data()), path, axes[k]->name);
    for (std::size_t v = 0; v < fields.size(); ++v)
      if (!fields[v].data.empty())
        check(nc_put_var_double(nc, vars[v], fields[v].data.data()), path, fields[v].name);
    f.close();
  }
  out.commit();
}

GriddedField read_netcdf_field(const std::string& path, const std::string& name,
                               const std::string& expected_units) {
  NcFile f(path, false);
  const int nc = f.id();
  const int var = find_var(nc, name, path);
  int ndims;
  check(nc_inq_varndims(nc, var, &ndims), path, name);
  if (ndims < 1 || ndims > 4)
    throw InvalidArgument(
        Location{path, 0, 0, name},
        "expected 1 to 4 dimensions (time, level, y, x), found " + std::to_string(ndims));
  GriddedField fld;
  fld.name = name;
  check_units(nc, var, name, expected_units, path, fld.units);
  get_text(nc, var, "long_name", fld.long_name);
  get_text(nc, var, "standard_name", fld.standard_name);
  int dims[4];
  check(nc_inq_vardimid(nc, var, dims), path, name);
  Axis* axes[4] = {&fld.grid.time, &fld.grid.level, &fld.grid.y, &fld.grid.x};
  // Leading axes the variable lacks become size-1 placeholders.
  for (int k = 0; k < 4 - ndims; ++k) {
    axes[k]->values = {0.0};
  }
  for (int d = 0; d < ndims; ++d) {
    Axis& axis = *axes[4 - ndims + d];
    char dim_name[NC_MAX_NAME + 1];
    std::size_t len;
    check(nc_inq_dim(nc, dims[d], dim_name, &len), path, name);
    axis.name = dim_name;
    axis.values.assign(len, 0.0);
    for (std::size_t i = 0; i < len; ++i) axis.values[i] = static_cast<double>(i);
    axis.units.clear();
    int coord;
    if (nc_inq_varid(nc, dim_name, &coord) == NC_NOERR) {
      nc_type type;
      check(nc_inq_vartype(nc, coord, &type), path, dim_name);
      if (type != NC_STRING && type != NC_CHAR && len)
        check(nc_get_var_double(nc, coord, axis.values.data()), path, dim_name);
      get_text(nc, coord, "units", axis.units);
    }
  }
  fld.data.assign(fld.grid.size(), 0.0);
  if (!fld.data.empty()) check(nc_get_var_double(nc, var, fld.data.data()), path, name);
  mask_missing(nc, var, fld.data);
  return fld;
}

std::vector<std::string> netcdf_variables(const std::string& path) {
  NcFile f(path, false);
  int nvars;
  check(nc_inq_nvars(f.id(), &nvars), path, "variables");
  std::vector<std::string> names;
  for (int v = 0; v < nvars; ++v) {
    char name[NC_MAX_NAME + 1];
    check(nc_inq_varname(f.id(), v, name), path, "variables");
    int dim;
    // A coordinate variable has the name of its only dimension.
    int ndims;
    nc_inq_varndims(f.id(), v, &ndims);
    if (ndims == 1 && nc_inq_dimid(f.id(), name, &dim) == NC_NOERR) continue;
    names.emplace_back(name);
  }
  return names;
}

}  // namespace aqm::io
