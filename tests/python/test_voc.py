"""Tests of aqm.chem.voc against hand-computed values and outside tables.

Hand calculations (done outside the code under test):

- MW(toluene, C7H8) = 7 x 12.011 + 8 x 1.008 = 92.141 g mol-1.
- Molar volume at 298.15 K, 101325 Pa: V = R T / P = 8.314462618 x 298.15 / 101325
  = 24.4654 L mol-1, so 1 ppb toluene = 92.141 / 24.4654 = 3.766175 ug m-3.
  At 273.15 K: V = 22.4140 L mol-1, 1 ppb toluene = 4.110874 ug m-3.
- Number density at 298.15 K, 101325 Pa: P / (k_B T) = 2.461492e19 cm-3, so
  1 ppb = 2.461492e10 molecule cm-3.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

import aqm
from aqm.chem import (
    MissingCoefficientWarning,
    VocTable,
    ofp,
    oh_reactivity,
    soa_potential,
    to_mechanism,
)

PPB_298 = 2.461492e10  # molecule cm-3 per ppb at 298.15 K, 1 atm (hand-computed above)
TOLUENE_UG_PER_PPB_298 = 3.766175
TOLUENE_UG_PER_PPB_273 = 4.110874

# The 56 PAMS target hydrocarbons (EPA Photochemical Assessment Monitoring Stations)
PAMS = [
    "ethylene",
    "acetylene",
    "ethane",
    "propylene",
    "propane",
    "isobutane",
    "1-butene",
    "n-butane",
    "trans-2-butene",
    "cis-2-butene",
    "isopentane",
    "1-pentene",
    "n-pentane",
    "isoprene",
    "trans-2-pentene",
    "cis-2-pentene",
    "2,2-dimethylbutane",
    "cyclopentane",
    "2,3-dimethylbutane",
    "2-methylpentane",
    "3-methylpentane",
    "2-methyl-1-pentene",
    "n-hexane",
    "methylcyclopentane",
    "2,4-dimethylpentane",
    "benzene",
    "cyclohexane",
    "2-methylhexane",
    "2,3-dimethylpentane",
    "3-methylhexane",
    "2,2,4-trimethylpentane",
    "n-heptane",
    "methylcyclohexane",
    "2,3,4-trimethylpentane",
    "toluene",
    "2-methylheptane",
    "3-methylheptane",
    "n-octane",
    "ethylbenzene",
    "m/p-xylene",
    "styrene",
    "o-xylene",
    "n-nonane",
    "isopropylbenzene",
    "n-propylbenzene",
    "m-ethyltoluene",
    "p-ethyltoluene",
    "1,3,5-trimethylbenzene",
    "o-ethyltoluene",
    "1,2,4-trimethylbenzene",
    "n-decane",
    "1,2,3-trimethylbenzene",
    "m-diethylbenzene",
    "p-diethylbenzene",
    "n-undecane",
    "n-dodecane",
]


@pytest.fixture(scope="module")
def table() -> VocTable:
    return VocTable.load()


# ----------------------------------------------------------------------------- the table
def test_table_covers_pams_and_common_ovocs(table):
    assert len(PAMS) == 56
    for name in PAMS + [
        "formaldehyde",
        "acetaldehyde",
        "acetone",
        "methanol",
        "ethanol",
        "MEK",
        "MVK",
        "methacrolein",
        "glyoxal",
        "methylglyoxal",
    ]:
        assert name in table, name


def test_mir_matches_reference_table(table):
    # ../shared/reference/chemistry.md section 4.4 (SAPRC-07 MIR, Carter 2010 as quoted there)
    ref = {
        "ethane": 0.28,
        "propane": 0.49,
        "n-butane": 1.15,
        "isobutane": 1.23,
        "n-pentane": 1.31,
        "isopentane": 1.45,
        "n-hexane": 1.24,
        "acetylene": 0.95,
        "acetone": 0.36,
        "ethene": 9.00,
        "propene": 11.66,
        "1-butene": 9.73,
        "t-2-butene": 15.16,
        "c-2-butene": 14.24,
        "1,3-butadiene": 12.61,
        "isoprene": 10.61,
        "acetaldehyde": 6.54,
        "ethanol": 1.53,
        "benzene": 0.72,
        "toluene": 4.00,
        "ethylbenzene": 3.04,
        "m/p-xylene": 7.80,
        "o-xylene": 7.64,
        "styrene": 1.73,
        "1,2,4-TMB": 8.87,
        "1,3,5-TMB": 11.76,
        "1,2,3-TMB": 11.97,
    }
    for name, mir in ref.items():
        assert table.lookup(name)["mir"] == pytest.approx(mir, abs=1e-9), name


def test_soap_matches_reference_table(table):
    # chemistry.md section 4.5 (Derwent et al. 2010 SOAP, toluene = 100)
    ref = {
        "benzene": 92.9,
        "toluene": 100,
        "ethylbenzene": 111.6,
        "o-xylene": 95.5,
        "styrene": 212.3,
        "isoprene": 1.9,
        "1,2,4-TMB": 20.6,
        "1,3,5-TMB": 13.5,
    }
    for name, soap in ref.items():
        assert table.lookup(name)["soap"] == pytest.approx(soap, abs=1e-9), name


def test_koh_agrees_with_cb6r3_explicit_species(table):
    # k(298 K, 1 atm) printed in CMAQ's cb6r3_ae7_aq table for the explicit model species
    cmaq = {
        "ethane": 2.4111e-13,
        "propane": 1.0683e-12,
        "benzene": 1.2161e-12,
        "toluene": 5.6302e-12,
        "isoprene": 9.9873e-11,
        "methanol": 8.9600e-13,
        "ethanol": 3.2081e-12,
        "formaldehyde": 8.4926e-12,
        "acetaldehyde": 1.4950e-11,
        "acetone": 1.7589e-13,
        "acetylene": 7.5233e-13,
        "glyoxal": 9.6965e-12,
        "methylglyoxal": 1.3071e-11,
    }
    for name, k in cmaq.items():
        assert table.lookup(name)["koh_298"] == pytest.approx(k, rel=0.05), name


def test_every_value_has_a_reference_and_valid_cas(table):
    df = table.frame
    for col, ref in (
        ("mir", "mir_ref"),
        ("koh_298", "koh_ref"),
        ("soap", "soap_ref"),
        ("fac", "fac_ref"),
    ):
        has_value = df[col].notna()
        has_ref = df[ref] != ""
        assert (has_value == has_ref).all(), col
    for cas in df["cas"]:
        if not cas:
            continue
        body, check = cas.rsplit("-", 1)
        digits = body.replace("-", "")[::-1]
        assert sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 == int(check), cas
    assert set(df["group"]) <= {
        "alkane",
        "alkene",
        "aromatic",
        "alkyne",
        "OVOC",
        "halocarbon",
        "biogenic",
        "other",
    }


def test_molecular_weights_from_formula(table):
    w = {"C": 12.011, "H": 1.008, "N": 14.007, "O": 15.999, "Cl": 35.45, "Br": 79.904}
    for name, row in table.frame.iterrows():
        mw = sum(w[el] * int(n or 1) for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", row.formula))
        assert row.mw == pytest.approx(mw, abs=0.006), name
    assert table.lookup("toluene")["mw"] == pytest.approx(92.141, abs=1e-9)


def test_cb6_mapping_uses_only_mechanism_species(table):
    spc = (ROOT / "data" / "mechanisms" / "cb6_aqm.spc").read_text()
    declared = set(re.findall(r"^([A-Z][A-Z0-9_]*)\s*=", spc, flags=re.M))
    for name, row in table.frame.iterrows():
        if row.cb6 in ("", "NR"):
            continue
        for term in row.cb6.split(";"):
            assert term.split(":")[0] in declared, (name, term)


# ----------------------------------------------------------------------------- lookup
def test_lookup_by_name_alias_cas_case_insensitive(table):
    assert table.resolve("TOLUENE") == "toluene"
    assert table.resolve("108-88-3") == "toluene"
    assert table.resolve("Methylbenzene") == "toluene"
    assert table.resolve("M_P Xylene") == "m/p-xylene"
    assert table.resolve("m,p-Xylene") == "m/p-xylene"
    assert table.resolve("124-Trimethylbenzene") == "1,2,4-trimethylbenzene"
    assert table.resolve("Propylene") == table.resolve("propene") == "propylene"
    assert table.resolve("MEK") == "methyl ethyl ketone"
    with pytest.raises(KeyError, match="unobtainium"):
        table.lookup("unobtainium")
    with pytest.raises(KeyError):
        table.resolve("--")


def test_baton_rouge_pams_columns_resolve(table, epa_pmf):
    header = (epa_pmf / "Dataset-BatonRouge-con.csv").read_text().splitlines()[0]
    columns = [c.strip() for c in header.split(",")][1:]
    unknown = [c for c in columns if c not in table]
    assert unknown == ["Unidentified", "TNMOC"]
    assert table.resolve("M-Ethyltoluene") == "m-ethyltoluene"
    assert table.resolve("Isopropylbenzene") == "isopropylbenzene"


# ----------------------------------------------------------------------------- OFP
def test_ofp_of_10_ugm3_toluene_is_10_times_mir():
    result = ofp({"toluene": 10.0})
    assert result["toluene"] == pytest.approx(10.0 * 4.00, rel=1e-12)
    assert result.attrs["units"] == "ug m-3 O3"


def test_ofp_from_ppb_converts_at_t_and_p(table):
    result = table.ofp({"toluene": 1.0}, unit="ppb")
    assert result["toluene"] == pytest.approx(4.00 * TOLUENE_UG_PER_PPB_298, rel=1e-6)
    cold = table.ofp({"toluene": 1.0}, unit="ppb", temp=273.15)
    assert cold["toluene"] == pytest.approx(4.00 * TOLUENE_UG_PER_PPB_273, rel=1e-6)


def test_mir_of_the_species_the_simulated_sources_carry(table):
    # Carter (2010) MIR, g O3 / g VOC, as tabulated there (checked against foqat's copy):
    # the species issue 11 found missing, and a negative MIR (a NOx sink) kept negative.
    carter = {
        "methyl ethyl ketone": 1.48,
        "isobutene": 6.29,
        "2-methyl-1-butene": 6.40,
        "3-methyl-1-butene": 6.99,
        "2-methyl-2-butene": 14.08,
        "2,3-dimethylhexane": 1.19,
        "2,4-dimethylhexane": 1.73,
        "2,5-dimethylhexane": 1.46,
        "formaldehyde": 9.46,
        "benzaldehyde": -0.67,
    }
    result = table.ofp(dict.fromkeys(carter, 1.0), unit="ug/m3")
    for name, mir in carter.items():
        assert result[name] == pytest.approx(mir), name


def test_ofp_dataframe_one_row_per_sample(table):
    conc = pd.DataFrame(
        {"Ethylene": [1.0, 2.0], "Benzene": [10.0, 0.0]},
        index=pd.Index(["s1", "s2"], name="sample"),
    )
    result = table.ofp(conc)
    expected = pd.DataFrame({"Ethylene": [9.0, 18.0], "Benzene": [7.2, 0.0]}, index=conc.index)
    pd.testing.assert_frame_equal(result, expected)
    assert result.sum(axis=1).tolist() == pytest.approx([16.2, 18.0])


def test_missing_mir_warns_and_gives_nan(table):
    with pytest.warns(MissingCoefficientWarning, match="acetonitrile"):
        result = table.ofp({"acetonitrile": 5.0, "toluene": 1.0})
    assert math.isnan(result["acetonitrile"])
    assert result["toluene"] == pytest.approx(4.0)
    assert result.sum() == pytest.approx(4.0)  # pandas skips the NaN in totals


def test_bad_input_errors(table):
    with pytest.raises(KeyError, match="unobtainium"):
        table.ofp({"unobtainium": 1.0})
    with pytest.raises(ValueError, match="toluene"):
        table.ofp({"toluene": -1.0})
    with pytest.raises(ValueError, match="Ethylene"):
        table.ofp({"ethene": 1.0, "Ethylene": 2.0})
    with pytest.raises(aqm.UnitError, match="furlongs"):
        table.ofp({"toluene": 1.0}, unit="furlongs")
    with pytest.raises(ValueError, match="temp"):
        table.ofp({"toluene": 1.0}, unit="ppb", temp=-5.0)
    with pytest.raises(ValueError, match="pressure"):
        table.oh_reactivity({"toluene": 1.0}, pressure=0.0)
    with pytest.raises(ValueError, match="method"):
        table.soa_potential({"toluene": 1.0}, method="magic")


def test_nan_concentrations_propagate(table):
    result = table.ofp({"toluene": float("nan"), "benzene": 1.0})
    assert math.isnan(result["toluene"]) and result["benzene"] == pytest.approx(0.72)


# ----------------------------------------------------------------------------- OH reactivity
def test_oh_reactivity_of_1_ppb_isoprene():
    result = oh_reactivity({"isoprene": 1.0}, unit="ppb")
    # k = 1.0e-10 cm3 s-1 (Atkinson & Arey 2003) x 2.461492e10 cm-3
    assert result["isoprene"] == pytest.approx(1.0e-10 * PPB_298, rel=1e-6)
    assert result.attrs["units"] == "s-1"


def test_oh_reactivity_from_number_density_and_mass(table):
    r = table.oh_reactivity({"toluene": 1.0e10}, unit="molec_cm3")
    assert r["toluene"] == pytest.approx(5.63e-12 * 1.0e10, rel=1e-12)
    # 3.766175 ug m-3 toluene is 1 ppb at 298.15 K
    r = table.oh_reactivity({"toluene": TOLUENE_UG_PER_PPB_298}, unit="ugm3")
    assert r["toluene"] == pytest.approx(5.63e-12 * PPB_298, rel=1e-6)


def test_conversion_round_trip(table):
    ug = table.convert({"toluene": 1.0}, unit="ppb", to="ugm3")
    assert ug["toluene"] == pytest.approx(TOLUENE_UG_PER_PPB_298, rel=1e-6)
    back = table.convert(ug, unit="ugm3", to="molec_cm3")
    assert back["toluene"] == pytest.approx(PPB_298, rel=1e-6)


# ----------------------------------------------------------------------------- SOA potential
def test_soap_is_toluene_equivalent_mass():
    result = soa_potential({"benzene": 10.0, "toluene": 10.0})
    assert result["benzene"] == pytest.approx(9.29, rel=1e-12)
    assert result["toluene"] == pytest.approx(10.0, rel=1e-12)


def test_fac_method_with_a_known_table(tmp_path, table):
    df = table.frame.reset_index(drop=True)
    df.loc[df["name"] == "toluene", ["fac", "fac_ref"]] = [5.4, "test value"]
    path = tmp_path / "voc.csv"
    df.to_csv(path, index=False)
    custom = VocTable.from_csv(path)
    # SOA = C0 x FAC/100, C0 = C / (1 - F): 10 / 0.5 x 0.054 = 1.08
    result = custom.soa_potential({"toluene": 10.0}, method="fac", fraction_reacted=0.5)
    assert result["toluene"] == pytest.approx(1.08, rel=1e-12)
    result = custom.soa_potential({"toluene": 10.0}, method="fac")
    assert result["toluene"] == pytest.approx(0.54, rel=1e-12)
    with pytest.raises(ValueError, match="fraction_reacted"):
        custom.soa_potential({"toluene": 10.0}, method="fac", fraction_reacted=1.0)
    with pytest.warns(MissingCoefficientWarning, match="benzene"):
        out = custom.soa_potential({"benzene": 1.0}, method="fac")
    assert math.isnan(out["benzene"])


# ----------------------------------------------------------------------------- mechanism
def test_to_mechanism_lumps_mole_per_mole():
    conc = {"n-pentane": 1.0, "propene": 2.0, "toluene": 0.5, "PCE": 3.0, "ethane": 4.0}
    result = to_mechanism(conc, unit="ppb")
    # n-pentane -> 5 PAR; propene -> OLE + PAR; toluene -> TOL; ethane -> ETHA; PCE not in CB6
    expected = pd.Series({"ETHA": 4.0, "OLE": 2.0, "PAR": 7.0, "TOL": 0.5})
    pd.testing.assert_series_equal(result, expected, check_names=False)
    assert result.attrs["units"] == "ppb"


def test_to_mechanism_from_mass_and_unmapped_warning(table):
    conc = pd.DataFrame({"toluene": [TOLUENE_UG_PER_PPB_298], "ethylene glycol": [1.0]})
    with pytest.warns(MissingCoefficientWarning, match="ethylene glycol"):
        result = table.to_mechanism(conc, unit="ugm3")
    assert list(result.columns) == ["TOL"]
    assert result["TOL"].iloc[0] == pytest.approx(1.0, rel=1e-6)


def test_malformed_table_names_file_line_and_column(tmp_path, table):
    df = table.frame.reset_index(drop=True)
    df["mir"] = df["mir"].astype(object)
    df.loc[1, "mir"] = "lots"
    path = tmp_path / "bad.csv"
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"bad\.csv:3: mir: not a number"):
        VocTable.from_csv(path)
    df = table.frame.reset_index(drop=True)
    df.loc[0, "cb6"] = "PAR"
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"bad\.csv:2: cb6"):
        VocTable.from_csv(path)
    with pytest.raises(FileNotFoundError):
        VocTable.from_csv(tmp_path / "absent.csv")
    df = table.frame.reset_index(drop=True)
    df.loc[1, "aliases"] = "ethane"
    df.to_csv(path, index=False)
    with pytest.raises(ValueError, match="ambiguous"):
        VocTable.from_csv(path)
    assert np.isfinite(table.lookup("toluene")["koh_298"])


def test_csv_is_what_the_builder_writes(tmp_path, monkeypatch):
    import importlib.util

    path = ROOT / "data" / "voc" / "build_voc_table.py"
    spec = importlib.util.spec_from_file_location("build_voc_table", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path / "voc_species.csv")
    build.main()
    committed = (ROOT / "data" / "voc" / "voc_species.csv").read_text()
    assert (tmp_path / "voc_species.csv").read_text() == committed
