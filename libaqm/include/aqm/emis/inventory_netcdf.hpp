#pragma once
// CF-NetCDF files of emission inventories, the same layout Python's aqm.emis.Inventory
// to_netcdf()/from_netcdf() use.  Needs aqm::netcdf (AQM_WITH_NETCDF): include this header and
// link aqm::netcdf.
//
// Layout (netCDF-4):
//   dimensions  sector, time (1 = annual, 12 = months), place — or lat, lon, nv (= 2) on a grid
//   sector(sector)        string labels, attribute `ids` = "0: power; 1: industry/boiler; ..."
//   place(place)          string labels (region inventories)
//   lat(lat), lon(lon)    cell centres, `units`, `standard_name`, `bounds` = lat_bnds/lon_bnds
//   lat_bnds(lat, nv), lon_bnds(lon, nv)  cell edges
//   time(time)            int64 "days since <year>-01-01 00:00:00", calendar proleptic_gregorian
//                         (0 for an annual slice; the first day of each month otherwise)
//   <var>(sector, time, place) or <var>(sector, time, lat, lon), one double per pollutant,
//                         named from the pollutant (characters other than ASCII letters, digits
//                         and '_' become '_', "v_" is prefixed unless it starts with a letter),
//                         attributes units, pollutant (the real name), long_name,
//                         cell_methods ("time: mean" for a rate unit with '/', else "time: sum")
//   globals               Conventions = CF-1.10, title (= name), year (int64), time_resolution
//                         ("annual"/"monthly"), history (text), history_json, source
// `history_json` holds the operation history as JSON:
//   [{"name": ..., "source": ..., "parameters": {key: value, ...}}, ...]
//
// Reading takes pollutants from the variables that carry a `pollutant` attribute, in file
// order, with their dimensions in any order; missing title/year/time_resolution/history_json
// default as in Python (title "inventory", year 2020, from the time length, no history).  The
// result records {"read_netcdf", path} in its history.  Errors name the file and the variable
// or attribute: FileNotFound / FileError (not NetCDF), KeyError (missing dimension, coordinate
// or bounds variable, no pollutant variable), UnitError (missing or unparsable units),
// ParseError (malformed history_json, with line:column), InvalidArgument (time length not 1 or
// 12 or not matching time_resolution, bad dimensions, non-contiguous bounds, NaN values).
// Writing is atomic: a failed write leaves no file at `path`.

#include <string>

#include "aqm/emis/inventory.hpp"

namespace aqm::emis {

Inventory read_inventory_netcdf(const std::string& path);
void write_inventory_netcdf(const std::string& path, const Inventory& inv);

/// NetCDF variable name for a pollutant ("PM2.5" -> "PM2_5", "1,3-butadiene" -> "v_1_3_butadiene").
std::string netcdf_variable_name(const std::string& pollutant);

}  // namespace aqm::emis
