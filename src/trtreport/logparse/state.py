"""Mutable accumulators for one build and for the whole log, frozen into the model at the end.

The rules in :mod:`trtreport.logparse.rules` write into a :class:`BuildState`; when a new build
starts (or the log ends) :meth:`BuildState.freeze` turns it into a frozen
:class:`trtreport.model.Build`, merging the ``Engine Layer Information`` records with the
``--dumpLayerInfo`` records of the same layers.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from enum import Enum

from trtreport.matching import NameIndex, bindings_from_dump, typed_bindings
from trtreport.model import (
    UNKNOWN,
    AutotuneSummary,
    Binding,
    Build,
    LayerCountStage,
    LayerRecord,
    LineSample,
    MessageGroup,
    OnnxModelInfo,
    OnnxNode,
    OnnxTensor,
    OptionSection,
    PassEvent,
    PerfMetric,
    ProfileEntry,
    TensorInfo,
)
from trtreport.numbers import parse_float, parse_int

MAX_MESSAGES = 200
"""Warnings (and, separately, errors) kept per build; the rest are only counted."""
MAX_MESSAGE_CHARS = 1000
"""A kept warning or error is cut to this many characters."""
MAX_DISTINCT_MESSAGES = 20_000
"""Distinct warning/error texts kept per build with their counts (a bound for hostile logs;
past it a message is still counted under its kind)."""
MESSAGE_LINES = 3
"""Lines kept per distinct message."""
_MESSAGE_NAME = re.compile(r"'[^']*'|\"[^\"]*\"|\S*[\d/_]\S*")
"""Quoted names and tokens holding digits, ``/`` or ``_``: what differs between
messages of one kind."""


def message_kind(text: str) -> str:
    """A message with its names and numbers replaced by ``…``.

    >>> message_kind("Layer 'Conv_3' (CONVOLUTION): Unsupported on DLA. Switching to GPU.")
    'Layer … (CONVOLUTION): Unsupported on DLA. Switching to GPU.'
    """
    return _MESSAGE_NAME.sub("…", text.strip())[:200]


@dataclass(slots=True)
class MessageTally:
    """One distinct warning or error so far (frozen into :class:`~trtreport.model.MessageGroup`)."""

    kind: str
    count: int
    lines: list[int]


class Mode(Enum):
    """Which multi-line section the parser is inside."""

    NONE = "none"
    OPTIONS = "options"
    """A ``=== ... ===`` block of ``[I] Key: value`` lines."""
    PERFORMANCE = "performance"
    """trtexec's ``=== Performance summary ===`` block of metric lines."""
    PERF7 = "perf7"
    """TensorRT 7's ``Host Latency`` / ``min: ... ms (end to end ...)`` summary lines."""
    PROFILE = "profile"
    """The ``--dumpProfile`` table after its header line."""
    OUTPUT_TENSORS = "output-tensors"
    """``Output Tensors:`` then ``name: (1x1000)`` and lines of numbers (``--dumpOutput``)."""
    GRAPH_DUMP = "graph-dump"
    """TensorRT 10's ``GRAPH NODES`` listing: ``TYPE name``, ``    Input 0``, dimension rows."""
    PLACEMENT = "placement"
    """After ``--------------- Layers running on GPU:``: one line listing layers."""
    ENGINE_LAYERS = "engine-layers"
    """The unprefixed ``Layer(...)`` lines after ``Engine Layer Information:``."""
    LAYER_DUMP = "layer-dump"
    """The unprefixed ``Name: ...`` (or bare layer name) lines after ``Layers:``."""
    DUMP_BINDINGS = "dump-bindings"
    """The binding names after the dump's ``Bindings:`` line."""
    ONNX_SUMMARY = "onnx-summary"
    """TensorRT 7's unprefixed ``Input filename:`` / ``Opset version:`` lines (up to ``----``)."""


PHASES = ("header", "onnx-import", "optimization", "autotuning", "engine", "inference")
"""Build phases in the order a build goes through them (:attr:`Build.last_phase`)."""
_PHASE_RANK = {phase: rank for rank, phase in enumerate(PHASES)}

FLT_MAX_TIME = 3.4e38
"""A tactic time this large is FLT_MAX (``3.40282e+38``): TensorRT 7's "no tactic could run"."""

MAX_REASON_CHARS = 240
"""An end reason quotes at most this much of a log line."""

_ERROR_NOISE = re.compile(
    r"(?:Error\[\d+\]: |\d+: |\[[^\[\]\s]+::\d+\] |\S+\.(?:cpp|cu|h|hpp) \(\d+\) - )+"
)
"""What comes before the words of a TensorRT error: ``Error[10]: ``, the error code's number,
the source location (``[optimizer.cpp::computeCosts::3728] ``, ``engine.cpp (1646) - ``)."""


def quoted(text: str) -> str:
    """A log line as an end reason quotes it: runs of blanks collapsed, cut to a short length."""
    text = " ".join(text.split())
    if len(text) > MAX_REASON_CHARS:
        text = text[: MAX_REASON_CHARS - 1] + "…"
    return text


def error_words(message: str) -> str:
    """The words of an error message without its code number and source location.

    >>> error_words("Error[10]: [optimizer.cpp::computeCosts::3728] Error Code 10: Internal Error")
    'Error Code 10: Internal Error'
    """
    noise = _ERROR_NOISE.match(message)
    return quoted(message[noise.end() :] if noise is not None else message)


def decode_version(text: str) -> str:
    """Turn TensorRT's packed version into a dotted one: ``8510`` → 8.5.10, ``101401`` → 10.14.1.

    Dotted input is returned unchanged; anything else gives ``""``.
    """
    text = text.strip().lstrip("v")
    if not text.isdigit():
        parts = text.split(".")
        return text if len(parts) >= 2 and all(part.isdigit() for part in parts) else ""
    number = parse_int(text)
    if number is None:  # hundreds of digits: not a version
        return ""
    if number >= 100000:
        major, minor, patch = number // 10000, (number // 100) % 100, number % 100
    else:
        major, minor, patch = number // 1000, (number // 100) % 10, number % 100
    return f"{major}.{minor}.{patch}"


@dataclass(slots=True)
class OpenSection:
    """A ``=== Title ===`` block being read."""

    title: str
    line: int
    items: list[tuple[str, str]] = field(default_factory=list)


KERNELS_KEPT = 64
"""Kernels of a layer's runners' fastest tactics kept to name the tactic finally chosen (a
``Chose Runner`` line names one of its own format combination's; real logs hold at most a
dozen per layer, generated ones may hold one per combination: the bound keeps memory flat)."""


@dataclass(slots=True)
class LayerTuning:
    """Autotuning of one layer so far (frozen into :class:`~trtreport.model.AutotuneSummary`)."""

    layer: str
    first_line: int
    layer_type: str = ""
    format_combinations: int = 0
    tactics_timed: int = 0
    tactics_skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    fastest_tactic: str = ""
    best_time_ms: float | None = None
    runner_type: str = ""
    tactic_name: str = ""
    kernel_of_fastest: dict[str, str] = field(default_factory=dict)
    """Kernel name of each runner's fastest tactic, to name the tactic finally chosen."""

    def skip(self, reason: str) -> None:
        """Count one skipped tactic (or runner) under ``reason``."""
        self.tactics_skipped += 1
        self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1

    def fastest(self, tactic: str, time_text: str, kernel: str) -> None:
        """A runner's ``Fastest Tactic``: keep it if it beats the layer's best so far."""
        time_ms = parse_float(time_text)
        if time_ms is None:
            return
        if kernel:
            kernels = self.kernel_of_fastest
            kernels[tactic] = kernel
            if len(kernels) > KERNELS_KEPT:
                del kernels[next(iter(kernels))]  # the oldest: a choice names a recent one
        if self.best_time_ms is None or time_ms < self.best_time_ms:
            self.best_time_ms = time_ms
            self.fastest_tactic = tactic

    def freeze(self) -> AutotuneSummary:
        """The frozen summary."""
        best = self.best_time_ms
        return AutotuneSummary(
            layer=self.layer,
            layer_type=self.layer_type,
            format_combinations=self.format_combinations,
            tactics_timed=self.tactics_timed,
            tactics_skipped=self.tactics_skipped,
            skip_reasons=tuple(
                (reason, str(count)) for reason, count in sorted(self.skip_reasons.items())
            ),
            fastest_tactic=self.fastest_tactic,
            best_time_ms=None if best is None or best != best or best >= FLT_MAX_TIME else best,
            runner_type=self.runner_type,
            tactic_name=self.tactic_name,
            first_line=self.first_line,
        )


@dataclass(slots=True)
class EndFacts:
    """What the rules record about how a build ends; :func:`trtreport.logparse.rules.endings.
    decide_ending` decides the build's end from these (and from how far the build got)."""

    status: str = ""
    status_line: LineSample | None = None
    """The trailer that gave :attr:`status` (``&&&& PASSED TensorRT.trtexec``)."""
    cause: LineSample | None = None
    """The first error of the last run of errors read with no progress of the build between
    them: what stopped it (the errors after it, ``Engine could not be created``, follow from it)."""
    error_progress: tuple[int, ...] = ()
    """How far the build had got at the last error (see :meth:`add_message`)."""
    crash: LineSample | None = None
    """The line saying the process crashed, and the end reason made from it."""
    crash_progress: tuple[int, ...] = ()
    """How far the build had got at the crash: if it got further, the process lived on (a
    traceback logged and caught, say) and the crash did not end the build."""
    crash_kind: str = ""
    """``traceback`` (a Python traceback is being read), ``terminate`` (a C++ ``terminate
    called ...`` waiting for its ``what():``), or ``done`` (nothing more to add)."""
    cut: LineSample | None = None
    """The log's last line, when it is the last line of this build and no rule could read it
    (a line cut short)."""
    open_listing: LineSample | None = None
    """Where and how the log ends inside an ``Engine Layer Information:`` or ``Layers:`` block
    before its end: right after the header, or at a layer line cut short."""
    stopped_by_error: bool = False
    """An error that ends a build (``Engine could not be created``, a failed parse) was seen."""
    error_after_engine: bool = False
    """An error came once the engine was built or loaded (so the build did not recover from it)."""


@dataclass(slots=True)
class BuildState:
    """Everything read so far about one build."""

    index: int
    first_line: int
    last_line: int = 0
    command: str = ""
    banner_version: str = ""
    declared_version: str = ""
    """From ``TensorRT version: ...``; wins over the banner."""
    library_version: str = ""
    """From ``libnvinfer_builder_resource....so.X.Y.Z``; the last resort (Python-API logs)."""
    options: list[OptionSection] = field(default_factory=list)
    device: list[tuple[str, str]] = field(default_factory=list)
    stages: list[LayerCountStage] = field(default_factory=list)
    engine_layers: list[LayerRecord] = field(default_factory=list)
    dump_layers: list[LayerRecord] = field(default_factory=list)
    dump_bindings: list[tuple[str, int]] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    ends: EndFacts = field(default_factory=lambda: EndFacts())
    """The facts its end is decided from (trailer, crash, the error that stopped it, ...)."""
    warnings: list[LineSample] = field(default_factory=list)
    errors: list[LineSample] = field(default_factory=list)
    warning_count: int = 0
    error_count: int = 0
    messages: dict[tuple[str, str], MessageTally] = field(default_factory=dict)
    """(severity, text) → its tally: every distinct warning and error."""
    section: OpenSection | None = None
    # ONNX import
    onnx_items: dict[str, str] = field(default_factory=dict)
    onnx_inputs: list[OnnxTensor] = field(default_factory=list)
    onnx_outputs: list[OnnxTensor] = field(default_factory=list)
    onnx_nodes: list[tuple[str, str, int]] = field(default_factory=list)
    """``(name, op type, line)`` of each ``Parsing node:`` line (frozen into
    :class:`~trtreport.model.OnnxNode` with their I/O lines at the end)."""
    onnx_node_at: dict[str, int] = field(default_factory=dict)
    """Node name → its index in :attr:`onnx_nodes`, for the node I/O lines that do not follow
    their ``Parsing node:`` line; filled only when one needs it (see ``add_node_io``)."""
    onnx_raw_io: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Position in :attr:`onnx_nodes` → the messages of its ``inputs:`` and ``outputs:`` lines
    (joined with the nodes when the build is frozen: one node object per node, not per line)."""
    helper_layers: list[tuple[str, str]] = field(default_factory=list)
    """``Registering layer: X required by ONNX-TRT`` → (X, the node being imported)."""
    region_nodes: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """TensorRT 10's ``ForeignNode {ForeignNode[...]} metadata: [ONNX Layer: ...]`` lines."""
    initializer_count: int = 0
    plugins: list[str] = field(default_factory=list)
    plugins_created: list[str] = field(default_factory=list)
    """Plugins the ONNX parser created for the model's nodes (``Successfully created plugin``)."""
    # optimizer
    pass_events: list[PassEvent] = field(default_factory=list)
    running_pass: str = ""
    """The pass of the last ``Running: <pass> on <layer>`` line (events are attributed to it)."""
    # autotuning
    tuning: dict[str, LayerTuning] = field(default_factory=dict)
    runner: LayerTuning | None = None
    """The layer whose ``Timing Runner`` is being read (tactic lines count into it)."""
    runner_kernels: dict[str, str] = field(default_factory=dict)
    """Kernel names of the current runner's tactics (``Set Tactic Name``/``Tactic Name``)."""
    pending_kernel: str = ""
    """A ``Tactic Name: K`` line waiting for its ``Tactic: T Time: ...`` line."""
    new_combination: bool = False
    """An ``Autotuning format combination`` header not yet attributed to a layer."""
    runner_started: bool = False
    """A ``Timing Runner`` line was just read (the parser may skip its tactic lines in bulk)."""
    run_text: str = ""
    """The block holding the last run of tactic lines skipped in bulk, and the run's span."""
    run_span: tuple[int, int] = (0, 0)
    run_all_timed: bool = False
    """Every line of that run reports a time (so none is a ``Set Tactic Name`` line)."""
    runner_line: int = 0
    """The line of the last ``Timing Runner``; ``runner_text[runner_at:]`` starts with its
    `` (RUNNER)`` (kept as where to look, not cut out: runner lines number in the millions)."""
    runner_text: str = ""
    runner_at: int = 0
    tactic_line: int = 0
    """The last tactic line read one by one (``Tactic: T Time: X``, ``LAYER Set Tactic Name: K
    Tactic: T``, ``Tactic Name: ...``): ``tactic_text[tactic_at:]`` is its message; 0 once the
    runner's ``Fastest Tactic`` line is read. Runs read in bulk end at that line, so a run the
    log stops inside is read one line at a time: what a build that stopped was timing."""
    tactic_text: str = ""
    tactic_at: int = 0
    # engine, memory, timings, inference
    placement: list[tuple[str, str]] = field(default_factory=list)
    placement_target: str = ""
    reformats_added: list[LineSample] = field(default_factory=list)
    memory: list[tuple[str, str]] = field(default_factory=list)
    timings: list[tuple[str, str]] = field(default_factory=list)
    performance: list[PerfMetric] = field(default_factory=list)
    perf7_metric: str = ""
    """TensorRT 7 summary: the metric whose ``min:``/``max:`` lines are being read."""
    perf7_values: list[tuple[str, str]] = field(default_factory=list)
    perf7_line: int = 0
    profile_table: list[ProfileEntry] = field(default_factory=list)
    profile_layer_last: bool = False
    """The profile header is TensorRT 10's (``Time(ms) ... Layer``: the name comes last)."""
    profile_columns: int = 4
    """Numbers in a profile row after the layer's name, as the table's header says (3 before
    TensorRT 8.2, which print no median)."""
    phase: str = "header"
    phase_rank: int = 0
    built: bool = False
    """An engine was built (layer information, engine generation, ``Engine built``)."""
    loaded: bool = False
    """An engine was deserialized (``Loaded engine size``, ``Engine loaded in``)."""
    calibration_batches: int = 0
    """Batches the INT8 calibrator ran (``Calibrated batch N in T seconds``)."""
    last_combination: LineSample | None = None
    """The last ``Autotuning format combination`` (or ``Reformat``) header reached."""
    calibration_seconds: float = 0.0
    """Their seconds, summed."""
    error_continued_at: int = 0
    """The line after an error that ended with ``:`` (its reason may be on that line)."""
    opened_by_error: bool = False
    """The build is known only from a builder's error, logged after the build before it had
    run its engine (a later build whose other messages the logger did not print)."""
    layer_info_line: int = 0
    """The line of the last ``Engine Layer Information:`` header or engine layer read (TensorRT 7
    logs each layer as a message of its own, right after the header)."""
    listing_line: int = 0
    """The line of the last ``Engine Layer Information:`` or ``Layers:`` header."""

    def has_substance(self) -> bool:
        """True once the build holds anything but warnings (so a new one must not overwrite it)."""
        return bool(
            self.command
            or self.banner_version
            or self.declared_version
            or self.options
            or self.device
            or self.section is not None
            or self.stages
            or self.engine_layers
            or self.dump_layers
            or self.bindings
            or self.ends.status
            or self.onnx_nodes
            or self.pass_events
            or self.tuning
            or self.opened_by_error
        )

    def past_import(self) -> bool:
        """True once the build optimized, autotuned, built or loaded an engine (so an ONNX import
        can no longer be its own). Phases alone do not tell: trtexec's device block says
        ``Note: The application clock rates ...`` before the import."""
        return bool(
            self.stages
            or self.pass_events
            or self.tuning
            or self.built
            or self.loaded
            or self.engine_layers
            or self.dump_layers
        )

    def reach(self, phase: str) -> None:
        """Record that the build reached ``phase`` (phases only move forward)."""
        rank = _PHASE_RANK[phase]
        if rank > self.phase_rank:
            self.phase = phase
            self.phase_rank = rank

    def has_section(self, title: str) -> bool:
        """True if a block with this title was already read (or is being read)."""
        if self.section is not None and self.section.title == title:
            return True
        return any(section.title == title for section in self.options)

    def close_section(self) -> None:
        """Store the block being read (device block into ``device``, others into ``options``)."""
        section = self.section
        if section is None:
            return
        self.section = None
        if section.title == "Device Information":
            self.device.extend(section.items)
        else:
            self.options.append(OptionSection(section.title, tuple(section.items), section.line))

    def close_perf7(self) -> None:
        """Store the TensorRT 7 summary metric being read, if any."""
        if self.perf7_metric:
            unit = "ms" if self.perf7_values else ""
            self.performance.append(
                PerfMetric(self.perf7_metric, unit, tuple(self.perf7_values), self.perf7_line)
            )
        self.perf7_metric = ""
        self.perf7_values = []

    def add_message(
        self, severity: str, text: str, line: int, *, node_dump: bool, wrapping: bool
    ) -> None:
        """Keep a warning or error (bounded), counting all of them. ``node_dump``: the message
        is a line of the ONNX parser's dump of a node, never the cause; ``wrapping``: it only
        says a step failed, and never replaces the cause (rules of
        :mod:`trtreport.logparse.rules.messages`)."""
        sample = LineSample(line, text[:MAX_MESSAGE_CHARS])
        level = "warning" if severity == "W" else "error"
        key = (level, sample.text)
        group = self.messages.get(key)
        if group is None and len(self.messages) >= MAX_DISTINCT_MESSAGES:
            key = (level, f"(further distinct messages of this kind) {message_kind(sample.text)}")
            group = self.messages.get(key)
        if group is None:
            self.messages[key] = MessageTally(message_kind(sample.text), 1, [line])
        else:
            group.count += 1
            if len(group.lines) < MESSAGE_LINES:
                group.lines.append(line)
        if severity == "W":
            self.warning_count += 1
            if len(self.warnings) < MAX_MESSAGES:
                self.warnings.append(sample)
        else:
            self.error_count += 1
            if len(self.errors) < MAX_MESSAGES:
                self.errors.append(sample)
            if self.built or self.loaded or self.engine_layers:
                self.ends.error_after_engine = True
            if text.rstrip().endswith(":"):
                self.error_continued_at = line + 1
            # An error read after the build got further than at the last one starts a new run
            # of errors; the first of the last run is what stopped the build. The ONNX parser's
            # dump of the node it failed on is never the cause, and trtexec's errors that only
            # say a step failed never start a run.
            progress = self.progress()
            if not node_dump and (
                self.ends.cause is None or (progress != self.ends.error_progress and not wrapping)
            ):
                self.ends.cause = sample
                self.ends.error_progress = progress

    def continue_error(self, text: str, line: int) -> bool:
        """Add ``text``, a line without a prefix, to the error before it if that error ended
        with ``:`` on the line before (the ONNX parser's ``ERROR: ... In function parseNode:``
        gives its reason, ``[6] Assertion failed: ...``, on the next line). False otherwise."""
        if line != self.error_continued_at or not self.errors or not text.strip():
            return False
        last = self.errors[-1]
        joined = LineSample(last.line, f"{last.text} {text.strip()}"[:MAX_MESSAGE_CHARS])
        self.errors[-1] = joined
        if self.ends.cause is last:
            self.ends.cause = joined
        return True

    def progress(self) -> tuple[int, ...]:
        """How far the build has got: equal before and after a line that added nothing to it."""
        return (
            self.phase_rank,
            len(self.tuning),
            len(self.stages),
            len(self.pass_events),
            len(self.engine_layers),
            len(self.dump_layers),
            len(self.onnx_nodes),
            int(self.built),
            int(self.loaded),
        )

    def crashed(self, line: int, reason: str, kind: str = "done") -> bool:
        """Record that the process crashed at ``line``; False if a crash was already recorded
        (the first one wins, :meth:`refine_crash` completes it) or the run's trailer was read
        (what comes after it is not this build's)."""
        if self.ends.status or (
            self.ends.crash is not None and self.ends.crash_progress == self.progress()
        ):
            return False
        self.ends.crash = LineSample(line, reason)
        self.ends.crash_kind = kind
        self.ends.crash_progress = self.progress()
        return True

    def refine_crash(self, kind: str, line: int, reason: str, then: str = "done") -> bool:
        """Replace the reason of an open crash of ``kind`` by a better one read later (a
        traceback's exception line, a ``what():`` line), the crash becoming of kind ``then``;
        False if no crash of that kind is open."""
        if self.ends.crash is None or self.ends.crash_kind != kind:
            return False
        if reason:
            self.ends.crash = LineSample(line, reason)
        self.ends.crash_kind = then
        return True

    def add_binding(
        self, name: str, direction: str, shape: tuple[int, ...], dtype: str, line: int
    ) -> None:
        """Record a binding unless one of that name and direction was already created."""
        for binding in self.bindings:
            if binding.name == name and binding.direction == direction:
                return
        self.bindings.append(Binding(len(self.bindings), name, direction, shape, dtype, line))

    def tuning_of(self, layer: str, line: int) -> LayerTuning:
        """The autotuning accumulator of ``layer``, created on first use."""
        tuning = self.tuning.get(layer)
        if tuning is None:
            tuning = LayerTuning(layer, line)
            self.tuning[layer] = tuning
        return tuning

    def event(
        self,
        line: int,
        pass_name: str,
        kind: str,
        layers: tuple[str, ...],
        result: str,
        text: str,
    ) -> None:
        """Record one optimizer event."""
        self.reach("optimization")
        self.pass_events.append(PassEvent(line, pass_name, kind, layers, result, text))

    def kind(self) -> str:
        """``build``, ``inference`` or ``other`` (see :attr:`trtreport.model.Build.kind`)."""
        building = bool(
            self.built
            or self.stages
            or self.pass_events
            or self.tuning
            or self.onnx_nodes
            or self.engine_layers
        )
        if building:
            return "build"
        if self.loaded or "--loadEngine" in self.command:
            return "inference"
        if self.command or self.options:
            return "build"
        return "other"

    def ending(self, *, last: bool) -> tuple[str, int, str]:
        """How the build ends: ``complete``, ``failed`` or ``truncated`` (see
        :attr:`trtreport.model.Build.end`), the line that shows it, and the reason in words;
        decided in one place, :func:`trtreport.logparse.rules.endings.decide_ending`."""
        # Imported here: the rule modules import this one.
        from trtreport.logparse.rules.endings import decide_ending

        return decide_ending(self, last=last)

    def _nodes_with_io(self) -> tuple[OnnxNode, ...]:
        """The ONNX nodes, each with the I/O lists its lines printed."""
        raw = self.onnx_raw_io
        return tuple(
            OnnxNode(name, op_type, line, raw_io=raw[i])
            if i in raw
            else OnnxNode(name, op_type, line)
            for i, (name, op_type, line) in enumerate(self.onnx_nodes)
        )

    def freeze(self, *, last: bool = True) -> Build:
        """The frozen :class:`~trtreport.model.Build` of what was read."""
        self.close_section()
        self.close_perf7()
        end, end_line, end_reason = self.ending(last=last)
        layers = _merge_layers(self.engine_layers, self.dump_layers)
        declared = (*self.onnx_inputs, *self.onnx_outputs)
        bindings = typed_bindings(self.bindings, layers, declared) or bindings_from_dump(
            self.dump_bindings, layers
        )
        onnx = None
        if (
            self.onnx_items
            or self.onnx_nodes
            or self.onnx_inputs
            or self.plugins
            or self.plugins_created
        ):
            items = self.onnx_items
            onnx = OnnxModelInfo(
                ir_version=items.get("ONNX IR version", ""),
                opset=items.get("Opset version", ""),
                producer=items.get("Producer name", ""),
                producer_version=items.get("Producer version", ""),
                domain=items.get("Domain", ""),
                model_version=items.get("Model version", ""),
                inputs=tuple(self.onnx_inputs),
                outputs=tuple(self.onnx_outputs),
                nodes=self._nodes_with_io(),
                initializer_count=self.initializer_count,
                plugins=tuple(self.plugins),
                plugins_created=tuple(self.plugins_created),
                helper_layers=tuple(self.helper_layers),
            )
        return Build(
            index=self.index,
            first_line=self.first_line,
            last_line=self.last_line,
            command=self.command,
            tensorrt_version=self.declared_version or self.banner_version or self.library_version,
            options=tuple(self.options),
            device=tuple(self.device),
            stages=tuple(self.stages),
            engine_layers=layers,
            bindings=bindings,
            status=self.ends.status,
            warnings=tuple(self.warnings),
            errors=tuple(self.errors),
            warning_count=self.warning_count,
            error_count=self.error_count,
            messages=tuple(
                MessageGroup(level, tally.kind, text, tally.count, tuple(tally.lines))
                for (level, text), tally in self.messages.items()
            ),
            kind=self.kind(),
            end=end,
            last_phase=self.phase,
            end_line=end_line,
            end_reason=end_reason,
            onnx=onnx,
            pass_events=tuple(self.pass_events),
            autotuning=tuple(tuning.freeze() for tuning in self.tuning.values()),
            placement=tuple(self.placement),
            reformats_added=tuple(self.reformats_added),
            memory=tuple(self.memory),
            timings=tuple(self.timings) + self._calibration_timing(),
            performance=tuple(self.performance),
            profile_table=tuple(self.profile_table),
            calibration_batches=self.calibration_batches,
            last_combination=self.last_combination,
            last_runner=self._last_runner() if end != "complete" else None,
            last_tactic=self._last_tactic() if end != "complete" else None,
            region_nodes=tuple(self.region_nodes),
        )

    def _last_runner(self) -> LineSample | None:
        """The last ``Timing Runner`` as ``LAYER (RUNNER)``, if the build reached one."""
        runner = self.runner
        if not self.runner_line or runner is None:
            return None
        text = self.runner_text
        end = text.find("\n", self.runner_at)
        kind = text[self.runner_at : end if end >= 0 else len(text)].strip()
        return LineSample(self.runner_line, f"{runner.layer} {kind}"[:1000])

    def _last_tactic(self) -> LineSample | None:
        """The last tactic line of the last runner, if it was read one line at a time."""
        if not self.tactic_line or self.tactic_line <= self.runner_line:
            return None
        text = self.tactic_text[self.tactic_at :].strip()
        return LineSample(self.tactic_line, text[:1000])

    def _calibration_timing(self) -> tuple[tuple[str, str], ...]:
        """The calibration batches' time as a build timing (none if the calibrator ran none)."""
        batches = self.calibration_batches
        if not batches:
            return ()
        plural = "es" if batches > 1 else ""
        return ((f"Calibration of {batches} batch{plural}", f"{self.calibration_seconds:.6g}"),)


def _enrich_tensors(
    own: tuple[TensorInfo, ...], dumped: tuple[TensorInfo, ...]
) -> tuple[TensorInfo, ...]:
    """Give each tensor the dump's format text when the same tensor sits at the same position."""
    enriched: list[TensorInfo] = []
    for position, tensor in enumerate(own):
        if position < len(dumped) and dumped[position].name == tensor.name:
            other = dumped[position]
            tensor = dataclasses.replace(
                tensor,
                format=other.format or tensor.format,
                dtype=tensor.dtype if tensor.dtype != UNKNOWN else other.dtype,
            )
        enriched.append(tensor)
    return tuple(enriched)


def _merge_layers(engine: list[LayerRecord], dump: list[LayerRecord]) -> tuple[LayerRecord, ...]:
    """Engine Layer Information records enriched with the dump's record of the same name (the
    name rule of :mod:`trtreport.matching`); the dump alone if no ELI."""
    if not engine:
        return tuple(dump)
    index = NameIndex(record.name for record in dump)
    merged: list[LayerRecord] = []
    for record in engine:
        found = index.find(record.name)
        if found is None:
            merged.append(record)
            continue
        other = dump[found]
        merged.append(
            dataclasses.replace(
                record,
                layer_type=record.layer_type or other.layer_type,
                tactic=record.tactic or other.tactic,
                kernel=other.kernel,
                inputs=_enrich_tensors(record.inputs, other.inputs),
                outputs=_enrich_tensors(record.outputs, other.outputs),
                onnx_nodes=other.onnx_nodes,
                origin=other.origin,
                details=other.details,
            )
        )
    return tuple(merged)


MAX_UNRECOGNISED_SAMPLES = 20
"""Unrecognised lines kept as samples (all are counted)."""
MAX_SAMPLE_CHARS = 300
"""A kept unrecognised line is cut to this many characters."""


@dataclass(slots=True)
class LogState:
    """The whole log's parse so far: finished builds, the build being read, counters."""

    source: str
    current: BuildState = field(default_factory=lambda: BuildState(index=0, first_line=1))
    builds: list[Build] = field(default_factory=list)
    mode: Mode = Mode.NONE
    lines_read: int = 0
    lines_recognised: int = 0
    application_lines: int = 0
    unrecognised_count: int = 0
    unrecognised_samples: list[LineSample] = field(default_factory=list)
    saw_tensorrt: bool = False
    """True once any line carried a TensorRT logger prefix, banner or TensorRT section."""
    saw_prefix: bool = False
    """True when the log's first block has a line with a logger prefix the parser knows or a
    ``&&&&`` banner (the tools that print one prefix every message), or once such a line is
    read: bare lines are then never read as TensorRT's messages."""
    timestamped: bool = False
    """The log's first block has a logger prefix with a timestamp (trtexec, the Python logger)."""
    bare_messages: int = 0
    """Lines without a prefix read as TensorRT messages (a logger that prints them bare)."""
    first_text: str = ""
    """The first non-blank line (to tell the user what the file looks like if it is no log)."""
    last_unrecognised: LineSample | None = None
    """The last line no rule understood (the log's last line, if the log was cut mid-line)."""
    in_task: bool = False
    """Between trtexec 11's ``&&&& TASK_BEGIN`` and its ``TASK_END``/``TASK_ABORT``: a child
    trtexec building one route of ``--tuneBuildRoutes`` may print its own run there."""
    task_parent: BuildState | None = None
    """The tuning run, set aside while its child's build is read (:meth:`start_child`)."""
    shown_only: bool = False
    """Keep the details of the build a report shows only (:meth:`_keep`)."""
    detailed: list[int] = field(default_factory=list)
    """Positions in :attr:`builds` of the builds still kept whole (``shown_only``)."""

    def start_build(self, line: int, *, same_process: bool = True) -> BuildState:
        """Close the current build (if it holds anything) and start a new one at ``line``.

        A build started without a banner comes from the same process as the one before (a
        Python script building twice), so it keeps the version read from the library's name.
        """
        current = self.current
        if current.has_substance():
            current.last_line = line - 1
            self._keep(current.freeze(last=False))
            self.current = BuildState(index=len(self.builds), first_line=line)
            if same_process:
                self.current.library_version = current.library_version
        self.mode = Mode.NONE
        return self.current

    def _keep(self, build: Build) -> None:
        """Add a frozen build; with ``shown_only``, keep whole only the builds that can still
        be the one shown (the last with engine layers, else the last, in index order) and
        reduce the others to what the report says of them."""
        self.builds.append(build)
        if not self.shown_only:
            return
        self.detailed.append(len(self.builds) - 1)
        if len(self.detailed) < 2:
            return
        builds = self.builds
        with_engine = [at for at in self.detailed if builds[at].engine_layers]
        latest = max(self.detailed, key=lambda at: builds[at].index)
        wanted = (
            {max(with_engine, key=lambda at: builds[at].index), latest} if with_engine else {latest}
        )
        for at in self.detailed:
            if at not in wanted:
                builds[at] = _outline(builds[at])
        self.detailed = sorted(wanted)

    def start_child(self, line: int) -> BuildState:
        """A child trtexec's ``&&&& RUNNING`` inside a task: its build is read apart, and the
        tuning run that started it goes on after the task (:meth:`end_task`). The child takes
        the next index; the builds are put back in index order when the log ends."""
        self.task_parent = self.current
        self.current = BuildState(index=len(self.builds) + 1, first_line=line)
        self.mode = Mode.NONE
        return self.current

    def end_task(self, line: int) -> None:
        """``&&&& TASK_END`` or ``TASK_ABORT``: the child's build (if one was read) ends, and
        the tuning run is the current build again."""
        self.in_task = False
        parent = self.task_parent
        if parent is None:
            return
        child = self.current
        child.last_line = line - 1
        self._keep(child.freeze(last=True))
        self.current = parent
        self.task_parent = None
        self.mode = Mode.NONE

    def add_node_io(self, name: str, op_type: str, side: str, listed: str, line: int) -> None:
        """Attach a node I/O line (its whole message, ``listed``) to its node: the one
        ``Parsing node:`` named, or a new one when the log prints no such line."""
        build = self.current
        nodes = build.onnx_nodes
        at = len(nodes) - 1
        if at < 0 or nodes[at][0] != name:
            # Not the node just parsed: the import may start here (no ``Parsing node:`` line).
            build = self.build_for_import(line)
            build.reach("onnx-import")
            nodes = build.onnx_nodes
            index = build.onnx_node_at
            for position in range(len(index), len(nodes)):
                index.setdefault(nodes[position][0], position)
            found = index.get(name)
            if found is None:
                found = len(nodes)
                nodes.append((name, op_type, line))
                index[name] = found
            at = found
        raw_in, raw_out = build.onnx_raw_io.get(at, ("", ""))
        build.onnx_raw_io[at] = (listed, raw_out) if side == "in" else (raw_in, listed)

    def build_for_import(self, line: int) -> BuildState:
        """The build that an ONNX import (or a new builder) starting at ``line`` belongs to.

        A new one if the current build went past its ONNX import (a Python script parsing and
        building a second model) or ended with trtexec's ``&&&&`` trailer (a script going on after
        running trtexec); the current one otherwise.
        """
        current = self.current
        if current.ends.status:
            return self.start_build(line, same_process=False)
        if current.past_import():
            return self.start_build(line)
        return current

    def unrecognised(self, text: str, line: int) -> None:
        """Count a line no rule understood, keeping the first few as samples."""
        self.unrecognised_count += 1
        sample = LineSample(line, text[:MAX_SAMPLE_CHARS])
        self.last_unrecognised = sample
        if len(self.unrecognised_samples) < MAX_UNRECOGNISED_SAMPLES:
            self.unrecognised_samples.append(sample)

    def finish(self) -> tuple[Build, ...]:
        """Freeze the last build (kept if it holds anything, or if it is the only one)."""
        if self.task_parent is not None:
            self.end_task(self.lines_read + 1)  # the log stops inside a child's build
        current = self.current
        cut = self.last_unrecognised
        if cut is not None and cut.line == self.lines_read and cut.line >= current.first_line:
            current.ends.cut = cut
        if self.mode in (Mode.ENGINE_LAYERS, Mode.LAYER_DUMP):
            header = "Engine Layer Information:" if self.mode is Mode.ENGINE_LAYERS else "Layers:"
            if not (current.engine_layers or current.dump_layers):
                current.ends.open_listing = LineSample(
                    current.listing_line or self.lines_read,
                    f"the log stops right after '{header}', before any layer",
                )
            elif current.ends.cut is not None:
                current.ends.open_listing = LineSample(
                    current.ends.cut.line,
                    f"the log stops inside the layers after '{header}', at a line cut short: "
                    f"{quoted(current.ends.cut.text)}",
                )
        if current.has_substance() or not self.builds:
            current.last_line = self.lines_read
            self._keep(current.freeze(last=True))
        else:
            # Trailing lines (warnings, application output, a crash) belong to the last build.
            last = self.builds[-1]
            self.builds[-1] = dataclasses.replace(last, last_line=self.lines_read)
            crash = current.ends.crash
            if crash is not None and not last.status:
                self.builds[-1] = dataclasses.replace(
                    self.builds[-1], end="failed", end_line=crash.line, end_reason=crash.text
                )
        indexes = [build.index for build in self.builds]
        if indexes != sorted(indexes):
            self.builds.sort(key=lambda build: build.index)  # a tuning run after its children
        return tuple(self.builds)


def _outline(build: Build) -> Build:
    """What a report says of a build it does not show: its place in the log, how it ended,
    the calibration batches it ran (see :func:`trtreport.join.build_report`)."""
    return Build(
        index=build.index,
        first_line=build.first_line,
        last_line=build.last_line,
        command=build.command,
        tensorrt_version=build.tensorrt_version,
        status=build.status,
        warning_count=build.warning_count,
        error_count=build.error_count,
        kind=build.kind,
        end=build.end,
        last_phase=build.last_phase,
        end_line=build.end_line,
        end_reason=build.end_reason,
        calibration_batches=build.calibration_batches,
    )
