// libFuzzer target: the FACSIMILE (.fac) reader, followed by the mechanism summary.
#include "aqm/chem/facsimile_parser.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = aqm::fuzz::as_text(data, size);
  aqm::fuzz::expect_clean([&] {
    const aqm::chem::Mechanism mech = aqm::chem::parse_facsimile(text, "fuzz.fac");
    (void)mech.summary();
  });
  return 0;
}
