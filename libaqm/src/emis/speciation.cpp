// VOC speciation (see aqm/emis/speciation.hpp).
#include "aqm/emis/detail/sector_selector.hpp"
#include "aqm/emis/speciation.hpp"

#include "aqm/emis/detail/sector_split.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

namespace aqm::emis {

void SpeciationProfile::validate(double tolerance) const {
  if (compounds.size() != fractions.size())
    throw InvalidArgument(argument(name), "compounds and fractions differ in length");
  if (compounds.empty()) throw InvalidArgument(argument(name), "profile is empty");
  std::set<std::string> seen;
  double sum = 0.0;
  for (std::size_t i = 0; i < compounds.size(); ++i) {
    if (!seen.insert(compounds[i]).second)
      throw InvalidArgument(argument(name + "/" + compounds[i]), "duplicate compound");
    if (!(fractions[i] >= 0.0) || !std::isfinite(fractions[i]))
      throw InvalidArgument(argument(name + "/" + compounds[i]),
                            "mass fraction must be finite and >= 0");
    sum += fractions[i];
  }
  if (std::fabs(sum - 1.0) > tolerance)
    throw InvalidArgument(argument(name),
                          "mass fractions sum to " + std::to_string(sum) + ", not 1");
}

SpeciationProfile SpeciationProfile::normalised() const {
  SpeciationProfile p = *this;
  double sum = 0.0;
  for (double f : fractions) sum += f;
  if (!(sum > 0.0)) throw InvalidArgument(argument(name), "fractions sum to zero");
  for (double& f : p.fractions) f /= sum;
  return p;
}

const CompoundMapping* SpeciesMapping::find(const std::string& compound) const {
  for (const auto& c : compounds)
    if (c.compound == compound) return &c;
  return nullptr;
}

void SpeciesMapping::validate() const {
  for (const auto& [sp, mw] : species_mw)
    if (!(mw > 0.0)) throw InvalidArgument(argument(name + "/" + sp), "MW must be > 0");
  std::set<std::string> seen;
  for (const auto& c : compounds) {
    if (!seen.insert(c.compound).second)
      throw InvalidArgument(argument(c.compound), "duplicate compound in mapping");
    if (c.species.empty())
      throw InvalidArgument(argument(c.compound), "maps to no mechanism species");
    for (const auto& [sp, n] : c.species) {
      if (species_mw.find(sp) == species_mw.end())
        throw KeyError(argument(c.compound + " -> " + sp),
                       "mechanism species has no molecular weight");
      if (!(n > 0.0))
        throw InvalidArgument(argument(c.compound + " -> " + sp), "moles must be > 0");
    }
  }
}

SpeciationMatrix build_speciation(const SpeciationProfile& profile, const SpeciesMapping& mech,
                                  MassBasis basis, bool allow_unmapped) {
  profile.validate();
  mech.validate();
  SpeciationMatrix m;
  m.profile = profile.name;
  std::map<std::string, double> moles;
  for (std::size_t i = 0; i < profile.compounds.size(); ++i) {
    const double w = profile.fractions[i];
    const CompoundMapping* c = mech.find(profile.compounds[i]);
    if (!c) {
      if (!allow_unmapped)
        throw KeyError(argument(profile.name + "/" + profile.compounds[i]),
                       "compound has no mapping in mechanism " + mech.name);
      m.unmapped.push_back(profile.compounds[i]);
      m.unmapped_fraction += w;
      continue;
    }
    double div = 0.0;
    if (basis == MassBasis::mechanism) {
      for (const auto& [sp, n] : c->species) div += n * mech.species_mw.at(sp);
    } else {
      if (!(c->molecular_weight > 0.0))
        throw InvalidArgument(argument(c->compound), "compound molecular weight missing");
      div = c->molecular_weight;
    }
    for (const auto& [sp, n] : c->species) moles[sp] += w * n / div;
  }
  for (const auto& [sp, n] : moles) {
    m.species.push_back(sp);
    m.moles_per_gram.push_back(n);
    m.mass_fraction.push_back(n * mech.species_mw.at(sp));
    m.back_check += n * mech.species_mw.at(sp);
  }
  return m;
}

namespace detail {

SectorSplits sector_splits(const std::vector<std::string>& sectors,
                           const std::vector<SpeciationProfile>& profiles,
                           const std::map<std::string, std::string>& assignment,
                           const SpeciesMapping& mech, SpeciationOutput output, MassBasis basis) {
  std::unordered_map<std::string, const SpeciationProfile*> by_name;
  for (const auto& pr : profiles) by_name[pr.name] = &pr;
  for (const auto& [selector, name] : assignment)
    if (!by_name.count(name))
      throw KeyError(argument(name), "no such speciation profile (assigned to '" + selector + "')");
  // profile per sector: most specific selector wins
  const std::size_t S = sectors.size();
  std::vector<const SpeciationProfile*> sector_profile(S, nullptr);
  for (std::size_t s = 0; s < S; ++s) {
    const std::string* name = detail::most_specific(assignment, sectors[s]);
    if (!name) continue;
    sector_profile[s] = by_name.at(*name);
  }
  // per-sector split: output label -> factor per unit of input
  std::vector<std::map<std::string, double>> split(S);
  SectorSplits out;
  std::map<std::string, std::size_t> label_pos;
  out.has_profile.assign(S, false);
  for (std::size_t s = 0; s < S; ++s) {
    if (!sector_profile[s]) continue;
    out.has_profile[s] = true;
    const SpeciationProfile& prof = *sector_profile[s];
    if (output == SpeciationOutput::compounds) {
      prof.validate();
      for (std::size_t i = 0; i < prof.compounds.size(); ++i)
        split[s][prof.compounds[i]] += prof.fractions[i];
    } else {
      SpeciationMatrix m = build_speciation(prof, mech, basis);
      for (std::size_t j = 0; j < m.species.size(); ++j)
        split[s][m.species[j]] +=
            output == SpeciationOutput::moles ? m.moles_per_gram[j] : m.mass_fraction[j];
    }
    for (const auto& [lab, f] : split[s])
      if (label_pos.emplace(lab, out.labels.size()).second) out.labels.push_back(lab);
  }
  out.factor.assign(S, std::vector<double>(out.labels.size(), 0.0));
  for (std::size_t s = 0; s < S; ++s)
    for (const auto& [lab, f] : split[s]) out.factor[s][label_pos.at(lab)] = f;
  return out;
}

}  // namespace detail

Inventory speciate(const Inventory& inv, const std::string& pollutant,
                   const std::vector<SpeciationProfile>& profiles,
                   const std::map<std::string, std::string>& assignment, const SpeciesMapping& mech,
                   SpeciationOutput output, MassBasis basis) {
  const std::size_t p0 = inv.pollutant_index(pollutant);
  Unit u = parse_unit(inv.units()[p0], argument(pollutant));
  if (u.dim.mass != 1 || u.dim.amount != 0 || !u.basis.empty())
    throw UnitError(argument(pollutant),
                    "speciation needs a mass of the species itself, got '" + inv.units()[p0] + "'");
  const std::size_t S = inv.n_sectors();
  detail::SectorSplits sp =
      detail::sector_splits(inv.sectors(), profiles, assignment, mech, output, basis);
  for (std::size_t s = 0; s < S; ++s) {
    if (sp.has_profile[s]) continue;
    bool any = false;
    for (std::size_t r = 0; r < inv.n_places() && !any; ++r)
      for (std::size_t t = 0; t < inv.n_times(); ++t) any |= inv.at(s, p0, r, t) != 0.0;
    if (any)
      throw KeyError(argument(inv.sectors()[s]),
                     "sector has " + pollutant + " but no speciation profile");
  }
  const std::vector<std::string>& new_labels = sp.labels;
  std::vector<std::string> pols, units;
  for (std::size_t p = 0; p < inv.n_pollutants(); ++p)
    if (p != p0) {
      pols.push_back(inv.pollutants()[p]);
      units.push_back(inv.units()[p]);
    }
  // Moles: mol per g times the input unit, expressed as mol/yr (rates) or mol (amounts).
  std::string out_unit = inv.units()[p0];
  double unit_factor = 1.0;
  if (output == SpeciationOutput::moles) {
    const Unit raw = parse_unit("mol g-1 " + inv.units()[p0]);
    out_unit = raw.dim == parse_unit("mol/yr").dim ? "mol/yr" : "mol";
    unit_factor = conversion_factor(raw, parse_unit(out_unit));
  }
  for (const auto& lab : new_labels) {
    for (const auto& existing : pols)
      if (existing == lab)
        throw InvalidArgument(argument(lab), "speciated name clashes with a pollutant");
    pols.push_back(lab);
    units.push_back(out_unit);
  }
  Inventory out = inv.grid() ? Inventory::on_grid(inv.sectors(), pols, *inv.grid(),
                                                  inv.time_resolution(), units, inv.year)
                             : Inventory(inv.sectors(), pols, inv.places(), inv.time_resolution(),
                                         units, inv.year);
  out.name = inv.name;
  out.history() = inv.history();
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t r = 0; r < inv.n_places(); ++r)
      for (std::size_t t = 0; t < inv.n_times(); ++t) {
        std::size_t q = 0;
        for (std::size_t p = 0; p < inv.n_pollutants(); ++p)
          if (p != p0) out.at(s, q++, r, t) = inv.at(s, p, r, t);
        const double e = inv.at(s, p0, r, t);
        for (std::size_t k = 0; k < new_labels.size(); ++k)
          out.at(s, q + k, r, t) = e * sp.factor[s][k] * unit_factor;
      }
  const char* kind = output == SpeciationOutput::moles  ? "moles"
                     : output == SpeciationOutput::mass ? "mass"
                                                        : "compounds";
  Operation op{"speciate",
               "",
               {{"pollutant", pollutant},
                {"mechanism", mech.name},
                {"output", kind},
                {"basis", basis == MassBasis::mechanism ? "mechanism" : "compound"}}};
  for (const auto& [sel, name] : assignment) op.parameters.emplace_back("profile:" + sel, name);
  out.record(op);
  return out;
}

SpeciationProfile profile_from_factor(const std::string& name,
                                      const std::vector<std::string>& species,
                                      const std::vector<double>& values,
                                      const std::vector<double>& mw) {
  if (species.size() != values.size() || (!mw.empty() && mw.size() != values.size()))
    throw InvalidArgument(argument(name), "species, values and MWs differ in length");
  SpeciationProfile p;
  p.name = name;
  p.source = "PMF factor";
  double sum = 0.0;
  for (std::size_t i = 0; i < species.size(); ++i) {
    double v = values[i];
    if (!std::isfinite(v) || v < 0.0)
      throw InvalidArgument(argument(name + "/" + species[i]),
                            "factor value must be finite and >= 0");
    if (!mw.empty()) {
      if (!(mw[i] > 0.0)) throw InvalidArgument(argument(species[i]), "MW must be > 0");
      v *= mw[i];
    }
    p.compounds.push_back(species[i]);
    p.fractions.push_back(v);
    sum += v;
  }
  if (!(sum > 0.0)) throw InvalidArgument(argument(name), "factor profile is all zero");
  for (double& f : p.fractions) f /= sum;
  return p;
}

ProfileComparison compare_profiles(const SpeciationProfile& a, const SpeciationProfile& b) {
  ProfileComparison c;
  std::map<std::string, std::size_t> pos;
  auto add = [&](const SpeciationProfile& pr, bool first) {
    for (std::size_t i = 0; i < pr.compounds.size(); ++i) {
      auto it = pos.find(pr.compounds[i]);
      if (it == pos.end()) {
        it = pos.emplace(pr.compounds[i], c.compounds.size()).first;
        c.compounds.push_back(pr.compounds[i]);
        c.a.push_back(0.0);
        c.b.push_back(0.0);
      }
      (first ? c.a : c.b)[it->second] += pr.fractions[i];
    }
  };
  add(a, true);
  add(b, false);
  const std::size_t n = c.compounds.size();
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ma += c.a[i];
    mb += c.b[i];
  }
  ma /= double(n);
  mb /= double(n);
  double sab = 0, saa = 0, sbb = 0, cod = 0;
  std::size_t p = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sab += (c.a[i] - ma) * (c.b[i] - mb);
    saa += (c.a[i] - ma) * (c.a[i] - ma);
    sbb += (c.b[i] - mb) * (c.b[i] - mb);
    if (c.a[i] + c.b[i] > 0) {
      double d = (c.a[i] - c.b[i]) / (c.a[i] + c.b[i]);
      cod += d * d;
      ++p;
    }
  }
  c.pearson_r =
      (saa > 0 && sbb > 0) ? sab / std::sqrt(saa * sbb) : std::numeric_limits<double>::quiet_NaN();
  c.cod = p ? std::sqrt(cod / double(p)) : 0.0;
  return c;
}

}  // namespace aqm::emis
