// Apply two control measures to the bundled synthetic Hangzhou-like 2020 inventory and print
// the NOx change with each measure's contribution.
#include <cstdio>

#include <aqm/emis.hpp>

int main() {
  using namespace aqm::emis;
  const Inventory base =
      read_inventory_csv(AQM_SOURCE_DIR "/data/emis/hangzhou_2020_inventory.csv");
  Scenario sc;
  sc.name = "two-measures";
  sc.base_year = 2020;
  sc.target_year = 2025;
  sc.growth.push_back({"transport", "*", 0.02, std::nullopt});
  sc.measures.push_back(
      {"diesel truck renewal", "transport/onroad_diesel", "NOx", "*", 0.7, 0.25, 0.55});
  sc.measures.push_back({"low-NOx gas boilers", "industry/boiler", "NOx", "*", 0.5, 0.3, 0.85});
  sc.targets.push_back({"NOx", "*", -10.0});
  const ScenarioResult r = apply_scenario(base, sc);
  const auto& t = r.targets.front();
  std::printf("NOx %.0f -> %.0f t/yr (%+.1f %%), target %+.0f %% %s\n", t.base, t.scenario,
              t.change_percent, t.target.change_percent, t.met ? "met" : "not met");
  const auto p = static_cast<Eigen::Index>(base.pollutant_index("NOx"));
  for (Eigen::Index k = 0; k < r.contributions.rows(); ++k)
    std::printf("  %-24s %+10.1f t/yr\n", r.contributions.row_labels()[std::size_t(k)].c_str(),
                r.contributions.values()(k, p));
  // 1 t/yr of NOx as NO2 expressed as kg/s
  std::printf("1 t/yr = %.4g kg/s\n", conversion_factor("t/yr", "kg/s"));
  return 0;
}
