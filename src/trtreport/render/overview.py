"""The engine graph's overview: layers grouped by ONNX name hierarchy, and distinct labels.

A real engine's layer names carry the model's module hierarchy (``/model/backbone/layer2/conv1/
Conv`` or PyTorch's ``layer2.0.conv1.weight``). The page opens on that hierarchy collapsed: one
node per top-level group, showing its layer count, precision mix and time share; a click opens a
group in place (the approach of Google's Model Explorer). Everything the page needs to do that
without laying anything out itself is computed here:

* :func:`group_tree` builds the groups: one per name prefix, chains of single groups merged,
  groups of one item dissolved, connected Myelin layers in one ``myelin`` group, and groups of
  more than :data:`MAX_CHILDREN` items cut into ``part`` groups in engine order;
* each group's children are ordered into rows by the same layered layout as the whole graph
  (:func:`trtreport.render.graph.layered_rows`) over the edges lifted to that level; the page
  turns rows into coordinates from the sizes of the groups that are open, so opening a group
  moves only what is below or beside it;
* :func:`distinct_labels` gives each node the shortest tail of its name that no other node
  shares (``layer2.0/conv1/Conv`` rather than ``…/Conv``), with the layer type in front when
  the name says nothing (``Reformat``, ``__myl_…``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from trtreport.layertypes import reformat_side

MAX_CHILDREN = 40
"""A group with more items than this is cut into parts of at most this many, in engine order."""
LABEL_CHARS = 30
"""Longest label; a longer distinct tail keeps its first and last segments around ``…``."""

_FOREIGN = re.compile(r"^\{ForeignNode\[(?P<first>[^\]]*?)(?:\.\.\.[^\]]*)?\]\}$")
_PLUMBING_TAIL = ("weight", "bias", "weight_quantizer", "input_quantizer", "_weight", "_bias")


class GroupData(TypedDict):
    """One group of the overview, as the page reads it.

    ``rows`` lists its children row by row, top to bottom: a child ``>= 0`` is a node (an index
    into :attr:`GraphData.nodes`), a child ``< 0`` the group ``-child - 1``. Group 0 is the
    whole graph; every other group is the child of exactly one group."""

    kind: str
    """``root``, ``onnx`` (a name prefix), ``myelin`` (connected Myelin layers) or ``part``."""
    label: str
    rows: list[list[int]]


def name_path(name: str) -> tuple[str, ...]:
    """The module path of a layer name: its ONNX name prefix, without the operator.

    >>> name_path("/model.2/cv1/conv/weight + QuantizeLinear_7 + /model.2/cv1/conv/Conv")
    ('model.2', 'cv1', 'conv')
    >>> name_path("layer2.0.conv1.weight + QuantizeLinear_138 + Conv_140 + Relu_141")
    ('layer2', '0', 'conv1')
    >>> name_path("Reformatting CopyNode for Input Tensor 0 to /head/fc/Gemm")
    ('head', 'fc')
    >>> name_path("MaxPool_14")
    ()
    """
    text = " ".join(name.split())
    copy = reformat_side(text)
    if copy is not None:
        text = copy[1]
    foreign = _FOREIGN.match(text)
    if foreign:
        text = foreign["first"]
    parts = text.split(" + ")
    for part in parts:
        if "/" in part.strip("/"):
            segments = [s for s in part.split("/") if s]
            return tuple(segments[:-1])
    for part in parts:
        segments = part.split(".")
        dotted = len(segments) > 1 and segments[0][:1].isalpha() and " " not in part
        if dotted and (segments[-1] in _PLUMBING_TAIL or not segments[-1].isdigit()):
            return tuple(segments[:-1])
    return ()


@dataclass(slots=True)
class _Group:
    """A group while the tree is built."""

    kind: str
    label: str
    key: tuple[str, ...]
    children: list[_Group | int] = field(default_factory=list)
    first: int = 0
    """The smallest node index below it (engine order of the group)."""


def group_tree(
    paths: Sequence[tuple[str, ...]], myelin: Sequence[list[int]], separators: Sequence[str]
) -> list[GroupData]:
    """The overview groups of nodes ``0..len(paths)-1``, each with its children in one row
    (:func:`lay_out_groups` orders them into rows).

    ``paths`` are the nodes' module paths (empty: the top level), ``myelin`` lists of connected
    Myelin nodes, ``separators`` per node the separator of its path (``/`` or ``.``).
    """
    root = _Group("root", "", ())
    by_key: dict[tuple[str, ...], _Group] = {(): root}

    def group_at(key: tuple[str, ...], sep: str) -> _Group:
        found = by_key.get(key)
        if found is None:
            parent = group_at(key[:-1], sep)
            found = _Group("onnx", sep.join(key), key)
            by_key[key] = found
            parent.children.append(found)
        return found

    in_region: dict[int, int] = {}
    for number, members in enumerate(myelin):
        for member in members:
            in_region[member] = number
    regions: dict[int, _Group] = {}
    for node, path in enumerate(paths):
        region = in_region.get(node)
        if region is not None:
            holder = regions.get(region)
            if holder is None:
                size = len(myelin[region])
                holder = _Group("myelin", f"Myelin region {region + 1} ({size} layers)", ())
                regions[region] = holder
                group_at(path, separators[node]).children.append(holder)
            holder.children.append(node)
            continue
        group_at(path, separators[node]).children.append(node)

    _simplify(root, separators)
    _number(root)
    _split(root)
    _number(root)
    flat: list[_Group] = []
    _flatten(root, flat)
    index = {id(group): i for i, group in enumerate(flat)}
    return [_group_data(group, index) for group in flat]


def _simplify(group: _Group, separators: Sequence[str]) -> None:
    """Merge chains of single groups and dissolve groups of a single item, bottom up."""
    for child in group.children:
        if isinstance(child, _Group):
            _simplify(child, separators)
    kept: list[_Group | int] = []
    for child in group.children:
        if isinstance(child, _Group) and len(child.children) == 1 and child.kind != "myelin":
            kept.append(child.children[0])
            continue
        kept.append(child)
    group.children = kept
    while (
        group.kind == "onnx"
        and len(group.children) == 1
        and isinstance(group.children[0], _Group)
        and group.children[0].kind == "onnx"
    ):
        only = group.children[0]
        group.label = only.label
        group.key = only.key
        group.children = only.children


def _number(group: _Group) -> int:
    """Set ``first`` on every group and sort children into engine order; return ``first``."""
    firsts = []
    for child in group.children:
        firsts.append(_number(child) if isinstance(child, _Group) else child)
    order = sorted(range(len(firsts)), key=firsts.__getitem__)
    group.children = [group.children[i] for i in order]
    group.first = min(firsts, default=0)
    return group.first


def _split(group: _Group) -> None:
    """Cut groups of more than :data:`MAX_CHILDREN` items into parts, in engine order."""
    for child in group.children:
        if isinstance(child, _Group):
            _split(child)
    while len(group.children) > MAX_CHILDREN:
        items = group.children
        count = -(-len(items) // MAX_CHILDREN)
        size = -(-len(items) // count)
        name = group.label or "layers"
        parts: list[_Group | int] = []
        total = -(-len(items) // size)
        for number, start in enumerate(range(0, len(items), size), 1):
            chunk = items[start : start + size]
            parts.append(_Group("part", f"{name} (part {number} of {total})", (), chunk))
        group.children = parts


def _flatten(group: _Group, out: list[_Group]) -> None:
    """Groups in depth-first order (the root first)."""
    out.append(group)
    for child in group.children:
        if isinstance(child, _Group):
            _flatten(child, out)


def _group_data(group: _Group, index: dict[int, int]) -> GroupData:
    """One group with its children in one row (ordered into rows by :func:`lay_out_groups`)."""
    refs = [-index[id(c)] - 1 if isinstance(c, _Group) else c for c in group.children]
    return GroupData(kind=group.kind, label=group.label, rows=[refs])


def lay_out_groups(
    groups: list[GroupData],
    node_count: int,
    links: Sequence[tuple[int, int]],
    rows_of: Callable[[list[str], list[tuple[str, str]]], list[list[str]]],
) -> None:
    """Order each group's children into rows over the edges lifted to that group's level."""
    parent = [-1] * node_count
    group_parent = [-1] * len(groups)
    for number, group in enumerate(groups):
        for ref in group["rows"][0]:
            if ref >= 0:
                parent[ref] = number
            else:
                group_parent[-ref - 1] = number

    def chain(node: int) -> list[int]:
        """Refs from the root down to ``node``: groups as ``-g - 1``, then the node."""
        out = [node]
        g = parent[node]
        while g > 0:
            out.append(-g - 1)
            g = group_parent[g]
        out.reverse()
        return out

    chains: dict[int, list[int]] = {}
    lifted: list[set[tuple[int, int]]] = [set() for _ in groups]
    for source, target in links:
        if source == target:
            continue
        a = chains.get(source) or chains.setdefault(source, chain(source))
        b = chains.get(target) or chains.setdefault(target, chain(target))
        depth = 0
        while depth < len(a) and depth < len(b) and a[depth] == b[depth]:
            depth += 1
        if depth >= len(a) or depth >= len(b):
            continue  # an edge between a group and its own member cannot happen; be safe
        owner = 0 if depth == 0 else -a[depth - 1] - 1
        lifted[owner].add((a[depth], b[depth]))
    for number, group in enumerate(groups):
        refs = group["rows"][0]
        keys = [str(ref) for ref in refs]
        pairs = sorted(lifted[number])
        rows = rows_of(keys, [(str(s), str(t)) for s, t in pairs])
        group["rows"] = [[int(key) for key in row] for row in rows]


_GENERIC = re.compile(r"^(?:__myl_\w*|\(unnamed layer\*? ?\d*\).*|node_of_\w+|[_\W\d]*)$", re.I)


def distinct_labels(
    names: Sequence[str], kinds: Sequence[str], main: Callable[[str], str]
) -> list[str]:
    """Per name, the shortest tail of its main part that no other name's main part ends with.

    ``main`` picks the part of a (fused) name that names it (``a/weight + Q + a/Conv`` →
    ``a/Conv``); ``kinds`` are the layer types, put in front of generic names. Two layers
    with the same main part are told apart by their ``+N`` count of fused parts or, failing
    that, a ``#n`` occurrence number.
    """
    mains = [main(name) for name in names]
    splits = [_segments(text) for text in mains]
    tails: dict[str, int] = {}
    for segments in splits:
        for k in range(1, len(segments) + 1):
            tail = "/".join(segments[-k:])
            tails[tail] = tails.get(tail, 0) + 1
    labels = []
    for name, text, segments, kind in zip(names, mains, splits, kinds, strict=True):
        label = text
        for k in range(1, len(segments) + 1):
            tail = "/".join(segments[-k:])
            if tails[tail] == 1:
                label = _fit_segments(segments[-k:])
                break
        else:
            label = _fit_segments(segments) if segments else text
        if kind and _GENERIC.match(label.strip()):
            label = f"{kind} {label}".strip()
        fused = name.count(" + ")
        if fused:
            label += f" +{fused}"
        labels.append(label)
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    repeat: dict[str, int] = {}
    for i, label in enumerate(labels):
        if seen[label] > 1:
            repeat[label] = repeat.get(label, 0) + 1
            labels[i] = f"{label} #{repeat[label]}"
    return labels


def _segments(text: str) -> list[str]:
    """The path segments of a name (``/a/b/Conv`` → ``a, b, Conv``; ``a.b.weight`` kept)."""
    segments = [s for s in text.split("/") if s]
    return segments or [text]


def _fit_segments(segments: Sequence[str]) -> str:
    """Join segments; over :data:`LABEL_CHARS`, keep the first (the one that tells the name
    apart) and as many of the last as fit, around ``…``.

    >>> _fit_segments(["layer2.0", "downsample", "downsample.0", "Conv"])
    'layer2.0/…/downsample.0/Conv'
    """
    text = "/".join(segments)
    if len(text) <= LABEL_CHARS or len(segments) < 3:
        if len(text) > LABEL_CHARS * 2:
            half = LABEL_CHARS - 1
            return f"{text[:half]}…{text[-half:]}"
        return text
    tail = segments[-1]
    for segment in reversed(segments[1:-1]):
        longer = f"{segment}/{tail}"
        if len(segments[0]) + 3 + len(longer) > LABEL_CHARS:
            break
        tail = longer
    return f"{segments[0]}/…/{tail}"
