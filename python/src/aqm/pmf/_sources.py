"""Source activities (daily contributions G) and measurement defaults for ``simulate``."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "DEFAULT_ERROR_FRACTION",
    "DEFAULT_MDL",
    "HANGZHOU_LIKE_SOURCES",
    "HANGZHOU_LIKE_UNEXPLAINED",
    "SourceActivity",
    "activity_series",
    "ar1_lognormal",
]


# --- source activity (the contributions G) -------------------------------------------------


@dataclass(frozen=True)
class SourceActivity:
    """How much a source contributes, day by day.

    g(t) = mean · (1 + amplitude · cos(2π (doy(t) − peak_day) / 365.25)) · exp(σ z(t) − σ²/2),
    σ = ln(gsd), z a stationary AR(1) series with N(0, 1) margins and lag-1 correlation
    ``persistence``.  So the annual mean of g is ``mean`` (µg/m³ of PM2.5), days are log-normal
    about the seasonal cycle with geometric standard deviation ``gsd``, and polluted spells last
    several days as they do under stagnant weather.

    ``off_fraction`` of the days, drawn at random, the source is absent (g = 0: shutdowns and
    holidays for industry, no burning or dust event); the other days are scaled by
    1 / (1 − off_fraction) so that ``mean`` stays the annual mean.  Such zeros ("edges") are
    what pins PMF's rotations (Paatero et al. 2002, Chemom. Intell. Lab. Syst. 60:253).
    """

    mean: float
    gsd: float = 1.8
    amplitude: float = 0.0
    peak_day: float = 15.0
    persistence: float = 0.5
    off_fraction: float = 0.0

    def check(self, name: str) -> None:
        """Raise ``ValueError`` naming the source and parameter when a value is out of range."""

        def bad(param: str, value: float, need: str) -> ValueError:
            return ValueError(f"sources[{name!r}].{param}: {need}, got {value!r}")

        for param in ("mean", "gsd", "amplitude", "peak_day", "persistence", "off_fraction"):
            v = getattr(self, param)
            if not isinstance(v, (int, float, np.floating, np.integer)) or not math.isfinite(v):
                raise bad(param, v, "must be a finite number")
        if self.mean <= 0:
            raise bad("mean", self.mean, "must be > 0 µg/m3")
        if self.gsd < 1:
            raise bad("gsd", self.gsd, "must be >= 1 (a geometric standard deviation)")
        if not 0 <= self.amplitude < 1:
            raise bad("amplitude", self.amplitude, "must be within [0, 1)")
        if not 0 <= self.persistence < 1:
            raise bad("persistence", self.persistence, "must be within [0, 1)")
        if not 0 <= self.off_fraction < 1:
            raise bad("off_fraction", self.off_fraction, "must be within [0, 1)")


HANGZHOU_LIKE_SOURCES: dict[str, SourceActivity] = {
    # Annual means sum to ~28 µg/m3 with the unexplained mass below (Hangzhou 2021: 28 µg/m3).
    # Shares and seasons are representative of Yangtze-delta PMF studies, not one study's output:
    # secondary nitrate largest and a winter maximum, sulfate a summer maximum, biomass burning
    # in the post-harvest autumn and winter, dust in spring.  See data/pmf/README.md.
    "vehicle_exhaust": SourceActivity(
        mean=4.5, gsd=1.6, amplitude=0.15, peak_day=15, persistence=0.4
    ),
    "dust": SourceActivity(mean=2.5, gsd=1.9, amplitude=0.30, peak_day=100, persistence=0.4),
    "secondary_sulfate": SourceActivity(
        mean=5.0, gsd=1.7, amplitude=0.25, peak_day=196, persistence=0.6
    ),
    "secondary_nitrate": SourceActivity(
        mean=6.5, gsd=2.0, amplitude=0.60, peak_day=15, persistence=0.6
    ),
    "coal_combustion": SourceActivity(
        mean=3.0, gsd=1.7, amplitude=0.30, peak_day=15, persistence=0.5
    ),
    "biomass_burning": SourceActivity(
        mean=3.0, gsd=2.0, amplitude=0.50, peak_day=320, persistence=0.5
    ),
    "industry": SourceActivity(mean=2.0, gsd=1.7, amplitude=0.10, peak_day=15, persistence=0.4),
}
"""Source activities for the bundled Hangzhou-like year (µg/m3 of PM2.5, annual means)."""

HANGZHOU_LIKE_UNEXPLAINED = SourceActivity(
    mean=1.5, gsd=1.5, amplitude=0.2, peak_day=196, persistence=0.5
)
"""Mass no profile explains (aerosol water, unmeasured species): PM2.5 only."""

DEFAULT_MDL: dict[str, float] = {
    # µg/m3.  Values marked (B) are the MDLs implied by the below-MDL cells of EPA's Baltimore
    # PMF example dataset (cells with unc = 5/6·MDL and conc = MDL/2, so MDL = 2·conc); the rest
    # are assumed typical values for the methods (gravimetry, TOR, IC, XRF).  See README.
    "PM2.5": 2.0,
    "OC": 0.2,
    "EC": 0.25,  # EC (B)
    "SO4": 0.03,
    "NO3": 0.03,
    "NH4": 0.025,  # NH4 (B)
    "Cl": 0.015,
    "K": 0.024,
    "Na": 0.03,  # (B)
    "Mg": 0.01,
    "Ca": 0.0076,
    "Al": 0.025,
    "Si": 0.019,  # Ca, Al, Si (B)
    "Fe": 0.005,
    "Ti": 0.0053,
    "Mn": 0.0035,
    "Zn": 0.0035,
    "Cu": 0.0026,  # Ti..Cu (B)
    "Pb": 0.0089,
    "As": 0.0038,
    "Cr": 0.0026,
    "Ni": 0.0019,
    "V": 0.0038,  # (B)
    "Ba": 0.089,
    "Se": 0.0034,  # (B)
}
"""Method detection limits used when ``simulate`` is given no ``mdl`` (µg/m3)."""

DEFAULT_ERROR_FRACTION: dict[str, float] = {
    "PM2.5": 0.10,
    "OC": 0.10,
    "EC": 0.15,
    "SO4": 0.07,
    "NO3": 0.07,
    "NH4": 0.07,
    "Cl": 0.10,
    "K": 0.10,
    "Na": 0.10,
    "Mg": 0.15,
    "Ca": 0.10,
    "Al": 0.15,
    "Si": 0.10,
    "Fe": 0.10,
    "Ti": 0.15,
    "Mn": 0.15,
    "Zn": 0.10,
    "Cu": 0.15,
    "Pb": 0.15,
    "As": 0.20,
    "Cr": 0.20,
    "Ni": 0.20,
    "V": 0.20,
    "Ba": 0.20,
    "Se": 0.20,
}
"""Error fractions (EF in the PMF 5.0 equation) used when ``simulate`` is given none."""


def ar1_lognormal(n: int, gsd: float, persistence: float, rng: np.random.Generator) -> np.ndarray:
    """Stationary AR(1) series with N(0,1) margins mapped to a log-normal of mean 1."""
    sigma = math.log(gsd)
    innov = rng.standard_normal(n)
    z = np.empty(n)
    z[0] = innov[0]
    scale = math.sqrt(1.0 - persistence * persistence)
    for t in range(1, n):
        z[t] = persistence * z[t - 1] + scale * innov[t]
    return np.exp(sigma * z - 0.5 * sigma * sigma)


def activity_series(act: SourceActivity, doy: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Daily contributions of one source (the model in :class:`SourceActivity`)."""
    n = doy.size
    variability = ar1_lognormal(n, act.gsd, act.persistence, rng)
    season = 1.0 + act.amplitude * np.cos(2.0 * np.pi * (doy - act.peak_day) / 365.25)
    g = act.mean * season * variability
    if act.off_fraction > 0:  # drawn only then, so sources without off days keep their stream
        off = rng.random(n) < act.off_fraction
        g = np.where(off, 0.0, g / (1.0 - act.off_fraction))
    return g
