#pragma once
// Shared by the libFuzzer targets: every aqm::Error is a correct outcome for hostile input;
// anything else escaping (another exception, a crash, a sanitizer report) is a finding.

#include <cstddef>
#include <cstdint>
#include <string>

#include "aqm/core/error.hpp"

namespace aqm::fuzz {

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// Run `body`; aqm::Error is swallowed (a clear error is what hostile input should get).
template <class Body>
void expect_clean(Body&& body) {
  try {
    body();
  } catch (const aqm::Error&) {
  }
}

}  // namespace aqm::fuzz
