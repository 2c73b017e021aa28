"""VOC workflow validation; writes validation/voc_validation_report.md.

Section 1 (measurements → photochemical age → PMF), on the bundled simulated Hangzhou-like
data (data/voc/hangzhou_like_2021_voc_*, January + July 2021, known truth):

1. The pair-ratio method recovers the true OH exposure: r and mean bias over daytime hours
   (10:00–17:59 local) where both species of the pair are above their MDLs; target abs(bias) <
   10 % for the default pair and emission-ratio estimate.  Also reported: other pairs, the 90th
   percentile emission ratio, and an oracle with the true hourly emission ratio of the source
   mix (what is left is measurement noise).
2. PMF (aqm.pmf.PMF, p = 7, 20 runs) on observed, initial (exposure estimated per month with
   the default pair, with and without the exposure-uncertainty term; and with the true
   exposure) and long-lived-only concentrations: per-source profile r against the true
   at-source profiles; target for initial: r >= 0.95 for every source.
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
from aqm.voc import (PAIRS, AgeWarning, PhotochemicalAge, SimulatedVocData,  # noqa: E402
                     estimate_oh_exposure, pmf_dataset)

DATA = ROOT / "data" / "voc" / "hangzhou_like_2021_voc"
DAY = range(10, 18)
DEFAULT_PAIR = "m/p-xylene/ethylbenzene"


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


def section_age(rep: Report, sim: SimulatedVocData) -> PhotochemicalAge:
    truth = sim.truth_oh_exposure
    default_age = None
    for name, pair in PAIRS.items():
        for month in (1, 7):
            in_month = sim.conc.index.month == month
            sub = _month(sim, month)
            for pct in (50, 90):
                age, msgs = _estimate(sub, name, percentile=pct)
                r, bias, n = _daytime_stats(age.oh_exposure, truth[in_month], sub, pair, month)
                label = (f"age {name}, {'Jan' if month == 1 else 'Jul'}, ER = {pct}th pct of "
                         f"night ({age.emission_ratio:.3g})")
                value = f"r = {r:.2f}, bias = {bias:+.1%} (n = {n}, clipped {age.n_clipped})"
                gating = name == DEFAULT_PAIR and pct == 50
                record = rep.check if gating else rep.info
                record(label, value, "abs(bias) < 10 % (daytime, pair > MDL)", abs(bias) < 0.10)
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
    # The exposure PMF uses: default pair and estimate, one emission ratio per month (the
    # source mix changes with the season).
    ages = []
    for month in (1, 7):
        age, msgs = _estimate(_month(sim, month), DEFAULT_PAIR)
        ages.append(age)
        for m in msgs:
            rep.note(f"AgeWarning, month {month}: {m}")
        sd = age.oh_exposure_sd
        rep.note(f"month {month}: emission ratio {age.emission_ratio:.3g}, median exposure "
                 f"uncertainty sigma_E = {sd.median():.3g} molecule cm-3 s")
    return dataclasses.replace(
        ages[0], oh_exposure=pd.concat([a.oh_exposure for a in ages]),
        status=pd.concat([a.status for a in ages]),
        oh_exposure_sd=pd.concat([a.oh_exposure_sd for a in ages]),
        emission_ratio_method="per month")


def _profile_r(model: PMF, sim: SimulatedVocData, species: list[str]) -> pd.Series:
    from scipy.optimize import linear_sum_assignment

    truth = sim.truth_profiles[species]
    truth = truth.div(truth.sum(axis=1), axis=0).to_numpy()
    fitted = model.profiles_[species].to_numpy()
    fitted = fitted / fitted.sum(axis=1, keepdims=True)
    r = np.array([[np.corrcoef(t, f)[0, 1] for f in fitted] for t in truth])
    rows, cols = linear_sum_assignment(-np.nan_to_num(r, nan=-1))
    return pd.Series(r[rows, cols], index=sim.truth_profiles.index)


def section_pmf(rep: Report, sim: SimulatedVocData, age: PhotochemicalAge) -> None:
    exposure = age.oh_exposure
    runs = {
        "observed": pmf_dataset(sim.conc, sim.unc, basis="observed"),
        "initial (estimated exposure, with sigma_E term)": pmf_dataset(
            sim.conc, sim.unc, age, basis="initial", koh=sim.koh),
        "initial (estimated exposure, without sigma_E term)": pmf_dataset(
            sim.conc, sim.unc, age, basis="initial", koh=sim.koh, exposure_uncertainty=False),
        "initial (true exposure)": pmf_dataset(sim.conc, sim.unc, sim.truth_oh_exposure,
                                               basis="initial", koh=sim.koh),
        "long-lived only": pmf_dataset(sim.conc, sim.unc, exposure, basis="long_lived",
                                       koh=sim.koh),
    }
    for label, data in runs.items():
        model = PMF(7, n_runs=20, random_state=42, progress=False).fit(data)
        species = list(model.feature_names_in_)
        r = _profile_r(model, sim, species)
        text = ", ".join(f"{s} {v:.3f}" for s, v in r.items())
        if label.startswith("initial (estimated exposure, with"):
            rep.check(f"PMF p=7 on {label}: min profile r", f"{r.min():.3f} ({text})",
                      "r >= 0.95 for every source", bool(r.min() >= 0.95))
        else:
            rep.info(f"PMF p=7 on {label}: min profile r",
                     f"{r.min():.3f} ({text}; {len(species)} species)",
                     "r >= 0.95 for every source", bool(r.min() >= 0.95))


def main() -> int:
    rep = Report("VOC workflow validation (section 1: age and PMF on simulated data)")
    sim = SimulatedVocData.read_csv(DATA)
    rep.note(f"data: {DATA.relative_to(ROOT)}_*.csv, {len(sim.conc)} hours x "
             f"{len(sim.species)} species, 7 sources; kOH of the simulation passed as koh= "
             "(the registry lacks 16 of them)")
    age = section_age(rep, sim)
    section_pmf(rep, sim, age)
    rep.note("PMF profiles are compared as mass fractions over the species the fit used; "
             "the truth is the at-source profile; factors matched one-to-one by maximum r.")
    rep.note("Why initial-concentration PMF with the estimated exposure misses the target "
             "while the true exposure meets it: the hourly exposure error (sigma_E ~1.3-1.4e10, "
             "of which 1.2e10 is the 10 % measurement noise on X and E alone; the rest is the "
             "changing source mix of X/E) is as large as the daytime signal, and the correction "
             "multiplies each reactive species by exp(k * error) (alkenes x1.5-2.5, isoprene "
             "x4 per 1.4e10). Without the sigma_E term those errors distort the combustion "
             "factor (ethene, propene, butenes); with it, isoprene - the whole biogenic "
             "factor - gets a relative uncertainty ~1.4 and PMF no longer resolves that factor. "
             "Observed-concentration PMF already meets r >= 0.95 here: PMF's profile r is "
             "dominated by the abundant, slowly reacting species.")
    return rep.finish(Path(__file__).with_name("voc_validation_report.md"))


if __name__ == "__main__":
    sys.exit(main())
