"""Read a baseline: the ``--json`` model an earlier run wrote, back into a :class:`Report`.

CI keeps the model of main's build as an artifact and compares a merge request's build with
it, without the old log (``--baseline main.model.json``). The comparison is made between two
:class:`~trtreport.model.Report` objects whichever form the baseline took, so the model read
here must be the one the earlier run wrote, field for field: :func:`report_from_json` is the
inverse of :func:`trtreport.render.jsonmodel.to_jsonable`, driven by the model's own type
annotations. A document of another schema version, or JSON that is not a trtreport model, is a
one-line :class:`InputError`::

    main.json: is a trtreport model of schema version 1; this trtreport reads version 2 ...

Decoding is strict about types (a string where a number belongs is an error naming the field)
and lenient about presence: a key the document lacks takes the field's default when it has
one, and keys the model does not know are ignored, as ``docs/model-schema.md`` allows.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Union

from trtreport import model
from trtreport.errors import InputError
from trtreport.jsonload import describe_json, load_json
from trtreport.model import SCHEMA_VERSION, Report
from trtreport.numbers import parse_int


def looks_like_model(text: str) -> bool:
    """Whether a baseline's text is JSON (a model) rather than a build log: its first
    character that is not blank opens an object."""
    return text.lstrip("\ufeff \t\r\n")[:1] == "{"


def report_from_json(text: str, source: str) -> Report:
    """The :class:`Report` of a ``--json`` document, or an :class:`InputError` saying why not."""
    document = load_json(text, source)
    if not isinstance(document, dict) or "schema_version" not in document:
        raise InputError(
            source,
            f"is JSON ({describe_json(document)}) but not a trtreport model (no schema_version): "
            "pass a build log or the --json model of an earlier run as --baseline",
        )
    version = document["schema_version"]
    if version != SCHEMA_VERSION:
        raise InputError(
            source,
            f"is a trtreport model of schema version {version!r}; this trtreport reads version "
            f"{SCHEMA_VERSION}: compare against the build log, or rewrite the model with this "
            "version's --json",
        )
    decoded = typing.cast(Report, _decode(document, Report, "", source))
    # A baseline's own comparison is not part of the build it describes.
    return dataclasses.replace(decoded, comparison=None)


@cache
def _hints(cls: type) -> tuple[tuple[str, Any, bool, bool], ...]:
    """``(name, type, is_pairs, has_default)`` of each field of a model dataclass."""
    resolved = typing.get_type_hints(cls, vars(model))
    return tuple(
        (
            f.name,
            resolved[f.name],
            f.type == "Pairs",
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


def _wrong(source: str, path: str, expected: str, value: object) -> InputError:
    """The error for a value of the wrong type at ``path``."""
    return InputError(
        source,
        f"field {path or 'the document'} should be {expected}, not {describe_json(value)}: "
        "the model was not written by trtreport, or was edited",
    )


def _pairs(value: object, path: str, source: str) -> tuple[tuple[str, str], ...]:
    """An object written from ordered pairs back into pairs; ``key #2`` (a key the input
    repeated, see :func:`~trtreport.render.jsonmodel.pairs_object`) back into ``key``."""
    if not isinstance(value, dict):
        raise _wrong(source, path, "an object", value)
    seen: dict[str, int] = {}
    pairs: list[tuple[str, str]] = []
    for key, text in value.items():
        if not isinstance(text, str):
            raise _wrong(source, f"{path}.{key}", "a string", text)
        name, _, count = key.rpartition(" #")
        number = parse_int(count) if count.isdigit() else None
        if name and number is not None and seen.get(name, 0) == number - 1 > 0:
            key = name
        seen[key] = seen.get(key, 0) + 1
        pairs.append((key, text))
    return tuple(pairs)


def _decode(value: object, hint: Any, path: str, source: str) -> object:
    """Turn JSON data into the model type ``hint`` (a dataclass, tuple, union or scalar)."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if value is None and len(options) < len(typing.get_args(hint)):
            return None
        return _decode(value, options[0], path, source)
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, list):
            raise _wrong(source, path, "an array", value)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(
                _decode(item, args[0], f"{path}[{i}]", source) for i, item in enumerate(value)
            )
        if len(value) != len(args):
            raise _wrong(source, path, f"an array of {len(args)}", value)
        return tuple(
            _decode(item, arg, f"{path}[{i}]", source)
            for i, (item, arg) in enumerate(zip(value, args, strict=True))
        )
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _decode_dataclass(value, hint, path, source)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _wrong(source, path, "a number", value)
        return float(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise _wrong(source, path, "true or false", value)
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong(source, path, "an integer", value)
        return value
    if hint is str:
        if not isinstance(value, str):
            raise _wrong(source, path, "a string", value)
        return value
    raise TypeError(f"the model has a field type the reader does not know: {hint!r}")


def _decode_dataclass(value: object, cls: type, path: str, source: str) -> object:
    """Build one model dataclass from a JSON object."""
    if not isinstance(value, dict):
        raise _wrong(source, path, "an object", value)
    kwargs: dict[str, object] = {}
    for name, hint, is_pairs, has_default in _hints(cls):
        where = f"{path}.{name}" if path else name
        if name not in value:
            if has_default:
                continue
            raise InputError(
                source,
                f"field {where} is missing: the model was not written by trtreport, or was edited",
            )
        item = value[name]
        kwargs[name] = (
            _pairs(item, where, source) if is_pairs else _decode(item, hint, where, source)
        )
    return cls(**kwargs)
