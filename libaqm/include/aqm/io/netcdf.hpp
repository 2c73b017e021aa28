#pragma once
// CF NetCDF I/O for labelled matrices and gridded fields.  Needs aqm::netcdf (AQM_WITH_NETCDF).
//
// Files carry Conventions = "CF-1.8", a `units` and `long_name` on every data variable and
// coordinate variables for every dimension (labels as NC_STRING).  Writes are atomic.

#include <map>
#include <string>
#include <vector>

#include "aqm/core/gridded_field.hpp"
#include "aqm/core/labelled_matrix.hpp"

namespace aqm::io {

/// Global attributes to add (title, history, institution, ...).
using Attributes = std::map<std::string, std::string>;

/// Write one matrix as variable `name(row_dim, col_dim)`.  Columns sharing one unit give a
/// `units` attribute; mixed units are stored in a `<name>_units(col_dim)` string variable.
void write_netcdf_matrix(const std::string& path, const LabelledMatrix& m, const std::string& name,
                         const std::string& long_name, const Attributes& global = {});

/// Read variable `name` (2-D).  When `expected_units` is not empty the file's units must match
/// (aqm::UnitError naming file and variable); a missing variable is aqm::KeyError.
LabelledMatrix read_netcdf_matrix(const std::string& path, const std::string& name,
                                  const std::string& expected_units = "");

/// Write fields that share one grid as variables (time, lev, lat, lon) plus coordinates.
void write_netcdf_fields(const std::string& path, const std::vector<GriddedField>& fields,
                         const Attributes& global = {});

/// Read one field; variables with fewer than four dimensions fill the leading axes with
/// size-1 placeholders.  Units are checked as in read_netcdf_matrix.
GriddedField read_netcdf_field(const std::string& path, const std::string& name,
                               const std::string& expected_units = "");

/// Names of the data variables (not coordinates) in a file.
std::vector<std::string> netcdf_variables(const std::string& path);

}  // namespace aqm::io
