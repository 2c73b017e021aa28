"""The TOML configuration of ``aqm voc run``: every key's type and range checked before any work.

Errors are ``ValueError``/``KeyError`` naming the file, the table and the key
(:mod:`aqm._config`).  Paths are resolved relative to the configuration file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._config import SEED_MAX, Key, check_table, read_config
from ..pmf._fitted_uncertainty import UNCERTAINTIES
from .joint_age import DEFAULT_ITERATIONS

_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_BASES = ("observed", "initial", "long_lived")


SCHEMA: dict[str, dict[str, Key]] = {
    "measurements": {
        "conc": Key(str, required=True, path=True),
        "unc": Key(str, path=True),
        "mdl": Key(str, path=True),
        "units": Key(str, choices=("ppb", "ug m-3"), unit=True),
        "koh": Key(str, path=True),
        "error_fraction": Key(float, 0.1, low=0.0, high=1.0),
    },
    "age": {
        "pair": Key(str, "m/p-xylene/ethylbenzene"),
        "emission_ratio": Key((float, str), "night"),
        "percentile": Key(float, 50.0, low=0.0, high=100.0),
        # "joint": refit with the PMF sources (aqm.voc.joint_age), "pair": the ratio alone
        "method": Key(str, "joint", choices=("joint", "pair")),
        "iterations": Key(int, DEFAULT_ITERATIONS, low=1, high=500),
        # assumed exposure of the night air, molecule cm-3 s (the level of the joint fit)
        "night_exposure": Key(float, 0.0, low=0.0, high=1e12),
    },
    "pmf": {
        "factors": Key(int, required=True, low=2, high=20),
        "runs": Key(int, 20, low=1, high=1000),
        "seed": Key(int, required=True, low=0, high=SEED_MAX),
        "basis": Key(str, "initial", choices=_BASES),
        "categories": Key(str, "s/n", choices=("s/n", "strong")),
        "robust": Key(bool, True),
        "bootstrap": Key(int, 0, low=0, high=10000),
        # dQmax of each source's OFP rotational range (aqm.voc.formation_displacement; PMF
        # 5.0's smallest DISP level is 4); 0: not computed (14 pulled runs for 7 factors: the
        # bundled job takes 4 min 41 s on 2 cores with it, ~9 s without)
        "rotation_dq": Key(float, 0.0, low=0.0, high=1e6),
        # "fitted": PMF's and the joint age's uncertainties from the model (aqm.pmf.PMF,
        # joint_oh_exposure); needs [measurements] mdl; default "fitted" when mdl is given
        "uncertainty": Key(str, choices=UNCERTAINTIES),
    },
    "identify": {
        "library": Key(str, "voc"),
        "assign": Key(bool, True),
        "pd_max": Key(float, 0.4, low=0.0, high=1.0),
        "sid_max": Key(float, 1.0, low=0.0, high=2.0),
    },
    "profiles": {
        "site": Key(str, required=True),
        "period": Key(str, required=True),
        "version": Key(str, "1.0.0"),
        # reference-guided "set to zero" constraints before localizing (aqm.voc.constrain)
        "zero_absent": Key(bool, True),
        "max_share": Key(float, 0.1, low=0.0, high=1.0),
        "max_percent_dq": Key(float, 5.0, low=0.0, high=100.0),
    },
    "inventory": {  # optional: the inventory speciated with the localized profiles
        "file": Key(str, path=True),  # an inventory CSV; or a bundled one by name:
        "bundled": Key(str),  # e.g. "hangzhou_2020"
        "place": Key(str),  # one place (district) only; default all
    },
}


def _special_rules(path: str, cfg: dict[str, dict[str, Any]], base: Path) -> None:
    er = cfg["age"]["emission_ratio"]
    if isinstance(er, str) and er != "night":
        raise ValueError(f"{path}: [age] emission_ratio: a positive number or 'night', got {er!r}")
    if isinstance(er, float) and er <= 0:
        raise ValueError(f"{path}: [age] emission_ratio: must be > 0, got {er!r}")
    if not _SEMVER.match(cfg["profiles"]["version"]):
        raise ValueError(
            f"{path}: [profiles] version: must be MAJOR.MINOR.PATCH, got "
            f"{cfg['profiles']['version']!r}"
        )
    lib = cfg["identify"]["library"]
    if lib not in ("voc", "pm25"):
        p = (base / lib).resolve()
        if not p.is_file():
            raise FileNotFoundError(
                2, f"{path}: [identify] library: 'voc', 'pm25' or a file; not found: {p}", str(p)
            )
        cfg["identify"]["library"] = str(p)
    inv = cfg["inventory"]
    if inv["file"] is not None and inv["bundled"] is not None:
        raise ValueError(f"{path}: [inventory]: give 'file' or 'bundled', not both")
    if inv["place"] is not None and inv["file"] is None and inv["bundled"] is None:
        raise ValueError(f"{path}: [inventory] place: needs 'file' or 'bundled'")
    m = cfg["measurements"]
    if m["unc"] is None and m["mdl"] is None:
        raise ValueError(
            f"{path}: [measurements]: give 'unc' (an uncertainty file) or 'mdl' "
            "(to compute EPA PMF 5.0 uncertainties with error_fraction)"
        )
    p = cfg["pmf"]
    if p["uncertainty"] is None:
        p["uncertainty"] = "measured" if m["mdl"] is None else "fitted"
    elif p["uncertainty"] == "fitted" and m["mdl"] is None:
        raise ValueError(
            f"{path}: [pmf] uncertainty: 'fitted' needs [measurements] mdl (the uncertainty "
            "equation is evaluated at the fitted values)"
        )


def load_run_config(path: str | Path) -> dict[str, dict[str, Any]]:
    """The validated settings of an ``aqm voc run`` configuration, defaults filled in."""
    path = Path(path)
    raw = read_config(path, SCHEMA)
    base = path.resolve().parent
    cfg = {
        table: check_table(path, table, raw.get(table, {}), keys, base)
        for table, keys in SCHEMA.items()
    }
    _special_rules(str(path), cfg, base)
    return cfg
