#include "aqm/voc/identify.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "aqm/core/error.hpp"

namespace aqm::voc {

std::vector<Lump> xylene_lumps() {
  return {{"m/p-xylene", {"m-xylene", "p-xylene"}},
          {"xylenes", {"m/p-xylene", "o-xylene", "m-xylene", "p-xylene"}}};
}

void validate_profile(const Profile& p, const std::string& where) {
  const std::string at = where.empty() ? p.name : where + ": " + p.name;
  if (p.species.size() != p.values.size())
    throw InvalidArgument(argument(at), "species and values differ in length");
  std::set<std::string> seen;
  double sum = 0.0;
  for (std::size_t i = 0; i < p.species.size(); ++i) {
    if (!seen.insert(p.species[i]).second)
      throw InvalidArgument(argument(at + "/" + p.species[i]), "species repeated");
    if (!std::isfinite(p.values[i]) || p.values[i] < 0.0)
      throw InvalidArgument(argument(at + "/" + p.species[i]),
                            "value must be finite and >= 0, got " + std::to_string(p.values[i]));
    sum += p.values[i];
  }
  if (!(sum > 0.0)) throw InvalidArgument(argument(at), "profile sums to zero");
}

namespace {

using Amounts = std::map<std::string, double>;

Amounts to_map(const Profile& p) {
  Amounts m;
  for (std::size_t i = 0; i < p.species.size(); ++i) m[p.species[i]] += p.values[i];
  return m;
}

void collapse(Amounts& m, const Lump& lump) {
  double total = 0.0;
  bool any = false;
  for (const auto& member : lump.members) {
    auto it = m.find(member);
    if (it == m.end()) continue;
    total += it->second;
    any = true;
    m.erase(it);
  }
  if (any) m[lump.name] += total;
}

}  // namespace

Aligned align(const Profile& a, const Profile& b, const std::vector<Lump>& lumps) {
  Amounts ma = to_map(a), mb = to_map(b);
  for (const auto& lump : lumps) {
    if (ma.count(lump.name) || mb.count(lump.name)) {
      collapse(ma, lump);
      collapse(mb, lump);
    }
  }
  Aligned out;
  for (const auto& [name, value] : ma) {
    auto it = mb.find(name);
    if (it == mb.end()) continue;
    out.species.push_back(name);
    out.x.push_back(value);
    out.y.push_back(it->second);
  }
  return out;
}

Similarity similarity(const std::vector<double>& x_in, const std::vector<double>& y_in) {
  if (x_in.size() != y_in.size())
    throw InvalidArgument(argument("similarity"), "profiles differ in length");
  double sx = 0.0, sy = 0.0;
  for (std::size_t i = 0; i < x_in.size(); ++i) {
    sx += x_in[i];
    sy += y_in[i];
  }
  if (!(sx > 0.0) || !(sy > 0.0))
    throw InvalidArgument(argument("similarity"), "a profile sums to zero over the common species");
  Similarity s;
  double mx = 0.0, my = 0.0, sid = 0.0;
  std::vector<double> x, y;
  for (std::size_t i = 0; i < x_in.size(); ++i) {
    const double xi = x_in[i] / sx, yi = y_in[i] / sy;
    if (xi + yi > 0.0) {
      sid += std::abs(xi - yi) / (xi + yi);
      ++s.n;
    }
    x.push_back(xi);
    y.push_back(yi);
    mx += xi;
    my += yi;
  }
  const double m = double(x.size());
  mx /= m;
  my /= m;
  double sxy = 0.0, sxx = 0.0, syy = 0.0, dot = 0.0, nx = 0.0, ny = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    dot += x[i] * y[i];
    nx += x[i] * x[i];
    ny += y[i] * y[i];
  }
  s.pearson_r = (sxx > 0.0 && syy > 0.0) ? sxy / std::sqrt(sxx * syy)
                                         : std::numeric_limits<double>::quiet_NaN();
  // 1 - r^2 would call an anticorrelated pair similar; r <= 0 shares no pattern
  s.pd = s.pearson_r > 0.0 ? 1.0 - s.pearson_r * s.pearson_r : 1.0;
  s.sid = s.n ? std::sqrt(2.0) / double(s.n) * sid : 0.0;
  s.cosine = dot / std::sqrt(nx * ny);
  return s;
}

namespace {

double sum(const std::vector<double>& v) {
  double total = 0.0;
  for (double x : v) total += x;
  return total;
}

// A reference listing fewer than min_species of the factor's species (isoprene alone for
// biogenic emissions) has no Pearson r on the common species; it is scored instead over every
// species of the factor, the reference zero where it lists none, by PD alone (SID over that
// union would count each absent species as a full mismatch).
bool score_on_union(const Profile& factor, const Profile& reference, const IdentifyOptions& options,
                    Match& m) {
  Profile padded = reference;
  for (const auto& name : factor.species) {
    if (std::find(padded.species.begin(), padded.species.end(), name) != padded.species.end())
      continue;
    padded.species.push_back(name);
    padded.values.push_back(0.0);
  }
  const Aligned a = align(factor, padded, options.lumps);
  if (a.species.size() < options.min_species || !(sum(a.x) > 0.0) || !(sum(a.y) > 0.0))
    return false;
  m.score = similarity(a.x, a.y);
  if (!std::isfinite(m.score.pd)) return false;
  m.score.sid = std::numeric_limits<double>::quiet_NaN();
  m.on_union = true;
  m.box_distance = m.score.pd / options.pd_max;
  m.in_box = m.score.pd < options.pd_max;
  return true;
}

bool score_common(const Aligned& a, const IdentifyOptions& options, Match& m) {
  m.score = similarity(a.x, a.y);
  if (!std::isfinite(m.score.pd)) return false;
  m.box_distance = std::max(m.score.pd / options.pd_max, m.score.sid / options.sid_max);
  m.in_box = m.score.pd < options.pd_max && m.score.sid < options.sid_max;
  return true;
}

bool score_match(const Profile& factor, const Profile& reference, const IdentifyOptions& options,
                 Match& m) {
  const Aligned a = align(factor, reference, options.lumps);
  if (!(sum(a.x) > 0.0) || !(sum(a.y) > 0.0)) return false;
  const bool scored = a.species.size() < options.min_species
                          ? score_on_union(factor, reference, options, m)
                          : score_common(a, options, m);
  if (!scored) return false;
  m.coverage = sum(a.x) / sum(factor.values);
  m.in_box = m.in_box && m.coverage >= options.min_coverage;
  return true;
}

}  // namespace

std::vector<std::vector<Match>> match_profiles(const std::vector<Profile>& factors,
                                               const std::vector<Profile>& references,
                                               const IdentifyOptions& options) {
  if (!(options.pd_max > 0.0) || !(options.sid_max > 0.0))
    throw InvalidArgument(argument("pd_max/sid_max"), "thresholds must be > 0");
  if (!(options.min_coverage >= 0.0 && options.min_coverage <= 1.0))
    throw InvalidArgument(argument("min_coverage"), "must be within [0, 1]");
  for (const auto& f : factors) validate_profile(f, "factor");
  for (const auto& r : references) validate_profile(r, "reference library");
  std::vector<std::vector<Match>> out(factors.size());
  for (std::size_t k = 0; k < factors.size(); ++k) {
    for (std::size_t j = 0; j < references.size(); ++j) {
      Match m;
      m.reference = j;
      if (!score_match(factors[k], references[j], options, m)) continue;
      out[k].push_back(m);
    }
    std::stable_sort(out[k].begin(), out[k].end(), [&](const Match& a, const Match& b) {
      const bool a_low = a.coverage < options.min_coverage;
      const bool b_low = b.coverage < options.min_coverage;
      if (a_low != b_low) return b_low;
      if (a.box_distance != b.box_distance) return a.box_distance < b.box_distance;
      return a.score.cosine > b.score.cosine;
    });
  }
  return out;
}

namespace {

// Hungarian method with potentials for n <= m (rows <= columns); returns row -> column.
std::vector<long> hungarian(const Eigen::MatrixXd& a) {
  const long n = a.rows(), m = a.cols();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(m + 1, 0.0);
  std::vector<long> p(m + 1, 0), way(m + 1, 0);
  for (long i = 1; i <= n; ++i) {
    p[0] = i;
    long j0 = 0;
    std::vector<double> minv(m + 1, inf);
    std::vector<char> used(m + 1, 0);
    do {
      used[j0] = 1;
      const long i0 = p[j0];
      double delta = inf;
      long j1 = 0;
      for (long j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double cur = a(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (long j = 0; j <= m; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const long j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  std::vector<long> row_to_col(n, -1);
  for (long j = 1; j <= m; ++j)
    if (p[j] > 0) row_to_col[p[j] - 1] = j - 1;
  return row_to_col;
}

}  // namespace

std::vector<long> assign_one_to_one(const Eigen::MatrixXd& cost) {
  if (!cost.allFinite()) throw InvalidArgument(argument("cost"), "assignment costs must be finite");
  if (cost.rows() == 0 || cost.cols() == 0) return std::vector<long>(cost.rows(), -1);
  if (cost.rows() <= cost.cols()) return hungarian(cost);
  const std::vector<long> col_to_row = hungarian(cost.transpose());
  std::vector<long> out(cost.rows(), -1);
  for (std::size_t j = 0; j < col_to_row.size(); ++j) out[col_to_row[j]] = long(j);
  return out;
}

}  // namespace aqm::voc
