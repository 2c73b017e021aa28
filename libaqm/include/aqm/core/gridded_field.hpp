#pragma once
// A field on a time × level × y × x grid with CF-style coordinates (emission fluxes,
// concentrations).  Data are row-major in that order: index ((t*nz + k)*ny + j)*nx + i.

#include <cstddef>
#include <string>
#include <vector>

#include "aqm/core/error.hpp"

namespace aqm {

struct Axis {
  std::string name;   ///< dimension name, e.g. "time", "lev", "lat", "lon"
  std::string units;  ///< UDUNITS text, e.g. "hours since 2020-01-01 00:00:00", "degrees_north"
  std::vector<double> values;
  std::size_t size() const { return values.size(); }
  bool operator==(const Axis& o) const {
    return name == o.name && units == o.units && values == o.values;
  }
};

struct Grid {
  Axis time{"time", "hours since 2000-01-01 00:00:00", {0.0}};
  Axis level{"lev", "1", {0.0}};
  Axis y{"lat", "degrees_north", {}};
  Axis x{"lon", "degrees_east", {}};
  std::size_t size() const { return time.size() * level.size() * y.size() * x.size(); }
  bool operator==(const Grid& o) const {
    return time == o.time && level == o.level && y == o.y && x == o.x;
  }
};

struct GriddedField {
  std::string name;           ///< variable name
  std::string units;          ///< UDUNITS text, required
  std::string long_name;      ///< human-readable description
  std::string standard_name;  ///< CF standard name, "" when none applies
  Grid grid;
  std::vector<double> data;  ///< size grid.size(), NaN = missing

  double& at(std::size_t t, std::size_t k, std::size_t j, std::size_t i) {
    return data[((t * grid.level.size() + k) * grid.y.size() + j) * grid.x.size() + i];
  }
  double at(std::size_t t, std::size_t k, std::size_t j, std::size_t i) const {
    return data[((t * grid.level.size() + k) * grid.y.size() + j) * grid.x.size() + i];
  }

  /// Throws aqm::InvalidArgument when the data size does not match the grid or units are empty.
  void validate() const {
    if (data.size() != grid.size())
      throw InvalidArgument(argument(name), "field has " + std::to_string(data.size()) +
                                                " values for a grid of " +
                                                std::to_string(grid.size()));
    if (units.empty()) throw UnitError(argument(name), "field has no units");
  }
};

}  // namespace aqm
