#pragma once
// NetCDF-C helpers shared by the aqm::netcdf sources (io/netcdf/netcdf.cpp,
// emis/netcdf/inventory_netcdf.cpp).
// Internal: not installed, not part of the public API.  Every NetCDF-C status is turned into an
// aqm::FileError naming the file and the variable or attribute involved.

#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "aqm/core/error.hpp"

namespace aqm::io::detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline void check(int status, const std::string& path, const std::string& what) {
  if (status != NC_NOERR) throw FileError(Location{path, 0, 0, what}, nc_strerror(status));
}

// Closes the file on every path out of a function.
class NcFile {
 public:
  NcFile(const std::string& path, bool write) : path_(path) {
    if (write) {
      check(nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &id_), path, "create");
    } else {
      std::error_code ec;
      if (!std::filesystem::exists(path, ec)) throw FileNotFound(Location{path}, "no such file");
      const int status = nc_open(path.c_str(), NC_NOWRITE, &id_);
      if (status != NC_NOERR)
        throw FileError(Location{path},
                        std::string("not a readable NetCDF file: ") + nc_strerror(status));
    }
  }
  ~NcFile() {
    if (id_ >= 0) nc_close(id_);
  }
  NcFile(const NcFile&) = delete;
  NcFile& operator=(const NcFile&) = delete;
  void close() {
    const int id = id_;
    id_ = -1;
    check(nc_close(id), path_, "close");
  }
  int id() const { return id_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int id_ = -1;
};

/// Text attribute as NC_CHAR.
inline void put_text(int nc, int var, const std::string& name, const std::string& value,
                     const std::string& path) {
  check(nc_put_att_text(nc, var, name.c_str(), value.size(), value.c_str()), path, name);
}

/// Text attribute as netCDF4-python (hence xarray) writes it: NC_CHAR when the text is ASCII
/// (an empty text as one NUL byte), a scalar NC_STRING otherwise.
inline void put_text_like_python(int nc, int var, const std::string& name, const std::string& value,
                                 const std::string& path) {
  const bool ascii = std::all_of(value.begin(), value.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    const char* p = value.c_str();
    check(nc_put_att_string(nc, var, name.c_str(), 1, &p), path, name);
  } else if (value.empty()) {
    check(nc_put_att_text(nc, var, name.c_str(), 1, ""), path, name);
  } else {
    put_text(nc, var, name, value, path);
  }
}

/// Reads a NC_CHAR or scalar NC_STRING attribute; false when it is absent or of another type.
inline bool get_text(int nc, int var, const std::string& name, std::string& value) {
  nc_type type;
  std::size_t len;
  if (nc_inq_att(nc, var, name.c_str(), &type, &len) != NC_NOERR) return false;
  if (type == NC_CHAR) {
    value.assign(len, '\0');
    if (len > 0) nc_get_att_text(nc, var, name.c_str(), value.data());
    while (!value.empty() && value.back() == '\0') value.pop_back();
    return true;
  }
  if (type == NC_STRING && len == 1) {
    char* s = nullptr;
    nc_get_att_string(nc, var, name.c_str(), &s);
    value = s ? s : "";
    nc_free_string(1, &s);
    return true;
  }
  return false;
}

inline bool has_att(int nc, int var, const std::string& name) {
  return nc_inq_attid(nc, var, name.c_str(), nullptr) == NC_NOERR;
}

inline int def_string_coord(int nc, const std::string& name, int dim, const std::string& path) {
  int var;
  check(nc_def_var(nc, name.c_str(), NC_STRING, 1, &dim, &var), path, name);
  return var;
}

inline void put_strings(int nc, int var, const std::vector<std::string>& labels,
                        const std::string& path, const std::string& name) {
  std::vector<const char*> ptrs;
  ptrs.reserve(labels.size());
  for (const auto& s : labels) ptrs.push_back(s.c_str());
  if (!ptrs.empty()) check(nc_put_var_string(nc, var, ptrs.data()), path, name);
}

/// Labels of a coordinate variable of length n: NC_STRING, a 2-D NC_CHAR array (n, strlen) as
/// netCDF-3 files store text, or numbers (formatted with 15 significant digits).
inline std::vector<std::string> get_strings(int nc, int var, std::size_t n, const std::string& path,
                                            const std::string& name) {
  nc_type type;
  check(nc_inq_vartype(nc, var, &type), path, name);
  std::vector<std::string> out;
  if (type == NC_STRING) {
    std::vector<char*> ptrs(n, nullptr);
    if (n) check(nc_get_var_string(nc, var, ptrs.data()), path, name);
    for (auto* p : ptrs) out.emplace_back(p ? p : "");
    if (n) nc_free_string(n, ptrs.data());
  } else if (type == NC_CHAR) {
    int ndims = 0;
    check(nc_inq_varndims(nc, var, &ndims), path, name);
    if (ndims != 2)
      throw InvalidArgument(Location{path, 0, 0, name},
                            "character labels must be a 2-D (label, strlen) array");
    int dims[2];
    check(nc_inq_vardimid(nc, var, dims), path, name);
    std::size_t width = 0;
    check(nc_inq_dimlen(nc, dims[1], &width), path, name);
    std::vector<char> buf(n * width);
    if (!buf.empty()) check(nc_get_var_text(nc, var, buf.data()), path, name);
    for (std::size_t k = 0; k < n; ++k) {
      std::string s(buf.data() + k * width, width);
      s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
      out.push_back(std::move(s));
    }
  } else {
    std::vector<double> v(n);
    if (n) check(nc_get_var_double(nc, var, v.data()), path, name);
    for (double x : v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", x);
      out.emplace_back(buf);
    }
  }
  return out;
}

/// A double variable; with dimensions it gets _FillValue = NaN (as xarray writes floats).
inline int def_double(int nc, const std::string& name, const std::vector<int>& dims,
                      const std::string& path) {
  int var;
  check(nc_def_var(nc, name.c_str(), NC_DOUBLE, static_cast<int>(dims.size()), dims.data(), &var),
        path, name);
  if (!dims.empty()) {
    const double fill = kNaN;
    check(nc_put_att_double(nc, var, "_FillValue", NC_DOUBLE, 1, &fill), path, name);
  }
  return var;
}

/// Variable id; aqm::KeyError naming file and variable when it is absent.
inline int find_var(int nc, const std::string& name, const std::string& path) {
  int var;
  if (nc_inq_varid(nc, name.c_str(), &var) != NC_NOERR)
    throw KeyError(Location{path, 0, 0, name}, "no such variable in the file");
  return var;
}

/// Replace _FillValue / missing_value entries with NaN.
inline void mask_missing(int nc, int var, std::vector<double>& v) {
  for (const char* att : {"_FillValue", "missing_value"}) {
    nc_type type;
    std::size_t len;
    if (nc_inq_att(nc, var, att, &type, &len) != NC_NOERR || len != 1) continue;
    double fill;
    if (nc_get_att_double(nc, var, att, &fill) != NC_NOERR || std::isnan(fill)) continue;
    std::replace(v.begin(), v.end(), fill, kNaN);
  }
}

}  // namespace aqm::io::detail
