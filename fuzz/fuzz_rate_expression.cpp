// libFuzzer target: the rate-expression compiler and the bytecode it emits.  Names resolve to
// every environment variable, two coefficients and J values; whatever compiles is evaluated.
#include <optional>

#include "aqm/chem/rate_expression.hpp"
#include "fuzz_common.hpp"

namespace {

std::optional<aqm::chem::NameRef> resolve(const std::string& name) {
  using aqm::chem::EnvVar;
  using aqm::chem::NameRef;
  static const std::pair<const char*, EnvVar> kEnv[] = {
      {"TEMP", EnvVar::temp}, {"M", EnvVar::m},
      {"O2", EnvVar::o2},     {"N2", EnvVar::n2},
      {"H2O", EnvVar::h2o},   {"RO2", EnvVar::ro2},
      {"SUN", EnvVar::sun},   {"CFACTOR", EnvVar::cfactor}};
  for (const auto& [text, var] : kEnv)
    if (name == text) return NameRef{NameRef::env, static_cast<int>(var), 0};
  if (name == "K1") return NameRef{NameRef::coefficient, 0, 0};
  if (name == "K2") return NameRef{NameRef::coefficient, 1, aqm::chem::RateExpression::kUsesRo2};
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = aqm::fuzz::as_text(data, size);
  aqm::fuzz::expect_clean([&] {
    const aqm::chem::RateExpression expr =
        aqm::chem::compile_rate_expression(text, resolve, aqm::Location{"fuzz", 1, 1, "R1"});
    const double coef[2] = {1.0e-11, 2.0e-12};
    const double j[4] = {1e-5, 2e-5, 3e-5, 4e-5};
    aqm::chem::RateInputs in;
    in.coef = coef;
    in.j = j;
    in.n_j = 4;
    (void)expr.evaluate(in);
    if (expr.ro2_factor_code()) (void)expr.ro2_factor().evaluate(in);
  });
  return 0;
}
