#pragma once
// Every output file is written under a temporary name in the target directory and renamed into
// place only when complete, so a failure never leaves a half-written file at the target path.

#include <string>

namespace aqm::io {

class AtomicOutput {
 public:
  /// Reserves a temporary path next to `target`; throws aqm::FileError when the target's
  /// directory does not exist or is not writable, or the target exists and is not a regular
  /// file (directory, device node, FIFO, socket).
  explicit AtomicOutput(std::string target);
  ~AtomicOutput();  // removes the temporary file unless commit() succeeded
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::string& temp_path() const { return temp_; }
  const std::string& target_path() const { return target_; }

  /// Rename the finished temporary file onto the target (atomic on POSIX file systems).
  void commit();

 private:
  std::string target_;
  std::string temp_;
  bool committed_ = false;
};

}  // namespace aqm::io
