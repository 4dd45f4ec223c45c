"""Split the logger prefix off one log line.

TensorRT logs reach us through four kinds of logger, each with its own prefix::

    [08/20/2024-19:31:00] [I] === Model Options ===                  trtexec's own messages
    [08/20/2024-19:31:01] [V] [TRT] Registered plugin creator ...    TensorRT's, through trtexec
    [04/25/2026-00:42:56] [TRT] [V] Engine Layer Information:        the Python samples' logger
    [TensorRT] VERBOSE: Original: 359 layers                         TensorRT 7's Python logger

TensorRT 8.0's trtexec repeats the timestamp (``[ts] [ts] [V] [TRT] msg``), and trtexec ≥ 10
strips the trailing space of an empty message (``[ts] [I]``); both are accepted. Lines without
any of these prefixes (the ``Engine Layer Information`` body, the ``--dumpLayerInfo`` text, the
``&&&&`` banners, plugin printf output) are returned as ``None`` for the caller to dispatch.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class LogLine(NamedTuple):
    """A line whose logger prefix was recognised."""

    severity: str
    """``V``, ``I``, ``W``, ``E`` or ``F``."""
    timestamp: str
    """``08/20/2024-19:31:00`` as written, or ``""`` (TensorRT 7 style)."""
    message: str
    """The text after the prefix (may be empty)."""
    from_trt: bool
    """True when TensorRT itself logged it (``[TRT]``/``[TensorRT]``), False for trtexec's own."""


_TIMESTAMPED = re.compile(
    r"(?:\[(?P<ts>\d{2}/\d{2}/\d{4}-\d{2}:\d{2}:\d{2})\] ?)+"
    r"(?:\[(?P<sev>[VIWEF])\](?P<trt> \[TRT\])?|\[TRT\] \[(?P<pysev>[VIWEF])\])"
    r"(?: |\Z)"
)
_TENSORRT7 = re.compile(r"\[TensorRT\] (?P<level>VERBOSE|INFO|WARNING|ERROR|INTERNAL_ERROR): ?")
_SEVERITY_BY_LEVEL = {
    "VERBOSE": "V",
    "INFO": "I",
    "WARNING": "W",
    "ERROR": "E",
    "INTERNAL_ERROR": "F",
}


def split_prefix(text: str) -> LogLine | None:
    """Return the line's severity, timestamp and message, or ``None`` if it has no logger prefix.

    >>> split_prefix("[08/20/2024-19:31:01] [V] [TRT] Original: 359 layers").message
    'Original: 359 layers'
    """
    if not text.startswith("["):
        return None
    if text.startswith("[TensorRT] "):
        old = _TENSORRT7.match(text)
        if old is None:
            return None
        return LogLine(_SEVERITY_BY_LEVEL[old.group("level")], "", text[old.end() :], True)
    match = _TIMESTAMPED.match(text)
    if match is None:
        return None
    severity = match.group("sev")
    if severity is None:
        return LogLine(match.group("pysev"), match.group("ts"), text[match.end() :], True)
    from_trt = match.group("trt") is not None
    return LogLine(severity, match.group("ts"), text[match.end() :], from_trt)
