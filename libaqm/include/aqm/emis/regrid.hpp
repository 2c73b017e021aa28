#pragma once
// Conservative regridding between lat-lon grids.
//
// The overlap of source cell s and target cell t is itself a lat-lon cell, so its spherical
// area is exact: R^2 dlon_overlap (sin lat_top - sin lat_bottom).  The sparse weight
// W[t, s] = overlap area / area of s is the share of s's mass that lands in t (emiproc's
// extensive remap), built once and applied to any number of fields.  Mass of s outside the
// target domain is (1 - sum_t W[t, s]) x mass(s) and is reported, never silently dropped.
// Longitudes are compared modulo 360 (a 0..360 source onto a -180..180 target works).

#include <Eigen/SparseCore>
#include <vector>

#include "aqm/emis/grid.hpp"
#include "aqm/emis/inventory.hpp"

namespace aqm::emis {

struct RegridStats {
  double total_in = 0.0;   ///< mass on the source grid
  double total_out = 0.0;  ///< mass on the target grid
  double outside = 0.0;    ///< source mass that falls outside the target domain
};

class ConservativeRegridder {
 public:
  using Weights = Eigen::SparseMatrix<double, Eigen::RowMajor>;
  ConservativeRegridder(LatLonGrid source, LatLonGrid target);

  const Weights& weights() const { return w_; }  ///< target x source
  const LatLonGrid& source() const { return src_; }
  const LatLonGrid& target() const { return dst_; }
  /// Share of each source cell's area that lies inside the target domain.
  const std::vector<double>& inside_fraction() const { return inside_; }

  /// Extensive quantity per cell (kg/yr per cell): out = W in.
  std::vector<double> apply_extensive(const std::vector<double>& per_cell,
                                      RegridStats* stats = nullptr) const;
  /// Intensive flux per area (kg m-2 s-1): area-weighted average over the overlaps.
  std::vector<double> apply_flux(const std::vector<double>& flux,
                                 RegridStats* stats = nullptr) const;

 private:
  LatLonGrid src_, dst_;
  Weights w_;
  std::vector<double> inside_, src_area_, dst_area_;
};

/// Regrid a gridded inventory.  Per-area units are treated as fluxes, others as amounts per
/// cell.  The mass outside the target domain per pollutant is recorded in the history and
/// returned in `outside` (annual totals, in the totals() unit of each pollutant).
Inventory regrid(const Inventory& inv, const ConservativeRegridder& r,
                 std::vector<double>* outside = nullptr);

}  // namespace aqm::emis
