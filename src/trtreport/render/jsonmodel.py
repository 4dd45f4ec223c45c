"""Write the report model as the ``--json`` document (schema in ``docs/model-schema.md``).

The document is the :class:`~trtreport.model.Report` itself, field for field: dataclasses
become objects, tuples become arrays, and ordered key/value lists (fields typed ``Pairs``)
become objects, so that ``jq '.device["Selected Device"]'`` works (a key the log repeats is kept
as ``key #2``). Keys are sorted and separators compact (``jq .`` pretty-prints it); the bytes
depend only on the model.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from trtreport.model import Report

_FIELDS: dict[type, tuple[tuple[str, bool], ...] | None] = {}


def _fields_of(cls: type) -> tuple[tuple[str, bool], ...] | None:
    """``(name, is_pairs)`` of each field of a dataclass type, or ``None`` for other types."""
    if cls not in _FIELDS:
        _FIELDS[cls] = (
            tuple(
                (f.name, f.type == "Pairs")
                for f in dataclasses.fields(cls)
                if f.metadata.get("json", True)  # a stage's working field stays out
            )
            if dataclasses.is_dataclass(cls)
            else None
        )
    return _FIELDS[cls]


def to_jsonable(value: object) -> Any:
    """Convert a model value (dataclass, tuple, scalar) into plain JSON data."""
    fields = _fields_of(type(value))
    if fields is not None:
        out: dict[str, Any] = {}
        for name, is_pairs in fields:
            item = getattr(value, name)
            out[name] = pairs_object(item) if is_pairs else to_jsonable(item)
        return out
    if isinstance(value, (tuple, list)):
        return [to_jsonable(item) for item in value]
    return value


def pairs_object(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Ordered pairs as an object; a key the log repeats is kept as ``key #2``, ``key #3``...

    Logs repeat keys on purpose: ``Total Activation Memory`` is printed once for the
    builder's tactic selection and once for the engine, so neither value may be dropped.
    """
    out: dict[str, str] = {}
    seen: dict[str, int] = {}
    for key, text in pairs:
        seen[key] = seen.get(key, 0) + 1
        out[key if seen[key] == 1 else f"{key} #{seen[key]}"] = text
    return out


def report_to_json(report: Report) -> str:
    """The ``--json`` document: the whole model, sorted keys, ending with a newline."""
    return "".join(report_json_chunks(report))


def report_json_chunks(report: Report) -> Iterator[str]:
    """The ``--json`` document of :func:`report_to_json`, byte for byte, in pieces.

    The model is walked as it is written: its objects and lists down to :data:`_STREAM_DEPTH`
    levels are opened and closed here, and each value below is converted and encoded on its
    own, so that writing a 20,000-layer engine's model holds one layer's JSON at a time, never
    the whole document nor a plain-data copy of the whole model."""
    yield from _chunks(report, _STREAM_DEPTH)
    yield "\n"


_STREAM_DEPTH = 3
"""Levels of the document written piece by piece (the report, its lists, their entries)."""


def _encode(value: object) -> str:
    """One value as compact JSON with sorted keys (json's C encoder: no ``indent``)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _chunks(value: object, depth: int) -> Iterator[str]:
    """``_encode(to_jsonable(value))``, in pieces down to ``depth`` levels.

    A dataclass is written as an object of its fields in sorted order (as ``sort_keys``
    orders them), a non-empty tuple or list as an array; an empty one, and everything below
    ``depth``, as :func:`_encode` writes its plain-data form."""
    if not depth:
        yield _encode(to_jsonable(value))
        return
    fields = _fields_of(type(value))
    if fields:
        for i, (name, is_pairs) in enumerate(sorted(fields)):
            yield ("{" if i == 0 else ",") + _encode(name) + ":"
            item = getattr(value, name)
            yield from _chunks(pairs_object(item) if is_pairs else item, depth - 1)
        yield "}"
    elif isinstance(value, dict) and value:
        for i, key in enumerate(sorted(value)):
            yield ("{" if i == 0 else ",") + _encode(key) + ":"
            yield from _chunks(value[key], depth - 1)
        yield "}"
    elif isinstance(value, (tuple, list)) and value:
        for i, item in enumerate(value):
            yield "[" if i == 0 else ","
            yield from _chunks(item, depth - 1)
        yield "]"
    else:
        yield _encode(to_jsonable(value))
