"""Task results in compact form: the Datasets of tasks with one layout, stacked per variable.

A worker packs the results of a chunk before sending them: a few stacked numpy arrays pickle at
memory speed, where an xarray Dataset costs 0.2-0.5 ms each way per task.  A variable with the
same bytes in every task of a pack (a PMF fit's input data, 40 % of its result) travels once.
The gathering side then builds one Dataset per layout, never one per task.  Packing, merging
and unpacking give the same Dataset however the tasks were split into chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Packed", "merge", "pack", "unpack"]


@dataclass
class Packed:
    """Results of tasks ``indices`` (ascending) with one ``layout``: ``values[k]`` stacks the
    k-th non-index variable of every task along a new first axis, or holds it once (first
    axis of length 1) when ``constant[k]``: the same bytes in every task.

    ``layout`` is hashable: (name, dims, shape, dtype) of every variable and the labels of
    every index.  ``names``, ``dims``, ``index_vars`` (the labels with their attrs),
    ``var_attrs`` and ``is_coord`` come from the lowest task; ``attrs`` are the Dataset attrs
    equal in every task.
    """

    layout: tuple
    indices: list[int]
    names: list[str]
    dims: list[tuple]
    values: list[np.ndarray]
    constant: list[bool]
    index_vars: dict[str, tuple[np.ndarray, dict]]
    var_attrs: list[dict]
    is_coord: list[bool]
    attrs: dict


def _labels_key(index: Any) -> Any:
    """Hashable labels of a pandas index (bytes when numeric: no Python object per label)."""
    values = index.values
    if isinstance(values, np.ndarray) and not values.dtype.hasobject:
        return values.dtype.str, values.tobytes()
    return tuple(index.tolist())


def _layout(ds: Any) -> tuple[tuple, list[str], list[np.ndarray]]:
    """The layout key of ``ds``, and the names and values of its non-index variables."""
    indexes = ds.indexes
    names, arrays, key = [], [], []
    for name, var in ds.variables.items():
        if name not in indexes:
            values = var.values
            names.append(name)
            arrays.append(values)
            key.append((name, var.dims, values.shape, values.dtype.str))
    key.extend((name, _labels_key(index)) for name, index in indexes.items())
    return tuple(key), names, arrays


def _common_attrs(first: dict, others: Iterable[dict]) -> dict:
    attrs = dict(first)
    for other in others:
        for key in [k for k in attrs if not _equal(other.get(k), attrs[k])]:
            del attrs[key]
    return attrs


def _equal(a: Any, b: Any) -> bool:
    if type(a) is type(b) and type(a) in (str, int, float):  # most attrs: no numpy call
        return bool(a == b)
    try:
        return bool(np.all(a == b))
    except (TypeError, ValueError):
        return False


def _stacked(arrays: Sequence[np.ndarray]) -> tuple[np.ndarray, bool]:
    """``arrays`` along a new first axis, or the first alone when all have its bytes."""
    first = arrays[0]
    if not first.dtype.hasobject:
        data = first.tobytes()
        if all(a.tobytes() == data for a in arrays[1:]):
            return first[None], True
    return np.stack(arrays), False


def pack(results: Sequence[tuple[int, Any]]) -> list[Packed]:
    """The Datasets of ``results`` ((task index, Dataset) in ascending index order), packed by
    layout."""
    groups: dict[tuple, list[tuple[int, Any, list[str], list[np.ndarray]]]] = {}
    for index, ds in results:
        key, names, arrays = _layout(ds)
        groups.setdefault(key, []).append((index, ds, names, arrays))
    packs = []
    for key, group in groups.items():
        _, first, names, _ = group[0]
        variables = [first.variables[n] for n in names]
        stacked = [_stacked([arrays[k] for _, _, _, arrays in group]) for k in range(len(names))]
        packs.append(
            Packed(
                layout=key,
                indices=[entry[0] for entry in group],
                names=names,
                dims=[v.dims for v in variables],
                values=[values for values, _ in stacked],
                constant=[same for _, same in stacked],
                index_vars={
                    n: (first.variables[n].values, dict(first.variables[n].attrs))
                    for n in first.indexes
                },
                var_attrs=[dict(v.attrs) for v in variables],
                is_coord=[n in first.coords for n in names],
                attrs=_common_attrs(first.attrs, (entry[1].attrs for entry in group[1:])),
            )
        )
    return packs


def _joined(group: Sequence[Packed], k: int) -> tuple[np.ndarray, bool]:
    """Variable ``k`` of the packs in ``group`` (ascending tasks) as one pack's."""
    parts = [p.values[k] for p in group]
    if all(p.constant[k] for p in group):
        data = parts[0].tobytes()
        if all(v.tobytes() == data for v in parts[1:]):
            return parts[0], True
    return np.concatenate(
        [np.broadcast_to(v, (len(p.indices), *v.shape[1:])) for p, v in zip(group, parts)]
    ), False


def merge(packs: Iterable[Packed]) -> list[Packed]:
    """Packs of the same layout joined into one (tasks in ascending order), in the order of
    each layout's lowest task."""
    groups: dict[tuple, list[Packed]] = {}
    for p in packs:
        groups.setdefault(p.layout, []).append(p)
    merged = []
    for group in groups.values():
        group.sort(key=lambda p: p.indices[0])
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        indices = np.concatenate([p.indices for p in group])
        joined = [_joined(group, k) for k in range(len(first.values))]
        values = [v for v, _ in joined]
        if np.any(np.diff(indices) < 0):  # chunks of interleaved layouts
            order = np.argsort(indices, kind="stable")
            indices = indices[order]
            values = [v if same else v[order] for v, (_, same) in zip(values, joined)]
        merged.append(
            Packed(
                first.layout,
                indices.tolist(),
                first.names,
                first.dims,
                values,
                [same for _, same in joined],
                first.index_vars,
                first.var_attrs,
                first.is_coord,
                _common_attrs(first.attrs, (p.attrs for p in group[1:])),
            )
        )
    merged.sort(key=lambda p: p.indices[0])
    return merged


def unpack(p: Packed) -> Any:
    """One Dataset of the pack's tasks along ``task`` (the task indices); a variable with the
    same bytes in every task is a read-only view of one copy (``.copy()`` to write to it)."""
    import xarray as xr

    coords: dict[str, Any] = {
        name: xr.Variable((name,), values, attrs) for name, (values, attrs) in p.index_vars.items()
    }
    coords["task"] = p.indices
    data_vars = {}
    n = len(p.indices)
    for name, dims, values, same, attrs, is_coord in zip(
        p.names, p.dims, p.values, p.constant, p.var_attrs, p.is_coord
    ):
        # equal in every task: a read-only view of one copy (as xarray's expand_dims gives)
        full = np.broadcast_to(values, (n, *values.shape[1:])) if same else values
        var = xr.Variable(("task", *dims), full, attrs)
        (coords if is_coord else data_vars)[name] = var
    return xr.Dataset(data_vars, coords=coords, attrs=p.attrs)
