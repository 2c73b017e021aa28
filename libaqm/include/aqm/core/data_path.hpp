#pragma once
// One locator for the data libaqm ships (data/ in the source tree, <datadir>/aqm when
// installed).  Python has the same search order in aqm._data.data_path.

#include <string>
#include <vector>

namespace aqm {

/// Directories searched for bundled data, in order: $AQM_DATA_DIR (when set and not empty),
/// the install directory (<prefix>/share/aqm) and the source tree's data/, both compiled in.
std::vector<std::string> data_directories();

/// Path of `relative` (e.g. "voc/voc_species.csv") in the first directory that has it.
/// Throws FileNotFound naming the file and every directory searched.
std::string data_path(const std::string& relative);

}  // namespace aqm
