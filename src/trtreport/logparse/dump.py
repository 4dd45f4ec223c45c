"""The text that ``trtexec --dumpLayerInfo`` (and the engine inspector) prints per layer.

One line per layer, after a ``Layers:`` header::

    Name: conv1 + relu1, LayerType: CaskConvolution, Inputs: [ { Name: x, Location: Device,
    Dimensions: [1,3,224,224], Format/Datatype: Row major linear FP32 }], Outputs: [ ... ],
    ParameterType: Convolution, Weights: {"Type": "Int8", "Count": 9408}, TacticName: sm80_...,
    TacticValue: 0x5b8bf1b8028629d9, StreamId: 0, Metadata: [ONNX Layer: node_conv2d]

(shown wrapped; it is one line). Layer and tensor names contain ``, `` and brackets, so the
line is read by a small tokenizer: the layer name ends at ``, LayerType: ``, a tensor name at
its first field (``, Location: ``/``, Dimensions: ``/``, Format/Datatype: ``), and other
values at the next ``, Key: `` outside brackets, braces and quotes. ``Metadata`` takes the rest
of the line, since ONNX names inside it are arbitrary.
"""

from __future__ import annotations

import re

from trtreport.logparse.tensors import parse_dims
from trtreport.model import LayerRecord, TensorInfo
from trtreport.precision import normalise_dtype

_KEY = re.compile(r"(?P<key>[A-Za-z][\w/]*):(?: |\Z)")
_TENSOR_FIELD_END = re.compile(r", (?=[A-Za-z][\w/]*: )| \}")
_TENSOR_NAME_ENDS = (", Location: ", ", Dimensions: ", ", Format/Datatype: ")
_OPENERS = {"[": "]", "{": "}", "(": ")"}
_CLOSERS = frozenset("]})")
_VALUE_STOP = re.compile(r'["\[\]{}()]|, ')
# Keys that become LayerRecord fields rather than details.
_FIELD_KEYS = frozenset({"TacticValue", "TacticName", "Origin", "Metadata"})


class DumpSyntaxError(ValueError):
    """A ``Name: ...`` line that does not follow the dump syntax (reported as unrecognised)."""


_TENSOR = re.compile(
    r"\{ Name: (?P<name>[^{}]*?), Location: (?P<location>[A-Za-z]+), Dimensions: "
    r"(?P<dims>\[[^\]]*\]), Format/Datatype: (?P<type>(?!\[)[^{}]*?) \}"
)
"""A tensor of the usual shape, read in one match (:func:`_tensor` checks it as the tokenizer
would have read it, and else reads the tensor field by field)."""


def _tensor(text: str, pos: int) -> tuple[TensorInfo, int]:
    """Parse ``{ Name: ..., Dimensions: [...], Format/Datatype: ... }`` starting at ``pos``."""
    match = _TENSOR.match(text, pos)
    if match is not None:
        name, type_text = match.group("name", "type")
        # The tokenizer ends a name at its first field and a value at ", Key: ".
        if ", " not in type_text and not any(end in name for end in _TENSOR_NAME_ENDS):
            return _tensor_info(
                name,
                {
                    "Location": match.group("location"),
                    "Dimensions": match.group("dims"),
                    "Format/Datatype": type_text,
                },
            ), match.end()
    if not text.startswith("{ Name: ", pos):
        raise DumpSyntaxError(f"expected '{{ Name: ' at column {pos}")
    pos += len("{ Name: ")
    ends = [i for i in (text.find(marker, pos) for marker in _TENSOR_NAME_ENDS) if i >= 0]
    if not ends:
        raise DumpSyntaxError("tensor without fields")
    name_end = min(ends)
    name = text[pos:name_end]
    pos = name_end
    fields: dict[str, str] = {}
    while text.startswith(", ", pos):
        key_match = _KEY.match(text, pos + 2)
        if key_match is None:
            raise DumpSyntaxError(f"expected a key at column {pos + 2}")
        key = key_match.group("key")
        value_start = key_match.end()
        if text.startswith("[", value_start):
            close = text.find("]", value_start)
            if close < 0:
                raise DumpSyntaxError("unclosed '['")
            value_end = close + 1
        else:
            end_match = _TENSOR_FIELD_END.search(text, value_start)
            if end_match is None:
                raise DumpSyntaxError("unterminated tensor")
            value_end = end_match.start()
        fields[key] = text[value_start:value_end]
        pos = value_end
    if not text.startswith(" }", pos):
        raise DumpSyntaxError(f"expected ' }}' at column {pos}")
    return _tensor_info(name, fields), pos + 2


def _tensor_info(name: str, fields: dict[str, str]) -> TensorInfo:
    """The tensor of a dump's ``{ Name: ..., Key: value, ... }`` fields."""
    dims = parse_dims(fields.get("Dimensions", "").strip("[]"))
    type_text = fields.get("Format/Datatype", "") or fields.get("DataType", "")
    return TensorInfo(
        name=name,
        dtype=normalise_dtype(type_text),
        shape=dims[0] if dims is not None else (),
        format=fields.get("Format/Datatype", "") or fields.get("Format", ""),
        raw_type=type_text,
    )


def _tensor_list(text: str, pos: int) -> tuple[tuple[TensorInfo, ...], int]:
    """Parse ``[ {...}, {...}]`` (or ``[]``) starting at ``pos``; return the tensors and the end."""
    if not text.startswith("[", pos):
        raise DumpSyntaxError(f"expected '[' at column {pos}")
    pos += 1
    tensors: list[TensorInfo] = []
    while True:
        while text.startswith(" ", pos):
            pos += 1
        if text.startswith("]", pos):
            return tuple(tensors), pos + 1
        if tensors:
            if not text.startswith(",", pos):
                raise DumpSyntaxError(f"expected ',' at column {pos}")
            pos += 1
            while text.startswith(" ", pos):
                pos += 1
        tensor, pos = _tensor(text, pos)
        tensors.append(tensor)


def _value_end(text: str, pos: int) -> int:
    """Index where a top-level value starting at ``pos`` ends (at ``, Key: `` outside nesting)."""
    depth = 0
    search = _VALUE_STOP.search
    index = pos
    while True:
        # Jump from one character that matters (quote, bracket, ``, ``) to the next.
        stop = search(text, index)
        if stop is None:
            return len(text)
        index = stop.start()
        char = text[index]
        if char == '"':
            close = text.find('"', index + 1)
            if close < 0:
                return len(text)
            index = close
        elif char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and _KEY.match(text, index + 2):
            return index
        index += 1


def onnx_nodes_of(metadata: str) -> tuple[str, ...]:
    """The ONNX node names in a ``Metadata`` value: ``[ONNX Layer: a][ONNX Layer: b]``."""
    nodes: list[str] = []
    for chunk in metadata.split("[ONNX Layer: ")[1:]:
        chunk = chunk.rstrip("\x1e\x1f ")
        nodes.append(chunk[:-1] if chunk.endswith("]") else chunk)
    return tuple(nodes)


def parse_dump_layer(text: str, line: int) -> LayerRecord:
    """Parse one ``Name: ..., LayerType: ...`` line; raise :class:`DumpSyntaxError` if malformed."""
    if not text.startswith("Name: "):
        raise DumpSyntaxError("not a 'Name: ' line")
    name_end = text.find(", LayerType: ")
    if name_end < 0:
        raise DumpSyntaxError("no ', LayerType: '")
    name = text[len("Name: ") : name_end]
    pos = name_end + len(", LayerType: ")
    type_end = text.find(", Inputs: [", pos)
    if type_end < 0:
        raise DumpSyntaxError("no ', Inputs: ['")
    layer_type = text[pos:type_end]
    inputs, pos = _tensor_list(text, type_end + len(", Inputs: "))
    if not text.startswith(", Outputs: ", pos):
        raise DumpSyntaxError(f"expected ', Outputs: ' at column {pos}")
    outputs, pos = _tensor_list(text, pos + len(", Outputs: "))
    pairs = _split_pairs(text, pos)
    if pairs is None:
        pairs, pos = _tokenize_pairs(text, pos)
    else:
        pos = len(text)
    if pos != len(text):
        raise DumpSyntaxError(f"unexpected text at column {pos}")
    values = dict(pairs)
    return LayerRecord(
        name=name,
        layer_type=layer_type,
        tactic=values.get("TacticValue", ""),
        kernel=values.get("TacticName", ""),
        inputs=inputs,
        outputs=outputs,
        onnx_nodes=onnx_nodes_of(values.get("Metadata", "")),
        origin=values.get("Origin", ""),
        line=line,
        details=tuple((key, value) for key, value in pairs if key not in _FIELD_KEYS),
    )


_TOP_KEY = re.compile(r", ([A-Za-z][\w/]*): ")
_SPECIAL = re.compile(r'["\[\]{}()]')
"""A character that a value split at every ``, Key: `` must hold in balance."""


def _split_pairs(text: str, pos: int) -> list[tuple[str, str]] | None:
    """The ``, Key: value`` pairs from ``pos`` to the end, split at every ``, Key: ``; ``None``
    where that could differ from :func:`_tokenize_pairs` (a value with unbalanced brackets,
    braces or quotes, which a split inside them gives, or a key at the very end)."""
    metadata = text.find(", Metadata: ", pos)
    parts = _TOP_KEY.split(text[pos:] if metadata < 0 else text[pos:metadata])
    if parts[0] or len(parts) < 3 or text.endswith(":"):
        return None if metadata != pos else [("Metadata", text[pos + 12 :])]
    keys = parts[1::2]
    values = parts[2::2]
    special = _SPECIAL.search
    for value in values:
        if special(value) is not None and not _nested_well(value):
            return None
    pairs = list(zip(keys, values, strict=True))
    if metadata >= 0:
        pairs.append(("Metadata", text[metadata + 12 :]))
    return pairs


_BRACKETS = re.compile(r"[\[\]{}()]")
_CLOSING = {"]": "[", "}": "{", ")": "("}


def _nested_well(value: str) -> bool:
    """Whether the quotes of ``value`` pair up and its brackets, braces and parentheses close
    in order (a split inside a nested value leaves them unbalanced or crossed, as in ``][``)."""
    if value.count('"') % 2:
        return False
    open_ones: list[str] = []
    for char in _BRACKETS.findall(value):
        if char in _CLOSING:
            if not open_ones or open_ones.pop() != _CLOSING[char]:
                return False
        else:
            open_ones.append(char)
    return not open_ones


def _tokenize_pairs(text: str, pos: int) -> tuple[list[tuple[str, str]], int]:
    """The ``, Key: value`` pairs from ``pos``, read value by value (nesting-aware)."""
    pairs: list[tuple[str, str]] = []
    while text.startswith(", ", pos):
        key_match = _KEY.match(text, pos + 2)
        if key_match is None:
            raise DumpSyntaxError(f"expected a key at column {pos + 2}")
        key = key_match.group("key")
        start = key_match.end()
        end = len(text) if key == "Metadata" else _value_end(text, start)
        pairs.append((key, text[start:end]))
        pos = end
    return pairs, pos
