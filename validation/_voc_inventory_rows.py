"""Section 3 of voc_validation.py (issue 10, target 4): the localized library on the bundled
inventory against a library built from the truth profiles, with the true exposure over PMF
seeds and, for the other data seeds, per seed."""

from __future__ import annotations

import pandas as pd
from _report import Report
from _voc_main_job import _identify_quietly, equation, main_job_pmf

from aqm.pmf import PMF
from aqm.voc import SimulatedVocData, pmf_dataset

#: PMF seeds of the true-exposure row besides the main job's own (42, fitted in section 2).
OTHER_PMF_SEEDS = (1, 2, 3, 4)


def _speciated(lib) -> pd.Series:
    from aqm.emis import Inventory

    inv = Inventory.bundled()
    out = inv.speciate(profiles=lib, output="compounds")
    new = [p for p in out.pollutants if p not in inv.pollutants]
    return out.totals()[new].sum(axis=0)


def _top20_diff(lib, top: pd.Index, b: pd.Series) -> pd.Series:
    return _speciated(lib).reindex(top).fillna(0.0) / b[top] - 1.0


def _t4_text(diff: pd.Series) -> str:
    worst = diff.abs().sort_values(ascending=False)
    text = ", ".join(f"{s} {diff[s]:+.1%}" for s in worst.index[:5])
    return (
        f"max abs diff {worst.iloc[0]:.1%} (largest: {text}; "
        f"{int((worst < 0.05).sum())}/20 within 5 %)"
    )


def _localized(model: PMF, site: str, *, constrained: bool):
    """The main job's library: identification of the base run, then (by default) the
    reference-guided 'set to zero' constrained run (aqm.voc.constrain) localized."""
    from aqm.voc import localize
    from aqm.voc.constrain import zero_absent_species

    ident, _ = _identify_quietly(model, "voc", units="mass")
    source, extra = model, ""
    if constrained:
        sol = zero_absent_species(model, ident)
        source = sol.profiles if sol.applied else model
        extra = f"{len(sol.constraints)} constraints, %dQ {sol.percent_dq:.2f}"
    lib = localize(
        source,
        ident,
        site=site,
        period="2021-01/2021-07",
        units="mass",
        initial_concentrations=True,
    )
    return lib, extra


def _truth_totals(sim: SimulatedVocData) -> tuple[pd.Series, pd.Index]:
    """Species totals of the bundled inventory speciated with the truth profiles (through the
    same `localize` fill rule), and its top-20 species by mass."""
    from aqm.voc import localize

    truth = sim.truth_profiles
    names = {s: s for s in truth.index}
    ident_t, _ = _identify_quietly(
        truth, "voc", units="mass", assign=True, names=names, one_to_one=False
    )
    b = _speciated(localize(truth, ident_t, site="truth", period="2021-01/2021-07", units="mass"))
    return b, b.sort_values(ascending=False).head(20).index


def _t4_worst(model: PMF, b: pd.Series, top: pd.Index) -> tuple[str, float]:
    """Target 4's worst species and its difference for the main job's library from ``model``."""
    lib, _ = _localized(model, "x", constrained=True)
    diff = _top20_diff(lib, top, b)
    worst = diff.abs().idxmax()
    return worst, float(diff[worst])


def _worst_text(worst: list[tuple[str, float]]) -> str:
    within = sum(abs(d) < 0.05 for _, d in worst)
    return f"{'; '.join(f'{s} {d:+.1%}' for s, d in worst)} ({within}/{len(worst)} within 5 %)"


def _t4_pmf_seed_row(
    rep: Report, sim: SimulatedVocData, b: pd.Series, top: pd.Index, main: PMF
) -> None:
    """Target 4 with the TRUE exposure (no age error) over PMF seeds: how much of the species
    totals the measurements decide.  ``main``: section 2's fit of the same data (seed 42)."""
    data = pmf_dataset(
        sim.conc, sim.unc, sim.truth_oh_exposure, basis="initial", koh=sim.koh, **equation(sim)
    )
    data.suggest_categories()
    models = [main] + [main_job_pmf(seed).fit(data) for seed in OTHER_PMF_SEEDS]
    worst = [_t4_worst(model, b, top) for model in models]
    q = [model.q_robust_ for model in models]
    seeds = (main.random_state, *OTHER_PMF_SEEDS)
    rep.info(
        f"target 4 diagnosis: TRUE exposure, PMF seeds {', '.join(map(str, seeds))} "
        "(worst species each)",
        f"{_worst_text(worst)}; Q(robust) {min(q):.1f}-{max(q):.1f} "
        f"(spread {(max(q) - min(q)) / min(q):.4%})",
        "abs diff < 5 % for each seed",
        all(abs(d) < 0.05 for _, d in worst),
    )


def section_inventory(
    rep: Report, sim: SimulatedVocData, model: PMF, model_true_initial: PMF
) -> None:
    b, top = _truth_totals(sim)
    plain, _ = _localized(model, "unconstrained", constrained=False)
    diff = _top20_diff(plain, top, b)
    rep.info(
        "target 4 diagnosis: without the 'set to zero' constraints (base run localized)",
        _t4_text(diff),
        "abs diff < 5 %",
        bool(diff.abs().max() < 0.05),
    )
    true_lib, extra = _localized(model_true_initial, "true exposure", constrained=True)
    diff = _top20_diff(true_lib, top, b)
    rep.info(
        "target 4 diagnosis: PMF on initial concentrations with the TRUE exposure, constrained",
        f"{_t4_text(diff)}; {extra}",
        "abs diff < 5 %",
        bool(diff.abs().max() < 0.05),
    )
    _t4_pmf_seed_row(rep, sim, b, top, model_true_initial)
    local, extra = _localized(model, "hangzhou_like", constrained=True)
    diff = _top20_diff(local, top, b)
    rep.check(
        "localized library on the bundled inventory (target 4): top-20 species totals "
        "vs truth-profile library",
        f"{_t4_text(diff)}; {extra}",
        "abs diff < 5 % for each of the top-20 species by mass",
        bool(diff.abs().max() < 0.05),
    )
    rep.note(
        "target 4 setup: NMVOC of data/emis/hangzhou_2020_inventory.csv speciated to "
        "compounds with Inventory.speciate(profiles=lib); lib = the main job's path: PMF p=7 "
        "on initial concentrations (default age method), identification, the "
        "reference-guided 'set to zero' constrained run (aqm.voc.constrain: species the "
        "matched reference lacks where the factor holds < 10 % of the species' modelled "
        "mass), localize; vs localize(truth profiles named by their own source), both with "
        "the default SECTOR_SOURCE_TYPES map; top-20 species by mass of the truth run. "
        "Without the constraints PMF puts species a source does not emit into its factor "
        "at the 1-3 % level (ethane into the coatings and evaporation factors): those "
        "sectors are large in the inventory, so a leak of a few % doubles ethane's total. "
        "What remains after the constraints is not the age correction: with the true "
        "exposure the same path meets the target for PMF seed 42 (row above) but not for "
        "every PMF seed (next row). The combustion factor holds ethane at 0.196 of its mass "
        "with the joint age and at 0.198 with the true exposure (truth 0.178), and the "
        "combustion sectors are large in the inventory; the runs differ in how the other "
        "factors share ethane and n-butane. With PMF "
        "5.0's measured-value uncertainties the same path gave 10.5 % (every species strong) "
        "and 8.8 % (the S/N categories used here); with the fitted ones 7.3 %, and 8.2 % with "
        "the joint age's weights from the model too (its January bias -14.2 -> -8.9 %). "
        "The miss is inside the solution's rotational freedom: pulled towards the truth's "
        "mass fraction (a PMF 5.0 expression from the constrained run, scratch), the "
        "combustion factor holds ethane at 0.178 instead of 0.196 and propane at 0.052 "
        "instead of 0.058 for a Q(robust) 3.6 higher (of ~58,000; PMF 5.0's smallest DISP "
        "level is 4): the profile that gives ethane's total 8 % high and one that gives the "
        "truth's fit these data about equally well. The row 'TRUE exposure, PMF seeds' "
        "shows the same without any age error: five PMF seeds of one dataset, their best "
        "Q(robust) within 0.02 % of each other, give a worst species from 3 to 17 % (ethane "
        "+16.6 % for seed 2), and the other data seeds give 4.9, 12.1, 12.9 and 5.1 % with the "
        "true exposure (rows 'seed N, target 4'). A species' inventory total moves with "
        "admixtures of a few % of one source's profile in another (the combustion factor "
        "holds ~3 % of the LPG profile: ethane and propane 10-13 % above the truth's mass "
        "fractions, with the true exposure as with the joint age), which the measurements do "
        "not decide: the 5 % per species is finer than the data determine, whatever the age."
    )
