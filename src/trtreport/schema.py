"""The JSON Schema (draft 2020-12) of the ``--json`` model, made from the model's own types.

The schema shipped in the package (``trtreport/model.schema.json``) is what
:func:`model_schema` returns, written by::

    python -m trtreport.schema > src/trtreport/model.schema.json

and a test checks that the two agree, so the schema cannot drift from the model. Each
dataclass of :mod:`trtreport.model` becomes a definition whose properties are its fields
(every one required: the writer always writes them all), typed as
:func:`~trtreport.render.jsonmodel.to_jsonable` writes them: tuples as arrays, ``Pairs`` as
objects of strings, ``X | None`` as ``X`` or ``null``. Descriptions are the docstrings of the
classes and of their fields.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import json
import sys
import types
import typing
from functools import cache
from typing import Any, Union

from trtreport import model
from trtreport.model import SCHEMA_VERSION, Report

SCHEMA_ID = "https://trtreport.invalid/model.schema.json"
"""The schema's ``$id``: a name, never fetched (``.invalid`` is reserved for that)."""


@cache
def _field_docs() -> dict[str, dict[str, str]]:
    """Per model class, the docstring written under each of its fields."""
    tree = ast.parse(inspect.getsource(model))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        body = node.body
        for current, following in itertools.pairwise(body):
            if (
                isinstance(current, ast.AnnAssign)
                and isinstance(current.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[current.target.id] = " ".join(following.value.value.split())
        docs[node.name] = fields
    return docs


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one field type."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        inner = _type_schema(options[0], defs)
        return {"anyOf": [inner, {"type": "null"}]}
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {
            "type": "array",
            "prefixItems": [_type_schema(arg, defs) for arg in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        _define(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no schema for the model type {hint!r}")


def _define(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one model class, added to ``defs`` (once)."""
    if cls.__name__ in defs:
        return dict(defs[cls.__name__])
    defs[cls.__name__] = {}  # placeholder: classes may refer to each other
    hints = typing.get_type_hints(cls, vars(model))
    docs = _field_docs().get(cls.__name__, {})
    properties: dict[str, Any] = {}
    written = [f for f in dataclasses.fields(cls) if f.metadata.get("json", True)]
    for f in written:
        if f.type == "Pairs":
            prop: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "string"}}
        else:
            prop = _type_schema(hints[f.name], defs)
        if f.name in docs:
            prop = {**prop, "description": docs[f.name]}
        properties[f.name] = prop
    definition: dict[str, Any] = {
        "type": "object",
        "description": " ".join((cls.__doc__ or "").split()),
        "properties": properties,
        "required": [f.name for f in written],
        "additionalProperties": False,
    }
    defs[cls.__name__] = definition
    return definition


def model_schema() -> dict[str, Any]:
    """The JSON Schema of the ``--json`` document of this version of trtreport."""
    defs: dict[str, Any] = {}
    root = _define(Report, defs)
    root = {
        **root,
        "properties": {
            **root["properties"],
            "schema_version": {**root["properties"]["schema_version"], "const": SCHEMA_VERSION},
        },
    }
    del defs["Report"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"trtreport --json model, schema version {SCHEMA_VERSION}",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as the package ships it: indented, sorted keys, ending in a newline."""
    return json.dumps(model_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - the regeneration command of the module doc
    sys.stdout.write(schema_text())
