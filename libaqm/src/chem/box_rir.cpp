#include <cmath>
#include <limits>

#include "aqm/chem/isopleth.hpp"
#include "aqm/chem/rir.hpp"

namespace aqm::chem {

std::vector<RirGroup> default_rir_groups(const Mechanism& m) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> table = {
      {"AHC", {"PAR",  "ETHA",  "PRPA",    "ETH",      "OLE",      "IOLE",   "ETHY",
               "TOL",  "XYLMN", "BENZENE",  // CB6
               "C2H6", "C3H8",  "NC4H10",  "IC4H10",   "NC5H12",   "IC5H12", "NC6H14",
               "C2H4", "C3H6",  "BUT1ENE", "TBUT2ENE", "CBUT2ENE", "C2H2",   "TOLUENE",
               "MXYL", "OXYL",  "PXYL",    "EBENZ",    "TM124B",   "TM135B", "TM123B"}},  // MCM
      {"BHC", {"ISOP", "TERP", "C5H8", "APINENE", "BPINENE", "LIMONENE"}},
      {"NOx", {"NO", "NO2"}},
      {"CO", {"CO"}}};
  std::vector<RirGroup> out;
  for (const auto& [name, list] : table) {
    RirGroup g{name, {}};
    for (const auto& s : list)
      if (const auto i = m.find_species(s); i && m.species()[*i].kind == SpeciesKind::variable)
        g.species.push_back(s);
    if (!g.species.empty()) out.push_back(std::move(g));
  }
  return out;
}

RirResult rir(const BoxModel& model_in, const RirOptions& o, const Progress& progress) {
  if (!(o.cut >= 0.1 - 1e-12 && o.cut <= 0.2 + 1e-12))
    throw InvalidArgument(argument("cut"),
                          "dS/S must be between 0.1 and 0.2 (got " + std::to_string(o.cut) + ")");
  BoxModel model = model_in;
  const Mechanism& mech = model.mechanism();
  const std::vector<RirGroup> groups = o.groups.empty() ? default_rir_groups(mech) : o.groups;
  for (const auto& g : groups) {
    if (g.species.empty()) throw InvalidArgument(argument(g.name), "RIR group has no species");
    for (const auto& s : g.species)
      if (!mech.find_species(s))
        throw KeyError(argument(s),
                       "species of RIR group '" + g.name + "' is not in the mechanism");
  }
  model.prepare();
  const std::size_t n = groups.size();
  std::vector<double> p(n + 1, std::numeric_limits<double>::quiet_NaN());
  std::vector<SolveStatus> st(n + 1, SolveStatus::success);
  parallel_for(
      n + 1, o.n_threads,
      [&](std::size_t c) {
        BoxModel cell = model;
        if (c < n)
          for (const auto& s : groups[c].species) cell.scale_species(s, 1.0 - o.cut, o.scale);
        try {
          const BoxResult r = cell.run();
          st[c] = r.result.status;
          if (r.ok()) p[c] = integrated_net_po3(mech, r, o.window_start, o.window_end, o.ppb);
        } catch (const std::exception&) {
          st[c] = SolveStatus::callback_error;
        }
      },
      progress);
  RirResult res;
  res.cut = o.cut;
  res.p_base = p[n];
  res.base_status = st[n];
  for (std::size_t g = 0; g < n; ++g) {
    res.groups.push_back(groups[g].name);
    res.p_cut.push_back(p[g]);
    res.status.push_back(st[g]);
    res.rir.push_back(((p[n] - p[g]) / p[n]) / o.cut);
  }
  return res;
}

}  // namespace aqm::chem
