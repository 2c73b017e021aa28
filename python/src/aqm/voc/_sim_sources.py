"""Activity models for ``aqm.voc.simulate``: source timing, meteorology and OH exposure.

Times are local (Beijing time, UTC+8) hours.  Every deterministic cycle is normalised by its
mean over the whole calendar year, so a source's ``share`` is its share of the annual-mean
at-source VOC mass whatever stretch of the year is simulated.  Constants and their sources are
listed in ``data/voc/README.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..pmf._sources import ar1_lognormal

__all__ = [
    "HANGZHOU_LIKE_VOC_SOURCES",
    "OhExposureModel",
    "Site",
    "VocSourceActivity",
    "WindModel",
]


@dataclass(frozen=True)
class Site:
    """Where and under which climate: latitude/longitude (degrees), UTC offset of the local
    clock (h), annual-mean air temperature, its seasonal and diurnal half-ranges (K) and the day
    of year of the coldest day."""

    latitude: float = 30.25  # Hangzhou
    longitude: float = 120.17
    utc_offset: float = 8.0
    mean_temperature: float = 290.0  # K; ~4-5 degC in January, ~29 degC in July
    seasonal_half_range: float = 12.2
    diurnal_half_range: float = 4.0
    coldest_day: float = 20.0

    def sin_elevation(self, times: pd.DatetimeIndex) -> np.ndarray:
        """Sine of the solar elevation at the middle of each hour (Cooper 1969 declination;
        the equation of time, at most 16 min, is neglected)."""
        doy = times.day_of_year.to_numpy(dtype=float)
        clock = times.hour.to_numpy(dtype=float) + 0.5
        solar_time = clock + (self.longitude - 15.0 * self.utc_offset) / 15.0
        decl = np.radians(23.44) * np.sin(2.0 * np.pi * (284.0 + doy) / 365.0)
        lat = math.radians(self.latitude)
        hour_angle = np.radians(15.0 * (solar_time - 12.0))
        return np.sin(lat) * np.sin(decl) + np.cos(lat) * np.cos(decl) * np.cos(hour_angle)

    def temperature(self, times: pd.DatetimeIndex) -> np.ndarray:
        """Air temperature (K): a seasonal cosine plus a diurnal one peaking at 14:30."""
        doy = times.day_of_year.to_numpy(dtype=float)
        clock = times.hour.to_numpy(dtype=float) + 0.5
        season = -np.cos(2.0 * np.pi * (doy - self.coldest_day) / 365.25)
        day = np.cos(2.0 * np.pi * (clock - 14.5) / 24.0)
        return (
            self.mean_temperature
            + self.seasonal_half_range * season
            + self.diurnal_half_range * day
        )

    def ventilation(self, times: pd.DatetimeIndex) -> np.ndarray:
        """Relative dilution of surface emissions: a shallow night-time layer and a mixed layer
        that grows with the sun, 1 / (1 + 2·max(sin elevation, 0)), times a winter-stagnation
        factor 1 + 0.15·cos(season)."""
        doy = times.day_of_year.to_numpy(dtype=float)
        sun = np.maximum(self.sin_elevation(times), 0.0)
        winter = 1.0 + 0.15 * np.cos(2.0 * np.pi * (doy - self.coldest_day) / 365.25)
        return winter / (1.0 + 2.0 * sun)


def guenther_isoprene(par: np.ndarray, temp: np.ndarray) -> np.ndarray:
    """Guenther et al. (1993, JGR 98:12609) light and temperature factors C_L·C_T for isoprene
    (alpha 0.0027, c_L1 1.066, C_T1 95 kJ/mol, C_T2 230 kJ/mol, T_s 303 K, T_M 314 K)."""
    r = 8.314
    alpha, cl1 = 0.0027, 1.066
    ct1, ct2, ts, tm = 95000.0, 230000.0, 303.0, 314.0
    cl = alpha * cl1 * par / np.sqrt(1.0 + alpha * alpha * par * par)
    ct = np.exp(ct1 * (temp - ts) / (r * ts * temp)) / (
        1.0 + np.exp(ct2 * (temp - tm) / (r * ts * temp))
    )
    return cl * ct


@dataclass(frozen=True)
class VocSourceActivity:
    """Timing of one source's emissions at the receptor.

    - ``share``: fraction of the annual-mean at-source VOC mass (shares are renormalised to 1);
    - ``diurnal``: 24 relative emission rates by local hour (None = flat), ignored when
      ``biogenic``;
    - ``seasonal_amplitude``, ``peak_day``: 1 + A·cos(2π(doy − peak)/365.25);
    - ``gsd``, ``persistence``: hour-to-hour log-normal variability (geometric standard
      deviation of the stationary AR(1) margin, lag-1 correlation per hour);
    - ``biogenic``: emission follows light and temperature (Guenther 1993) instead;
    - ``bearing``: for a point or industrial-zone source, the direction (degrees from north)
      in which it lies from the receptor; its plume reaches the receptor when the wind blows
      from there: a von Mises factor exp(κ(cos(wd − bearing) − 1)) of concentration
      ``direction_kappa``, scaled to mean 1 under wind from every direction alike.  None = an
      area source all around the receptor.
    """

    share: float
    diurnal: tuple[float, ...] | None = None
    seasonal_amplitude: float = 0.0
    peak_day: float = 15.0
    gsd: float = 1.5
    persistence: float = 0.9
    biogenic: bool = False
    bearing: float | None = None
    direction_kappa: float = 2.0

    def check(self, name: str) -> None:
        def bad(param: str, value: object, need: str) -> ValueError:
            return ValueError(f"sources[{name!r}].{param}: {need}, got {value!r}")

        params = (
            "share",
            "seasonal_amplitude",
            "peak_day",
            "gsd",
            "persistence",
            "direction_kappa",
        ) + (("bearing",) if self.bearing is not None else ())
        for param in params:
            v = getattr(self, param)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise bad(param, v, "must be a finite number")
        if self.share <= 0:
            raise bad("share", self.share, "must be > 0")
        if not 0 <= self.seasonal_amplitude < 1:
            raise bad("seasonal_amplitude", self.seasonal_amplitude, "must be within [0, 1)")
        if self.gsd < 1:
            raise bad("gsd", self.gsd, "must be >= 1")
        if not 0 <= self.direction_kappa <= 50:
            raise bad("direction_kappa", self.direction_kappa, "must be within [0, 50]")
        if not 0 <= self.persistence < 1:
            raise bad("persistence", self.persistence, "must be within [0, 1)")
        if self.diurnal is not None:
            d = np.asarray(self.diurnal, dtype=float)
            if d.shape != (24,) or not np.all(np.isfinite(d)) or np.any(d < 0) or d.sum() <= 0:
                raise bad("diurnal", self.diurnal, "must be 24 finite values >= 0, not all 0")

    def cycle(self, times: pd.DatetimeIndex, site: Site) -> np.ndarray:
        """Deterministic relative emission rate at each time (before normalisation)."""
        if self.biogenic:
            par = 2000.0 * np.maximum(site.sin_elevation(times), 0.0)  # clear-sky PAR
            return guenther_isoprene(par, site.temperature(times))
        doy = times.day_of_year.to_numpy(dtype=float)
        season = 1.0 + self.seasonal_amplitude * np.cos(
            2.0 * np.pi * (doy - self.peak_day) / 365.25
        )
        if self.diurnal is None:
            return season
        return season * np.asarray(self.diurnal, dtype=float)[times.hour.to_numpy()]

    def plume(self, wind_direction: np.ndarray) -> np.ndarray:
        """Relative contribution by wind direction (1 everywhere for an area source)."""
        if self.bearing is None:
            return np.ones_like(wind_direction, dtype=float)
        kappa = self.direction_kappa
        delta = np.radians(wind_direction - self.bearing)
        # exp(kappa (cos - 1)) averages I0(kappa) exp(-kappa) over a uniform direction
        return np.exp(kappa * (np.cos(delta) - 1.0)) / (np.i0(kappa) * math.exp(-kappa))


@dataclass(frozen=True)
class WindModel:
    """Hourly wind direction (degrees from north, the direction the wind blows from).

    The prevailing direction turns with the monsoon from ``winter_from`` (mid-January) through
    ``winter_from + 90°`` in spring to ``winter_from + 180°`` (mid-July) and back the same way
    in autumn; hourly directions scatter about it by a stationary AR(1) deviation of
    standard deviation ``spread`` (degrees) and lag-1 correlation ``persistence`` per hour.
    The default is Hangzhou's pattern: north-westerly winter monsoon, south-easterly summer
    monsoon (data/voc/README.md).
    """

    winter_from: float = 340.0
    spread: float = 60.0
    persistence: float = 0.95

    def check(self) -> None:
        for param in ("winter_from", "spread", "persistence"):
            v = getattr(self, param)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"wind.{param}: must be a finite number, got {v!r}")
        if self.spread < 0 or not 0 <= self.persistence < 1:
            raise ValueError("wind: spread must be >= 0 and persistence within [0, 1)")

    def series(self, times: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
        doy = times.day_of_year.to_numpy(dtype=float)
        phase = 2.0 * np.pi * (doy - 15.0) / 365.25
        prevailing = self.winter_from + 90.0 * (1.0 - np.cos(phase))
        deviation = np.empty(times.size)
        rho = self.persistence
        innovation = self.spread * math.sqrt(1.0 - rho * rho)
        noise = rng.standard_normal(times.size)
        deviation[0] = self.spread * noise[0]
        for i in range(1, times.size):
            deviation[i] = rho * deviation[i - 1] + innovation * noise[i]
        return np.mod(prevailing + deviation, 360.0)


@dataclass(frozen=True)
class OhExposureModel:
    """OH exposure ([OH]·Δt, molecule cm⁻³ s) of the air reaching the receptor.

    E(t) = night + (peak(doy) − night)·sin²(π(h − 7)/14)·c(day) for local hours 7–21, else
    night; peak(doy) runs from ``winter_peak`` (mid-January) to ``summer_peak`` (mid-July);
    c(day) is a day-to-day log-normal factor of mean 1 (cloud, transport; geometric standard
    deviation ``gsd``, lag-1 correlation ``persistence``).  The afternoon maximum at 14:00 is
    the integral of the midday OH peak over the morning's transport.
    """

    night: float = 1.0e9
    summer_peak: float = 5.0e10
    winter_peak: float = 1.5e10
    gsd: float = 1.3
    persistence: float = 0.5

    def check(self) -> None:
        for param in ("night", "summer_peak", "winter_peak", "gsd", "persistence"):
            v = getattr(self, param)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"oh_exposure.{param}: must be a finite number, got {v!r}")
        if self.night < 0 or self.summer_peak < self.night or self.winter_peak < self.night:
            raise ValueError("oh_exposure: need 0 <= night <= winter_peak, summer_peak")
        if self.gsd < 1 or not 0 <= self.persistence < 1:
            raise ValueError("oh_exposure: gsd must be >= 1 and persistence within [0, 1)")

    def series(self, times: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
        doy = times.day_of_year.to_numpy(dtype=float)
        h = times.hour.to_numpy(dtype=float)
        summerness = 0.5 * (1.0 - np.cos(2.0 * np.pi * (doy - 15.0) / 365.25))
        peak = self.winter_peak + (self.summer_peak - self.winter_peak) * summerness
        shape = np.where((h >= 7) & (h <= 21), np.sin(np.pi * (h - 7.0) / 14.0) ** 2, 0.0)
        days = times.normalize()
        unique_days, day_index = np.unique(days.asi8, return_inverse=True)
        daily = ar1_lognormal(unique_days.size, self.gsd, self.persistence, rng)[day_index]
        return self.night + (peak - self.night) * shape * daily


# fmt: off
_RUSH = (0.35, 0.25, 0.2, 0.2, 0.3, 0.6, 1.2, 1.9, 2.0, 1.5, 1.2, 1.1,
         1.1, 1.1, 1.2, 1.3, 1.6, 1.9, 1.9, 1.5, 1.1, 0.9, 0.7, 0.5)
# fmt: on
_DAYTIME = tuple(0.6 + 0.8 * max(0.0, math.sin(math.pi * (h - 6) / 13)) for h in range(24))
_WORK_SHIFT = tuple(1.6 if 8 <= h <= 17 else 0.6 for h in range(24))
# fmt: off
_COOKING = (0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1.3, 1.6, 1.2, 0.9, 1.2, 1.6,
            1.4, 0.9, 0.8, 0.8, 1.0, 1.6, 1.8, 1.3, 1.0, 0.9, 0.8, 0.7)
# fmt: on
_EVENING = tuple(1.0 + (0.6 if 17 <= h <= 21 else 0.0) for h in range(24))

HANGZHOU_LIKE_VOC_SOURCES: dict[str, VocSourceActivity] = {
    # Shares within the ranges of Yangtze-delta VOC-PMF studies (vehicles 21-25 %, solvent
    # 13-17 %, evaporation ~16 %, NG/LPG ~16 %, combustion/industry 15-27 %, biogenic ~9 % in
    # a September episode); see data/voc/README.md.
    "vehicle_exhaust": VocSourceActivity(share=0.24, diurnal=_RUSH),
    "gasoline_evaporation": VocSourceActivity(
        share=0.12, diurnal=_DAYTIME, seasonal_amplitude=0.3, peak_day=196
    ),
    "lpg_ng": VocSourceActivity(share=0.14, diurnal=_COOKING, seasonal_amplitude=0.2),
    # Industrial sources lie in one direction from the urban receptor (bearings illustrative:
    # chemical parks east, industrial coatings north-east, coal-fired boilers north-west), so
    # their plumes arrive with the wind from there.
    "solvent_coatings": VocSourceActivity(
        share=0.21, diurnal=_WORK_SHIFT, bearing=45.0, direction_kappa=1.0
    ),
    "petrochemical": VocSourceActivity(share=0.13, gsd=1.8, persistence=0.95, bearing=100.0),
    "combustion": VocSourceActivity(
        share=0.11, diurnal=_EVENING, seasonal_amplitude=0.4, bearing=315.0
    ),
    "biogenic": VocSourceActivity(share=0.05, biogenic=True, gsd=1.3),
}
"""Source timing of the bundled Hangzhou-like data (at-source shares of measured VOC mass)."""
