"""Issue 11 validation (species-resolved VOC inventory, source-resolved O3/SOA); writes
validation/voc_o3_validation_report.md.

On the bundled simulated Hangzhou-like VOC data (known truth) and the bundled 2020 inventory:

1. Conservation: the inventory speciated with localized profiles (compounds) adds up to each
   sector's NMVOC to 1e-12.
2. OFP by source: the ozone formation potential of each source computed from the PMF result
   as `aqm voc run` gets it (joint photochemical age, initial concentrations, S/N categories,
   uncertainties from the fitted values, 'set to zero' constraints from the matched
   references; factors matched to the true sources by profile correlation) against the OFP
   of the true sources (mean at-source contribution × true profile); target |difference|
   <= 10 % for every source with >= 10 % of the VOC mass.  The same on observed
   concentrations against the true sources' contribution at the receptor (after OH loss) is
   reported.
3. Potential-based vs model-based ranking of the inventory's reporting sectors: the inventory's
   OFP per sector against the box model's zero-out dO3 (max 8-h O3) on the bundled summer day,
   with Spearman's rank correlation and the reasons they differ (reported, not gated).

References: the simulator's truth files (not the code under test), Carter (2010) MIR through
the species registry, and the hand-checked box attribution of
validation/o3_attribution_validation.py.

Run: python validation/voc_o3_validation.py (after pip install .)
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import ROOT, Report
from voc_validation import _joint, _per_month, _simulate_seed, equation, main_job_pmf

from aqm import emis, voc
from aqm._toml import load_toml
from aqm.chem.attribution_config import from_config
from aqm.chem.voc import MissingCoefficientWarning
from aqm.pmf import PMF

DATA = ROOT / "data" / "voc" / "hangzhou_like_2021_voc"
SHARE_MIN, OFP_TOL = 0.10, 0.10
SPREAD_SEEDS, BS_RUNS = (1, 2, 5, 6, 7), 50  # PMF seeds beside the default 42; BS runs


def _matched(model: PMF, sim: voc.SimulatedVocData) -> dict[str, str]:
    """Factor -> true source by profile correlation (one-to-one), for scoring only."""
    from scipy.optimize import linear_sum_assignment

    species = list(model.feature_names_in_)
    prof = model.profiles_[species]
    truth = sim.truth_profiles[species]
    r = np.array(
        [[np.corrcoef(prof.loc[f], truth.loc[s])[0, 1] for s in truth.index] for f in prof.index]
    )
    rows, cols = linear_sum_assignment(-np.nan_to_num(r, nan=-1))
    return {prof.index[i]: truth.index[j] for i, j in zip(rows, cols)}


def _ofp(conc: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        return voc.formation_potential(conc).by_source


def _ofp_row(
    rep: Report, label: str, model: PMF, sim: voc.SimulatedVocData, truth: pd.DataFrame
) -> None:
    """One OFP-by-source row (and its rank note) for ``model`` on the main job's path."""
    names = _matched(model, sim)
    species = list(model.feature_names_in_)
    # the main job's path: one-to-one names, then the 'set to zero' constrained run
    solution = voc.zero_absent_species(model, voc.identify_one_to_one(model))
    got = _ofp(solution.profiles.rename(index=names)[species])
    want = _ofp(truth[species])
    rel = (got["ofp"] / want["ofp"] - 1.0).reindex(want.index)
    big = want.index[want["voc_share"] >= SHARE_MIN]
    rows = ", ".join(
        f"{s} {want.at[s, 'ofp']:.1f}→{got.at[s, 'ofp']:.1f} ({rel[s]:+.0%})" for s in want.index
    )
    met = bool((rel[big].abs() <= OFP_TOL).all())
    record = rep.check if label.startswith("initial, DEFAULT") else rep.info
    record(
        f"OFP by source, PMF on {label} concentrations vs truth (ug/m3 O3)",
        f"worst {rel[big].abs().max():.1%} over {len(big)} sources with >= 10 % share; "
        + rows
        + f"; {len(solution.constraints)} set-to-zero constraints, %dQ "
        f"{solution.percent_dq:.2f}{'' if solution.applied else ' (not applied)'}",
        f"|diff| <= {OFP_TOL:.0%} for sources with >= {SHARE_MIN:.0%} of VOC",
        met,
    )
    rank = pd.DataFrame(
        {
            "true": want["ofp"].rank(ascending=False),
            "pmf": got["ofp"].reindex(want.index).rank(ascending=False),
        }
    )
    rep.note(
        f"{label}: OFP ranks true vs PMF: "
        + ", ".join(f"{s} {int(t)}/{int(p)}" for s, (t, p) in rank.iterrows())
    )


def section_ofp(rep: Report, sim: voc.SimulatedVocData, library_out: list) -> PMF:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        age = _per_month(sim)
        c, u, k, e = sim.conc, sim.unc, sim.koh, equation(sim)
        joint = voc.pmf_dataset(c, u, _joint(sim, age), basis="initial", koh=k, **e)
        initial = voc.pmf_dataset(c, u, age, basis="initial", koh=k, **e)
        oracle = voc.pmf_dataset(
            c,
            u,
            sim.truth_oh_exposure,
            basis="initial",
            koh=k,
            max_correction_uncertainty=None,
            **e,
        )
        observed = voc.pmf_dataset(c, u, basis="observed", **e)
        for data in (joint, initial, oracle, observed):  # PMF 5.0's S/N rule, as `aqm voc run`
            data.suggest_categories()
    at_source = sim.truth_profiles.mul(sim.truth_contributions.mean(), axis=0)
    survival = np.exp(-np.outer(sim.truth_oh_exposure.to_numpy(), sim.koh[sim.species]))
    at_receptor = pd.DataFrame(
        {
            s: (sim.truth_contributions[s].to_numpy()[:, None] * survival).mean(axis=0)
            * sim.truth_profiles.loc[s, sim.species].to_numpy()
            for s in sim.sources
        },
        index=sim.species,
    ).T
    models = {}
    pmf5 = PMF(7, n_runs=20, random_state=42, progress=False)  # uncertainties as measured
    for label, data, truth, pmf in (
        ("initial, DEFAULT joint age", joint, at_source, main_job_pmf()),
        ("initial, joint age, PMF 5.0's measured-value uncertainties,", joint, at_source, pmf5),
        ("initial, pair-method age", initial, at_source, main_job_pmf()),
        ("initial, true exposure, every species corrected", oracle, at_source, main_job_pmf()),
        ("observed", observed, at_receptor, main_job_pmf()),
    ):
        models[label] = pmf.fit(data)
        _ofp_row(rep, label, models[label], sim, truth)
    rep.note(
        "Reading the OFP rows: every row takes the main job's path after PMF: one-to-one "
        "names, then the reference-guided 'set to zero' constrained run "
        "(aqm.voc.constrain), whose profiles give the OFP. OFP is carried by the reactive "
        "species (alkenes, isoprene, C8+ aromatics). With the pair-method age those are "
        "left observed where k*sigma_E > 0.3 (validation/voc_validation_report.md): the "
        "isoprene-only biogenic source keeps its receptor (aged) mass and the night "
        "sources' alkenes are over-corrected (the clipped night exposure is biased high). "
        "The joint age fit has a sixth of the pair's noise, so every species is corrected, "
        "and its sd (with each hour's contributions free) weighs down the reactive species in "
        "the hours whose exposure is uncertain; the true-exposure row shows what a perfect "
        "correction gives. PMF's uncertainties come from its fitted values "
        "(PMF(uncertainty='fitted')); with PMF 5.0's measured-value uncertainties (its row) "
        "every factor sits lower (a value read low weighs more), vehicle exhaust most."
    )
    default = models["initial, DEFAULT joint age"]
    _ofp_uncertainty(rep, sim, joint, default, at_source)
    ident = voc.identify_one_to_one(default)
    library_out.append(
        voc.localize(
            voc.zero_absent_species(default, ident).profiles,
            ident,
            site="validation",
            period="2021-01/07",
            initial_concentrations=True,
        )
    )
    return default


def _worst_ofp_error(model: PMF, sim: voc.SimulatedVocData, truth: pd.DataFrame) -> float:
    names, species = _matched(model, sim), list(model.feature_names_in_)
    solution = voc.zero_absent_species(model, voc.identify_one_to_one(model))
    got, want = _ofp(solution.profiles.rename(index=names)[species]), _ofp(truth[species])
    big = want.index[want["voc_share"] >= SHARE_MIN]
    return float((got["ofp"][big] / want["ofp"][big] - 1.0).abs().max())


def _ofp_uncertainty(
    rep: Report, sim: voc.SimulatedVocData, data, model: PMF, truth: pd.DataFrame
) -> None:
    """How sure the OFP by source is: the same data refitted from other PMF seeds (rotational
    and local-minimum spread), and the BS interval of the constrained run (random error)."""
    worst = {42: _worst_ofp_error(model, sim, truth)}
    for seed in SPREAD_SEEDS:
        refit = main_job_pmf(seed).fit(data)
        worst[seed] = _worst_ofp_error(refit, sim, truth)
    rep.info(
        "OFP by source, DEFAULT path, PMF refitted from other seeds (same data): worst source",
        ", ".join(f"seed {k}: {v:.1%}" for k, v in worst.items()),
        f"spread of the solution itself against the {OFP_TOL:.0%} target",
        max(worst.values()) <= OFP_TOL,
    )
    names, species = _matched(model, sim), list(model.feature_names_in_)
    solution = voc.zero_absent_species(model, voc.identify_one_to_one(model))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        bs = model.bootstrap(BS_RUNS, random_state=42, constraints=solution.constraints)
        spread = voc.formation_intervals(model, bs, names=names)
    want = _ofp(truth[species])["ofp"].reindex(spread.index)
    _coverage_row(
        rep,
        f"BS 5-95 % interval ({BS_RUNS} runs of the constrained run)",
        want,
        spread["ofp_q5"],
        spread["ofp_q95"],
        "reported: the random error of the OFP by source (key_sources ofp_q5/ofp_q95)",
    )
    disp = voc.formation_displacement(model, solution, names=names)
    _coverage_row(
        rep,
        "rotational range (Q(robust) <= 4 above the constrained run, "
        "aqm.voc.formation_displacement)",
        want,
        disp["lower"],
        disp["upper"],
        "reported: the solutions the data cannot tell apart (key_sources ofp_rot_lower/upper)",
    )
    rep.note(
        "How sure the OFP by source is: refitted from other PMF seeds, the same data gives a "
        "worst source within the target for every seed (row above); with PMF 5.0's "
        "measured-value uncertainties and the age weighed at the measured values, the same "
        "seeds gave 8.7-11.0 %, on both sides of it. Other simulated data (scratch runs, data "
        "seeds 1-8 of the same set-up) show how far that carries: worst source 9.7, 13.8, "
        "24.5, 12.8, 8.8, 7.4, 13.4, 18.5 % (3 of 8 within the target; with PMF 5.0's "
        "uncertainties worse on each of seeds 2 and 4-8: 16.1, 13.5, 11.0, 10.4, 16.0, "
        "19.0 %). In all eight gasoline evaporation is high (+6 to +25 %) and vehicle "
        "exhaust low (-6 to -14 %), one of them the worst source in 7 of 8: a rotation "
        "between the two gasoline sources (on seed 3 +12 / -9 % even with the true "
        "exposure) in which the evaporation "
        "factor takes up vehicle exhaust's unburned-gasoline species (toluene, isopentane, "
        "n-butane, m/p-xylene) and species its reference lists at trace level (n-decane, "
        "ethyl acetate). The bundled realization is a favourable one. The BS interval of the "
        "constrained run (resampled blocks of hours, so it includes the sampling error of "
        "the period mean) holds the truth for the sources "
        "whose error is random; that rotation is not sampled by it. The rotational range "
        "(last row: every solution whose Q(robust) is at most 4 above the constrained run's, "
        "out of ~58,000) is what the data leave open: gasoline evaporation -15 ... +21 %, "
        "LPG -15 ... 0 %, vehicle exhaust -8 ... +3 % of the truth here, so a 10 % target "
        "for those sources is within the solution's own ambiguity. On data seeds 1-8 (scratch, "
        "two sources each) the range holds the truth for gasoline evaporation on all 8 (ends "
        "-2 ... -19 % and +19 ... +37 %) and for vehicle exhaust on 6 of 8 (seeds 7 and 8: "
        "-15.6 ... -3.4 % and -13.2 ... -2.4 %): vehicle exhaust's error is part rotation, "
        "part the January under-correction of its reactive species (the joint age is 9-15 % "
        "low in January, validation/voc_validation_report.md). The sources whose range misses "
        "the truth here (petrochemical, solvent use, combustion: -4 ... +4 %; biogenic) have "
        "narrow ranges, so their error is not rotational; their BS interval holds the truth. "
        "Every source's truth is inside its BS interval or its rotational range."
    )


def _coverage_row(
    rep: Report, what: str, want: pd.Series, lower: pd.Series, upper: pd.Series, target: str
) -> None:
    """One row: is each source's true OFP inside its interval [lower, upper]?"""
    inside = (want >= lower) & (want <= upper)
    rep.info(
        f"OFP by source, DEFAULT path: {what} vs truth (ug/m3 O3)",
        f"truth inside for {int(inside.sum())}/{len(want)}: "
        + ", ".join(
            f"{s} {want[s]:.1f} in [{lower[s]:.1f}, {upper[s]:.1f}]"
            f"{'' if inside[s] else ' (outside)'}"
            for s in want.index
        ),
        target,
        bool(inside.all()),
    )


def section_noise_free(rep: Report) -> None:
    """Where the OFP error comes from: the bundled set-up without measurement noise (initial
    concentrations, uncertainties from the noise-free values), PMF base run and the main
    job's constrained run."""
    sys.path.insert(0, str(DATA.parent))
    from make_hangzhou_like_voc import SEED

    sim = _simulate_seed(SEED)
    x = sim.conc_initial_true
    unc = 0.1 * x + 0.05 * sim.mdl  # from the true values: no weight follows the noise
    model = PMF(7, n_runs=20, random_state=42, progress=False).fit(x, unc)
    truth = sim.truth_profiles.mul(sim.truth_contributions.mean(), axis=0)
    names, species = _matched(model, sim), list(model.feature_names_in_)
    solution = voc.zero_absent_species(model, voc.identify_one_to_one(model))
    want = _ofp(truth[species])
    big = want.index[want["voc_share"] >= SHARE_MIN]
    parts, worst = [], 0.0
    for label, profiles in (("base", model.profiles_), ("constrained", solution.profiles)):
        rel = _ofp(profiles.rename(index=names)[species])["ofp"].reindex(want.index) / want["ofp"]
        worst = float((rel[big] - 1).abs().max())
        parts.append(
            f"{label}: worst {worst:.1%} (" + ", ".join(f"{s} {rel[s] - 1:+.0%}" for s in big) + ")"
        )
    rep.info(
        "OFP by source on NOISE-FREE initial concentrations (bundled set-up), vs truth",
        "; ".join(parts) + f"; constrained %dQ {solution.percent_dq:.1f}",
        f"diagnosis; constrained worst <= {OFP_TOL:.0%} (the target is reachable without noise)",
        worst <= OFP_TOL,
    )
    rep.note(
        "Noise-free row: without measurement noise the unconstrained base run is already "
        "rotated (vehicle exhaust low, combustion high, LPG carrying alkenes it does not "
        "emit), and the reference-guided 'set to zero' run brings every source with >= 10 % "
        "of the VOC within the target (its Q is lower than the base run's: the base run sat "
        "in a local minimum). The method's structure reaches the target; what the DEFAULT row "
        "adds comes with the noise (the seed rows and the note on the BS row)."
    )


def section_conservation(rep: Report, library) -> pd.DataFrame:
    inv = emis.Inventory.bundled("hangzhou_2020")
    spec = inv.speciate(profiles=library, output="compounds")
    compounds = [p for p in spec.pollutants if p not in inv.pollutants]
    got = spec.totals()[compounds].sum(axis=1)
    want = inv.totals()["NMVOC"]
    err = float(((got - want).abs() / want.where(want > 0)).max())
    rep.check(
        "species-resolved inventory (localized profiles): compounds vs NMVOC per sector",
        f"max relative difference {err:.1e} over {len(want)} sectors, {len(compounds)} compounds",
        "<= 1e-12",
        err <= 1e-12,
    )
    return spec


def section_rankings(rep: Report, spec, library) -> None:
    cfg = load_toml(ROOT / "data" / "box" / "hangzhou_attribution.toml")["box"]
    library_path = Path(__file__).with_name("_voc_o3_library.csv")
    library.save(library_path)
    try:
        cfg["attribution"]["profiles"] = str(library_path)
        cfg["attribution"]["species_rir"] = False
        att, options = from_config(cfg, ROOT / "data" / "box")
        result = att.run(progress=False, **options)
    finally:
        library_path.unlink(missing_ok=True)
    place = spec.scale(
        {
            p: {
                s: {r: 0.0 for r in spec.places if r != "xiaoshan"}
                for s in {x.split("/")[0] for x in spec.sectors}
            }
            for p in spec.pollutants
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingCoefficientWarning)
        ofp = voc.inventory_formation_potential(place).by_source["ofp"]
    by_group = {}
    for name, sel in cfg["attribution"]["sectors"].items():
        sel = [sel] if isinstance(sel, str) else sel
        by_group[name] = sum(
            v for s, v in ofp.items() if any(s == x or s.startswith(x + "/") for x in sel)
        )
    table = result.sectors[["VOC_t_yr", "NOx_t_yr", "dO3_zero", "dO3_zero_voc"]].copy()
    table["OFP_t_yr"] = pd.Series(by_group)
    table["rank_potential"] = table["OFP_t_yr"].rank(ascending=False)
    table["rank_model"] = (-table["dO3_zero"]).rank(ascending=False)
    table["rank_model_voc"] = (-table["dO3_zero_voc"]).rank(ascending=False)
    rho = table["rank_potential"].corr(table["rank_model"])
    rho_voc = table["rank_potential"].corr(table["rank_model_voc"])
    rep.info(
        "potential (inventory OFP, Xiaoshan) vs model (zero-out dO3, max 8-h O3) ranking",
        f"Spearman {rho:.2f} with VOC+NOx zero-outs, {rho_voc:.2f} with VOC-only zero-outs",
        "reported; the reasons they differ are in the notes",
        True,
    )
    rep.note(
        "rankings (potential / model VOC+NOx / model VOC only): "
        + "; ".join(
            f"{s} {int(a)}/{int(b)}/{int(c)}"
            for s, (a, b, c) in table[["rank_potential", "rank_model", "rank_model_voc"]].iterrows()
        )
    )
    rep.note(
        "Why they differ: MIR ranks VOC mass by its ozone yield under NOx-rich conditions and "
        "ignores NOx, while the box answers for this day's chemistry. Sectors that emit "
        "NOx with little VOC (diesel vehicles, industrial combustion, power, off-road) rank "
        "far higher in the model, because on this transitional day their NOx makes O3; "
        "ranked on VOC-only zero-outs the two orders agree much better (Spearman above). "
        "Zero-outs are not additive either (o3_attribution_validation.py), so model shares "
        "are indicative. The inventory's OFP also weights by MIR, which is defined at the "
        "NOx level that maximises reactivity, not at the day's VOC/NOx ratio."
    )


def main() -> int:
    rep = Report("Issue 11 validation: species-resolved inventory and source-resolved O3")
    sim = voc.SimulatedVocData.read_csv(DATA)
    libraries: list = []
    section_ofp(rep, sim, libraries)
    section_noise_free(rep)
    spec = section_conservation(rep, libraries[0])
    section_rankings(rep, spec, libraries[0])
    out = Path(__file__).with_name("voc_o3_validation_report.md")
    out.write_text(rep.to_markdown(), encoding="utf-8")
    print(rep.to_markdown())
    return 0 if rep.ok else 1


if __name__ == "__main__":
    sys.exit(main())
