"""Scenario -> one day of local-time hours -> VOC speciation -> sum over sectors, on a 0.1 deg
China-size grid: aqm.emis's fused C++ pipeline against numpy/xarray written the natural way.

Case (issue 6): 700 x 500 cells x 10 sectors of NMVOC (t/yr per cell), a control scenario
(growth per sector, 20 technologies), per-sector month/week/hour profiles applied in local
time (UTC+8) over the real calendar for the UTC day 2025-07-15, speciation to 30 mechanism
species (mol/g through a compound -> species mapping), summed over sectors into a
24 x 30 x 500 x 700 float32 array in mol s-1 per cell.

Each method runs in its own subprocess (so peak RSS is its own): the peak is
ru_maxrss after the run minus the resident size just before it; numpy methods also report
tracemalloc's peak.  Times are the best of --repeat runs (shared machine).  Every method's
output is reduced to per-(hour, species) sums and a strided sample, and compared with the
fused pipeline's.

Run: PYTHONPATH=python/src python benchmarks/emis_pipeline.py [--small] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

NX, NY, S, NSP, NCOMP = 700, 500, 10, 30, 60
DATE = (2025, 7, 15)
OFFSET = 8  # China Standard Time
SECTORS = [
    "power",
    "industry/combustion",
    "industry/process",
    "solvent/industrial",
    "solvent/domestic",
    "transport/gasoline",
    "transport/diesel",
    "transport/offroad",
    "residential",
    "agriculture",
]


# ---------------------------------------------------------------------------------------------
# inputs (deterministic from one seed)


def make_inputs(nx: int, ny: int) -> dict:
    rng = np.random.default_rng(2020)
    e = rng.gamma(0.5, 20.0, size=(S, ny, nx))
    e[:, rng.random((ny, nx)) < 0.3] = 0.0  # sea / empty cells
    # scenario: growth per sector, 2 technologies per sector
    rate = rng.uniform(-0.03, 0.05, S)
    ks = np.repeat(np.arange(S), 2)
    eta = rng.uniform(0.3, 0.9, 2 * S)
    x0 = rng.uniform(0.0, 0.1, 2 * S)
    xt = x0 + rng.uniform(0.0, 0.15, 2 * S)
    # temporal profiles
    monthly = rng.uniform(0.7, 1.3, (S, 12))
    weekly = rng.uniform(0.8, 1.2, (S, 7))
    hours = np.arange(24)
    diurnal = (
        1.0
        + 0.6 * np.sin((hours[None, :] - 6.0 - rng.uniform(0, 4, (S, 1))) * np.pi / 12)
        + rng.uniform(0, 0.2, (S, 24))
    )
    # mechanism: 30 species, 60 compounds mapped to 1-3 species
    mw = rng.uniform(28.0, 150.0, NSP)
    moles = np.zeros((NCOMP, NSP))
    for i in range(NCOMP):
        js = rng.choice(NSP, size=rng.integers(1, 4), replace=False)
        moles[i, js] = rng.integers(1, 5, js.size)
    moles[np.arange(NSP), np.arange(NSP)] += 1.0  # every species reachable
    fractions = rng.dirichlet(np.full(NCOMP, 0.5), size=S)
    return {
        "e": e,
        "rate": rate,
        "ks": ks,
        "eta": eta,
        "x0": x0,
        "xt": xt,
        "monthly": monthly,
        "weekly": weekly,
        "diurnal": diurnal,
        "mw": mw,
        "moles": moles,
        "fractions": fractions,
        "nx": nx,
        "ny": ny,
    }


SPECIES = [f"S{j + 1:02d}" for j in range(NSP)]
COMPOUNDS = [f"c{i + 1:02d}" for i in range(NCOMP)]
G_PER_T = 1e6
S_PER_YR = 365.25 * 86400.0  # the Julian year of aqm's unit parser


# ---------------------------------------------------------------------------------------------
# numpy: the small tables, written independently of aqm


def numpy_scale(d: dict) -> np.ndarray:
    cb = np.zeros(S)
    ct = np.zeros(S)
    np.add.at(cb, d["ks"], d["x0"] * d["eta"])
    np.add.at(ct, d["ks"], d["xt"] * d["eta"])
    g = (1 + d["rate"]) ** (DATE[0] - 2020)
    return g * (1 - ct) / (1 - cb)  # per sector


def numpy_time_factors(d: dict) -> np.ndarray:
    """(S, 24): share of the annual total in each UTC hour of DATE, x hours in the year."""
    import pandas as pd

    y = DATE[0]
    utc = pd.date_range(pd.Timestamp(*DATE), periods=24, freq="h")
    local = utc + pd.Timedelta(hours=OFFSET)
    days = pd.date_range(f"{y}-01-01", f"{y}-12-31", freq="D")
    dim = days.days_in_month.to_numpy()
    out = np.empty((S, 24))
    for s in range(S):
        month_days = np.array([(days.month == m).sum() for m in range(1, 13)])
        r = d["monthly"][s] * month_days
        r = r / r.sum()
        wk = d["weekly"][s]
        wsum = np.array([wk[days.weekday[days.month == m]].sum() for m in range(1, 13)])
        m = local.month.to_numpy() - 1
        share = r[m] * wk[local.weekday.to_numpy()] / wsum[m]
        share = share * d["diurnal"][s][local.hour.to_numpy()] / d["diurnal"][s].sum()
        out[s] = share * 24 * len(days)
    del dim
    return out


def numpy_split(d: dict) -> np.ndarray:
    """(S, 30): mol of each species per g of NMVOC (S2S-Tool mechanism basis)."""
    eff = d["moles"] @ d["mw"]
    return (d["fractions"] / eff) @ d["moles"]


# ---------------------------------------------------------------------------------------------
# methods


def run_aqm(d: dict, out_array: bool = False, n_threads: int = 0):
    import aqm
    from aqm import emis

    core = aqm._core.emis
    grid = core.LatLonGrid.regular(70.0, 10.0, 0.1, 0.1, d["nx"], d["ny"])
    inv_core = core.Inventory.on_grid(SECTORS, ["NMVOC"], grid, "annual", ["t/yr"], 2020)
    inv_core.values = d["e"].reshape(S, 1, -1, 1)
    inv = emis.Inventory(inv_core)
    sc = emis.Scenario(
        name="bench",
        base_year=2020,
        target_year=DATE[0],
        growth=[{"sector": SECTORS[s], "annual_rate": float(d["rate"][s])} for s in range(S)],
        measures=[
            {
                "name": f"m{k}",
                "sector": SECTORS[d["ks"][k]],
                "pollutant": "NMVOC",
                "efficiency": float(d["eta"][k]),
                "penetration_base": float(d["x0"][k]),
                "penetration_target": float(d["xt"][k]),
            }
            for k in range(len(d["ks"]))
        ],
    )
    temporal = {
        SECTORS[s]: core.TemporalProfile(
            SECTORS[s],
            d["monthly"][s].tolist(),
            d["weekly"][s].tolist(),
            d["diurnal"][s].tolist(),
            "per_day",
        )
        for s in range(S)
    }
    mech = core.SpeciesMapping(
        "bench30",
        dict(zip(SPECIES, d["mw"].tolist())),
        [
            core.CompoundMapping(
                COMPOUNDS[i],
                float(d["moles"][i] @ d["mw"]),
                [(SPECIES[j], float(d["moles"][i, j])) for j in np.flatnonzero(d["moles"][i])],
            )
            for i in range(NCOMP)
        ],
    )
    profiles = [
        core.SpeciationProfile(f"p{s}", COMPOUNDS, d["fractions"][s].tolist()) for s in range(S)
    ]
    assignment = {SECTORS[s]: f"p{s}" for s in range(S)}
    out = np.empty((24, NSP, d["ny"], d["nx"]), dtype=np.float32) if out_array else None

    def go():
        return inv.day_speciated(
            f"{DATE[0]}-{DATE[1]:02d}-{DATE[2]:02d}",
            scenario=sc,
            utc_offset_hours=OFFSET,
            temporal=temporal,
            profiles=profiles,
            assignment=assignment,
            mechanism=mech,
            unit="mol s-1",
            dtype="float32",
            out=out,
            as_xarray=False,
            n_threads=n_threads,
        )[0]

    return go


def run_numpy_loop(d: dict):
    """One sector at a time: out += E_s x (tf_s outer split_s), broadcast over the grid."""

    def go():
        f = numpy_scale(d)
        tf = numpy_time_factors(d)
        sp = numpy_split(d) * (G_PER_T / S_PER_YR)  # t/yr -> g/s, x mol/g
        e = d["e"]
        out = np.zeros((24, NSP, d["ny"], d["nx"]), dtype=np.float32)
        for s in range(S):
            w = (f[s] * np.outer(tf[s], sp[s])).astype(np.float32)
            out += w[:, :, None, None] * e[s].astype(np.float32)[None, None]
        return out

    return go


def run_xarray_dot(d: dict):
    """xarray: labelled arrays and xr.dot over the sector dimension (einsum underneath)."""
    import xarray as xr

    def go():
        sec = {"sector": SECTORS}
        scaled = xr.DataArray(d["e"], dims=("sector", "lat", "lon"), coords=sec) * xr.DataArray(
            numpy_scale(d), dims="sector", coords=sec
        )
        tf = xr.DataArray(numpy_time_factors(d), dims=("sector", "hour"), coords=sec)
        sp = xr.DataArray(
            numpy_split(d) * (G_PER_T / S_PER_YR),
            dims=("sector", "species"),
            coords={**sec, "species": SPECIES},
        )
        out = xr.dot(
            tf.astype(np.float32), sp.astype(np.float32), scaled.astype(np.float32), dim="sector"
        )
        return out.transpose("hour", "species", "lat", "lon").values

    return go


def run_numpy_tensordot(d: dict):
    """numpy done by hand as one BLAS product: (S, 24*30)^T x (S, cells)."""

    def go():
        w = (
            numpy_scale(d)[:, None, None]
            * numpy_time_factors(d)[:, :, None]
            * (numpy_split(d) * (G_PER_T / S_PER_YR))[:, None, :]
        ).astype(np.float32)
        e = d["e"].reshape(S, -1).astype(np.float32)
        return np.tensordot(w, e, axes=(0, 0)).reshape(24, NSP, d["ny"], d["nx"])

    return go


def run_write(d: dict, fresh: bool = True):
    shape = (24, NSP, d["ny"], d["nx"])
    if fresh:
        return lambda: np.full(shape, 1.0, dtype=np.float32)
    buf = np.empty(shape, dtype=np.float32)
    buf.fill(0.0)

    def go():
        buf.fill(1.0)
        return buf

    return go


METHODS = {
    "aqm": lambda d: run_aqm(d),
    "aqm_1thread": lambda d: run_aqm(d, n_threads=1),
    "aqm_out": lambda d: run_aqm(d, out_array=True),
    "numpy_loop": run_numpy_loop,
    "xarray_dot": run_xarray_dot,
    "numpy_tensordot": run_numpy_tensordot,
    "write_fresh": lambda d: run_write(d, True),
    "write_existing": lambda d: run_write(d, False),
}


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def worker(method: str, repeat: int, small: bool, dump: str) -> None:
    d = make_inputs(*(140, 100) if small else (NX, NY))
    go = METHODS[method](d)
    import gc

    gc.collect()
    rss0 = rss_bytes()
    trace = method.startswith(("numpy", "xarray"))
    if trace:
        tracemalloc.start()
    best, out = float("inf"), None
    for _ in range(repeat):
        out = None
        gc.collect()
        t0 = time.perf_counter()
        out = go()
        best = min(best, time.perf_counter() - t0)
    traced = tracemalloc.get_traced_memory()[1] if trace else None
    if trace:
        tracemalloc.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss0
    res = {
        "method": method,
        "seconds": best,
        "peak_bytes": peak,
        "traced_bytes": traced,
        "out_bytes": int(out.nbytes),
        "shape": list(out.shape),
    }
    if not method.startswith("write"):
        sums = out.astype(np.float64).sum(axis=(2, 3))
        sample = np.asarray(out[:, :, ::37, ::41], dtype=np.float64)
        np.savez(dump, sums=sums, sample=sample)
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--small", action="store_true", help="140 x 100 cells (a quick check)")
    ap.add_argument("--dump", default="")
    ap.add_argument("--methods", default=",".join(METHODS))
    a = ap.parse_args()
    if a.worker:
        worker(a.worker, a.repeat, a.small, a.dump)
        return
    tmp = tempfile.mkdtemp(prefix="emis_pipeline_")
    results = {}
    for m in a.methods.split(","):
        dump = os.path.join(tmp, m + ".npz")
        rep = 1 if m == "xarray_dot" and not a.small else a.repeat
        cmd = [sys.executable, __file__, "--worker", m, "--repeat", str(rep), "--dump", dump]
        if a.small:
            cmd.append("--small")
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print(f"{m}: failed\n{p.stderr[-2000:]}")
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        if os.path.exists(dump):
            r["data"] = np.load(dump)
        results[m] = r
    ref = results.get("aqm")
    out_mb = ref["out_bytes"] / 2**20 if ref else float("nan")
    print(
        f"grid {'140 x 100' if a.small else f'{NX} x {NY}'} x {S} sectors -> "
        f"(24, {NSP}, ny, nx) float32 = {out_mb:.0f} MiB; best of {a.repeat}"
    )
    print(
        f"{'method':18s} {'time s':>8s} {'peak MiB':>9s} {'peak/out':>8s} {'traced MiB':>10s} "
        f"{'max rel diff':>12s}"
    )
    for m, r in results.items():
        diff = ""
        if ref is not None and "data" in r and m != "aqm":
            den = np.abs(ref["data"]["sums"]).max()
            d1 = np.abs(r["data"]["sums"] - ref["data"]["sums"]).max() / den
            den2 = np.abs(ref["data"]["sample"]).max()
            d2 = np.abs(r["data"]["sample"] - ref["data"]["sample"]).max() / den2
            diff = f"{max(d1, d2):.1e}"
        traced = "" if r["traced_bytes"] is None else f"{r['traced_bytes'] / 2**20:10.0f}"
        print(
            f"{m:18s} {r['seconds']:8.3f} {r['peak_bytes'] / 2**20:9.0f} "
            f"{r['peak_bytes'] / r['out_bytes']:8.2f} {traced:>10s} {diff:>12s}"
        )


if __name__ == "__main__":
    main()
