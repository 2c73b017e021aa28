#include "aqm/core/data_path.hpp"

#include <cstdlib>
#include <filesystem>

#include "aqm/core/error.hpp"

// Both are set for this file by libaqm/CMakeLists.txt.
#ifndef AQM_INSTALL_DATA_DIR
#define AQM_INSTALL_DATA_DIR ""
#endif
#ifndef AQM_SOURCE_DATA_DIR
#define AQM_SOURCE_DATA_DIR ""
#endif

namespace aqm {

std::vector<std::string> data_directories() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("AQM_DATA_DIR"); env && *env) dirs.emplace_back(env);
  for (const char* compiled : {AQM_INSTALL_DATA_DIR, AQM_SOURCE_DATA_DIR})
    if (*compiled) dirs.emplace_back(compiled);
  return dirs;
}

std::string data_path(const std::string& relative) {
  namespace fs = std::filesystem;
  std::string searched;
  for (const auto& dir : data_directories()) {
    fs::path candidate = fs::path(dir) / relative;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    searched += (searched.empty() ? "" : ", ") + dir;
  }
  throw FileNotFound(Location{relative}, "bundled data file not found (searched: " + searched +
                                             "; set AQM_DATA_DIR to the directory that holds it)");
}

}  // namespace aqm
