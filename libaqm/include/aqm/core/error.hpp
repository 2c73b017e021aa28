#pragma once
// Error hierarchy for misuse and bad input.  Numerical outcomes (a solve that did not
// converge) are values, not exceptions; see the pillar result types.
//
// Each concrete error derives from aqm::Error (so C++ callers can catch everything libaqm
// throws in one place) and from the std:: type whose meaning it shares, so that bindings map
// it to the matching Python built-in (std::invalid_argument -> ValueError, ...).

#include <stdexcept>
#include <string>
#include <utility>

namespace aqm {

/// Where in an input a problem was found.  Empty fields are left out of the message.
struct Location {
  std::string file;  ///< path of the file, or "" for in-memory input
  long line = 0;     ///< 1-based line, 0 when unknown
  long column = 0;   ///< 1-based column (field index for delimited files), 0 when unknown
  std::string item;  ///< species, parameter, variable or reaction tag, "" when none

  /// "file:line:column: item: " style prefix (only the parts that are known).
  std::string prefix() const {
    std::string p;
    if (!file.empty()) p += file;
    if (line > 0) p += (p.empty() ? "line " : ":") + std::to_string(line);
    if (line > 0 && column > 0) p += ":" + std::to_string(column);
    if (!p.empty()) p += ": ";
    if (!item.empty()) p += item + ": ";
    return p;
  }
};

/// The location of a named parameter or item of in-memory input (no file, line or column):
/// `throw InvalidArgument(argument("rtol"), "must be > 0")`.
inline Location argument(std::string name) { return Location{"", 0, 0, std::move(name)}; }

/// Common base of every exception libaqm throws.
class Error {
 public:
  virtual ~Error() = default;
  virtual const char* what() const noexcept = 0;
  const Location& where() const noexcept { return where_; }

 protected:
  Error() = default;
  explicit Error(Location where) : where_(std::move(where)) {}
  Location where_;
};

namespace detail {
template <class StdBase>
class ErrorWith : public Error, public StdBase {
 public:
  explicit ErrorWith(const std::string& message) : StdBase(message) {}
  ErrorWith(Location where, const std::string& message)
      : Error(where), StdBase(where.prefix() + message) {}
  const char* what() const noexcept override { return StdBase::what(); }
};
}  // namespace detail

/// A value or argument is not acceptable (Python: ValueError).
class InvalidArgument : public detail::ErrorWith<std::invalid_argument> {
  using ErrorWith::ErrorWith;
};

/// Text input does not follow its format (Python: aqm.ParseError, a ValueError).
class ParseError : public InvalidArgument {
  using InvalidArgument::InvalidArgument;
};

/// Units are unknown, incompatible or missing (Python: aqm.UnitError, a ValueError).
class UnitError : public InvalidArgument {
  using InvalidArgument::InvalidArgument;
};

/// A named item (species, variable, sector, column) does not exist (Python: KeyError).
class KeyError : public detail::ErrorWith<std::out_of_range> {
  using ErrorWith::ErrorWith;
};

/// A file could not be opened, read or written (Python: OSError).
class FileError : public detail::ErrorWith<std::runtime_error> {
  using ErrorWith::ErrorWith;
};

/// A file that must exist does not (Python: FileNotFoundError).
class FileNotFound : public FileError {
  using FileError::FileError;
};

/// The user (or Ctrl-C) asked a long call to stop (Python: KeyboardInterrupt).
class Cancelled : public detail::ErrorWith<std::runtime_error> {
  using ErrorWith::ErrorWith;
};

/// Throw InvalidArgument(message) unless the condition holds.  For user input: never compiled out.
#define AQM_CHECK(cond, message)                                     \
  do {                                                               \
    if (!(cond)) throw ::aqm::InvalidArgument(std::string(message)); \
  } while (0)

}  // namespace aqm

/// Debug-only invariant; compiled out with NDEBUG.  Never for user input.
#ifdef NDEBUG
#define AQM_ASSERT(cond) ((void)0)
#else
#include <cassert>
#define AQM_ASSERT(cond) assert(cond)
#endif
