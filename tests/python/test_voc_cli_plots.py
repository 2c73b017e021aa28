"""``aqm voc simulate`` / ``aqm voc age`` and the OH-exposure plots."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from aqm.cli import main
from aqm.voc import AgeWarning, SimulatedVocData, estimate_oh_exposure
from aqm.voc.plots import plot_oh_exposure, plot_oh_exposure_diurnal


def test_simulate_then_age_from_the_command_line(tmp_path, capsys):
    prefix = tmp_path / "sim"
    assert main(["voc", "simulate", str(prefix), "--seed", "3", "--days", "3"]) == 0
    d = SimulatedVocData.read_csv(prefix)
    assert len(d.conc) == 72
    out = tmp_path / "oh.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgeWarning)
        code = main(
            [
                "voc",
                "age",
                f"{prefix}_con.csv",
                "--units",
                "ug/m3",
                "--output",
                str(out),
                "--initial",
                str(tmp_path / "x0.csv"),
                "--consumed",
                str(tmp_path / "c.csv"),
                "--plot",
                str(tmp_path / "oh.png"),
            ]
        )
    assert code == 0
    table = pd.read_csv(out, index_col=0)
    assert list(table.columns) == ["oh_exposure", "age_h_at_2e6", "status"]
    assert len(table) == 72
    x0 = pd.read_csv(tmp_path / "x0.csv", index_col=0)
    assert x0.shape == (72, len(d.species))
    assert (tmp_path / "oh.png").stat().st_size > 1000
    text = capsys.readouterr().out
    assert "50th percentile of m/p-xylene/ethylbenzene" in text
    assert "kOH at 298 K" in text
    assert "5 h moving mean" in text
    hourly = tmp_path / "oh_hourly.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AgeWarning)
        assert (
            main(
                [
                    "voc",
                    "age",
                    f"{prefix}_con.csv",
                    "--units",
                    "ug/m3",
                    "--output",
                    str(hourly),
                    "--window-hours",
                    "0",
                ]
            )
            == 0
        )
        assert (
            main(["voc", "age", f"{prefix}_con.csv", "--units", "ug/m3", "--window-hours", "-2"])
            == 2
        )
    assert "window_hours: must be finite and >= 0" in capsys.readouterr().err
    # the moving mean is smoother: smaller hour-to-hour steps than the hourly values
    steps = pd.read_csv(hourly, index_col=0)["oh_exposure"].diff().abs().mean()
    assert table["oh_exposure"].diff().abs().mean() < 0.8 * steps


def test_age_command_takes_a_koh_table(tmp_path, capsys):
    prefix = tmp_path / "sim"
    main(["voc", "simulate", str(prefix), "--seed", "4", "--days", "2"])
    capsys.readouterr()
    table = tmp_path / "koh.csv"
    d = SimulatedVocData.read_csv(prefix)
    d.koh.rename("koh_298").rename_axis("species").to_csv(table)
    with warnings.catch_warnings():
        warnings.simplefilter("error", AgeWarning)  # no species left without kOH
        warnings.filterwarnings("ignore", "pair", AgeWarning)
        code = main(
            [
                "voc",
                "age",
                f"{prefix}_con.csv",
                "--units",
                "ug/m3",
                "--koh",
                str(table),
                "--output",
                str(tmp_path / "oh.csv"),
                "--initial",
                str(tmp_path / "x0.csv"),
            ]
        )
    assert code == 0
    table.write_text("species,koh_298\ntoluene,fast\n")
    assert main(["voc", "age", f"{prefix}_con.csv", "--units", "ug/m3", "--koh", str(table)]) == 2
    assert "koh.csv:2: toluene: kOH is not a number" in capsys.readouterr().err


def test_age_command_reports_bad_input(tmp_path, capsys):
    p = tmp_path / "x.csv"
    p.write_text("Time,toluene,benzene\n2021-01-01 00:00,1,1\n")
    assert main(["voc", "age", str(p), "--units", "ppb"]) == 2
    assert "m/p-xylene" in capsys.readouterr().err
    assert main(["voc", "age", str(p), "--units", "ppb", "--pair", "a,b,c"]) == 2
    assert "--pair" in capsys.readouterr().err


def test_plots_draw_estimate_truth_and_clipped_marks(tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    times = pd.date_range("2021-07-01", periods=48, freq="h")
    conc = pd.DataFrame({"m/p-xylene": [2.0] * 47 + [3.0], "ethylbenzene": [1.0] * 48}, index=times)
    with pytest.warns(AgeWarning):
        age = estimate_oh_exposure(conc, emission_ratio=2.5)
    truth = pd.Series(1e10, index=times)
    ax = plot_oh_exposure(age, truth=truth, path=tmp_path / "a.png")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["from the pair ratio", "clipped to 0 (1)", "truth"]
    ax = plot_oh_exposure_diurnal(age, truth=truth, path=tmp_path / "b.png")
    assert len(ax.lines) == 2
    assert (tmp_path / "b.png").is_file()
    with pytest.raises(TypeError):
        plot_oh_exposure([1, 2])
