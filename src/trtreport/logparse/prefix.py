"""Split the logger prefix off one log line.

TensorRT logs reach us through several kinds of logger, each with its own prefix::

    [08/20/2024-19:31:00] [I] === Model Options ===                  trtexec's own messages
    [08/20/2024-19:31:01] [V] [TRT] Registered plugin creator ...    TensorRT's, through trtexec
    [04/25/2026-00:42:56] [TRT] [V] Engine Layer Information:        the Python samples' logger
    [TensorRT] VERBOSE: Original: 359 layers                         TensorRT 7's Python logger
    [TRT] [V] Original: 12 layers                                    custom loggers without time
    [2024-06-22 20:51:38.566] [TRT] [W] Using default stream         custom loggers, ISO time
    [TRT][VERBOSE] Original: 12 layers                               custom loggers, long levels
    WARNING: [TRT] Calibrator is not being used.                     level first, then the tag

TensorRT 8.0's trtexec repeats the timestamp (``[ts] [ts] [V] [TRT] msg``), and trtexec ≥ 10
strips the trailing space of an empty message (``[ts] [I]``); both are accepted. Lines without
any of these prefixes (the ``Engine Layer Information`` body, the ``--dumpLayerInfo`` text, the
``&&&&`` banners, plugin printf output) are returned as ``None`` for the caller to dispatch.

:func:`split_prefix` is the reference. The parser first tries the two formats that make up
nearly every line of large logs (trtexec's and the Python logger's, with their fixed-width
timestamp) by slicing and one dictionary look-up, and calls :func:`split_prefix` for the rest.
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


_SEVERITY_BY_LEVEL = {
    "V": "V",
    "I": "I",
    "W": "W",
    "E": "E",
    "F": "F",
    "VERBOSE": "V",
    "DEBUG": "V",
    "INFO": "I",
    "WARNING": "W",
    "WARN": "W",
    "ERROR": "E",
    "INTERNAL_ERROR": "F",
    "FATAL": "F",
    "KVERBOSE": "V",
    "KINFO": "I",
    "KWARNING": "W",
    "KERROR": "E",
    "KINTERNAL_ERROR": "F",
}
_LEVELS = "|".join(sorted(_SEVERITY_BY_LEVEL, key=len, reverse=True))
_TIME = (
    r"\d{2}/\d{2}/\d{4}-\d{2}:\d{2}:\d{2}(?:\.\d+)?"
    r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
    r"|\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
)
_TRT_TAG = r"TRT|TensorRT|trt|tensorrt"
# Timestamps, then the level and/or the TensorRT tag in brackets, in either order.
_BRACKETED = re.compile(
    rf"(?:\[(?P<ts>{_TIME})\] ?)*"
    rf"(?:\[(?P<sev>{_LEVELS})\] ?(?P<trt>\[(?:{_TRT_TAG})\])?"
    rf"|\[(?P<trt2>{_TRT_TAG})\] ?(?:\[(?P<sev2>{_LEVELS})\]|(?P<level>{_LEVELS}):))"
    r"(?: |\Z)",
    re.IGNORECASE,
)
# ``WARNING: [TRT] message`` (some wrappers put the level first).
_LEVEL_FIRST = re.compile(rf"(?P<level>{_LEVELS}): \[(?:{_TRT_TAG})\] (?:- )?", re.IGNORECASE)


def split_prefix(text: str) -> LogLine | None:
    """Return the line's severity, timestamp and message, or ``None`` if it has no logger prefix.

    >>> split_prefix("[08/20/2024-19:31:01] [V] [TRT] Original: 359 layers").message
    'Original: 359 layers'
    """
    if not text.startswith("["):
        match = _LEVEL_FIRST.match(text)
        if match is None:
            return None
        level = _SEVERITY_BY_LEVEL[match.group("level").upper()]
        return LogLine(level, "", text[match.end() :], True)
    match = _BRACKETED.match(text)
    if match is None:
        return None
    timestamp = match.group("ts") or ""
    if match.group("sev") is not None:
        severity = _SEVERITY_BY_LEVEL[match.group("sev").upper()]
        from_trt = match.group("trt") is not None
    else:
        level = match.group("sev2") or match.group("level")
        severity = _SEVERITY_BY_LEVEL[level.upper()]
        from_trt = True
    return LogLine(severity, timestamp, text[match.end() :], from_trt)
