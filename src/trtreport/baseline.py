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
from collections.abc import Callable
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


class _Wrong(Exception):
    """A value of the wrong type, raised inside the decoder; the path is added on the way out
    (so that the happy path builds no path strings)."""

    def __init__(self, expected: str, value: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.value = value
        self.path: list[str] = []


Decoder = Callable[[object], object]


def _decode(value: object, hint: Any, path: str, source: str) -> object:
    """Turn JSON data into the model type ``hint``; a wrong value is an :class:`InputError`
    naming its field."""
    try:
        return _decoder(hint)(value)
    except _Wrong as wrong:
        where = path + "".join(reversed(wrong.path))
        if wrong.expected.startswith("present"):
            raise InputError(
                source,
                f"field {where.lstrip('.')} is missing: the model was not written by trtreport, "
                "or was edited",
            ) from None
        raise InputError(
            source,
            f"field {where.lstrip('.') or 'the document'} should be {wrong.expected}, not "
            f"{describe_json(wrong.value)}: the model was not written by trtreport, or was "
            "edited",
        ) from None


def _scalar(kind: type, expected: str) -> Decoder:
    """A decoder of one JSON scalar type (``bool`` is never an ``int`` here)."""

    def decode(value: object) -> object:
        if type(value) is kind:
            return value
        if kind is float and type(value) is int:
            return float(value)
        raise _Wrong(expected, value)

    return decode


def _items(item: Decoder) -> Decoder:
    """A decoder of ``tuple[X, ...]`` from an array."""

    def decode(value: object) -> object:
        if not isinstance(value, list):
            raise _Wrong("an array", value)
        out = []
        for i, element in enumerate(value):
            try:
                out.append(item(element))
            except _Wrong as wrong:
                wrong.path.append(f"[{i}]")
                raise
        return tuple(out)

    return decode


def _fixed(items: tuple[Decoder, ...]) -> Decoder:
    """A decoder of a fixed-length tuple (``tuple[str, str]``) from an array."""

    def decode(value: object) -> object:
        if not isinstance(value, list) or len(value) != len(items):
            raise _Wrong(f"an array of {len(items)}", value)
        out = []
        for i, (element, item) in enumerate(zip(value, items, strict=True)):
            try:
                out.append(item(element))
            except _Wrong as wrong:
                wrong.path.append(f"[{i}]")
                raise
        return tuple(out)

    return decode


def _optional(inner: Decoder) -> Decoder:
    """A decoder of ``X | None``."""
    return lambda value: None if value is None else inner(value)


def _pairs(value: object) -> object:
    """An object written from ordered pairs back into pairs; ``key #2`` (a key the input
    repeated, see :func:`~trtreport.render.jsonmodel.pairs_object`) back into ``key``."""
    if not isinstance(value, dict):
        raise _Wrong("an object", value)
    seen: dict[str, int] = {}
    pairs: list[tuple[str, str]] = []
    for key, text in value.items():
        if not isinstance(text, str):
            wrong = _Wrong("a string", text)
            wrong.path.append(f".{key}")
            raise wrong
        name, _, count = key.rpartition(" #")
        number = parse_int(count) if count.isdigit() else None
        if name and number is not None and seen.get(name, 0) == number - 1 > 0:
            key = name
        seen[key] = seen.get(key, 0) + 1
        pairs.append((key, text))
    return tuple(pairs)


def _record(cls: type) -> Decoder:
    """A decoder of one model dataclass from a JSON object; a key the document lacks takes
    the field's default when it has one, keys the model does not know are ignored."""
    fields: list[tuple[str, Decoder, bool]] = []

    def decode(value: object) -> object:
        if not fields:
            fields.extend(_fields(cls))
        if not isinstance(value, dict):
            raise _Wrong("an object", value)
        kwargs: dict[str, object] = {}
        for name, field_decoder, has_default in fields:
            if name not in value:
                if has_default:
                    continue
                wrong = _Wrong("present", None)
                wrong.path.append(f".{name}")
                raise wrong
            try:
                kwargs[name] = field_decoder(value[name])
            except _Wrong as wrong:
                wrong.path.append(f".{name}")
                raise
        return cls(**kwargs)

    return decode


def _fields(cls: type) -> list[tuple[str, Decoder, bool]]:
    """``(name, decoder, has_default)`` of each field of a model dataclass the JSON holds."""
    resolved = typing.get_type_hints(cls, vars(model))
    return [
        (
            f.name,
            _pairs if f.type == "Pairs" else _decoder(resolved[f.name]),
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
        if f.metadata.get("json", True)
    ]


_SCALARS: dict[Any, Decoder] = {
    str: _scalar(str, "a string"),
    int: _scalar(int, "an integer"),
    float: _scalar(float, "a number"),
    bool: _scalar(bool, "true or false"),
}


@cache
def _decoder(hint: Any) -> Decoder:
    """The decoder of one model type, made once per type."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _optional(_decoder(options[0]))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return _items(_decoder(args[0]))
        return _fixed(tuple(_decoder(arg) for arg in args))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"the model has a field type the reader does not know: {hint!r}")
