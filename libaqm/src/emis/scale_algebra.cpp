// HEMCO-style scale-factor algebra (see aqm/emis/scale_algebra.hpp).
#include "aqm/emis/scale_algebra.hpp"

#include <algorithm>
#include <cmath>

namespace aqm::emis {

Mask Mask::box(int id, const std::string& name, const LatLonGrid& g, double lon1, double lat1,
               double lon2, double lat2) {
  g.validate();
  Mask m{id, name, std::vector<double>(g.size(), 0.0), false};
  for (std::size_t j = 0; j < g.ny(); ++j)
    for (std::size_t i = 0; i < g.nx(); ++i) {
      const double x = g.lon_center(i), y = g.lat_center(j);
      if (x >= lon1 && x <= lon2 && y >= lat1 && y <= lat2) m.values[g.index(j, i)] = 1.0;
    }
  return m;
}

Mask Mask::regions(int id, const std::string& name, const std::vector<int>& region_ids,
                   const std::vector<int>& ids) {
  Mask m{id, name, std::vector<double>(region_ids.size(), 0.0), false};
  for (std::size_t k = 0; k < region_ids.size(); ++k)
    if (std::find(ids.begin(), ids.end(), region_ids[k]) != ids.end()) m.values[k] = 1.0;
  return m;
}

namespace {
void check_size(std::size_t got, std::size_t n, const std::string& who, bool allow_scalar) {
  if (got == n || (allow_scalar && got == 1)) return;
  throw InvalidArgument(argument(who),
                        std::to_string(got) + " values for " + std::to_string(n) + " cells");
}
}  // namespace

void ScaleAlgebra::add(ScaleFactor f) {
  const std::string who =
      "scale factor " + std::to_string(f.id) + (f.name.empty() ? "" : " (" + f.name + ")");
  check_size(f.values.size(), n_, who, true);
  if (factors_.count(f.id) || masks_.count(f.id))
    throw InvalidArgument(argument(who), "duplicate scale ID");
  for (std::size_t k = 0; k < f.values.size(); ++k) {
    const double v = f.values[k];
    if (std::isnan(v)) continue;  // missing -> 1 at use
    if (!std::isfinite(v) || v < 0.0)
      throw InvalidArgument(argument(who),
                            "negative or infinite value at cell " + std::to_string(k));
    if (f.op == ScaleOperator::divide && v == 0.0)
      throw InvalidArgument(argument(who), "division by zero at cell " + std::to_string(k));
  }
  factors_.emplace(f.id, std::move(f));
}

void ScaleAlgebra::add(Mask m) {
  const std::string who =
      "mask " + std::to_string(m.id) + (m.name.empty() ? "" : " (" + m.name + ")");
  check_size(m.values.size(), n_, who, false);
  if (factors_.count(m.id) || masks_.count(m.id))
    throw InvalidArgument(argument(who), "duplicate scale ID");
  for (double& v : m.values) {
    if (!std::isfinite(v) || v < 0.0 || v > 1.0)
      throw InvalidArgument(argument(who), "mask values must lie in [0, 1]");
    if (!m.fractional) v = v >= 0.5 ? 1.0 : 0.0;
  }
  masks_.emplace(m.id, std::move(m));
}

void ScaleAlgebra::add(BaseField f) {
  check_size(f.values.size(), n_, "base field " + f.name, false);
  for (std::size_t k = 0; k < f.values.size(); ++k)
    if (!std::isfinite(f.values[k]))
      throw InvalidArgument(argument("base field " + f.name),
                            "non-finite value at cell " + std::to_string(k));
  fields_.push_back(std::move(f));
}

void ScaleAlgebra::set_species_scale(const std::string& species, double factor) {
  if (!(factor >= 0.0) || !std::isfinite(factor))
    throw InvalidArgument(argument("EmisScale_" + species), "must be finite and >= 0");
  species_scale_[species] = factor;
}

EmissionResult ScaleAlgebra::compute(const std::string& species) const {
  std::vector<const BaseField*> list;
  for (const auto& f : fields_)
    if (f.species == species) list.push_back(&f);
  std::stable_sort(list.begin(), list.end(), [](const BaseField* a, const BaseField* b) {
    return a->category != b->category ? a->category < b->category : a->hierarchy < b->hierarchy;
  });
  EmissionResult res;
  res.total.assign(n_, 0.0);
  double global = 1.0;
  if (auto it = species_scale_.find(species); it != species_scale_.end()) global = it->second;

  std::vector<double> flx(n_), msk(n_), hir_flx(n_), hir_msk(n_), cat(n_);
  std::size_t a = 0;
  while (a < list.size()) {
    const int category = list[a]->category;
    std::fill(cat.begin(), cat.end(), 0.0);
    while (a < list.size() && list[a]->category == category) {
      const int hierarchy = list[a]->hierarchy;
      std::fill(hir_flx.begin(), hir_flx.end(), 0.0);
      std::fill(hir_msk.begin(), hir_msk.end(), 0.0);
      while (a < list.size() && list[a]->category == category && list[a]->hierarchy == hierarchy) {
        const BaseField& f = *list[a];
        flx = f.values;
        std::fill(msk.begin(), msk.end(), 1.0);
        for (int id : f.scale_ids) {
          if (auto it = factors_.find(id); it != factors_.end()) {
            const ScaleFactor& s = it->second;
            for (std::size_t k = 0; k < n_; ++k) {
              double v = s.values.size() == 1 ? s.values[0] : s.values[k];
              if (std::isnan(v)) v = 1.0;
              switch (s.op) {
                case ScaleOperator::multiply: flx[k] *= v; break;
                case ScaleOperator::divide: flx[k] /= v; break;
                case ScaleOperator::square: flx[k] *= v * v; break;
              }
            }
          } else if (auto mt = masks_.find(id); mt != masks_.end()) {
            for (std::size_t k = 0; k < n_; ++k) msk[k] *= mt->second.values[k];
          } else {
            throw KeyError(argument("base field " + f.name),
                           "scale ID " + std::to_string(id) + " was never added");
          }
        }
        for (std::size_t k = 0; k < n_; ++k) {
          hir_flx[k] += flx[k] * msk[k] * global;
          hir_msk[k] = std::min(1.0, hir_msk[k] + msk[k]);
        }
        ++a;
      }
      for (std::size_t k = 0; k < n_; ++k) cat[k] = (1.0 - hir_msk[k]) * cat[k] + hir_flx[k];
    }
    res.categories.push_back(category);
    res.by_category.push_back(cat);
    for (std::size_t k = 0; k < n_; ++k) res.total[k] += cat[k];
  }
  return res;
}

}  // namespace aqm::emis
