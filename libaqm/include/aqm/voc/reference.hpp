#pragma once
// Reading a reference-profile table (data/voc/reference_profiles.csv and files in its format):
// long CSV with at least the columns source_type, profile_code, species, weight_percent;
// lines starting with '#' are comments.  Species names are taken as written (the Python
// reader also resolves them through the VOC registry).

#include <string>
#include <vector>

#include "aqm/voc/identify.hpp"

namespace aqm::voc {

/// One Profile per profile code, in order of first appearance (name = code, values = weight
/// percent).  Throws FileNotFound, ParseError (file:line and column: missing column, bad
/// number, unterminated quote) or InvalidArgument (file and profile/species: negative weight,
/// repeated species, a profile summing to zero).
std::vector<Profile> read_reference_profiles(const std::string& path);

}  // namespace aqm::voc
