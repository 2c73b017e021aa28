#pragma once
// Rectilinear latitude-longitude grids on the sphere, described by cell edges.
//
// The area of the cell [lon1, lon2] x [lat1, lat2] on a sphere of radius R is exactly
//   A = R^2 (lon2 - lon1)[rad] (sin lat2 - sin lat1),
// and the overlap of two such cells is again such a cell, so conservative weights between
// lat-lon grids need no polygon clipping.

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "aqm/core/error.hpp"
#include "aqm/emis/units.hpp"

namespace aqm::emis {

struct LatLonGrid {
  std::vector<double> lon_edges;  ///< degrees east, strictly increasing, nx + 1 values
  std::vector<double> lat_edges;  ///< degrees north, strictly increasing in [-90, 90], ny + 1

  std::size_t nx() const { return lon_edges.empty() ? 0 : lon_edges.size() - 1; }
  std::size_t ny() const { return lat_edges.empty() ? 0 : lat_edges.size() - 1; }
  std::size_t size() const { return nx() * ny(); }
  /// Flat cell index: j (latitude row) major, i (longitude) minor.
  std::size_t index(std::size_t j, std::size_t i) const { return j * nx() + i; }

  double lon_center(std::size_t i) const { return 0.5 * (lon_edges[i] + lon_edges[i + 1]); }
  double lat_center(std::size_t j) const { return 0.5 * (lat_edges[j] + lat_edges[j + 1]); }

  /// Spherical cell area in m2 (radius kEarthRadius unless given).
  double cell_area(std::size_t j, std::size_t i, double radius = kEarthRadius) const {
    constexpr double d2r = kPi / 180.0;
    return radius * radius * (lon_edges[i + 1] - lon_edges[i]) * d2r *
           (std::sin(lat_edges[j + 1] * d2r) - std::sin(lat_edges[j] * d2r));
  }
  std::vector<double> cell_areas(double radius = kEarthRadius) const {
    std::vector<double> a(size());
    for (std::size_t j = 0; j < ny(); ++j)
      for (std::size_t i = 0; i < nx(); ++i) a[index(j, i)] = cell_area(j, i, radius);
    return a;
  }

  /// Regular grid from the south-west corner, cell size and counts.
  static LatLonGrid regular(double lon0, double lat0, double dlon, double dlat, std::size_t nx,
                            std::size_t ny) {
    LatLonGrid g;
    for (std::size_t i = 0; i <= nx; ++i) g.lon_edges.push_back(lon0 + dlon * double(i));
    for (std::size_t j = 0; j <= ny; ++j) g.lat_edges.push_back(lat0 + dlat * double(j));
    g.validate();
    return g;
  }

  /// Throws InvalidArgument (naming the axis and edge) unless edges increase and lie in range.
  void validate(const std::string& name = "grid") const {
    auto check = [&](const std::vector<double>& e, const char* axis, double lo, double hi) {
      if (e.size() < 2)
        throw InvalidArgument(argument(name + "." + axis), "needs at least 2 edges");
      for (std::size_t k = 0; k < e.size(); ++k) {
        if (!std::isfinite(e[k]) || e[k] < lo || e[k] > hi)
          throw InvalidArgument(argument(name + "." + axis),
                                "edge " + std::to_string(k) + " out of range");
        if (k > 0 && !(e[k] > e[k - 1]))
          throw InvalidArgument(argument(name + "." + axis),
                                "edges must increase (edge " + std::to_string(k) + ")");
      }
    };
    check(lon_edges, "lon_edges", -360.0, 720.0);
    check(lat_edges, "lat_edges", -90.0, 90.0);
    if (lon_edges.back() - lon_edges.front() > 360.0 + 1e-9)
      throw InvalidArgument(argument(name + ".lon_edges"), "spans more than 360 degrees");
  }

  bool operator==(const LatLonGrid& o) const {
    return lon_edges == o.lon_edges && lat_edges == o.lat_edges;
  }
};

}  // namespace aqm::emis
