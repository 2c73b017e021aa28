"""Hostile input through the Python and CLI entry points: a clear error, never a crash."""

from __future__ import annotations

import pytest

from aqm import chem, cli
from aqm.pmf import PMF
from aqm.pmf import simulate as pmf_simulate


def test_cli_threads_beyond_the_limit_is_a_one_line_error(capsys, tmp_path):
    # Before: --threads 100000 segfaulted inside GOMP_parallel.
    data = pmf_simulate(n_samples=60, seed=3)
    conc, unc = tmp_path / "c.csv", tmp_path / "u.csv"
    data.conc.to_csv(conc)
    data.unc.to_csv(unc)
    code = cli.main(
        [
            "pmf",
            "run",
            "--conc",
            str(conc),
            "--unc",
            str(unc),
            "--factors",
            "3",
            "--runs",
            "2",
            "--threads",
            "100000",
            "--out",
            str(tmp_path / "r.nc"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "n_threads: 100000 exceeds the limit" in err
    assert not (tmp_path / "r.nc").exists()


def test_pmf_threads_beyond_the_limit_raises_value_error():
    data = pmf_simulate(n_samples=40, seed=1)
    with pytest.raises(ValueError, match="n_threads: 100000"):
        PMF(3, n_runs=2, n_threads=100000, random_state=0).fit(data.conc, data.unc)


def test_cli_ctrl_c_is_one_line(capsys, monkeypatch):
    def interrupted(args):
        raise KeyboardInterrupt

    parser = cli.build_parser()
    args = parser.parse_args(["io", "convert", "a.csv", "b.csv"])
    monkeypatch.setattr(cli, "build_parser", lambda: _Fixed(parser, args, interrupted))
    assert cli.main(["io", "convert", "a.csv", "b.csv"]) == 130
    assert capsys.readouterr().err == "aqm: interrupted\n"


class _Fixed:
    def __init__(self, parser, args, func):
        self._args = args
        self._args.func = func

    def parse_args(self, argv):
        return self._args


def test_negative_rate_constant_warns_naming_the_reaction():
    mech = chem.Mechanism.from_kpp_text(
        "#DEFVAR\nA = IGNORE; B = IGNORE;\n#EQUATIONS\n<R1> A = B : -1.0e-3;\n", "neg"
    )
    with pytest.warns(RuntimeWarning, match=r"invalid_rate.*reaction <R1>.*is negative"):
        mech.integrate({"A": 10.0}, [0, 3600], units="ppb")


def test_negative_initial_value_is_refused():
    mech = chem.Mechanism.from_kpp_text(
        "#DEFVAR\nA = IGNORE; B = IGNORE;\n#EQUATIONS\n<R1> A = B : 1.0e-3;\n", "pos"
    )
    with pytest.raises(ValueError, match="A: y0: initial concentration"):
        mech.integrate({"A": -1.0}, [0, 60], units="ppb")


def test_empty_mechanism_file_is_refused(tmp_path):
    path = tmp_path / "empty.eqn"
    path.write_text("")
    with pytest.raises(ValueError, match="no reactions found"):
        chem.Mechanism.from_kpp(path)
    with pytest.raises(OSError, match="is a directory"):
        chem.Mechanism.from_kpp(tmp_path)


def test_isopleth_threads_beyond_the_limit_raises_before_any_cell():
    # Issue 14: [box.isopleth] n_threads = 100000 segfaulted inside GOMP_parallel.
    from test_box import urban_box

    with pytest.raises(ValueError, match="n_threads: 100000 exceeds the limit"):
        urban_box().isopleth(
            [0.5, 1.0], [1.0], voc_species=["PAR"], n_threads=100000, progress=False
        )
