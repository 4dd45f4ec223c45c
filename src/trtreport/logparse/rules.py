"""The rule tables of the log parser: ``(name, prefilter, compiled regex, handler)`` in order.

:data:`MESSAGE_RULES` see the message of a line whose logger prefix was split off
(:mod:`trtreport.logparse.prefix`); :data:`MODE_RULES` see messages inside a multi-line block;
:data:`BARE_RULES` see lines without a prefix. A handler returns ``True`` when it understood the
line; the line then counts as recognised.

Prefilters. A rule with ``prefix`` strings is tried only on messages starting with one of them;
the parser looks such rules up by the message's first word (:func:`index_rules`), so a message
meets only the few rules that can match it. A rule with a ``needle`` instead (for messages that
start with a layer name) is tried when the needle occurs in the message, and its regex is
matched *at the needle*: the text before it is the rule's subject (``match.string[:start]``).

One real example per rule (the message, prefix removed, or the bare line):

Run header and ONNX import:

* ``section-header``      ``=== Build Options ===`` (``Key: value`` lines follow as a block)
* ``tensorrt-version``    ``TensorRT version: 8.5.10`` (TensorRT 8.0: ``TensorRT version: 8003``)
* ``shared-library``      ``Loaded shared library libnvinfer_builder_resource_sm89.so.10.14.1``
* ``onnx-model-info``     ``Opset version:    13`` (also ``ONNX IR version``, ``Producer name``,
  ``Producer version``, ``Domain``, ``Model version``, ``Doc string``, ``Input filename``)
* ``onnx-parse-node``     ``Parsing node: Conv_9 [Conv]``
* ``onnx-initializer``    ``Importing initializer: fc.weight``
* ``onnx-network-input``  ``Adding network input: input0 with dtype: float32, dimensions: (1, 3,
  224, 224)``
* ``onnx-mark-output``    ``Marking logits_1 as output: logits``
* ``onnx-import``         ``Searching for input: 141`` (``Registering layer``, ``Registering
  tensor``, ``Static check for parsing node``)
* ``onnx-node-io``        ``Conv_9 [Conv] inputs: [input0 -> (1, 3, 224, 224)[FLOAT]], ``
* ``plugin-registry``     ``Registered plugin creator - ::BatchedNMS_TRT version 1``
* ``plugin-import``       ``Searching for plugin: Identity_TRT, plugin_version: 1, ...``
* ``onnx-summary-rule``   ``----------------------------------------------------------------`` (64
  dashes around the summary; the opening one after a finished build starts a new build)
* ``builder-created``     ``The logger passed into createInferBuilder differs from one already
  provided for an existing builder, runtime, or refitter.`` (a new build if the last is done)
* ``importer-chatter``    ``Convolution input dimensions: (1, 3, 224, 224)`` (the importer's
  notes on dimensions, kernels, weights, quantization scales)

Optimizer (pass events, :class:`~trtreport.model.PassEvent`):

* ``stage-original``      ``Original: 359 layers``
* ``stage-after``         ``After Myelin optimization: 195 layers``
* ``pass-running``        ``Running: ConstQDQInitializersFusion on QuantizeLinear_4``
* ``pass-fusing``         ``ConvReluFusion: Fusing Conv_9 with Relu_10`` (needle)
* ``pass-fusing-weights`` ``Fusing convolution weights from conv1 with scale bn1`` (TensorRT 7:
  the scale folded into the convolution, which keeps its name)
* ``pass-fusing-unnamed`` ``Fusing conv1 with relu1`` (TensorRT 7: no pass name; the running one)
* ``pass-qdi-fusing``     ``QuantizeDoubleInputNodes: fusing (DequantizeLinear_5 and Conv_7)
  into Conv_7``
* ``pass-removing``       ``Removing BatchNormalization_10 + Relu_11``
* ``pass-swapping``       ``Swapping DequantizeLinear_310 with transpose_before_Gemm_311``
* ``pass-eliminate-dup``  ``Eliminating QuantizeLinear_38 which duplicates (Q) QuantizeLinear_15``
* ``pass-eliminate-slice`` ``Eliminating slice Slice_4 by retargeting 12 from 13 to 14``
* ``pass-eliminate-concat`` ``Eliminating concatenation Concat_10``
* ``pass-swap-type``      ``Swap the layer type of Add_3 from ELEMENTWISE to POINTWISE``
* ``pass-convert-type``   ``Convert layer type of /fc/Gemm from MATRIX_MULTIPLY to CONVOLUTION``
* ``pass-merging``        ``Merging layers: Conv_1 + Relu_2 || Conv_3 + Relu_4``
* ``pass-retargeting``    ``Retargeting Reshape_5_output_0 to Concat_10_output_0``
* ``pass-stomp-copy``     ``Generating copy for Div_1_output_0 to Concat_10_output_0 because of
  stomping hazard.`` (also ``... because input is not movable.``, ``... because input does not
  support striding.``)
* ``pass-slice-copy``     ``Replacing slice Slice_3 with copy from input to part0`` (a slice
  kept as a copy, not eliminated)
* ``pass-phase``          ``QDQ graph optimizer quantization epilogue pass``
* ``pass-squeeze``        ``-----------SqueezePushDown kSQUEEZE_JOIN case: Gemm_3 --> r_4 --> e_5``
* ``pass-other``          ``ConvReluFusion: <anything>`` while ConvReluFusion is running (needle)
* ``optimizer-chatter``   ``Applying generic optimizations to the graph for inference.``
* ``graph-time``          ``Graph construction and optimization completed in 0.97 seconds.``
  (also ``Graph optimization time: 0.0057 seconds.``, ``Graph construction completed in ...``)
* ``graph-dump-header``   ``GRAPH NODES`` (TensorRT 10; ``SYMBOLIC CHECKS``)
* ``foreign-node``        ``ForeignNode {ForeignNode[node_linear]} metadata: [ONNX Layer: x]``

Placement:

* ``placement-header``    ``--------------- Layers running on GPU: `` (the next line lists them)
* ``placement-block``     ``---------- Layers Running on DLA ----------``
* ``placement-layer``     ``[GpuLayer] CONVOLUTION: Conv_0 + Relu_1``

Autotuning (summarised per layer in :class:`~trtreport.model.AutotuneSummary`; the rules marked
*fast* also have a fast handler for the hot path, and runs of ``tactic-timing``/``set-tactic``/
``tactic-name`` lines after a ``Timing Runner`` are read in bulk by :mod:`.tactics`):

* ``tactic-timing``       ``Tactic: 0xf56c0ac895d82363 Time: 0.0359573`` (or ``skipped. ...``;
  TensorRT 7: ``Tactic: 524287 time 0.0512``) (fast)
* ``set-tactic``          ``conv1 + relu1 Set Tactic Name: ampere_scudnn_v1 Tactic: 0x5d`` (needle)
* ``set-tactic-pending``  ``conv1 (scudnn) Set Tactic Name: volta_scudnn_128x64_relu_small_nn_v1``
  (TensorRT 7: the kernel of the ``Tactic:`` line that follows; needle)
* ``set-tactic-unnamed``  ``Set Tactic Name: sm50_xmma_gemvx_... Tactic: 0x204b2 numSplitK: 1``
* ``tactic-name``         ``Tactic Name: sm80_xmma_fprop_implicit_gemm_...`` (TensorRT 10: ``Tactic
  Name: ampere_scudnn_128x64 Tactic: 0xf643 Time: 0.0077``)
* ``timing-runner``       ``--------------- Timing Runner: Conv_9 (CaskConvolution)``
* ``fastest-tactic``      ``Fastest Tactic: 0x9d0f90e0cec890bb Time: 0.0254537``
* ``chose-runner``        ``>>>>>>>>>>>>>>> Chose Runner Type: CaskConvolution Tactic: 0x5deb29b7``
* ``autotuning-header``   ``*************** Autotuning format combination: Int8(...) -> ... ****``
* ``computing-costs``     ``=============== Computing costs for``
* ``runner-no-tactics``   ``CaskFlattenConvolution has no valid tactics for this config, skipping``
* ``runner-skipping``     ``Skipping CaskFlattenConvolution: No valid tactics for conv1 + relu1``
* ``tactic-skipping``     ``Skipping tactic 0x0000000000000000 due to Myelin error: ...``
* ``profiling-completed`` ``conv1 (CaskConvolution[0x80000009]) profiling completed in 0.18
  seconds. Fastest Tactic: 0x5b8bf1b8028629d9 Time: 0.0044`` (TensorRT 10, needle)
* ``cached-result``       ``pool1 [Float(1,2) -> Float(1,1)] got cached result: CaskPooling, tactic
  0xf4, 0.002 ms`` (timing cache hit, needle)
* ``tactic-pruning``      ``MatMul-12: 187 available tactics, 1 unparsable, 93 pruned, 94
  remaining after tactic pruning.`` (needle)
* ``myelin-autotuning``   `` (foreignNode) 0, 0.0041, 0.0041, 0.0041, sm80_xmma_gemm_f32f32_...``
* ``myelin-advice``       `` Try increasing the workspace size with IBuilderConfig::...``
* ``tactic-chatter``      ``Unrecognized MMA instruction source format or shape: sm50_xmma_...``

Engine, memory, timings:

* ``engine-layers-header`` ``Engine Layer Information:``
* ``engine-layer-logged`` ``Layer(FusedConvActDirect): conv1 + relu1, Tactic: 141, data[Float(1,
  28,28)] -> relu1_out[Float(8,26,26)]`` (TensorRT 7: a message per layer, right after the header)
* ``layer-info-header``   ``Layer Information:``
* ``layer-dump-header``   ``Layers:``
* ``reformat-added``      ``Adding reformat layer: Reformatted Input Tensor 0 to conv2 (relu1_out)
  from Float(200704,784,28,1) to Float(...)``
* ``memory``              ``Total Activation Memory: 2195360256`` (and host/device persistent,
  scratch, weights, per-runner, allocated activation memory, engine size)
* ``mem-usage``           ``[MemUsageChange] Init cuDNN: CPU +975, GPU +418, now: CPU 1469, GPU
  969 (MiB)`` (also ``[MemUsageStats]``, ``[MemUsageSnapshot]``)
* ``phase-time``          ``Engine generation completed in 9.50705 seconds.`` (also ``Engine built
  in``, ``Formats and tactics selection completed in``, ``Engine deserialized in``, ...)
* ``layer-memory``        ``Layer: conv1 + relu1 Host Persistent: 3264 Device Persistent: 0
  Scratch Memory: 0``
* ``engine-chatter``      ``Finalize: conv1 Set kernel index: 2`` (block assignment, kernel
  index, timing cache, tactic sources, library loading, ...)
* ``non-conforming``      ``For layer X a non-conforming implementation was chosen than was
  requested ...``
* ``binding-created``     ``Created input binding for inputs.1 with dimensions 1x3x224x224``
* ``binding-is-created``  ``Input binding for x with dimensions 1x1x28x28 and type fp32 is
  created.`` (TensorRT 10)

Inference run:

* ``inference-chatter``   ``Starting inference`` (``Warmup completed 8 queries over 200 ms``, ...)
* ``trace-average``       ``Average on 10 runs - GPU latency: 0.134042 ms - Host latency: ...``
* ``perf7-metric``        ``Host Latency`` (TensorRT 7; ``min: 26.8 ms (end to end 26.8 ms)``
  lines follow)
* ``perf7-single``        ``throughput: 37.0368 qps`` (also ``walltime``, ``total compute time``)
* ``metric-explanation``  ``GPU Compute Time: the GPU latency to execute the kernels for a query.``
* ``profile-header``      ``Layer   Time (ms)   Avg. Time (ms)   Median Time (ms)   Time %``
  (TensorRT 10: ``Time(ms)  Avg.(ms)  Median(ms)  Time(%)  Layer``)
* ``output-tensors``      ``Output Tensors:`` (``--dumpOutput``)
* ``elided-lines``        ``... Omitting 42125 lines`` (someone cut the log)

Block rules (:data:`MODE_RULES`, only inside their block):

* ``perf-metric``         ``Latency: min = 0.79 ms, max = 1.5 ms, mean = 0.8 ms, median = ...``
  (``=== Performance summary ===``)
* ``perf7-value``         ``percentile: 27.1187 ms at 99% (end to end 27.1382 ms at 99%)``
* ``profile-row``         ``conv1 + relu1      20.52      0.0106      0.0102      0.7``
* ``output-tensor``       ``output0: (1x1000)`` and ``-3.61514 20.5864 11.0214 ...``
* ``graph-dump-line``     ``CONVOLUTION Convolution1``, ``    Input 0``, ``        28	28``
* ``placement-list``      ``conv1 + conv1_relu + pool1, res2a_branch2a + res2a_branch2a_relu``

Bare rules:

* ``banner``            ``&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx``
* ``engine-layer``      ``Layer(CaskConvolution): conv1 + relu1, Tactic: 0x61, 176 (Int8[1,3,9,9])
  -> 191 (Int8[1,64:32,5,5])`` (one line; only after ``Engine Layer Information:``)
* ``dump-layer``        ``Name: conv1, LayerType: CaskConvolution, Inputs: [ ... ], ...`` (after
  ``Layers:``)
* ``dump-bindings``     ``Bindings:``
* ``continuation``      ``    Layer(CaskPooling): pool1, Tactic: 0x7, ...``: a line of the engine
  layer or layer dump block that Polygraphy indented by four spaces (as it does every line after
  the first of a multi-line message); read by the four rules above without the indent
* ``onnx-summary``      ``Opset version:    9`` (TensorRT 7 samples print the ONNX parser's summary
  without a prefix: from ``Input filename:`` to the closing line of dashes)
* ``application-polygraphy-end`` ``[E] FAILED | Runtime: 3.1s | Command: polygraphy run m.onnx``
  (Polygraphy's last line: the run's status, as trtexec's ``&&&&`` trailer gives it)
* ``application-polygraphy`` ``[I] Folding Constants | Pass 3`` (Polygraphy's own status lines;
  also its chatter, ``[I] TF32 is disabled by default. ...``, ``[I] Saving engine to m.plan``)
* ``application-ros-launch`` ``[ERROR] [trt_node-1]: process has died [pid 4242, exit code -9,
  cmd '...']`` (ros2 launch's own lines; a non-zero exit code ends the build)
* ``application-traceback`` ``Traceback (most recent call last):`` (a Python exception ends the
  process; ``application-traceback-line`` reads its frames and its last line, ``RuntimeError:
  ...``, which becomes the end reason; ``application-traceback-jupyter`` is IPython's header,
  ``RuntimeError                Traceback (most recent call last)``)
* ``application-terminate`` ``terminate called after throwing an instance of 'std::bad_alloc'``
  (``application-terminate-what`` reads the ``  what():  ...`` line after it)
* ``application-crash``     ``Segmentation fault (core dumped)``, ``Killed``, ``./run.sh: line 3:
  4242 Aborted   (core dumped) trtexec ...``, ``zsh: killed  python b.py``, ``Fatal Python error:
  Segmentation fault``, ``[host:4242] Signal: Segmentation fault (11)``, ``double free or
  corruption (out)``, ``Process finished with exit code 137``
* ``application-other-logger`` ``[11/16/2024-00:05:47] [TRT-LLM] [I] Set nccl_plugin to None.``
* ``dump-name``         ``conv1 + relu1`` (a names-only dump entry, or a binding name after
  ``Bindings:``)
* ``application-glog``  ``2024-06-22 20:51:38.566468: T identity.cpp:294] getPluginName``
  (a plugin's own logger: application output)
* ``application-output`` ``[TensorRT-Cookbook] Version: 1.0.0``, ``[[0.1 0.2]]``: any other
  unprefixed line outside a TensorRT block that does not look like TensorRT's (application
  output, counted apart from TensorRT's lines)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from trtreport.logparse.dump import DumpSyntaxError, onnx_nodes_of, parse_dump_layer
from trtreport.logparse.prefix import POLYGRAPHY_CHATTER, POLYGRAPHY_STATUS
from trtreport.logparse.state import (
    BuildState,
    LogState,
    Mode,
    OpenSection,
    decode_version,
    quoted,
)
from trtreport.logparse.tactics import kernel_in_run
from trtreport.logparse.tensors import parse_tensor_lists
from trtreport.model import (
    UNKNOWN,
    LayerCountStage,
    LayerRecord,
    LineSample,
    OnnxTensor,
    PerfMetric,
    ProfileEntry,
)
from trtreport.numbers import parse_float, parse_int
from trtreport.precision import normalise_dtype

Handler = Callable[[LogState, "re.Match[str]", int], bool]
FastHandler = Callable[[LogState, str, int, int], bool]
"""A hot rule's handler on the whole line ``(state, text, start, line)``, the message starting at
``text[start:]``: it checks the shape with ``str`` methods (no slicing, no regex), then acts."""

APPLICATION = "application"
"""Name prefix of the rules that identify application output (counted apart)."""


class Rule(NamedTuple):
    """One line kind: a cheap prefilter, then a regex with named groups, then its handler."""

    name: str
    prefix: tuple[str, ...]
    """The message starts with one of these (empty: no prefix test)."""
    needle: str
    """The message contains this; the regex is matched where it occurs (needle rules only)."""
    pattern: re.Pattern[str]
    handler: Handler
    fast: FastHandler | None = None
    """For the few rules whose lines number in the millions: a handler that checks the line's
    shape with ``str`` methods instead of the regex and does the minimum (the parser tries it
    first; tests check that it accepts exactly what the regex accepts)."""


def _dims(text: str) -> tuple[int, ...] | None:
    """``1x3x224x224`` → ``(1, 3, 224, 224)``; ``None`` if not integers."""
    if not text:
        return ()
    dims = [parse_int(part) for part in text.split("x")]
    return tuple(dim for dim in dims if dim is not None) if None not in dims else None


def _tuple_dims(text: str) -> tuple[int, ...]:
    """``(1, 3, 224, 224)`` → ``(1, 3, 224, 224)``; non-integer dimensions become ``-1``."""
    dims: list[int] = []
    for part in text.strip("() ").split(","):
        part = part.strip()
        if not part:
            continue
        number = parse_int(part)
        dims.append(-1 if number is None else number)
    return tuple(dims)


def _understood(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line understood as what its rule says, with nothing to keep."""
    return True


def _subject(match: re.Match[str]) -> str:
    """The text before a needle rule's match (the layer or pass a message starts with)."""
    return match.string[: match.start()]


# --- run header --------------------------------------------------------------------------------


COLLECTED_SECTIONS = frozenset({"Device Information"})
"""``=== X ===`` blocks read as key/value besides every ``... Options`` block."""


def _section_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """Open a ``=== Title ===`` block; a second ``Model Options`` starts a new build."""
    title = match.group("title").strip()
    build = state.current
    if title == "Model Options" and (
        build.has_section(title) or build.engine_layers or build.status
    ):
        build = state.start_build(line)
    if title.endswith("Options") or title in COLLECTED_SECTIONS:
        build.section = OpenSection(title, line)
        state.mode = Mode.OPTIONS
    elif title == "Performance summary":
        build.reach("inference")
        state.mode = Mode.PERFORMANCE
    elif title.startswith("Profile"):
        build.reach("inference")
    return True


def _tensorrt_version(state: LogState, match: re.Match[str], line: int) -> bool:
    """``TensorRT version: 8.5.10`` (or the packed ``8003``)."""
    version = decode_version(match.group("version"))
    if not version:
        return False
    state.current.declared_version = version
    return True


def _shared_library(state: LogState, match: re.Match[str], line: int) -> bool:
    """A library load; the builder resource library's suffix gives the version (Python logs)."""
    version = match.group("version")
    if version:
        state.current.library_version = version
    return True


# --- ONNX import -------------------------------------------------------------------------------


def _onnx_info(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Opset version:    13``-style lines of the ONNX parser's model summary."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_items[match.group("key")] = match.group("value").strip()
    return True


_ONNX_SUMMARY_KEYS = (
    "Input filename",
    "ONNX IR version",
    "Opset version",
    "Producer name",
    "Producer version",
    "Domain",
    "Model version",
    "Doc string",
)
"""The keys of the ONNX parser's model summary, in the order it prints them."""


def _onnx_summary_line(state: LogState, match: re.Match[str], line: int) -> bool:
    """The ONNX parser's summary without a logger prefix (TensorRT 7's samples): ``Input
    filename:`` opens it, the other keys follow line by line, a line of dashes closes it."""
    mode = state.mode
    if match.group("key") is None:
        state.mode = Mode.NONE
        return mode is Mode.ONNX_SUMMARY
    if mode is not Mode.ONNX_SUMMARY and match.group("key") != "Input filename":
        return False
    _onnx_info(state, match, line)
    state.mode = Mode.ONNX_SUMMARY
    return True


def _onnx_node(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Parsing node: NAME [OP]``."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_nodes.append((match.group("name"), match.group("op"), line))
    return True


_PARSING_NODE = "Parsing node: "


def _onnx_node_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Parsing node: NAME [OP]`` on the hot path: OP is inside the last ``[``, which follows a
    space and closes at the line's last non-blank character."""
    if not text.startswith(_PARSING_NODE, start):
        return False
    name_start = start + len(_PARSING_NODE)
    stripped = text.rstrip()
    open_at = stripped.rfind("[", name_start)
    if (
        open_at <= name_start
        or not stripped.endswith("]")
        or open_at + 2 >= len(stripped)
        or stripped.find("]", open_at, -1) >= 0
        or stripped[open_at - 1] != " "
    ):
        return False
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_nodes.append((text[name_start : open_at - 1], stripped[open_at + 1 : -1], line))
    return True


def _onnx_initializer(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Importing initializer: NAME``."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.initializer_count += 1
    return True


def _onnx_initializer_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Importing initializer: NAME`` on the hot path."""
    if not text.startswith("Importing initializer: ", start):
        return False
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.initializer_count += 1
    return True


def _onnx_input(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Adding network input: NAME with dtype: float32, dimensions: (1, 3, 224, 224)``."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_inputs.append(
        OnnxTensor(
            match.group("name"),
            normalise_dtype(match.group("dtype")),
            _tuple_dims(match.group("dims")),
            line,
        )
    )
    return True


def _onnx_output(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Marking TENSOR as output: NAME`` (network outputs in declared order)."""
    build = state.current
    build.reach("onnx-import")
    build.onnx_outputs.append(OnnxTensor(match.group("name"), line=line))
    return True


def _onnx_node_io(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Conv_9 [Conv] inputs: [x -> (1, 3, 224, 224)[FLOAT]], [w -> (64, 3, 7, 7)[FLOAT]],``
    and its ``outputs: [...]`` line: the node's tensors, for the ONNX graph, kept as the text
    of the list (:mod:`trtreport.logparse.nodeio` reads it)."""
    return _node_io(state, match.string, match.start(), line)


def onnx_node_io_fast(state: LogState, text: str, head_end: int, line: int) -> bool:
    """The ``onnx-node-io`` rule without its regex, for the parser's needle path: ``head_end``
    is where ``puts: `` starts; ``False`` (the general rules then try the line) unless what
    follows is a list or nothing, as the rule's regex requires."""
    after = head_end + 6
    if not text.startswith("[", after) and not (after >= len(text) or text[after:].isspace()):
        return False
    return _node_io(state, text, head_end, line)


def _node_io(state: LogState, text: str, head_end: int, line: int) -> bool:
    """Attach a node I/O line to its node (see :func:`_onnx_node_io`)."""
    build = state.current
    nodes = build.onnx_nodes
    if nodes:
        # The node ``Parsing node:`` just named, the usual case: ``NAME [OP] in|out``.
        name, op_type, _ = nodes[-1]
        at = len(name) + 2
        if (
            text.startswith(name)
            and text.startswith(" [", at - 2)
            and text.startswith(op_type, at)
            and text.startswith("] ", at + len(op_type))
        ):
            side_at = at + len(op_type) + 2
            if side_at == head_end - 2 or side_at == head_end - 3:
                # The whole message is kept (no copy): nodeio reads the list after "puts: ".
                # ``inputs:`` comes first, ``outputs:`` completes the pair (tuples of strings
                # are not tracked by the garbage collector; lists would be).
                at = len(nodes) - 1
                if side_at == head_end - 2:
                    build.onnx_raw_io[at] = (text, "")
                else:
                    build.onnx_raw_io[at] = (build.onnx_raw_io.get(at, ("", ""))[0], text)
                return True
    side = text[head_end - 3 : head_end]
    if side == "out":
        op_end = head_end - 4
    elif text.endswith("] in", 0, head_end):
        op_end = head_end - 3
        side = "in"
    else:
        op_end = -1
    op_start = text.rfind(" [", 0, op_end) if op_end > 0 else -1
    if op_start <= 0 or text[op_end - 1] != "]" or text[op_end] != " ":
        state.current.reach("onnx-import")
        return True
    state.add_node_io(text[:op_start], text[op_start + 2 : op_end - 1], side, text, line)
    return True


def _onnx_import(state: LogState, match: re.Match[str], line: int) -> bool:
    """Importer progress (``Searching for input``, ``Registering layer``, ...)."""
    build = state.current
    build.reach("onnx-import")
    text = match.string
    if text.startswith("Registering layer: ") and text.endswith(_HELPER_SUFFIX):
        _helper_layer(build, text[len("Registering layer: ") : -len(_HELPER_SUFFIX)])
    return True


_IMPORT_PREFIXES = ("Searching for input: ", "Registering layer: ", "Registering tensor: ")


def _onnx_import_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Searching for input: X``, ``Registering layer: X``, ``Registering tensor: X`` on the
    hot path (the name's first character must not be blank)."""
    if not text.startswith(_IMPORT_PREFIXES, start):
        return False
    name_at = text.find(": ", start) + 2
    if name_at >= len(text) or text[name_at].isspace():
        return False
    build = state.current
    build.reach("onnx-import")
    if text[-1] == "T" and text.endswith(_HELPER_SUFFIX) and text.startswith("Registering", start):
        _helper_layer(build, text[name_at : -len(_HELPER_SUFFIX)])
    return True


_HELPER_SUFFIX = " required by ONNX-TRT"


def _helper_layer(build: BuildState, layer: str) -> None:
    """A layer the ONNX parser added while importing the last node (``Registering layer:
    ONNXTRT_castHelper_5 required by ONNX-TRT``): Myelin regions are named after such layers."""
    if build.onnx_nodes and len(build.helper_layers) < 100_000:
        build.helper_layers.append((layer, build.onnx_nodes[-1][0]))


def _plugin_import(state: LogState, match: re.Match[str], line: int) -> bool:
    """The ONNX parser importing a node as a plugin; ``Successfully created plugin: X`` names
    a plugin the model uses."""
    build = state.current
    build.reach("onnx-import")
    created = match.group("created")
    if created and created not in build.plugins_created and len(build.plugins_created) < 500:
        build.plugins_created.append(created)
    return True


def _plugin_registered(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Registered plugin creator - ::NAME version V``."""
    if match.group("verb") == "Registered plugin creator":
        plugins = state.current.plugins
        name = f"{match.group('plugin')} version {match.group('version')}"
        if len(plugins) < 500:
            plugins.append(name)
    return True


def _new_builder(state: LogState, match: re.Match[str], line: int) -> bool:
    """A second builder in the process, or the rule of dashes opening the ONNX parser's summary:
    a new build starts here if the current one is done (:meth:`LogState.build_for_import`)."""
    state.build_for_import(line)
    return True


# --- optimizer ---------------------------------------------------------------------------------


def _starts_new_build(state: LogState) -> bool:
    """True if a builder starting now must be a new build (the current one is done or built)."""
    build = state.current
    return bool(
        build.engine_layers
        or build.dump_layers
        or build.status
        or any(stage.label == "Original" for stage in build.stages)
    )


def _stage(state: LogState, match: re.Match[str], line: int) -> bool:
    """One step of the layer-count funnel; ``Original`` after a finished build starts a new one."""
    label = match.groupdict().get("label") or "Original"
    if label == "Original" and _starts_new_build(state):
        state.start_build(line)
    build = state.current
    build.reach("optimization")
    count = parse_int(match.group("count"))
    if count is None:
        return False
    build.stages.append(LayerCountStage(label, count, line))
    return True


def _pass_running(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Running: PASS on LAYER``: the pass later event lines belong to."""
    build = state.current
    name = match.group("pass")
    layer = match.group("layer")
    build.running_pass = name
    build.event(line, name, "running", (layer,) if layer else (), "", match.string)
    return True


def _pass_running_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Running: PASS`` or ``Running: PASS on LAYER`` on the hot path: PASS runs to the first
    blank, which must open `` on `` and a non-empty LAYER."""
    if not text.startswith("Running: ", start):
        return False
    pass_start = start + len("Running: ")
    words = text[pass_start:].split(maxsplit=1)
    if not words or text[pass_start].isspace():
        return False
    name = words[0]
    rest_at = pass_start + len(name)
    if rest_at == len(text):
        layers: tuple[str, ...] = ()
    elif text.startswith(" on ", rest_at) and rest_at + 4 < len(text):
        layers = (text[rest_at + 4 :],)
    else:
        return False
    build = state.current
    build.running_pass = name
    build.event(line, name, "running", layers, "", text[start:])
    return True


def _pass_fusing(state: LogState, match: re.Match[str], line: int) -> bool:
    """``PASS: Fusing A with B``: the product is named ``A + B``."""
    name = _subject(match)
    if not name or " " in name:
        return False
    first, second = match.group("a"), match.group("b")
    state.current.event(line, name, "fuse", (first, second), f"{first} + {second}", match.string)
    return True


def _pass_fusing_unnamed(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Fusing A with B`` without a pass name (TensorRT 7): the running pass's fusion."""
    first, second = match.group("a"), match.group("b")
    build = state.current
    build.event(
        line, build.running_pass, "fuse", (first, second), f"{first} + {second}", match.string
    )
    return True


def _pass_qdi_fusing(state: LogState, match: re.Match[str], line: int) -> bool:
    """``QuantizeDoubleInputNodes: fusing (A and B) into C`` or ``... fusing A into C``."""
    target = match.group("into")
    pair = match.group("pair")
    layers = (*pair.split(" and ", 1), target) if pair is not None else (match.group("one"), target)
    state.current.event(
        line, "QuantizeDoubleInputNodes", "fuse", tuple(layers), target, match.string
    )
    return True


def _running_event(kind: str, groups: tuple[str, ...], result: str = "") -> Handler:
    """A handler recording an event of ``kind`` attributed to the running pass."""

    def handler(state: LogState, match: re.Match[str], line: int) -> bool:
        """Record the event (see :func:`_running_event`)."""
        build = state.current
        layers = tuple(match.group(group) for group in groups)
        build.event(
            line,
            build.running_pass,
            kind,
            layers,
            match.group(result) if result else "",
            match.string,
        )
        return True

    handler.__doc__ = f"Record a ``{kind}`` event of the running pass."
    return handler


def _pass_named_event(pass_name: str, kind: str, groups: tuple[str, ...], result: str) -> Handler:
    """A handler recording an event of ``kind`` for a pass the line itself names."""

    def handler(state: LogState, match: re.Match[str], line: int) -> bool:
        """Record the event (see :func:`_pass_named_event`)."""
        layers = tuple(match.group(group) for group in groups)
        state.current.event(
            line, pass_name, kind, layers, match.group(result) if result else "", match.string
        )
        return True

    handler.__doc__ = f"Record a ``{kind}`` event of ``{pass_name}``."
    return handler


def _pass_removing_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Removing LAYER`` on the hot path: an event of the running pass."""
    if not text.startswith("Removing ", start) or len(text) <= start + len("Removing "):
        return False
    build = state.current
    build.event(
        line, build.running_pass, "remove", (text[start + len("Removing ") :],), "", text[start:]
    )
    return True


def _pass_merging(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Merging layers: A || B || C``: the merged layer keeps the joined name."""
    merged = match.group("layers")
    state.current.event(
        line, "Merging layers", "merge", tuple(merged.split(" || ")), merged, match.string
    )
    return True


def _pass_phase(state: LogState, match: re.Match[str], line: int) -> bool:
    """A QDQ optimizer phase header; the passes of the phase follow."""
    build = state.current
    build.running_pass = ""
    build.event(line, match.string.strip(), "phase", (), "", match.string)
    return True


def _pass_squeeze(state: LogState, match: re.Match[str], line: int) -> bool:
    """``-----------SqueezePushDown kSQUEEZE_JOIN case: A --> B --> C``."""
    state.current.event(
        line,
        state.current.running_pass or "SqueezePushDown",
        "other",
        tuple(match.group("chain").split(" --> ")),
        "",
        match.string,
    )
    return True


def _pass_other(state: LogState, match: re.Match[str], line: int) -> bool:
    """``PASS: anything`` while PASS is running: an event shape the rules do not know."""
    build = state.current
    name = _subject(match)
    if not name or name != build.running_pass:
        return False
    build.event(line, name, "other", (), "", match.string)
    return True


def _region_metadata(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 10's ``ForeignNode {ForeignNode[A...B]} metadata: [ONNX Layer: A][ONNX Layer:
    C]...``: the ONNX nodes a Myelin region holds (kept once per region, the last line wins)."""
    build = state.current
    build.reach("optimization")
    nodes = onnx_nodes_of(match.group("metadata"))
    if nodes and len(build.region_nodes) < 100_000:
        build.region_nodes.append((match.group("region"), nodes))
    return True


def _optimizer(state: LogState, match: re.Match[str], line: int) -> bool:
    """Optimizer chatter: understood, nothing to keep."""
    state.current.reach("optimization")
    return True


def _graph_time(state: LogState, match: re.Match[str], line: int) -> bool:
    """The optimizer's duration, in its three spellings (TensorRT 8, 10 and 10's split form)."""
    build = state.current
    build.reach("optimization")
    if match.group("built") is not None:
        build.timings.append(("Graph construction", match.group("built")))
    else:
        build.timings.append(("Graph optimization", match.group("s2") or match.group("s3")))
    return True


def _graph_dump(state: LogState, match: re.Match[str], line: int) -> bool:
    """``GRAPH NODES`` / ``SYMBOLIC CHECKS``: TensorRT 10's node listing follows."""
    state.current.reach("optimization")
    state.mode = Mode.GRAPH_DUMP
    return True


# --- placement ---------------------------------------------------------------------------------


def _placement_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Layers running on GPU:`` (the next line lists them) or the TensorRT 8 block header."""
    build = state.current
    build.placement_target = match.group("target").upper()
    if match.group("inline") is not None:
        state.mode = Mode.PLACEMENT
    return True


def _placement_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """``[GpuLayer] CONVOLUTION: NAME`` (TensorRT 8.5+) or ``[GpuLayer] NAME`` (8.2 to 8.4)."""
    target = "DLA" if match.group("where") == "Dla" else "GPU"
    state.current.placement.append((match.group("name"), target))
    return True


def _placement_list(state: LogState, match: re.Match[str], line: int) -> bool:
    """The line after ``Layers running on GPU:``: layer names separated by ``, ``."""
    build = state.current
    text = match.string.strip()
    state.mode = Mode.NONE
    if text:
        target = build.placement_target or "GPU"
        build.placement.extend((name, target) for name in text.split(", "))
    return True


# --- autotuning --------------------------------------------------------------------------------


def _timing_runner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Timing Runner: LAYER (RUNNER)``: the tactic lines that follow belong to LAYER."""
    start_runner(state, match.group("layer"), line)
    return True


_RUNNER_PREFIX = "--------------- Timing Runner: "


def _timing_runner_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Timing Runner: LAYER (RUNNER)`` on the hot path: the last `` (`` opens the runner."""
    if not text.startswith(_RUNNER_PREFIX, start) or not text.endswith(")"):
        return False
    layer_start = start + len(_RUNNER_PREFIX)
    open_at = text.rfind(" (")
    if open_at <= layer_start or text.find("(", open_at + 2, -1) >= 0:
        return False
    if open_at + 3 >= len(text) or text.find(")", open_at + 2, -1) >= 0:
        return False
    start_runner(state, text[layer_start:open_at], line)
    return True


def start_runner(state: LogState, layer: str, line: int) -> None:
    """Start reading the tactics of one runner of ``layer``."""
    build = state.current
    build.reach("autotuning")
    tuning = build.tuning_of(layer, line)
    if build.new_combination:
        tuning.format_combinations += 1
        build.new_combination = False
    build.runner = tuning
    build.runner_kernels.clear()
    build.pending_kernel = ""
    build.runner_started = True
    build.run_text = ""


def _tactic_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Tactic: T Time: X`` on the hot path: count it; the time is not needed (a runner's
    ``Fastest Tactic`` line gives its best). Accepts the line when, after ``Tactic: ``, it holds
    exactly two spaces, the second one opening `` Time: ``."""
    time_at = text.find(" Time: ", start + 9)
    if time_at < 0 or text.count(" ", start + 8) != 2 or not text.startswith("Tactic: ", start):
        return False
    build = state.current
    runner = build.runner
    if runner is not None:
        runner.tactics_timed += 1
        if build.pending_kernel:
            build.runner_kernels[text[start + 8 : time_at]] = build.pending_kernel
            build.pending_kernel = ""
    return True


def _set_tactic_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``LAYER Set Tactic Name: K Tactic: T`` on the hot path: file the text under T unparsed
    (:func:`kernel_name` takes the kernel out of it if T turns out to be the fastest)."""
    head, _, tactic = text.rpartition(" Tactic: ")
    if not tactic or " " in tactic or head.find(" Set Tactic Name: ", start) <= start:
        return False
    state.current.runner_kernels[tactic] = head
    return True


def kernel_name(filed: str) -> str:
    """The kernel of a text filed by :func:`_set_tactic_fast` (or a bare kernel name)."""
    return filed.rpartition(" Set Tactic Name: ")[2]


def _tactic(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Tactic: T Time: X`` (counted), ``Tactic: T skipped. ...`` (counted with its reason)."""
    build = state.current
    runner = build.runner
    if runner is None:
        return True
    if match.group("time") is not None:
        runner.tactics_timed += 1
        if build.pending_kernel:
            build.runner_kernels[match.group("tactic")] = build.pending_kernel
            build.pending_kernel = ""
    else:
        runner.skip(_reason(match.group("skip")))
        build.pending_kernel = ""  # the name was the skipped tactic's
    return True


_NUMBERS = re.compile(r"0x[0-9a-fA-F]+|\d+(?:\.\d+)?")


def _reason(text: str) -> str:
    """A skip reason with its numbers replaced by ``N``, so equal reasons count together."""
    return _NUMBERS.sub("N", text.strip().rstrip(".")) or "skipped"


def _tactic_name(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Tactic Name: K`` (the kernel of the ``Tactic:`` line that follows), or TensorRT 10's
    ``Tactic Name: K Tactic: T Time: X`` (counted as a timed tactic)."""
    build = state.current
    tactic = match.group("tactic")
    if tactic is None:
        build.pending_kernel = match.group("kernel")
        return True
    build.runner_kernels[tactic] = match.group("kernel")
    if build.runner is not None:
        build.runner.tactics_timed += 1
    return True


def _set_tactic(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER Set Tactic Name: K Tactic: T``."""
    state.current.runner_kernels[match.group("tactic")] = match.group("kernel")
    return True


def _set_tactic_pending(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 7's ``LAYER (RUNNER) Set Tactic Name: K`` without the tactic: K is the kernel of
    the ``Tactic: T time X`` line that follows."""
    state.current.pending_kernel = match.group("kernel")
    return True


def _fastest(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Fastest Tactic: T Time: X``: the runner's best, kept if it is the layer's best."""
    record_fastest(state, match.group("tactic"), match.group("time"))
    return True


def _fastest_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Fastest Tactic: T Time: X`` on the hot path."""
    if not text.startswith("Fastest Tactic: ", start):
        return False
    time_at = text.find(" Time: ", start + 17)
    if (
        time_at < 0
        or text.find(" ", start + 16, time_at) >= 0
        or text.find(" ", time_at + 7) >= 0
        or time_at + 7 >= len(text)
    ):
        return False
    record_fastest(state, text[start + 16 : time_at], text[time_at + 7 :])
    return True


def record_fastest(state: LogState, tactic: str, time_text: str) -> None:
    """A runner's fastest tactic: kept if it is the layer's best so far."""
    build = state.current
    runner = build.runner
    if runner is not None:
        kernel = kernel_name(build.runner_kernels.get(tactic, ""))
        if not kernel and build.run_text:
            start, end = build.run_span
            kernel = kernel_in_run(
                build.run_text, start, end, tactic, all_timed=build.run_all_timed
            )
        runner.fastest(tactic, time_text, kernel)
    # The runner's last line: nothing read for it may name a later runner's tactic.
    build.runner_kernels.clear()
    build.pending_kernel = ""
    build.run_text = ""


def _chose_runner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Chose Runner Type: R Tactic: T``: the choice for one format combination."""
    record_choice(state, match.group("runner"), match.group("tactic"))
    return True


_CHOSE_PREFIX = ">>>>>>>>>>>>>>> Chose Runner Type: "


def _chose_runner_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Chose Runner Type: R Tactic: T`` on the hot path."""
    if not text.startswith(_CHOSE_PREFIX, start):
        return False
    runner_start = start + len(_CHOSE_PREFIX)
    tactic_at = text.find(" Tactic: ", runner_start)
    if tactic_at <= runner_start or text.find(" ", runner_start, tactic_at) >= 0:
        return False
    rest = text[tactic_at + 9 :]
    if not rest or rest[0].isspace():
        return False
    tactic = rest.split(None, 1)[0]  # up to any blank, as the rule's \S+
    record_choice(state, text[runner_start:tactic_at], tactic)
    return True


def record_choice(state: LogState, runner_type: str, tactic: str) -> None:
    """The runner and tactic chosen for one format combination."""
    runner = state.current.runner
    if runner is not None:
        runner.runner_type = runner_type
        runner.tactic_name = runner.kernel_of_fastest.get(tactic, "")


def _autotuning_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Autotuning format combination: ...``: counted for the layer of the next runner."""
    build = state.current
    build.reach("autotuning")
    build.new_combination = True
    build.last_combination = LineSample(line, match.group(0).strip(" *"))
    return True


def _autotuning_header_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``*************** Autotuning format combination: ... ***************`` on the hot path."""
    if not text.endswith("*") or not text.startswith(
        ("*************** Autotuning format combination:", "*************** Autotuning Reformat:"),
        start,
    ):
        return False
    build = state.current
    build.reach("autotuning")
    build.new_combination = True
    build.last_combination = LineSample(line, text[start:].strip(" *"))
    return True


def _autotuning(state: LogState, match: re.Match[str], line: int) -> bool:
    """Autotuning chatter: understood, nothing to keep."""
    state.current.reach("autotuning")
    return True


NO_TACTICS_REASON = "runner has no valid tactics for this config"


def _runner_no_tactics(state: LogState, match: re.Match[str], line: int) -> bool:
    """``RUNNER has no valid tactics for this config, skipping``."""
    runner = state.current.runner
    if runner is not None:
        runner.skip(NO_TACTICS_REASON)
    return True


def _runner_skipping(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Skipping RUNNER: No valid tactics for LAYER`` (TensorRT 10)."""
    build = state.current
    build.reach("autotuning")
    build.tuning_of(match.group("layer"), line).skip(NO_TACTICS_REASON)
    return True


def _tactic_skipping(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Skipping tactic T due to REASON``."""
    runner = state.current.runner
    if runner is not None:
        runner.skip(_reason(match.group("reason")))
    return True


def _profiling_completed(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER (RUNNER[0x..]) profiling completed in S seconds. Fastest Tactic: T Time: X``."""
    subject = _subject(match)
    runner_start = subject.rfind(" (")
    if runner_start <= 0:
        return False
    build = state.current
    build.reach("autotuning")
    tuning = build.tuning_of(subject[:runner_start], line)
    tuning.runner_type = subject[runner_start + 2 :].partition("[")[0]
    if tuning is build.runner:
        # The end of the runner being read: its kernel names are those of its own lines.
        record_fastest(state, match.group("tactic"), match.group("time"))
    else:
        tuning.fastest(match.group("tactic"), match.group("time"), "")
    return True


def _cached_result(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER [FORMATS] got cached result: RUNNER, tactic T, X ms`` (timing cache hit)."""
    subject = _subject(match)
    formats = subject.rfind(" [")
    if formats <= 0:
        return False
    build = state.current
    build.reach("autotuning")
    tuning = build.tuning_of(subject[:formats], line)
    tuning.runner_type = match.group("runner")
    tuning.fastest(match.group("tactic"), match.group("time"), "")
    return True


def _tactic_pruning(state: LogState, match: re.Match[str], line: int) -> bool:
    """``LAYER: N available tactics, ... M remaining after tactic pruning.``."""
    if re.search(r": \d+\Z", _subject(match)) is None:
        return False
    state.current.reach("autotuning")
    return True


# --- engine, memory, timings ---------------------------------------------------------------------


def _engine_layers_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Engine Layer Information:``: the ``Layer(...)`` lines follow, unprefixed."""
    if state.current.engine_layers or state.current.status:
        state.start_build(line)
    build = state.current
    build.reach("engine")
    build.built = True
    build.layer_info_line = line
    build.listing_line = line
    state.mode = Mode.ENGINE_LAYERS
    return True


def _layer_dump_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Layers:``: the ``--dumpLayerInfo`` lines follow, unprefixed."""
    state.current.listing_line = line
    state.mode = Mode.LAYER_DUMP
    return True


def _reformat_added(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Adding reformat layer: ...``."""
    build = state.current
    build.reach("engine")
    if len(build.reformats_added) < 10000:
        build.reformats_added.append(LineSample(line, match.string[:1000]))
    return True


def _memory(state: LogState, match: re.Match[str], line: int) -> bool:
    """A memory figure: the key as the rule names it, the value as printed."""
    build = state.current
    key = match.group("key")
    unit = match.groupdict().get("unit") or ""
    if unit and unit != "bytes":
        key = f"{key} ({unit})"
    if key == "Total Weight Memory":
        key = "Total Weights Memory"  # TensorRT 7's spelling
    build.memory.append((key, match.group("value")))
    if key.startswith(("Total Activation Memory", "Total Weights Memory")):
        build.reach("engine")
    if key.startswith(("Loaded engine size", "Engine size")) and not build.built:
        build.loaded = True
        build.reach("inference")
    return True


def _mem_usage(state: LogState, match: re.Match[str], line: int) -> bool:
    """``[MemUsageChange] WHAT: CPU +N, GPU +N, now: ...`` and its siblings."""
    build = state.current
    label = f"{match.group('tag')}: {match.group('what')}"
    if len(build.memory) < 1000:
        build.memory.append((label, match.group("value")))
    what = match.group("what")
    if "deserialization" in what and not build.built:
        build.loaded = True
        build.reach("inference")
    elif "allocation in building engine" in what or what.startswith(
        "Peak memory usage during Engine building"
    ):
        # The Python samples' last line of a build at INFO level (no Engine Layer Information
        # or "Engine built" there): the engine was built.
        build.built = True
        build.reach("engine")
    return True


_TIMING_KEYS = {
    "Engine generation completed in": ("Engine generation", "engine"),
    "Formats and tactics selection completed in": ("Formats and tactics selection", "autotuning"),
    "Engine built in": ("Engine built", "engine"),
    "Engine deserialized in": ("Engine deserialized", "inference"),
    "Engine loaded in": ("Engine loaded", "inference"),
    "Deserialization required": ("Deserialization (us)", "inference"),
    "Finished parsing network model. Parse time:": ("ONNX parsing", "onnx-import"),
    "Subgraph compilation completed in": ("", "autotuning"),
    "Calculating Maxima completed in": ("", "autotuning"),
}


def _phase_time(state: LogState, match: re.Match[str], line: int) -> bool:
    """A build or load duration (``Engine generation completed in 9.5 seconds.``)."""
    build = state.current
    key, phase = _TIMING_KEYS[match.group("what")]
    build.reach(phase)
    if key:
        build.timings.append((key, match.group("value")))
    if phase == "engine":
        build.built = True
    elif phase == "inference" and not build.built:
        build.loaded = True
    return True


_ENGINE_PHASE_STARTS = (
    "Finalize: ",
    "Kernel: ",
    "Total number of generated kernels",
    "Total number of blocks",
    "Block size",
    "[BlockAssignment]",
    "Adding ",
    "Serialized ",
    "Disabling unused tactic source",
)
"""Chatter that only comes once autotuning is over (most of the rule's lines come earlier)."""


def _engine(state: LogState, match: re.Match[str], line: int) -> bool:
    """Builder chatter: understood, nothing to keep; some of it marks the engine phase."""
    if match.group(0).startswith(_ENGINE_PHASE_STARTS):
        state.current.reach("engine")
    return True


def _binding(state: LogState, match: re.Match[str], line: int) -> bool:
    """A ``Created input binding for ...`` or ``Input binding for ... is created.`` line."""
    shape = _dims(match.group("dims"))
    if shape is None:
        return False
    type_word = match.groupdict().get("type") or ""
    dtype = normalise_dtype(type_word) if type_word else UNKNOWN
    state.current.add_binding(
        match.group("name"), match.group("direction").lower(), shape, dtype, line
    )
    return True


# --- inference run -----------------------------------------------------------------------------


def _inference(state: LogState, match: re.Match[str], line: int) -> bool:
    """Inference-run chatter: understood, nothing to keep."""
    state.current.reach("inference")
    return True


def _perf7_metric(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 7's ``Host Latency`` header: its ``min:``/``max:``/... lines follow."""
    build = state.current
    build.close_perf7()
    build.reach("inference")
    build.perf7_metric = match.group("metric")
    build.perf7_line = line
    state.mode = Mode.PERF7
    return True


def _perf7_single(state: LogState, match: re.Match[str], line: int) -> bool:
    """``throughput: 37.0368 qps`` and the other one-value TensorRT 7 summary lines."""
    build = state.current
    build.close_perf7()
    build.reach("inference")
    build.performance.append(
        PerfMetric(
            match.group("metric"), match.group("unit"), (("value", match.group("value")),), line
        )
    )
    return True


def _calibration(state: LogState, match: re.Match[str], line: int) -> bool:
    """The INT8 calibrator's progress: ``Starting Calibration.``, ``Calibrated batch 7 in 0.43
    seconds.``, ``Post Processing Calibration data in 3.7e-06 seconds.``, ``Calibration
    completed in 12.3 seconds.``, ``Writing Calibration Cache for calibrator: TRT-8601-...``
    (whose number is the TensorRT version). The batches and their time are counted."""
    build = state.current
    build.reach("engine")  # the calibrator runs an engine built for it
    batch = match.group("batch")
    if batch is not None:
        build.calibration_batches += 1
        build.calibration_seconds += parse_float(batch) or 0.0
    elif match.group("post") is not None:
        build.timings.append(("Calibration post-processing", match.group("post")))
    elif match.group("total") is not None:
        build.timings.append(("Calibration", match.group("total")))
    version = match.group("version")
    if version is not None and not build.library_version:
        build.library_version = decode_version(version)
    return True


def _network_tensors_detected(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Detected 1 inputs and 1 output network tensors.``: said as the builder finishes the
    engine, often the only sign of a build in a log at INFO level."""
    build = state.current
    build.built = True
    build.reach("engine")
    return True


def _setup_fatal(state: LogState, match: re.Match[str], line: int) -> bool:
    """trtexec's ``Cannot find device ID 1!``: logged at info level, but trtexec exits on it.
    It is kept as the error that stopped the run."""
    build = state.current
    build.add_message("E", match.string.strip(), line)
    if not build.status:
        build.stopped_by_error = True
    return True


def _perf6_average(state: LogState, match: re.Match[str], line: int) -> bool:
    """trtexec's summary before TensorRT 7.1: ``Average over 10 runs is 55.25 ms (host
    walltime is 55.39 ms, 99% percentile time is 59.96).``"""
    build = state.current
    build.close_perf7()
    build.reach("inference")
    values = (
        ("runs", match.group("runs")),
        ("mean", match.group("mean")),
        (f"percentile({match.group('percent')}%)", match.group("percentile")),
        ("host walltime mean", match.group("host")),
    )
    build.performance.append(PerfMetric("GPU Compute", "ms", values, line))
    return True


def _perf7_value(state: LogState, match: re.Match[str], line: int) -> bool:
    """``min: 26.8 ms (end to end 26.8 ms)`` or ``percentile: 27.1 ms at 99% (...)``."""
    build = state.current
    if not build.perf7_metric:
        return False
    key = match.group("key")
    percent = match.group("percent")
    if percent:
        key = f"percentile({percent}%)"
    build.perf7_values.append((key, match.group("value")))
    if match.group("e2e"):
        build.perf7_values.append((f"end to end {key}", match.group("e2e")))
    state.mode = Mode.PERF7
    return True


_PERF_NAMES = (
    "Throughput",
    "Latency",
    "Enqueue Time",
    "H2D Latency",
    "GPU Compute Time",
    "D2H Latency",
    "Total Host Walltime",
    "Total GPU Compute Time",
)
"""The metrics of trtexec's performance summary, read also without the summary's header (a
pasted tail): only a line of numbers is taken (:func:`_perf_metric`)."""
_PERF_VALUE = re.compile(
    r"(?P<key>[\w()%. -]+?) = (?P<value>-?[\d.]+(?:e[-+]?\d+)?|inf|nan)(?: (?P<unit>\w+))?"
)


def _perf_metric(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Latency: min = 0.79 ms, max = ...`` or ``Throughput: 1234.5 qps`` in the summary."""
    name = match.group("name")
    rest = match.group("rest").strip()
    values: list[tuple[str, str]] = []
    unit = ""
    if " = " in rest:
        for part in rest.split(", "):
            value_match = _PERF_VALUE.fullmatch(part.strip())
            if value_match is None:
                return False
            values.append((value_match.group("key"), value_match.group("value")))
            unit = value_match.group("unit") or unit
    else:
        number, _, unit = rest.partition(" ")
        if parse_float(number) is None:
            return False
        values.append(("value", number))
    state.current.performance.append(PerfMetric(name, unit, tuple(values), line))
    state.mode = Mode.PERFORMANCE
    return True


def _profile_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """The ``--dumpProfile`` table header; rows follow."""
    build = state.current
    build.reach("inference")
    header = match.string.strip()
    build.profile_layer_last = header.startswith("Time")
    build.profile_columns = 4 if "Median" in header else 3
    state.mode = Mode.PROFILE
    return True


def _profile_row(state: LogState, match: re.Match[str], line: int) -> bool:
    """One row of the profile table (the ``Total`` row is understood and not stored)."""
    build = state.current
    text = match.string.strip()
    if build.profile_layer_last:
        parts = text.split(None, 4)
        if len(parts) < 5:
            return False
        numbers, name = parts[:4], parts[4]
    else:
        # The header says how many numbers end a row (TensorRT 7 and 8.0 print no median):
        # a layer's name may end in a number of its own (``prob input reformatter 0``).
        columns = build.profile_columns
        parts = text.rsplit(None, columns)
        if len(parts) != columns + 1:
            return False
        name, numbers = parts[0], parts[1:]
    parsed = [parse_float(number) for number in numbers]
    if None in parsed:
        return False
    values = [number for number in parsed if number is not None]
    state.mode = Mode.PROFILE
    if name == "Total":
        return True
    median = values[2] if len(values) == 4 else None
    build.profile_table.append(ProfileEntry(name, values[0], values[1], median, values[-1]))
    return True


def _output_tensors(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Output Tensors:``: each output's name and values follow."""
    state.current.reach("inference")
    state.mode = Mode.OUTPUT_TENSORS
    return True


def _in_mode(mode: Mode) -> Handler:
    """A handler that understands a block line and stays in ``mode``."""

    def handler(state: LogState, match: re.Match[str], line: int) -> bool:
        """Understood as a line of the block; nothing to keep."""
        state.mode = mode
        return True

    handler.__doc__ = f"Understood as a line of the {mode.value} block; nothing to keep."
    return handler


# --- bare lines ----------------------------------------------------------------------------------


def _banner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``&&&& RUNNING ...`` starts a build; ``&&&& PASSED/FAILED ...`` gives its status."""
    status = match.group("status")
    version_match = re.search(r"\[TensorRT v(\d+)\]", match.group("tags") or "")
    if status == "RUNNING":
        build = state.start_build(line, same_process=False)
        build.command = (match.group("command") or "").strip()
        if version_match is not None:
            build.banner_version = decode_version(version_match.group(1))
    else:
        build = state.current
        build.status = "passed" if status in ("PASSED", "WAIVED") else "failed"
        build.status_line = LineSample(line, match.string[: match.end("tags")].strip())
        if not build.command:
            build.command = (match.group("command") or "").strip()
        if version_match is not None and not build.banner_version:
            # A log that starts after its banner still has the version in the trailer.
            build.banner_version = decode_version(version_match.group(1))
    return True


def _engine_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """One ``Layer(TYPE): NAME, Tactic: T, INPUTS -> OUTPUTS`` line of Engine Layer Information.

    Outside the block the line is taken all the same when it parses whole (the form is
    TensorRT's alone) and the build has no engine layer yet (a log pasted without the list's
    header) or its last one came two lines before (one line of the list broken by a paste);
    it then opens the list. Once a prefixed line ended the list, a stray one is not taken.
    """
    if state.mode is not Mode.ENGINE_LAYERS:
        if not _list_goes_on(state.current, line) or not _add_engine_layer(state, match, line):
            return False
        state.mode = Mode.ENGINE_LAYERS
        return True
    return _add_engine_layer(state, match, line)


def _list_goes_on(build: BuildState, line: int) -> bool:
    """Whether an engine layer line at ``line`` outside the list's block continues the build's
    list: none read yet, or the last read at most two lines before, the list not closed."""
    return not build.engine_layers or line - 2 <= build.layer_info_line


def _engine_layer_logged(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 7's engine layer, logged as a message of its own after the header or the layer
    before (``[TensorRT] VERBOSE: Layer(FusedConvActDirect): conv1, Tactic: 141, ...``).

    A log pasted from the middle of the list has no header: its first layer is taken all the
    same when the whole line parses (the form is TensorRT's alone), and starts the list."""
    if not _list_goes_on(state.current, line):
        return False
    return _add_engine_layer(state, match, line)


def _add_engine_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """Record the engine layer of a ``Layer(TYPE): REST`` line; False if REST does not parse."""
    rest = match.group("rest")
    name_end = rest.find(", Tactic: ")
    if name_end < 0:
        return False
    tactic, _, tensors = rest[name_end + len(", Tactic: ") :].partition(",")
    parsed = parse_tensor_lists(tensors)
    if parsed is None:
        return False
    build = state.current
    build.layer_info_line = line
    build.engine_layers.append(
        LayerRecord(
            name=rest[:name_end],
            layer_type=match.group("type"),
            tactic=tactic.strip(),
            inputs=parsed[0],
            outputs=parsed[1],
            line=line,
        )
    )
    return True


def _dump_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """One ``Name: ..., LayerType: ...`` line of the ``--dumpLayerInfo`` text."""
    if state.mode is not Mode.LAYER_DUMP:
        return False
    try:
        record = parse_dump_layer(match.string, line)
    except DumpSyntaxError:
        return False
    state.current.dump_layers.append(record)
    return True


def _dump_bindings(state: LogState, match: re.Match[str], line: int) -> bool:
    """The dump's ``Bindings:`` line; binding names follow, one per line."""
    if state.mode is not Mode.LAYER_DUMP:
        return False
    state.mode = Mode.DUMP_BINDINGS
    return True


def _dump_name(state: LogState, match: re.Match[str], line: int) -> bool:
    """A bare name: a layer of a names-only dump, or a binding after ``Bindings:``."""
    name = match.group("name")
    if state.mode is Mode.LAYER_DUMP:
        build = state.current
        if build.dump_layers and build.dump_layers[-1].layer_type:
            return False  # a detailed dump's layers are all "Name: ..., LayerType: ..." lines
        build.dump_layers.append(LayerRecord(name=name, line=line))
        return True
    if state.mode is Mode.DUMP_BINDINGS:
        state.current.dump_bindings.append((name, line))
        return True
    return False


_TENSORRT_LOOKING = re.compile(
    r"\[(?:TRT|TensorRT)\]|\[[VIWEF]\] |\A(?:Layer\(|Name: .*, LayerType: |&&&&)"
)


def _application_output(state: LogState, match: re.Match[str], line: int) -> bool:
    """An unprefixed line outside any TensorRT block that does not look like TensorRT's."""
    if state.mode is Mode.ONNX_SUMMARY:
        state.mode = Mode.NONE  # a summary that never got its closing rule of dashes
    if state.mode is not Mode.NONE:
        return False
    return _TENSORRT_LOOKING.search(match.string) is None


def _application_glog(state: LogState, match: re.Match[str], line: int) -> bool:
    """A glog-style line from a plugin's own logger (``2024-06-22 20:51:38.566468: T f.cpp:1]``)."""
    return True


def _application_tagged(state: LogState, match: re.Match[str], line: int) -> bool:
    """Another logger's line that looks like TensorRT's (``[ts] [TRT-LLM] [I] ...``):
    application output."""
    return True


def _polygraphy_line(state: LogState, match: re.Match[str], line: int) -> bool:
    """Polygraphy's own line (``[I] RUNNING | Command: ...``, ``[I] Loading model: m.onnx``):
    application output, in the log of a TensorRT tool (so the file is a TensorRT log even if
    TensorRT itself logged nothing)."""
    state.saw_tensorrt = True
    version = _POLYGRAPHY_MODULE.match(match.string)
    if version is not None and not state.current.library_version:
        state.current.library_version = version.group(1)
    return True


_POLYGRAPHY_MODULE = re.compile(r"\[[VIX]\] Loaded Module: tensorrt +\| Version: (\d+(?:\.\d+)+) ")
"""Polygraphy's ``[V] Loaded Module: tensorrt | Version: 8.0.3.4 | Path: [...]``: the version of
the TensorRT it loaded."""

_CONTINUED_MODES = frozenset({Mode.ENGINE_LAYERS, Mode.LAYER_DUMP, Mode.DUMP_BINDINGS})


def _continuation(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line indented by four spaces inside a block of unprefixed lines: Polygraphy indents the
    lines after the first of a multi-line message (``    Layer(...)`` after ``[X] Engine Layer
    Information:``, ``    Name: ...`` after ``[X] Layers:``). The text after the indent is read
    by the block's rules."""
    if state.mode not in _CONTINUED_MODES:
        return False
    text = match.group("rest")
    for rule in _CONTINUED_RULES:
        if rule.prefix and not text.startswith(rule.prefix):
            continue
        found = rule.pattern.match(text)
        if found is not None and rule.handler(state, found, line):
            return True
    return False


# --- how a process ends: crashes, other tools' trailers ------------------------------------------

_PYTHON_EXCEPTION = re.compile(r"[A-Za-z_][\w.]*(?::(?: .*)?)?\s*\Z")
"""The last line of a Python traceback: ``RuntimeError: msg``, ``KeyboardInterrupt``,
``polygraphy.exception.exception.PolygraphyException: Could not deserialize engine.``"""


def _traceback_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Traceback (most recent call last):``: a Python exception ends the process (or, after
    an exception line, the next of a chain of exceptions begins)."""
    state.mode = Mode.NONE
    build = state.current
    if not build.crashed(line, "Python exception (the traceback is cut)", "traceback"):
        build.refine_crash("exception", line, "", then="traceback")
    return True


def _traceback_line(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line of an open traceback: a frame, source or caret line (indented), or the exception
    line that ends it, whose text is the reason the process ended."""
    build = state.current
    if build.crash_kind != "traceback":
        return False
    text = match.string
    if not text[:1].isspace() and _PYTHON_EXCEPTION.match(text) is not None:
        build.refine_crash("traceback", line, f"Python exception: {quoted(text)}", "exception")
    return True


_SIGNAL_REASONS = {
    "segmentation fault": "the process crashed",
    "bus error": "the process crashed",
    "illegal instruction": "the process crashed",
    "illegal hardware instruction": "the process crashed",
    "floating point exception": "the process crashed",
    "trace/breakpoint trap": "the process crashed",
    "aborted": "the process aborted",
    "abort": "the process aborted",
    "killed": "the process was killed",
}
"""Signal words of shells (bash: ``Killed``, zsh: ``killed``) → what they say in plain words."""
_EXIT_CODE_REASONS = {
    137: "the process was killed",
    -9: "the process was killed",
    139: "the process crashed",
    -11: "the process crashed",
    134: "the process aborted",
    -6: "the process aborted",
}
"""Exit codes of a process ended by a signal (128 + signal, or minus the signal)."""


def _crash(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line saying the process died: a shell's signal message (``Segmentation fault (core
    dumped)``, ``./build.sh: line 3: 4242 Killed   trtexec ...``), ``Fatal Python error``, a
    signal handler's report, glibc's abort on a corrupted heap, an exit code."""
    build = state.current
    text = quoted(match.string)
    signal = match.group("signal") or match.group("shell_signal")
    if signal is not None:
        build.crashed(line, f"{_SIGNAL_REASONS[signal.lower()]} ({text})")
    elif match.group("received") is not None:
        build.crashed(line, "the process received a signal", "signal")
    elif match.group("mpi_signal") is not None:
        reason = f"the process crashed ({match.group('mpi_signal')})"
        if not build.refine_crash("signal", line, reason):
            build.crashed(line, reason)
    elif match.group("assertion") is not None:
        build.crashed(line, f"an assertion failed ({text})")
    elif match.group("gdb") is not None:
        reason = f"the process received {match.group('gdb')} ({text})"
        if not build.refine_crash("signal", line, reason):
            build.crashed(line, reason)
    elif match.group("exit") is not None:
        code = parse_int(match.group("exit"))
        if code == 0:
            return True
        reason = (
            _EXIT_CODE_REASONS.get(code, "the process failed") if code else "the process failed"
        )
        build.crashed(line, f"{reason} ({text})")
    else:
        build.crashed(line, f"the process crashed ({text})")
    return True


def _terminate(state: LogState, match: re.Match[str], line: int) -> bool:
    """``terminate called after throwing an instance of 'std::bad_alloc'``: an uncaught C++
    exception aborts the process; its ``what():`` line may follow."""
    exception = match.group("exception")
    reason = f"uncaught C++ exception: {exception}" if exception else quoted(match.string)
    state.current.crashed(line, reason, "terminate" if exception else "done")
    return True


def _terminate_what(state: LogState, match: re.Match[str], line: int) -> bool:
    """``  what():  std::bad_alloc``: the message of the uncaught C++ exception."""
    build = state.current
    what = quoted(match.group("what"))
    crash = build.crash
    if crash is not None and build.crash_kind == "terminate" and not crash.text.endswith(what):
        build.refine_crash("terminate", line, f"{crash.text}: {what}")
    return True


def _ros_launch(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line of ``ros2 launch`` itself (``[INFO] [launch]: ...``, ``[ERROR] [trt_node-1]:
    process has died [pid 4242, exit code -9, ...]``): application output, or how the node
    running the build ended."""
    code = match.group("code")
    if code is not None and parse_int(code) != 0:
        reason = _EXIT_CODE_REASONS.get(parse_int(code) or 0, "the process failed")
        state.current.crashed(line, f"{reason} ({quoted(match.string)})")
    return True


def _onnx_parser_error(state: LogState, match: re.Match[str], line: int) -> bool:
    """An ONNX parser error as a script prints it (``parser.get_error(i)``): ``In node 2599
    (importFallbackPluginImporter): UNSUPPORTED_NODE: Assertion failed: ...``. It is an error
    of the build, and stops it, as the same error logged by TensorRT would."""
    state.saw_tensorrt = True
    build = state.current
    build.add_message("E", match.string, line)
    if not build.status:
        build.stopped_by_error = True
    return True


def _polygraphy_end(state: LogState, match: re.Match[str], line: int) -> bool:
    """Polygraphy's last line, ``[I] PASSED | Runtime: 9.8s | Command: ...``: the run's status,
    as trtexec's ``&&&&`` trailer gives it."""
    state.saw_tensorrt = True
    build = state.current
    if not build.status:
        build.status = "passed" if match.group("status") == "PASSED" else "failed"
        build.status_line = LineSample(line, quoted(match.string.partition(" | Command")[0]))
    return True


_SHELL_SIGNALS = (
    r"Segmentation fault|Bus error|Illegal instruction|Floating point exception"
    r"|Trace/breakpoint trap|Aborted|Killed"
)
"""bash's words for the signal that ended a job (``Killed``: most often the out-of-memory
killer)."""
_ZSH_SIGNALS = (
    r"segmentation fault|bus error|illegal hardware instruction|floating point exception"
    r"|abort|killed"
)
_CRASH = (
    # bash: "Killed", "Segmentation fault (core dumped)", "./run.sh: line 3:  4242 Killed   cmd"
    rf"(?:[^\s:]+: line \d+: +\d+ +)?(?P<signal>{_SHELL_SIGNALS})(?P<core> +\(core dumped\))?"
    r"(?:\s*|\s{2,}\S.*|(?(core) \S.*))\Z"
    # zsh: "zsh: killed     python build.py"
    rf"|zsh: (?P<shell_signal>{_ZSH_SIGNALS})(?: \(core dumped\))?(?: +\S.*)?\Z"
    r"|Fatal Python error: \S"
    # Open MPI's and UCX's signal handlers
    r"|\[[^\]\s]+\] (?:\*\*\* (?P<received>Process received signal) \*\*\*"
    r"|Signal: (?P<mpi_signal>[^()]+?) \(\d+\)|Caught signal \d+ \()"
    # glibc aborting on a corrupted heap or stack
    r"|(?:double free or corruption|free\(\): invalid |malloc\(\): |munmap_chunk\(\): invalid "
    r"|corrupted size vs\. prev_size|\*\*\* stack smashing detected \*\*\*)"
    # PyCharm and similar runners
    r"|Process finished with exit code (?P<exit>-?\d+)"
    # glibc's assert() (prog: file:line: function: Assertion `x' failed.), and gdb
    r"|(?P<assertion>[^\s:]+: [^\s:]+:\d+: [^\n]*Assertion `[^\n]*' failed\.)\s*\Z"
    r"|Thread \d+ \"[^\"]*\" received signal (?P<gdb>SIG[A-Z]+), "
)


# --- the tables ----------------------------------------------------------------------------------


def _rule(
    name: str,
    prefix: str | tuple[str, ...],
    regex: str,
    handler: Handler,
    fast: FastHandler | None = None,
) -> Rule:
    """A rule with a startswith prefilter (a string or alternatives)."""
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    return Rule(name, prefixes, "", re.compile(regex), handler, fast)


def _needle_rule(
    name: str, needle: str, regex: str, handler: Handler, fast: FastHandler | None = None
) -> Rule:
    """A rule whose message has no fixed start: its regex is matched where ``needle`` occurs."""
    return Rule(name, (), needle, re.compile(regex), handler, fast)


_NUM = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"

MESSAGE_RULES: tuple[Rule, ...] = (
    # Needle rules are tried in table order on every line no prefix rule took: the most
    # frequent first.
    _needle_rule(
        "onnx-node-io",
        "puts: ",
        r"puts: (?:\[.*|\s*)\Z",
        _onnx_node_io,
    ),
    _needle_rule(
        "pass-fusing",
        ": Fusing ",
        r": Fusing (?P<a>.+?) with (?P<b>.+)\Z",
        _pass_fusing,
    ),
    # Hot autotuning lines first: millions of them in large logs.
    _rule(
        "tactic-timing",
        "Tactic: ",
        r"Tactic: (?P<tactic>\S+) "
        r"(?:[Tt]ime:? (?P<time>\S+)\s*\Z|(?P<skip>skipped.*|is the only option.*))",
        _tactic,
        _tactic_fast,
    ),
    _needle_rule(
        "set-tactic",
        " Set Tactic Name: ",
        r" Set Tactic Name: (?P<kernel>\S+) Tactic: (?P<tactic>\S+)",
        _set_tactic,
        _set_tactic_fast,
    ),
    _needle_rule(
        "set-tactic-pending",
        " Set Tactic Name: ",
        r" Set Tactic Name: (?P<kernel>\S+)\s*\Z",
        _set_tactic_pending,
    ),
    _rule(
        "tactic-name",
        "Tactic Name: ",
        r"Tactic Name: (?P<kernel>\S+)(?: numSplitK: \d+ numBuffers: \d+ numKernels: \d+)?"
        r"(?: Tactic: (?P<tactic>\S+) Time: (?P<time>\S+))?\s*\Z",
        _tactic_name,
    ),
    _rule(
        "set-tactic-unnamed",
        "Set Tactic Name: ",
        r"Set Tactic Name: (?P<kernel>\S+) Tactic: (?P<tactic>\S+)",
        _set_tactic,
    ),
    _rule(
        "timing-runner",
        "--------------- Timing Runner: ",
        r"-+ Timing Runner: (?P<layer>.+) \((?P<runner>[^()]+)\)\s*\Z",
        _timing_runner,
        _timing_runner_fast,
    ),
    _rule(
        "fastest-tactic",
        "Fastest Tactic: ",
        r"Fastest Tactic: (?P<tactic>\S+) Time: (?P<time>\S+)\s*\Z",
        _fastest,
        _fastest_fast,
    ),
    _rule(
        "chose-runner",
        ">>>>>>>>>>>>>>> Chose Runner Type: ",
        r">+ Chose Runner Type: (?P<runner>\S+) Tactic: (?P<tactic>\S+)",
        _chose_runner,
        _chose_runner_fast,
    ),
    _rule(
        "autotuning-header",
        "*************** Autotuning ",
        # One closing "*" (not "\*+"): ".*" takes the others, in linear time.
        r"\*+ Autotuning (?:format combination|Reformat):.*\*\s*\Z",
        _autotuning_header,
        _autotuning_header_fast,
    ),
    _rule(
        "computing-costs",
        "=============== Computing ",
        r"=+ Computing (?:reformatting )?costs",
        _autotuning,
    ),
    _needle_rule(
        "runner-no-tactics",
        " has no valid tactics for this config",
        r" has no valid tactics for this config, skipping\s*\Z",
        _runner_no_tactics,
    ),
    _rule(
        "runner-skipping",
        "Skipping ",
        r"Skipping (?!tactic )\S+: No valid tactics for (?P<layer>.+)\Z",
        _runner_skipping,
    ),
    _rule(
        "tactic-skipping",
        "Skipping tactic ",
        r"Skipping tactic (?P<tactic>\S+) due to (?P<reason>.*)\Z",
        _tactic_skipping,
    ),
    _needle_rule(
        "profiling-completed",
        ") profiling completed in ",
        r"\) profiling completed in \S+ seconds\. "
        r"Fastest Tactic: (?P<tactic>\S+) Time: (?P<time>\S+)\s*\Z",
        _profiling_completed,
    ),
    _needle_rule(
        "cached-result",
        "] got cached result: ",
        r"\] got cached result: (?P<runner>\w+), tactic (?P<tactic>\S+), (?P<time>\S+) ms\s*\Z",
        _cached_result,
    ),
    _needle_rule(
        "tactic-pruning",
        " available tactics, ",
        r" available tactics, \d+ unparsable, \d+ pruned, \d+ remaining after tactic "
        r"pruning\.\s*\Z",
        _tactic_pruning,
    ),
    _rule(
        "myelin-autotuning",
        " (foreignNode) ",
        r" \(foreignNode\) +(?:-?\d+, [\d.]+, |Set user's cuda kernel library\Z|Autotuning op "
        r"|Sorted table of all evaluated tactics:|tactic_id, cost|\[[\w.]+:\d+: \w+\] "
        r"|Exceeded mem|Try increasing|Example of)",
        _autotuning,
    ),
    _rule(
        "myelin-advice",
        ("Try increasing the workspace", " Try increasing", " Example of equivalent"),
        r" ?(?:Try increasing the workspace size|Example of equivalent trtexec option)",
        _autotuning,
    ),
    _rule(
        "tactic-chatter",
        (
            "Unrecognized MMA instruction",
            "Setting workspace to ",
            "Constructing optimization profile ",
            "Reserving memory for host IO tensors",
            "Deleting timing cache",
            "Builder timing cache: ",
            "Local timing cache in use",
            "Global timing cache in use",
            "Timing cache disabled",
            "Some tactics do not have sufficient workspace",
            "Setting a default quantization params",
            "Skip backend strategy",
            "Building graph using backend strategy",
            "Tactic pruning",
            "Set number of tactics to ",
        ),
        r"(?:Unrecognized MMA instruction source format or shape: \S+"
        r"|Setting workspace to \d+|Constructing optimization profile number \d+"
        r"|Reserving memory for host IO tensors\. Host: \d+ bytes"
        r"|Deleting timing cache: \d+ entries, (?:served )?\d+ hits"
        r"|Builder timing cache: created \d+ entries, \d+ hit\(s\)"
        r"|(?:Local|Global) timing cache in use\.|Timing cache disabled\."
        r"|Some tactics do not have sufficient workspace memory to run\."
        r"|Setting a default quantization params because quantization data is missing for "
        r"|Skip backend strategy \d+|Building graph using backend strategy \d+|Tactic pruning"
        r"|Set number of tactics to \d+)",
        _autotuning,
    ),
    # Run header.
    _rule("section-header", "=== ", r"=== (?P<title>[^=].*?) ===\s*\Z", _section_header),
    _rule(
        "tensorrt-version",
        "TensorRT version: ",
        r"TensorRT version: (?P<version>[\d.]+)\s*\Z",
        _tensorrt_version,
    ),
    _rule(
        "shared-library",
        ("Trying to load shared library ", "Loaded shared library "),
        # The version is read when the name starts with the builder resource library (what the
        # earlier "\S*?(?:libnvinfer...|\S*)" matched, in quadratic time on a long name).
        r"(?:Trying to load|Loaded) shared library "
        r"(?:libnvinfer_builder_resource\S*?\.so\.(?P<version>\d+\.\d+\.\d+)\s*\Z|\S*\s*\Z)",
        _shared_library,
    ),
    # ONNX import.
    _rule(
        "onnx-model-info",
        (
            "Input filename:",
            "ONNX IR version:",
            "Opset version:",
            "Producer name:",
            "Producer version:",
            "Domain:",
            "Model version:",
            "Doc string:",
        ),
        r"(?P<key>Input filename|ONNX IR version|Opset version|Producer name|Producer version"
        r"|Domain|Model version|Doc string):(?P<value>.*)\Z",
        _onnx_info,
    ),
    _rule(
        "onnx-parse-node",
        "Parsing node: ",
        r"Parsing node: (?P<name>.*) \[(?P<op>[^\[\]]+)\]\s*\Z",
        _onnx_node,
        _onnx_node_fast,
    ),
    _rule(
        "onnx-initializer",
        "Importing initializer: ",
        r"Importing initializer: ",
        _onnx_initializer,
        _onnx_initializer_fast,
    ),
    _rule(
        "onnx-network-input",
        "Adding network input: ",
        r"Adding network input: (?P<name>.+) with dtype: (?P<dtype>\w+), dimensions: "
        r"(?P<dims>\([^()]*\))\s*\Z",
        _onnx_input,
    ),
    _rule("onnx-mark-output", "Marking ", r"Marking .+ as output: (?P<name>.+)\Z", _onnx_output),
    _rule(
        "onnx-import",
        (
            "Searching for input: ",
            "Registering layer: ",
            "Registering tensor: ",
            "Static check for parsing node: ",
            "Start parsing network model",
            "Finish parsing network model",
        ),
        r"(?:Searching for input|Registering layer|Registering tensor"
        r"|Static check for parsing node): \S|(?:Start|Finish) parsing network model\.?\s*\Z",
        _onnx_import,
        _onnx_import_fast,
    ),
    _rule(
        "plugin-registry",
        ("Registered plugin creator", "Plugin creator already registered"),
        r"(?P<verb>Registered plugin creator|Plugin creator already registered) - "
        r"(?P<plugin>\S*) version (?P<version>\S+)\s*\Z",
        _plugin_registered,
    ),
    _rule("onnx-summary-rule", "-" * 64, r"-{64}\s*\Z", _new_builder),
    _rule(
        "builder-created",
        "The logger passed into createInferBuilder ",
        r"The logger passed into createInferBuilder differs",
        _new_builder,
    ),
    _rule(
        "plugin-import",
        (
            "Searching for plugin: ",
            "Successfully created plugin: ",
            "No importer registered for op: ",
            "Loading standard plugins",
            "Loading supplied plugin library: ",
        ),
        r"Searching for plugin: |Successfully created plugin: (?P<created>\S+)?"
        r"|No importer registered for op: |Loading standard plugins"
        r"|Loading supplied plugin library: ",
        _plugin_import,
    ),
    _rule(
        "importer-chatter",
        (
            "Convolution input dimensions: ",
            "Convolution output dimensions: ",
            "Using kernel: ",
            "Kernel weights are not set yet",
            "GEMM: using ",
            "GlobalAveragePool operators are implemented",
            "Original shape: ",
            "Setting dynamic range for ",
            "User overriding scale with ",
            "Assigning ",
            "using ",
            "Deconvolution input dimensions: ",
            "Deconvolution output dimensions: ",
            "Running deconvolution with: ",
            "Using opA: ",
            "Using Gather axis: ",
            "Casting to type: ",
        ),
        r"(?:(?:De)?[Cc]onvolution (?:input|output) dimensions: |Using kernel: \("
        r"|Kernel weights are not set yet|GEMM: using |GlobalAveragePool operators are implemented"
        r"|Original shape: .*(?:squeezing|unsqueezing) to: |Setting dynamic range for .+ to \["
        r"|User overriding scale with scale and zero-point"
        r"|Assigning .+ scale and zero-point|using .+ scale and zero-point"
        r"|Running deconvolution with: |Using opA: \d+ opB: \d+|Using Gather axis: -?\d+"
        r"|Casting to type: \w+\s*\Z)",
        _onnx_import,
    ),
    _needle_rule(
        "importer-broadcast",
        ": broadcasting input",
        r": broadcasting input\d* to make tensors conform, dims\(input0\)=",
        _onnx_import,
    ),
    # Optimizer.
    _rule("stage-original", "Original: ", r"Original: (?P<count>\d+) layers\s*\Z", _stage),
    _rule("stage-after", "After ", r"After (?P<label>.+): (?P<count>\d+) layers\s*\Z", _stage),
    _rule(
        "pass-running",
        "Running: ",
        r"Running: (?P<pass>\S+)(?: on (?P<layer>.+))?\Z",
        _pass_running,
        _pass_running_fast,
    ),
    _rule(
        "pass-fusing-weights",
        "Fusing convolution weights from ",
        r"Fusing convolution weights from (?P<a>.+?) with scale (?P<b>.+)\Z",
        _running_event("fuse", ("a", "b"), "a"),
    ),
    _rule(
        "pass-fusing-unnamed",
        "Fusing ",
        r"Fusing (?P<a>.+?) with (?P<b>.+)\Z",
        _pass_fusing_unnamed,
    ),
    _rule(
        "pass-qdi-fusing",
        "QuantizeDoubleInputNodes: fusing ",
        # The pair's first " and " is the earliest (".(?:(?! and ).)*"): the same match as
        # ".+ and .+", without trying every " and " when there is no ") into ".
        r"QuantizeDoubleInputNodes: fusing "
        r"(?:\((?P<pair>.(?:(?! and ).)* and .+)\)|(?P<one>.+)) into (?P<into>.+)\Z",
        _pass_qdi_fusing,
    ),
    _rule(
        "pass-removing",
        "Removing ",
        r"Removing (?P<layer>.+)\Z",
        _running_event("remove", ("layer",)),
        _pass_removing_fast,
    ),
    _rule(
        "pass-swapping",
        "Swapping ",
        r"Swapping (?P<a>.+?) with (?P<b>.+)\Z",
        _running_event("swap", ("a", "b")),
    ),
    _rule(
        "pass-eliminate-dup",
        "Eliminating ",
        r"Eliminating (?P<a>.+) which duplicates \((?P<q>D?Q)\) (?P<b>.+)\Z",
        _running_event("eliminate-duplicate", ("a", "b"), "b"),
    ),
    _rule(
        "pass-eliminate-slice",
        "Eliminating slice ",
        r"Eliminating slice (?P<slice>.+?) by retargeting (?P<rest>.+)\Z",
        _pass_named_event("Eliminating slice", "eliminate-slice", ("slice",), ""),
    ),
    _rule(
        "pass-eliminate-concat",
        "Eliminating concatenation ",
        r"Eliminating concatenation (?P<concat>.+)\Z",
        _pass_named_event("Eliminating concatenation", "eliminate-concat", ("concat",), ""),
    ),
    _rule(
        "pass-swap-type",
        "Swap the layer type of ",
        r"Swap the layer type of (?P<layer>.+) from (?P<old>\w+) to (?P<new>\w+)\s*\Z",
        _running_event("swap-type", ("layer",), "layer"),
    ),
    _rule(
        "pass-convert-type",
        "Convert layer type of ",
        r"Convert layer type of (?P<layer>.+) from (?P<old>\w+) to (?P<new>\w+)\s*\Z",
        _running_event("swap-type", ("layer",), "layer"),
    ),
    _rule("pass-merging", "Merging layers: ", r"Merging layers: (?P<layers>.+)\Z", _pass_merging),
    _rule(
        "pass-retargeting",
        "Retargeting ",
        r"Retargeting (?P<a>.+) to (?P<b>.+)\Z",
        _pass_named_event("Retargeting", "retarget", ("a", "b"), "b"),
    ),
    _rule(
        "pass-stomp-copy",
        "Generating copy for ",
        # The lookahead checks the end first, so that a line without it fails in linear time.
        r"Generating copy for (?=.* because (?:of stomping hazard|input is not movable"
        r"|input does not support striding)\.?\s*\Z)"
        r"(?P<a>.+) to (?P<b>.+) because (?:of stomping hazard|input is not movable"
        r"|input does not support striding)\.?\s*\Z",
        _pass_named_event("Generating copy", "stomp-copy", ("a", "b"), ""),
    ),
    _rule(
        "pass-slice-copy",
        "Replacing slice ",
        r"Replacing slice (?=.* with copy from .* to )(?P<slice>.+?) with copy from "
        r"(?P<a>.+) to (?P<b>.+?)\s*\Z",
        _pass_named_event("Replacing slice", "other", ("slice", "a", "b"), ""),
    ),
    _rule("pass-phase", "QDQ ", r"QDQ (?:graph )?optimi[sz](?:er|ation)\b.*\Z", _pass_phase),
    _rule(
        "pass-squeeze",
        "-----------SqueezePushDown ",
        r"-+SqueezePushDown \w+ case: (?P<chain>.+)\Z",
        _pass_squeeze,
    ),
    _rule(
        "optimizer-chatter",
        (
            "Applying generic optimizations",
            "Trying to split Reshape",
            "Enabling FP8 fusions",
            "Layer not supported for fusion",
            "Applying ",
        ),
        r"Applying generic optimizations to the graph for inference\.|Trying to split Reshape "
        r"|Enabling FP8 fusions|Layer not supported for fusion|Applying \w+ fusions\.",
        _optimizer,
    ),
    _rule(
        "graph-time",
        ("Graph construction ", "Graph optimization time: "),
        rf"Graph (?:construction completed in (?P<built>{_NUM}) seconds\."
        rf"|construction and optimization completed in (?P<s2>{_NUM}) seconds\."
        rf"|optimization time: (?P<s3>{_NUM}) seconds\.)\s*\Z",
        _graph_time,
    ),
    _rule(
        "graph-dump-header",
        ("GRAPH NODES", "SYMBOLIC CHECKS"),
        r"(?:GRAPH NODES|SYMBOLIC CHECKS)\s*\Z",
        _graph_dump,
    ),
    _rule(
        "foreign-node",
        "ForeignNode ",
        r"ForeignNode (?P<region>\{ForeignNode\[.*\]\}) metadata:(?P<metadata>.*)\Z",
        _region_metadata,
    ),
    # Placement.
    _rule(
        "placement-header",
        ("--------------- Layers running on ", "---------- Layers Running on "),
        r"-+ Layers [Rr]unning on (?P<target>DLA|GPU)(?::(?P<inline>\s*)\Z| -+\s*\Z)",
        _placement_header,
    ),
    _rule(
        "placement-layer",
        ("[GpuLayer] ", "[DlaLayer] "),
        r"\[(?P<where>Gpu|Dla)Layer\] (?:(?P<type>[A-Z][A-Z0-9_]*): )?(?P<name>.+)\Z",
        _placement_layer,
    ),
    # Engine.
    _rule(
        "engine-layers-header",
        "Engine Layer Information",
        r"Engine Layer Information:\s*\Z",
        _engine_layers_header,
    ),
    _rule(
        "engine-layer-logged",
        "Layer(",
        r"Layer\((?P<type>[^)]*)\): (?P<rest>.*)\Z",
        _engine_layer_logged,
    ),
    _rule("layer-info-header", "Layer Information", r"Layer Information:\s*\Z", _understood),
    _rule("layer-dump-header", "Layers:", r"Layers:\s*\Z", _layer_dump_header),
    _rule(
        "reformat-added",
        "Adding reformat layer: ",
        r"Adding reformat layer: .(?:(?! from ).)* from .+ to .+\Z",  # the first " from "
        _reformat_added,
    ),
    _rule(
        "memory",
        (
            "Total Activation Memory: ",
            "Total Host Persistent Memory: ",
            "Total Device Persistent Memory: ",
            "Total Scratch Memory: ",
            "Max Scratch Memory: ",
            "Total Weights Memory: ",
            "Total Weight Memory: ",
            "Total per-runner ",
            "Allocated activation device memory of size ",
            "Allocated device scratch memory of size ",
            "Loaded engine size: ",
            "Created engine with size: ",
            "Engine size: ",
            "Created execution context with device memory size: ",
        ),
        rf"(?P<key>Total Activation Memory|Total Host Persistent Memory"
        rf"|Total Device Persistent Memory|Total Scratch Memory|Max Scratch Memory"
        rf"|Total Weights? Memory|Total per-runner (?:device|host)(?: persistent)? memory"
        rf"|Allocated activation device memory|Allocated device scratch memory"
        rf"|Loaded engine size|Created engine with size|Engine size"
        rf"|Created execution context with device memory size)(?::| is| of size) "
        rf"(?P<value>{_NUM})(?: (?P<unit>bytes|MiB|MB|KiB|GiB))?\.?\s*\Z",
        _memory,
    ),
    _rule(
        "mem-usage",
        ("[MemUsageChange] ", "[MemUsageStats] ", "[MemUsageSnapshot] "),
        r"\[(?P<tag>MemUsage\w+)\] (?P<what>[^:]+): (?P<value>.*)\Z",
        _mem_usage,
    ),
    _rule(
        "phase-time",
        tuple(_TIMING_KEYS),
        r"(?P<what>" + "|".join(re.escape(key) for key in _TIMING_KEYS) + r") "
        rf"(?P<value>{_NUM})(?: (?:seconds|sec|microseconds|s))?\.?\s*\Z",
        _phase_time,
    ),
    _rule(
        "layer-memory",
        "Layer: ",
        r"Layer: .+ Host ?Persistent: \d+(?: bytes)? Device ?Persistent: \d+(?: bytes)?"
        r"(?: Scratch Memory: \d+(?: bytes)?)?\s*\Z",
        _engine,
    ),
    _rule(
        "network-tensors-detected",
        "Detected ",
        r"Detected \d+ inputs? and \d+ output network tensors\.?\s*\Z",
        _network_tensors_detected,
    ),
    _rule(
        "engine-chatter",
        (
            "Finalize: ",
            "Kernel: ",
            "Total number of blocks in ",
            "Block size ",
            "Pre-optimized block assignment",
            "Optimized block assignment",
            "[BlockAssignment] ",
            "Skipped printing memory information",
            "Disabling unused tactic source",
            "Using cublas",
            "Using cuDNN",
            "Using cublasLt",
            "Using CUDA",
            "Adding ",
            "Serialized ",
            "[MS] ",
            "Compiler backend is used",
            "Detected ",
            "- Runner scratch: ",
            "CUDA lazy loading is ",
            "----------------------------------------------------------------",
            "Setting persistentCacheLimit",
            "Serializing ",
            "Using enqueueV",
            "TF32 is enabled by default",
            "FP32 and INT8 precisions have been specified",
            "Calibrator is not being used",
            "Total number of generated kernels",
            "Trying to set exclusive file lock ",
            "STILL ALIVE: ",
            "Configuring builder for ",
            "No layer is running on ",
            "Use backend strategy ",
            "InternalBuildFlags::",
            "Saved ",
            "Reserving memory for activation tensors",
            "The logger passed into ",
            "Capturing CUDA graph",
            "Successfully captured CUDA graph",
            "  List of affected weights: ",
            "BuilderFlag::",
            "[GraphReduction] ",
        ),
        r"(?:Finalize: .+ Set kernel index: \d+|Kernel: \d+ \w+|Total number of blocks in "
        r"|Block size \d+|(?:Pre-o|O)ptimized block assignment\.|\[BlockAssignment\] "
        r"|Skipped printing memory information|Disabling unused tactic source: "
        r"|Using (?:cublas|cuDNN|cublasLt|CUDA)\w* as? (?:a |plugin |core library )?tactic source"
        r"|Adding \d+ engine (?:weights)?\(s\) to plan file\.|Adding \d+ engine\(s\) to plan file\."
        r"|Serialized \d+ (?:bytes of (?:code generator|compilation) cache|timing cache entries)"
        r"|\[MS\] |Compiler backend is used during engine (?:build|execution)\."
        r"|Detected \d+ inputs? and \d+ "
        r"outputs? network tensors\.|- Runner scratch: \d+ bytes|CUDA lazy loading is (?:not )?"
        r"enabled|-{20,}\s*\Z|Setting persistentCacheLimit to \d+|Using enqueueV\d"
        r"|TF32 is enabled by default|FP32 and INT8 precisions have been specified"
        r"|Serializing timing cache|Calibrator is not being used"
        r"|Total number of generated kernels selected for the engine: \d+"
        r"|Trying to set exclusive file lock |STILL ALIVE: Started step \d+ of \d+"
        r"|Configuring builder for \w+ Mode completed in |No layer is running on (?:DLA|GPU)"
        r"|Use backend strategy \d+ |InternalBuildFlags::\w+ is enabled"
        r"|Saved \d+ bytes of timing cache to |Reserving memory for activation tensors\. "
        r"|The logger passed into createInfer(?:Builder|Runtime|Refitter) differs"
        r"|(?:Capturing|Successfully captured) CUDA graph for the current execution context"
        r"|\s+List of affected weights: "
        r"|BuilderFlag::\w+ is set but hardware does not support \w+|\[GraphReduction\] \S)",
        _engine,
    ),
    _needle_rule(
        "non-conforming",
        " a non-conforming implementation was chosen",
        r" a non-conforming implementation was chosen",
        _engine,
    ),
    _rule(
        "binding-created",
        "Created ",
        r"Created (?P<direction>input|output) binding for (?P<name>.+) "
        r"with dimensions (?P<dims>[-\dx]*)\s*\Z",
        _binding,
    ),
    _rule(
        "binding-is-created",
        ("Input binding for ", "Output binding for "),
        r"(?P<direction>Input|Output) binding for (?P<name>.+) with dimensions (?P<dims>[-\dx]*)"
        r"(?: and type (?P<type>\w+))? is created\.\s*\Z",
        _binding,
    ),
    # Inference run.
    _rule(
        "inference-chatter",
        (
            "Starting inference",
            "Warmup completed ",
            "Timing trace has ",
            "Trace averages of ",
            "Using random values for ",
            "Using values loaded from ",
            "Explanations of the performance metrics",
            "The e2e network timing is not reported",
            "To show e2e network timing report",
            "Setting optimization profile ",
            "Switching optimization profile from: ",
            "* ",
            "Dumping ",
            "The profiling verbosity was set to ",
        ),
        r"(?:Starting inference(?: threads)?\s*\Z|Warmup completed \d+ queries over "
        r"|Timing trace has \d+ queries over |Trace averages of \d+ runs:"
        r"|Using (?:random values|values loaded from) |Explanations of the performance metrics"
        r"|The e2e network timing is not reported|To show e2e network timing report"
        r"|Setting optimization profile |Switching optimization profile from: "
        r"|\* (?:GPU compute time is unstable|Throughput may be bound"
        r"|Multi-threading is not enabled"
        r"|Inference latency)|Dumping (?:output|profile)"
        r"|The profiling verbosity was set to )",
        _inference,
    ),
    _rule(
        "setup-fatal",
        "Cannot find device ID ",
        r"Cannot find device ID -?\d+!?\s*\Z",
        _setup_fatal,
    ),
    _rule(
        "run-setup-chatter",
        ("Set shape of input tensor ", "Note: The application clock rates", "Skipped inference "),
        r"(?:Set shape of input tensor |Note: The application clock rates do not reflect"
        r"|Skipped inference phase)",
        _understood,
    ),
    _rule(
        "trace-average",
        "Average on ",
        r"Average on \d+ runs - GPU latency: \S+ ms",
        _inference,
    ),
    _rule(
        "perf7-metric",
        ("Host Latency", "GPU Compute", "Enqueue Time"),
        r"(?P<metric>Host Latency|GPU Compute|Enqueue Time)\s*\Z",
        _perf7_metric,
    ),
    _rule(
        "calibration",
        (
            "Starting Calibration",
            "Calibrated batch ",
            "  Calibrated batch ",
            "Post Processing Calibration data in ",
            "  Post Processing Calibration data in ",
            "Calibration completed in ",
            "Calculating Maxima",
            "Writing Calibration Cache for calibrator: ",
        ),
        rf"\s*(?:Starting Calibration(?: with batch size \d+)?\.?"
        rf"|Calibrated batch \d+ in (?P<batch>{_NUM}) seconds\.?"
        rf"|Post Processing Calibration data in (?P<post>{_NUM}) seconds\.?"
        rf"|Calibration completed in (?P<total>{_NUM}) seconds\.?"
        r"|Calculating Maxima"
        r"|Writing Calibration Cache for calibrator: (?:TRT-(?P<version>\d{4,6})-)?\S*)\s*\Z",
        _calibration,
    ),
    _rule(
        "perf-metric-pasted",
        tuple(f"{name}: " for name in _PERF_NAMES),
        rf"(?P<name>{'|'.join(re.escape(name) for name in _PERF_NAMES)}): (?P<rest>.+)\Z",
        _perf_metric,
    ),
    _rule(
        "perf6-average",
        "Average over ",
        rf"Average over (?P<runs>\d+) runs is (?P<mean>{_NUM}) ms \(host walltime is "
        rf"(?P<host>{_NUM}) ms, (?P<percent>\d+(?:\.\d+)?)% percentile time is "
        rf"(?P<percentile>{_NUM})\)\.?\s*\Z",
        _perf6_average,
    ),
    _rule(
        "perf7-single",
        ("throughput: ", "walltime: ", "total compute time: "),
        rf"(?P<metric>throughput|walltime|total compute time): (?P<value>{_NUM}) "
        r"(?P<unit>\w+)\s*\Z",
        _perf7_single,
    ),
    _rule(
        "metric-explanation",
        (
            "Total Host Walltime: ",
            "GPU Compute Time: ",
            "Total GPU Compute Time: ",
            "Throughput: ",
            "Enqueue Time: ",
            "H2D Latency: ",
            "D2H Latency: ",
            "Latency: ",
            "End-to-End Host Latency: ",
            "Host Latency: ",
        ),
        r"[\w -]+: the ",
        _inference,
    ),
    _rule(
        "profile-header",
        ("Layer ", "Time(ms) ", " "),
        r"\s*(?:Layer +Time \(ms\) +Avg\. Time \(ms\)(?: +Median Time \(ms\))? +Time %"
        r"|Time\(ms\) +Avg\.\(ms\) +Median\(ms\) +Time\(%\) +Layer)\s*\Z",
        _profile_header,
    ),
    _rule("output-tensors", "Output Tensors:", r"Output Tensors:\s*\Z", _output_tensors),
    _rule("elided-lines", "... Omitting ", r"\.\.\. Omitting \d+ lines\s*\Z", _understood),
    # Last: an event line of the running pass in a shape the rules above do not know.
    _needle_rule("pass-other", ": ", r": .", _pass_other),
)


MODE_RULES: dict[Mode, tuple[Rule, ...]] = {
    Mode.PERFORMANCE: (
        _rule(
            "perf-metric",
            "",
            r"(?P<name>[A-Z][\w -]*?(?:\([^)]*\))?): (?P<rest>.+)\Z",
            _perf_metric,
        ),
    ),
    Mode.PERF7: (
        _rule(
            "perf7-value",
            "",
            rf"(?P<key>min|max|mean|median|percentile): (?P<value>{_NUM}) ms"
            r"(?: at (?P<percent>[\d.]+)%)?"
            r"(?: \(end to end (?P<e2e>\S+) ms(?: at [\d.]+%)?\))?\s*\Z",
            _perf7_value,
        ),
    ),
    Mode.PROFILE: (
        _rule(
            "profile-row",
            "",
            r"\s*\S.*\s\d[\d.]*\s*\Z|\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\S",
            _profile_row,
        ),
    ),
    Mode.OUTPUT_TENSORS: (
        _rule(
            "output-tensor",
            "",
            r"\S.*: \([\dx]*\)\s*\Z"
            r"|\s*[-+]?(?:\d|inf|nan)[\w.+-]*(?:\s+[-+]?(?:\d|inf|nan)[\w.+-]*)*\s*\Z",
            _in_mode(Mode.OUTPUT_TENSORS),
        ),
    ),
    Mode.GRAPH_DUMP: (
        _rule(
            "graph-dump-line",
            "",
            r"(?:[A-Z][A-Z_0-9]* \S.*|    (?:Input|Output) \d+|        \S.*|GRAPH NODES"
            r"|SYMBOLIC CHECKS)\s*\Z",
            _in_mode(Mode.GRAPH_DUMP),
        ),
    ),
    Mode.PLACEMENT: (_rule("placement-list", "", r"[^\[].*\Z|\Z", _placement_list),),
}

BARE_RULES: tuple[Rule, ...] = (
    _rule(
        "banner",
        "&&&& ",
        r"&&&& (?P<status>RUNNING|PASSED|FAILED|WAIVED) \S+(?P<tags>(?: \[[^\]]*\])*)"
        r"(?: # ?(?P<command>.*))?\Z",
        _banner,
    ),
    _rule("engine-layer", "Layer(", r"Layer\((?P<type>[^)]*)\): (?P<rest>.*)\Z", _engine_layer),
    _rule(
        "onnx-parser-error",
        "In node ",
        r"In node -?\d+ \([^()]*\): [A-Z][A-Z_]*: \S",
        _onnx_parser_error,
    ),
    _rule("dump-layer", "Name: ", r"Name: .*?, LayerType: ", _dump_layer),
    _rule("dump-bindings", "Bindings:", r"Bindings:\s*\Z", _dump_bindings),
    _rule("continuation", "    ", r"    (?P<rest>\S.*)\Z", _continuation),
    _rule(
        "onnx-summary",
        ("-" * 64, *(f"{key}:" for key in _ONNX_SUMMARY_KEYS)),
        rf"-{{64}}\s*\Z|(?P<key>{'|'.join(_ONNX_SUMMARY_KEYS)}):(?P<value>.*)\Z",
        _onnx_summary_line,
    ),
    _rule(
        f"{APPLICATION}-polygraphy-end",
        ("[I] PASSED | ", "[E] FAILED | "),
        r"\[[IE]\] (?P<status>PASSED|FAILED) \| Runtime: ",
        _polygraphy_end,
    ),
    _rule(
        f"{APPLICATION}-polygraphy",
        tuple(f"[{tag}] " for tag in "VIWEX!"),
        rf"\[[VIWEX!]\] (?:{POLYGRAPHY_STATUS}| *{POLYGRAPHY_CHATTER})",
        _polygraphy_line,
    ),
    _rule(
        f"{APPLICATION}-ros-launch",
        tuple(f"[{level}] [" for level in ("DEBUG", "INFO", "WARN", "ERROR", "FATAL")),
        r"\[(?:DEBUG|INFO|WARN|ERROR|FATAL)\] \[[^\]\s]+\]: "
        r"(?:process has died \[pid \d+, exit code (?P<code>-?\d+))?",
        _ros_launch,
    ),
    _rule(
        f"{APPLICATION}-traceback",
        "Traceback (most recent call last):",
        r"Traceback \(most recent call last\):\s*\Z",
        _traceback_header,
    ),
    _rule(
        f"{APPLICATION}-terminate",
        "terminate called ",
        r"terminate called (?:after throwing an instance of '(?P<exception>[^']+)'"
        r"|recursively|without an active exception)",
        _terminate,
    ),
    _rule(
        f"{APPLICATION}-terminate-what",
        "  what():",
        r"\s+what\(\):\s+(?P<what>\S.*)",
        _terminate_what,
    ),
    # Rules without a prefix are tried in table order on every bare line no rule above took.
    _rule(f"{APPLICATION}-traceback-line", (), r"", _traceback_line),
    _rule(
        f"{APPLICATION}-traceback-jupyter",
        (),
        r"[A-Za-z_][\w.]* +Traceback \(most recent call last\)\s*\Z",
        _traceback_header,
    ),
    _rule(f"{APPLICATION}-crash", (), _CRASH, _crash),
    _rule(
        f"{APPLICATION}-other-logger",
        (),
        r"(?:\[[\d/:., T-]+\] ?)*\[(?!(?:TRT|TensorRT|[VIWEFX])\])[A-Za-z][\w.-]*\] \[[VIWEF]\] ",
        _application_tagged,
    ),
    _rule("dump-name", (), r"(?P<name>\S(?:.*\S)?)\s*\Z", _dump_name),
    _rule(
        f"{APPLICATION}-glog",
        (),
        r"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [TDIWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ )"
        r"[\w.-]+:\d+\]",
        _application_glog,
    ),
    _rule(f"{APPLICATION}-output", (), r".", _application_output),
)

_CONTINUED_RULES = tuple(
    rule
    for rule in BARE_RULES
    if rule.name in ("engine-layer", "dump-layer", "dump-bindings", "dump-name")
)
"""The rules that read a continuation line (:func:`_continuation`) once its indent is off."""


HOT_KEY_CHARS = 8
"""Length of the message head that selects a rule's fast handler (``"Tactic: "``)."""


TUNING_FAST_RULES = frozenset(
    {"tactic-timing", "set-tactic", "timing-runner", "fastest-tactic", "chose-runner"}
    | {"autotuning-header"}
)
"""The fast rules of the autotuning lines. The parser tries them before the ``set-tactic``
needle; the other fast rules (ONNX import, optimizer passes) after it."""


def index_fast(
    rules: tuple[Rule, ...], names: frozenset[str] | None = None
) -> tuple[dict[str, FastHandler], tuple[tuple[str, FastHandler], ...]]:
    """Fast handlers by the first :data:`HOT_KEY_CHARS` characters of their prefix, and the
    ``(needle, handler)`` pairs of needle rules that have one (only the rules in ``names``, if
    given). Two fast rules may not share a head."""
    by_head: dict[str, FastHandler] = {}
    needles: list[tuple[str, FastHandler]] = []
    for rule in rules:
        if rule.fast is None or (names is not None and rule.name not in names):
            continue
        if rule.needle:
            needles.append((rule.needle, rule.fast))
        for prefix in rule.prefix:
            if len(prefix) < HOT_KEY_CHARS:
                raise ValueError(f"rule {rule.name}: a fast rule needs a prefix of 8+ characters")
            head = prefix[:HOT_KEY_CHARS]
            if by_head.get(head, rule.fast) is not rule.fast:
                raise ValueError(f"rule {rule.name}: another fast rule has the head {head!r}")
            by_head[head] = rule.fast
    return by_head, tuple(needles)


def index_rules(
    rules: tuple[Rule, ...],
) -> tuple[dict[str, tuple[Rule, ...]], dict[str, tuple[Rule, ...]], tuple[Rule, ...]]:
    """Rules to try per first word of a message, per first character, and by needle.

    A rule whose prefix holds a space is filed under the prefix's first word (the text before
    the first space, ``""`` for a prefix starting with one); a prefix without a space is filed
    under its first character. Needle rules come last, tried on every message that the others
    did not understand. Table order is kept within each list.
    """
    by_word: dict[str, list[Rule]] = {}
    by_char: dict[str, list[Rule]] = {}
    needles: list[Rule] = []
    for rule in rules:
        if not rule.prefix:
            needles.append(rule)
            continue
        for prefix in rule.prefix:
            if " " in prefix:
                bucket = by_word.setdefault(prefix.split(" ", 1)[0], [])
            else:
                bucket = by_char.setdefault(prefix[:1], [])
            if rule not in bucket:
                bucket.append(rule)
    return (
        {word: tuple(found) for word, found in by_word.items()},
        {char: tuple(found) for char, found in by_char.items()},
        tuple(needles),
    )
