// libFuzzer target: the KPP reader (.kpp/.def/.spc/.eqn), followed by the mechanism summary
// (Jacobian structure) that every loaded mechanism goes through.
#include "aqm/chem/kpp_parser.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = aqm::fuzz::as_text(data, size);
  aqm::fuzz::expect_clean([&] {
    // #INCLUDE resolves against a directory that does not exist: no file system access.
    const aqm::chem::Mechanism mech = aqm::chem::parse_kpp(text, "fuzz.kpp", "/nonexistent-aqm");
    (void)mech.summary();
  });
  return 0;
}
