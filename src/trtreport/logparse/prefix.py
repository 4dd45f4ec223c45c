"""Split the logger prefix off one log line.

TensorRT logs reach us through many kinds of logger, each with its own prefix::

    [08/20/2024-19:31:00] [I] === Model Options ===                  trtexec's own messages
    [08/20/2024-19:31:01] [V] [TRT] Registered plugin creator ...    TensorRT's, through trtexec
    [04/25/2026-00:42:56] [TRT] [V] Engine Layer Information:        the Python samples' logger
    [TensorRT] VERBOSE: Original: 359 layers                         TensorRT 7's Python logger
    [TRT] [V] Original: 12 layers                                    custom loggers without time
    [2024-06-22 20:51:38.566] [TRT] [W] Using default stream         custom loggers, ISO time
    [TRT][VERBOSE] Original: 12 layers                               custom loggers, long levels
    [TRT-Severity.VERBOSE] Original: 12 layers                       print(f"[TRT-{severity}] ...")
    [TRT]    Original: 12 layers                                     jetson-inference (no level)
    [X] Original: 12 layers                                          Polygraphy -vv ([V] is info)
    WARNING: [TRT] Calibrator is not being used.                     level first, then the tag
    VERBOSE:TRT:Original: 12 layers                                  Python logging, basic format
    TensorRT VERBOSE Original: 12 layers                             custom loggers, no brackets
    TRT Severity.VERBOSE: Original: 12 layers                        print(f"TRT {severity}: ...")
    DEBUG: [Torch-TensorRT TorchScript Conversion Context] - msg     Torch-TensorRT, TorchScript
    INFO:torch_tensorrt [TensorRT Conversion Context]:msg            Torch-TensorRT, dynamo
    I0829 03:48:41.018076 1161 logging.cc:46] msg                    Triton (glog; logging.cc is
                                                                     its TensorRT logger)
    2024-05-01 10:00:00,123 - TRT - VERBOSE - msg                    Python logging, asctime
    2024-05-01 10:00:00.123 | DEBUG    | build:log:42 - msg          loguru, from an ILogger's
                                                                     ``log`` method
    [DEBUG] [1714556400.123456789] [trt_node]: msg                   ROS 2 (rcutils), also behind
                                                                     ros2 launch's ``[trt_node-1]``
    [trt_node-1] [W] [TRT] msg                                       ros2 launch, a C++ node
    W0720 17:18:43.054003 22287 helper.h:107] msg                    Paddle Inference (glog)
    WARNING: [TRT]: msg                                              DeepStream (nvdsinfer)
    2021-01-07 22:13:56.065442: E tensorflow/compiler/tf2tensorrt/utils/trt_logger.cc:41]
        DefaultLogger msg                                            TF-TRT (glog, one line)
    [2020-11-10 13:45:42   ERROR] msg                                onnx-tensorrt's onnx2trt
    2024-09-06 13:40:43.695805375 [W:onnxruntime:Default, tensorrt_execution_provider.h:83 log]
        [2024-09-06 20:40:43 WARNING] msg                            ONNX Runtime's TensorRT EP

TensorRT 8.0's trtexec repeats the timestamp (``[ts] [ts] [V] [TRT] msg``), and trtexec ≥ 10
strips the trailing space of an empty message (``[ts] [I]``); both are accepted. A bracketed
level takes exactly one space after it, so that indented messages (TensorRT 10's graph dump,
``[V]     Input 0``) keep their indent. Level words may be in any case, but Polygraphy's ``[X]``
and ``[!]`` only as it prints them (a markdown ``[x] fix parser`` is no log line), and loguru's
``TRACE``/``SUCCESS`` and Python's ``CRITICAL`` only in those loggers' own formats (never
``[trace]``, ``[success]``, ``[critical]``).

After a bare ``[TRT]`` the blanks are one (``print(f"[TRT] {msg}")``) or jetson-inference's
padding of three or four, plus the message's own indent: TensorRT 10's graph dump indents by four
and eight, a few known messages start with one or two blanks. As the padding cannot be told from
the indent, ``n`` blanks in all leave ``4 * ((n - 1) // 4)`` blanks of indent: 1-4 none, 5-8
four, 9-12 eight. So ``[TRT]     Input 0`` (one blank, then an indent of four) keeps its four,
as do jetson-inference's ``[TRT]`` + three or four blanks + ``    Input 0``; an indent that is
not a multiple of four is lost (``[TRT]   x``, one blank and an indent of two, is ``x``),
except for the known messages (``[TRT]  (foreignNode) ...`` keeps its one blank whatever the
padding). See :func:`_unpadded`.

Lines without any of these prefixes (the ``Engine Layer Information`` body, the
``--dumpLayerInfo`` text, the ``&&&&`` banners, plugin printf output) are returned as ``None``
for the caller to dispatch; so are the lines of other loggers that look alike but are not
TensorRT's: Polygraphy's own status lines (``[I] RUNNING | Command: ...``, ``[I] Folding
Constants | Pass 3``) and chatter (``[I] TF32 is disabled by default. ...``), ros2 launch's own
lines (``[INFO] [launch]: ...``, no time), glog lines from other source files, loguru lines from
other functions.

The formats are a table, :data:`FORMATS`: one :class:`LoggerFormat` per way of splitting a
prefix (its name, real example lines with their split, its regex, how a match becomes a
:class:`LogLine`), in three groups by the line's first character (``[``, a letter, a digit),
tried in order; the first format whose regex matches a line splits it
(``tests/test_logger_formats.py`` checks that every example splits as its row says and is not
taken by an earlier row). :func:`split_prefix` is the reference. The parser first tries the
two formats that make up nearly every line of large logs (trtexec's and the Python logger's,
with their fixed-width timestamp) by slicing and one dictionary look-up, and calls
:func:`split_prefix` for the rest; the offsets and the dictionary (:data:`FIXED_TAGS`,
:data:`TIME_END`, :data:`MESSAGE_AT`) are derived from those rows (:attr:`LoggerFormat.fixed`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    "X": "V",
    "!": "F",
    "VERBOSE": "V",
    "DEBUG": "V",
    "TRACE": "V",
    "INFO": "I",
    "SUCCESS": "I",
    "WARNING": "W",
    "WARN": "W",
    "ERROR": "E",
    "INTERNAL_ERROR": "F",
    "FATAL": "F",
    "CRITICAL": "F",
    "KVERBOSE": "V",
    "KINFO": "I",
    "KWARNING": "W",
    "KERROR": "E",
    "KINTERNAL_ERROR": "F",
}
"""Level words (upper case) → severity letter. ``X`` and ``!`` are Polygraphy's extra-verbose
(TensorRT's verbose under ``-vv``) and critical; ``TRACE``/``SUCCESS`` are loguru's,
``CRITICAL`` Python logging's."""


def _alternatives(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first (so ``INFO`` never stops ``INFORMATION``)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_UNTAGGED = ("X", "!", "TRACE", "SUCCESS", "CRITICAL")
_TAG_LEVELS = _alternatives([level for level in _SEVERITY_BY_LEVEL if level not in _UNTAGGED])
"""The level words in or next to a tag (``[VERBOSE]``, ``[TRT] [V]``, ``[TensorRT] VERBOSE:``,
``[TRT-WARNING]``), in any case: TensorRT's severities and the usual aliases, not loguru's
``TRACE``/``SUCCESS`` nor Python's ``CRITICAL`` (``[trace]``, ``[success]``, ``[critical]`` are
no logger's prefix here)."""
_BRACKET_LEVELS = rf"(?-i:X|!)|{_TAG_LEVELS}"
"""A bracketed level: Polygraphy's ``[X]`` and ``[!]`` as it prints them, upper case only (a
markdown ``[x] fix parser`` is no log line), or one of :data:`_TAG_LEVELS`."""
_LEVELS = _alternatives(
    [*(level for level in _SEVERITY_BY_LEVEL if level not in _UNTAGGED), "CRITICAL"]
)
"""The level words before a tag (``WARNING: [TRT] ...``): those of :data:`_TAG_LEVELS` and
Python's ``CRITICAL``."""
_WORD_LEVELS = _alternatives(
    ["VERBOSE", "DEBUG", "INFO", "WARNING", "WARN", "ERROR", "INTERNAL_ERROR", "CRITICAL"]
)
"""The level words of Python's logging (and TensorRT's ``Severity`` names), upper case only."""
_LOGURU_LEVELS = _alternatives(["TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR"])
_TIME = (
    r"\d{2}/\d{2}/\d{4}-\d{2}:\d{2}:\d{2}(?:\.\d+)?"
    r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
    r"|\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
)
_TRT_TAG = r"TRT|TensorRT|trt|tensorrt"

_ROS_LEVELS = "DEBUG|INFO|WARN|ERROR|FATAL"
_LAUNCHED = rf"(?:\[[A-Za-z_][\w.]*-\d+\] (?=\[(?:{_ROS_LEVELS})\] \[))?"
"""ros2 launch's process name before a ROS 2 line (``[trt_node-1] [INFO] [1714...] [n]: ``)."""
_TIMES = rf"(?:\[(?P<ts>{_TIME})\] ?)*"
"""Timestamps in brackets (TensorRT 8.0's trtexec repeats its own)."""
_DATE = r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?"


class LoggerFormat(NamedTuple):
    """One logger format: its name, real example lines with how each splits, the regex of its
    prefix (matched at the line's start) and how a match becomes a :class:`LogLine`."""

    name: str
    examples: tuple[tuple[str, LogLine | None], ...]
    """Lines of this format and what :func:`split_prefix` makes of them (``None``: the format
    recognises the line as another tool's, not TensorRT's)."""
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], str], LogLine | None]
    """``(match, message)`` → the split line (the message is the text after the match)."""
    fixed: tuple[str, ...] = ()
    """For the formats of nearly every line of large logs: the text after the fixed-width
    timestamp (:data:`TIME_END` characters, ``[08/20/2024-19:31:01``) up to the message, with
    ``{}`` for the level letter. The parser's fast paths slice lines at these offsets
    (:func:`fixed_tags`)."""


def _ros(match: re.Match[str], message: str) -> LogLine | None:
    """A ROS 2 node's line; without its time, a line of ros2 launch itself (application output)."""
    if match.group("rts") is None:
        return None
    return LogLine(
        _SEVERITY_BY_LEVEL[match.group("ros").upper()], match.group("rts"), message, True
    )


def _onnx2trt(match: re.Match[str], message: str) -> LogLine | None:
    """onnx-tensorrt's ``[time   LEVEL] msg``."""
    return LogLine(
        _SEVERITY_BY_LEVEL[match.group("sev4").upper()], match.group("ots"), message, True
    )


def _level_first(match: re.Match[str], message: str) -> LogLine | None:
    """``[ts] [V] [TRT] msg`` (TensorRT's, through trtexec) or ``[ts] [I] msg`` (trtexec's own;
    Polygraphy's own status lines and chatter under an untagged level are no TensorRT lines)."""
    timestamp = match.group("ts") or ""
    short = match.group("sev")
    tagged = match.group("trt") is not None
    if not timestamp and not tagged and _polygraphy_own(message):
        return None  # Polygraphy's own status line or chatter: application output
    return LogLine(
        _SEVERITY_BY_LEVEL[short.upper()], timestamp, message, tagged or short.upper() == "X"
    )


def _tag_first(match: re.Match[str], message: str) -> LogLine | None:
    """``[ts] [TRT] [V] msg``, ``[TRT][VERBOSE] msg``, ``[TensorRT] VERBOSE: msg``,
    ``[TRT-Severity.VERBOSE] msg``."""
    level = match.group("sev2") or match.group("level") or match.group("sev3")
    return LogLine(_SEVERITY_BY_LEVEL[level.upper()], match.group("ts") or "", message, True)


def _bare_tag(match: re.Match[str], message: str) -> LogLine | None:
    """No level at all: TensorRT's info or verbose, from ``print(f"[TRT] {msg}")`` or from
    jetson-inference, which pads the tag with three or four blanks."""
    return LogLine("V", match.group("ts") or "", _unpadded(match.group("pad"), message), True)


def _word_level(match: re.Match[str], message: str) -> LogLine | None:
    """A level word, no time: ``WARNING: [TRT] msg``, ``VERBOSE:TRT:msg``, ``TRT VERBOSE msg``."""
    return LogLine(_SEVERITY_BY_LEVEL[match.group("l").upper()], "", message, True)


def _glog(match: re.Match[str], message: str) -> LogLine | None:
    """A glog line of Triton's or Paddle's TensorRT logger."""
    if len(message) > 1 and message[0] == '"' and message[-1] == '"':
        # Triton 24 and later quote (and escape) each message
        message = message[1:-1].replace('\\"', '"')
    return LogLine(match.group("glog"), "", message, True)


def _stamped(match: re.Match[str], message: str) -> LogLine | None:
    """A time, then a level word: Python logging's asctime, loguru, TF-TRT."""
    return LogLine(_SEVERITY_BY_LEVEL[match.group("l")], match.group("ts"), message, True)


def _onnxruntime(match: re.Match[str], message: str) -> LogLine | None:
    """ONNX Runtime's TensorRT execution provider logs TensorRT's line, with its own prefix,
    behind ORT's: the inner prefix holds TensorRT's level."""
    return split_prefix(message) or LogLine(match.group("ort"), match.group("ts"), message, True)


def _format(
    name: str,
    regex: str,
    read: Callable[[re.Match[str], str], LogLine | None],
    examples: tuple[tuple[str, LogLine | None], ...],
    *,
    flags: int = 0,
    fixed: tuple[str, ...] = (),
) -> LoggerFormat:
    """A logger format (``regex`` is matched at the start of a line)."""
    return LoggerFormat(name, examples, re.compile(regex, flags), read, fixed)


BRACKETED_FORMATS: tuple[LoggerFormat, ...] = (
    _format(
        "ros2",
        rf"{_LAUNCHED}\[(?P<ros>{_ROS_LEVELS})\] (?:\[(?P<rts>\d+(?:\.\d+)?)\] )?\[[^\]\s]+\]: ",
        _ros,
        (
            (
                "[INFO] [1714556400.123456789] [trt_node]: Original: 12 layers",
                LogLine("I", "1714556400.123456789", "Original: 12 layers", True),
            ),
            ("[INFO] [launch]: All log files can be found below /root/.ros/log", None),
        ),
        flags=re.IGNORECASE,
    ),
    _format(
        "onnx2trt",
        rf"{_LAUNCHED}\[(?P<ots>\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d) +(?P<sev4>{_TAG_LEVELS})\]"
        r"(?: |\Z)",
        _onnx2trt,
        (
            (
                "[2020-11-10 13:45:42   ERROR] Network must have at least one output",
                LogLine("E", "2020-11-10 13:45:42", "Network must have at least one output", True),
            ),
        ),
        flags=re.IGNORECASE,
    ),
    _format(
        "level-first",
        rf"{_LAUNCHED}{_TIMES}\[(?P<sev>{_BRACKET_LEVELS})\](?: ?(?P<trt>\[(?:{_TRT_TAG})\]))?"
        r"(?: |\Z)",
        _level_first,
        (
            (
                "[08/20/2024-19:31:01] [V] [TRT] Original: 359 layers",
                LogLine("V", "08/20/2024-19:31:01", "Original: 359 layers", True),
            ),
            (
                "[08/20/2024-19:31:00] [I] === Model Options ===",
                LogLine("I", "08/20/2024-19:31:00", "=== Model Options ===", False),
            ),
            ("[X] Original: 12 layers", LogLine("V", "", "Original: 12 layers", True)),
            ("[I] RUNNING | Command: polygraphy run m.onnx --trt", None),
        ),
        flags=re.IGNORECASE,
        fixed=("] [{}] [TRT] ", "] [{}] "),
    ),
    _format(
        "tag-first",
        rf"{_LAUNCHED}{_TIMES}(?:\[(?:{_TRT_TAG})\] ?(?:\[(?P<sev2>{_TAG_LEVELS})\]"
        rf"|(?P<level>{_TAG_LEVELS}):)|\[(?:{_TRT_TAG})-(?:Severity\.)?(?P<sev3>{_TAG_LEVELS})\])"
        r"(?: |\Z)",
        _tag_first,
        (
            (
                "[04/25/2026-00:42:56] [TRT] [V] Engine Layer Information:",
                LogLine("V", "04/25/2026-00:42:56", "Engine Layer Information:", True),
            ),
            (
                "[TensorRT] VERBOSE: Original: 359 layers",
                LogLine("V", "", "Original: 359 layers", True),
            ),
            ("[TRT][VERBOSE] Original: 12 layers", LogLine("V", "", "Original: 12 layers", True)),
            (
                "[TRT-Severity.VERBOSE] Original: 12 layers",
                LogLine("V", "", "Original: 12 layers", True),
            ),
        ),
        flags=re.IGNORECASE,
        fixed=("] [TRT] [{}] ",),
    ),
    _format(
        "bare-tag",
        rf"{_LAUNCHED}{_TIMES}\[(?:{_TRT_TAG})\](?P<pad> +|\Z)",
        _bare_tag,
        (("[TRT]    Original: 12 layers", LogLine("V", "", "Original: 12 layers", True)),),
        flags=re.IGNORECASE,
    ),
)
"""Formats of lines starting with ``[``: timestamps, then the level and/or the TensorRT tag, in
either order; or ROS 2's ``[LEVEL] [seconds.nanoseconds] [node]: `` (that of a ros2 launch
process name before it; without the time, a line of ros2 launch itself)."""

WORDY_FORMATS: tuple[LoggerFormat, ...] = (
    _format(
        "level-then-tag",
        rf"(?i:(?P<l>{_LEVELS}): )(?:\[(?:{_TRT_TAG})\]:? "
        r"|\[Torch-TensorRT TorchScript Conversion Context\] - )",
        _word_level,
        (
            (
                "WARNING: [TRT] Calibrator is not being used.",
                LogLine("W", "", "Calibrator is not being used.", True),
            ),
            ("WARNING: [TRT]: Original: 12 layers", LogLine("W", "", "Original: 12 layers", True)),
            (
                "DEBUG: [Torch-TensorRT TorchScript Conversion Context] - Original: 12 layers",
                LogLine("V", "", "Original: 12 layers", True),
            ),
        ),
    ),
    _format(
        "python-logging",
        rf"(?P<l>{_WORD_LEVELS}):"
        rf"(?:(?:{_TRT_TAG})|torch_tensorrt \[TensorRT Conversion Context\]):",
        _word_level,
        (
            ("VERBOSE:TRT:Original: 12 layers", LogLine("V", "", "Original: 12 layers", True)),
            (
                "INFO:torch_tensorrt [TensorRT Conversion Context]:Original: 12 layers",
                LogLine("I", "", "Original: 12 layers", True),
            ),
        ),
    ),
    _format(
        "tag-then-level",
        rf"(?:TensorRT|TRT) (?:Severity\.)?(?P<l>{_WORD_LEVELS}):? ",
        _word_level,
        (
            ("TensorRT VERBOSE Original: 12 layers", LogLine("V", "", "Original: 12 layers", True)),
            (
                "TRT Severity.VERBOSE: Original: 12 layers",
                LogLine("V", "", "Original: 12 layers", True),
            ),
        ),
    ),
    _format(
        "glog",
        r"(?P<glog>[IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ (?:logging\.cc|helper\.h):\d+\] ",
        _glog,
        (
            (
                "I0829 03:48:41.018076 1161 logging.cc:46] Original: 12 layers",
                LogLine("I", "", "Original: 12 layers", True),
            ),
            (
                "W0720 17:18:43.054003 22287 helper.h:107] Original: 12 layers",
                LogLine("W", "", "Original: 12 layers", True),
            ),
        ),
    ),
)
"""Formats of lines starting with a letter: a level word or the tag first, or a glog line of
Triton's or Paddle's TensorRT logger (its source file is ``logging.cc``, ``helper.h``)."""

STAMPED_FORMATS: tuple[LoggerFormat, ...] = (
    _format(
        "python-asctime",
        rf"(?P<ts>{_DATE}) - (?:{_TRT_TAG}) - (?P<l>{_WORD_LEVELS}) - ",
        _stamped,
        (
            (
                "2024-05-01 10:00:00,123 - TRT - VERBOSE - Original: 12 layers",
                LogLine("V", "2024-05-01 10:00:00,123", "Original: 12 layers", True),
            ),
        ),
    ),
    _format(
        "loguru",
        rf"(?P<ts>{_DATE}) \| (?P<l>{_LOGURU_LEVELS}) *\| [^\s|]*:log:\d+ - ",
        _stamped,
        (
            (
                "2024-05-01 10:00:00.123 | DEBUG    | build:log:42 - Original: 12 layers",
                LogLine("V", "2024-05-01 10:00:00.123", "Original: 12 layers", True),
            ),
        ),
    ),
    _format(
        "tf-trt",
        rf"(?P<ts>{_DATE}): (?P<l>[IWEF]) \S*(?:tf2tensorrt/utils|contrib/tensorrt/log)"
        r"/trt_logger\.cc:\d+\] (?:TF-TRT \w+: )?(?:DefaultLogger )?",
        _stamped,
        (
            (
                "2021-01-07 22:13:56.065442: E "
                "tensorflow/compiler/tf2tensorrt/utils/trt_logger.cc:41] DefaultLogger Network "
                "must have at least one output",
                LogLine(
                    "E", "2021-01-07 22:13:56.065442", "Network must have at least one output", True
                ),
            ),
        ),
    ),
    _format(
        "onnxruntime",
        rf"(?P<ts>{_DATE}) \[(?P<ort>[VIWEF]):onnxruntime:[^,\]]*, "
        r"tensorrt_execution_provider\.h:\d+ log\] ",
        _onnxruntime,
        (
            (
                "2024-09-06 13:40:43.695805375 [W:onnxruntime:Default, "
                "tensorrt_execution_provider.h:83 log] [2024-09-06 20:40:43 WARNING] Original: 12 "
                "layers",
                LogLine("W", "2024-09-06 20:40:43", "Original: 12 layers", True),
            ),
        ),
    ),
)
"""Formats of lines starting with a digit: Python logging's asctime, loguru's time, TF-TRT's
glog line, ONNX Runtime's TensorRT execution provider; then the level."""

FORMATS: tuple[LoggerFormat, ...] = BRACKETED_FORMATS + WORDY_FORMATS + STAMPED_FORMATS
"""Every logger format, in the order :func:`split_prefix` tries them: a line's first
character selects one group (``[``: :data:`BRACKETED_FORMATS`, a letter:
:data:`WORDY_FORMATS`, a digit: :data:`STAMPED_FORMATS`), whose formats are tried in order; the
first whose regex matches splits the line."""

_SPACED_MESSAGES = (
    (" (foreignNode) ", " Try increasing the workspace", " Example of equivalent"),
    ("  List of affected weights: ",),
)
"""TensorRT messages that start with one blank, and with two (kept when a padded ``[TRT]``
tag comes first)."""
_WORDY_FIRST = frozenset("TIWEF") | frozenset(
    first
    for level in _SEVERITY_BY_LEVEL
    if level.isalpha()
    for first in (level[0], level[0].lower())
)
"""First characters of the lines :data:`WORDY_FORMATS` can match (others are not tried)."""

TIME_END = len("[08/20/2024-19:31:01")
"""Where the fixed-width timestamp of trtexec's and the Python logger's lines ends."""


def fixed_tags() -> dict[str, LogLine]:
    """The fast paths' view of the fixed-width formats: for each text that follows the
    timestamp (``"] [V] [TRT] "``, ``"] [TRT] [W] "``, ``"] [I] "``, ... from
    :attr:`LoggerFormat.fixed`), what its format makes of a line with it (severity, from_trt;
    the message is ``"x"``), for the levels ``V``, ``I``, ``W``, ``E``, ``F``."""
    found: dict[str, LogLine] = {}
    for logger in FORMATS:
        for template in logger.fixed:
            for severity in "VIWEF":
                tags = template.format(severity)
                line = "[08/20/2024-19:31:01" + tags + "x"
                split = split_prefix(line)
                if split is None or split.message != "x":
                    raise ValueError(f"format {logger.name}: {tags!r} does not split")
                found[tags] = split
    return found


POLYGRAPHY_STATUS = r" *[^\s|\[\]()][^|\[\]()]* \| "
"""A Polygraphy status message: a short label, then `` | `` (``RUNNING | Command: ...``,
``Folding Constants | Pass 3``, ``trt-runner-N0-11/11/25-14:54:16     | Activating ...``).
The label cannot hold a ``|``, so the greedy label ends where the lazy ``*? +\\| `` did (at the
first ``|``), in linear time on a run of blanks."""
_POLYGRAPHY_STATUS = re.compile(POLYGRAPHY_STATUS)
POLYGRAPHY_CHATTER = (
    r"(?:Will generate inference input data |TF32 is disabled by default\."
    r"|Building engine with configuration:|Finished engine building in |Configuring with profiles:"
    r"|Loading model: |Loading plugin librar|Loading TensorRT runtime from: "
    r"|Loaded extension modules: |Setting TensorRT Optimization Profiles|Created calibrator \["
    r"|Input tensor: \S+ \(dtype=[^)]*, shape=\([^)]*\)\) \| "
    r"|Marking (?:all ONNX tensors|\d+ tensors) as outputs"
    r"|(?:Saving|Loading) [\w ]+? (?:to|from):? \S"
    r"|Writing timing cache to |Loading inputs from data loader|Generating data using numpy seed: "
    r"|Iteration: \d+\s*\Z|Error Metrics: |Successfully ran: |={4} .* ={4}\s*\Z)"
)
"""Polygraphy's own messages about its run (not TensorRT's), logged with the same ``[I]``-style
tags: ``Will generate inference input data according to provided TensorMetadata: ...``, ``TF32
is disabled by default. ...``, ``Finished engine building in 12.3 seconds``, ``Saving engine to
m.plan``, ``==== TensorRT Engine ====``."""
_POLYGRAPHY_CHATTER = re.compile(POLYGRAPHY_CHATTER)


def split_prefix(text: str) -> LogLine | None:
    """Return the line's severity, timestamp and message, or ``None`` if it has no logger prefix.

    >>> split_prefix("[08/20/2024-19:31:01] [V] [TRT] Original: 359 layers").message
    'Original: 359 layers'
    >>> split_prefix("VERBOSE:TRT:Original: 359 layers")
    LogLine(severity='V', timestamp='', message='Original: 359 layers', from_trt=True)
    """
    first = text[:1]
    if first == "[":
        return _split_bracketed(text)
    if first in _WORDY_FIRST:
        return _first_format(WORDY_FORMATS, text)
    if first.isdigit():
        return _first_format(STAMPED_FORMATS, text)
    return None


def _first_format(formats: tuple[LoggerFormat, ...], text: str) -> LogLine | None:
    """What the first of ``formats`` whose regex matches ``text`` makes of it."""
    for logger in formats:
        match = logger.pattern.match(text)
        if match is not None:
            return logger.read(match, text[match.end() :])
    return None


_LAUNCH = re.compile(r"\[[A-Za-z_][\w.]*-\d+\] (?=\[)")
"""ros2 launch's process name in front of every line its node prints (``[trt_node-1] ``)."""


def _split_bracketed(text: str) -> LogLine | None:
    """:func:`split_prefix` for a line starting with ``[``."""
    for logger in BRACKETED_FORMATS:
        match = logger.pattern.match(text)
        if match is not None:
            return logger.read(match, text[match.end() :])
    launch = _LAUNCH.match(text)
    return _split_bracketed(text[launch.end() :]) if launch is not None else None


def _polygraphy_own(message: str) -> bool:
    """True for Polygraphy's own messages (status lines, chatter) under an untagged level,
    also indented under the status line they belong to."""
    if " | " in message and _POLYGRAPHY_STATUS.match(message) is not None:
        return True
    message = message.lstrip(" ")
    first = message[:1]
    return (first.isupper() or first == "=") and _POLYGRAPHY_CHATTER.match(message) is not None


def _unpadded(pad: str, message: str) -> str:
    """The message after ``[TRT]`` and ``pad``, with the message's own indent restored.

    ``print(f"[TRT] {msg}")`` puts one blank after the tag, jetson-inference three or four.
    TensorRT's indented messages are its graph dump's (four or eight blanks) and a few known
    ones starting with one or two blanks: ``n`` blanks in all leave ``4 * ((n - 1) // 4)``
    blanks of indent (1-4: none, 5-8: four, 9-12: eight), unless the text is a known message.

    >>> _unpadded("     ", "Input 0"), _unpadded("        ", "Input 0"), _unpadded("    ", "x")
    ('    Input 0', '    Input 0', 'x')
    """
    for blanks, messages in enumerate(_SPACED_MESSAGES, start=1):
        if (" " * blanks + message).startswith(messages):
            return " " * blanks + message
    blanks = len(pad)
    return " " * (4 * ((blanks - 1) // 4)) + message if blanks > 4 else message


_OUTER_PREFIXES = (
    # GitHub Actions' downloaded logs, docker logs -t, kubectl logs --timestamps
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d) ",
    # docker compose: the service's name, padded, and a bar
    r"[A-Za-z0-9][\w.-]* *\| ",
    # journalctl's short format: time, host, unit[pid]
    r"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [\w.@/-]+(?:\[\d+\])?: ",
    # a log kept as comments in a script, or quoted in Markdown
    r"(?:#+|//|>) ?",
)
"""What a CI system, a container runtime or the journal puts in front of every line it
captured (or a script's comment marks, a Markdown quote), before the logger's own prefix."""
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""Terminal escape sequences (colors) that a tool writing to a terminal or a CI log adds."""


def outer_prefix(block: str) -> re.Pattern[str] | None:
    """The prefix that a CI log, ``docker logs -t``, ``docker compose`` or the journal puts in
    front of each line, if at least half of the first block's non-blank lines (and three or
    more) start with it; as a pattern that removes it from each line of a block (with the
    newline before it: apply it to ``"\\n" + block``). ``None`` for a log as its logger wrote it.
    """
    lines = [text for text in block.split("\n", 2000)[:2000] if text.strip()]
    for prefix in _OUTER_PREFIXES:
        starts = re.compile(prefix).match
        found = sum(1 for text in lines if starts(text) is not None)
        if found >= 3 and 2 * found >= len(lines):
            return re.compile("\n" + prefix)
    return None


def without_outer_prefix(block: str, outer: re.Pattern[str] | None) -> str:
    """``block`` with the outer prefix (see :func:`outer_prefix`) and terminal escape
    sequences taken off its lines; the same string when it has neither."""
    if outer is not None:
        block = outer.sub("\n", "\n" + block)[1:]
    if "\x1b[" in block:
        block = _ANSI.sub("", block)
    return block


FIXED_TAGS = fixed_tags()
"""The text after the fixed-width timestamp of trtexec's and the Python logger's lines →
what the line's format makes of it (:func:`fixed_tags`): the parser's fast paths look the
slice ``text[TIME_END:...]`` up here instead of calling :func:`split_prefix`."""
VERBOSE_TRT_TAGS = tuple(
    tags for tags, split in FIXED_TAGS.items() if split.from_trt and split.severity == "V"
)
"""``"] [V] [TRT] "`` (trtexec) and ``"] [TRT] [V] "`` (the Python logger): the tags of
TensorRT's verbose lines, where autotuning, the ONNX import and the optimizer log."""
MESSAGE_AT = TIME_END + len(VERBOSE_TRT_TAGS[0])
"""Where the message of a line with one of :data:`VERBOSE_TRT_TAGS` starts."""
if any(len(TIME_END * " " + tags) != MESSAGE_AT for tags in VERBOSE_TRT_TAGS):
    raise ValueError("the verbose TensorRT tags must all have the same width")
