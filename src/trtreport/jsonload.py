"""Parse the text of a JSON input, turning every failure into a one-line :class:`InputError`.

trtexec's JSON outputs (``--exportLayerInfo``, ``--exportProfile``, ``--exportTimes``) are
often passed around under the wrong name (several real ones end in ``.log``), concatenated by
scripts that ran trtexec several times, or swapped with the build log itself. Each of these
gets a message that says what the file is and what to do, with the file's line and column::

    profile.json:62:1: holds 7 concatenated JSON documents; pass one run
    build.log: is a TensorRT log, not JSON: pass it as the BUILD_LOG argument

The JSON is parsed in full first, so a valid document is never mistaken for something else;
the special cases are only looked for once :func:`json.loads` has failed.

Once parsed, :func:`classify_json` says which of trtexec's outputs a document is, from its
shape alone; every reader asks it, so that each names a file passed in the wrong place the
same way.
"""

from __future__ import annotations

import enum
import json
import re

from trtreport.errors import InputError
from trtreport.numbers import MAX_DIGITS, parse_int

_BOM = "\ufeff"

LAYER_KEYS = frozenset({"LayerType", "Inputs", "Outputs", "I/O Tensors"})
"""Keys that tell a layer-information object from other objects with a ``Name`` (TREx's GPU
metadata, ...); shared by every reader so that each names a misplaced file the same way."""
TIMES_KEYS = frozenset({"startEnqMs", "endEnqMs", "latencyMs", "computeMs", "startComputeMs"})
"""Keys of an ``--exportTimes`` iteration."""
_PROFILE_TIMES = frozenset({"timeMs", "averageMs"})
"""Keys that make an entry with a ``name`` a profile entry (other keys may come with them)."""


class JsonKind(enum.Enum):
    """Which trtexec output a JSON document is (see :func:`classify_json`)."""

    LAYERS_DETAILED = "layer information (detailed)"
    LAYERS_NAMES = "layer information (names only)"
    LAYERS_TRT11 = "layer information (TensorRT 11: I/O Tensors)"
    PROFILE = "profile"
    TIMES = "times"
    UNKNOWN = "unknown"

    @property
    def is_layer_info(self) -> bool:
        """Whether the document is ``--exportLayerInfo`` output, in any of its forms."""
        return self in (JsonKind.LAYERS_DETAILED, JsonKind.LAYERS_NAMES, JsonKind.LAYERS_TRT11)


def classify_json(document: object) -> JsonKind:
    """Which trtexec output ``document`` (parsed JSON) is, judged by its shape.

    * layer information: an object with ``Layers``, or a list whose first entry is a string
      (names only) or an object with ``Name`` and one of :data:`LAYER_KEYS`; its form is
      names-only when the first layer is a string, TensorRT 11 when the document or its first
      layer lists ``I/O Tensors`` (instead of ``Inputs``/``Outputs``), detailed otherwise;
    * times: a list whose first entry has one of :data:`TIMES_KEYS`;
    * profile: a list whose first entry is the ``count`` header, or an entry with ``name``
      and ``timeMs`` or ``averageMs``;
    * anything else (an empty list included) is unknown.

    Only the shape is looked at: each reader still checks the entries.

    >>> classify_json({"Layers": ["conv1"], "Bindings": ["x"]}).name
    'LAYERS_NAMES'
    >>> classify_json([{"count": 10}, {"name": "conv1", "averageMs": 0.1}]).name
    'PROFILE'
    >>> classify_json([{"startEnqMs": 0.1, "latencyMs": 0.7}]).name
    'TIMES'
    >>> classify_json([{"Name": "gpu0", "TotalMemory": 8}]).name
    'UNKNOWN'
    """
    if isinstance(document, dict):
        if "Layers" not in document:
            return JsonKind.UNKNOWN
        layers = document["Layers"]
        first = layers[0] if isinstance(layers, list) and layers else None
        if isinstance(first, str):
            return JsonKind.LAYERS_NAMES
        if "I/O Tensors" in document:
            return JsonKind.LAYERS_TRT11
        return _layer_form(first)
    if not isinstance(document, list) or not document:
        return JsonKind.UNKNOWN
    first = document[0]
    if isinstance(first, str):
        return JsonKind.LAYERS_NAMES
    if not isinstance(first, dict):
        return JsonKind.UNKNOWN
    keys = first.keys()
    if "Name" in keys and not LAYER_KEYS.isdisjoint(keys):
        return _layer_form(first)
    if not TIMES_KEYS.isdisjoint(keys):
        return JsonKind.TIMES
    if "count" in keys or ("name" in keys and not _PROFILE_TIMES.isdisjoint(keys)):
        return JsonKind.PROFILE
    return JsonKind.UNKNOWN


def _layer_form(first: object) -> JsonKind:
    """Detailed or TensorRT 11 layer information, by its first layer's tensor lists."""
    if (
        isinstance(first, dict)
        and "I/O Tensors" in first
        and "Inputs" not in first
        and "Outputs" not in first
    ):
        return JsonKind.LAYERS_TRT11
    return JsonKind.LAYERS_DETAILED


class _LongNumber(ValueError):
    """A JSON integer with more than :data:`~trtreport.numbers.MAX_DIGITS` digits."""


def _bounded_int(text: str) -> int:
    """A JSON integer literal as an ``int``; one of hundreds of digits raises
    :class:`_LongNumber` (Python's own limit, 4,300 digits, would raise deep in a later stage,
    and ``float()`` of a 400-digit integer overflows)."""
    number = parse_int(text)
    if number is None:
        raise _LongNumber(text)
    return number


_DECODER = json.JSONDecoder(parse_int=_bounded_int)
_LONE_SURROGATE = re.compile(
    r"(?<!\\)((?:\\\\)*)"  # an escape, not an escaped backslash before a "u"
    r"(?:\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # high, no low after
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # low, no high before
)
"""A ``\\udXXX`` escape of half a UTF-16 pair, alone: Python would decode it into a string
that cannot be written as UTF-8."""
_LONG_DIGITS = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")

# What a line near the top of a TensorRT log starts with: trtexec's ``&&&& RUNNING``
# banner, a timestamp ``[08/20/2024-10:31:02]``, the Python logger's ``[TensorRT] VERBOSE:``,
# a ``[TRT]`` tag or trtexec's one-letter severity (``[I]``, ``[V]``, ...).
_LOG_START = re.compile(
    r"&&&&|\[(?:\d{1,2}/\d{1,2}/\d{2,4}-\d{1,2}:\d{2}|TensorRT\]|TRT\]|[VIWEF]\])"
)

_LOG_SNIFF_LINES = 5
_LOG_SNIFF_CHARS = 4096


def load_json(text: str, source: str) -> object:
    """Parse ``text`` (the decoded content of ``source``) as one JSON document.

    A leading UTF-8 byte-order mark is skipped. Raises :class:`InputError` naming ``source``
    (with line and column where they are known) for an empty file, a TensorRT log, several
    concatenated JSON documents and any other malformed JSON.
    """
    if text.startswith(_BOM):
        text = text[1:]
    if not text.strip():
        raise InputError(source, "empty file: expected JSON")
    if "\\u" in text and _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(lambda found: found.group(1) + "\\ufffd", text)
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise _explain(text, source, error) from None
    except RecursionError:
        raise InputError(source, "malformed JSON: nested too deeply") from None
    except _LongNumber as error:
        raise _long_number(text, source, str(error)) from None


def _long_number(text: str, source: str, digits: str) -> InputError:
    """The error for an integer of hundreds of digits, at its line and column."""
    found = _LONG_DIGITS.search(text)
    line, column = _line_column(text, found.start()) if found else (None, None)
    return InputError(
        source,
        f"malformed JSON: a number with {len(digits.strip().lstrip('-'))} digits "
        f"(at most {MAX_DIGITS} are read)",
        line=line,
        column=column,
    )


def _explain(text: str, source: str, error: json.JSONDecodeError) -> InputError:
    """Turn a decoding failure into the most specific :class:`InputError` that fits."""
    if _looks_like_log(text):
        return InputError(source, "is a TensorRT log, not JSON: pass it as the BUILD_LOG argument")
    if error.msg == "Extra data":
        starts = _document_starts(text)
        if len(starts) >= 2:
            line, column = _line_column(text, starts[1])
            return InputError(
                source,
                f"holds {len(starts)} concatenated JSON documents; pass one run",
                line=line,
                column=column,
            )
        return InputError(
            source,
            "malformed JSON: unexpected text after the end of the JSON document",
            line=error.lineno,
            column=error.colno,
        )
    return InputError(source, f"malformed JSON: {error.msg}", line=error.lineno, column=error.colno)


def _looks_like_log(text: str) -> bool:
    """Whether one of the first non-blank lines of ``text`` starts like a TensorRT log line.

    Several lines are looked at because scripts often print a banner of their own first
    (``[TensorRT-Cookbook] Version: 1.0.0``).
    """
    seen = 0
    for line in text[:_LOG_SNIFF_CHARS].splitlines():
        stripped = line.lstrip()
        if not stripped:
            continue
        if _LOG_START.match(stripped):
            return True
        seen += 1
        if seen == _LOG_SNIFF_LINES:
            break
    return False


def _document_starts(text: str) -> list[int]:
    """Character offsets where each complete JSON document of ``text`` starts.

    Stops at the first part that does not decode, so trailing garbage after one document
    yields a single start (that case is reported as extra text, not as concatenation).
    """
    starts: list[int] = []
    index = 0
    end = len(text)
    while True:
        while index < end and text[index] in " \t\r\n":
            index += 1
        if index >= end:
            return starts
        try:
            _, after = _DECODER.raw_decode(text, index)
        except (ValueError, RecursionError):  # a decoding error, a number of hundreds of digits
            return starts
        starts.append(index)
        index = after


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def describe_json(value: object) -> str:
    """A short phrase naming the JSON type (and, for scalars, the value) of ``value``.

    Used in error messages: ``found a string ("abc")``, ``found null``, ``found an object``.

    >>> describe_json(None), describe_json(3), describe_json([1]), describe_json("x")
    ('null', 'a number (3)', 'a list', 'a string ("x")')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'a string ("{shown}")'
    if isinstance(value, list):
        return "a list"
    return "an object"
