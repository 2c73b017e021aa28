"""One name per meaning across the pillars (issue 15, step 5 of the seam)."""

from __future__ import annotations

import importlib
import pkgutil

import aqm
from aqm import _core, chem, emis


def _public_modules():
    for info in pkgutil.walk_packages(aqm.__path__, "aqm."):
        if not info.name.startswith("aqm._core"):
            yield importlib.import_module(info.name)


def test_one_mechanism_class():
    """``Mechanism`` is the chemical mechanism (reactions) everywhere; the emission side's
    compound -> mechanism-species table is ``SpeciesMapping``."""
    assert not hasattr(_core.emis, "Mechanism") and not hasattr(emis, "Mechanism")
    holders = [
        m.__name__
        for m in _public_modules()
        if getattr(m, "Mechanism", chem.Mechanism) is not chem.Mechanism
    ]
    assert not holders, f"another Mechanism in {holders}"
    mapping = emis.load_mechanism()
    assert isinstance(mapping, emis.SpeciesMapping)
    assert mapping.compounds
    assert all(sp in mapping.species_mw for c in mapping.compounds for sp, _ in c.species)


# ---------------------------------------------------------------- the number of factors p
def _small(n=8, m=4, seed=3):
    """n hourly samples x m species, positive, with 10 % uncertainties."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    index = pd.date_range("2021-07-01", periods=n, freq="h", name="Date")
    conc = pd.DataFrame(rng.uniform(1, 5, (n, m)), index=index, columns=[f"S{j}" for j in range(m)])
    return conc, 0.1 * conc


def test_n_components_is_the_one_python_name():
    import inspect

    from aqm import pmf, voc

    for function in (pmf.PMF, pmf.factor_sweep, voc.joint_oh_exposure):
        assert "n_components" in inspect.signature(function).parameters, function
    from aqm.batch._kinds import KINDS

    assert "n_components" in KINDS["pmf"].params  # the key a batch sweeps over


def test_pmf_errors_name_n_components():
    import pytest

    from aqm.pmf import PMF

    conc, unc = _small()
    with pytest.raises(ValueError, match=r"^n_components must be a positive integer, got 0"):
        PMF(0).fit(conc, unc)
    with pytest.raises(ValueError, match=r"^n_components: p = 4 must be smaller than .* = 4"):
        PMF(4, n_runs=1, random_state=1).fit(conc, unc)


def test_factor_sweep_old_keyword_warns_and_errors_name_it():
    import pytest

    from aqm.pmf import factor_sweep

    conc, unc = _small()
    with pytest.raises(ValueError, match=r"^n_components: 4 must be in"):
        factor_sweep(conc, unc, n_components=[4])
    with (
        pytest.warns(DeprecationWarning, match="factors is renamed n_components"),
        pytest.raises(ValueError, match=r"^factors: 4 must be in"),
    ):
        factor_sweep(conc, unc, factors=[4])
    with (
        pytest.warns(DeprecationWarning),
        pytest.raises(ValueError, match=r"^factors: '9-3' is not a range"),
    ):
        factor_sweep(conc, unc, factors="9-3")
    with pytest.raises(TypeError, match="not both n_components and factors"):
        factor_sweep(conc, unc, n_components=[2], factors=[2])


def test_joint_oh_exposure_old_keyword_warns_and_errors_name_it():
    import pytest

    from aqm.voc import joint_oh_exposure

    conc, unc = _small()
    with pytest.raises(ValueError, match=r"^n_components: p = 4 must be smaller"):
        joint_oh_exposure(conc, unc, None, n_components=4)
    with (
        pytest.warns(DeprecationWarning, match="n_factors is renamed n_components"),
        pytest.raises(ValueError, match=r"^n_factors must be a positive integer, got 0"),
    ):
        joint_oh_exposure(conc, unc, None, n_factors=0)
    with pytest.raises(TypeError, match="n_components .* is required"):
        joint_oh_exposure(conc, unc, None)


def test_cli_errors_name_the_factors_flag(tmp_path, capsys):
    from aqm import cli

    conc, unc = _small()
    conc.to_csv(tmp_path / "conc.csv")
    unc.to_csv(tmp_path / "unc.csv")
    status = cli.main(
        [
            "pmf",
            "run",
            "--conc",
            str(tmp_path / "conc.csv"),
            "--unc",
            str(tmp_path / "unc.csv"),
            "--factors",
            "4",
            "--runs",
            "1",
            "--seed",
            "1",
            "--out",
            str(tmp_path / "out.nc"),
        ]
    )
    assert status == 2
    assert "aqm: error: factors: p = 4 must be smaller than" in capsys.readouterr().err


def test_pmf_plots_live_in_pmf_and_aqm_plot_still_imports():
    from aqm import plot
    from aqm.pmf import _fit_plots, plots

    for name in plot.__all__:
        assert getattr(plot, name) is getattr(plots, name) is getattr(_fit_plots, name)
        assert name in plots.__all__
