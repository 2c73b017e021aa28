// Emission inventories as CF-NetCDF (see aqm/emis/inventory_netcdf.hpp for the layout).
#include "aqm/emis/inventory_netcdf.hpp"

#include <cmath>
#include <cstdint>
#include <map>

#include "aqm/emis/detail/history_json.hpp"
#include "aqm/io/atomic_output.hpp"
#include "aqm/version.hpp"
#include "io/netcdf/nc_detail.hpp"

namespace aqm::emis {
namespace {

using namespace aqm::io::detail;

bool ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Day of the year (0-based) on which each time slice starts.
std::vector<long long> slice_start_days(int year, std::size_t n_times) {
  std::vector<long long> days{0};
  for (int m = 1; m < static_cast<int>(n_times); ++m)
    days.push_back(days.back() + days_in_month(year, m));
  return days;
}

std::string time_units(int year) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "days since %04d-01-01 00:00:00", year);
  return buf;
}

int def_dim(int nc, const char* name, std::size_t n, const std::string& path) {
  int dim;
  check(nc_def_dim(nc, name, n, &dim), path, name);
  return dim;
}

// Reads a text attribute; InvalidArgument when it exists with a non-text type.
bool text_att(int nc, int var, const std::string& name, std::string& out, const std::string& path,
              const std::string& where) {
  if (!has_att(nc, var, name)) return false;
  if (!get_text(nc, var, name, out))
    throw InvalidArgument(Location{path, 0, 0, where}, "attribute '" + name + "' is not text");
  return true;
}

std::size_t dim_len(int nc, const std::string& name, const std::string& path, int* id = nullptr) {
  int dim;
  if (nc_inq_dimid(nc, name.c_str(), &dim) != NC_NOERR)
    throw KeyError(Location{path, 0, 0, name}, "no such dimension in the file");
  std::size_t n;
  check(nc_inq_dimlen(nc, dim, &n), path, name);
  if (id) *id = dim;
  return n;
}

std::vector<std::string> var_dim_names(int nc, int var, const std::string& path,
                                       const std::string& name) {
  int ndims;
  check(nc_inq_varndims(nc, var, &ndims), path, name);
  std::vector<int> dims(static_cast<std::size_t>(ndims));
  if (ndims) check(nc_inq_vardimid(nc, var, dims.data()), path, name);
  std::vector<std::string> out;
  for (int d : dims) {
    char buf[NC_MAX_NAME + 1];
    check(nc_inq_dimname(nc, d, buf), path, name);
    out.emplace_back(buf);
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Cell edges from a (n, 2) bounds variable; the cells must be contiguous.
std::vector<double> read_edges(int nc, const std::string& axis, std::size_t n,
                               const std::string& path) {
  std::string bounds = axis + "_bnds";
  int coord;
  if (nc_inq_varid(nc, axis.c_str(), &coord) == NC_NOERR) {
    std::string b;
    if (get_text(nc, coord, "bounds", b) && !b.empty()) bounds = b;
  }
  const int var = find_var(nc, bounds, path);
  const auto dims = var_dim_names(nc, var, path, bounds);
  std::vector<double> edges;
  if (dims.size() != 2 || dims[0] != axis)
    throw InvalidArgument(Location{path, 0, 0, bounds},
                          "expected dimensions (" + axis + ", nv), found (" + join(dims) + ")");
  if (dim_len(nc, dims[1], path) != 2)
    throw InvalidArgument(Location{path, 0, 0, bounds}, "the second dimension must have length 2");
  std::vector<double> b(2 * n);
  if (n) check(nc_get_var_double(nc, var, b.data()), path, bounds);
  mask_missing(nc, var, b);
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(b[2 * k]) || !std::isfinite(b[2 * k + 1]))
      throw InvalidArgument(Location{path, 0, 0, bounds}, "missing or non-finite bound at " + axis +
                                                              " index " + std::to_string(k));
    if (k > 0 && b[2 * k] != b[2 * k - 1])
      throw InvalidArgument(Location{path, 0, 0, bounds},
                            "cells are not contiguous: upper bound of cell " +
                                std::to_string(k - 1) + " differs from the lower bound of cell " +
                                std::to_string(k));
    edges.push_back(b[2 * k]);
  }
  if (n) edges.push_back(b[2 * n - 1]);
  return edges;
}

int read_year(int nc, const std::string& path) {
  nc_type type;
  std::size_t len;
  if (nc_inq_att(nc, NC_GLOBAL, "year", &type, &len) != NC_NOERR) return 2020;
  const bool integer = type == NC_BYTE || type == NC_SHORT || type == NC_INT || type == NC_INT64 ||
                       type == NC_UBYTE || type == NC_USHORT || type == NC_UINT ||
                       type == NC_UINT64;
  const bool real = type == NC_FLOAT || type == NC_DOUBLE;
  if (len != 1 || !(integer || real))
    throw InvalidArgument(Location{path, 0, 0, "year"}, "global attribute must be one integer");
  double v;
  check(nc_get_att_double(nc, NC_GLOBAL, "year", &v), path, "year");
  if (!std::isfinite(v) || v != std::floor(v) || v < 1 || v > 9999)
    throw InvalidArgument(Location{path, 0, 0, "year"}, "global attribute must be an integer year");
  return static_cast<int>(v);
}

}  // namespace

std::string netcdf_variable_name(const std::string& pollutant) {
  std::string name;
  for (std::size_t i = 0; i < pollutant.size();) {
    const auto c = static_cast<unsigned char>(pollutant[i]);
    if (ascii_alnum(c) || c == '_') {
      name += static_cast<char>(c);
      ++i;
      continue;
    }
    name += '_';  // one '_' per character: skip the continuation bytes of a UTF-8 sequence
    ++i;
    if (c >= 0xC0)
      while (i < pollutant.size() && (static_cast<unsigned char>(pollutant[i]) & 0xC0) == 0x80) ++i;
  }
  const auto first = name.empty() ? '\0' : static_cast<unsigned char>(name[0]);
  const bool letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
  return letter ? name : "v_" + name;
}

void write_inventory_netcdf(const std::string& path, const Inventory& inv) {
  inv.validate();
  const std::string json = detail::history_to_json(inv.history(), Location{path, 0, 0, "history"});
  const bool gridded = inv.grid().has_value();
  const std::size_t S = inv.n_sectors(), P = inv.n_pollutants(), R = inv.n_places(),
                    T = inv.n_times();

  // Variable names must be unique and must not collide with the coordinates.
  std::map<std::string, std::string> taken;
  for (const char* c : {"sector", "time", "place", "lat", "lon", "lat_bnds", "lon_bnds", "nv"})
    taken[c] = std::string("the coordinate '") + c + "'";
  std::vector<std::string> names;
  for (const auto& pol : inv.pollutants()) {
    std::string v = netcdf_variable_name(pol);
    auto [it, fresh] = taken.emplace(v, "pollutant '" + pol + "'");
    if (!fresh)
      throw InvalidArgument(Location{path, 0, 0, pol},
                            "NetCDF variable name '" + v + "' is also that of " + it->second);
    names.push_back(std::move(v));
  }

  io::AtomicOutput out(path);
  {
    NcFile f(out.temp_path(), true);
    const int nc = f.id();
    put_text_like_python(nc, NC_GLOBAL, "Conventions", "CF-1.10", path);
    put_text_like_python(nc, NC_GLOBAL, "title", inv.name, path);
    const long long year = inv.year;
    check(nc_put_att_longlong(nc, NC_GLOBAL, "year", NC_INT64, 1, &year), path, "year");
    put_text_like_python(nc, NC_GLOBAL, "time_resolution",
                         inv.time_resolution() == TimeResolution::annual ? "annual" : "monthly",
                         path);
    put_text_like_python(nc, NC_GLOBAL, "history", detail::history_to_text(inv.history()), path);
    put_text_like_python(nc, NC_GLOBAL, "history_json", json, path);
    put_text_like_python(nc, NC_GLOBAL, "source",
                         std::string("libaqm aqm::emis (C++ ") + aqm::version + ")", path);

    const int d_sector = def_dim(nc, "sector", S, path);
    const int d_time = def_dim(nc, "time", T, path);
    int d_place = -1, d_lat = -1, d_lon = -1, d_nv = -1;
    std::size_t nx = 0, ny = 0;
    if (gridded) {
      ny = inv.grid()->ny();
      nx = inv.grid()->nx();
      d_lat = def_dim(nc, "lat", ny, path);
      d_lon = def_dim(nc, "lon", nx, path);
      d_nv = def_dim(nc, "nv", 2, path);
    } else {
      d_place = def_dim(nc, "place", R, path);
    }

    std::vector<int> vars;
    for (std::size_t p = 0; p < P; ++p) {
      const std::vector<int> dims = gridded ? std::vector<int>{d_sector, d_time, d_lat, d_lon}
                                            : std::vector<int>{d_sector, d_time, d_place};
      const int var = def_double(nc, names[p], dims, path);
      const std::string& unit = inv.units()[p];
      put_text_like_python(nc, var, "units", unit, path);
      put_text_like_python(nc, var, "pollutant", inv.pollutants()[p], path);
      put_text_like_python(nc, var, "long_name", inv.pollutants()[p] + " emissions", path);
      put_text_like_python(nc, var, "cell_methods",
                           unit.find('/') != std::string::npos ? "time: mean" : "time: sum", path);
      vars.push_back(var);
    }
    int v_lon_b = -1, v_lat_b = -1, v_lon = -1, v_lat = -1, v_place = -1;
    if (gridded) {
      v_lon_b = def_double(nc, "lon_bnds", {d_lon, d_nv}, path);
      v_lat_b = def_double(nc, "lat_bnds", {d_lat, d_nv}, path);
    }
    const int v_sector = def_string_coord(nc, "sector", d_sector, path);
    std::string ids;
    for (std::size_t s = 0; s < S; ++s)
      ids += (s ? "; " : "") + std::to_string(s) + ": " + inv.sectors()[s];
    put_text_like_python(nc, v_sector, "ids", ids, path);
    // CF attributes as aqm._cf gives them on the Python side (the two files must be the same)
    put_text_like_python(nc, v_sector, "long_name", "emission sector", path);
    int v_time;
    check(nc_def_var(nc, "time", NC_INT64, 1, &d_time, &v_time), path, "time");
    put_text_like_python(nc, v_time, "units", time_units(inv.year), path);
    put_text_like_python(nc, v_time, "calendar", "proleptic_gregorian", path);
    put_text_like_python(nc, v_time, "standard_name", "time", path);
    put_text_like_python(nc, v_time, "long_name", "period start", path);
    put_text_like_python(nc, v_time, "axis", "T", path);
    if (gridded) {
      v_lon = def_double(nc, "lon", {d_lon}, path);
      put_text(nc, v_lon, "units", "degrees_east", path);
      put_text(nc, v_lon, "bounds", "lon_bnds", path);
      put_text(nc, v_lon, "standard_name", "longitude", path);
      put_text(nc, v_lon, "long_name", "longitude", path);
      put_text(nc, v_lon, "axis", "X", path);
      v_lat = def_double(nc, "lat", {d_lat}, path);
      put_text(nc, v_lat, "units", "degrees_north", path);
      put_text(nc, v_lat, "bounds", "lat_bnds", path);
      put_text(nc, v_lat, "standard_name", "latitude", path);
      put_text(nc, v_lat, "long_name", "latitude", path);
      put_text(nc, v_lat, "axis", "Y", path);
    } else {
      v_place = def_string_coord(nc, "place", d_place, path);
      put_text_like_python(nc, v_place, "long_name", "place", path);
    }
    check(nc_enddef(nc), path, "enddef");

    // Pollutant p as (sector, time, place) with place = j * nx + i on a grid.
    std::vector<double> buf(S * T * R);
    for (std::size_t p = 0; p < P; ++p) {
      for (std::size_t s = 0; s < S; ++s)
        for (std::size_t t = 0; t < T; ++t)
          for (std::size_t r = 0; r < R; ++r) buf[(s * T + t) * R + r] = inv.at(s, p, r, t);
      if (!buf.empty()) check(nc_put_var_double(nc, vars[p], buf.data()), path, names[p]);
    }
    put_strings(nc, v_sector, inv.sectors(), path, "sector");
    const auto days = slice_start_days(inv.year, T);
    check(nc_put_var_longlong(nc, v_time, days.data()), path, "time");
    if (gridded) {
      const LatLonGrid& g = *inv.grid();
      std::vector<double> lon(nx), lat(ny), lon_b(2 * nx), lat_b(2 * ny);
      for (std::size_t i = 0; i < nx; ++i) {
        lon[i] = g.lon_center(i);
        lon_b[2 * i] = g.lon_edges[i];
        lon_b[2 * i + 1] = g.lon_edges[i + 1];
      }
      for (std::size_t j = 0; j < ny; ++j) {
        lat[j] = g.lat_center(j);
        lat_b[2 * j] = g.lat_edges[j];
        lat_b[2 * j + 1] = g.lat_edges[j + 1];
      }
      check(nc_put_var_double(nc, v_lon, lon.data()), path, "lon");
      check(nc_put_var_double(nc, v_lat, lat.data()), path, "lat");
      check(nc_put_var_double(nc, v_lon_b, lon_b.data()), path, "lon_bnds");
      check(nc_put_var_double(nc, v_lat_b, lat_b.data()), path, "lat_bnds");
    } else {
      put_strings(nc, v_place, inv.places(), path, "place");
    }
    f.close();
  }
  out.commit();
}

Inventory read_inventory_netcdf(const std::string& path) {
  NcFile f(path, false);
  const int nc = f.id();

  // Time slices.
  const std::size_t T = dim_len(nc, "time", path);
  if (T != 1 && T != 12)
    throw InvalidArgument(
        Location{path, 0, 0, "time"},
        "time dimension has length " + std::to_string(T) + "; expected 1 (annual) or 12 (monthly)");
  TimeResolution time = T == 1 ? TimeResolution::annual : TimeResolution::monthly;
  std::string res;
  if (text_att(nc, NC_GLOBAL, "time_resolution", res, path, "time_resolution")) {
    if (res != "annual" && res != "monthly")
      throw InvalidArgument(Location{path, 0, 0, "time_resolution"},
                            "must be 'annual' or 'monthly', found '" + res + "'");
    if ((res == "annual") != (T == 1))
      throw InvalidArgument(
          Location{path, 0, 0, "time_resolution"},
          "'" + res + "' does not match the time dimension of length " + std::to_string(T));
  }

  const int year = read_year(nc, path);
  std::string title = "inventory";
  text_att(nc, NC_GLOBAL, "title", title, path, "title");

  // Sectors, then places or grid.
  const std::size_t S = dim_len(nc, "sector", path);
  const auto sectors = get_strings(nc, find_var(nc, "sector", path), S, path, "sector");
  int probe;
  const bool gridded =
      nc_inq_dimid(nc, "lat", &probe) == NC_NOERR && nc_inq_dimid(nc, "lon", &probe) == NC_NOERR;
  std::vector<std::string> place_axes;
  std::vector<std::string> places;
  LatLonGrid grid;
  std::size_t ny = 0, nx = 0;
  if (gridded) {
    ny = dim_len(nc, "lat", path);
    nx = dim_len(nc, "lon", path);
    grid.lat_edges = read_edges(nc, "lat", ny, path);
    grid.lon_edges = read_edges(nc, "lon", nx, path);
    try {
      grid.validate();
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(Location{path, 0, 0, "lat_bnds/lon_bnds"}, e.what());
    }
    place_axes = {"lat", "lon"};
  } else {
    const std::size_t R = dim_len(nc, "place", path);
    places = get_strings(nc, find_var(nc, "place", path), R, path, "place");
    place_axes = {"place"};
  }
  const std::size_t R = gridded ? nx * ny : places.size();

  // Pollutant variables, in file order.
  int nvars;
  check(nc_inq_nvars(nc, &nvars), path, "variables");
  std::vector<std::string> pollutants, units, var_names;
  std::vector<std::vector<double>> data;  // each (S, R, T) in inventory order
  for (int v = 0; v < nvars; ++v) {
    char buf[NC_MAX_NAME + 1];
    check(nc_inq_varname(nc, v, buf), path, "variables");
    const std::string name = buf;
    std::string pol;
    if (!text_att(nc, v, "pollutant", pol, path, name)) continue;
    std::string unit;
    if (!text_att(nc, v, "units", unit, path, name))
      throw UnitError(Location{path, 0, 0, name}, "pollutant variable has no units attribute");
    parse_unit(unit, Location{path, 0, 0, name});

    // Map each dimension of the variable to an inventory axis: 0 sector, 1 time, 2.. place.
    const auto dims = var_dim_names(nc, v, path, name);
    std::vector<std::string> expected{"sector", "time"};
    expected.insert(expected.end(), place_axes.begin(), place_axes.end());
    std::vector<int> axis_of(dims.size(), -1);
    std::vector<bool> used(expected.size(), false);
    bool ok = dims.size() == expected.size();
    for (std::size_t d = 0; ok && d < dims.size(); ++d) {
      for (std::size_t a = 0; a < expected.size(); ++a)
        if (dims[d] == expected[a] && !used[a]) {
          axis_of[d] = static_cast<int>(a);
          used[a] = true;
        }
      ok = axis_of[d] >= 0;
    }
    if (!ok)
      throw InvalidArgument(Location{path, 0, 0, name},
                            "dimensions (" + join(dims) + ") are not (" + join(expected) + ")");
    std::vector<std::size_t> len(dims.size());
    for (std::size_t d = 0; d < dims.size(); ++d) len[d] = dim_len(nc, dims[d], path);

    std::vector<double> raw(S * T * R);
    if (!raw.empty()) check(nc_get_var_double(nc, v, raw.data()), path, name);
    mask_missing(nc, v, raw);
    std::vector<double> vals(raw.size());
    std::vector<std::size_t> idx(dims.size(), 0);  // odometer over the variable's dimensions
    for (std::size_t k = 0; k < raw.size(); ++k) {
      std::size_t s = 0, t = 0, j = 0, i = 0;
      for (std::size_t d = 0; d < dims.size(); ++d) {
        switch (axis_of[d]) {
          case 0: s = idx[d]; break;
          case 1: t = idx[d]; break;
          case 2: j = idx[d]; break;
          default: i = idx[d];
        }
      }
      const std::size_t r = gridded ? j * nx + i : j;
      if (!std::isfinite(raw[k])) {
        const std::string at =
            sectors[s] + ", time " + std::to_string(t) + ", " +
            (gridded ? "lat " + std::to_string(j) + ", lon " + std::to_string(i) : places[r]);
        throw InvalidArgument(Location{path, 0, 0, name},
                              "missing or non-finite value at (" + at + ")");
      }
      vals[(s * R + r) * T + t] = raw[k];
      for (std::size_t d = dims.size(); d-- > 0;) {
        if (++idx[d] < len[d]) break;
        idx[d] = 0;
      }
    }
    pollutants.push_back(pol);
    units.push_back(unit);
    var_names.push_back(name);
    data.push_back(std::move(vals));
  }
  if (pollutants.empty())
    throw KeyError(Location{path, 0, 0, "pollutant"},
                   "no variable has a 'pollutant' attribute; not an emission inventory file");

  std::vector<Operation> history;
  std::string json;
  if (text_att(nc, NC_GLOBAL, "history_json", json, path, "history_json"))
    history = detail::history_from_json(json, Location{path, 0, 0, "history_json"});

  Inventory inv;
  try {
    inv = gridded ? Inventory::on_grid(sectors, pollutants, grid, time, units, year)
                  : Inventory(sectors, pollutants, places, time, units, year);
  } catch (const UnitError& e) {
    throw UnitError(Location{path}, e.what());
  } catch (const InvalidArgument& e) {
    throw InvalidArgument(Location{path}, e.what());
  }
  const std::size_t P = pollutants.size();
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t s = 0; s < S; ++s)
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t t = 0; t < T; ++t) inv.at(s, p, r, t) = data[p][(s * R + r) * T + t];
  inv.name = title;
  inv.history() = std::move(history);
  inv.record({"read_netcdf", path, {}});
  return inv;
}

}  // namespace aqm::emis
