// libFuzzer target: the inventory provenance reader (`history_json` attribute of an
// inventory NetCDF file), a small JSON parser of the library's own.
#include "aqm/emis/detail/history_json.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = aqm::fuzz::as_text(data, size);
  aqm::fuzz::expect_clean([&] {
    const auto history = aqm::emis::detail::history_from_json(text, aqm::Location{"fuzz.nc"});
    // What was read must write back and read again to the same provenance text.
    const std::string again = aqm::emis::detail::history_to_json(history);
    const auto reread = aqm::emis::detail::history_from_json(again);
    if (aqm::emis::detail::history_to_text(reread) != aqm::emis::detail::history_to_text(history))
      __builtin_trap();
  });
  return 0;
}
