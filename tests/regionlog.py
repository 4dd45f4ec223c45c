"""A synthetic TensorRT 8.5-style verbose log whose engine ends in one large Myelin region.

``region_log(layers, blocks)`` writes the importer's node lines (``Parsing node``, ``inputs:``,
``outputs:``) and the ``Engine Layer Information`` of an engine made of ``layers`` convolutions
(named by module, ``/backbone/stage3/conv41/Conv``) followed by ``blocks`` transformer encoder
blocks (layer norm, attention, MLP with an erf GELU: 54 ONNX nodes each, 11 of them Constant)
that TensorRT leaves to one ``{ForeignNode[A...B]}`` layer, and a final Softmax layer. The log
names only the region's two ends: which nodes it holds comes from the ONNX graph between them,
as for TensorRT 8.5. Names and structure are generated; only the line shapes follow TensorRT.

Usage as a script: ``python tests/regionlog.py --layers 5000 --blocks 25 > build.log``.
"""

from __future__ import annotations

import argparse
import sys

V = "[05/01/2025-10:00:00] [V] [TRT]"
DIMS = "1, 64, 16, 16"


def _node(name: str, op: str, inputs: list[str], outputs: list[str]) -> list[str]:
    """The importer's three lines for one node (every tensor FLOAT of one shape)."""

    def listed(names: list[str]) -> str:
        return ", ".join(f"[{n} -> ({DIMS})[FLOAT]]" for n in names) + ("," if names else "")

    return [
        f"{V} Parsing node: {name} [{op}]",
        f"{V} {name} [{op}] inputs: {listed(inputs)}",
        f"{V} {name} [{op}] outputs: {listed(outputs)}",
    ]


class _Graph:
    """ONNX nodes as the importer prints them, with fresh tensor names."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: list[str] = []

    def add(self, name: str, op: str, inputs: list[str]) -> str:
        """Add a node with one output; return the output's name."""
        out = f"{name}_output_0"
        self.lines += _node(name, op, inputs, [out])
        self.names.append(name)
        return out

    def const(self, scope: str) -> str:
        """A Constant node (a weight or a scalar) in ``scope``."""
        return self.add(f"{scope}/Constant_{len(self.names)}", "Constant", [])


def _block(g: _Graph, b: int, x: str) -> str:
    """One encoder block on ``x``; return its output tensor."""
    s = f"/encoder/layer.{b}"

    def norm(scope: str, x: str) -> str:
        mean = g.add(f"{scope}/ReduceMean", "ReduceMean", [x])
        sub = g.add(f"{scope}/Sub", "Sub", [x, mean])
        pow_ = g.add(f"{scope}/Pow", "Pow", [sub, g.const(scope)])
        var = g.add(f"{scope}/ReduceMean_1", "ReduceMean", [pow_])
        eps = g.add(f"{scope}/Add", "Add", [var, g.const(scope)])
        std = g.add(f"{scope}/Sqrt", "Sqrt", [eps])
        div = g.add(f"{scope}/Div", "Div", [sub, std])
        mul = g.add(f"{scope}/Mul", "Mul", [div, g.const(scope)])
        return g.add(f"{scope}/Add_1", "Add", [mul, g.const(scope)])

    h = norm(f"{s}/ln1", x)
    a = f"{s}/attention"
    heads = []
    for part in ("query", "key", "value"):
        mm = g.add(f"{a}/{part}/MatMul", "MatMul", [h, g.const(f"{a}/{part}")])
        shaped = g.add(f"{a}/{part}/Reshape", "Reshape", [mm])
        heads.append(g.add(f"{a}/{part}/Transpose", "Transpose", [shaped]))
    scores = g.add(f"{a}/MatMul", "MatMul", [heads[0], heads[1]])
    scaled = g.add(f"{a}/Div", "Div", [scores])
    probs = g.add(f"{a}/Softmax", "Softmax", [scaled])
    ctx = g.add(f"{a}/MatMul_1", "MatMul", [probs, heads[2]])
    back = g.add(f"{a}/Transpose", "Transpose", [ctx])
    merged = g.add(f"{a}/Reshape", "Reshape", [back])
    proj = g.add(f"{a}/output/MatMul", "MatMul", [merged])
    x = g.add(f"{s}/Add", "Add", [proj, x])
    h = norm(f"{s}/ln2", x)
    m = f"{s}/mlp"
    up = g.add(f"{m}/fc1/MatMul", "MatMul", [h])
    half = g.add(f"{m}/act/Div", "Div", [up])
    erf = g.add(f"{m}/act/Erf", "Erf", [half])
    one = g.add(f"{m}/act/Add", "Add", [erf])
    gated = g.add(f"{m}/act/Mul", "Mul", [up, one])
    act = g.add(f"{m}/act/Mul_1", "Mul", [gated])
    down = g.add(f"{m}/fc2/MatMul", "MatMul", [act])
    return g.add(f"{s}/Add_1", "Add", [down, x])


def region_log(layers: int, blocks: int) -> list[str]:
    """The log's lines (see the module docstring)."""
    g = _Graph()
    engine: list[str] = []
    x = "images"
    for i in range(layers):
        name = f"/backbone/stage{i // 50}/conv{i}/Conv"
        out = g.add(name, "Conv", [x])
        engine.append(
            f"{V} Layer(CaskConvolution): {name}, Tactic: 0x1, "
            f"{x} (Half[1,64,16,16]) -> {out} (Half[1,64,16,16])"
        )
        x = out
    first = len(g.names)
    entry = x
    for b in range(blocks):
        x = _block(g, b, x)
    region = g.names[first:]
    engine.append(
        f"{V} Layer(Myelin): {{ForeignNode[{region[0]}...{region[-1]}]}}, Tactic: 0x0, "
        f"{entry} (Half[1,64,16,16]) -> {x} (Half[1,64,16,16])"
    )
    out = g.add("/head/Softmax", "Softmax", [x])
    engine.append(
        f"{V} Layer(SoftMax): /head/Softmax, Tactic: 0x2, "
        f"{x} (Half[1,64,16,16]) -> {out} (Float[1,64,16,16])"
    )
    return [
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx --fp16",
        f"{V} Adding network input: images with dtype: float32, dimensions: ({DIMS})",
        *g.lines,
        f"{V} Marking {out} as output: {out}",
        f"{V} Original: {len(g.names)} layers",
        f"{V} After final dead-layer removal: {len(engine)} layers",
        f"{V} Engine Layer Information:",
        *engine,
        "&&&& PASSED TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx --fp16",
    ]


def main(argv: list[str] | None = None) -> int:
    """Write a log to standard output."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--layers", type=int, default=20)
    parser.add_argument("--blocks", type=int, default=4)
    args = parser.parse_args(argv)
    sys.stdout.write("\n".join(region_log(args.layers, args.blocks)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
