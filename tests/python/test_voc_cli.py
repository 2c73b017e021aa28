"""`aqm voc identify` / `aqm voc profiles` end to end, and the identification plots (Agg)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aqm import voc
from aqm.cli import main
from aqm.voc.reference import load_reference_profiles

# species in no marker rule, so only the profile scores can name a factor
NO_MARKERS = ["n-hexane", "cyclohexane", "2-methylpentane", "3-methylpentane", "n-heptane"]
CODES = {
    "8856": "lpg_ng",
    "8762": "gasoline_evaporation",
    "8861": "petrochemical",
    "8751a": "vehicle_exhaust",
}


def factors_csv(path, seed=0, scale=1.0):
    """Perturbed (10 %) SPECIATE profiles as a factor x species CSV in mass units."""
    lib = load_reference_profiles()
    rng = np.random.default_rng(seed)
    rows = {}
    for i, code in enumerate(CODES, start=1):
        prof = lib[lib["profile_code"] == code].set_index("species")["weight_percent"]
        rows[f"Factor {i}"] = prof * np.clip(1 + 0.1 * rng.standard_normal(len(prof)), 0, None)
    frame = pd.DataFrame(rows).T.fillna(0.0) * scale
    frame.index.name = "factor"
    frame.to_csv(path)
    return frame


def test_cli_identify(tmp_path, capsys):
    src = tmp_path / "factors.csv"
    factors_csv(src)
    out, png = tmp_path / "cand.csv", tmp_path / "ident.png"
    assert main(["voc", "identify", str(src), "--out", str(out), "--plot", str(png)]) == 0
    text = capsys.readouterr().out
    for name in CODES.values():
        assert name in text
    cand = pd.read_csv(out)
    top = cand[cand["rank"] == 1].set_index("factor")["profile_code"].astype(str)
    assert top.to_dict() == {f"Factor {i}": c for i, c in enumerate(CODES, start=1)}
    assert png.stat().st_size > 1000


def test_cli_profiles_build_show_compare(tmp_path, capsys):
    src = tmp_path / "factors.csv"
    factors_csv(src)
    lib_dir = tmp_path / "libs"
    lib_dir.mkdir()
    args = [
        "voc",
        "profiles",
        str(src),
        "--site",
        "Hangzhou",
        "--period",
        "2021",
        "--out",
        str(lib_dir),
    ]
    assert main(args) == 0
    first = lib_dir / "Hangzhou_1.0.0.csv"
    assert first.is_file()
    # new factors under the same version are refused; under 1.1.0 they are written
    factors_csv(src, seed=5)
    assert main(args) == 2
    assert "already holds different profiles" in capsys.readouterr().err
    assert main(args + ["--version", "1.1.0"]) == 0
    second = lib_dir / "Hangzhou_1.1.0.csv"
    capsys.readouterr()
    assert main(["voc", "profiles", "--compare", str(first), str(second)]) == 0
    text = capsys.readouterr().out
    assert "1.0.0" in text and "1.1.0" in text and "lpg_ng" in text
    assert main(["voc", "profiles", "--show", str(second)]) == 0
    assert "concentrations: observed" in capsys.readouterr().out
    # a factor that matches nothing: a warning line on stderr, not a traceback
    bad = tmp_path / "bad.csv"
    pd.DataFrame(
        [[0, 0, 1, 9, 0], [5, 60, 30, 0.1, 0.1]],
        index=pd.Index(["Factor 1", "Factor 2"], name="factor"),
        columns=NO_MARKERS,
    ).to_csv(bad)
    assert main(["voc", "identify", str(bad), "--library", str(_one_profile(tmp_path))]) == 0
    assert "aqm voc: warning: Factor 1: no library profile" in capsys.readouterr().err
    assert main(["voc", "profiles", str(src), "--out", str(lib_dir)]) == 2
    assert "needs FACTORS, --site, --period and --out" in capsys.readouterr().err


def _one_profile(tmp_path):
    path = tmp_path / "one.csv"
    rows = "".join(f"x,L,{s},{w}\n" for s, w in zip(NO_MARKERS, [5, 60, 30, 0.1, 0.1]))
    path.write_text("source_type,profile_code,species,weight_percent\n" + rows)
    return path


def test_plots_draw_what_they_claim(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from aqm.voc.plots import plot_factor_vs_reference, plot_identification

    frame = factors_csv(tmp_path / "f.csv")
    ident = voc.identify(frame)
    ax = plot_identification(ident, top=2)
    xs = np.concatenate([c.get_offsets()[:, 0] for c in ax.collections])
    assert len(xs) == 2 * len(CODES)
    box = ax.patches[0]
    assert (box.get_width(), box.get_height()) == (1.0, 0.4)
    ax2 = plot_factor_vs_reference(ident, "Factor 1")
    heights = [p.get_height() for p in ax2.patches]
    half = len(heights) // 2
    assert sum(heights[:half]) == pytest.approx(100.0)
    assert sum(heights[half:]) == pytest.approx(100.0)
    with pytest.raises(KeyError, match="not a profile code"):
        plot_factor_vs_reference(ident, "Factor 1", "nope")
    plt.close("all")
