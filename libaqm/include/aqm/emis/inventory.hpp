#pragma once
// An emission inventory: values by sector x pollutant x place x time slice, with explicit
// units per pollutant and an operation history saved with every output.
//
// - Sectors may carry sub-sectors/processes as "sector/sub" paths; measures and totals can
//   address a whole sector by its prefix.
// - Places are named regions (a region table) or the cells of a LatLonGrid (then the place
//   labels are "r<j>c<i>", row j of latitude, column i of longitude, and `grid` is set).
// - Time is one "annual" slice or 12 calendar months of `year`.  A value in a rate unit
//   (per time) is the mean rate over its slice; a value in an amount unit (t, mol) is the amount
//   emitted during the slice.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aqm/core/error.hpp"
#include "aqm/core/labelled_matrix.hpp"
#include "aqm/emis/grid.hpp"
#include "aqm/emis/units.hpp"

namespace aqm::emis {

/// One entry of the operation history.
struct Operation {
  std::string name;    ///< "scale", "apply_scenario", "regrid", "read_csv", ...
  std::string source;  ///< file it came from, "" when none
  std::vector<std::pair<std::string, std::string>> parameters;
  bool operator==(const Operation& o) const {
    return name == o.name && source == o.source && parameters == o.parameters;
  }
};

enum class TimeResolution { annual, monthly };

class Inventory {
 public:
  Inventory() = default;
  /// Values start at zero.  Units are per pollutant and must parse.
  Inventory(std::vector<std::string> sectors, std::vector<std::string> pollutants,
            std::vector<std::string> places, TimeResolution time, std::vector<std::string> units,
            int year = 2020);
  /// Gridded inventory: places are the grid cells.
  static Inventory on_grid(std::vector<std::string> sectors, std::vector<std::string> pollutants,
                           LatLonGrid grid, TimeResolution time, std::vector<std::string> units,
                           int year = 2020);

  std::string name = "inventory";
  int year = 2020;

  const std::vector<std::string>& sectors() const { return sectors_; }
  const std::vector<std::string>& pollutants() const { return pollutants_; }
  const std::vector<std::string>& places() const { return places_; }
  const std::vector<std::string>& units() const { return units_; }
  std::vector<std::string> time_labels() const;
  TimeResolution time_resolution() const { return time_; }
  const std::optional<LatLonGrid>& grid() const { return grid_; }
  std::size_t n_sectors() const { return sectors_.size(); }
  std::size_t n_pollutants() const { return pollutants_.size(); }
  std::size_t n_places() const { return places_.size(); }
  std::size_t n_times() const { return time_ == TimeResolution::annual ? 1 : 12; }

  /// Flat storage, index ((s * P + p) * R + r) * T + t.
  std::vector<double>& values() { return values_; }
  const std::vector<double>& values() const { return values_; }
  std::size_t flat(std::size_t s, std::size_t p, std::size_t r, std::size_t t) const {
    return ((s * pollutants_.size() + p) * places_.size() + r) * n_times() + t;
  }
  double& at(std::size_t s, std::size_t p, std::size_t r, std::size_t t = 0) {
    return values_[flat(s, p, r, t)];
  }
  double at(std::size_t s, std::size_t p, std::size_t r, std::size_t t = 0) const {
    return values_[flat(s, p, r, t)];
  }

  /// Index lookups; throw KeyError naming the label.
  std::size_t sector_index(const std::string& s) const;
  std::size_t pollutant_index(const std::string& p) const;
  std::size_t place_index(const std::string& r) const;
  /// Sectors equal to `selector` or below it ("industry" selects "industry/solvent"); "*" = all.
  std::vector<std::size_t> select_sectors(const std::string& selector) const;

  /// Convert one pollutant to another unit (with species data when crossing mass/moles/basis).
  void convert_units(const std::string& pollutant, const std::string& unit,
                     const SpeciesData& species = {});

  /// Annual totals, sector x pollutant, summed over places and time slices.  Rate units are
  /// weighted by the slice's share of the calendar year; per-area units are multiplied by the
  /// cell areas (grid only) and the column unit gains "m2".  Column units are set.
  LabelledMatrix totals() const;
  /// Annual total of each (sector, pollutant, place) by the same rules, flat (s*P + p)*R + r.
  std::vector<double> element_totals() const;
  /// The same, summed over sectors whose path starts with each top-level sector.
  LabelledMatrix totals_by_top_sector() const;

  std::vector<Operation>& history() { return history_; }
  const std::vector<Operation>& history() const { return history_; }
  void record(Operation op) { history_.push_back(std::move(op)); }

  /// Throws InvalidArgument on duplicate labels, unparsable units, wrong sizes, NaN or Inf.
  void validate() const;

 private:
  std::vector<std::string> sectors_, pollutants_, places_, units_;
  TimeResolution time_ = TimeResolution::annual;
  std::optional<LatLonGrid> grid_;
  std::vector<double> values_;
  std::vector<Operation> history_;
};

/// Long-format CSV: header `sector,pollutant,place,time,value,unit` (any column order); `#`
/// comment lines before the header carry `name`, `year`, `grid_lon_edges`, `grid_lat_edges`
/// and `history` entries.  Missing combinations are zero; a duplicate, a bad number or a unit
/// that differs within one pollutant throws ParseError/UnitError naming file, line and column.
Inventory read_inventory_csv(const std::string& path);
Inventory parse_inventory_csv(const std::string& text, const std::string& source_name);
void write_inventory_csv(const std::string& path, const Inventory& inv);
std::string format_inventory_csv(const Inventory& inv);

/// Days in a month (1-12) of a Gregorian year; days in the year.
int days_in_month(int year, int month);
int days_in_year(int year);

}  // namespace aqm::emis
