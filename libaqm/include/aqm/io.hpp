#pragma once
// Umbrella header of aqm I/O that needs no optional library.  NetCDF and HDF5 are opt-in:
// include <aqm/io/netcdf.hpp> / <aqm/io/hdf5.hpp> and link aqm::netcdf / aqm::hdf5.
#include "aqm/io/atomic_output.hpp"
#include "aqm/io/delimited.hpp"
