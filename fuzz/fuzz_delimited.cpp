// libFuzzer target: the delimited (CSV/TSV/semicolon) reader.  The first byte picks the
// separator and the label/missing-value options so one corpus covers every mode.
#include <cmath>

#include "aqm/io/delimited.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  aqm::io::DelimitedReadOptions options;
  const std::uint8_t mode = data[0];
  static constexpr char kSeparators[] = {'\0', ',', '\t', ';'};
  options.separator = kSeparators[mode & 3];
  options.first_column_labels = (mode & 4) == 0;
  if (mode & 8) options.missing_values = {-999.0};
  if (mode & 16) options.comment_prefix = "";
  const std::string text = aqm::fuzz::as_text(data + 1, size - 1);
  aqm::fuzz::expect_clean([&] {
    const aqm::LabelledMatrix m = aqm::io::parse_delimited(text, "fuzz.csv", options);
    // Every cell must be a number or NaN (missing); infinities are refused by the reader.
    for (Eigen::Index i = 0; i < m.values().size(); ++i)
      if (std::isinf(m.values().data()[i])) __builtin_trap();
  });
  return 0;
}
