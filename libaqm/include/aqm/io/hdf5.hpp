#pragma once
// HDF5 I/O for labelled matrices and gridded fields.  Needs aqm::hdf5 (AQM_WITH_HDF5).
//
// Layout (readable from h5py without libaqm): one group per variable holding a `values`
// dataset, one string or double dataset per dimension named after it, and attributes `units`,
// `long_name`, `dims` (the dimension names in order).  Writes are atomic.

#include <string>
#include <vector>

#include "aqm/core/gridded_field.hpp"
#include "aqm/core/labelled_matrix.hpp"

namespace aqm::io {

void write_hdf5_matrix(const std::string& path, const LabelledMatrix& m, const std::string& name,
                       const std::string& long_name);
LabelledMatrix read_hdf5_matrix(const std::string& path, const std::string& name,
                                const std::string& expected_units = "");

void write_hdf5_fields(const std::string& path, const std::vector<GriddedField>& fields);
GriddedField read_hdf5_field(const std::string& path, const std::string& name,
                             const std::string& expected_units = "");

}  // namespace aqm::io
