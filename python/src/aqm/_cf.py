"""CF metadata shared by every output: coordinate attributes, species standard names, dates.

CF-1.8 (https://cfconventions.org/): ``units`` on every dimensional variable, ``standard_name``
from the CF standard-name table where one exists, else ``long_name``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

LATITUDE = {
    "standard_name": "latitude",
    "long_name": "latitude",
    "units": "degrees_north",
    "axis": "Y",
}
LONGITUDE = {
    "standard_name": "longitude",
    "long_name": "longitude",
    "units": "degrees_east",
    "axis": "X",
}
TIME = {"standard_name": "time", "long_name": "time", "axis": "T"}

# Mechanism/registry species name -> the CF standard-name table's name of the gas (used as
# mole_fraction_of_<gas>_in_air).  Only names present in the CF table (version 84) are listed;
# lumped mechanism species (PAR, OLE, ...) and aerosol species have none.
_CF_GAS = {
    "O3": "ozone",
    "NO": "nitrogen_monoxide",
    "NO2": "nitrogen_dioxide",
    "CO": "carbon_monoxide",
    "SO2": "sulfur_dioxide",
    "CH4": "methane",
    "NH3": "ammonia",
    "HNO3": "nitric_acid",
    "H2O2": "hydrogen_peroxide",
    "OH": "hydroxyl_radical",
    "HO2": "hydroperoxyl_radical",
    "HCHO": "formaldehyde",
    "FORM": "formaldehyde",
    "ISOP": "isoprene",
    "C5H8": "isoprene",
    "ETHA": "ethane",
    "C2H6": "ethane",
    "BENZENE": "benzene",
    "BENZ": "benzene",
    "TOL": "toluene",
    "PAN": "peroxyacetyl_nitrate",
}


def mole_fraction_standard_name(species: str) -> str | None:
    """``mole_fraction_of_<gas>_in_air`` for a species CF names, else None."""
    gas = _CF_GAS.get(species)
    return None if gas is None else f"mole_fraction_of_{gas}_in_air"


def sample_coordinate(labels: Sequence[Any]) -> np.ndarray:
    """Sample labels as datetime64 when every label is a date (PMF 5.0 files index samples by
    date), else the labels unchanged: dates plot on a time axis and get CF time units."""
    values = np.asarray(labels, dtype=object)
    if values.size == 0 or not all(
        isinstance(v, str) and any(c.isdigit() for c in v) for v in values
    ):
        return np.asarray(labels)
    with warnings.catch_warnings():  # pandas warns when it has to guess a format per element
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(pd.Series(values), errors="coerce")
    if parsed.isna().any() or parsed.duplicated().any():
        return np.asarray(labels)
    return parsed.to_numpy(dtype="datetime64[ns]")


# Default metadata of the variables and coordinates libaqm's outputs share, by name; a
# variable's own attributes win.  Counts and ratios are dimensionless ("1").
_ONE = {"units": "1"}
_KNOWN: dict[str, dict[str, str]] = {
    # labels
    "species": {"long_name": "species"},
    "factor": {"long_name": "factor"},
    "mapped_to": {"long_name": "base factor a bootstrap factor mapped to, or unmapped"},
    "reaction": {"long_name": "reaction"},
    "oh_partner": {"long_name": "OH reaction partner"},
    "group": {"long_name": "precursor group"},
    "sector": {"long_name": "emission sector"},
    "place": {"long_name": "place"},
    "case": {"long_name": "attribution case"},
    "status": {"long_name": "solver status"},
    # counters and scan axes
    "run": {"long_name": "base run number", **_ONE},
    "boot": {"long_name": "bootstrap resample number", **_ONE},
    "dq_max": {"long_name": "allowed increase of Q(robust) (dQmax)", **_ONE},
    "strength": {"long_name": "FPEAK strength phi", **_ONE},
    "factors": {"long_name": "number of factors p", **_ONE},
    "j": {"long_name": "MCM photolysis number", **_ONE},
    "voc_factor": {"long_name": "VOC scaling factor", **_ONE},
    "nox_factor": {"long_name": "NOx scaling factor", **_ONE},
    "converged": {"long_name": "run converged (1) or not (0)", **_ONE},
    "iterations": {"long_name": "iterations of the run", **_ONE},
    # box model
    "local_time": {**TIME, "long_name": "local time"},
    "concentration": {"long_name": "concentration"},
    "mixing_ratio": {"long_name": "mole fraction in air"},
    "rate": {"long_name": "reaction rate"},
    "constrained": {"long_name": "species held to observations (1) or free (0)", **_ONE},
    "temp": {"standard_name": "air_temperature", "long_name": "air temperature"},
    "pressure": {"standard_name": "air_pressure", "long_name": "air pressure"},
    "m": {"long_name": "number concentration of air molecules"},
    "h2o": {"long_name": "number concentration of water vapour molecules"},
    "blh": {"long_name": "boundary-layer height"},
    "net_P_O3": {"long_name": "net Ox-family production P(O3) - L(O3)"},
    "O3_budget_by_reaction": {"long_name": "Ox-family production by reaction"},
    "OH_reactivity": {"long_name": "OH reactivity by reaction partner"},
    "OH_reactivity_total": {"long_name": "total OH reactivity"},
    "Q": {"long_name": "radical production (primary ROx sources)"},
    "LN": {"long_name": "radical loss through NOx reactions"},
    "LR": {"long_name": "radical loss through radical-radical reactions"},
    "LN_over_Q": {"long_name": "LN/Q ozone-regime indicator"},
    "rir": {"long_name": "relative incremental reactivity"},
    "lat": LATITUDE,
    "lon": LONGITUDE,
}


def annotate(ds: Any, **extra: dict[str, str]) -> Any:
    """Fill missing CF attributes of ``ds``'s variables from the shared table (and ``extra``,
    by variable name); returns ``ds`` (a Dataset or DataArray) for chaining."""
    variables = (
        ds.variables if hasattr(ds, "data_vars") else {**ds.coords.variables, ds.name: ds.variable}
    )
    for name, var in variables.items():
        for key, value in {**_KNOWN.get(str(name), {}), **extra.get(str(name), {})}.items():
            var.attrs.setdefault(key, value)
    return ds


def sample_coord(dim: str, labels: Sequence[Any]) -> tuple[str, np.ndarray, dict[str, str]]:
    """The PMF sample coordinate ``(dim, values, attrs)``: dates as CF time, else labels."""
    values = sample_coordinate(labels)
    attrs = (
        {**TIME, "long_name": "sample date"}
        if values.dtype.kind == "M"
        else {"long_name": "sample"}
    )
    return dim, values, attrs
