#pragma once
// Localized source profiles and the project's profile-library file.
//
// localize(): a PMF factor in mass units over the measured species becomes a full profile.
// With R_meas the reference's mass on the species the factor covers (lumps included) and
// R_un the reference's mass on the rest, the measured species get f_i R_meas / (R_meas + R_un)
// (f_i the factor's mass fractions over the measured species) and every unmeasured reference
// species j gets r_j / (R_meas + R_un): the factor's mass takes the place of the reference's
// measured share, and the unmeasured remainder keeps the reference's unmeasured/measured ratio.
//
// File: a CSV with `# key: value` metadata lines, then the columns
//   profile,source_type,compound,mass_fraction,origin,p05,p50,p95,disp_lower,disp_upper,reference
// (origin "measured" or "reference"; BS percentiles and the DISP interval empty when not run).  The
// first four columns are what aqm.emis speciation reads, so the file is a speciation profile file.
// Metadata keys in `required_metadata_keys()` must be present; `version` is a semantic version
// and `content_hash` a hash of the profile rows (FNV-1a 64, hex), checked on read.

#include <map>
#include <string>
#include <vector>

#include "aqm/voc/identify.hpp"

namespace aqm::voc {

struct LocalizedProfile {
  std::string name;
  std::string source_type;
  std::string reference;  ///< code of the matched reference profile, "" when none
  std::vector<std::string> species;
  std::vector<double> fraction;                ///< mass fractions, sum 1
  std::vector<std::string> origin;             ///< "measured" or "reference" per species
  std::vector<double> p05, p50, p95;           ///< bootstrap percentiles; NaN when not run
  std::vector<double> disp_lower, disp_upper;  ///< DISP interval; NaN when not run
};

/// Uncertainty of a factor, in the factor's units, one value per factor species (or empty).
struct FactorUncertainty {
  std::vector<double> p05, p50, p95, disp_lower, disp_upper;
};

struct ProfileLibrary {
  std::map<std::string, std::string> metadata;
  std::vector<LocalizedProfile> profiles;

  /// FNV-1a 64 of the canonical rows (every column, numbers to 12 significant digits), 16 hex
  /// digits.  Metadata does not enter it.
  std::string content_hash() const;
  /// Throws InvalidArgument naming `where`, the profile and the compound: missing metadata
  /// key, bad version, fractions not summing to 1 (1e-6), negative values, bad origin.
  void validate(const std::string& where = "") const;
};

/// site, period, method, pmf_settings, data_hash, concentrations, version, created_by.
const std::vector<std::string>& required_metadata_keys();

/// "MAJOR.MINOR.PATCH" with non-negative integers.
bool is_semantic_version(const std::string& text);

/// See the header comment; `factor` in mass units, `reference` in any mass unit.  The
/// uncertainty vectors are scaled like the factor's values.  Throws InvalidArgument when the
/// factor and the reference share no species or an uncertainty vector has the wrong length.
LocalizedProfile localize(const Profile& factor, const Profile& reference,
                          const std::vector<Lump>& lumps = xylene_lumps(),
                          const FactorUncertainty& uncertainty = {});

/// Throws FileNotFound, ParseError (file:line, column or key) or InvalidArgument
/// (validate(), or content_hash differing from the rows).
ProfileLibrary read_profile_library(const std::string& path);

/// Writes atomically; sets metadata content_hash.  Refuses (InvalidArgument) to replace an
/// existing file that has the same version but a different content hash.
void write_profile_library(const std::string& path, ProfileLibrary library);

struct ProfileDifference {
  std::string profile;
  std::vector<std::string> species;  ///< union of both versions
  std::vector<double> a, b;          ///< fractions, 0 where absent
  double pearson_r = 0.0;
  double sid = 0.0;
};

/// Per profile present in both libraries (matched by name): differences, r and SID.
std::vector<ProfileDifference> compare_libraries(const ProfileLibrary& a, const ProfileLibrary& b);

}  // namespace aqm::voc
