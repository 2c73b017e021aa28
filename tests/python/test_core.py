from __future__ import annotations

import _thread
import logging
import threading

import pytest

import aqm
from aqm import _core


def test_version_is_the_pyproject_version():
    from pathlib import Path

    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert aqm.__version__ == tomllib.loads(pyproject.read_text())["project"]["version"]


def test_seeded_streams_reproducible_and_distinct():
    a = _core._random_uniform(42, 0, 5)
    assert a == _core._random_uniform(42, 0, 5)
    assert a != _core._random_uniform(42, 1, 5)
    assert all(0.0 <= x < 1.0 for x in a)


def test_batch_results_do_not_depend_on_thread_count():
    one = _core._parallel_sum_test(40, 1, 2000)
    two = _core._parallel_sum_test(40, 2, 2000)
    assert one == two


def test_progress_callback_sees_the_whole_batch():
    seen = []
    _core._parallel_sum_test(10, 1, 10, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (10, 10)
    assert all(total == 10 for _, total in seen)


def test_progress_callback_error_stops_and_propagates():
    def bad(done, total):
        raise RuntimeError("callback failed")

    with pytest.raises(RuntimeError, match="callback failed"):
        _core._parallel_sum_test(10, 1, 10, progress=bad)


def test_ctrl_c_interrupts_a_long_batch():
    timer = threading.Timer(0.2, _thread.interrupt_main)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            _core._parallel_sum_test(100000, 1, 200000)  # minutes of work if not interrupted
    finally:
        timer.cancel()


def test_cpp_log_records_reach_python_logging(caplog):
    with caplog.at_level(logging.INFO, logger="aqm"):
        _core._log(30, "a warning from C++")
    assert ("aqm._core", logging.WARNING, "a warning from C++") in caplog.record_tuples


def test_a_signal_raised_inside_a_log_call_is_not_lost():
    # A Ctrl-C whose Python handler runs while C++ hands a record to Python raises inside the
    # log handler; the sink must not swallow it (it re-trips the signal for the next check).
    from aqm._log_forwarding import install_log_forwarding

    def interrupted(level, message):
        raise KeyboardInterrupt

    _core._set_log_handler(interrupted)
    try:
        with pytest.raises(KeyboardInterrupt):
            _core._log(30, "a record")
            for _ in range(1000):  # the re-tripped signal fires at the next bytecode check
                pass
    finally:
        install_log_forwarding()


def test_library_installs_no_handler_but_null():
    handlers = logging.getLogger("aqm").handlers
    assert all(isinstance(h, logging.NullHandler) for h in handlers)


def test_threadpoolctl_limits_the_openmp_runtime():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    if not aqm.have_openmp():
        pytest.skip("built without OpenMP")
    with threadpoolctl.threadpool_limits(1, user_api="openmp"):
        assert aqm.default_threads() == 1


def test_progress_bar_follows_the_batch(monkeypatch):
    tqdm_auto = pytest.importorskip("tqdm.auto")
    from aqm._progress import progress_callback

    bars = []

    class RecordingBar:
        def __init__(self, total, desc):
            self.total, self.desc, self.n, self.closed = total, desc, 0, False
            bars.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            self.closed = True

    monkeypatch.setattr(tqdm_auto, "tqdm", RecordingBar)
    with progress_callback(True, "runs") as cb:
        _core._parallel_sum_test(12, 2, 10, progress=cb)
    assert len(bars) == 1
    assert (bars[0].total, bars[0].n, bars[0].desc, bars[0].closed) == (12, 12, "runs", True)
    with progress_callback(False, "runs") as cb:
        assert cb is None
