"""TOML configurations of every TOML-driven command, generated from the commands' own schemas:
for every key a value of a wrong type, and values just outside its range or choices; then TOML
syntax errors and unusable files for every command.  Each must fail before any work, naming
the file and the key (or the line)."""

from __future__ import annotations

import datetime

from aqm._config import Key
from aqm.chem.box_config import ATTRIBUTION_SCHEMA, BOX_SCHEMA, ISOPLETH_SCHEMA
from aqm.emis.scenario import _SCHEMAS as SCENARIO_SCHEMAS
from aqm.pmf.cli import SCHEMA as PMF_SCHEMA
from aqm.voc._run_config import SCHEMA as VOC_SCHEMA

from . import Case

PLACEHOLDERS = dict.fromkeys(
    ("conc.csv", "unc.csv", "obs.csv"), "placeholder: never read, validation fails first\n"
)

PMF = {"conc": '"conc.csv"', "unc": '"unc.csv"', "factors": "3", "seed": "1"}
BOX = {"observations": '"obs.csv"', "output_step_s": "600", "output": '"box.nc"'}
ISOPLETH = {"metric": '"max_8h_o3"', "output": '"iso.nc"'}
ATTRIBUTION = {"inventory": '"hangzhou_2020"', "place": '"xiaoshan"', "output": '"att"'}
VOC = {
    "measurements": {"conc": '"conc.csv"', "unc": '"unc.csv"'},
    "pmf": {"factors": "3", "seed": "1"},
    "profiles": {"site": '"x"', "period": '"2021"'},
}
SCENARIO = {
    "scenario": {"name": '"plan"'},
    "measure": {
        "name": '"m1"',
        "sector": '"power"',
        "pollutant": '"NOx"',
        "efficiency": "0.5",
        "penetration_target": "0.9",
    },
    "growth": {"sector": '"power"', "annual_rate": "0.01"},
    "target": {"pollutant": '"NOx"', "change_percent": "-10"},
}

COMMANDS = {
    "pmf run": ["pmf", "run", "--config", "cfg.toml", "--out", "pmf.nc", "--no-progress"],
    "pmf sweep": ["pmf", "sweep", "--config", "cfg.toml", "--factors", "2-3", "--out", "s.nc"],
    "voc run": ["voc", "run", "--config", "cfg.toml", "--out", "voc_out"],
    "box run": ["box", "run", "cfg.toml", "--no-progress"],
    "box isopleth": ["box", "isopleth", "cfg.toml", "--no-progress"],
    "box attribute": ["box", "attribute", "cfg.toml", "--no-progress"],
    "emis apply": ["emis", "apply", "cfg.toml", "--out", "emis_out"],
    "emis speciate --scenario": [
        "emis",
        "speciate",
        "bundled:hangzhou_2020",
        "--scenario",
        "cfg.toml",
        "--out",
        "s.csv",
    ],
}

# TOML literals and the Python types they read as.
LITERALS = [
    ("true", bool),
    ('"text"', str),
    ("1.5", float),
    ("7", int),
    ("[1, 2]", list),
    ("{ a = 1 }", dict),
    ("1979-05-27T07:32:00", datetime.datetime),
]


def _accepts(key: Key, kind: type) -> bool:
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    if kind is bool:
        return bool in kinds
    if kind is int:
        return int in kinds or float in kinds
    return kind in kinds


def _wrong_type(key: Key) -> str:
    return next(text for text, kind in LITERALS if not _accepts(key, kind))


def _number(value: float, as_int: bool) -> str:
    return str(int(value)) if as_int else repr(float(value))


def _out_of_range(key: Key) -> list[tuple[str, str]]:
    """(label, literal) for values just outside the key's limits or choices."""
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    as_int = int in kinds and float not in kinds
    out = []
    if key.item is None and (int in kinds or float in kinds):
        if key.low is not None:
            step = 1 if as_int else max(abs(key.low), 1.0)
            out.append(("below", _number(key.low - step, as_int)))
        if key.high is not None:
            step = 1 if as_int else max(abs(key.high), 1.0)
            out.append(("above", _number(key.high + step, as_int)))
        if float in kinds:
            out.append(("nan", "nan"))
    if key.choices:
        out.append(("unknown choice", '"zzz"'))
    if key.path:
        out.append(("missing file", '"missing.csv"'))
    return out


def _toml_table(header: str, keys: dict[str, str]) -> str:
    return header + "\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())


def _single(
    command: str, table: str, base: dict[str, str], key: str, literal: str, prefix: str = ""
) -> str:
    keys = {**base, key: literal}
    return prefix + _toml_table(f"[{table}]", keys)


def _box_with(sub: str, base: dict[str, str], key: str, literal: str) -> str:
    return _toml_table("[box]", BOX) + _toml_table(f"[box.{sub}]", {**base, key: literal})


def _voc_with(table: str, key: str, literal: str) -> str:
    tables = {name: dict(keys) for name, keys in VOC.items()}
    tables.setdefault(table, {})[key] = literal
    return "".join(_toml_table(f"[{name}]", keys) for name, keys in tables.items())


def _scenario_with(table: str, key: str, literal: str) -> str:
    text = _toml_table(
        "[scenario]", {**SCENARIO["scenario"], **({key: literal} if table == "scenario" else {})}
    )
    for name in ("measure", "growth", "target"):
        keys = {**SCENARIO[name], **({key: literal} if table == name else {})}
        text += _toml_table(f"[[{name}]]", keys)
    return text


def _targets():
    """(command, table label, schema, config maker(key, literal))"""
    yield "pmf run", "[pmf]", PMF_SCHEMA, lambda k, v: _single("pmf", "pmf", PMF, k, v)
    yield "box run", "[box]", BOX_SCHEMA, lambda k, v: _toml_table("[box]", {**BOX, k: v})
    yield (
        "box isopleth",
        "[box.isopleth]",
        ISOPLETH_SCHEMA,
        lambda k, v: _box_with("isopleth", ISOPLETH, k, v),
    )
    yield (
        "box attribute",
        "[box.attribution]",
        ATTRIBUTION_SCHEMA,
        lambda k, v: _box_with("attribution", ATTRIBUTION, k, v),
    )
    for table, schema in VOC_SCHEMA.items():
        yield "voc run", f"[{table}]", schema, lambda k, v, t=table: _voc_with(t, k, v)
    for table, schema in SCENARIO_SCHEMAS.items():
        label = f"[{table}]" if table == "scenario" else table
        yield "emis apply", label, schema, lambda k, v, t=table: _scenario_with(t, k, v)


def _schema_cases() -> list[Case]:
    out = []
    for command, label, schema, make in _targets():
        for key_name, key in schema.items():
            values = [("wrong type", _wrong_type(key)), *_out_of_range(key)]
            for what, literal in values:
                out.append(
                    Case(
                        id=f"config {command} {label} {key_name}: {what} ({literal})",
                        files={**PLACEHOLDERS, "cfg.toml": make(key_name, literal)},
                        argv=COMMANDS[command],
                        words=("cfg.toml", label, key_name),
                    )
                )
    return out


SYNTAX = {
    "unterminated string": ('[t]\nname = "abc\n', ("line 2",)),
    "duplicate key": ("[t]\nx = 1\nx = 2\n", ("line 3",)),
    "bare word value": ("[t]\nx = three\n", ("line 2",)),
    "duplicate table": ("[t]\nx = 1\n[t]\ny = 2\n", ("line 3",)),
    "missing equals": ("[t]\nx 1\n", ("line 2",)),
    "Latin-1 bytes": ('[t]\nsite = "Hangzh\xf4u"\n'.encode("latin-1"), ("line 2",)),
    "NUL byte": (b"[t]\nx = 1\x00\n", ("line 2",)),
}


def _syntax_cases() -> list[Case]:
    out = []
    for command, argv in COMMANDS.items():
        for name, (text, words) in SYNTAX.items():
            out.append(
                Case(
                    id=f"config {command}: {name}",
                    files={**PLACEHOLDERS, "cfg.toml": text},
                    argv=argv,
                    words=("cfg.toml", *words),
                )
            )
        out.append(Case(id=f"config {command}: file missing", argv=argv, words=("cfg.toml",)))
        out.append(
            Case(
                id=f"config {command}: path is a directory",
                files={"cfg.toml/x": ""},
                argv=argv,
                words=("cfg.toml",),
            )
        )
        out.append(
            Case(
                id=f"config {command}: empty file",
                files={"cfg.toml": ""},
                argv=argv,
                words=("cfg.toml",),
            )
        )
    return out


def cases() -> list[Case]:
    return _schema_cases() + _syntax_cases()
