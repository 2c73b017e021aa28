"""Section 1a of voc_validation.py: the photochemical-age rows (pair method, its variants, the
joint fit with the PMF sources) against the simulator's true OH exposure."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
from _report import Report

from aqm.voc import PAIRS, AgeWarning, OhExposureModel, PhotochemicalAge, SimulatedVocData
from aqm.voc.age import combine_oh_exposures, estimate_oh_exposure
from aqm.voc.joint_age import joint_oh_exposure

DAY = range(10, 18)
DEFAULT_PAIR = "m/p-xylene/ethylbenzene"


def _daytime_stats(
    est: pd.Series, truth: pd.Series, sim: SimulatedVocData, pair: tuple[str, str], month: int
) -> tuple[float, float, int]:
    c = sim.conc
    sel = (
        (c.index.month == month)
        & c.index.hour.isin(DAY)
        & (c[pair[0]] > sim.mdl[pair[0]])
        & (c[pair[1]] > sim.mdl[pair[1]])
        & est.notna()
    )
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


def _per_month(
    sim: SimulatedVocData,
    window: float = 5.0,
    combined: bool = False,
    notes: list[str] | None = None,
) -> PhotochemicalAge:
    """One emission ratio per month (the source mix changes with the season), joined."""
    ages = []
    for month in sorted(set(sim.conc.index.month)):
        sub = _month(sim, month)
        if combined:
            parts = [_estimate(sub, name, window_hours=0)[0] for name in PAIRS]
            age = combine_oh_exposures(parts, window_hours=window)
        else:
            age, msgs = _estimate(sub, DEFAULT_PAIR, window_hours=window)
            if notes is not None:
                notes += [f"AgeWarning, month {month}: {m}" for m in msgs]
                notes.append(
                    f"month {month}: emission ratio {age.emission_ratio:.3g}, median "
                    f"sigma_E = {age.oh_exposure_sd.median():.3g} molecule cm-3 s "
                    f"({window:g} h window)"
                )
        ages.append(age)
    return dataclasses.replace(
        ages[0],
        oh_exposure=pd.concat([a.oh_exposure for a in ages]),
        status=pd.concat([a.status for a in ages]),
        oh_exposure_sd=pd.concat([a.oh_exposure_sd for a in ages]),
        emission_ratio_method="per month",
    )


def _month_rows(
    rep: Report,
    sim: SimulatedVocData,
    label: str,
    age: PhotochemicalAge,
    pair: tuple[str, str],
    gating: bool,
    extra: str = "",
) -> None:
    for month in sorted(set(sim.conc.index.month)):
        r, bias, n = _daytime_stats(age.oh_exposure, sim.truth_oh_exposure, sim, pair, month)
        record = rep.check if gating else rep.info
        record(
            f"age {label}, {'Jan' if month == 1 else 'Jul'}",
            f"r = {r:.2f}, bias = {bias:+.1%} (n = {n}{extra})",
            "abs(bias) < 10 % (daytime, pair > MDL)",
            abs(bias) < 0.10,
        )


def section_age(rep: Report, sim: SimulatedVocData) -> PhotochemicalAge:
    truth = sim.truth_oh_exposure
    for name, pair in PAIRS.items():
        for month in sorted(set(sim.conc.index.month)):
            in_month = sim.conc.index.month == month
            sub = _month(sim, month)
            for pct in (50, 90):
                age, _ = _estimate(sub, name, percentile=pct, window_hours=0)
                r, bias, n = _daytime_stats(age.oh_exposure, truth[in_month], sub, pair, month)
                rep.info(
                    f"age {name}, hourly, {'Jan' if month == 1 else 'Jul'}, ER = {pct}th "
                    f"pct of night ({age.emission_ratio:.3g})",
                    f"r = {r:.2f}, bias = {bias:+.1%} (n = {n}, clipped {age.n_clipped})",
                    "abs(bias) < 10 % (daytime, pair > MDL)",
                    abs(bias) < 0.10,
                )
            # Oracle: the true hourly emission ratio of the at-source mix.
            x0 = sim.conc_initial_true[in_month]
            k = sim.koh
            obs = sub.conc
            oracle = (np.log(x0[pair[0]] / x0[pair[1]]) - np.log(obs[pair[0]] / obs[pair[1]])) / (
                k[pair[0]] - k[pair[1]]
            )
            r, bias, n = _daytime_stats(oracle, truth[in_month], sub, pair, month)
            rep.info(
                f"age {name}, {'Jan' if month == 1 else 'Jul'}, oracle hourly ER of the mix",
                f"r = {r:.2f}, bias = {bias:+.1%} (n = {n})",
                "noise-only limit (not a method result)",
                abs(bias) < 0.10,
            )
    pair = PAIRS[DEFAULT_PAIR]
    for window in (3.0, 7.0):
        _month_rows(
            rep,
            sim,
            f"{DEFAULT_PAIR}, median ER, {window:g} h window",
            _per_month(sim, window),
            pair,
            False,
        )
    _month_rows(
        rep,
        sim,
        "3 pairs by inverse variance, median ER, 5 h window",
        _per_month(sim, 5.0, combined=True),
        pair,
        False,
    )
    notes: list[str] = []
    pair_age = _per_month(sim, 5.0, notes=notes)
    _month_rows(
        rep, sim, f"pair method {DEFAULT_PAIR}, median ER, 5 h window", pair_age, pair, False
    )
    joint = _joint(sim, pair_age)
    _month_rows(
        rep,
        sim,
        "DEFAULT joint fit with PMF p=7 from the pair estimate",
        joint,
        pair,
        True,
        f", median sd {np.nanmedian(joint.oh_exposure_sd):.2g}",
    )
    _night_given_rows(rep, sim, "joint fit", pair_age)
    for m in notes:
        rep.note(m)
    return pair_age, joint


def _joint(
    sim: SimulatedVocData, pair_age: PhotochemicalAge, night_exposure: float = 0.0
) -> PhotochemicalAge:
    """The main job's age: aqm.voc.joint_oh_exposure from the per-month pair estimate, weighed
    by the uncertainty equation at the model (the main job's MDL table)."""
    return joint_oh_exposure(
        sim.conc,
        sim.unc,
        pair_age,
        n_components=7,
        koh=sim.koh,
        random_state=42,
        night_exposure=night_exposure,
        mdl=sim.mdl,
        error_fraction=sim.error_fraction,
    )


def _night_given_rows(
    rep: Report, sim: SimulatedVocData, label: str, pair_age: PhotochemicalAge
) -> None:
    """Not a method result: the level the data cannot give, set to the simulator's."""
    night = OhExposureModel().night
    _month_rows(
        rep,
        sim,
        f"{label}, night level given ({night:.0e}, the simulator's)",
        _joint(sim, pair_age, night),
        PAIRS[DEFAULT_PAIR],
        False,
    )
