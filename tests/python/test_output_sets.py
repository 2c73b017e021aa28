"""A run's output files are written as one unit (aqm._atomic.OutputSet): special files are
refused, a failure or SIGTERM leaves the previous set and no temporaries, a concurrent run on the
same output refuses, a stale lock from a dead process is taken over."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aqm import cli
from aqm._atomic import OutputLockedError, OutputSet, atomic_path
from aqm.pmf import simulate as pmf_simulate

# The small synthetic data set has low-S/N species; their PMF warnings are not the subject here.
pytestmark = pytest.mark.filterwarnings("ignore::aqm.pmf.estimator.PMFWarning")

PMF_FILES = [
    "r.nc",
    "r_profiles.csv",
    "r_profiles_percent.csv",
    "r_contributions.csv",
    "r_runs.csv",
    "r_species.csv",
]


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".tmp-" in p.name or ".lock" in p.name)


def _snapshot(directory: Path, names: list[str]) -> dict[str, bytes]:
    return {n: (directory / n).read_bytes() for n in names}


def _pmf_inputs(directory: Path, seed: int = 3) -> list[str]:
    data = pmf_simulate(n_samples=60, seed=seed)
    data.conc.to_csv(directory / "c.csv")
    data.unc.to_csv(directory / "u.csv")
    return [
        "pmf",
        "run",
        "--conc",
        str(directory / "c.csv"),
        "--unc",
        str(directory / "u.csv"),
        "--factors",
        "3",
        "--runs",
        "2",
        "--no-progress",
    ]


def _write(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text)


# ------------------------------------------------------------------ special files are refused
def test_atomic_path_refuses_a_fifo_and_leaves_it(tmp_path):
    fifo = tmp_path / "out.nc"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"out\.nc: cannot write: the path is a FIFO"):
        with atomic_path(fifo):
            pytest.fail("the block must not run")
    assert fifo.is_fifo()
    assert _leftovers(tmp_path) == []


def test_atomic_path_refuses_a_symlink_to_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "link.csv").symlink_to(tmp_path / "pipe")
    with pytest.raises(OSError, match="link.csv: .*FIFO"):
        _write(tmp_path / "link.csv", "x")
    assert (tmp_path / "link.csv").is_symlink() and (tmp_path / "pipe").is_fifo()


def test_atomic_path_refuses_a_socket(tmp_path):
    path = tmp_path / "s.csv"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(OSError, match=r"s\.csv: cannot write: the path is a socket"):
            _write(path, "x")
        assert path.is_socket()
    finally:
        sock.close()


def test_output_set_refuses_a_directory_target_before_the_run(tmp_path):
    (tmp_path / "r.nc").mkdir()
    with pytest.raises(IsADirectoryError, match="r.nc: cannot write: the path is a directory"):
        with OutputSet(tmp_path / "r.nc"):
            pytest.fail("the block must not run")
    assert _leftovers(tmp_path) == []


def test_cli_out_naming_a_fifo_is_a_one_line_error(tmp_path, capsys):
    os.mkfifo(tmp_path / "r.nc")
    code = cli.main([*_pmf_inputs(tmp_path), "--out", str(tmp_path / "r.nc")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{tmp_path / 'r.nc'}: cannot write: the path is a FIFO" in err
    assert (tmp_path / "r.nc").is_fifo()
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "r_profiles.csv").exists()


def test_cli_a_fifo_among_later_files_writes_nothing(tmp_path, capsys):
    # The NetCDF is fine; the plot target is a FIFO: no file of the set may be replaced.
    args = [*_pmf_inputs(tmp_path), "--out", str(tmp_path / "r.nc")]
    assert cli.main(args) == 0
    before = _snapshot(tmp_path, PMF_FILES)
    os.mkfifo(tmp_path / "p.png")
    code = cli.main([*args, "--seed", "11", "--plot", str(tmp_path / "p.png")])
    assert code == 2 and "p.png: cannot write: the path is a FIFO" in capsys.readouterr().err
    assert _snapshot(tmp_path, PMF_FILES) == before
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------ commit or roll back
def test_set_commits_all_files_together(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    with OutputSet(a) as outputs:
        _write(a, "new a")
        _write(b, "new b")
        assert not a.exists() and not b.exists()  # nothing visible before the commit
        assert outputs.files == [a, b]
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_failure_in_the_middle_keeps_the_previous_set(tmp_path, error):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("old a")
    b.write_text("old b")
    with pytest.raises(type(error)):
        with OutputSet(a):
            _write(a, "new a")
            raise error
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert _leftovers(tmp_path) == []


def test_failure_inside_a_file_block_removes_its_temporary(tmp_path):
    with pytest.raises(ValueError):
        with OutputSet():
            _write(tmp_path / "a.csv", "new a")
            with atomic_path(tmp_path / "b.csv") as tmp:
                tmp.write_text("half")
                raise ValueError("writer failed")
    assert list(tmp_path.iterdir()) == []


def test_a_file_written_twice_in_a_set_keeps_the_later_content(tmp_path):
    with OutputSet():
        _write(tmp_path / "a.csv", "first")
        _write(tmp_path / "a.csv", "second")
    assert (tmp_path / "a.csv").read_text() == "second"
    assert _leftovers(tmp_path) == []


def test_cli_failure_after_some_files_keeps_the_previous_pmf_set(tmp_path, capsys):
    # The plot directory is missing: NetCDF and CSV tables were already staged when it fails.
    args = [*_pmf_inputs(tmp_path), "--out", str(tmp_path / "r.nc")]
    assert cli.main(args) == 0
    before = _snapshot(tmp_path, PMF_FILES)
    code = cli.main([*args, "--seed", "11", "--plot", str(tmp_path / "missing" / "p.png")])
    assert code == 2 and "directory" in capsys.readouterr().err
    assert _snapshot(tmp_path, PMF_FILES) == before
    assert _leftovers(tmp_path) == []
    assert cli.main([*args, "--seed", "11"]) == 0  # and a good run replaces every file
    after = _snapshot(tmp_path, PMF_FILES)
    assert all(after[n] != before[n] for n in ("r_profiles.csv", "r_runs.csv"))


# ------------------------------------------------------------------ SIGTERM mid-write
def _start_pmf(tmp_path: Path, args: list[str], delay: str) -> subprocess.Popen[str]:
    env = dict(os.environ, AQM_TEST_OUTPUT_DELAY=delay)
    return subprocess.Popen(
        [sys.executable, "-m", "aqm.cli", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_temporaries(tmp_path: Path, n: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while sum(".tmp-" in p.name for p in tmp_path.iterdir()) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never staged its files"
        time.sleep(0.02)


@pytest.mark.parametrize(("staged", "delay"), [(1, "30"), (3, "2")])
def test_sigterm_mid_write_leaves_the_old_set_and_no_temporaries(tmp_path, staged, delay):
    # The hook sleeps `delay` s after each staged file: the signal lands while `staged` are held.
    args = [*_pmf_inputs(tmp_path), "--out", str(tmp_path / "r.nc")]
    assert cli.main(args) == 0
    before = _snapshot(tmp_path, PMF_FILES)
    proc = _start_pmf(tmp_path, [*args, "--seed", "11"], delay=delay)
    _wait_for_temporaries(tmp_path, staged, proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "terminated" in err and "Traceback" not in err
    assert _snapshot(tmp_path, PMF_FILES) == before
    assert _leftovers(tmp_path) == []


def test_sigterm_before_any_output_writes_nothing(tmp_path):
    args = [*_pmf_inputs(tmp_path), "--out", str(tmp_path / "r.nc")]
    proc = _start_pmf(tmp_path, args, delay="30")
    deadline = time.monotonic() + 60
    while not (tmp_path / ".r.nc.lock").exists():  # the set is open; files not yet written
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "u.csv"]


# ------------------------------------------------------------------ concurrent runs
def test_second_set_on_the_same_output_refuses_naming_the_lock(tmp_path):
    target = tmp_path / "r.nc"
    target.write_text("old")
    with OutputSet(target):
        _write(target, "first run")
        with pytest.raises(OutputLockedError, match=rf"pid {os.getpid()} .*\.r\.nc\.lock"):
            with OutputSet(target):
                pytest.fail("the second run must not start")
        assert target.read_text() == "old"
    assert target.read_text() == "first run"
    assert _leftovers(tmp_path) == []


def test_sets_on_different_outputs_in_one_directory_both_commit(tmp_path):
    # Job-array tasks write r_0001.nc, r_0002.nc ... side by side.
    with OutputSet(tmp_path / "r_0001.nc"):
        with OutputSet(tmp_path / "r_0002.nc"):
            _write(tmp_path / "r_0002.nc", "2")
        _write(tmp_path / "r_0001.nc", "1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r_0001.nc", "r_0002.nc"]


def test_concurrent_cli_run_refuses_and_the_first_wins_whole(tmp_path, capsys):
    import xarray as xr

    args = [*_pmf_inputs(tmp_path), "--out", str(tmp_path / "r.nc")]
    first = _start_pmf(tmp_path, [*args, "--seed", "5"], delay="1")
    _wait_for_temporaries(tmp_path, 1, first)
    assert cli.main([*args, "--seed", "6"]) == 2  # the second run, while the first writes
    err = capsys.readouterr().err
    assert "another run (pid" in err and str(tmp_path / ".r.nc.lock") in err
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 0 and "seed 5" in out
    assert all((tmp_path / n).exists() for n in PMF_FILES)
    with xr.open_dataset(tmp_path / "r.nc") as ds:
        assert int(ds.attrs["seed"]) == 5
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------ stale locks
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_lock_of_a_dead_process_is_taken_over_with_its_temporaries(tmp_path):
    pid = _dead_pid()
    (tmp_path / ".r.nc.lock").write_text(f"{pid} {socket.gethostname()}\n")
    orphan = tmp_path / f".r.nc.tmp-{pid}-abc.nc"
    orphan.write_text("half")
    other = tmp_path / ".r.nc.tmp-1-abc.nc"  # another process's temporary: left alone
    other.write_text("x")
    with OutputSet(tmp_path / "r.nc"):
        _write(tmp_path / "r.nc", "new")
    assert (tmp_path / "r.nc").read_text() == "new"
    assert not orphan.exists() and other.exists()
    assert not (tmp_path / ".r.nc.lock").exists()


@pytest.mark.parametrize("content", ["{pid} another-host.example\n", ""])
def test_lock_of_another_host_or_unreadable_is_not_taken_over(tmp_path, content):
    lock = tmp_path / ".r.nc.lock"
    lock.write_text(content.format(pid=_dead_pid()))
    with pytest.raises(OutputLockedError, match="delete it if that run is gone"):
        with OutputSet(tmp_path / "r.nc"):
            pass
    assert lock.exists()


# ------------------------------------------------------------------ other commands
def test_io_convert_refuses_a_fifo_in_the_cpp_writer(tmp_path, capsys):
    (tmp_path / "a.csv").write_text("t,x\n1,2\n")
    os.mkfifo(tmp_path / "b.csv")
    assert cli.main(["io", "convert", str(tmp_path / "a.csv"), str(tmp_path / "b.csv")]) == 2
    assert "b.csv: cannot write: the path is a FIFO" in capsys.readouterr().err
    assert (tmp_path / "b.csv").is_fifo()


def test_emis_apply_tables_land_together(tmp_path, capsys):
    plan = Path(__file__).resolve().parents[2] / "data" / "emis" / "hangzhou_2025_plan.toml"
    names = [
        f"hangzhou_2025_plan_{n}.csv"
        for n in ("inventory", "change", "contributions", "scale_factors", "targets")
    ]
    (tmp_path / names[-1]).write_text("old")
    os.mkfifo(tmp_path / "hangzhou_2025_plan_inventory.nc")  # the last file of the set
    assert cli.main(["emis", "apply", str(plan), "--out", str(tmp_path), "--netcdf"]) == 2
    assert "inventory.nc: cannot write: the path is a FIFO" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hangzhou_2025_plan_inventory.nc",
        names[-1],
    ]
    assert (tmp_path / names[-1]).read_text() == "old"
    os.unlink(tmp_path / "hangzhou_2025_plan_inventory.nc")
    assert cli.main(["emis", "apply", str(plan), "--out", str(tmp_path), "--netcdf"]) == 0
    assert all((tmp_path / n).stat().st_size > 0 for n in names)
    assert (tmp_path / names[-1]).read_text() != "old"
    assert _leftovers(tmp_path) == []
