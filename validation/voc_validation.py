"""VOC workflow validation; writes validation/voc_validation_report.md.

Section 1 (measurements → photochemical age → PMF), on the bundled simulated Hangzhou-like
data (data/voc/hangzhou_like_2021_voc_*, January + July 2021, known truth) and on four more
simulator seeds of the same set-up:

1. The pair-ratio method recovers the true OH exposure: r and mean bias over daytime hours
   (10:00–17:59 local) where both species of the pair are above their MDLs; target abs(bias) <
   10 % for the default method (m/p-xylene/ethylbenzene, median night emission ratio per
   month, 5 h moving mean).  Also reported: hourly values of every pair, the 90th percentile
   emission ratio, other windows, the three pairs combined, and an oracle with the true hourly
   emission ratio of the source mix (what is left is measurement noise).
2. PMF (aqm.pmf.PMF, p = 7, 20 runs) on observed, initial (every candidate correction of
   aqm.voc.age, and the true exposure) and long-lived-only concentrations: per-source profile
   r and SID against the true at-source profiles; target for initial concentrations with the
   default method: r >= 0.95 and SID < 0.5 for every source, on every dataset.
"""

from __future__ import annotations

import dataclasses
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import ROOT, Report  # noqa: E402

from aqm.pmf import PMF  # noqa: E402
from aqm.voc import (HANGZHOU_LIKE_VOC_SOURCES, PAIRS, AgeWarning,  # noqa: E402
                     OhExposureModel, PhotochemicalAge, SimulatedVocData,
                     load_voc_kinetics, load_voc_source_profiles, pmf_dataset, simulate)
from aqm.voc.age import combine_oh_exposures, estimate_oh_exposure  # noqa: E402

DATA = ROOT / "data" / "voc" / "hangzhou_like_2021_voc"
DAY = range(10, 18)
DEFAULT_PAIR = "m/p-xylene/ethylbenzene"
OTHER_SEEDS = (1, 2, 3, 4)
R_MIN, SID_MAX = 0.95, 0.5


def _daytime_stats(est: pd.Series, truth: pd.Series, sim: SimulatedVocData,
                   pair: tuple[str, str], month: int) -> tuple[float, float, int]:
    c = sim.conc
    sel = ((c.index.month == month) & c.index.hour.isin(DAY)
           & (c[pair[0]] > sim.mdl[pair[0]]) & (c[pair[1]] > sim.mdl[pair[1]]) & est.notna())
    r = float(np.corrcoef(est[sel], truth[sel])[0, 1])
    bias = float(est[sel].mean() / truth[sel].mean() - 1.0)
    return r, bias, int(sel.sum())


def _estimate(sim: SimulatedVocData, pair, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AgeWarning)
        age = estimate_oh_exposure(sim.conc, pair, mdl=sim.mdl, koh=sim.koh, unc=sim.unc, **kw)
    return age, [str(w.message) for w in caught]


def _month(sim: SimulatedVocData, month: int) -> SimulatedVocData:
    keep = sim.conc.index.month == month
    return dataclasses.replace(sim, conc=sim.conc[keep], unc=sim.unc[keep])


def _per_month(sim: SimulatedVocData, window: float = 5.0, combined: bool = False,
               notes: list[str] | None = None) -> PhotochemicalAge:
    """One emission ratio per month (the source mix changes with the season), joined."""
    ages = []
    for month in (1, 7):
        sub = _month(sim, month)
        if combined:
            parts = [_estimate(sub, name, window_hours=0)[0] for name in PAIRS]
            age = combine_oh_exposures(parts, window_hours=window)
        else:
            age, msgs = _estimate(sub, DEFAULT_PAIR, window_hours=window)
            if notes is not None:
                notes += [f"AgeWarning, month {month}: {m}" for m in msgs]
                notes.append(f"month {month}: emission ratio {age.emission_ratio:.3g}, median "
                             f"sigma_E = {age.oh_exposure_sd.median():.3g} molecule cm-3 s "
                             f"({window:g} h window)")
        ages.append(age)
    return dataclasses.replace(
        ages[0], oh_exposure=pd.concat([a.oh_exposure for a in ages]),
        status=pd.concat([a.status for a in ages]),
        oh_exposure_sd=pd.concat([a.oh_exposure_sd for a in ages]),
        emission_ratio_method="per month")


def _month_rows(rep: Report, sim: SimulatedVocData, label: str, age: PhotochemicalAge,
                pair: tuple[str, str], gating: bool, extra: str = "") -> None:
    for month in (1, 7):
        r, bias, n = _daytime_stats(age.oh_exposure, sim.truth_oh_exposure, sim, pair, month)
        record = rep.check if gating else rep.info
        record(f"age {label}, {'Jan' if month == 1 else 'Jul'}",
               f"r = {r:.2f}, bias = {bias:+.1%} (n = {n}{extra})",
               "abs(bias) < 10 % (daytime, pair > MDL)", abs(bias) < 0.10)


def section_age(rep: Report, sim: SimulatedVocData) -> PhotochemicalAge:
    truth = sim.truth_oh_exposure
    for name, pair in PAIRS.items():
        for month in (1, 7):
            in_month = sim.conc.index.month == month
            sub = _month(sim, month)
            for pct in (50, 90):
                age, _ = _estimate(sub, name, percentile=pct, window_hours=0)
                r, bias, n = _daytime_stats(age.oh_exposure, truth[in_month], sub, pair, month)
                rep.info(f"age {name}, hourly, {'Jan' if month == 1 else 'Jul'}, ER = {pct}th "
                         f"pct of night ({age.emission_ratio:.3g})",
                         f"r = {r:.2f}, bias = {bias:+.1%} (n = {n}, clipped {age.n_clipped})",
                         "abs(bias) < 10 % (daytime, pair > MDL)", abs(bias) < 0.10)
            # Oracle: the true hourly emission ratio of the at-source mix.
            x0 = sim.conc_initial_true[in_month]
            k = sim.koh
            obs = sub.conc
            oracle = (np.log(x0[pair[0]] / x0[pair[1]]) - np.log(obs[pair[0]] / obs[pair[1]])) / (
                k[pair[0]] - k[pair[1]])
            r, bias, n = _daytime_stats(oracle, truth[in_month], sub, pair, month)
            rep.info(f"age {name}, {'Jan' if month == 1 else 'Jul'}, oracle hourly ER of the mix",
                     f"r = {r:.2f}, bias = {bias:+.1%} (n = {n})",
                     "noise-only limit (not a method result)", abs(bias) < 0.10)
    pair = PAIRS[DEFAULT_PAIR]
    for window in (3.0, 7.0):
        _month_rows(rep, sim, f"{DEFAULT_PAIR}, median ER, {window:g} h window",
                    _per_month(sim, window), pair, False)
    _month_rows(rep, sim, "3 pairs by inverse variance, median ER, 5 h window",
                _per_month(sim, 5.0, combined=True), pair, False)
    notes: list[str] = []
    default = _per_month(sim, 5.0, notes=notes)
    _month_rows(rep, sim, f"DEFAULT {DEFAULT_PAIR}, median ER, 5 h window", default, pair, True)
    for m in notes:
        rep.note(m)
    return default


def _profile_scores(model: PMF, sim: SimulatedVocData) -> tuple[pd.Series, pd.Series]:
    """Per-source r and SID of the matched factor (mass fractions over the fitted species).

    SID = sqrt(2)/n · Σ |x − y| / (x + y) over the n species the true profile contains
    (reference §4; a species absent from the truth would add sqrt(2)/n however small its
    fitted value)."""
    from scipy.optimize import linear_sum_assignment

    species = list(model.feature_names_in_)
    truth = sim.truth_profiles[species]
    truth = truth.div(truth.sum(axis=1), axis=0).to_numpy()
    fitted = model.profiles_[species].to_numpy()
    fitted = fitted / fitted.sum(axis=1, keepdims=True)
    r = np.array([[np.corrcoef(t, f)[0, 1] for f in fitted] for t in truth])
    rows, cols = linear_sum_assignment(-np.nan_to_num(r, nan=-1))
    sid = []
    for i, j in zip(rows, cols):
        present = truth[i] > 0  # none when the source's species were left out (long-lived)
        t, f = truth[i][present], fitted[j][present]
        sid.append(np.sqrt(2.0) / present.sum() * float(np.sum(np.abs(t - f) / (t + f)))
                   if present.any() else np.nan)
    index = sim.truth_profiles.index
    return pd.Series(r[rows, cols], index=index), pd.Series(sid, index=index)


def _pmf_row(rep: Report, label: str, data, sim: SimulatedVocData, gating: bool) -> None:
    model = PMF(7, n_runs=20, random_state=42, progress=False).fit(data)
    r, sid = _profile_scores(model, sim)
    text = ", ".join(f"{s} {v:.3f}/{d:.2f}" for (s, v), d in zip(r.items(), sid))
    met = bool(r.min() >= R_MIN and sid.max() < SID_MAX)
    observed = getattr(data, "observed_species", [])
    extra = f"; left observed: {', '.join(observed)}" if observed else ""
    record = rep.check if gating else rep.info
    record(f"PMF p=7 on {label}: min r / max SID",
           f"{r.min():.3f} / {sid.max():.2f} (r/SID: {text}; "
           f"{len(model.feature_names_in_)} species{extra})",
           f"r >= {R_MIN} and SID < {SID_MAX} for every source", met)


def section_pmf(rep: Report, sim: SimulatedVocData, age: PhotochemicalAge) -> None:
    c, u, k = sim.conc, sim.unc, sim.koh
    hourly = _per_month(sim, 0.0)
    observed_default = pmf_dataset(c, u, age, basis="initial", koh=k).observed_species
    runs = {
        "observed": (pmf_dataset(c, u, basis="observed"), False),
        "initial, hourly exposure, every species, with sigma_E term":
            (pmf_dataset(c, u, hourly, basis="initial", koh=k, max_correction_uncertainty=None),
             False),
        "initial, hourly exposure, every species, without sigma_E term":
            (pmf_dataset(c, u, hourly, basis="initial", koh=k, exposure_uncertainty=False,
                         max_correction_uncertainty=None), False),
        "initial, hourly exposure, k sigma_E <= 0.3":
            (pmf_dataset(c, u, hourly, basis="initial", koh=k), False),
        "initial, 5 h window, every species":
            (pmf_dataset(c, u, age, basis="initial", koh=k, max_correction_uncertainty=None),
             False),
        "initial, 5 h window, k sigma_E <= 0.3, those species weak (x3)":
            (pmf_dataset(c, u, age, basis="initial", koh=k,
                         categories={s: "weak" for s in observed_default}), False),
        "initial, 5 h window, k sigma_E <= 0.5":
            (pmf_dataset(c, u, age, basis="initial", koh=k, max_correction_uncertainty=0.5),
             False),
        "initial, 3 h window, k sigma_E <= 0.3":
            (pmf_dataset(c, u, _per_month(sim, 3.0), basis="initial", koh=k), False),
        "initial, 7 h window, k sigma_E <= 0.3":
            (pmf_dataset(c, u, _per_month(sim, 7.0), basis="initial", koh=k), False),
        "initial, 3 pairs combined, 5 h window, k sigma_E <= 0.3":
            (pmf_dataset(c, u, _per_month(sim, 5.0, combined=True), basis="initial", koh=k),
             False),
        "initial, DEFAULT (5 h window, k sigma_E <= 0.3)":
            (pmf_dataset(c, u, age, basis="initial", koh=k), True),
        "initial, true exposure": (pmf_dataset(c, u, sim.truth_oh_exposure, basis="initial",
                                               koh=k), False),
        "long-lived only": (pmf_dataset(c, u, age.oh_exposure, basis="long_lived", koh=k),
                            False),
    }
    for label, (data, gating) in runs.items():
        _pmf_row(rep, label, data, sim, gating)


def _simulate_seed(seed: int) -> SimulatedVocData:
    """The bundled data's set-up (data/voc/make_hangzhou_like_voc.py) with another seed."""
    sys.path.insert(0, str(DATA.parent))
    from make_hangzhou_like_voc import hours

    return simulate(hours(), seed=seed,
                    profiles=load_voc_source_profiles(f"{DATA}_profiles.csv"),
                    koh=load_voc_kinetics(f"{DATA}_species.csv"),
                    sources=HANGZHOU_LIKE_VOC_SOURCES, oh_exposure=OhExposureModel(),
                    mean_total=55.0)


def section_seeds(rep: Report) -> None:
    for seed in OTHER_SEEDS:
        sim = _simulate_seed(seed)
        age = _per_month(sim)
        _month_rows(rep, sim, f"seed {seed}, DEFAULT", age, PAIRS[DEFAULT_PAIR], True)
        c, u, k = sim.conc, sim.unc, sim.koh
        _pmf_row(rep, f"seed {seed}, observed", pmf_dataset(c, u, basis="observed"), sim, False)
        _pmf_row(rep, f"seed {seed}, initial, DEFAULT",
                 pmf_dataset(c, u, age, basis="initial", koh=k), sim, True)
        _pmf_row(rep, f"seed {seed}, initial, true exposure",
                 pmf_dataset(c, u, sim.truth_oh_exposure, basis="initial", koh=k), sim, False)


def main() -> int:
    rep = Report("VOC workflow validation (section 1: age and PMF on simulated data)")
    sim = SimulatedVocData.read_csv(DATA)
    rep.note(f"data: {DATA.relative_to(ROOT)}_*.csv, {len(sim.conc)} hours x "
             f"{len(sim.species)} species, 7 sources; kOH of the simulation passed as koh= "
             "(the registry lacks 16 of them); seeds "
             f"{', '.join(map(str, OTHER_SEEDS))}: the same set-up simulated again")
    age = section_age(rep, sim)
    section_pmf(rep, sim, age)
    section_seeds(rep)
    rep.note("PMF profiles are compared as mass fractions over the species the fit used; "
             "the truth is the at-source profile; factors matched one-to-one by maximum r. "
             "r/SID per source in the value column.")
    for text in NOTES:
        rep.note(text)
    return rep.finish(Path(__file__).with_name("voc_validation_report.md"))


NOTES = (
    "Why the hourly exposure fails and the default works: the hourly exposure error "
    "(sigma_E ~1.3-1.4e10, of which 1.2e10 is the 10 % measurement noise on X and E alone) is "
    "as large as the daytime signal, and the correction multiplies each reactive species by "
    "exp(k * error). Without the sigma_E term those errors distort the combustion factor "
    "(ethene, propene, butenes); with it, isoprene - the whole biogenic factor - gets a "
    "relative uncertainty ~1.4 and PMF loses that factor. The default (1) averages the hourly "
    "exposure over 5 h (noise / ~sqrt(5); the OH cycle changes over hours), and (2) leaves "
    "species whose correction is still too uncertain (k * median sigma_E > 0.3: the C4-C5 "
    "alkenes, 1,3-butadiene, styrene, 1,3,5-TMB, isoprene) observed with their measured "
    "uncertainty; making them weak (x3) loses the biogenic factor again.",
    "Smoothing averages the clipped hourly exposures (a negative exposure is unphysical). "
    "That clipping raises the mean, which offsets the low bias of the median-night emission "
    "ratio in January; the age rows show both.",
    "SID is computed over the species in the true profile. No observed-concentration run "
    "reaches SID < 0.5 on every source, and the true exposure reaches it only on the bundled "
    "data (0.48; 0.54-0.60 on the other seeds): SID weighs every species equally, so the many "
    "minor species (a few 0.1 % of a profile) whose fitted fractions scatter by tens of "
    "percent dominate it. The SID target is beyond what the age correction controls here.",
    "Where the default misses r >= 0.95 (seeds 1 and 4) the true exposure misses it too "
    "(0.846, 0.905), and so does observed-concentration PMF (0.926, 0.903): the p = 7 "
    "solution itself (20 runs, seed 42), not the exposure, limits those datasets.",
)


if __name__ == "__main__":
    sys.exit(main())
