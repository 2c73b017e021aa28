"""What a task can do: each kind maps (config, inputs, seed, n_threads) to an xarray Dataset.

Results hold per-task numbers as data variables (never in ``attrs``), so that gathering
tasks along the sweep dimensions keeps them.  Inputs are never changed (a box is copied).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

__all__ = ["KINDS", "Kind", "check_config", "run_task"]

_ALL = object()  # a parameter without default (required)


@dataclass(frozen=True)
class Kind:
    """``params``: config keys with their defaults (``_ALL`` = required); ``inputs``: the
    objects the task needs, by name."""

    run: Callable[..., Any]
    params: Mapping[str, Any]
    inputs: tuple[str, ...]
    doc: str


def _scalar(value: Any, **attrs: Any) -> tuple:
    return (), value, attrs


def _pmf(config: Mapping[str, Any], inputs: Mapping[str, Any], seed: int, n_threads: int) -> Any:
    from ..pmf import PMF

    model = PMF(**config, random_state=seed, n_threads=n_threads, progress=False)
    model.fit(inputs["data"])
    ds = model.to_xarray()
    ds.attrs.pop("seed", None)
    # one assign: each separate assignment re-aligns the whole Dataset (4 ms per fit)
    return ds.assign(
        {k: _scalar(ds.attrs.pop(k)) for k in ("q_true", "q_robust", "q_exp", "best_run")}
    )


def _box(config: Mapping[str, Any], inputs: Mapping[str, Any], seed: int, n_threads: int) -> Any:
    box = inputs["box"].copy()  # the shared input stays as it was
    rng = np.random.default_rng(seed)
    factors = {str(sp): float(f) for sp, f in config["scale"].items()}
    for sp, sigma in config["lognormal"].items():
        factors[str(sp)] = factors.get(str(sp), 1.0) * float(np.exp(sigma * rng.standard_normal()))
    for sp, f in factors.items():
        box.scale([sp], f, what=config["what"])
    ds = box.run()
    out = ds[list(config["variables"])]
    if config["species"]:
        out = out.sel(species=list(config["species"]))
    out = (
        out.drop_vars("local_time", errors="ignore")
        .assign(
            scale_factor=("scaled", np.array(list(factors.values()), dtype=float)),
            solver_status=_scalar(ds.attrs["status"]),
        )
        .assign_coords(scaled=list(factors))
    )
    out.attrs = {"mechanism": ds.attrs["mechanism"], "start": ds.attrs["start"]}
    return out


def _isopleth_cell(
    config: Mapping[str, Any], inputs: Mapping[str, Any], seed: int, n_threads: int
) -> Any:
    box = inputs["box"]
    iso = box.isopleth(
        [float(config["voc_factor"])],
        [float(config["nox_factor"])],
        voc_species=list(config["voc_species"]),
        nox_species=list(config["nox_species"]),
        scale=list(config["what"]),
        window=config["window"],
        n_threads=n_threads,
        progress=False,
    )
    cell = iso.isel(voc_factor=0, nox_factor=0, drop=True)
    out = cell[["peak_o3", "max_8h_o3", "net_po3"]]
    out["solver_status"] = _scalar(str(cell["status"].item()))
    out.attrs = {}
    return out


def _attribution(
    config: Mapping[str, Any], inputs: Mapping[str, Any], seed: int, n_threads: int
) -> Any:
    result = inputs["attribution"].run(**config, n_threads=n_threads, progress=False)
    out = result.cases.rename(status="solver_status", message="solver_message")
    out.attrs = {"mechanism": out.attrs["mechanism"], "sources": out.attrs["sources"]}
    return out


def _scenario(
    config: Mapping[str, Any], inputs: Mapping[str, Any], seed: int, n_threads: int
) -> Any:
    import xarray as xr

    from ..emis import Scenario

    scenario = inputs.get("scenario")
    if scenario is None:
        scenario = Scenario.from_dict(dict(config["scenario"]), source="<batch task>")
    res = inputs["inventory"].apply(scenario)
    base, proj = res.base_totals, res.scenario_totals
    dims = ("sector", "pollutant")

    def table(df: Any, units: str | None = None) -> tuple:
        return dims, df.to_numpy(dtype=float), ({"units": units} if units else {})

    ds = xr.Dataset(
        coords={"sector": [str(s) for s in base.index], "pollutant": [str(p) for p in base.columns]}
    )
    ds["base_total"] = table(base)
    ds["scenario_total"] = table(proj.reindex(index=base.index, columns=base.columns))
    ds["change_percent"] = table(
        res.change_percent.reindex(index=base.index, columns=base.columns), "%"
    )
    ds["unit"] = ("pollutant", [str(base.attrs["units"][p]) for p in base.columns])
    return ds


_BOX_TARGETS = ("initial", "constraint", "emission", "background")

KINDS: dict[str, Kind] = {
    "pmf": Kind(
        _pmf,
        {
            "n_components": _ALL,
            "n_runs": 20,
            "robust": True,
            "robust_alpha": 4.0,
            "method": "als",
            "max_iter": None,
            "tol": None,
            "refine": True,
            "uncertainty": "measured",
        },
        ("data",),
        "PMF base runs (aqm.pmf.PMF) on inputs['data'], an aqm.pmf.Dataset",
    ),
    "box": Kind(
        _box,
        {
            "scale": {},
            "lognormal": {},
            "what": list(_BOX_TARGETS),
            "variables": ["mixing_ratio"],
            "species": [],
        },
        ("box",),
        "one box-model run of inputs['box'] with species scaled by fixed "
        "factors and/or log-normal random ones (sigma per species, from the seed)",
    ),
    "isopleth_cell": Kind(
        _isopleth_cell,
        {
            "voc_factor": _ALL,
            "nox_factor": _ALL,
            "voc_species": _ALL,
            "nox_species": ["NO", "NO2"],
            "what": ["initial", "constraint", "emission"],
            "window": None,
        },
        ("box",),
        "one EKMA isopleth cell (BoxModel.isopleth) of inputs['box']",
    ),
    "attribution": Kind(
        _attribution,
        {
            "cut": 0.2,
            "metric": "max_8h_o3",
            "zero_out": True,
            "split": True,
            "rir": True,
            "species_rir": True,
            "small_cut": None,
            "window": None,
            "plan": None,
        },
        ("attribution",),
        "an O3 source attribution (Attribution.run)",
    ),
    "scenario": Kind(
        _scenario,
        {"scenario": None},
        ("inventory",),
        "an inventory scenario: inputs['inventory'] with inputs['scenario'] (an "
        "aqm.emis.Scenario) or config['scenario'] (its TOML tables as a dict)",
    ),
}


def check_config(
    kind: str, config: Mapping[str, Any], inputs: Mapping[str, Any], where: str
) -> None:
    """Refuse unknown or missing parameters and missing inputs, naming the task and key."""
    spec = KINDS[kind]
    unknown = sorted(set(config) - set(spec.params))
    if unknown:
        raise KeyError(
            f"{where} ({kind}): unknown parameter(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(spec.params)})"
        )
    missing = [k for k, v in spec.params.items() if v is _ALL and k not in config]
    if missing:
        raise KeyError(f"{where} ({kind}): missing parameter(s) {', '.join(missing)}")
    absent = [k for k in spec.inputs if k not in inputs]
    if absent:
        raise KeyError(f"{where} ({kind}): missing input(s) {', '.join(absent)}")
    if kind == "scenario" and "scenario" not in inputs and config.get("scenario") is None:
        raise KeyError(f"{where} (scenario): give inputs['scenario'] or config['scenario']")
    if kind == "pmf":  # values too, before any task runs
        from ..pmf import PMF

        try:
            PMF(**config)._validate()
        except (TypeError, ValueError) as err:
            raise ValueError(f"{where} (pmf): {err}") from None


def run_task(
    kind: str, config: Mapping[str, Any], inputs: Mapping[str, Any], seed: int, n_threads: int = 1
) -> Any:
    """The result (an ``xarray.Dataset``) of one task; exceptions propagate."""
    spec = KINDS[kind]
    full = {k: v for k, v in spec.params.items() if v is not _ALL}
    full.update(config)
    return spec.run(full, inputs, seed, n_threads)
