// Compound inventory -> mechanism species (see aqm/emis/lumping.hpp).
#include "aqm/emis/lumping.hpp"

#include <cmath>
#include <set>

#include "aqm/emis/units.hpp"

namespace aqm::emis {

namespace {

void check_matrix(const LumpingMatrix& m) {
  const std::size_t nc = m.compounds.size(), ns = m.species.size();
  if (m.moles_per_gram.size() != nc * ns)
    throw InvalidArgument(argument("moles_per_gram"),
                          "expected " + std::to_string(nc * ns) + " entries (compounds x species)");
  std::set<std::string> seen(m.species.begin(), m.species.end());
  if (seen.size() != ns) throw InvalidArgument(argument("species"), "species repeated");
  for (std::size_t c = 0; c < nc; ++c)
    for (std::size_t j = 0; j < ns; ++j) {
      const double v = m.moles_per_gram[c * ns + j];
      if (!std::isfinite(v) || v < 0.0)
        throw InvalidArgument(argument(m.compounds[c] + " -> " + m.species[j]),
                              "moles per gram must be finite and >= 0");
    }
}

}  // namespace

Inventory lump_compounds(const Inventory& inv, const LumpingMatrix& m,
                         const std::string& unmapped_label) {
  check_matrix(m);
  const std::size_t P = inv.n_pollutants(), ns = m.species.size();
  if (P == 0) throw InvalidArgument(argument(inv.name), "inventory has no pollutants");
  const std::string& mass_unit = inv.units()[0];
  for (std::size_t p = 0; p < P; ++p) {
    const Unit u = parse_unit(inv.units()[p], argument(inv.pollutants()[p]));
    if (inv.units()[p] != mass_unit || u.dim.mass != 1 || u.dim.amount != 0 || !u.basis.empty())
      throw UnitError(argument(inv.pollutants()[p]),
                      "lumping needs one mass unit for every pollutant, got '" + inv.units()[p] +
                          "' and '" + mass_unit + "'");
  }
  for (const auto& sp : m.species)
    if (sp == unmapped_label)
      throw InvalidArgument(argument(sp), "species name clashes with the unmapped label");
  // row of L per pollutant; nullptr = carried as unmapped mass
  std::vector<const double*> row(P, nullptr);
  for (std::size_t c = 0; c < m.compounds.size(); ++c)
    row[inv.pollutant_index(m.compounds[c])] = m.moles_per_gram.data() + c * ns;
  const Unit raw = parse_unit("mol g-1 " + mass_unit);
  const std::string mol_unit = raw.dim == parse_unit("mol/yr").dim ? "mol/yr" : "mol";
  const double to_mol = conversion_factor(raw, parse_unit(mol_unit));

  std::vector<std::string> pols = m.species, units(ns, mol_unit);
  pols.push_back(unmapped_label);
  units.push_back(mass_unit);
  Inventory out = inv.grid() ? Inventory::on_grid(inv.sectors(), pols, *inv.grid(),
                                                  inv.time_resolution(), units, inv.year)
                             : Inventory(inv.sectors(), pols, inv.places(), inv.time_resolution(),
                                         units, inv.year);
  out.name = inv.name;
  out.history() = inv.history();
  for (std::size_t s = 0; s < inv.n_sectors(); ++s)
    for (std::size_t r = 0; r < inv.n_places(); ++r)
      for (std::size_t t = 0; t < inv.n_times(); ++t)
        for (std::size_t p = 0; p < P; ++p) {
          const double e = inv.at(s, p, r, t);
          if (!row[p]) {
            out.at(s, ns, r, t) += e;
            continue;
          }
          for (std::size_t j = 0; j < ns; ++j) out.at(s, j, r, t) += e * row[p][j] * to_mol;
        }
  out.record({"lump",
              "",
              {{"mechanism", m.mechanism},
               {"species", std::to_string(ns)},
               {"unmapped", unmapped_label}}});
  return out;
}

}  // namespace aqm::emis
