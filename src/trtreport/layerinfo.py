"""Read a ``trtexec --exportLayerInfo`` file into a :class:`~trtreport.model.LayerFile`.

The form is recognised from the content, never from the file name (real layer files are
often called ``*.log``). Three forms exist:

``detailed`` (``--profilingVerbosity=detailed``; TensorRT 8.x and 10.x)::

    {"Layers": [{"Name": "conv1 + relu1", "LayerType": "CaskConvolution",
                 "Inputs": [{"Name": "x", "Location": "Device", "Dimensions": [1,3,224,224],
                             "Format/Datatype": "Row major linear FP32"}],
                 "Outputs": [...], "Kernel": [7,7], "Weights": {"Type": "Float", "Count": 9408},
                 "TacticName": "sm80_xmma_fprop_...", "TacticValue": "0x5b8bf1b8028629d9",
                 "StreamId": 0, "Metadata": "[ONNX Layer: conv1]\\u001e[ONNX Layer: relu1]"}],
     "Bindings": ["x", "y"]}

``names-only`` (built without detailed verbosity)::

    {"Layers": ["conv1 + relu1", "pool1"], "Bindings": ["x", "y"]}

and a bare list of either kind of entry.

TensorRT 11 (``--profilingVerbosity=detailed``) is read with these assumptions, taken from
what public tools that consume its output expect; no TensorRT 11 file was at hand to check:

* a tensor's ``Format/Datatype`` sentence is split into ``Format`` (``"LINEAR"``) and
  ``DataType`` (also spelled ``Datatype``) keys;
* ``Bindings`` is replaced by a top-level ``"I/O Tensors"`` list of dicts
  (``{"Name": "x", "IOMode": "INPUT", "DataType": "FP16", "Dimensions": [...], ...}``),
  of which the names are kept, in order, as the file's bindings;
* a layer may carry its tensors in one ``"I/O Tensors"`` list instead of ``Inputs`` and
  ``Outputs``; each entry's ``IOMode`` (or ``IO Mode``, ``Direction``, ``Mode``) says
  ``INPUT``/``OUTPUT`` (any case, ``kINPUT`` too).

Every key of a layer that has no field of its own in :class:`~trtreport.model.LayerRecord`
goes to ``details`` as ``(key, text)`` in the file's order, the value made text by one rule
(:func:`detail_text`): strings as they are, numbers and booleans as JSON writes them, a list
of numbers as ``7,7``, a ``{"Type": ..., "Count": ...}`` weights object as ``Float × 9408``,
anything else as compact JSON. Myelin layers, ``StreamId`` and `` [profile N]`` name suffixes
need no special handling here: names are kept exactly as written (the join normalises them).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator

from trtreport.errors import InputError
from trtreport.jsonload import JsonKind, classify_json, load_json
from trtreport.jsonload import describe_json as _describe
from trtreport.model import LayerFile, LayerRecord, TensorInfo
from trtreport.precision import normalise_dtype

DETAILED = "detailed"
NAMES_ONLY = "names-only"

# The same few format sentences repeat on every tensor of a file.
_dtype = functools.lru_cache(maxsize=256)(normalise_dtype)

_RECORD_SEPARATOR = "\x1e"
_UNIT_SEPARATOR = "\x1f"
_ONNX_LAYER = re.compile(r"\[ONNX Layer: (?P<node>.*)\]\Z", re.DOTALL)

# Layer keys that become fields of LayerRecord rather than details.
_OWN_KEYS = frozenset(
    {
        "Name",
        "LayerType",
        "TacticValue",
        "TacticName",
        "Inputs",
        "Outputs",
        "I/O Tensors",
        "Metadata",
        "Origin",
    }
)
_DIRECTION_KEYS = ("IOMode", "IO Mode", "Direction", "Mode")
_DATATYPE_KEYS = ("DataType", "Datatype")


def parse_layer_file(text: str, source: str) -> LayerFile:
    """Parse the decoded text of a ``--exportLayerInfo`` file named ``source``.

    Raises :class:`InputError` for malformed JSON, for JSON that is not layer information
    (a profile, a timing file, a TREx metadata file, ...) and for broken structure (a layer
    without ``Name``, ``Dimensions`` that are not a list of integers, ...).
    """
    document = load_json(text, source)
    kind = classify_json(document)
    entries, bindings = _split_document(document, kind, source)
    if not entries:
        raise InputError(source, "holds no layers: the Layers list is empty")
    first = entries[0]
    if kind is JsonKind.LAYERS_NAMES:
        return LayerFile(
            source=source,
            kind=NAMES_ONLY,
            layers=tuple(_names_only(entries, source)),
            bindings=bindings,
        )
    if kind.is_layer_info and isinstance(first, dict):
        return LayerFile(
            source=source,
            kind=DETAILED,
            layers=tuple(_detailed(entries, source)),
            bindings=bindings,
        )
    raise _not_layer_info(source, f"a list whose first entry is {_describe(first)}")


def _split_document(
    document: object, kind: JsonKind, source: str
) -> tuple[list[object], tuple[str, ...]]:
    """Return the layer entries and the binding names of a parsed layer file."""
    if isinstance(document, list):
        _reject_other_lists(document, kind, source)
        return document, ()
    if not isinstance(document, dict):
        raise _not_layer_info(source, _describe(document))
    if "Layers" not in document:
        keys = ", ".join(json.dumps(key) for key in list(document)[:6])
        found = f"an object with keys {keys}" if keys else "an empty object"
        raise _not_layer_info(source, found)
    layers = document["Layers"]
    if not isinstance(layers, list):
        raise InputError(source, f'"Layers" must be a list, found {_describe(layers)}')
    return layers, _bindings(document, source)


def _reject_other_lists(document: list[object], kind: JsonKind, source: str) -> None:
    """Raise a clear error when a bare list is a profile, a timing file or other objects."""
    if kind is JsonKind.PROFILE:
        raise InputError(
            source,
            "is a --exportProfile file (per-layer times), not layer information: "
            "pass it with --profile",
        )
    if kind is JsonKind.TIMES:
        raise InputError(
            source,
            "is a --exportTimes file (per-iteration times), not layer information: "
            "pass it with --times",
        )
    first = document[0] if document else None
    if isinstance(first, dict) and not kind.is_layer_info:
        shown = ", ".join(json.dumps(key) for key in list(first)[:6])
        raise _not_layer_info(source, f"a list of objects with keys {shown}")


def _not_layer_info(source: str, found: str) -> InputError:
    """The error for JSON of the wrong shape, saying what was expected and what was found."""
    return InputError(
        source,
        'not a layer-information file: expected {"Layers": [...], "Bindings": [...]} '
        f"as written by trtexec --exportLayerInfo, found {found}",
    )


def _bindings(document: dict[str, object], source: str) -> tuple[str, ...]:
    """Binding names from ``Bindings`` or, in TensorRT 11, from ``I/O Tensors``."""
    if "Bindings" in document:
        bindings = document["Bindings"]
        if not isinstance(bindings, list):
            raise InputError(
                source, f'"Bindings" must be a list of names, found {_describe(bindings)}'
            )
        for index, binding in enumerate(bindings, start=1):
            if not isinstance(binding, str):
                raise InputError(
                    source, f'"Bindings" entry {index} must be a name, found {_describe(binding)}'
                )
        return tuple(bindings)
    io_tensors = document.get("I/O Tensors")
    if io_tensors is None:
        return ()
    if not isinstance(io_tensors, list):
        raise InputError(source, f'"I/O Tensors" must be a list, found {_describe(io_tensors)}')
    names: list[str] = []
    for index, tensor in enumerate(io_tensors, start=1):
        name = tensor.get("Name") if isinstance(tensor, dict) else None
        if not isinstance(name, str):
            raise InputError(source, f'"I/O Tensors" entry {index} has no "Name"')
        names.append(name)
    return tuple(names)


def _names_only(entries: list[object], source: str) -> Iterator[LayerRecord]:
    """Records of a names-only file, each with its 1-based position as ``line``."""
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, str):
            raise InputError(
                source,
                f"layer {position}: expected a layer name like the layers before it, "
                f"found {_describe(entry)}",
            )
        yield LayerRecord(name=entry, line=position)


def _detailed(entries: list[object], source: str) -> Iterator[LayerRecord]:
    """Records of a detailed file, each with its 1-based position as ``line``."""
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise InputError(
                source,
                f"layer {position}: expected a layer object like the layers before it, "
                f"found {_describe(entry)}",
            )
        yield _layer_record(entry, position, source)


def _layer_record(layer: dict[str, object], position: int, source: str) -> LayerRecord:
    """Convert one layer object of a detailed file."""
    name = layer.get("Name")
    if not isinstance(name, str) or not name:
        found = "none" if name is None else _describe(name)
        raise InputError(
            source, f'layer {position}: "Name" must be a non-empty string, found {found}'
        )
    where = f'layer {position} ("{name}")'

    if "Inputs" in layer or "Outputs" in layer or "I/O Tensors" not in layer:
        inputs = _tensors(layer.get("Inputs", []), "Inputs", where, source)
        outputs = _tensors(layer.get("Outputs", []), "Outputs", where, source)
    else:
        inputs, outputs = _io_tensors(layer["I/O Tensors"], where, source)

    onnx_nodes: tuple[str, ...] = ()
    details: list[tuple[str, str]] = []
    metadata = layer.get("Metadata")
    if metadata is not None:
        text = _string(metadata, "Metadata", where, source)
        onnx_nodes, other = _split_metadata(text)
        if other:
            details.append(("Metadata", other))
    details.extend(
        (key, detail_text(value)) for key, value in layer.items() if key not in _OWN_KEYS
    )
    return LayerRecord(
        name=name,
        layer_type=_optional_string(layer, "LayerType", where, source),
        tactic=_tactic(layer.get("TacticValue"), where, source),
        kernel=_optional_string(layer, "TacticName", where, source),
        inputs=inputs,
        outputs=outputs,
        onnx_nodes=onnx_nodes,
        origin=_optional_string(layer, "Origin", where, source),
        line=position,
        details=tuple(details),
    )


def _tensors(value: object, key: str, where: str, source: str) -> tuple[TensorInfo, ...]:
    """Convert a layer's ``Inputs`` or ``Outputs`` list."""
    if not isinstance(value, list):
        raise InputError(source, f'{where}: "{key}" must be a list, found {_describe(value)}')
    return tuple(
        _tensor(tensor, f"{where}: {key}[{index}]", source) for index, tensor in enumerate(value)
    )


def _io_tensors(
    value: object, where: str, source: str
) -> tuple[tuple[TensorInfo, ...], tuple[TensorInfo, ...]]:
    """Split a layer's ``I/O Tensors`` list into inputs and outputs by each entry's mode."""
    if not isinstance(value, list):
        raise InputError(source, f'{where}: "I/O Tensors" must be a list, found {_describe(value)}')
    inputs: list[TensorInfo] = []
    outputs: list[TensorInfo] = []
    for index, tensor in enumerate(value):
        at = f"{where}: I/O Tensors[{index}]"
        info = _tensor(tensor, at, source)
        mode = ""
        if isinstance(tensor, dict):
            for mode_key in _DIRECTION_KEYS:
                if isinstance(tensor.get(mode_key), str):
                    mode = str(tensor[mode_key]).lower().removeprefix("k")
                    break
        if mode.startswith("in"):
            inputs.append(info)
        elif mode.startswith("out"):
            outputs.append(info)
        else:
            raise InputError(source, f'{at}: no "IOMode" saying INPUT or OUTPUT')
    return tuple(inputs), tuple(outputs)


def _tensor(tensor: object, at: str, source: str) -> TensorInfo:
    """Convert one tensor object (``Name``, ``Dimensions``, its format and type)."""
    if not isinstance(tensor, dict):
        raise InputError(source, f"{at}: expected a tensor object, found {_describe(tensor)}")
    name = tensor.get("Name")
    if not isinstance(name, str):
        raise InputError(source, f'{at}: "Name" must be a string, found {_describe(name)}')
    at = f'{at} ("{name}")'
    dimensions = tensor.get("Dimensions", [])
    if not isinstance(dimensions, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) for d in dimensions
    ):
        raise InputError(
            source,
            f'{at}: "Dimensions" must be a list of integers, found {_shown(dimensions)}',
        )
    if "Format/Datatype" in tensor:
        written = _string(tensor["Format/Datatype"], "Format/Datatype", at, source)
        return TensorInfo(
            name=name,
            dtype=_dtype(written),
            shape=tuple(dimensions),
            format=written,
            raw_type=written,
        )
    layout = _string(tensor.get("Format", ""), "Format", at, source)
    data_type = ""
    for type_key in _DATATYPE_KEYS:
        if type_key in tensor:
            data_type = _string(tensor[type_key], type_key, at, source)
            break
    dtype = _dtype(data_type)
    if data_type == "":
        dtype = _dtype(layout)
    return TensorInfo(
        name=name, dtype=dtype, shape=tuple(dimensions), format=layout, raw_type=data_type
    )


def _split_metadata(text: str) -> tuple[tuple[str, ...], str]:
    """ONNX node names of a ``Metadata`` string, and whatever else it holds.

    Entries are separated by ``\\x1e`` (record separator), fields within an entry by
    ``\\x1f`` (unit separator). Every ``[ONNX Layer: X]`` field gives ``X``, de-duplicated in
    order; the other non-empty fields are returned joined by ``" | "`` (``""`` if none).
    """
    nodes: dict[str, None] = {}
    other: list[str] = []
    for entry in text.split(_RECORD_SEPARATOR):
        for raw_field in entry.split(_UNIT_SEPARATOR):
            field = raw_field.strip()
            if not field:
                continue
            match = _ONNX_LAYER.match(field)
            if match is not None:
                nodes.setdefault(match["node"], None)
            else:
                other.append(field)
    return tuple(nodes), " | ".join(other)


def detail_text(value: object) -> str:
    """The text a layer key's value gets in ``details`` (one rule for every key).

    >>> detail_text([7, 7]), detail_text({"Type": "Half", "Count": 432}), detail_text(True)
    ('7,7', 'Half × 432', 'true')
    >>> detail_text(["arg0"]), detail_text({"a": [1]}), detail_text(0.5)
    ('["arg0"]', '{"a":[1]}', '0.5')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(
        isinstance(item, (int, float)) and not isinstance(item, bool) for item in value
    ):
        return ",".join(str(item) if isinstance(item, int) else _compact(item) for item in value)
    if isinstance(value, dict) and set(value) == {"Type", "Count"}:
        return f"{detail_text(value['Type'])} × {detail_text(value['Count'])}"
    return _compact(value)


def _compact(value: object) -> str:
    """Compact JSON of ``value`` (keys in the file's order, non-ASCII kept)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _shown(value: object) -> str:
    """Compact JSON of ``value``, cut to a length that fits in a one-line message."""
    text = _compact(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _string(value: object, key: str, where: str, source: str) -> str:
    """``value`` if it is a string, else an :class:`InputError` about ``key``."""
    if not isinstance(value, str):
        raise InputError(source, f'{where}: "{key}" must be a string, found {_describe(value)}')
    return value


def _optional_string(layer: dict[str, object], key: str, where: str, source: str) -> str:
    """The string under ``key``, ``""`` when the key is absent or null."""
    value = layer.get(key)
    return "" if value is None else _string(value, key, where, source)


def _tactic(value: object, where: str, source: str) -> str:
    """The tactic as written: a hex string in TensorRT ≥ 8.4, possibly a number before."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(
        source, f'{where}: "TacticValue" must be a string or an integer, found {_describe(value)}'
    )
