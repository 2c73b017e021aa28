"""aqm.voc.read_measurements: wide VOC exports with units, markers, flags, MDL tables; errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aqm import ParseError, UnitError
from aqm.voc.measurements import MeasurementWarning, read_measurements


def _write(tmp_path, text: str, name: str = "voc.csv", encoding: str = "utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_wide_table_with_units_row_markers_and_missing(tmp_path):
    p = _write(
        tmp_path,
        '\ufeffTime,Toluene,benzene,"m,p-Xylene"\r\n'
        "units,ppb,ppb,ppb\r\n"
        "2021-07-01 00:00,1.5,<MDL,0.8\r\n"
        "2021-07-01 01:00,-999,0.3,<0.05\r\n"
        "2021-07-01 02:00,BDL,,0.7\r\n",
    )
    m = read_measurements(p, mdl={"benzene": 0.04, "toluene": 0.06})
    assert m.species == ["toluene", "benzene", "m/p-xylene"]
    assert list(m.units) == ["ppb", "ppb", "ppb"]
    assert isinstance(m.data.index, pd.DatetimeIndex)
    # <MDL with a known MDL -> MDL/2; <0.05 gives its own limit; -999 and empty are missing.
    assert m.data.at[pd.Timestamp("2021-07-01 00:00"), "benzene"] == pytest.approx(0.02)
    assert m.data.at[pd.Timestamp("2021-07-01 01:00"), "m/p-xylene"] == pytest.approx(0.025)
    assert m.data.at[pd.Timestamp("2021-07-01 02:00"), "toluene"] == pytest.approx(0.03)
    assert np.isnan(m.data.at[pd.Timestamp("2021-07-01 01:00"), "toluene"])
    assert m.flags.at[pd.Timestamp("2021-07-01 01:00"), "toluene"] == "missing"
    assert m.flags.at[pd.Timestamp("2021-07-01 00:00"), "benzene"] == "below_mdl"
    assert m.flags.at[pd.Timestamp("2021-07-01 02:00"), "benzene"] == "missing"
    assert m.mdl["benzene"] == 0.04 and np.isnan(m.mdl["m/p-xylene"])


def test_below_mdl_marker_without_any_mdl_warns_and_is_missing(tmp_path):
    p = _write(tmp_path, "Time,toluene\n2021-07-01 00:00,<MDL\n2021-07-01 01:00,1.0\n")
    with pytest.warns(MeasurementWarning, match="without a known MDL for toluene"):
        m = read_measurements(p, units="ppb")
    assert np.isnan(m.data.iloc[0, 0]) and m.flags.iloc[0, 0] == "below_mdl"


def test_units_from_headers_and_conversion_by_hand(tmp_path):
    p = _write(tmp_path, "Time;toluene (ppb);benzene [ug/m3]\n2021-01-01 00:00;1,0;\n")
    # Semicolon file: ',' is not a decimal separator here -> a parse error naming the cell.
    with pytest.raises(ParseError, match=r"voc.csv:2:2"):
        read_measurements(p)
    p = _write(tmp_path, "Time;toluene (ppb);benzene [ug/m3]\n2021-01-01 00:00;1.0;3.195\n")
    m = read_measurements(p)
    assert dict(m.units) == {"toluene": "ppb", "benzene": "ug m-3"}
    # 1 ppb toluene at 298.15 K, 101325 Pa = 92.141 * 101325 / (8.314462618 * 298.15) * 1e-3
    ug = m.to_ugm3()
    assert ug.data.iloc[0]["toluene"] == pytest.approx(3.7664, rel=1e-4)
    assert ug.data.iloc[0]["benzene"] == pytest.approx(3.195)
    ppb = m.to_ppb(temperature=273.15)
    # benzene 3.195 ug/m3 at 273.15 K: 3.195 * 8.314462618 * 273.15 / (78.114 * 101325) * 1e3
    assert ppb.data.iloc[0]["benzene"] == pytest.approx(0.91669, rel=1e-4)
    assert set(ppb.units) == {"ppb"}


def test_unit_mixes_and_missing_units_are_errors_naming_the_column(tmp_path):
    p = _write(tmp_path, "Time,toluene (ppb),benzene\n2021-01-01 00:00,1,2\n")
    with pytest.raises(UnitError, match=r"voc.csv:1:3: benzene: no unit"):
        read_measurements(p)
    with pytest.raises(UnitError, match=r"voc.csv:1:2: toluene: conflicting units"):
        read_measurements(p, units="ug/m3")
    with pytest.raises(UnitError, match="unknown unit 'ppm'"):
        read_measurements(p, units="ppm")


def test_unknown_species_error_or_keep(tmp_path):
    p = _write(tmp_path, "Time,toluene,freon-113\n2021-01-01 00:00,1,2\n")
    with pytest.raises(KeyError, match=r"voc.csv:1:3: unknown species 'freon-113'"):
        read_measurements(p, units="ppb")
    with pytest.warns(MeasurementWarning, match="freon-113"):
        m = read_measurements(p, units="ppb", unknown="keep")
    assert m.species == ["toluene", "freon-113"]
    with pytest.raises(UnitError, match="freon-113"):
        m.to_ugm3()


def test_flag_columns_row_and_species_flags(tmp_path):
    p = _write(
        tmp_path,
        "Time,toluene,toluene_flag,benzene,QC\n"
        "2021-01-01 00:00,1.0,V,2.0,\n"
        "2021-01-01 01:00,1.1,I,2.1,\n"
        "2021-01-01 02:00,1.2,,2.2,C\n",
    )
    m = read_measurements(p, units="ppb", invalid_flags=["I", "c"])
    assert m.species == ["toluene", "benzene"]
    assert m.flags["toluene"].tolist() == ["V", "I", "C"]
    assert m.flags["benzene"].tolist() == ["", "", "C"]
    assert np.isnan(m.data["toluene"].iloc[1]) and np.isnan(m.data["benzene"].iloc[2])
    assert m.data["toluene"].iloc[0] == 1.0


def test_mdl_table_file_errors_name_file_and_line(tmp_path):
    data = _write(tmp_path, "Time,toluene\n2021-01-01 00:00,0.01\n")
    good = _write(tmp_path, "species,MDL,unit\nToluene,0.02,ppb\n", "mdl.csv")
    m = read_measurements(data, units="ppb", mdl=good)
    assert m.mdl["toluene"] == 0.02
    assert m.flags.iloc[0, 0] == "below_mdl"  # a number under the MDL is kept but flagged
    assert m.data.iloc[0, 0] == 0.01
    bad = _write(tmp_path, "species,MDL\ntoluene,0.02\nkryptonite,1\n", "bad.csv")
    with pytest.raises(KeyError, match=r"bad.csv:3: unknown species 'kryptonite'"):
        read_measurements(data, units="ppb", mdl=bad)
    bad.write_text("species,MDL\ntoluene,low\n")
    with pytest.raises(ParseError, match=r"bad.csv:2: toluene: MDL is not a number"):
        read_measurements(data, units="ppb", mdl=bad)
    bad.write_text("species,MDL,unit\ntoluene,0.02,ug/m3\n")
    with pytest.raises(UnitError, match=r"bad.csv:2: toluene: MDL unit"):
        read_measurements(data, units="ppb", mdl=bad)


def test_bad_times_and_duplicate_species(tmp_path):
    p = _write(tmp_path, "Time,toluene\n2021-01-01 00:00,1\nyesterday,2\n")
    with pytest.raises(ParseError, match="'yesterday' is not a date-time"):
        read_measurements(p, units="ppb")
    p = _write(tmp_path, "Time,toluene,methylbenzene\n2021-01-01 00:00,1,1\n")
    with pytest.raises(ValueError, match="same species as column 2"):
        read_measurements(p, units="ppb", table=_table_with_alias())
    p = _write(tmp_path, "Time,toluene\n2021-01-01 00:00,abc\n")
    with pytest.raises(ParseError, match=r"voc.csv:2:2"):
        read_measurements(p, units="ppb")
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        read_measurements(tmp_path / "nope.csv", units="ppb")


def _table_with_alias():
    from aqm.chem.voc import VocTable

    frame = VocTable.load().frame.reset_index(drop=True)
    frame.loc[frame["name"] == "toluene", "aliases"] = "methylbenzene"
    return VocTable(frame)


def test_simulated_files_read_back_through_the_reader(tmp_path):
    from aqm.voc import simulate

    d = simulate(pd.date_range("2021-07-01", periods=48, freq="h"), seed=2)
    d.to_csv(tmp_path / "s")
    m = read_measurements(tmp_path / "s_con.csv", units="ug/m3", mdl=d.mdl)
    assert m.species == d.species
    assert np.allclose(m.data, d.conc, rtol=1e-3, equal_nan=True)
