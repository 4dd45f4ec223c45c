"""Tests of the HTML renderer: self-contained, safe, deterministic, and faithful to the report."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reportfactory import HOSTILE, hostile_report, make_report
from trtreport.model import MIXED, UNKNOWN, Binding, Edge, Report
from trtreport.render import render_html
from trtreport.render.environment import script_text, style_text, trim_vis_css
from trtreport.render.graph import build_graph, layout, shorten

DATA_ELEMENT = re.compile(
    r'<script type="application/json" id="report-data">(?P<json>.*?)</script>', re.DOTALL
)
REMOTE_REFERENCE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']?\s*|url\(\s*["']?\s*)https?://""", re.IGNORECASE
)


@pytest.fixture(scope="module")
def report() -> Report:
    """A realistic 40-layer QDQ engine."""
    return make_report(40)


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    """The rendered page of :func:`report`."""
    return render_html(report)


def page_data(page: str) -> dict:  # type: ignore[type-arg]
    """The one JSON document embedded in the page, parsed."""
    found = DATA_ELEMENT.findall(page)
    assert len(found) == 1
    return json.loads(found[0])  # type: ignore[no-any-return]


def test_page_loads_nothing_from_the_network(page: str) -> None:
    """No src=, href= or url() points at http(s)://."""
    assert REMOTE_REFERENCE.search(page) is None


def test_the_remote_reference_check_can_fail() -> None:
    """The regex catches each kind of remote reference it is meant to catch."""
    for bad in (
        '<script src="https://cdn.example/x.js">',
        "<link href=http://x/y.css>",
        "a{background:url( 'https://x/y.png')}",
    ):
        assert REMOTE_REFERENCE.search(bad), bad


def test_page_is_one_document_with_inline_assets(page: str) -> None:
    """vis-network and our script are inlined; no element loads a file."""
    assert page.startswith("<!DOCTYPE html>\n")
    assert page.endswith("</html>\n")
    assert "vis-network" in page and "window.trtreport" in page
    assert re.search(r"<(?:script|img|iframe)[^>]*\ssrc=", page) is None
    assert re.search(r"<link\b", page) is None
    assert "\r" not in page


def test_one_node_per_layer_and_binding(report: Report, page: str) -> None:
    """The graph has one node per engine layer plus one per binding, and every edge."""
    data = page_data(page)
    ids = [node["id"] for node in data["graph"]["nodes"]]
    assert len(ids) == len(set(ids))
    layer_ids = {layer.id for layer in report.layers}
    assert layer_ids <= set(ids)
    assert {"in:images", "out:output0"} <= set(ids)
    assert len(ids) == len(report.layers) + len(report.bindings)
    assert len(data["graph"]["edges"]) == len(report.edges)
    assert [layer["id"] for layer in data["layers"]] == [layer.id for layer in report.layers]
    shapes = {node["id"]: node["shape"] for node in data["graph"]["nodes"]}
    assert shapes["in:images"] != shapes["L0"]


def test_node_colours_follow_precisions(report: Report, page: str) -> None:
    """Each layer node is in its precision's group, and the groups use the documented colors."""
    data = page_data(page)
    groups = data["graph"]["groups"]
    documented = {
        "FP32": "#0072B2",
        "TF32": "#56B4E9",
        "FP16": "#E69F00",
        "BF16": "#CC79A7",
        "FP8": "#D55E00",
        "INT8": "#009E73",
        "INT4": "#F0E442",
        "FP4": "#F0E442",
        "INT32": "#999999",
        "INT64": "#999999",
        "BOOL": "#999999",
        "UINT8": "#999999",
        MIXED: "#000000",
        UNKNOWN: "#DDDDDD",
    }
    for precision, color in documented.items():
        assert groups[precision]["color"]["background"] == color
    assert groups[MIXED]["font"]["color"] == "#FFFFFF"
    by_id = {node["id"]: node for node in data["graph"]["nodes"]}
    seen = set()
    for layer in report.layers:
        node = by_id[layer.id]
        assert node["group"] == layer.precision
        assert layer.precision in node["label"]  # color is never the only carrier
        seen.add(layer.precision)
    assert {"INT8", "FP16", "FP32", MIXED} <= seen
    for edge in data["graph"]["edges"]:
        assert edge["color"] == documented[edge["dtype"]]


def test_rendering_is_deterministic(report: Report) -> None:
    """The same report gives the same string, twice."""
    assert render_html(report) == render_html(make_report(40))


def test_layout_is_layered_top_down(report: Report) -> None:
    """Every edge between layers points downwards (the engine is acyclic)."""
    graph = build_graph(report)
    y = {node["id"]: node["y"] for node in graph["nodes"]}
    for edge in graph["edges"]:
        assert y[edge["from"]] < y[edge["to"]], edge


def test_layout_survives_cycles_and_isolated_nodes() -> None:
    """A cycle does not hang or crash the layout; nodes without edges get a place too."""
    positions = layout(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "b")])
    assert set(positions) == {"a", "b", "c", "d"}
    assert len(set(positions.values())) == 4


def test_edges_to_unknown_nodes_get_a_node(report: Report) -> None:
    """An edge naming a node the report lacks draws that node instead of failing."""
    odd = replace(report, edges=(*report.edges, Edge("L3", "out:ghost", "ghost", "FP16")))
    graph = build_graph(odd)
    assert "out:ghost" in {node["id"] for node in graph["nodes"]}


def test_header_and_tables_show_the_report(report: Report, page: str) -> None:
    """Header facts, input files, bindings, the funnel and diagnostics are on the page."""
    text = html.unescape(page)
    for expected in (
        "yolov8n-qdq",
        "8.6.1",
        "NVIDIA GeForce RTX 3090",
        "FP32, FP16, INT8",
        report.header.inputs[0].sha256,
        "18,734,112 B",
        "dead-layer removal",
        "Missing scale and zero-point",
        "52,310 log lines read",
        "named by the profile only",
    ):
        assert expected in text, expected


def test_empty_sections_say_so() -> None:
    """A report with nothing in it still renders, with a sentence per empty section."""
    bare = replace(
        make_report(8),
        layers=(),
        edges=(),
        bindings=(),
        stages=(),
        options=(),
        device=(),
        unmatched=(),
        warnings=(),
        notes=(),
    )
    page = render_html(bare)
    for sentence in (
        "no graph to draw",
        "list no engine bindings",
        "does not report layer counts",
        "no option blocks",
        "no device information",
        "reports no warnings",
    ):
        assert sentence in page, sentence


def test_failed_and_truncated_builds_have_a_banner(report: Report) -> None:
    """The header warns when the build failed or the log does not say."""
    failed = replace(report, header=replace(report.header, status="failed"))
    assert "The build <strong>failed</strong>" in render_html(failed)
    unknown = replace(report, header=replace(report.header, status=""))
    assert "may be truncated" in render_html(unknown)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    """The page of a report whose names are injection attempts."""
    return render_html(hostile_report())


def test_hostile_names_are_text_not_markup(hostile_page: str) -> None:
    """No injected tag, handler or template expression survives into the page's markup."""
    body = DATA_ELEMENT.sub("", hostile_page)
    for raw in ("<script>window.__pwned", "<img src=x", "<svg onload", '"><svg'):
        assert raw not in hostile_page, raw
    # Only vis-network's and report.js's elements start a line with <script: nothing injected.
    assert len(re.findall(r"^<script", body, re.MULTILINE)) == 2
    assert "<img" not in body and "<svg" not in body
    assert "{{7*7}}" in hostile_page and ">49<" not in hostile_page
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in body
    assert "\u202e" not in body  # bidi overrides are shown as <U+202E>, not obeyed
    assert "&lt;U+202E&gt;" in body


def test_hostile_names_round_trip_through_the_json(hostile_page: str) -> None:
    """The embedded JSON cannot end its element, yet parses back to the exact names."""
    raw = DATA_ELEMENT.findall(hostile_page)[0]
    assert "<" not in raw and ">" not in raw and "&" not in raw and "'" not in raw
    data = json.loads(raw)
    names = [layer["name"] for layer in data["layers"]]
    assert all(h in names[0] for h in HOSTILE)
    assert any(node["id"].startswith("out:output0</script>") for node in data["graph"]["nodes"])


def test_data_is_sorted_and_compact(page: str) -> None:
    """The JSON uses sorted keys and no spaces after separators."""
    raw = DATA_ELEMENT.findall(page)[0]
    data = json.loads(raw)
    assert raw == json.dumps(data, sort_keys=True, separators=(",", ":")).replace(
        "<", "\\u003c"
    ).replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def test_inlined_text_cannot_close_its_element() -> None:
    """Script text is rewritten so that ``</script`` cannot appear; CSS is checked."""
    js = str(script_text('var a = "</script><!--"; var b = /</.test(x);'))
    assert "</script" not in js.lower() and "<!--" not in js
    assert "/</.test(x)" in js  # a blanket </ → <\/ would break this regex literal
    with pytest.raises(ValueError, match="style"):
        style_text("a{}</style><script>", "x.css")


def test_trimmed_vis_css_keeps_the_tooltip() -> None:
    """Dropping vis-network's unused widgets keeps the rules the graph uses."""
    css = ".vis-tooltip{color:red}.vis-navigation .vis-button{background:url(data:x)}"
    assert trim_vis_css(css) == ".vis-tooltip{color:red}"
    assert trim_vis_css("@media print{a{b:c}}") == "@media print{a{b:c}}"


def test_shorten_keeps_names_readable() -> None:
    """Labels name the fused layer's main node, and stay short."""
    assert shorten("/m.0/conv/weight + QuantizeLinear + /m.0/conv/Conv + /m.0/act/Mul") == (
        "/m.0/conv/Conv +3"
    )
    assert len(shorten("x" * 300)) <= 26
    assert shorten("Reformatting CopyNode for Input Tensor 0 to conv1") == "Reformat → conv1"


def test_binding_ids_follow_direction() -> None:
    """Input bindings are ``in:<name>``, outputs ``out:<name>``."""
    report = make_report(8)
    report = replace(
        report, bindings=(*report.bindings, Binding(2, "extra", "output", (1,), "INT32"))
    )
    ids = {node["id"] for node in build_graph(report)["nodes"]}
    assert {"in:images", "out:output0", "out:extra"} <= ids


@pytest.mark.parametrize("n_layers", [100, 1000, 5000])
def test_size_and_time(n_layers: int) -> None:
    """Measure page size and render time (printed with ``-s``; no limits asserted)."""
    report = make_report(n_layers)
    start = time.perf_counter()
    page = render_html(report)
    seconds = time.perf_counter() - start
    print(f"\n{n_layers} layers: {len(page.encode()) / 1e6:.2f} MB in {seconds:.2f} s")
    assert len(page_data(page)["layers"]) == n_layers


def test_rendering_does_not_depend_on_hash_seed() -> None:
    """Two interpreters with different hash seeds render the same bytes (sets never leak)."""
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests');"
        "from reportfactory import make_report; from trtreport.render import render_html;"
        "print(hashlib.sha256(render_html(make_report(300)).encode()).hexdigest())"
    )
    root = Path(__file__).resolve().parents[1]
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1
