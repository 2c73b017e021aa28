#pragma once
// Text-encoding checks shared by the readers of text files: every label they keep must reach
// Python as a str, so bytes that are not UTF-8 are refused with the place they occur.

#include <string>
#include <string_view>

namespace aqm::detail {

/// Offset of the first byte of `s` that is not part of valid UTF-8, or npos.
inline std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int extra = c < 0x80           ? 0
                      : (c >> 5) == 0x6  ? 1
                      : (c >> 4) == 0xE  ? 2
                      : (c >> 3) == 0x1E ? 3
                                         : -1;
    if (extra < 0 || (extra == 1 && c < 0xC2)) return i;
    for (int k = 1; k <= extra; ++k)
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return std::string_view::npos;
}

/// "the file is UTF-16 (...)" when `text` starts with a UTF-16 byte-order mark, else "".
inline std::string utf16_problem(std::string_view text) {
  if (text.size() < 2) return "";
  const auto b0 = static_cast<unsigned char>(text[0]), b1 = static_cast<unsigned char>(text[1]);
  if (b0 == 0xFF && b1 == 0xFE) return "the file is UTF-16 (little-endian); save it as UTF-8";
  if (b0 == 0xFE && b1 == 0xFF) return "the file is UTF-16 (big-endian); save it as UTF-8";
  return "";
}

}  // namespace aqm::detail
