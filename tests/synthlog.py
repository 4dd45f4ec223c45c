"""Synthetic TensorRT build logs, layer-info JSON and profile JSON of any size.

The generator builds a small CNN-like ONNX graph (ResNet-style residual blocks, optionally with
Q/DQ nodes placed like a pytorch-quantization QAT export), derives the engine TensorRT would
build from it (fused layer names, INT8 CaskConvolution layers on vectorized tensors, Reformat
layers, a float tail) and writes what ``trtexec --verbose`` prints while building and profiling
it, in the formats of TensorRT 8.4, 8.5 and 10 (see ``write_log``). Nothing here is copied from
real logs: names, numbers and structure are generated; only the line *shapes* follow TensorRT.

Deliberate features for downstream analysis (Q/DQ networks):

* the network input is quantized by a standalone ``QuantizeLinear`` that becomes a ``Reformat``
  layer (``Origin: QDQ``), as in real QAT engines;
* one residual block in the middle has no quantizers (a "float island"): its layers run in FP16,
  the INT8 layer before it gets a float output, and the ``QuantizeLinear`` after it is left
  unfused, becoming a second ``Reformat`` layer with ``Origin: QDQ``;
* the head (GlobalAveragePool, Gemm, Softmax) runs in FP16/FP32 with two
  ``Reformatting CopyNode for Input Tensor 0 to ...`` layers added by the builder;
* when the network is large enough, one block splits into two branches joined by a ``Concat``
  that TensorRT eliminates (both branch layers write the concat output).

Layer-count invariant (documented because real logs have no such guarantee): the last
``After concat removal: N layers`` line gives N = the number of engine layers that are not
added reformats, and N plus the number of ``Adding reformat layer:`` lines equals both the
``After reformat layers:`` count and the number of ``Layer(`` lines after
``Engine Layer Information:``. The ``Original:`` count equals N plus one per removing or fusing
event of the optimizer part.

Usage as a script::

    python tests/synthlog.py --layers 40 --seed 1 --out-dir examples --name qdq_resnet_small
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass
class ETensor:
    """A tensor of the engine: name, dimensions, data type and memory format.

    ``vec`` is 0 for a linear (row major) layout, 4 or 32 for a channel-vectorized layout
    (``Int8[1,64:32,56,56]``) and 8 for channel-major FP16 (``Half[1,64:8,56,56]``, HWC8).
    Objects are shared between the producing and consuming layers, so changing ``dtype`` on
    one changes what both print.
    """

    name: str
    dims: tuple[int, ...]
    dtype: str = "Float"
    vec: int = 0


@dataclass
class EngineLayer:
    """One layer of the built engine, as Engine Layer Information and exportLayerInfo see it."""

    name: str
    layer_type: str
    runner: str
    inputs: list[ETensor]
    outputs: list[ETensor]
    tactic: int = 0
    tactic_name: str | None = None
    onnx_nodes: list[str] = field(default_factory=list)
    origin: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    added_reformat: bool = False
    precision: str = "Int8"
    cost: float = 1.0
    """Relative cost used to derive the per-layer profile time."""


@dataclass
class OnnxNode:
    """One ONNX node: name, operator, input and output tensor names."""

    name: str
    op: str
    inputs: list[str]
    outputs: list[str]


@dataclass
class OptEvent:
    """One line of the optimizer part; ``delta`` is the change it makes to the layer count."""

    stage: str
    msg: str
    delta: int = 0


@dataclass
class Network:
    """A generated network: its ONNX graph, the engine built from it and the optimizer story."""

    name: str
    seed: int
    qdq: bool
    inputs: list[tuple[str, tuple[int, ...]]]
    outputs: list[tuple[str, tuple[int, ...]]]
    onnx_nodes: list[OnnxNode]
    initializers: list[str]
    shapes: dict[str, tuple[tuple[int, ...], str]]
    engine: list[EngineLayer]
    events: list[OptEvent]
    island: list[str] = field(default_factory=list)
    """Names of the engine layers of the float island (empty without Q/DQ)."""

    @property
    def final_layer_count(self) -> int:
        """Engine layers before the builder adds reformat layers (``After concat removal``)."""
        return sum(1 for layer in self.engine if not layer.added_reformat)

    @property
    def original_layer_count(self) -> int:
        """The ``Original: N layers`` figure: final count plus one per removing event."""
        return self.final_layer_count - sum(e.delta for e in self.events)


# --------------------------------------------------------------------------------------------
# Network builder
# --------------------------------------------------------------------------------------------

STAGE_ORDER = (
    "generic",
    "const_fold",
    "scale_act",
    "elt_relu",
    "conv_relu",
    "cwq",
    "hmerge",
    "swap",
    "splitq",
    "qconvscale",
    "qdin",
    "cwf",
    "epilogue",
    "concat",
)


@dataclass
class _ConvRec:
    """Book-keeping for one quantized convolution while the graph is built."""

    conv: str
    weight: str
    wq: str
    wdq: str
    in_dq: str
    layer: EngineLayer
    out_q: str | None = None
    residual_dq: str | None = None
    add_relu: tuple[str, str] | None = None


class _Builder:
    """Builds the ONNX graph, the engine and the optimizer events together."""

    def __init__(self, seed: int, qdq: bool, scoped: bool = False) -> None:
        self.rng = random.Random(seed)
        self.qdq = qdq
        self.scoped = scoped
        """Name nodes ``/scope/Op_k`` (PyTorch 2 exporter style, k counted per scope and op)
        and tensors after their node, so that two placements of Q/DQ keep every other name."""
        self.scope = "stem"
        self.scope_counts: dict[tuple[str, str], int] = {}
        self.node_idx = self.rng.randrange(0, 8)
        self.tensor_idx = 100 + self.rng.randrange(50)
        self.nodes: list[OnnxNode] = []
        self.inits: list[str] = []
        self.shapes: dict[str, tuple[tuple[int, ...], str]] = {}
        self.engine: list[EngineLayer] = []
        self.events: list[OptEvent] = []
        self.etensor: dict[str, ETensor] = {}
        self.producer: dict[str, _ConvRec] = {}
        self.primary_q: dict[str, str] = {}
        self.swap_pending: dict[str, str] = {}
        self.recs: list[_ConvRec] = []
        self.removed: set[str] = set()
        self.island: list[str] = []
        self.q_out: dict[str, str] = {}

    # ---- small helpers ---------------------------------------------------------------------

    def ev(self, stage: str, msg: str, delta: int = 0) -> None:
        """Record one optimizer line."""
        self.events.append(OptEvent(stage, msg, delta))

    def remove(self, stage: str, name: str) -> None:
        """Record ``Removing NAME`` once per name."""
        if name not in self.removed:
            self.removed.add(name)
            self.ev(stage, f"Removing {name}", -1)

    def new_tensor(self, dims: tuple[int, ...], dtype: str = "FLOAT") -> str:
        """A fresh numeric ONNX tensor name (PyTorch 1.x exporter style)."""
        name = str(self.tensor_idx)
        self.tensor_idx += 1
        self.shapes[name] = (dims, dtype)
        return name

    def node(
        self, op: str, inputs: list[str], out_dims: tuple[int, ...], dtype: str = "FLOAT"
    ) -> tuple[str, str]:
        """Add an ONNX node named ``Op_idx``; returns (node name, output tensor)."""
        if self.scoped:
            k = self.scope_counts.get((self.scope, op), 0)
            self.scope_counts[(self.scope, op)] = k + 1
            name = f"/{self.scope}/{op}_{k}"
            out = f"{name}_output_0"
            self.shapes[out] = (out_dims, dtype)
        else:
            name = f"{op}_{self.node_idx}"
            self.node_idx += 1
            out = self.new_tensor(out_dims, dtype)
        self.nodes.append(OnnxNode(name, op, inputs, [out]))
        return name, out

    def const(self, dims: tuple[int, ...], dtype: str) -> str:
        """A ``Constant`` node (scale or zero point); returns its output tensor."""
        return self.node("Constant", [], dims, dtype)[1]

    def init(self, name: str, dims: tuple[int, ...], dtype: str = "FLOAT") -> str:
        """An initializer (weights, bias, per-channel zero points)."""
        self.inits.append(name)
        self.shapes[name] = (dims, dtype)
        return name

    def dims(self, t: str) -> tuple[int, ...]:
        """ONNX dimensions of tensor ``t``."""
        return self.shapes[t][0]

    def tactic64(self) -> int:
        """A random 64-bit kernel tactic."""
        return self.rng.getrandbits(64)

    # ---- Q/DQ ------------------------------------------------------------------------------

    def act_qdq(self, x: str) -> tuple[str, str, str]:
        """Activation quantizer on ``x`` (per-tensor Q then DQ); returns (Q, DQ, DQ output).

        The first Q on a tensor is its primary Q: it is fused into the producing INT8 layer's
        output when there is one, otherwise it stays as a Reformat layer (``Origin: QDQ``).
        Later Q's on the same tensor are merged into it by HorizontalMergeQNodes.
        """
        d = self.dims(x)
        s1, z1 = self.const((), "FLOAT"), self.const((), "INT8")
        q, qo = self.node("QuantizeLinear", [x, s1, z1], d)
        s2, z2 = self.const((), "FLOAT"), self.const((), "INT8")
        dq, dqo = self.node("DequantizeLinear", [qo, s2, z2], d)
        self.ev("const_fold", f"Running: ConstQDQInitializersFusion on {q}")
        self.remove("const_fold", z1)
        self.remove("const_fold", s1)
        self.ev("const_fold", f"Running: ConstQDQInitializersFusion on {dq}")
        self.remove("const_fold", z2)
        self.remove("const_fold", s2)
        primary = self.primary_q.get(x)
        if primary is not None:
            self.ev("hmerge", f"Running: HorizontalMergeQNodes on {primary}")
            self.ev("hmerge", f"Eliminating {q} which duplicates (Q) {primary}")
            self.remove("hmerge", q)
            self.etensor[dqo] = self.etensor[self.q_out[primary]]
            return primary, dq, dqo
        self.primary_q[x] = q
        self.q_out[q] = qo
        rec = self.producer.get(x)
        if rec is not None:
            if x in self.swap_pending:
                pool = self.swap_pending.pop(x)
                self.ev("swap", f"Running: VanillaSwapWithFollowingQ on {pool}")
                self.ev("swap", f"Swapping {pool} with {q}")
            rec.out_q = q
            self.etensor[qo] = self.etensor[x]
        else:
            src = self.etensor[x]
            c = d[1] if len(d) > 1 else 1
            vec = 32 if c >= 32 else 0
            out = ETensor(qo, src.dims, "Int8", vec)
            layer = EngineLayer(
                q,
                "Reformat",
                "Reformat",
                [src],
                [out],
                tactic=self.rng.choice([0x3E8, 0x3EA, 0x0]),
                onnx_nodes=[q],
                origin="QDQ",
                params={"ParameterType": "Reformat", "Origin": "QDQ"},
                precision="Int8",
                cost=0.3,
            )
            self.engine.append(layer)
            self.ev("epilogue", f"Running: QDQToCopy on {q}")
            self.ev("epilogue", f"Swap the layer type of {q} from QUANTIZE to kQDQ")
            self.etensor[qo] = out
        self.etensor[dqo] = self.etensor[qo]
        return q, dq, dqo

    def weight_qdq(self, wname: str, wdims: tuple[int, ...]) -> tuple[str, str, str]:
        """Per-channel weight quantizer; returns (Q, DQ, DQ output)."""
        w = self.init(wname, wdims)
        c = wdims[0]
        s = self.const((c,), "FLOAT")
        z = self.init(str(self.tensor_idx), (c,), "INT8")
        self.tensor_idx += 1
        q, qo = self.node("QuantizeLinear", [w, s, z], wdims)
        dq, dqo = self.node("DequantizeLinear", [qo, s, z], wdims)
        self.ev("const_fold", f"Running: ConstQDQInitializersFusion on {q}")
        self.remove("const_fold", s)
        self.remove("const_fold", z)
        self.ev("cwq", f"Running: ConstWeightsQuantizeFusion on {w}")
        self.ev("cwq", f"ConstWeightsQuantizeFusion: Fusing {w} with {q}", -1)
        return q, dq, dqo

    # ---- layers ----------------------------------------------------------------------------

    def conv_params(
        self, k: int, stride: int, cin: int, cout: int, act: bool, res: bool, wtype: str
    ) -> dict[str, object]:
        """exportLayerInfo parameters of a convolution."""
        pad = k // 2
        return {
            "ParameterType": "Convolution",
            "Kernel": [k, k],
            "PaddingMode": "kEXPLICIT_ROUND_DOWN",
            "PrePadding": [pad, pad],
            "PostPadding": [pad, pad],
            "Stride": [stride, stride],
            "Dilation": [1, 1],
            "OutMaps": cout,
            "Groups": 1,
            "Weights": {"Type": wtype, "Count": cout * cin * k * k},
            "Bias": {"Type": "Float", "Count": cout},
            "HasSparseWeights": 0,
            "HasDynamicFilter": 0,
            "HasDynamicBias": 0,
            "HasResidual": int(res),
            "ConvXAsActInputIdx": -1,
            "BiasAsActInputIdx": -1,
            "ResAsActInputIdx": -1,
            "Activation": "RELU" if act else "NONE",
            "HasBias": 1,
            "HasReLU": int(act),
        }

    def kernel_name(self, precision: str, k: int) -> str:
        """A plausible CUDA kernel (tactic) name for a convolution."""
        r = self.rng
        tile = r.choice(["32x32x64", "64x32x64", "64x64x64", "96x64x64", "128x64x64", "64x96x64"])
        stage = r.choice([3, 4, 6])
        warp = r.choice(["2x1x1", "2x2x1", "1x4x1", "4x1x1"])
        suffix = r.choice(["", f"_t1r{k}s{k}"])
        if precision == "Int8":
            return (
                "sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_i8i32_f32_nchw_vect_c_32kcrs_vect_c_32"
                f"_nchw_vect_c_32_tilesize{tile}_stage{stage}_warpsize{warp}_g1_tensor16x8x32{suffix}"
            )
        if precision == "Int8>Half":
            return (
                "sm80_xmma_fprop_implicit_gemm_interleaved_i8i8_f16f32_f32_nchw_vect_c_32kcrs_vect_c_32"
                f"_nhwc_tilesize{tile}_stage{stage}_warpsize{warp}_g1_tensor16x8x32{suffix}"
            )
        tile16 = tile.replace("x64", "x32")
        return (
            "sm80_xmma_fprop_implicit_gemm_f16f16_f16f16_f16_nhwckrsc_nhwc"
            f"_tilesize{tile16}_stage{stage}_warpsize{warp}_g1_tensor16x8x16{suffix}"
        )

    def qconv(
        self,
        x: str,
        wname: str,
        cout: int,
        k: int,
        stride: int,
        *,
        relu: bool,
        residual: str | None = None,
        out_name: str | None = None,
    ) -> str:
        """A quantized Conv (+Relu, or +Add(residual)+Relu); returns the ONNX output tensor."""
        _n, cin, h, w = self.dims(x)
        ho, wo = h // stride, w // stride
        _q, in_dq, xin = self.act_qdq(x)
        wq, wdq, wdo = self.weight_qdq(wname, (cout, cin, k, k))
        conv, out = self.node("Conv", [xin, wdo], (1, cout, ho, wo))
        parts = [wname, wq, conv]
        in_tensors = [self.etensor[xin]]
        res_dq = None
        add_relu = None
        if residual is not None:
            _rq, res_dq, rin = self.act_qdq(residual)
            add, out = self.node("Add", [rin, out], (1, cout, ho, wo))
            rl, out = self.node("Relu", [out], (1, cout, ho, wo))
            self.ev("elt_relu", f"Running: EltReluFusion on {add}")
            self.ev("elt_relu", f"EltReluFusion: Fusing {add} with {rl}", -1)
            parts += [add, rl]
            add_relu = (add, rl)
            in_tensors.append(self.etensor[rin])
        elif relu:
            rl, out = self.node("Relu", [out], (1, cout, ho, wo))
            self.ev("conv_relu", f"Running: ConvReluFusion on {conv}")
            self.ev("conv_relu", f"ConvReluFusion: Fusing {conv} with {rl}", -1)
            parts.append(rl)
        et = ETensor(out_name or out, (1, cout, ho, wo), "Int8", 32)
        layer = EngineLayer(
            " + ".join(parts),
            "CaskConvolution",
            "CaskConvolution",
            in_tensors,
            [et],
            tactic=self.tactic64(),
            onnx_nodes=[n for n in parts if n != wname],
            params=self.conv_params(
                k, stride, cin, cout, relu or residual is not None, residual is not None, "Int8"
            ),
            cost=cin * cout * k * k * ho * wo / 4.0,
        )
        self.engine.append(layer)
        self.etensor[out] = et
        rec = _ConvRec(conv, wname, wq, wdq, in_dq, layer, residual_dq=res_dq, add_relu=add_relu)
        self.recs.append(rec)
        self.producer[out] = rec
        return out

    def fconv(
        self, x: str, cout: int, k: int, stride: int, *, relu: bool, residual: str | None = None
    ) -> str:
        """A float (FP16) Conv with weights inside the node, no quantizers (island, no-QDQ)."""
        _n, cin, h, w = self.dims(x)
        ho, wo = h // stride, w // stride
        wname = self.init(f"onnx::Conv_{9000 + len(self.inits)}", (cout, cin, k, k))
        conv, out = self.node("Conv", [x, wname], (1, cout, ho, wo))
        parts = [conv]
        ins = [self.etensor[x]]
        if residual is not None:
            add, out = self.node("Add", [out, residual], (1, cout, ho, wo))
            rl, out = self.node("Relu", [out], (1, cout, ho, wo))
            self.ev("elt_relu", f"Running: EltReluFusion on {add}")
            self.ev("elt_relu", f"EltReluFusion: Fusing {add} with {rl}", -1)
            self.ev("cwf", f"Running: ConvEltwiseSumFusion on {conv}")
            self.ev("cwf", f"ConvEltwiseSumFusion: Fusing {conv} with {add} + {rl}", -1)
            parts += [add, rl]
            ins.append(self.etensor[residual])
        elif relu:
            rl, out = self.node("Relu", [out], (1, cout, ho, wo))
            self.ev("conv_relu", f"Running: ConvReluFusion on {conv}")
            self.ev("conv_relu", f"ConvReluFusion: Fusing {conv} with {rl}", -1)
            parts.append(rl)
        et = ETensor(out, (1, cout, ho, wo), "Half", 8)
        layer = EngineLayer(
            " + ".join(parts),
            "CaskConvolution",
            "CaskConvolution",
            ins,
            [et],
            tactic=self.tactic64(),
            tactic_name=self.kernel_name("Half", k),
            onnx_nodes=parts,
            params=self.conv_params(
                k, stride, cin, cout, relu or residual is not None, residual is not None, "Half"
            ),
            precision="Half",
            cost=cin * cout * k * k * ho * wo / 2.0,
        )
        self.engine.append(layer)
        self.etensor[out] = et
        return out

    # ---- finishing -------------------------------------------------------------------------

    def finish_convs(self) -> None:
        """Decide INT8 conv outputs and emit the fusion events that depend on consumers."""
        for rec in self.recs:
            layer = rec.layer
            k = int(layer.params["Kernel"][0])  # type: ignore[index]
            self.ev("qdin", f"Running: QuantizeDoubleInputNodes on {rec.conv}")
            if rec.out_q is not None:
                self.ev("qdin", f"QuantizeDoubleInputNodes: fusing {rec.out_q} into {rec.conv}")
                self.remove("qdin", rec.out_q)
                layer.tactic_name = self.kernel_name("Int8", k)
            else:
                out = layer.outputs[0]
                out.dtype, out.vec = "Half", 8
                layer.tactic_name = self.kernel_name("Int8>Half", k)
            self.ev(
                "qdin",
                f"QuantizeDoubleInputNodes: fusing ({rec.in_dq} and {rec.wdq}) into {rec.conv}",
            )
            self.remove("qdin", rec.in_dq)
            self.remove("qdin", rec.wdq)
            if rec.add_relu is not None and rec.residual_dq is not None:
                add, rl = rec.add_relu
                self.ev(
                    "qdin",
                    f"ConvEltwiseSumFusion: Fusing {rec.weight} + {rec.wq} + {rec.conv} "
                    f"with {add} + {rl}",
                    -1,
                )
                self.remove("qdin", rec.residual_dq)
            self.ev("cwf", f"Running: ConstWeightsFusion on {rec.weight} + {rec.wq}")
            self.ev(
                "cwf", f"ConstWeightsFusion: Fusing {rec.weight} + {rec.wq} with {rec.conv}", -1
            )


def _plan_blocks(n_layers: int, qdq: bool) -> list[int]:
    """Blocks per stage so that the engine has about ``n_layers`` layers."""
    fixed = 3 + 6 + (1 if qdq else 0)  # input reformat + stem + pool, head, island's Q
    budget = max(8, n_layers - fixed)
    nblocks = max(4, round((budget - 3) / 2))
    base, extra = divmod(nblocks, 4)
    return [base + (1 if i < extra else 0) for i in range(4)]


def make_network(
    n_layers: int,
    *,
    qdq: bool = True,
    seed: int = 0,
    name: str | None = None,
    island_at: int | None = None,
) -> Network:
    """Build a ResNet-like network whose engine has about ``n_layers`` layers.

    Deterministic for a given ``(n_layers, qdq, seed, island_at)``. The seed changes tensor
    numbering, kernel tactics and names, timings, and where the float island and concat block
    sit. ``island_at`` places the float island at that residual block instead (``-1``: none,
    every block quantized) and names nodes by scope, so that two networks of one seed differ
    only in that block's Q/DQ placement: the pair a comparison of two builds is tried on.
    """
    b = _Builder(seed, qdq, scoped=island_at is not None)
    rng = b.rng
    inp = "input" if seed % 2 == 0 else "images"
    b.shapes[inp] = ((1, 3, 224, 224), "FLOAT")
    b.etensor[inp] = ETensor(inp, (1, 3, 224, 224), "Float", 0)
    b.ev("generic", "Applying generic optimizations to the graph for inference.")
    blocks = _plan_blocks(n_layers, qdq)
    total_blocks = sum(blocks)
    requested = island_at
    island_at = -1
    if qdq:
        chosen = max(1, total_blocks // 2 + rng.randrange(-1, 2))
        island_at = chosen if requested is None else max(-1, requested)
    concat_at = -1
    if blocks[2] >= 3:
        concat_at = blocks[0] + blocks[1] + 1 + rng.randrange(0, blocks[2] - 2)
    if requested is not None:
        concat_at = -1  # a pair differs in the island's block alone
    if concat_at == island_at:
        concat_at = -1

    # ---- stem ------------------------------------------------------------------------------
    if qdq:
        x = b.qconv(inp, "conv1.weight", 64, 7, 2, relu=False)
        rec = b.recs[-1]
        # BatchNormalization + Relu after the stem conv, removed by QConvScaleFusion.
        bn, t = b.node("BatchNormalization", [x], b.dims(x))
        for p in ("weight", "bias", "running_mean", "running_var"):
            b.init(f"bn1.{p}", (64,))
        rl, t = b.node("Relu", [t], b.dims(x))
        b.ev("scale_act", f"Running: ScaleActivationFusion on {bn}")
        b.ev("scale_act", f"ScaleActivationFusion: Fusing {bn} with {rl}", -1)
        b.ev("qconvscale", f"Running: QConvScaleFusion on {rec.conv}")
        b.ev("qconvscale", f"Removing {bn} + {rl}", -1)
        rec.layer.params["Activation"] = "RELU"
        rec.layer.params["HasReLU"] = 1
        rec.layer.onnx_nodes += [bn, rl]
        stem_et = b.etensor[x]
        b.etensor[t] = stem_et
        b.producer[t] = rec
        stem_et.name = t
    else:
        wname = b.init("conv1.weight", (64, 3, 7, 7))
        conv, t = b.node("Conv", [inp, wname], (1, 64, 112, 112))
        bn, t = b.node("BatchNormalization", [t], (1, 64, 112, 112))
        for p in ("weight", "bias", "running_mean", "running_var"):
            b.init(f"bn1.{p}", (64,))
        rl, t = b.node("Relu", [t], (1, 64, 112, 112))
        b.ev("scale_act", f"Running: ConvScaleFusion on {conv}")
        b.ev("scale_act", f"ConvScaleFusion: Fusing {conv} with {bn}", -1)
        b.ev("conv_relu", f"Running: ConvReluFusion on {conv} + {bn}")
        b.ev("conv_relu", f"ConvReluFusion: Fusing {conv} + {bn} with {rl}", -1)
        lname = f"{conv} + {bn} + {rl}"
        rf_out = ETensor(f"Reformatted Input Tensor 0 to {lname}", (1, 3, 224, 224), "Half", 8)
        b.engine.append(
            EngineLayer(
                f"Reformatting CopyNode for Input Tensor 0 to {lname}",
                "Reformat",
                "Reformat",
                [b.etensor[inp]],
                [rf_out],
                tactic=0x3E8,
                origin="REFORMAT",
                params={"ParameterType": "Reformat", "Origin": "REFORMAT"},
                added_reformat=True,
                precision="Half",
                cost=0.3,
            )
        )
        et = ETensor(t, (1, 64, 112, 112), "Half", 8)
        b.engine.append(
            EngineLayer(
                lname,
                "CaskConvolution",
                "CaskConvolution",
                [rf_out],
                [et],
                tactic=b.tactic64(),
                tactic_name=b.kernel_name("Half", 7),
                onnx_nodes=[conv, bn, rl],
                params=b.conv_params(7, 2, 3, 64, True, False, "Half"),
                precision="Half",
                cost=3 * 64 * 49 * 112 * 112 / 2.0,
            )
        )
        b.etensor[t] = et
    # MaxPool (INT8 after "Swapping MaxPool with QuantizeLinear" when quantized).
    pool, x = b.node("MaxPool", [t], (1, 64, 56, 56))
    src = b.etensor[t]
    pet = ETensor(x, (1, 64, 56, 56), src.dtype, src.vec)
    b.engine.append(
        EngineLayer(
            pool,
            "CaskPooling",
            "CaskPooling",
            [src],
            [pet],
            tactic=b.tactic64(),
            tactic_name=(
                "sm80_xmma_pooling_NCxHW32_Int8_kMAX_3x3"
                if qdq
                else "sm50_xmma_pooling_coalescedC_NHWC_kMAX_3_False"
            ),
            onnx_nodes=[pool],
            params={
                "ParameterType": "Pooling",
                "PoolingType": "MAX",
                "WindowSize": [3, 3],
                "PaddingMode": "kEXPLICIT_ROUND_DOWN",
                "PrePadding": [1, 1],
                "PostPadding": [1, 1],
                "Stride": [2, 2],
                "BlendFactor": 0,
                "AverageCountExcludesPadding": 1,
            },
            precision=src.dtype,
            cost=64 * 56 * 56 * 9.0 / 8,
        )
    )
    b.etensor[x] = pet
    if qdq:
        b.producer[x] = b.producer[t]
        b.swap_pending[x] = pool

    # ---- residual stages -------------------------------------------------------------------
    chans = [64, 128, 256, 512]
    bi = 0
    for si, nb in enumerate(blocks):
        c = chans[si]
        for j in range(nb):
            p = f"layer{si + 1}.{j}"
            b.scope = p
            down = si > 0 and j == 0
            stride = 2 if down else 1
            if bi == island_at:
                # Float island: a block exported without quantizers.
                first = len(b.engine)
                y = b.fconv(x, c, 3, stride, relu=True)
                r = b.fconv(x, c, 1, 2, relu=False) if down else x
                x = b.fconv(y, c, 3, 1, relu=False, residual=r)
                b.island = [layer.name for layer in b.engine[first:]]
            elif not qdq:
                y = b.fconv(x, c, 3, stride, relu=True)
                r = b.fconv(x, c, 1, 2, relu=False) if down else x
                x = b.fconv(y, c, 3, 1, relu=False, residual=r)
            elif bi == concat_at:
                half = c // 2
                ya = b.qconv(x, f"{p}.branch_a.weight", half, 3, 1, relu=True)
                yb = b.qconv(x, f"{p}.branch_b.weight", half, 1, 1, relu=True)
                cat, y = b.node("Concat", [ya, yb], b.dims(x))
                cet = ETensor(y, b.dims(x), "Int8", 32)
                la, lb = b.recs[-2], b.recs[-1]
                la.layer.outputs[0].name = y
                lb.layer.outputs[0].name = y
                b.etensor[y] = cet
                b.producer[y] = la
                b.ev("splitq", f"Running: SplitQAcrossPrecedingFanIn on {cat}")
                b.ev("concat", f"Eliminating concatenation {cat}", -1)
                b.ev("concat", f"Retargeting {ya} to {y}")
                b.ev("concat", f"Retargeting {yb} to {y}")
                x = b.qconv(y, f"{p}.conv2.weight", c, 3, 1, relu=False, residual=x)
                # The Q after the concat is split across both branches: both quantize.
                lb.out_q = la.out_q
            else:
                y = b.qconv(x, f"{p}.conv1.weight", c, 3, stride, relu=True)
                ds = f"{p}.downsample.0.weight"
                r = b.qconv(x, ds, c, 1, 2, relu=False) if down else x
                x = b.qconv(y, f"{p}.conv2.weight", c, 3, 1, relu=False, residual=r)
            bi += 1

    # ---- head ------------------------------------------------------------------------------
    b.scope = "head"
    c = chans[-1]
    hw = b.dims(x)[2]
    gap, g = b.node("GlobalAveragePool", [x], (1, c, 1, 1))
    src = b.etensor[x]
    gout = ETensor(g, (1, c, 1, 1), "Half", 8)
    b.engine.append(
        EngineLayer(
            gap,
            "CaskPooling",
            "CaskPooling",
            [src],
            [gout],
            tactic=b.tactic64(),
            tactic_name="sm50_xmma_pooling_coalescedC_NHWC_kAVG_3_False",
            onnx_nodes=[gap],
            params={
                "ParameterType": "Pooling",
                "PoolingType": "AVERAGE",
                "WindowSize": [hw, hw],
                "PaddingMode": "kEXPLICIT_ROUND_DOWN",
                "PrePadding": [0, 0],
                "PostPadding": [0, 0],
                "Stride": [1, 1],
                "BlendFactor": 0,
                "AverageCountExcludesPadding": 1,
            },
            precision="Half",
            cost=c * hw * hw / 4.0,
        )
    )
    b.ev("generic", f"Swap the layer type of {gap} from REDUCE to POOLING")
    flat, f = b.node("Flatten", [g], (1, c))
    b.ev("generic", f"Running: ShuffleErasure on {flat}")
    b.ev("generic", f"Removing {flat}", -1)
    fw = b.init("fc.weight", (1000, c))
    fb = b.init("fc.bias", (1000,))
    gemm, go = b.node("Gemm", [f, fw, fb], (1, 1000))
    rf1 = ETensor(f"Reformatted Input Tensor 0 to {gemm}", (1, c, 1, 1), "Half", 0)
    b.engine.append(
        EngineLayer(
            f"Reformatting CopyNode for Input Tensor 0 to {gemm}",
            "Reformat",
            "Reformat",
            [gout],
            [rf1],
            tactic=0x0,
            origin="REFORMAT",
            params={"ParameterType": "Reformat", "Origin": "REFORMAT"},
            added_reformat=True,
            precision="Half",
            cost=0.2,
        )
    )
    gt = ETensor(f"{gemm}_out_tensor", (1, 1000, 1, 1), "Half", 0)
    b.engine.append(
        EngineLayer(
            gemm,
            "CaskGemmConvolution",
            "CaskGemmConvolution",
            [rf1],
            [gt],
            tactic=b.tactic64(),
            tactic_name="sm80_xmma_gemm_f16f16_f16f32_f32_tn_n_tilesize32x32x64_stage4_warpsize2x1x2",
            onnx_nodes=[gemm],
            params=b.conv_params(1, 1, c, 1000, False, False, "Half"),
            precision="Half",
            cost=c * 1000 / 2.0,
        )
    )
    gr = ETensor(go, (1, 1000), "Half", 0)
    b.engine.append(
        EngineLayer(
            f"reshape_after_{gemm}",
            "NoOp",
            "Shuffle",
            [gt],
            [gr],
            tactic=0,
            onnx_nodes=[gemm],
            precision="Half",
            cost=0.01,
        )
    )
    sm, so = b.node("Softmax", [go], (1, 1000))
    rf2 = ETensor(f"Reformatted Input Tensor 0 to {sm}", (1, 1000), "Float", 0)
    b.engine.append(
        EngineLayer(
            f"Reformatting CopyNode for Input Tensor 0 to {sm}",
            "Reformat",
            "Reformat",
            [gr],
            [rf2],
            tactic=0x3EA,
            origin="REFORMAT",
            params={"ParameterType": "Reformat", "Origin": "REFORMAT"},
            added_reformat=True,
            precision="Float",
            cost=0.2,
        )
    )
    out_name = "output" if seed % 2 == 0 else "logits"
    b.shapes[out_name] = b.shapes.pop(so)
    b.nodes[-1].outputs = [out_name]
    b.engine.append(
        EngineLayer(
            sm,
            "CudaSoftMax",
            "CudaSoftMax",
            [rf2],
            [ETensor(out_name, (1, 1000), "Float", 0)],
            tactic=0x3E9,
            onnx_nodes=[sm],
            params={"ParameterType": "SoftMax", "Axes": 2, "HasLog": 0},
            precision="Float",
            cost=1000 / 4.0,
        )
    )
    if qdq:
        b.finish_convs()
    order = {s: i for i, s in enumerate(STAGE_ORDER)}
    events = sorted(b.events, key=lambda e: order[e.stage])  # stable: keeps per-stage order
    net_name = name or ("qdq_resnet" if qdq else "resnet")
    return Network(
        name=net_name,
        seed=seed,
        qdq=qdq,
        inputs=[(inp, (1, 3, 224, 224))],
        outputs=[(out_name, (1, 1000))],
        onnx_nodes=b.nodes,
        initializers=b.inits,
        shapes=b.shapes,
        engine=b.engine,
        events=events,
        island=b.island,
    )


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------

_FORMAT_TEXT = {
    ("Float", 0): "Row major linear FP32",
    ("Half", 0): "Row major linear FP16 format",
    ("Int8", 0): "Row major Int8 format",
    ("Int8", 4): "Four wide channel vectorized row major Int8 format",
    ("Int8", 32): "Thirty-two wide channel vectorized row major Int8 format",
    ("Half", 8): "Channel major FP16 format where channel % 8 == 0",
    ("Float", 4): "Four wide channel vectorized row major FP32 format",
    ("Int32", 0): "Row major linear Int32",
}


def format_text(t: ETensor) -> str:
    """The ``Format/Datatype`` text TensorRT prints for a tensor."""
    return _FORMAT_TEXT[(t.dtype, t.vec)]


def strides(dims: tuple[int, ...], vec: int) -> str:
    """The stride notation of autotuning lines, e.g. ``6272,3136:32,56,1``."""
    if len(dims) == 4:
        _n, c, h, w = dims
        if vec in (4, 32):
            groups = -(-c // vec)
            return f"{groups * h * w},{h * w}:{vec},{w},1"
        if vec == 8:
            cp = -(-c // 8) * 8
            return f"{cp * h * w},1:8,{w * cp},{cp}"
        return f"{c * h * w},{h * w},{w},1"
    out = []
    acc = 1
    for d in reversed(dims[1:]):
        out.append(acc)
        acc *= d
    return ",".join(str(v) for v in [acc, *reversed(out)][: len(dims)])


def fmt_combo(t: ETensor) -> str:
    """``Int8(6272,3136:32,56,1)``: one side of an autotuning format combination."""
    return f"{t.dtype}({strides(t.dims, t.vec)})"


def dims_with_vec(t: ETensor) -> str:
    """``1,64:32,56,56``: dimensions with the vectorized channel marker (TRT >= 8.5)."""
    parts = [str(d) for d in t.dims]
    if t.vec and len(parts) > 1:
        parts[1] = f"{parts[1]}:{t.vec}"
    return ",".join(parts)


def hex_tactic(v: int) -> str:
    """``0x00000000000003ea``."""
    return f"0x{v & 0xFFFFFFFFFFFFFFFF:016x}"


def dec_tactic(v: int) -> str:
    """Decimal tactic as TensorRT 8.0 printed it (signed 64-bit)."""
    v &= 0xFFFFFFFFFFFFFFFF
    return str(v - (1 << 64) if v >= 1 << 63 else v)


def _value_text(v: object) -> str:
    """A parameter value as ``--dumpLayerInfo`` prints it."""
    if isinstance(v, list):
        return "[" + ",".join(str(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f'"{k}": {json.dumps(x)}' for k, x in v.items()) + "}"
    return str(v)


def _version_tuple(v: str) -> tuple[int, int]:
    parts = [*v.split("."), "0"][:2]
    return int(parts[0]), int(parts[1])


def _banner_version(v: str) -> str:
    """``8.5.10`` -> ``8510``, ``10.14.1`` -> ``101401``."""
    p = [int(x) for x in [*v.split("."), "0", "0"][:3]]
    if p[0] >= 10:
        return f"{p[0]}{p[1]:02d}{p[2]:02d}"
    return f"{p[0]}{p[1]}{p[2]:02d}" if p[2] >= 10 else f"{p[0]}{p[1]}0{p[2]}"


# --------------------------------------------------------------------------------------------
# Log writer
# --------------------------------------------------------------------------------------------

_START = _dt.datetime(2024, 8, 20, 19, 31, 0)
_PLUGINS = (
    "BatchedNMSDynamic_TRT",
    "BatchedNMS_TRT",
    "BatchTilePlugin_TRT",
    "Clip_TRT",
    "CoordConvAC",
    "CropAndResizeDynamic",
    "CropAndResize",
    "DecodeBbox3DPlugin",
    "DetectionLayer_TRT",
    "EfficientNMS_ONNX_TRT",
    "EfficientNMS_TRT",
    "FlattenConcat_TRT",
    "GenerateDetection_TRT",
    "GridAnchor_TRT",
    "GridAnchorRect_TRT",
    "InstanceNormalization_TRT",
    "LReLU_TRT",
    "MultilevelCropAndResize_TRT",
    "MultilevelProposeROI_TRT",
    "NMSDynamic_TRT",
    "NMS_TRT",
    "Normalize_TRT",
    "PriorBox_TRT",
    "ProposalDynamic",
    "ProposalLayer_TRT",
    "Proposal",
    "PyramidROIAlign_TRT",
    "Region_TRT",
    "Reorg_TRT",
    "ResizeNearest_TRT",
    "ROIAlign_TRT",
    "RPROI_TRT",
    "ScatterND",
    "SpecialSlice_TRT",
    "Split",
    "VoxelGeneratorPlugin",
)


class _Out:
    """Prefixing line writer with deterministic timestamps (fixed start + line count)."""

    def __init__(self, out: TextIO, logger: str, lines_per_second: int = 400) -> None:
        self.out = out
        self.logger = logger
        self.n = 0
        self.lps = lines_per_second
        self._sec = -1
        self._ts = ""

    def ts(self) -> str:
        sec = self.n // self.lps
        if sec != self._sec:
            self._sec = sec
            t = _START + _dt.timedelta(seconds=sec)
            self._ts = t.strftime("[%m/%d/%Y-%H:%M:%S]")
        return self._ts

    def trt(self, sev: str, msg: str) -> None:
        """A line from TensorRT's logger."""
        if self.logger == "python":
            self.out.write(f"{self.ts()} [TRT] [{sev}] {msg}\n")
        else:
            self.out.write(f"{self.ts()} [{sev}] [TRT] {msg}\n")
        self.n += 1

    def v(self, msg: str) -> None:
        """A verbose TensorRT line."""
        self.trt("V", msg)

    def tool(self, sev: str, msg: str) -> None:
        """A line from trtexec itself (absent from Python-logger logs)."""
        if self.logger == "python":
            return
        self.out.write(f"{self.ts()} [{sev}] {msg}\n")
        self.n += 1

    def raw(self, msg: str) -> None:
        """An unprefixed line (Engine Layer Information, dumpLayerInfo text, banner)."""
        self.out.write(msg + "\n")
        self.n += 1


class _Counting(io.TextIOBase):
    """A sink that only counts the UTF-8 bytes written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, s: str) -> int:  # type: ignore[override]
        self.size += len(s.encode("utf-8")) if not s.isascii() else len(s)
        return len(s)


def _combo_variants(layer: EngineLayer) -> list[tuple[str, str]]:
    """Format combinations tried for a layer; the last one is the engine's own."""
    ins = ", ".join(fmt_combo(t) for t in layer.inputs)
    outs = ", ".join(fmt_combo(t) for t in layer.outputs)
    final = (ins, outs)
    alts: list[tuple[str, str]] = []
    for dtype, vec in (("Int8", 0), ("Int8", 4), ("Half", 0), ("Float", 0), ("Half", 8)):
        a = ", ".join(fmt_combo(ETensor(t.name, t.dims, dtype, vec)) for t in layer.inputs)
        o = ", ".join(fmt_combo(ETensor(t.name, t.dims, dtype, vec)) for t in layer.outputs)
        if (a, o) != final:
            alts.append((a, o))
    return [*alts, final]


def _tactic_names(layer: EngineLayer, rng: random.Random, k: int) -> list[str]:
    """Kernel names timed for one runner: variants of the layer's kernel name."""
    base = layer.tactic_name or "generic_kernel"
    head, sep, tail = base.partition("tilesize")
    names = []
    for i in range(k):
        if sep:
            a, b = rng.choice(_TILES), rng.choice(_TILES)
            rest = tail.split("_", 1)[1] if "_" in tail else ""
            names.append(f"{head}tilesize{a}x{b}x{rng.choice((32, 64))}_{rest}".rstrip("_"))
        else:
            names.append(f"{base}_v{i + 1}")
    return names


_TILES = (16, 32, 48, 64, 96, 128, 192, 256)


def write_log(
    network: Network,
    out: TextIO,
    *,
    trt_version: str = "8.5.10",
    syntax: str | None = None,
    logger: str = "trtexec",
    verbose_tactics: int = 5,
    format_combos: int | list[int] = 1,
    iterations: int = 2147,
    model_path: str | None = None,
) -> None:
    """Write a full ``trtexec --verbose`` build (and profiling run) log for ``network``.

    ``syntax`` is the Engine Layer Information syntax: ``"8.5"`` (``name (Int8[1,64:32,56,56])``,
    default for TRT >= 8.5) or ``"8.4"`` (``name[Int8(1,64,56,56)]``, TRT 8.0-8.4; tactics are
    decimal when ``trt_version`` starts with ``8.0``). ``logger="python"`` writes the Python
    logger prefix ``[ts] [TRT] [V] msg`` and leaves out everything trtexec prints itself.
    ``verbose_tactics`` is the number of tactics timed per runner; ``format_combos`` the number
    of format combinations autotuned per layer (an int, or one int per engine layer): both
    make the log bigger the way real ones are. The log is written line by line, never held.
    """
    major, minor = _version_tuple(trt_version)
    if syntax is None:
        syntax = "8.5" if (major, minor) >= (8, 5) else "8.4"
    new_style = (major, minor) >= (8, 6)
    trt10 = major >= 10
    rng = random.Random(network.seed * 7919 + 17)
    w = _Out(out, logger)
    model = model_path or f"{network.name}.onnx"
    bv = _banner_version(trt_version)
    prec = "FP32+FP16+INT8" if network.qdq else "FP32+FP16"
    flags = "--int8 --fp16" if network.qdq else "--fp16"
    cmd = (
        f"trtexec --onnx={model} --verbose {flags} --profilingVerbosity=detailed --dumpLayerInfo "
        f"--dumpProfile --separateProfileRun --exportLayerInfo={network.name}.layers.json "
        f"--exportProfile={network.name}.profile.json --saveEngine={network.name}.plan"
    )
    bytes_sfx = " bytes" if trt10 else ""

    # ---- header ----------------------------------------------------------------------------
    if logger != "python":
        w.raw(f"&&&& RUNNING TensorRT.trtexec [TensorRT v{bv}] # {cmd}")
    for sev, msg in _option_lines(network, model, prec):
        w.tool(sev, msg)
    w.tool("I", f"TensorRT version: {trt_version}")
    for p in _PLUGINS:
        w.v(f"Registered plugin creator - ::{p} version 1")
    w.trt("I", "[MemUsageChange] Init CUDA: CPU +328, GPU +0, now: CPU 342, GPU 1210 (MiB)")
    w.v(f"Trying to load shared library libnvinfer_builder_resource.so.{trt_version}")
    w.v(f"Loaded shared library libnvinfer_builder_resource.so.{trt_version}")
    w.trt(
        "I",
        "[MemUsageChange] Init builder kernel library: CPU +442, GPU +118, "
        "now: CPU 845, GPU 1328 (MiB)",
    )

    # ---- ONNX import -----------------------------------------------------------------------
    w.tool("I", "Start parsing network model")
    w.trt("I", "-" * 64)
    w.trt("I", f"Input filename:   {model}")
    w.trt("I", "ONNX IR version:  0.0.7")
    w.trt("I", "Opset version:    13")
    w.trt("I", "Producer name:    pytorch")
    w.trt("I", "Producer version: 1.12.1")
    w.trt("I", "Domain:           ")
    w.trt("I", "Model version:    0")
    w.trt("I", "Doc string:       ")
    w.trt("I", "-" * 64)
    for p in _PLUGINS:
        w.v(f"Plugin creator already registered - ::{p} version 1")
    _write_onnx_import(network, w)
    w.tool("I", "Finish parsing network model")
    if network.qdq:
        w.trt(
            "W",
            "Calibrator won't be used in explicit precision mode. Use quantization aware "
            "training to generate network with Quantize/Dequantize nodes.",
        )

    # ---- optimizer -------------------------------------------------------------------------
    _write_optimizer(network, w, trt10)

    # ---- autotuning ------------------------------------------------------------------------
    w.trt(
        "I",
        "[MemUsageChange] Init cuBLAS/cuBLASLt: CPU +1090, GPU +312, now: CPU 1942, GPU 1640 (MiB)",
    )
    w.trt("I", "[MemUsageChange] Init cuDNN: CPU +210, GPU +52, now: CPU 2152, GPU 1692 (MiB)")
    w.trt(
        "I", "Local timing cache in use. Profiling results in this builder pass will not be stored."
    )
    w.v("Constructing optimization profile number 0 [1/1].")
    w.v("Reserving memory for host IO tensors. Host: 0 bytes")
    combos = (
        format_combos if isinstance(format_combos, list) else [format_combos] * len(network.engine)
    )
    for idx, layer in enumerate(network.engine):
        _write_autotune(layer, w, rng, verbose_tactics, max(1, combos[idx]), new_style, trt10)
    added = [layer for layer in network.engine if layer.added_reformat]
    for layer in added:
        src, dst = layer.inputs[0], layer.outputs[0]
        target = layer.name.removeprefix("Reformatting CopyNode for Input Tensor 0 to ")
        w.v(
            f"Adding reformat layer: Reformatted Input Tensor 0 to {target} ({src.name}) "
            f"from {fmt_combo(src)} to {fmt_combo(dst)}"
        )
    n_engine = len(network.engine)
    w.v(f"Formats and tactics selection completed in {1.5 + n_engine * 0.173:.5g} seconds.")
    w.v(f"After reformat layers: {n_engine} layers")
    w.v(f"Total number of blocks in pre-optimized block assignment: {n_engine}")
    w.trt("I", f"Total Activation Memory: {8589934592 + n_engine * 4096}{bytes_sfx}")
    w.trt(
        "I",
        f"Detected {len(network.inputs)} inputs and {len(network.outputs)} output network tensors.",
    )
    host_total = 0
    skipped = 0
    for layer in network.engine:
        if layer.tactic_name and not new_style:
            w.v(
                f"{layer.name} Set Tactic Name: {layer.tactic_name} "
                f"Tactic: {hex_tactic(layer.tactic)}"
            )
    for layer in network.engine:
        if layer.layer_type.startswith("Cask"):
            hp = 2816 if layer.layer_type == "CaskConvolution" else 1344
            host_total += hp
            w.v(
                f"Layer: {layer.name} Host Persistent: {hp}{bytes_sfx} "
                f"Device Persistent: 0{bytes_sfx} "
                f"Scratch Memory: 0{bytes_sfx}"
            )
        else:
            skipped += 1
    w.v(
        f"Skipped printing memory information for {skipped} layers with 0 memory size i.e. "
        "Host Persistent + Device Persistent + Scratch Memory == 0."
    )
    w.trt("I", f"Total Host Persistent Memory: {host_total}{bytes_sfx}")
    w.trt("I", f"Total Device Persistent Memory: 0{bytes_sfx}")
    w.trt("I", f"Total Scratch Memory: 0{bytes_sfx}")
    act = _activation_bytes(network)
    w.trt(
        "I",
        "[MemUsageStats] Peak memory usage of TRT CPU/GPU memory allocators: "
        "CPU 52 MiB, GPU 24 MiB",
    )
    w.trt(
        "I",
        "[BlockAssignment] Started assigning block shifts. "
        f"This will take {n_engine} steps to complete.",
    )
    w.trt(
        "I",
        "[BlockAssignment] Algorithm ShiftNTopDown took 0.21ms to assign 4 blocks "
        f"to {n_engine} nodes requiring {act} bytes.",
    )
    w.v("Total number of blocks in optimized block assignment: 4")
    w.trt("I", f"Total Activation Memory: {act}{bytes_sfx}")
    if trt10:
        weights = sum(
            int(lay.params.get("Weights", {}).get("Count", 0))  # type: ignore[union-attr]
            for lay in network.engine
        )
        w.trt("I", f"Total Weights Memory: {weights}{bytes_sfx}")
    for i, layer in enumerate(network.engine):
        if layer.layer_type.startswith("Cask"):
            w.v(f"Finalize: {layer.name} Set kernel index: {i}")
    gen_time = 3.0 + n_engine * 0.61
    w.trt("I" if trt10 else "V", f"Engine generation completed in {gen_time:.5g} seconds.")
    w.v(
        f"Deleting timing cache: {n_engine * 4} entries, served {n_engine * 7} hits since creation."
    )

    # ---- Engine Layer Information -----------------------------------------------------------
    w.v("Engine Layer Information:")
    for layer in network.engine:
        w.raw(engine_layer_line(layer, syntax, decimal=trt_version.startswith("8.0")))
    w.trt(
        "I",
        "[MemUsageChange] TensorRT-managed allocation in building engine: "
        "CPU +12, GPU +14, now: CPU 12, GPU 14 (MiB)",
    )
    w.tool("I", f"Engine built in {gen_time + 12.25:.6g} sec.")
    w.trt("I", "Loaded engine size: 14 MiB")
    w.v("Deserialization required 10141 microseconds.")
    w.tool("I", "Engine deserialized in 0.0102685 sec.")
    w.v("Total per-runner device persistent memory is 0")
    w.v(f"Total per-runner host persistent memory is {host_total}")
    w.v(f"Allocated activation device memory of size {act}")
    if logger == "python":
        return

    # ---- bindings, layer dump, inference ---------------------------------------------------
    w.tool("I", "Setting persistentCacheLimit to 0 bytes.")
    w.tool("V", "Using enqueueV3.")
    for name, dims in network.inputs:
        w.tool("I", f"Using random values for input {name}")
        _binding(w, "input", name, dims, trt10)
    for name, dims in network.outputs:
        w.tool("I", f"Using random values for output {name}")
        _binding(w, "output", name, dims, trt10)
    w.tool("I", "Layer Information:")
    w.tool("I", "Layers:")
    for layer in network.engine:
        w.raw(dump_layer_line(layer))
    w.raw("")
    w.raw("Bindings:")
    for name, _d in [*network.inputs, *network.outputs]:
        w.raw(name)
    prof = profile_rows(network, iterations)
    total_avg = sum(r[2] for r in prof)
    w.tool("I", "Starting inference")
    w.tool("I", "Warmup completed 1257 queries over 200 ms")
    queries = int(3.0 / (total_avg / 1000.0)) if total_avg > 0 else 1000
    w.tool("I", f"Timing trace has {queries} queries over 3.00022 s")
    w.tool("I", "")
    w.tool("I", "=== Trace details ===")
    w.tool("I", "Trace averages of 10 runs:")
    for _ in range(8):
        gl = total_avg * (1 + rng.uniform(-0.01, 0.01))
        w.tool(
            "I",
            f"Average on 10 runs - GPU latency: {gl:.6g} ms - Host latency: {gl + 0.04:.6g} ms "
            f"(enqueue {rng.uniform(0.003, 0.006):.6g} ms)",
        )
    w.tool("I", "")
    _write_perf_summary(w, total_avg, queries)
    w.tool("I", "")
    w.tool("I", f"=== Profile ({iterations} iterations ) ===")
    for line in profile_table(prof, new_style):
        w.tool("I", line)
    w.tool("I", "")
    w.raw(f"&&&& PASSED TensorRT.trtexec [TensorRT v{bv}] # {cmd}")


def _binding(w: _Out, kind: str, name: str, dims: tuple[int, ...], trt10: bool) -> None:
    shape = "x".join(str(d) for d in dims)
    if trt10:
        w.tool(
            "I",
            f"{kind.capitalize()} binding for {name} with dimensions {shape} "
            "and type fp32 is created.",
        )
    else:
        w.tool("I", f"Created {kind} binding for {name} with dimensions {shape}")


def _option_lines(network: Network, model: str, prec: str) -> list[tuple[str, str]]:
    """The trtexec options, device and version blocks."""
    n = network.name
    return [
        ("I", "=== Model Options ==="),
        ("I", "Format: ONNX"),
        ("I", f"Model: {model}"),
        ("I", "Output:"),
        ("I", "=== Build Options ==="),
        ("I", "Max batch: explicit batch"),
        (
            "I",
            "Memory Pools: workspace: default, dlaSRAM: default, dlaLocalDRAM: default, "
            "dlaGlobalDRAM: default",
        ),
        ("I", "minTiming: 1"),
        ("I", "avgTiming: 8"),
        ("I", f"Precision: {prec}"),
        ("I", "LayerPrecisions: "),
        ("I", "Calibration: Dynamic"),
        ("I", "Refit: Disabled"),
        ("I", "Sparsity: Disabled"),
        ("I", "Safe mode: Disabled"),
        ("I", "Build only: Disabled"),
        ("I", f"Save engine: {n}.plan"),
        ("I", "Load engine: "),
        ("I", "Profiling verbosity: 2"),
        ("I", "Tactic sources: Using default tactic sources"),
        ("I", "timingCacheMode: local"),
        ("I", "timingCacheFile: "),
        ("I", "Input(s)s format: fp32:CHW"),
        ("I", "Output(s)s format: fp32:CHW"),
        ("I", "Input build shapes: model"),
        ("I", "Input calibration shapes: model"),
        ("I", "=== System Options ==="),
        ("I", "Device: 0"),
        ("I", "DLACore: "),
        ("I", "Plugins:"),
        ("I", "=== Inference Options ==="),
        ("I", "Batch: Explicit"),
        ("I", "Input inference shapes: model"),
        ("I", "Iterations: 10"),
        ("I", "Duration: 3s (+ 200ms warm up)"),
        ("I", "Sleep time: 0ms"),
        ("I", "Idle time: 0ms"),
        ("I", "Streams: 1"),
        ("I", "ExposeDMA: Disabled"),
        ("I", "Data transfers: Enabled"),
        ("I", "Spin-wait: Disabled"),
        ("I", "Multithreading: Disabled"),
        ("I", "CUDA Graph: Disabled"),
        ("I", "Separate profiling: Enabled"),
        ("I", "Time Deserialize: Disabled"),
        ("I", "Time Refit: Disabled"),
        ("I", "Inputs:"),
        ("I", "=== Reporting Options ==="),
        ("I", "Verbose: Enabled"),
        ("I", "Averages: 10 inferences"),
        ("I", "Percentiles: 90,95,99"),
        ("I", "Dump refittable layers:Disabled"),
        ("I", "Dump output: Disabled"),
        ("I", "Profile: Enabled"),
        ("I", "Export timing to JSON file: "),
        ("I", "Export output to JSON file: "),
        ("I", f"Export profile to JSON file: {n}.profile.json"),
        ("I", ""),
        ("I", "=== Device Information ==="),
        ("I", "Selected Device: NVIDIA A10"),
        ("I", "Compute Capability: 8.6"),
        ("I", "SMs: 72"),
        ("I", "Compute Clock Rate: 1.695 GHz"),
        ("I", "Device Global Memory: 22731 MiB"),
        ("I", "Shared Memory per SM: 100 KiB"),
        ("I", "Memory Bus Width: 384 bits (ECC enabled)"),
        ("I", "Memory Clock Rate: 6.251 GHz"),
        ("I", ""),
    ]


def _shape_text(dims: tuple[int, ...]) -> str:
    """``(1, 3, 224, 224)`` as the ONNX parser prints shapes; ``()`` for scalars."""
    if len(dims) == 1:
        return f"({dims[0]})"
    return "(" + ", ".join(str(d) for d in dims) + ")"


def _write_onnx_import(network: Network, w: _Out) -> None:
    """The ONNX parser's verbose lines, node by node."""
    for name, dims in network.inputs:
        w.v(f"Adding network input: {name} with dtype: float32, dimensions: {_shape_text(dims)}")
        w.v(f"Registering tensor: {name} for ONNX tensor: {name}")
    for init in network.initializers:
        w.v(f"Importing initializer: {init}")
    inits = set(network.initializers)
    const_outs: set[str] = set()
    seen: set[str] = set()
    outputs = {n for n, _ in network.outputs}
    for node in network.onnx_nodes:
        w.v(f"Parsing node: {node.name} [{node.op}]")
        for i in node.inputs:
            w.v(f"Searching for input: {i}")
        ins = ", ".join(
            f"[{i} -> {_shape_text(network.shapes[i][0])}[{network.shapes[i][1]}]]"
            for i in node.inputs
        )
        w.v(f"{node.name} [{node.op}] inputs: {ins}{', ' if ins else ''}")
        if node.op == "Constant":
            o = node.outputs[0]
            const_outs.add(o)
            w.v(
                f"{node.name} [{node.op}] outputs: [{o} -> {_shape_text(network.shapes[o][0])}"
                f"[{network.shapes[o][1]}]], "
            )
            continue
        if node.op in ("QuantizeLinear", "DequantizeLinear", "Gemm"):
            for i in node.inputs:
                if (i in const_outs or i in inits) and i not in seen:
                    seen.add(i)
                    w.v(f"Registering layer: {i} for ONNX node: {i}")
        if node.op == "Conv":
            w.v(
                "Kernel weights are not set yet. Kernel weights must be set using "
                "setInput(1, kernel_tensor) API call."
            )
        if node.op == "GlobalAveragePool":
            w.v(
                "GlobalAveragePool operators are implemented via Reduce layers "
                "rather than Pooling layers"
            )
        if node.op == "Gemm":
            w.v("Using opA: 0 opB: 1")
        if node.op not in ("QuantizeLinear", "DequantizeLinear"):
            w.v(f"Registering layer: {node.name} for ONNX node: {node.name}")
        o = node.outputs[0]
        trt_name = f"{o}_1" if o in outputs else o
        w.v(f"Registering tensor: {trt_name} for ONNX tensor: {o}")
        w.v(
            f"{node.name} [{node.op}] outputs: [{o} -> {_shape_text(network.shapes[o][0])}"
            f"[{network.shapes[o][1]}]], "
        )
        if o in outputs:
            w.v(f"Marking {trt_name} as output: {o}")


def _write_optimizer(network: Network, w: _Out, trt10: bool) -> None:
    """Optimizer passes interleaved with consistent layer-count lines."""
    count = network.original_layer_count
    w.v(f"Original: {count} layers")
    w.v(f"After dead-layer removal: {count} layers")
    groups: dict[str, list[OptEvent]] = {}
    for e in network.events:
        groups.setdefault(e.stage, []).append(e)
    for stage in STAGE_ORDER:
        if stage == "const_fold" and network.qdq:
            w.v("QDQ graph optimizer - constant folding of Q/DQ initializers")
        elif stage == "scale_act":
            w.v(f"After Myelin optimization: {count} layers")
            if network.qdq:
                w.v("QDQ graph optimizer - constant folding of Q/DQ initializers")
                w.v("QDQ graph optimizer forward pass - DQ motions and fusions")
                w.v("QDQ graph optimizer backward pass")
                w.v("QDQ graph optimizer quantization pass - Generate quantized ops")
        elif stage == "epilogue":
            _checkpoints(w, count, _FIRST_CHECKS)
            if network.qdq:
                w.v("QDQ graph optimizer quantization epilogue pass")
                w.v("QDQ optimization pass")
                w.v("QDQ graph optimizer constant fold dangling QDQ pass")
        elif stage == "concat":
            _checkpoints(
                w,
                count,
                (*_FIRST_CHECKS, "After vertical fusions", *_FIRST_CHECKS, "After slice removal"),
            )
        for e in groups.get(stage, ()):
            w.v(e.msg)
            count += e.delta
    w.v(f"After concat removal: {count} layers")
    w.v("Trying to split Reshape and strided tensor")
    secs = 0.05 + 0.0011 * len(network.events)
    if trt10:
        w.v(f"Graph optimization time: {secs:.6g} seconds.")
    else:
        w.v(f"Graph construction and optimization completed in {secs:.6g} seconds.")


_FIRST_CHECKS = (
    "After dupe layer removal",
    "After final dead-layer removal",
    "After tensor merging",
)


def _checkpoints(w: _Out, count: int, labels: Iterable[str]) -> None:
    for label in labels:
        w.v(f"{label}: {count} layers")


def _write_autotune(
    layer: EngineLayer,
    w: _Out,
    rng: random.Random,
    k: int,
    combos: int,
    new_style: bool,
    trt10: bool,
) -> None:
    """One layer's autotuning block(s); the final combination holds the engine's tactic."""
    variants = _combo_variants(layer)
    if layer.layer_type == "Reformat" or layer.added_reformat:
        src, dst = layer.inputs[0], layer.outputs[0]
        for ci in range(combos):
            w.v("=============== Computing reformatting costs: ")
            last = ci == combos - 1
            a = fmt_combo(src) if last else variants[ci % len(variants)][0]
            w.v(f"*************** Autotuning Reformat: {a} -> {fmt_combo(dst)} ***************")
            runner = (
                layer.name if layer.origin == "QDQ" else f"Optimizer Reformat(<in> -> {dst.name})"
            )
            w.v(f"--------------- Timing Runner: {runner} (Reformat)")
            tactics = [0x3E8, 0x3EA, 0x0]
            times = {t: rng.uniform(0.01, 0.2) for t in tactics}
            if last:
                times[layer.tactic] = min(times.values()) * 0.9
            for t in tactics:
                w.v(f"Tactic: {hex_tactic(t)} Time: {times[t]:.6g}")
            best = min(tactics, key=lambda t: times[t])
            w.v(f"Fastest Tactic: {hex_tactic(best)} Time: {times[best]:.6g}")
            if last and layer.origin == "QDQ":
                w.v(
                    ">>>>>>>>>>>>>>> Chose Runner Type: Reformat "
                    f"Tactic: {hex_tactic(layer.tactic)}"
                )
        return
    if trt10:
        w.v(f"=============== Computing costs for {layer.name}")
    else:
        w.v("=============== Computing costs for ")
    runner = layer.runner
    for ci in range(combos):
        last = ci == combos - 1
        ins, outs = variants[-1] if last else variants[ci % (len(variants) - 1 or 1)]
        w.v(f"*************** Autotuning format combination: {ins} -> {outs} ***************")
        if layer.layer_type == "CaskConvolution":
            w.v(f"--------------- Timing Runner: {layer.name} (CaskFlattenConvolution)")
            w.v("CaskFlattenConvolution has no valid tactics for this config, skipping")
        rlabel = f"{runner}[0x80000009]" if trt10 else runner
        w.v(f"--------------- Timing Runner: {layer.name} ({rlabel})")
        if layer.tactic_name is None:
            tactics = [layer.tactic, *(rng.choice([0x1, 0x2, 0x3E8]) for _ in range(1))]
            names: list[str | None] = [None] * len(tactics)
        else:
            tactics = [rng.getrandbits(64) for _ in range(k)]
            names = [*_tactic_names(layer, rng, k)]
            if last:
                pos = rng.randrange(k)
                tactics[pos] = layer.tactic
                names[pos] = layer.tactic_name
        times = [rng.uniform(0.005, 0.4) for _ in tactics]
        if last:
            i = tactics.index(layer.tactic)
            times[i] = min(times) * 0.97
        for t, nm, tm in zip(tactics, names, times, strict=True):
            if nm is None:
                w.v(f"Tactic: {hex_tactic(t)} Time: {tm:.6g}")
            elif new_style:
                w.v(f"Tactic Name: {nm} Tactic: {hex_tactic(t)} Time: {tm:.6g}")
            else:
                w.v(f"{layer.name} Set Tactic Name: {nm} Tactic: {hex_tactic(t)}")
                w.v(f"Tactic: {hex_tactic(t)} Time: {tm:.6g}")
        bi = min(range(len(times)), key=times.__getitem__)
        if trt10:
            w.v(
                f"{layer.name} ({rlabel}) profiling completed in {sum(times) * 0.4:.6g} seconds. "
                f"Fastest Tactic: {hex_tactic(tactics[bi])} Time: {times[bi]:.6g}"
            )
        else:
            w.v(f"Fastest Tactic: {hex_tactic(tactics[bi])} Time: {times[bi]:.6g}")
        w.v(f">>>>>>>>>>>>>>> Chose Runner Type: {runner} Tactic: {hex_tactic(tactics[bi])}")


def _activation_bytes(network: Network) -> int:
    """Largest activation tensor times four, a plausible activation-memory figure."""
    biggest = 0
    for layer in network.engine:
        for t in layer.outputs:
            size = 1
            for d in t.dims:
                size *= d
            size *= {"Float": 4, "Half": 2, "Int8": 1}.get(t.dtype, 4)
            biggest = max(biggest, size)
    return biggest * 4


def tensor_text(t: ETensor, syntax: str) -> str:
    """One tensor of an Engine Layer Information line."""
    if syntax == "8.4":
        return f"{t.name}[{t.dtype}({','.join(str(d) for d in t.dims)})]"
    return f"{t.name} ({t.dtype}[{dims_with_vec(t)}])"


def engine_layer_line(layer: EngineLayer, syntax: str = "8.5", *, decimal: bool = False) -> str:
    """``Layer(TYPE): NAME, Tactic: 0x..., in (Int8[...]) -> out (Int8[...])``."""
    tac = dec_tactic(layer.tactic) if decimal else hex_tactic(layer.tactic)
    ins = ", ".join(tensor_text(t, syntax) for t in layer.inputs)
    outs = ", ".join(tensor_text(t, syntax) for t in layer.outputs)
    return f"Layer({layer.layer_type}): {layer.name}, Tactic: {tac}, {ins} -> {outs}"


def _tensor_dump(t: ETensor) -> str:
    dims = ",".join(str(d) for d in t.dims)
    return (
        f"{{ Name: {t.name}, Location: Device, Dimensions: [{dims}], "
        f"Format/Datatype: {format_text(t)} }}"
    )


def dump_layer_line(layer: EngineLayer) -> str:
    """One line of the ``--dumpLayerInfo`` text (``Name: ..., LayerType: ..., ...``)."""
    ins = "[" + ", ".join(_tensor_dump(t) for t in layer.inputs) + "]" if layer.inputs else "[]"
    outs = "[" + ", ".join(_tensor_dump(t) for t in layer.outputs) + "]" if layer.outputs else "[]"
    ins = ins.replace("[{", "[ {")
    outs = outs.replace("[{", "[ {")
    parts = [
        f"Name: {layer.name}",
        f"LayerType: {layer.layer_type}",
        f"Inputs: {ins}",
        f"Outputs: {outs}",
    ]
    for key, v in layer.params.items():
        parts.append(f"{key}: {_value_text(v)}")
    if layer.tactic_name:
        parts.append(f"TacticName: {layer.tactic_name}")
    parts.append(f"TacticValue: {hex_tactic(layer.tactic)}")
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# Profile
# --------------------------------------------------------------------------------------------


def profile_rows(
    network: Network, iterations: int = 2147
) -> list[tuple[str, float, float, float, float]]:
    """Per engine layer: (name, total ms, average ms, median ms, percentage).

    Percentages are formatted values whose sum is exactly 100 up to float rounding (the last
    row absorbs the rounding of the others).
    """
    rng = random.Random(network.seed * 31 + 5)
    avgs = []
    for layer in network.engine:
        base = 0.0015 + layer.cost / 4.0e9
        avgs.append(base * rng.uniform(0.85, 1.15))
    total = sum(avgs)
    rows = []
    acc = 0.0
    for i, (layer, a) in enumerate(zip(network.engine, avgs, strict=True)):
        if i < len(avgs) - 1:
            pct = float(f"{100.0 * a / total:.6g}")
            acc += pct
        else:
            pct = round(100.0 - acc, 6)
        rows.append(
            (
                layer.name,
                float(f"{a * iterations:.6g}"),
                float(f"{a:.6g}"),
                float(f"{a * rng.uniform(0.9, 1.0):.6g}"),
                pct,
            )
        )
    return rows


def profile_table(rows: list[tuple[str, float, float, float, float]], new_style: bool) -> list[str]:
    """The ``--dumpProfile`` table lines (TRT 8.5 or TRT >= 8.6 layout) with the Total row."""
    tot = (
        "Total",
        sum(r[1] for r in rows),
        sum(r[2] for r in rows),
        sum(r[3] for r in rows),
        100.0,
    )
    out = []
    if new_style:
        out.append("   Time(ms)     Avg.(ms)   Median(ms)   Time(%)   Layer")
        for name, t, a, m, p in [*rows, tot]:
            out.append(f"{t:11.2f}{a:13.4f}{m:13.4f}{p:10.1f}   {name}")
        return out
    width = max(len(r[0]) for r in rows) + 3
    out.append(f"{'Layer':>{width}}   Time (ms)   Avg. Time (ms)   Median Time (ms)   Time %")
    for name, t, a, m, p in [*rows, tot]:
        out.append(f"{name:>{width}}{t:12.2f}{a:17.4f}{m:19.4f}{p:9.1f}")
    return out


def _write_perf_summary(w: _Out, gpu: float, queries: int) -> None:
    def stats(mean: float) -> str:
        return (
            f"min = {mean * 0.97:.6g} ms, max = {mean * 1.6:.6g} ms, mean = {mean:.6g} ms, "
            f"median = {mean * 0.995:.6g} ms, percentile(90%) = {mean * 1.01:.6g} ms, "
            f"percentile(95%) = {mean * 1.02:.6g} ms, percentile(99%) = {mean * 1.05:.6g} ms"
        )

    h2d, d2h = 0.0282, 0.0061
    w.tool("I", "=== Performance summary ===")
    w.tool("I", f"Throughput: {queries / 3.00022:.6g} qps")
    w.tool("I", f"Latency: {stats(gpu + h2d + d2h)}")
    w.tool("I", f"Enqueue Time: {stats(0.0044)}")
    w.tool("I", f"H2D Latency: {stats(h2d)}")
    w.tool("I", f"GPU Compute Time: {stats(gpu)}")
    w.tool("I", f"D2H Latency: {stats(d2h)}")
    w.tool("I", "Total Host Walltime: 3.00022 s")
    w.tool("I", f"Total GPU Compute Time: {gpu * queries / 1000:.6g} s")
    w.tool("I", "Explanations of the performance metrics are printed in the verbose logs.")


# --------------------------------------------------------------------------------------------
# JSON outputs
# --------------------------------------------------------------------------------------------


def _j(v: object) -> str:
    """JSON value the way trtexec writes it (compact lists, ``"Type": x`` dicts)."""
    if isinstance(v, list):
        return "[" + ",".join(json.dumps(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(x)}" for k, x in v.items()) + "}"
    return json.dumps(v)


def _tensor_json(t: ETensor) -> str:
    return (
        "  {\n"
        f'    "Name": {json.dumps(t.name)},\n'
        '    "Location": "Device",\n'
        f'    "Dimensions": [{",".join(str(d) for d in t.dims)}],\n'
        f'    "Format/Datatype": {json.dumps(format_text(t))}\n'
        "  }"
    )


def write_layer_json(network: Network, out: TextIO, *, trt_version: str = "8.5.10") -> None:
    """The detailed ``--exportLayerInfo`` JSON, in trtexec's own layout.

    TRT >= 8.6 adds ``StreamId`` and ``Metadata`` (``[ONNX Layer: X]`` entries joined by
    U+001E) to each layer.
    """
    meta = _version_tuple(trt_version) >= (8, 6)
    out.write('{"Layers": [')
    for i, layer in enumerate(network.engine):
        if i:
            out.write(",")
        out.write("{\n")
        lines = [
            f'  "Name": {json.dumps(layer.name)}',
            f'  "LayerType": {json.dumps(layer.layer_type)}',
            '  "Inputs": ['
            + ("\n" + ",\n".join(_tensor_json(t) for t in layer.inputs) if layer.inputs else "")
            + "]",
            '  "Outputs": ['
            + ("\n" + ",\n".join(_tensor_json(t) for t in layer.outputs) if layer.outputs else "")
            + "]",
        ]
        for key, v in layer.params.items():
            lines.append(f"  {json.dumps(key)}: {_j(v)}")
        if layer.tactic_name:
            lines.append(f'  "TacticName": {json.dumps(layer.tactic_name)}')
        lines.append(f'  "TacticValue": "{hex_tactic(layer.tactic)}"')
        if meta:
            lines.append('  "StreamId": 0')
            md = "\x1e".join(f"[ONNX Layer: {n}]" for n in layer.onnx_nodes)
            lines.append(f'  "Metadata": {json.dumps(md)}')
        out.write(",\n".join(lines))
        out.write("\n}")
    out.write("],\n")
    names = [n for n, _ in [*network.inputs, *network.outputs]]
    out.write('"Bindings": [' + "\n,".join(json.dumps(n) for n in names) + "\n]}\n")


def write_names_only_json(network: Network, out: TextIO) -> None:
    """The ``--profilingVerbosity=layer_names_only`` form: ``{"Layers": ["a", ...], ...}``."""
    out.write(
        '{"Layers": [' + "\n,".join(json.dumps(layer.name) for layer in network.engine) + "\n],\n"
    )
    names = [n for n, _ in [*network.inputs, *network.outputs]]
    out.write('"Bindings": [' + "\n,".join(json.dumps(n) for n in names) + "\n]}\n")


def write_profile_json(network: Network, out: TextIO, *, iterations: int = 2147) -> None:
    """The ``--exportProfile`` JSON: a count record, then one record per engine layer."""
    out.write(f'[\n  {{ "count" : {iterations} }}\n')
    for name, t, a, m, p in profile_rows(network, iterations):
        out.write(
            f', {{ "name" : {json.dumps(name)}, "timeMs" : {t:.6g}, "averageMs" : {a:.6g}, '
            f'"medianMs" : {m:.6g}, "percentage" : {_pct(p)} }}\n'
        )
    out.write("]\n")


def _pct(p: float) -> str:
    """A percentage with enough digits that the sum stays within 1e-4 of 100."""
    return f"{p:.7g}"


# --------------------------------------------------------------------------------------------
# Sizing and CLI
# --------------------------------------------------------------------------------------------


def combos_for_target(network: Network, target_bytes: int, **log_kwargs: object) -> list[int]:
    """Per-layer format-combination counts that bring the log to about ``target_bytes``.

    Measures the log size with one and two combinations per layer (into a byte-counting sink,
    nothing kept in memory) and spreads the missing bytes over the layers.
    """
    n = len(network.engine)
    sizes = []
    for c in (1, 2):
        sink = _Counting()
        write_log(network, sink, format_combos=c, **log_kwargs)  # type: ignore[arg-type]
        sizes.append(sink.size)
    base, per_all = sizes[0], sizes[1] - sizes[0]
    if target_bytes <= base or per_all <= 0:
        return [1] * n
    extra = (target_bytes - base) / per_all * n  # extra combinations in total
    each, rem = divmod(round(extra), n)
    return [1 + each + (1 if i < rem else 0) for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    """Command line: write NAME.log, NAME.layers.json and NAME.profile.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--layers", type=int, default=40, help="approximate number of engine layers")
    ap.add_argument("--no-qdq", action="store_true", help="a plain FP16 network without Q/DQ")
    ap.add_argument(
        "--island-at",
        type=int,
        default=None,
        help="put the float island at this residual block (-1: none) and name nodes by scope",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--trt", default="8.5.10", help="TensorRT version to imitate")
    ap.add_argument("--syntax", choices=["8.4", "8.5"], default=None)
    ap.add_argument("--logger", choices=["trtexec", "python"], default="trtexec")
    ap.add_argument("--tactics", type=int, default=5, help="tactics timed per runner")
    ap.add_argument("--target-bytes", type=int, default=None, help="grow the log to about B bytes")
    ap.add_argument("--names-only", action="store_true", help="write the names-only layer JSON")
    ap.add_argument("--out-dir", type=Path, default=Path("."))
    ap.add_argument("--name", default=None)
    args = ap.parse_args(argv)
    net = make_network(
        args.layers, qdq=not args.no_qdq, seed=args.seed, name=args.name, island_at=args.island_at
    )
    args.out_dir.mkdir(parents=True, exist_ok=True)
    kw: dict[str, object] = {
        "trt_version": args.trt,
        "syntax": args.syntax,
        "logger": args.logger,
        "verbose_tactics": args.tactics,
    }
    combos: int | list[int] = 1
    if args.target_bytes:
        combos = combos_for_target(net, args.target_bytes, **kw)
    base = args.out_dir / net.name
    with open(f"{base}.log", "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        write_log(net, f, format_combos=combos, **kw)  # type: ignore[arg-type]
    with open(f"{base}.layers.json", "w", encoding="utf-8", newline="\n") as f:
        if args.names_only:
            write_names_only_json(net, f)
        else:
            write_layer_json(net, f, trt_version=args.trt)
    with open(f"{base}.profile.json", "w", encoding="utf-8", newline="\n") as f:
        write_profile_json(net, f)
    print(
        f"{base}.log: {len(net.engine)} engine layers "
        f"({net.final_layer_count} after optimization + "
        f"{len(net.engine) - net.final_layer_count} added reformats), "
        f"{len(net.onnx_nodes)} ONNX nodes, original {net.original_layer_count} layers",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
