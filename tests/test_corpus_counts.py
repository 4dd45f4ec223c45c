"""The log parser against an independent count of the same lines, for every corpus log.

Each log of ``../shared/corpus`` is read twice: once by :func:`parse_build_log` (through
:func:`open_text_lines`, as the CLI does) and once by the small counter below, which shares no
code or regex with :mod:`trtreport.logparse`. The counter splits the log into builds, and per
build collects, by line shape: the optimizer's pass-event lines (with their line number, kind
and pass), the layer-count funnel, the binding lines (both forms, or the layer dump's
``Bindings:`` list), the TensorRT version (``TensorRT version:``, the banner's ``v8412``/``v101401``
or the builder resource library's suffix), the selected device, the engine layers (``Layer(``
lines after ``Engine Layer Information:``, or the ``--dumpLayerInfo`` entries), the ONNX nodes
parsed, and the warning and error lines. Every figure must equal what the parser returned.

A case where the parser is wrong expects the right value and is marked ``xfail(strict=True)``
(per log in :data:`KNOWN_WRONG`, or on the test), so that fixing the parser turns it into an
unexpected pass: remove the mark then.

Skipped when the corpus is absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import pytest

from conftest import CORPUS_DIR
from trtreport.logparse import parse_build_log
from trtreport.model import BuildLog
from trtreport.textio import open_text_lines

pytestmark = pytest.mark.corpus

CORPUS = CORPUS_DIR


def _corpus_logs() -> list[str]:
    """Names of the corpus's text logs (``.log``/``.txt`` files whose content is not JSON)."""
    json_start = re.compile(r"\s*(?:\{|\[\s*(?:[{\"\]]|\Z))")
    return [
        path.name
        for path in sorted(CORPUS.iterdir())
        if path.suffix in (".log", ".txt")
        and not json_start.match(path.read_bytes()[:256].decode("utf-8", "replace"))
    ]


LOGS = _corpus_logs() if CORPUS.is_dir() else []  # without it, conftest leaves these tests out

# --- the independent counter ---------------------------------------------------------------------

_STAMP = r"\[\d\d/\d\d/\d{4}-\d\d:\d\d:\d\d(?:\.\d+)?\] ?"
_LOGGER = re.compile(
    rf"(?:{_STAMP})+"
    r"(?:\[(?P<own>[VIWEF])\](?: \[TRT\])?|\[TRT\] \[(?P<py>[VIWEF])\])(?: |$)"
    r"|\[TensorRT\] (?P<word>VERBOSE|INFO|WARNING|ERROR|INTERNAL_ERROR): "
)
"""The logger prefixes the corpus holds: trtexec's ``[ts] [V] [TRT]`` (and ``[ts] [I]`` for its
own messages; TensorRT 8.0 repeats the timestamp), the Python samples' ``[ts] [TRT] [V]``, and
TensorRT 7's ``[TensorRT] VERBOSE:``."""
_WORD_LEVEL = {"VERBOSE": "V", "INFO": "I", "WARNING": "W", "ERROR": "E", "INTERNAL_ERROR": "F"}


def split(line: str) -> tuple[str, str] | None:
    """``(severity, message)`` of a line with a logger prefix, else ``None``."""
    found = _LOGGER.match(line)
    if found is None:
        return None
    level = found.group("own") or found.group("py") or _WORD_LEVEL[found.group("word")]
    return level, line[found.end() :]


# Optimizer event lines, by shape: (compiled regex on the message, kind, how the pass is named).
# "group" takes the pass from the regex's first group, "running" from the last "Running:" line,
# any other string is the pass itself.
_EVENTS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(regex), kind, pass_name)
    for regex, kind, pass_name in (
        (r"QDQ (?:graph optimizer|optimization pass)", "phase", "message"),
        (r"Running: (\S+)(?: on \S.*)?$", "running", "group"),
        (r"QuantizeDoubleInputNodes: fusing .+ into .+$", "fuse", "QuantizeDoubleInputNodes"),
        (r"(\w+): Fusing .+ with .+$", "fuse", "group"),
        (r"Fusing .+ with .+$", "fuse", "running"),
        (r"Removing \S", "remove", "running"),
        (r"Swapping .+ with .+$", "swap", "running"),
        (r"Eliminating slice .+ by retargeting ", "eliminate-slice", "Eliminating slice"),
        (r"Eliminating concatenation \S", "eliminate-concat", "Eliminating concatenation"),
        (r"Eliminating .+ which duplicates \(D?Q\) .+$", "eliminate-duplicate", "running"),
        (r"Swap the layer type of .+ from \w+ to \w+\s*$", "swap-type", "running"),
        (r"Convert layer type of .+ from \w+ to \w+\s*$", "swap-type", "running"),
        (r"Merging layers: \S", "merge", "Merging layers"),
        (r"Retargeting .+ to .+$", "retarget", "Retargeting"),
        (
            r"Generating copy for .+ because (?:of stomping hazard|input is not movable)",
            "stomp-copy",
            "Generating copy",
        ),
        (r"-+SqueezePushDown \w+ case: ", "other", "running-or-squeeze"),
    )
)
_PASS_SAYS = re.compile(r"(\w+): \S")
"""Any other ``PASS: text`` line while PASS is the running pass: an event of kind ``other``."""

_STAGE = re.compile(r"(?:Original|After (.+)): (\d+) layers\s*$")
_CREATED = re.compile(r"Created (input|output) binding for (.+) with dimensions ([\dx-]*)$")
_IS_CREATED = re.compile(
    r"(Input|Output) binding for (.+) with dimensions ([\dx-]*)(?: and type \w+)? is created\.$"
)
_BANNER = re.compile(r"&&&& (RUNNING|PASSED|FAILED|WAIVED) ")
_BANNER_VERSION = re.compile(r"\[TensorRT v(\d{4,6})\]")
_DECLARED = re.compile(r"TensorRT version: ([\d.]+)\s*$")
_LIBRARY = re.compile(r"libnvinfer_builder_resource\w*\.so\.(\d+\.\d+\.\d+)")
_DEVICE = re.compile(r"Selected Device: (.+)$")
_ONNX_START = ("Parsing node: ", "Adding network input: ", "Importing initializer: ")


def packed(number: str) -> str:
    """``8401`` → ``8.4.1``, ``8510`` → ``8.5.10``, ``8003`` → ``8.0.3``, ``101401`` → ``10.14.1``."""
    if not number.isdigit():
        return number
    if len(number) == 6:
        return f"{int(number[:2])}.{int(number[2:4])}.{int(number[4:])}"
    if len(number) == 4:
        return f"{number[0]}.{number[1]}.{int(number[2:])}"
    return number


@dataclass
class Counted:
    """What the counter found for one build."""

    first_line: int
    started_by: str = "start"
    """``start``, ``banner``, ``after-trailer`` (a line after ``&&&& PASSED``), ``builder``."""
    events: list[tuple[int, str, str]] = field(default_factory=list)
    stages: list[tuple[str, int]] = field(default_factory=list)
    created: list[tuple[str, str, tuple[int, ...]]] = field(default_factory=list)
    dump_bindings: list[str] = field(default_factory=list)
    banner_version: str = ""
    declared_version: str = ""
    library_version: str = ""
    device: str = ""
    eli_layers: int = 0
    dump_layers: int = 0
    onnx_nodes: int = 0
    warnings: int = 0
    errors: int = 0
    substance: bool = False
    built: bool = False
    """An ``Original:`` or ``Engine Layer Information`` was seen: the next builder is a new build."""
    running: str = ""
    ran: bool = False
    """The engine was loaded or run: a builder's error after this belongs to a later build."""

    @property
    def version(self) -> str:
        """What the build says its version is, most explicit source first."""
        return self.declared_version or self.banner_version or self.library_version

    @property
    def engine_layers(self) -> int:
        """``Layer(`` lines if the build has them, else the dump's entries."""
        return self.eli_layers or self.dump_layers


@dataclass
class Count:
    """The counter's result for one log."""

    lines: int
    builds: list[Counted]
    application: int
    """Non-blank lines without a logger prefix outside the engine-layer and dump blocks."""


_RAN = (
    "Loaded engine size",
    "Deserialization required",
    "[MemUsageChange] TensorRT-managed allocation in IExecutionContext",
    "Starting inference",
)
_BUILDER_ERROR_WORDS = (
    "IBuilder::build",
    "buildSerializedNetwork",
    "Could not find any implementation",
    "Skipping tactic",
)


def read(path: Path) -> list[str]:
    """The file's lines: UTF-8 with replacement, split on LF, CR and CRLF only (not on the
    ``\\x1e``/``\\x1f`` separators TensorRT 10 puts in layer metadata)."""
    text = path.read_bytes().decode("utf-8", "replace").replace("\x00", "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def count(lines: list[str]) -> Count:
    """Count the log's builds and their figures by line shape (see the module docstring)."""
    builds: list[Counted] = []
    cur = Counted(first_line=1)
    closed = False  # a "&&&& PASSED/FAILED" trailer ended the current trtexec run
    block = ""  # "eli", "dump", "dump-bindings" or ""
    application = 0

    def new_build(line: int, why: str) -> None:
        nonlocal cur, closed
        closed = False
        if cur.substance:
            builds.append(cur)
            cur = Counted(first_line=line, started_by=why)
        else:
            cur.started_by = why

    for number, line in enumerate(lines, 1):
        parsed = split(line)
        if parsed is None:
            stripped = line.strip()
            if not stripped:
                continue
            banner = _BANNER.match(line)
            if banner is not None:
                block = ""
                if banner.group(1) == "RUNNING":
                    new_build(number, "banner")
                    version = _BANNER_VERSION.search(line)
                    cur.banner_version = packed(version.group(1)) if version else ""
                else:
                    closed = True
                cur.substance = True
                continue
            if block == "eli" and line.startswith("Layer("):
                cur.eli_layers += 1
                continue
            if block in ("dump", "dump-bindings") and stripped == "Bindings:":
                block = "dump-bindings"
                continue
            if block == "dump":
                cur.dump_layers += 1
                continue
            if block == "dump-bindings":
                cur.dump_bindings.append(stripped)
                continue
            application += 1
            continue
        level, message = parsed
        block = ""
        if closed:
            new_build(number, "after-trailer")
        if level == "W":
            cur.warnings += 1
            continue
        if level in ("E", "F"):
            if cur.ran and any(word in message for word in _BUILDER_ERROR_WORDS):
                new_build(number, "builder")
                cur.substance = True
            cur.errors += 1
            continue
        if message.startswith(_RAN):
            cur.ran = True
        if message.startswith(_ONNX_START) and cur.built:
            new_build(number, "builder")
        if message.startswith("Parsing node: "):
            cur.onnx_nodes += 1
            cur.substance = True
        if message.rstrip() == "Engine Layer Information:":
            if cur.eli_layers:
                new_build(number, "builder")
            block = "eli"
            cur.built = cur.substance = True
            continue
        if message.rstrip() == "Layers:":
            block = "dump"
            cur.substance = True
            continue
        stage = _STAGE.match(message)
        if stage is not None:
            if stage.group(1) is None and cur.built and cur.stages:
                new_build(number, "builder")
            cur.stages.append((stage.group(1) or "Original", int(stage.group(2))))
            cur.built = cur.substance = True
            continue
        if count_event(cur, number, message):
            cur.substance = True
            continue
        binding = _CREATED.match(message) or _IS_CREATED.match(message)
        if binding is not None:
            name, way, dims = binding.group(2), binding.group(1).lower(), binding.group(3)
            shape = tuple(int(d) for d in dims.split("x")) if dims else ()
            if (name, way) not in {(n, w) for n, w, _ in cur.created}:
                cur.created.append((name, way, shape))
            cur.substance = True
        declared = _DECLARED.match(message)
        if declared is not None:
            cur.declared_version = packed(declared.group(1))
            cur.substance = True
        device = _DEVICE.match(message)
        if device is not None:
            cur.device = device.group(1).strip()
            cur.substance = True
        library = _LIBRARY.search(message)
        if library is not None:
            cur.library_version = library.group(1)
        if message.startswith("=== Model Options ==="):
            cur.substance = True
    if not cur.substance and builds:
        builds[-1].warnings += cur.warnings
        builds[-1].errors += cur.errors
    else:
        builds.append(cur)
    # A builder in the same process keeps the library version read before it (Python scripts).
    for before, after in pairwise(builds):
        if after.started_by == "builder" and not after.library_version:
            after.library_version = before.library_version
    return Count(len(lines), builds, application)


def count_event(cur: Counted, line: int, message: str) -> bool:
    """Record an optimizer event line in ``cur``; True if the message is one."""
    for regex, kind, naming in _EVENTS:
        found = regex.match(message)
        if found is None:
            continue
        if naming == "message":
            name = message.strip()
            cur.running = ""
        elif naming == "group":
            name = found.group(1)
            if kind == "running":
                cur.running = name
        elif naming == "running":
            name = cur.running
        elif naming == "running-or-squeeze":
            name = cur.running or "SqueezePushDown"
        else:
            name = naming
        cur.events.append((line, kind, name))
        return True
    says = _PASS_SAYS.match(message)
    if says is not None and cur.running and says.group(1) == cur.running:
        cur.events.append((line, "other", cur.running))
        return True
    return False


# --- fixtures ------------------------------------------------------------------------------------

_CACHE: dict[str, tuple[Count, BuildLog]] = {}


def both(corpus_dir: Path, name: str) -> tuple[Count, BuildLog]:
    """The independent count and the parser's result for one corpus log (computed once)."""
    if name not in _CACHE:
        path = corpus_dir / name
        with path.open("rb") as raw:
            log = parse_build_log(open_text_lines(raw, name), name)
        _CACHE[name] = (count(read(path)), log)
    return _CACHE[name]


KNOWN_WRONG: dict[tuple[str, str], str] = {}
"""``(log, check)`` → why the parser is wrong there (none at present)."""


def cases(check: str) -> list[object]:
    """The corpus logs as parameters of ``check``, known parser errors marked strict xfail."""
    params: list[object] = []
    for name in LOGS:
        reason = KNOWN_WRONG.get((name, check))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(name, id=name[:80], marks=marks))
    return params


# --- tests ---------------------------------------------------------------------------------------


def test_corpus_has_logs() -> None:
    """GIVEN the corpus THEN it holds the text logs these tests compare (not only JSON)."""
    assert len(LOGS) >= 25


@pytest.mark.parametrize("name", cases("builds"))
def test_number_of_builds(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN the parser finds as many builds as the counter."""
    counted, log = both(corpus_dir, name)
    assert len(log.builds) == len(counted.builds)


@pytest.mark.parametrize("name", cases("build_bounds"))
def test_build_boundaries(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN a build opened by a banner or by the first TensorRT line after a
    ``&&&&`` trailer starts on that line, and each build holds the ``Parsing node`` lines
    (and the kind) that come between its start and the next one's."""
    counted, log = both(corpus_dir, name)
    expected = [
        (c.first_line if c.started_by in ("banner", "after-trailer") else None, c.onnx_nodes)
        for c in counted.builds
    ]
    got = [
        (
            b.first_line if c.started_by in ("banner", "after-trailer") else None,
            len(b.onnx.nodes) if b.onnx else 0,
        )
        for b, c in zip(log.builds, counted.builds, strict=True)
    ]
    assert got == expected
    for b in log.builds:
        if "--loadEngine" in b.command:
            assert b.kind == "inference", b.index


@pytest.mark.parametrize("name", cases("pass_events"))
def test_pass_events(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build's pass events are the counter's event lines, with the
    same line number, kind and pass."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        got = [(e.line, e.kind, e.pass_name) for e in b.pass_events]
        assert got == c.events, b.index


@pytest.mark.parametrize("name", cases("funnel"))
def test_layer_count_funnel(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build's funnel is its ``Original:``/``After ...:`` lines."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        assert [(s.label, s.layers) for s in b.stages] == c.stages, b.index


@pytest.mark.parametrize("name", cases("bindings"))
def test_bindings(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build's bindings are its binding lines (name, direction,
    shape, in order), or else the names of the layer dump's ``Bindings:`` list."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        if c.created:
            assert [(x.name, x.direction, x.shape) for x in b.bindings] == c.created, b.index
        else:
            assert [x.name for x in b.bindings] == c.dump_bindings, b.index
        assert [x.index for x in b.bindings] == list(range(len(b.bindings)))


@pytest.mark.parametrize("name", cases("version"))
def test_tensorrt_version(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build's version is what its lines say."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        assert b.tensorrt_version == c.version, b.index


@pytest.mark.parametrize("name", cases("device"))
def test_device(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build's device is its ``Selected Device:`` line."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        assert b.device_name == c.device, b.index


@pytest.mark.parametrize("name", cases("engine_layers"))
def test_engine_layers(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build has one engine layer per ``Layer(`` line after its
    ``Engine Layer Information:`` (or per ``--dumpLayerInfo`` entry when it has none)."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        assert len(b.engine_layers) == c.engine_layers, b.index


@pytest.mark.parametrize("name", cases("messages"))
def test_warnings_and_errors(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN each build counts its ``[W]`` lines and its ``[E]``/``[F]`` lines."""
    counted, log = both(corpus_dir, name)
    for b, c in zip(log.builds, counted.builds, strict=True):
        assert (b.warning_count, b.error_count) == (c.warnings, c.errors), b.index


@pytest.mark.parametrize("name", cases("lines"))
def test_line_accounting(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log THEN every line is read, none is left unrecognised, and the lines the
    parser calls application output are the counter's unprefixed lines outside TensorRT's blocks."""
    counted, log = both(corpus_dir, name)
    stats = log.stats
    assert stats.lines_read == counted.lines
    assert stats.unrecognised_count == 0, stats.unrecognised_samples[:5]
    assert stats.application_lines == counted.application
    assert stats.lines_recognised == counted.lines - counted.application


PY_AND_TRTEXEC = "nvidia-trt-cookbook__10-BestPractice-ConvertTranposeMultiplicationToConvolution__result__88fe8012.log"
"""A Python script that builds two ONNX models in one process, with a trtexec run after each."""


def python_builds_only(lines: list[str]) -> list[str]:
    """The lines with every trtexec run (``&&&& RUNNING`` to ``&&&& PASSED``) left out."""
    kept: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("&&&& RUNNING"):
            inside = True
        elif inside and line.startswith("&&&& "):
            inside = False
        elif not inside:
            kept.append(line)
    return kept


def test_counter_splits_python_rebuilds(corpus_dir: Path) -> None:
    """GIVEN the Python builds of a corpus log alone THEN the counter starts the second build at
    the second model's ONNX import: 11 nodes, then 3 (read by hand)."""
    lines = python_builds_only(read(corpus_dir / PY_AND_TRTEXEC))
    assert [c.onnx_nodes for c in count(lines).builds] == [11, 3]


def test_python_rebuild_keeps_its_onnx_import(corpus_dir: Path) -> None:
    """GIVEN a Python script's two ONNX builds in one log THEN each build holds its own model's
    parsed nodes and declared input."""
    lines = python_builds_only(read(corpus_dir / PY_AND_TRTEXEC))
    log = parse_build_log(iter(lines), PY_AND_TRTEXEC)
    assert [len(b.onnx.nodes) if b.onnx else 0 for b in log.builds] == [11, 3]
    assert [[t.name for t in b.onnx.inputs] if b.onnx else [] for b in log.builds] == [
        ["inputTensor"],
        ["inputTensor"],
    ]


def test_counter_sees_the_known_figures(corpus_dir: Path) -> None:
    """GIVEN the QAT ResNet-18 log THEN the counter itself gives the figures read by hand
    (so that a counter broken the same way as the parser cannot pass the comparisons)."""
    counted, _ = both(corpus_dir, "lix19937-tensorrt-insight__qat__resnet18.log")
    (build,) = counted.builds
    kinds: dict[str, int] = {}
    for _, kind, _ in build.events:
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {
        "running": 220,
        "fuse": 115,
        "remove": 264,
        "phase": 8,
        "swap-type": 3,
        "swap": 12,
        "eliminate-duplicate": 8,
        "other": 1,
    }
    assert (build.stages[0], build.stages[-1]) == (("Original", 359), ("reformat layers", 26))
    assert build.created == [("inputs.1", "input", (1, 3, 224, 224)), ("528", "output", (1, 1000))]
    assert (build.version, build.eli_layers) == ("8.5.10", 26)
    assert build.device == "NVIDIA RTX 2000 Ada Generation Laptop GPU"
