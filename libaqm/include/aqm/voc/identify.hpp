#pragma once
// Factor identification: a PMF factor profile compared with reference source profiles on the
// species both report, each normalised to its sum over those species (relative mass):
//
//   PD     = 1 - r^2, r the Pearson correlation                  (DeltaTool, Belis et al. 2015)
//            (1 when r <= 0: an anticorrelated pair is not similar)
//   SID    = sqrt(2)/n * sum_i |x_i - y_i| / (x_i + y_i)          (same)
//   cosine = sum x y / (|x| |y|)
//
// A match is "in the box" when PD < pd_max (0.4) and SID < sid_max (1), DeltaTool's acceptance
// rectangle.  Candidates are ranked by the box distance max(PD / pd_max, SID / sid_max), so a
// value below 1 is inside the box.  Species with x_i + y_i = 0 carry no information and are
// left out of n.  Lumped species (m/p-xylene, xylenes) are compared at the coarser level: a
// lump named in either profile collapses its members in both (see `xylene_lumps`).

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace aqm::voc {

/// A named profile: species and their amounts (any mass unit; only ratios matter).
struct Profile {
  std::string name;
  std::string source_type;  ///< e.g. "vehicle_exhaust"; empty for a PMF factor
  std::vector<std::string> species;
  std::vector<double> values;
};

/// A lumped species and the species it stands for.
struct Lump {
  std::string name;
  std::vector<std::string> members;
};

/// m/p-xylene = m-xylene + p-xylene; xylenes = m/p-xylene + o-xylene (+ m-, p-xylene).  Order
/// matters: the finer lump is applied first.
std::vector<Lump> xylene_lumps();

/// Throws InvalidArgument naming `where`, the profile and the species: lengths differ, a value
/// is negative or not finite, a species is repeated, or the values sum to zero.
void validate_profile(const Profile& p, const std::string& where);

/// Two profiles on their common species, lumps collapsed, not yet normalised.
struct Aligned {
  std::vector<std::string> species;
  std::vector<double> x, y;
};
Aligned align(const Profile& a, const Profile& b, const std::vector<Lump>& lumps);

struct Similarity {
  std::size_t n = 0;  ///< species with x + y > 0
  double pd = 0.0;    ///< 1 - r^2 (NaN when either profile is constant)
  double sid = 0.0;
  double cosine = 0.0;
  double pearson_r = 0.0;  ///< NaN when either profile is constant
};

/// Scores of two aligned amount vectors; both are normalised to their sum first.
/// Throws InvalidArgument when the lengths differ or either sums to zero.
Similarity similarity(const std::vector<double>& x, const std::vector<double>& y);

struct IdentifyOptions {
  double pd_max = 0.4;
  double sid_max = 1.0;
  std::size_t min_species = 4;  ///< fewer common species: scored on the union (Match::on_union)
  /// A reference whose species carry less than this share of the factor's mass describes a
  /// minor part of it however well that part matches: never in the box, ranked after the rest.
  double min_coverage = 0.5;
  std::vector<Lump> lumps = xylene_lumps();
};

struct Match {
  std::size_t reference = 0;  ///< index into the reference list
  Similarity score;
  double box_distance = 0.0;  ///< max(PD / pd_max, SID / sid_max); < 1 inside the box
  bool in_box = false;
  double coverage = 0.0;  ///< share of the factor's mass on the species the reference lists
  /// The reference shares fewer than min_species species with the factor: scored over all the
  /// factor's species (reference zero where unlisted) by PD alone; SID is NaN.
  bool on_union = false;
};

/// For each factor, every reference that shares a species with it, best first (coverage of at
/// least min_coverage first, then smallest box distance, ties by larger cosine); references with
/// fewer than `min_species` common species are scored on the union (see Match::on_union).  Profiles
/// are validated first.
std::vector<std::vector<Match>> match_profiles(const std::vector<Profile>& factors,
                                               const std::vector<Profile>& references,
                                               const IdentifyOptions& options = {});

/// Minimum-cost one-to-one assignment (Hungarian method, O(n^2 m)) of the rows of `cost` to
/// its columns: result[i] is row i's column, or -1 when there are more rows than columns and
/// row i is left out.  Costs must be finite.
std::vector<long> assign_one_to_one(const Eigen::MatrixXd& cost);

}  // namespace aqm::voc
