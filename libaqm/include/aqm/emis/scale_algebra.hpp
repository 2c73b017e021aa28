#pragma once
// HEMCO-style scale-factor algebra (Keller et al. 2014; Lin et al. 2021, HEMCO 3.0; the
// aggregation loop of HEMCO's hco_calc_mod.F90):
//
// - each base field is multiplied by its scale factors: multiply (S), divide (1/S) or
//   square (S^2); missing factor values (NaN) count as 1; negative values are an error;
// - masks (region-ID fields or lon/lat boxes selecting cells by their midpoints; binary, i.e.
//   rounded at 0.5, or fractional) multiply the field and define where it applies;
// - per (species, category), fields are processed by ascending hierarchy:
//     same hierarchy:    HirFlx += Flx,  HirMsk = min(1, HirMsk + Mask)
//     next hierarchy:    CatFlx = (1 - HirMsk) CatFlx + HirFlx
//   so a higher hierarchy overrides lower ones only inside its mask;
// - categories are added.

#include <map>
#include <string>
#include <vector>

#include "aqm/emis/grid.hpp"

namespace aqm::emis {

enum class ScaleOperator { multiply = 1, divide = -1, square = 2 };

struct ScaleFactor {
  int id = 0;
  std::string name;
  std::vector<double> values;  ///< one value per cell, or a single value for all cells
  ScaleOperator op = ScaleOperator::multiply;
};

struct Mask {
  int id = 0;
  std::string name;
  std::vector<double> values;  ///< per cell, 0..1
  bool fractional = false;     ///< false: values >= 0.5 count as 1, others as 0

  /// Cells whose midpoints lie in [lon1, lon2] x [lat1, lat2].
  static Mask box(int id, const std::string& name, const LatLonGrid& grid, double lon1, double lat1,
                  double lon2, double lat2);
  /// Cells whose region ID is one of `ids` (region_ids has one entry per cell).
  static Mask regions(int id, const std::string& name, const std::vector<int>& region_ids,
                      const std::vector<int>& ids);
};

struct BaseField {
  std::string name;
  std::string species;
  int category = 1;
  int hierarchy = 1;
  std::vector<double> values;  ///< one per cell
  std::vector<int> scale_ids;  ///< scale factors and masks, applied in order
};

struct EmissionResult {
  std::vector<int> categories;                   ///< ascending
  std::vector<std::vector<double>> by_category;  ///< one field per category
  std::vector<double> total;                     ///< sum over categories
};

class ScaleAlgebra {
 public:
  explicit ScaleAlgebra(std::size_t n_cells) : n_(n_cells) {}
  void add(ScaleFactor f);
  void add(Mask m);
  void add(BaseField f);
  /// A uniform factor for one species over every field (HEMCO's EmisScale_<species>).
  void set_species_scale(const std::string& species, double factor);
  /// Emissions of one species.  Throws KeyError for a scale ID that was never added.
  EmissionResult compute(const std::string& species) const;
  std::size_t n_cells() const { return n_; }

 private:
  std::size_t n_;
  std::map<int, ScaleFactor> factors_;
  std::map<int, Mask> masks_;
  std::vector<BaseField> fields_;
  std::map<std::string, double> species_scale_;
};

}  // namespace aqm::emis
