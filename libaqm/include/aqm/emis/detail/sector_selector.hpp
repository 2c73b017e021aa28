#pragma once
// Which per-sector setting applies to a sector: selectors are "*" (every sector), a sector
// name, or a parent such as "industry" for "industry/solvents"; the most specific one wins.
#include <map>
#include <string>

namespace aqm::emis::detail {

/// Specificity of `selector` for `sector`: -1 no match, 0 for "*", longer matches score higher.
inline long selector_score(const std::string& selector, const std::string& sector) {
  if (selector == "*") return 0;
  const bool parent = sector.size() > selector.size() &&
                      sector.compare(0, selector.size(), selector) == 0 &&
                      sector[selector.size()] == '/';
  return selector == sector || parent ? static_cast<long>(selector.size()) + 1 : -1;
}

/// The value of the most specific selector in `by_selector` matching `sector`, or nullptr.
template <class Value>
const Value* most_specific(const std::map<std::string, Value>& by_selector,
                           const std::string& sector) {
  const Value* found = nullptr;
  long best = -1;
  for (const auto& [selector, value] : by_selector) {
    const long score = selector_score(selector, sector);
    if (score > best) {
      best = score;
      found = &value;
    }
  }
  return found;
}

}  // namespace aqm::emis::detail
