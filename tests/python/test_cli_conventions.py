"""The ``aqm`` command line behaves as users expect: every option and argument has help text,
``--version`` prints the package version, ``-v`` shows the library's info records, and the
exit statuses are the documented ones (README, "Command line")."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys

import pytest

import aqm
from aqm import cli


def _walk(parser: argparse.ArgumentParser, path: str):
    """(command path, action) for every action of the parser and its subcommands."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield f"{path} {name}", argparse.Action([name], name, help=helps.get(name))
                yield from _walk(sub, f"{path} {name}")
        elif not isinstance(action, argparse._HelpAction):
            yield path, action


def test_every_option_argument_and_command_has_help():
    missing = [
        f"{path}: {'/'.join(a.option_strings) or a.dest}"
        for path, a in _walk(cli.build_parser(), "aqm")
        if not (a.help and a.help.strip()) and a.help != argparse.SUPPRESS
    ]
    assert missing == []


def test_the_walk_sees_nested_commands():
    paths = {path for path, _ in _walk(cli.build_parser(), "aqm")}
    assert {"aqm pmf run", "aqm box run", "aqm emis apply", "aqm voc run"} <= paths


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"libaqm {aqm.__version__}"


def test_verbose_shows_info_records_and_quiet_does_not(tmp_path):
    from aqm.pmf import simulate

    data = simulate(n_samples=40, seed=4)
    data.conc.to_csv(tmp_path / "c.csv")
    data.unc.to_csv(tmp_path / "u.csv")
    args = [
        "pmf",
        "run",
        "--conc",
        str(tmp_path / "c.csv"),
        "--unc",
        str(tmp_path / "u.csv"),
        "--factors",
        "2",
        "--runs",
        "1",
        "--seed",
        "1",
        "--no-progress",
        "--out",
        str(tmp_path / "r.nc"),
    ]
    run = [sys.executable, "-W", "ignore", "-m", "aqm.cli"]
    quiet = subprocess.run(run + args, capture_output=True, text=True, timeout=300)
    loud = subprocess.run(run + ["-v"] + args, capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and loud.returncode == 0, loud.stderr
    assert "INFO aqm.pmf.estimator: PMF: 40 samples x" in loud.stderr
    assert "INFO" not in quiet.stderr


def test_the_library_configures_no_handler():
    # Only the NullHandler the package adds; basicConfig is the CLI's business.
    assert all(isinstance(h, logging.NullHandler) for h in logging.getLogger("aqm").handlers)
    for name in ("aqm.pmf.estimator", "aqm.chem.box", "aqm.batch._run", "aqm.voc.run"):
        assert logging.getLogger(name).handlers == []


@pytest.mark.filterwarnings("ignore::aqm.pmf.estimator.PMFWarning")
def test_fit_logs_its_summary_under_the_aqm_logger(caplog):
    from aqm.pmf import PMF, simulate

    data = simulate(n_samples=40, seed=4)
    with caplog.at_level(logging.INFO, logger="aqm"):
        PMF(n_components=2, n_runs=2, random_state=1, max_iter=1).fit(data.conc, data.unc)

    def said(level):
        return " | ".join(
            r.getMessage()
            for r in caplog.records
            if r.name == "aqm.pmf.estimator" and r.levelno == level
        )

    assert "40 samples x" in said(logging.INFO) and "Q(robust)" in said(logging.INFO)
    # max_iter = 1 stops every run early: a suspect result, said as a warning
    assert "2 of 2 base runs hit max_iter" in said(logging.WARNING)


# ------------------------------------------------------------------------ exit statuses
def test_exit_0_when_done(tmp_path):
    (tmp_path / "a.csv").write_text("Date,x\n2021-01-01,1\n")
    assert cli.main(["io", "convert", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 0


def test_exit_2_on_bad_usage(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["pmf", "run", "--no-such-option"])
    assert stop.value.code == 2


def test_exit_2_on_bad_input(tmp_path, capsys):
    assert cli.main(["io", "convert", str(tmp_path / "missing.csv"), str(tmp_path / "b.csv")]) == 2
    assert "missing.csv" in capsys.readouterr().err


def _command_that(outcome):
    def command(args):
        return outcome()

    return command


def test_exit_1_when_a_run_fails_and_130_on_ctrl_c(monkeypatch, tmp_path):
    parser = cli.build_parser()
    args = parser.parse_args(["io", "convert", "in.csv", "out.csv"])

    def interrupted():
        raise KeyboardInterrupt

    for outcome, status in ((lambda: 1, 1), (interrupted, 130)):
        args.func = _command_that(outcome)
        monkeypatch.setattr(argparse.ArgumentParser, "parse_args", lambda self, argv=None: args)
        assert cli.main([]) == status
