"""vis-network as the installed pyvis package ships it, used without importing pyvis.

``import pyvis`` runs ``pyvis/__init__.py``, which imports ``pyvis.network``, which imports
IPython, traitlets, pygments, networkx and jsonpickle: about half a second at every start, for
modules trtreport never calls. trtreport takes two things from pyvis, and takes them here
without running any of its code:

* **vis-network's files** (``vis-network.min.js`` and ``vis-network.css``), found through the
  import system's spec of the ``pyvis`` package, which locates the package's folder without
  executing it, and read as text;
* **node and edge records** shaped as pyvis 0.3's ``Node`` and ``Edge`` classes shape them
  (``tests/test_render.py`` checks them against pyvis's own), filed in a :class:`NodeTable` as
  ``Network.add_node`` files them.

pyvis stays the source of vis-network: the report inlines the version the user installed.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VIS_DIR = "templates/lib/vis-9.1.2"
"""Where pyvis keeps vis-network's files, relative to the ``pyvis`` package folder."""

VIS_FILES = frozenset({"vis-network.min.js", "vis-network.css"})
"""The vis-network files the report inlines."""


def pyvis_folder() -> Path:
    """The installed ``pyvis`` package's folder, located without importing the package."""
    spec = importlib.util.find_spec("pyvis")
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    if not locations:
        raise RuntimeError("the pyvis package is not installed (pip install 'pyvis>=0.3.2,<0.4')")
    return Path(locations[0])


@functools.cache
def read_vis_file(name: str) -> str:
    """Return one of vis-network's files (see :data:`VIS_FILES`), as pyvis ships it, as text."""
    if name not in VIS_FILES:
        raise ValueError(f"unknown vendored asset: {name}")
    return (pyvis_folder() / VIS_DIR / name).read_text(encoding="utf-8")


def node_record(
    node_id: str, shape: str, label: str, font_color: str | bool = False, **options: Any
) -> dict[str, Any]:
    """A node's options as ``pyvis.node.Node(node_id, shape, label, font_color, **options)``
    builds them (same keys, same order)."""
    record = dict(options)
    record["id"] = node_id
    record["label"] = label
    record["shape"] = shape
    if font_color:
        record["font"] = {"color": font_color}
    return record


def edge_record(source: str, dest: str, directed: bool = False, **options: Any) -> dict[str, Any]:
    """An edge's options as ``pyvis.edge.Edge(source, dest, directed, **options)`` builds them."""
    record = dict(options)
    record["from"] = source
    record["to"] = dest
    if directed and "arrows" not in record:
        record["arrows"] = "to"
    return record


@dataclass(slots=True)
class NodeTable:
    """The node and edge lists of a graph, kept in the places a ``pyvis.network.Network``
    keeps them (``nodes``, ``node_ids``, ``node_map``, ``edges``)."""

    font_color: str | bool = False
    """The graph's label color, as ``Network(font_color=...)``: ``False`` leaves it unset."""
    nodes: list[dict[str, Any]] = field(default_factory=list)
    node_ids: list[str] = field(default_factory=list)
    node_map: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)
