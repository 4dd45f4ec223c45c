"""The report model: the contract between every stage of trtreport.

Data flows one way::

    log lines ──► logparse ──► BuildLog ─┐
    layers.json ──► layerinfo ──► LayerFile ┼─► join ──► Report ──► render (HTML, JSON)
    profile.json ──► profile ──► Profile ───┘

Parsers produce *records* (:class:`LayerRecord`, :class:`Binding`, ...) that say what one
source wrote; :mod:`trtreport.join` merges them into :class:`EngineLayer` and :class:`Report`.
Every class is a frozen, slotted dataclass so that stages cannot mutate each other's output.
Key/value lists are tuples of pairs (not dicts) so that their order is the input's order and
the model stays hashable; the JSON writer turns them into objects with sorted keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 2
"""Version of the ``--json`` document; bumped on any incompatible change (docs/model-schema.md)."""

# Precision labels, in the order the legend shows them. ``MIXED`` is a layer whose inputs
# differ in type, ``UNKNOWN`` a tensor whose type no input names.
PRECISIONS: tuple[str, ...] = (
    "FP32",
    "TF32",
    "FP16",
    "BF16",
    "FP8",
    "INT8",
    "INT4",
    "FP4",
    "INT32",
    "INT64",
    "UINT8",
    "BOOL",
)
MIXED = "mixed"
UNKNOWN = "unknown"

Pairs = tuple[tuple[str, str], ...]
"""Ordered ``(key, value)`` pairs, as the source listed them."""


@dataclass(frozen=True, slots=True)
class TensorInfo:
    """One tensor at a layer boundary, as a source describes it."""

    name: str
    dtype: str
    """Normalised precision label (one of :data:`PRECISIONS`, or :data:`UNKNOWN`)."""
    shape: tuple[int, ...] = ()
    """Dimensions; ``-1`` marks a dynamic dimension. Empty when the source gives none."""
    format: str = ""
    """Memory layout as written by the source, e.g. ``Row major linear FP32`` (layer JSON) or
    ``vectorized-32`` for the log's ``64:32`` channel notation; empty when unknown."""
    raw_type: str = ""
    """The type exactly as the source wrote it (``Float``, ``Int8``, ``Row major Int8 format``)."""


@dataclass(frozen=True, slots=True)
class LayerRecord:
    """One engine layer as a single source (the log or a layer file) describes it."""

    name: str
    layer_type: str = ""
    """TensorRT's layer type (``CaskConvolution``, ``Reformat``, ...); ``""`` if unknown."""
    tactic: str = ""
    """Tactic id exactly as written (hex ``0x...`` in TensorRT ≥ 8.4, decimal before)."""
    kernel: str = ""
    """Kernel (tactic) name, e.g. ``sm80_xmma_fprop_implicit_gemm_...``."""
    inputs: tuple[TensorInfo, ...] = ()
    outputs: tuple[TensorInfo, ...] = ()
    onnx_nodes: tuple[str, ...] = ()
    """ONNX node names from the layer's ``Metadata`` (``[ONNX Layer: ...]`` entries)."""
    origin: str = ""
    """The ``Origin`` key of reformat-like layers (``QDQ``, ``Reformat``, ...)."""
    line: int = 0
    """1-based line in the log, or 1-based position in the layer file's list."""
    details: Pairs = ()
    """Every other key of the source, stringified (``ParameterType``, ``Kernel``, ...)."""


@dataclass(frozen=True, slots=True)
class Binding:
    """One engine input or output, in the order the engine binds them."""

    index: int
    """0-based position in the engine's binding order."""
    name: str
    direction: str
    """``input`` or ``output``."""
    shape: tuple[int, ...] = ()
    dtype: str = UNKNOWN
    line: int = 0


@dataclass(frozen=True, slots=True)
class LayerCountStage:
    """One step of the optimizer's layer-count funnel (``Original: 359 layers``)."""

    label: str
    """``Original``, or the text after ``After`` (``dead-layer removal``, ...)."""
    layers: int
    line: int


@dataclass(frozen=True, slots=True)
class OptionSection:
    """A ``=== Build Options ===``-style block of trtexec's header."""

    title: str
    """The block's name without ``===`` (``Model Options``, ``Build Options``, ...)."""
    items: Pairs
    line: int


@dataclass(frozen=True, slots=True)
class LineSample:
    """A line of an input, kept as evidence (an unrecognised line, a warning)."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class MessageGroup:
    """One distinct warning or error of a build, with how often and where the log gives it.

    Unlike :attr:`Build.warnings` (the first ones only), every distinct message is kept, so no
    finding depends on where a cap cut."""

    severity: str
    """``warning`` or ``error``."""
    kind: str
    """The message with its names and numbers replaced by ``…``: messages of one kind (the
    same warning about different layers) share it."""
    text: str
    """The message as first logged (cut to a thousand characters)."""
    count: int
    lines: tuple[int, ...] = ()
    """The first lines that log it (at most a few)."""


@dataclass(frozen=True, slots=True)
class ParseStats:
    """How much of the log the parser understood."""

    lines_read: int = 0
    lines_recognised: int = 0
    unrecognised_count: int = 0
    unrecognised_samples: tuple[LineSample, ...] = ()
    """The first unrecognised lines (bounded), with their line numbers."""
    application_lines: int = 0
    """Lines identified as the application's own output, not TensorRT's (a plugin's glog-style
    printf, a script's prints, numpy arrays). ``lines_read`` is ``lines_recognised +
    application_lines + unrecognised_count``."""
    lines_cut: int = 0
    """Lines longer than the reader's limit (1 Mi characters): each was read up to the limit
    and the rest of it skipped."""


@dataclass(frozen=True, slots=True)
class PassEvent:
    """One thing an optimization pass logged it did (or the pass starting on a layer)."""

    line: int
    pass_name: str
    """The pass, e.g. ``ConstQDQInitializersFusion``, ``QuantizeDoubleInputNodes``,
    ``Merging layers``, ``Eliminating slice``; for an event line that names no pass, the pass
    that was running when it was logged (``""`` if none)."""
    kind: str
    """What happened: ``running``, ``fuse``, ``remove``, ``swap``, ``eliminate-duplicate``,
    ``swap-type``, ``merge``, ``eliminate-slice``, ``eliminate-concat``, ``retarget``,
    ``stomp-copy``, ``phase`` (a QDQ optimizer phase header) or ``other``."""
    layers: tuple[str, ...] = ()
    """The layer names the event names, in the order the line gives them. For a fusion
    ``Fusing A with B`` these are ``(A, B)`` and the product is :attr:`result`."""
    result: str = ""
    """The layer the event produced, where the line says (a fusion's product is usually
    named ``A + B``)."""
    text: str = ""
    """The message as logged (without the logger prefix), for display."""


@dataclass(frozen=True, slots=True)
class OnnxTensor:
    """A network input or output declared by the ONNX model."""

    name: str
    dtype: str = UNKNOWN
    shape: tuple[int, ...] = ()
    """Dimensions; ``-1`` for a dynamic one."""
    line: int = 0


@dataclass(frozen=True, slots=True)
class OnnxNode:
    """An ONNX node the importer parsed (``Parsing node: Conv_9 [Conv]``)."""

    name: str
    op_type: str
    line: int
    inputs: tuple[OnnxTensor, ...] = ()
    """The node's input tensors in ONNX order, from the importer's ``Conv_9 [Conv] inputs:
    [x -> (1, 3, 224, 224)[FLOAT]], ...`` line (``line`` of each is 0); empty when the log does
    not print node I/O lines."""
    outputs: tuple[OnnxTensor, ...] = ()
    """The node's output tensors, from its ``outputs: [...]`` line."""
    raw_io: tuple[str, str] = field(default=("", ""), metadata={"json": False})
    """The importer's ``inputs:`` and ``outputs:`` messages as printed: the parser keeps them
    as text (two lines per node would otherwise cost the parse a third of its time on a large
    model) and
    the join reads them into :attr:`inputs` and :attr:`outputs` (see
    :func:`trtreport.logparse.nodeio.read_node_io`); empty in a report, and not written to the
    ``--json`` document."""


@dataclass(frozen=True, slots=True)
class OnnxModelInfo:
    """What the log's ONNX import section says about the model."""

    ir_version: str = ""
    opset: str = ""
    producer: str = ""
    producer_version: str = ""
    domain: str = ""
    model_version: str = ""
    inputs: tuple[OnnxTensor, ...] = ()
    """The network's inputs **in declared order** (compared with the engine's binding order)."""
    outputs: tuple[OnnxTensor, ...] = ()
    nodes: tuple[OnnxNode, ...] = ()
    initializer_count: int = 0
    plugins: tuple[str, ...] = ()
    """Plugin creators registered (``Registered plugin creator - ::X version 1``)."""
    plugins_created: tuple[str, ...] = ()
    """Plugins the ONNX parser created for the model's own nodes (``Successfully created
    plugin: X``), in the order it created them, each once."""
    helper_layers: Pairs = ()
    """Layers the ONNX parser added while importing a node (``Registering layer:
    ONNXTRT_castHelper_5 required by ONNX-TRT``) → that node's name, in import order."""


@dataclass(frozen=True, slots=True)
class AutotuneSummary:
    """Autotuning of one layer, summarised (logs hold millions of tactic lines)."""

    layer: str
    layer_type: str = ""
    format_combinations: int = 0
    """``Autotuning format combination`` blocks seen for the layer."""
    tactics_timed: int = 0
    tactics_skipped: int = 0
    skip_reasons: Pairs = ()
    """Reason → count, as text (``"7"``), for skipped tactics."""
    fastest_tactic: str = ""
    best_time_ms: float | None = None
    runner_type: str = ""
    """``Chose Runner Type`` of the final choice."""
    tactic_name: str = ""
    """``Set Tactic Name`` of the final choice, where the log gives it."""
    first_line: int = 0


@dataclass(frozen=True, slots=True)
class PerfMetric:
    """One line of trtexec's performance summary (``Latency: min = ... ms, ...``)."""

    name: str
    unit: str = ""
    values: Pairs = ()
    """``min``, ``max``, ``mean``, ``median``, ``percentile(90%)``, ... → number as text."""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Build:
    """One engine build (or engine load) found in a log; a log may hold several."""

    index: int
    """0-based position among the builds of the log."""
    first_line: int
    last_line: int
    command: str = ""
    """The trtexec command line from the ``&&&& RUNNING`` banner, if any."""
    tensorrt_version: str = ""
    """Dotted version, e.g. ``8.5.10`` (from ``TensorRT version:`` or the banner's ``v8510``)."""
    options: tuple[OptionSection, ...] = ()
    device: Pairs = ()
    """``=== Device Information ===`` lines as pairs (``Selected Device``, ...)."""
    stages: tuple[LayerCountStage, ...] = ()
    engine_layers: tuple[LayerRecord, ...] = ()
    """The ``Engine Layer Information`` (or ``--dumpLayerInfo`` text) entries, in engine order."""
    bindings: tuple[Binding, ...] = ()
    status: str = ""
    """``passed`` / ``failed`` from the ``&&&&`` trailer (or Polygraphy's ``PASSED | Runtime``
    line); ``""`` when the log has none."""
    warnings: tuple[LineSample, ...] = ()
    errors: tuple[LineSample, ...] = ()
    warning_count: int = 0
    """All warnings of the build (``warnings`` keeps only the first ones)."""
    error_count: int = 0
    messages: tuple[MessageGroup, ...] = ()
    """Every distinct warning and error, in the order first logged, with counts."""
    kind: str = "build"
    """``build`` (an engine was built), ``inference`` (``--loadEngine``: engine loaded, not
    built), or ``other`` (neither could be told)."""
    end: str = "complete"
    """How the build's part of the log ends: ``complete`` (trailer or a finished engine),
    ``failed`` (``&&&& FAILED`` or an error that stopped the build), ``truncated`` (the log
    stops mid-build)."""
    last_phase: str = ""
    """The last phase reached (``header``, ``onnx-import``, ``optimization``, ``autotuning``,
    ``engine``, ``inference``), for a banner when the log ends early."""
    end_line: int = 0
    """The line that shows how the build ends: the ``&&&&`` trailer, the error that stopped the
    build, a crash (traceback, signal, shell message), or the last line when the log is cut."""
    end_reason: str = ""
    """How the build ends, in a few words and the log's own: ``stopped by an error: Error Code
    10: ...``, ``Python exception: RuntimeError: ...``, ``the process was killed (Killed)``,
    ``the log stops during autotuning, mid-line: ...``, ``trtexec printed &&&& PASSED``."""
    onnx: OnnxModelInfo | None = None
    pass_events: tuple[PassEvent, ...] = ()
    autotuning: tuple[AutotuneSummary, ...] = ()
    placement: Pairs = ()
    """Layer name → ``GPU`` or ``DLA`` (``Layers Running on DLA/GPU``)."""
    reformats_added: tuple[LineSample, ...] = ()
    """``Adding reformat layer: ...`` lines."""
    memory: Pairs = ()
    """``Total Activation Memory``, ``Total Host Persistent Memory``, ``Total Device Persistent
    Memory``, weights and engine size, ... → value as printed (bytes unless the key says)."""
    timings: Pairs = ()
    """Build phase durations as printed: ``Graph optimization`` (s), ``Engine generation`` (s),
    ``Engine built`` (s), ..."""
    performance: tuple[PerfMetric, ...] = ()
    profile_table: tuple[ProfileEntry, ...] = ()
    """The ``--dumpProfile`` table printed in the log."""
    region_nodes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Myelin region name → the ONNX nodes TensorRT 10 says it holds (``ForeignNode
    {ForeignNode[A...B]} metadata: [ONNX Layer: A][ONNX Layer: ...]``), in log order."""
    calibration_batches: int = 0
    """Batches the INT8 calibrator ran in this build (``Calibrated batch N in T seconds``): the
    engine built for calibration, which TensorRT 7 and 8 build before the final one."""
    last_combination: LineSample | None = None
    """The last ``Autotuning format combination: ...`` (or ``Autotuning Reformat: ...``) line
    the build reached, without its stars: what a build that stopped was tuning."""
    last_runner: LineSample | None = None
    """The last ``Timing Runner`` the build reached, as ``LAYER (RUNNER)``."""
    last_tactic: LineSample | None = None
    """The last tactic line of that runner (``Tactic: T Time: X``, ``LAYER Set Tactic Name: K
    Tactic: T``), when the log stops inside its run: a name without a time after it is the
    tactic being timed when the build stopped."""

    @property
    def device_name(self) -> str:
        """The GPU's name from the device block (``Selected Device``), or ``""``."""
        for key, value in self.device:
            if key == "Selected Device":
                return value
        return ""

    def option(self, key: str) -> str:
        """The value of a header option by key, searching every block; ``""`` if absent."""
        for section in self.options:
            for item_key, value in section.items:
                if item_key == key:
                    return value
        return ""


@dataclass(frozen=True, slots=True)
class BuildLog:
    """Everything the log parser read from one log."""

    source: str
    builds: tuple[Build, ...]
    stats: ParseStats


@dataclass(frozen=True, slots=True)
class LayerFile:
    """A ``--exportLayerInfo`` file, whichever of its forms it was."""

    source: str
    kind: str
    """``detailed`` (layer dicts), ``names-only`` (layer names), as detected from content."""
    layers: tuple[LayerRecord, ...]
    bindings: tuple[str, ...] = ()
    """The file's ``Bindings`` list (binding names in engine order), if present."""


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    """One layer's timing from ``--exportProfile``."""

    name: str
    time_ms: float
    """Total time over all runs."""
    average_ms: float
    median_ms: float | None
    percentage: float


@dataclass(frozen=True, slots=True)
class Profile:
    """A ``--exportProfile`` file."""

    source: str
    runs: int
    entries: tuple[ProfileEntry, ...]


@dataclass(frozen=True, slots=True)
class InputFile:
    """An input of the report, identified for archiving."""

    role: str
    """``log``, ``layers`` or ``profile``."""
    name: str
    """The file's name as given (base name only, so reports do not leak machine paths)."""
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class IterationTimes:
    """Per-iteration timings (``--exportTimes``), summarised per metric."""

    source: str
    iterations: int
    metrics: tuple[PerfMetric, ...] = ()
    """``Latency``, ``GPU Compute``, ``H2D``, ``D2H``, ``Enqueue`` with min/max/mean/median and
    percentiles, in milliseconds."""


@dataclass(frozen=True, slots=True)
class TracedEvent:
    """A pass event followed to the engine layer that holds what it produced."""

    event: PassEvent
    layer_id: str = ""
    """Id of the engine layer the event's product (or the layer it ran on) ended up in; ``""``
    when it ended in none (removed, folded away) or could not be followed."""


@dataclass(frozen=True, slots=True)
class NodeFate:
    """What became of one ONNX node the importer parsed."""

    node: str
    op_type: str
    fate: str
    """One of :data:`FATES`: ``layer`` (computed in an engine layer), ``myelin`` (inside a
    Myelin region), ``input-quantizer``, ``weight-quantizer``, ``output-quantizer`` and
    ``residual-quantizer`` (a Q or DQ fused into an engine layer as that), ``reformat`` (a Q or
    DQ left as a stand-alone Reformat), ``moved`` (split or moved by a pass into nodes named in
    :attr:`other`), ``duplicate`` (eliminated as a duplicate of :attr:`other`, the survivor),
    ``constant`` (folded into a constant or into weights), ``shape`` (a computation on tensor
    shapes that TensorRT evaluates as a shape tensor, in no layer), ``removed`` (a pass removed
    it), or
    ``unknown`` (the log does not say; :attr:`detail` says what evidence is missing)."""
    layer_id: str = ""
    """The engine layer that holds the node (or what it was fused or folded into)."""
    pass_name: str = ""
    """The pass whose event decided the fate, if one did."""
    other: str = ""
    """The layer it was fused into, the node it duplicated, or the nodes it moved into."""
    line: int = 0
    """Log line of the deciding event (0 when the fate comes from names alone)."""
    detail: str = ""
    """The fate in a sentence, with its evidence (``weight quantizer of Conv_9: its input is
    the initializer conv1.weight``), or, for ``unknown``, the evidence that is missing."""
    events: tuple[int, ...] = ()
    """Indices into :attr:`Report.pass_events` of the events that name the node (or a name it
    was renamed to), in log order: the passes that shaped it."""


FATES: tuple[str, ...] = (
    "layer",
    "myelin",
    "input-quantizer",
    "weight-quantizer",
    "output-quantizer",
    "residual-quantizer",
    "reformat",
    "moved",
    "duplicate",
    "constant",
    "shape",
    "removed",
    "unknown",
)
"""Every value of :attr:`NodeFate.fate`, in the order the report counts them."""


@dataclass(frozen=True, slots=True)
class OnnxGraphTensor:
    """A tensor of the ONNX graph rebuilt from the importer's node I/O lines."""

    name: str
    dtype: str = UNKNOWN
    shape: tuple[int, ...] = ()
    producer: str = ""
    """The node that writes it; ``""`` for a network input or an initializer."""
    consumers: tuple[str, ...] = ()
    """The nodes that read it, in import order."""


@dataclass(frozen=True, slots=True)
class MyelinRegion:
    """The ONNX nodes a Myelin region (``{ForeignNode[A...B]}``) swallowed."""

    layer_id: str
    nodes: tuple[str, ...]
    """In import order."""
    source: str
    """Where the list comes from: ``log`` (TensorRT 10's region metadata line), ``layers``
    (the layer file's ``Metadata``), ``graph`` (the ONNX graph between the region's first and
    last node, stopping at tensors other engine layers produce), or ``name`` (only the two
    nodes the region's name gives)."""


@dataclass(frozen=True, slots=True)
class EngineLayer:
    """One layer of the built engine, merged from every source that names it."""

    id: str
    """Stable node id in the graph (``L0``, ``L1``, ... in engine order)."""
    index: int
    name: str
    layer_type: str
    role: str
    """``compute``, ``reformat``, ``qdq`` (a standalone Q/DQ), ``shuffle``, ``constant``,
    ``myelin``, ``sync`` (TrainStation/signal/wait pseudo-layers of multi-stream engines) or
    ``other``: used to mark and hide layers in the graph."""
    precision: str
    """Compute precision (see :func:`trtreport.join.compute_precision` for the rule)."""
    input_precision: str
    output_precision: str
    tactic: str = ""
    kernel: str = ""
    inputs: tuple[TensorInfo, ...] = ()
    outputs: tuple[TensorInfo, ...] = ()
    onnx_nodes: tuple[str, ...] = ()
    """The ONNX nodes the layer holds: every node whose fate puts it in this layer (import
    order) when the log prints the ONNX import, else the layer file's ``Metadata`` list."""
    origin: str = ""
    log_line: int = 0
    """Line of the layer in the log's ``Engine Layer Information`` (0 if the log lacks it)."""
    sources: tuple[str, ...] = ()
    """Which inputs named this layer: ``log``, ``layers``, ``profile``."""
    time_ms: float | None = None
    """Average time per run from the profile, if one was given."""
    time_share: float | None = None
    """Percentage of the total profiled time."""
    details: Pairs = ()
    precision_parts: tuple[str, ...] = ()
    """For a ``mixed`` layer, the distinct input types it mixes (sorted)."""
    pass_events: tuple[int, ...] = ()
    """Indices into :attr:`Report.pass_events` of the events that shaped this layer."""
    autotune: AutotuneSummary | None = None
    device: str = ""
    """``GPU`` or ``DLA`` where the log's placement lists say; ``""`` otherwise."""
    profiled_as: tuple[str, ...] = ()
    """Profile entries summed into this layer when their names differ from the layer's (the
    Myelin kernels of a ``{ForeignNode[...]}`` region)."""


@dataclass(frozen=True, slots=True)
class Edge:
    """A tensor flowing from one graph node to another."""

    source: str
    """Node id of the producer (an :attr:`EngineLayer.id` or ``in:<binding>``)."""
    target: str
    """Node id of the consumer (an :attr:`EngineLayer.id` or ``out:<binding>``)."""
    tensor: str
    dtype: str
    shape: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class UnmatchedLayer:
    """A layer named by one input and not found in another."""

    name: str
    present_in: str
    """The input that names it (``log``, ``layers``, ``profile``)."""
    missing_from: str
    reason: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic of the build: what looks wrong, what it costs, the evidence, and the fix.

    A finding in :attr:`Report.findings` is a card for one root cause; the findings it
    explains are inside it as :attr:`parts`."""

    rule: str
    """Stable id of the rule that produced it (``precision-island``, ``unfused-qdq``, ...)."""
    severity: str
    """``error`` (costs accuracy or much speed), ``warning``, or ``info`` (expected, shown
    for completeness, e.g. the input's quantizing Reformat)."""
    title: str
    """One line naming the problem and where."""
    explanation: str
    """Plain-language why, citing the evidence (layer types, tensor types, log lines)."""
    fix: str
    """What to change in the model or the build to resolve it."""
    layer_ids: tuple[str, ...] = ()
    """Engine layers the finding rests on (graph highlights)."""
    lines: tuple[int, ...] = ()
    """Log lines the finding rests on."""
    tensors: tuple[str, ...] = ()
    id: str = ""
    """Stable identity: ``rule:subject`` (e.g. ``precision-island:Softmax_312``), the same for
    the same problem in two builds of one model, so a comparison can tell new findings from
    resolved ones (see :mod:`trtreport.analysis.causes`)."""
    subject: tuple[str, ...] = ()
    """What the finding is about, as :attr:`id` names it: the ONNX nodes of its main layers
    (sorted), else their layer names, else the words of its message (for a warning)."""
    cost_layers: int = 0
    """Engine layers that pay for the problem (the card's cost when there is no profile)."""
    cost_ids: tuple[str, ...] = ()
    """Ids of those layers (its own and its parts')."""
    cost_ms: float | None = None
    """Profiled time of those layers per run, in ms (``None`` without a profile)."""
    cost_share: float | None = None
    """Their share of the total profiled time, in percent."""
    parts: tuple[Finding, ...] = ()
    """The symptoms this root cause explains (an unfused Q behind a float island, a residual
    Add taking its float output, the Reformats they force), each a finding of its own rule,
    with its own id, most costly first."""
    evidence: tuple[LineSample, ...] = ()
    """The log lines of :attr:`lines` with a few lines of context, as the log holds them
    (filled by the CLI, which can read the log again; empty for standard input)."""


@dataclass(frozen=True, slots=True)
class QuantSummary:
    """At-a-glance quantization figures, usable by a CI gate."""

    is_qdq: bool
    """Whether the network carries Q/DQ nodes (explicit quantization)."""
    compute_layers: int
    int8_compute_layers: int
    int8_compute_share: float
    """Share of compute layers (convolutions, matrix multiplies, pointwise, pooling, ...) that
    run in INT8, 0–1."""
    int8_time_share: float | None = None
    """Share of profiled time spent in INT8 layers, 0–1, when a profile is given."""
    reformats: int = 0
    """Copies the engine pays for: builder Reformats plus standalone Q/DQ layers."""
    type_changing_reformats: int = 0
    """Builder Reformats whose input and output types differ (what the ``type-reformat``
    finding lists); standalone Q/DQ layers are not counted here."""
    error_findings: int = 0
    """Findings of severity ``error`` (numbers, so a CI gate can compare them directly)."""
    warning_findings: int = 0
    info_findings: int = 0


@dataclass(frozen=True, slots=True)
class ReportHeader:
    """What the report's header shows about the build."""

    title: str
    model: str
    """The model file named by the command or ``Model:`` option (base name)."""
    tensorrt_version: str
    device_name: str
    precision_flags: tuple[str, ...]
    """Builder precisions requested, e.g. ``("FP32", "FP16", "INT8")``."""
    command: str
    status: str
    build_index: int
    """Which build of the log the report shows (0-based)."""
    builds_in_log: int
    trtreport_version: str
    inputs: tuple[InputFile, ...]
    build_kind: str = "build"
    """See :attr:`Build.kind`."""
    log_end: str = "complete"
    """See :attr:`Build.end`."""
    last_phase: str = ""
    end_line: int = 0
    """See :attr:`Build.end_line`."""
    end_reason: str = ""
    """See :attr:`Build.end_reason`."""
    has_log: bool = True
    """``False`` for a report made from the layer file (and profile) alone: the sections that
    need the build log say so."""


@dataclass(frozen=True, slots=True)
class Delta:
    """One headline figure of two builds: the baseline's and the new build's value."""

    key: str
    """Stable name of the figure (``layers_after``, ``int8_compute_share``, ...)."""
    label: str
    unit: str
    """``layers``, ``%`` (a share, 0–100), ``ms``, ``qps``, ``MiB``, ``s``, or ``""`` (a count)."""
    base: float | None
    new: float | None
    """``None`` where that build's inputs do not give the figure."""
    better: str = ""
    """Which way is an improvement: ``up``, ``down``, or ``""`` when neither is."""


@dataclass(frozen=True, slots=True)
class SettingChange:
    """A fact about the build itself that differs: version, device, a flag, an option."""

    section: str
    """``build`` (TensorRT version, device, precisions), an option block's title
    (``Build Options``), or ``onnx`` (the model's versions, inputs and outputs)."""
    key: str
    base: str
    new: str
    """The value in each build; ``""`` where that build does not state it."""


@dataclass(frozen=True, slots=True)
class LayerRef:
    """An engine layer of one of the two builds, as a comparison names it."""

    id: str
    """The layer's id in its own build (``L12``); ``""`` for none."""
    name: str
    layer_type: str
    precision: str


@dataclass(frozen=True, slots=True)
class PrecisionChange:
    """An ONNX node whose compute precision differs: the layer holding it changed precision."""

    node: str
    op_type: str
    base: str
    new: str
    """Precision of the engine layer holding the node in each build."""
    base_layer: LayerRef
    new_layer: LayerRef


@dataclass(frozen=True, slots=True)
class LayerChange:
    """Two engine layers taken to be the same layer in the two builds, and how they differ."""

    base: LayerRef
    new: LayerRef
    matched_by: str
    """``onnx`` (they hold the same ONNX nodes, the most of any pair), ``name`` (the same
    name), ``signature`` (the same type and input/output tensors), or ``order`` (compute
    layers of the same kind and output shapes, aligned in engine order)."""
    changes: tuple[str, ...] = ()
    """What differs, e.g. ``precision FP16 → INT8``, ``type CaskConvolution → Reformat``,
    ``ONNX nodes +2 −1``, ``kernel``; empty when only the name differs."""


@dataclass(frozen=True, slots=True)
class UnpairedLayer:
    """An engine layer of one build with no counterpart in the other."""

    layer: LayerRef
    onnx_nodes: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()
    """Layers of the other build that hold some of its ONNX nodes (a layer split or merged by
    a fusion that changed); empty when none does."""


@dataclass(frozen=True, slots=True)
class FindingRef:
    """A finding of one of the two builds, by its identity across builds."""

    key: str
    """The finding's :attr:`Finding.id` (its rule and what it is about): the same in two
    builds of one model when the finding is the same. A place inside a card (one of its
    :attr:`Finding.parts`) that is new or gone in a card both builds have is listed by its
    own id."""
    rule: str
    severity: str
    title: str


@dataclass(frozen=True, slots=True)
class PassActivity:
    """An optimization pass that ran a different number of times."""

    pass_name: str
    base: int
    new: int


@dataclass(frozen=True, slots=True)
class BindingChange:
    """An engine input or output whose binding differs (or exists in one build only)."""

    name: str
    direction: str
    aspect: str
    """``order``, ``shape``, ``type``, ``format``, ``added`` or ``removed``."""
    base: str
    new: str


@dataclass(frozen=True, slots=True)
class TimeChange:
    """A matched layer's profiled time in the two builds."""

    base: LayerRef
    new: LayerRef
    base_ms: float
    new_ms: float


@dataclass(frozen=True, slots=True)
class BaselineInfo:
    """What the comparison was made against."""

    title: str
    tensorrt_version: str
    source: str
    """``log`` (a build log, with its layer, profile and times files) or ``model`` (the
    ``--json`` model an earlier run wrote)."""
    inputs: tuple[InputFile, ...] = ()
    """The baseline's own inputs (its log, layer file, ...) with their SHA-256."""
    model_file: InputFile | None = None
    """The model JSON read as the baseline, when it was one."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """What changed between a baseline build and this one (``--baseline``).

    Layers are paired first through the ONNX nodes they hold (engine layer names change with
    every fusion), then by name, then by their type and tensors; what pairs with nothing is
    listed as added or removed. A build compared with itself has no change at all.
    """

    baseline: BaselineInfo
    deltas: tuple[Delta, ...]
    settings: tuple[SettingChange, ...] = ()
    precision_changes: tuple[PrecisionChange, ...] = ()
    """Per ONNX node, in the new build's node order."""
    layers_added: tuple[UnpairedLayer, ...] = ()
    layers_removed: tuple[UnpairedLayer, ...] = ()
    layers_changed: tuple[LayerChange, ...] = ()
    """Paired layers that differ (precision, type, tensors, ONNX nodes, kernel)."""
    layers_paired: int = 0
    """How many layers were paired (changed or not)."""
    pairing: Pairs = ()
    """How many pairs each way of matching made (``onnx``, ``name``, ``signature``)."""
    findings_added: tuple[FindingRef, ...] = ()
    findings_resolved: tuple[FindingRef, ...] = ()
    pass_activity: tuple[PassActivity, ...] = ()
    events_added: tuple[PassEvent, ...] = ()
    """Pass events of the new build that the baseline has no match for (same pass, kind and
    layers), in log order; at most :data:`MAX_LISTED_EVENTS`."""
    events_added_count: int = 0
    events_removed_count: int = 0
    binding_changes: tuple[BindingChange, ...] = ()
    time_regressions: tuple[TimeChange, ...] = ()
    """Paired layers that got slower, slowest growth first; empty without two profiles."""
    time_improvements: tuple[TimeChange, ...] = ()
    notes: tuple[str, ...] = ()
    """What the comparison could not do (no profile in one build, layers not paired, ...)."""

    @property
    def is_empty(self) -> bool:
        """Whether nothing differs between the two builds."""
        return not (
            any(d.base != d.new for d in self.deltas)
            or self.settings
            or self.precision_changes
            or self.layers_added
            or self.layers_removed
            or self.layers_changed
            or self.findings_added
            or self.findings_resolved
            or self.pass_activity
            or self.events_added_count
            or self.events_removed_count
            or self.binding_changes
            or self.time_regressions
            or self.time_improvements
        )


MAX_LISTED_EVENTS = 200
"""Most new pass events a comparison lists (all are counted)."""


@dataclass(frozen=True, slots=True)
class Report:
    """The joined model of one build: what the HTML and ``--json`` outputs are made from."""

    header: ReportHeader
    layers: tuple[EngineLayer, ...]
    edges: tuple[Edge, ...]
    bindings: tuple[Binding, ...]
    stages: tuple[LayerCountStage, ...]
    options: tuple[OptionSection, ...]
    device: Pairs
    stats: ParseStats
    unmatched: tuple[UnmatchedLayer, ...] = ()
    warnings: tuple[LineSample, ...] = ()
    errors: tuple[LineSample, ...] = ()
    notes: tuple[str, ...] = field(default=())
    """Plain-language remarks about the inputs (several builds, missing sections, ...)."""
    warning_count: int = 0
    error_count: int = 0
    messages: tuple[MessageGroup, ...] = ()
    """Every distinct warning and error of the build, with counts (see :class:`MessageGroup`)."""
    onnx: OnnxModelInfo | None = None
    pass_events: tuple[TracedEvent, ...] = ()
    node_fates: tuple[NodeFate, ...] = ()
    onnx_graph: tuple[OnnxGraphTensor, ...] = ()
    """Every tensor of the ONNX graph with its producer and consumers (empty when the log
    prints no node I/O lines), in the order the importer first names them."""
    regions: tuple[MyelinRegion, ...] = ()
    """The ONNX nodes of each Myelin region, in engine order."""
    reformats_added: tuple[LineSample, ...] = ()
    memory: Pairs = ()
    timings: Pairs = ()
    performance: tuple[PerfMetric, ...] = ()
    times: IterationTimes | None = None
    bindings_source: str = "log"
    """Where :attr:`bindings` come from: ``log`` (binding lines or the layer dump: engine
    order), ``layers`` (the layer file's list: engine order), ``onnx`` (the model's declared
    inputs and outputs: the engine's order is unknown), ``graph`` (inferred from tensors no
    layer produces or consumes: order unknown), or ``""`` (none)."""
    findings: tuple[Finding, ...] = ()
    """One card per root cause, most severe first, then most costly; the symptoms a cause
    explains are its :attr:`Finding.parts` (see :mod:`trtreport.analysis`)."""
    last_combination: LineSample | None = None
    """See :attr:`Build.last_combination`."""
    last_runner: LineSample | None = None
    """See :attr:`Build.last_runner`."""
    last_tactic: LineSample | None = None
    """See :attr:`Build.last_tactic`."""
    placement: Pairs = ()
    """See :attr:`Build.placement`: the log's own lists of layers on DLA and on the GPU."""
    calibration_batches: int = 0
    """See :attr:`Build.calibration_batches`."""
    tuned_without_engine: tuple[AutotuneSummary, ...] = ()
    """The autotuning of a build that has no engine layer (it failed, or its log stops before
    the engine): the layers the builder was tuning, e.g. the one with no valid tactic."""
    summary: QuantSummary | None = None
    comparison: Comparison | None = None
    """What changed since the ``--baseline`` build; ``None`` without one."""
    schema_version: int = SCHEMA_VERSION
