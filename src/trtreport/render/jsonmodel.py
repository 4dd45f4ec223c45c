"""Write the report model as the ``--json`` document (schema in ``docs/model-schema.md``).

The document is the :class:`~trtreport.model.Report` itself, field for field: dataclasses
become objects, tuples become arrays, and ordered key/value lists (fields typed ``Pairs``)
become objects, so that ``jq '.device["Selected Device"]'`` works. Keys are sorted, separators
compact but one line per top-level key is not attempted: the bytes depend only on the model.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from trtreport.model import Report


def to_jsonable(value: object) -> Any:
    """Convert a model value (dataclass, tuple, scalar) into plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if field.type == "Pairs":
                pairs: dict[str, str] = {}
                for key, text in item:
                    pairs.setdefault(key, text)
                out[field.name] = pairs
            else:
                out[field.name] = to_jsonable(item)
        return out
    if isinstance(value, (tuple, list)):
        return [to_jsonable(item) for item in value]
    return value


def report_to_json(report: Report) -> str:
    """The ``--json`` document: the whole model, sorted keys, ending with a newline."""
    document = to_jsonable(report)
    return json.dumps(document, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
