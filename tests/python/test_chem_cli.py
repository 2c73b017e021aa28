"""``aqm chem integrate``: a [chem] TOML integrated and written as NetCDF; reference values
are closed-form solutions of first-order kinetics."""

from __future__ import annotations

import math

import numpy as np
import pytest

xr = pytest.importorskip("xarray")

from aqm.cli import main  # noqa: E402

MECH = "#DEFVAR\nA = IGNORE;\nB = IGNORE;\n#EQUATIONS\n<R1> A = B : 1.0e-4 ;\n"


# "ppbv" is another spelling of ppb in the one unit vocabulary (aqm.species.concentration_unit)
@pytest.mark.parametrize("spelling", ["ppb", "ppbv"])
def test_chem_integrate_writes_the_analytic_decay(tmp_path, monkeypatch, capsys, spelling):
    pytest.importorskip("netCDF4")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decay.eqn").write_text(MECH)
    cfg = tmp_path / "cfg.toml"
    cfg.write_text(
        '[chem]\nmechanism = "decay.eqn"\nduration_h = 5\noutput_step_s = 1800\n'
        f'units = "{spelling}"\ninitial = {{ A = 10.0 }}\nrtol = 1e-8\natol = 1e-3\n'
        'output = "out.nc"\n'
    )
    assert main(["chem", "integrate", str(cfg)]) == 0
    assert "success" in capsys.readouterr().out
    ds = xr.open_dataset(tmp_path / "out.nc")
    t = ds["time"].values
    assert t[0] == 0.0 and t[-1] == 5 * 3600.0 and len(t) == 11
    a = ds["concentration"].sel(species="A").values
    b = ds["concentration"].sel(species="B").values
    # A(t) = A0 exp(-k t), B = A0 - A (k = 1e-4 s-1), in ppb at one air density.
    assert a == pytest.approx(10.0 * np.exp(-1e-4 * t), rel=1e-6)
    assert b == pytest.approx(10.0 * (1 - np.exp(-1e-4 * t)), rel=1e-6, abs=1e-9)
    assert ds["concentration"].attrs["units"] == "ppb"
    ds.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cfg.toml", "decay.eqn", "out.nc"]


def test_chem_integrate_builtin_mechanism_in_the_sun(tmp_path, monkeypatch):
    pytest.importorskip("netCDF4")
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "cfg.toml"
    cfg.write_text(
        '[chem]\nmechanism = "cb6_aqm"\nduration_h = 12\ninitial = { O3 = 30, '
        "NO2 = 5, CO = 200, PAR = 30 }\nlat = 30.0\nlon = 120.0\n"
        'start = "2020-07-15 00:00"\ntemp = 300\nrh = 50\n'
    )
    assert main(["chem", "integrate", str(cfg)]) == 0
    ds = xr.open_dataset(tmp_path / "chem.nc")
    assert ds.attrs["status"] == "success"
    no2 = ds["concentration"].sel(species="NO2").values
    # 00-12 UTC is daytime at 120 E: NO2 is photolysed, so it falls.
    assert no2[-1] < 0.5 * no2[0]
    assert not math.isnan(float(ds["concentration"].sel(species="O3")[-1]))
    ds.close()
