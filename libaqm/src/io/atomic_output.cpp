#include "aqm/io/atomic_output.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <unistd.h>

#include "aqm/core/error.hpp"

namespace aqm::io {
namespace fs = std::filesystem;

namespace {
// Existing targets other than regular files are refused: renaming onto a device node or FIFO
// (`--out /dev/null` as root) would replace it with a regular file.
const char* special_kind(const fs::file_status& st) {
  switch (st.type()) {
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
  }
}
}  // namespace

AtomicOutput::AtomicOutput(std::string target) : target_(std::move(target)) {
  if (target_.empty()) throw FileError("output path is empty");
  const fs::path target_path(target_);
  fs::path dir = target_path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw FileError(Location{target_},
                    "cannot write: directory '" + dir.string() + "' does not exist");
  const fs::file_status st = fs::status(target_path, ec);  // follows symlinks
  if (fs::is_directory(st))
    throw FileError(Location{target_}, "cannot write: the path is a directory");
  if (fs::exists(st) && !fs::is_regular_file(st))
    throw FileError(Location{target_}, std::string("cannot write: the path is ") +
                                           special_kind(st) +
                                           ", not a regular file; refusing to replace it");
  static std::atomic<unsigned> counter{0};
  temp_ = (dir / ("." + target_path.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                  "-" + std::to_string(counter++)))
              .string();
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) std::remove(temp_.c_str());
}

void AtomicOutput::commit() {
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    const int err = errno;
    std::remove(temp_.c_str());
    committed_ = true;  // nothing left to clean up
    throw FileError(Location{target_}, std::string("cannot write: ") + std::strerror(err));
  }
  committed_ = true;
}

}  // namespace aqm::io
