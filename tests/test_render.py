"""Tests of the HTML renderer: self-contained, safe, deterministic, and faithful to the report."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import subprocess
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from reportfactory import HOSTILE, UNANNOTATED_PASS, failed_report, hostile_report, make_report
from trtreport.model import MIXED, UNKNOWN, Binding, Edge, Report
from trtreport.render import render_html
from trtreport.render.environment import script_text, style_text, trim_vis_css
from trtreport.render.graph import build_graph, layout, shorten

DATA_ELEMENT = re.compile(
    r'<script type="application/json" id="report-data"(?: data-encoding="deflate-base64")?>'
    r"(?P<json>.*?)</script>",
    re.DOTALL,
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
    data = json.loads(found[0])
    if isinstance(data, str):  # a large engine's data: deflated JSON in base64
        data = json.loads(zlib.decompress(base64.b64decode(data)))
    data["events"] = event_rows(data)
    return data  # type: ignore[no-any-return]


def event_rows(data: dict) -> list[list[object]]:  # type: ignore[type-arg]
    """The events as rows ``[section, line, kind, text(, layer id)]``, as the page unpacks them."""
    columns = data["events"]
    sections = [
        section
        for section, run in zip(columns["sec"][::2], columns["sec"][1::2], strict=True)
        for _ in range(run)
    ]
    rows: list[list[object]] = []
    line = 0
    for n, section in enumerate(sections):
        line += columns["line"][n]
        text = columns["text"][n]
        if isinstance(text, list):
            parts = data["event_templates"][text[0]].split("\u0000")
            text = parts[0] + "".join(
                (data["event_names"][-name - 1] if name < 0 else data["onnx_names"][name]) + part
                for name, part in zip(text[1:], parts[1:], strict=True)
            )
        row: list[object] = [section, line, columns["kind"][n], text]
        if columns["layer"][n]:
            row.append(data["layers"][columns["layer"][n] - 1]["id"])
        rows.append(row)
    return rows


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
    assert {"in:images", "out:output0"} <= set(data["bindings"])  # drawn as ovals, by id


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
        MIXED: "#FFFFFF",
        UNKNOWN: "#DDDDDD",
    }
    for precision, color in documented.items():
        assert groups[precision]["color"]["background"] == color
    # "mixed" is told apart from every precision's fill and from the selection's black border.
    assert groups[MIXED]["font"]["color"] == groups[MIXED]["color"]["border"] == "#5C2D91"
    by_id = {node["id"]: node for node in data["graph"]["nodes"]}
    seen = set()
    for layer in report.layers:
        node = by_id[layer.id]
        assert node["group"] == layer.precision  # the page writes it under the label too
        seen.add(layer.precision)
    assert {"INT8", "FP16", "FP32", MIXED} <= seen
    tensors = data["tensors"]
    edge_types = {(e.source, e.target): e.dtype for e in report.edges}
    for edge in data["graph"]["edges"]:
        # The page colors an edge by its tensor's type, through the group of that type.
        dtype = tensors[edge["t"]][1]
        assert dtype == edge_types[(edge["from"], edge["to"])]
        assert groups[dtype]["color"]["background"] == documented[dtype]


def test_rendering_is_deterministic(report: Report) -> None:
    """The same report gives the same string, twice."""
    assert render_html(report) == render_html(make_report(40))


def test_layout_is_layered_top_down(report: Report) -> None:
    """Inside every group, an edge between two of its children points to a lower row (the
    engine is acyclic); every node sits in exactly one group."""
    graph = build_graph(report)
    index = {node["id"]: i for i, node in enumerate(graph["nodes"])}
    where: dict[int, tuple[int, int]] = {}
    for number, group in enumerate(graph["tree"]):
        for row_number, row in enumerate(group["rows"]):
            for ref in row:
                if ref >= 0:
                    assert ref not in where
                    where[ref] = (number, row_number)
    assert sorted(where) == list(range(len(graph["nodes"])))
    checked = 0
    for edge in graph["edges"]:
        a, b = where[index[edge["from"]]], where[index[edge["to"]]]
        if a[0] == b[0]:
            assert a[1] < b[1], edge
            checked += 1
    assert checked > 0


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
        "12,845,056 B (12.2 MiB)",
        "GPU Compute Time",
        "1000 iterations",
        "48.2 s",
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
    """The header warns when the build failed or the log is cut; a build that completed
    without a pass/fail trailer says how it ended, without a warning."""
    failed = replace(
        report, header=replace(report.header, status="failed", log_end="failed", last_phase="x")
    )
    assert "<strong>The build failed</strong> during <em>x</em>" in render_html(failed)
    truncated = render_html(failed_report())
    assert "<strong>The log is truncated</strong>: it stops during <em>autotuning</em>" in truncated
    # A build that completed without a trailer says so, with no banner: the engine was built
    unknown = replace(
        report,
        header=replace(
            report.header, status="", log_end="complete", end_reason="the engine was built"
        ),
    )
    page = render_html(unknown)
    assert "not stated</span> (the engine was built)" in page
    assert "banner" not in _section(page, "header")
    assert "banner" not in _section(render_html(report), "header")
    inference = replace(report, header=replace(report.header, build_kind="inference"))
    assert "Inference-only log" in render_html(inference)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    """The page of a report whose names are injection attempts."""
    return render_html(hostile_report())


def test_hostile_names_are_text_not_markup(hostile_page: str) -> None:
    """No injected tag, handler or template expression survives into the page's markup."""
    body = DATA_ELEMENT.sub("", hostile_page)
    for raw in ("<script>window.__pwned", "<img src=x", "<svg onload", '"><svg onload'):
        assert raw not in hostile_page, raw
    # Only vis-network's and report.js's elements start a line with <script: nothing injected.
    assert len(re.findall(r"^<script", body, re.MULTILINE)) == 2
    assert "<img" not in body
    # The only SVG elements are the page's own charts.
    assert set(re.findall(r"<svg[^>]*>", body)) <= {
        '<svg class="share-bar" width="120" height="10" aria-hidden="true">',
        *re.findall(r'<svg class="funnel-chart"[^>]*>', body),
    }
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
    assert all(h in event_rows(data)[0][3] for h in HOSTILE)
    assert any(all(h in name for h in HOSTILE) for name in data["onnx_names"])
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


@pytest.mark.subprocess
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


def _section(page: str, section_id: str) -> str:
    """The HTML of one ``<section id=...>`` (or the ``<header>``) of the page."""
    if section_id == "header":
        return page[page.index('<header id="top"') : page.index("</header>")]
    start = page.index(f'<section id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_every_section_is_on_the_page(page: str) -> None:
    """The page has every section of the design, in the design's order, and a nav link each."""
    ids = [
        "findings",
        "graph",
        "passes",
        "provenance",
        "bindings",
        "layers",
        "tactics",
        "performance",
        "build",
        "diagnostics",
    ]
    positions = [page.index(f'<section id="{i}"') for i in ids]
    assert positions == sorted(positions)
    nav = page[page.index("<nav") : page.index("</nav>")]
    for i in ids:
        assert f'href="#{i}"' in nav


def test_header_glance_figures(report: Report, page: str) -> None:
    """Layers before → after, the INT8 share, Reformats and findings are in the header."""
    header = html.unescape(_section(page, "header"))
    assert f"{report.stages[0].layers} → {len(report.layers)}" in header
    summary = report.summary
    assert summary is not None
    assert f"{summary.int8_compute_share * 100:.0f} %" in header
    assert f"{summary.int8_compute_layers} of {summary.compute_layers} compute layers" in header
    assert re.search(rf">{summary.reformats}</span><span class=\"what\">Reformat layers", header)
    assert "findings: 1 error, 2 warning, 1 info" in header


def test_findings_most_severe_first(report: Report, page: str) -> None:
    """One entry per finding, errors then warnings then info, each with a text label."""
    section = _section(page, "findings")
    labels = re.findall(r'<span class="sev sev-(\w+)">(\w+)</span>', section)
    assert labels == [
        ("error", "Error"),
        ("warning", "Warning"),
        ("warning", "Warning"),
        ("info", "Info"),
    ]
    assert len(re.findall(r'<li id="finding-\d+"', section)) == len(report.findings)
    # Shuffled input order still comes out most severe first.
    shuffled = replace(report, findings=tuple(reversed(report.findings)))
    again = re.findall(r'<span class="sev sev-(\w+)">', _section(render_html(shuffled), "findings"))
    assert again == ["error", "warning", "warning", "info"]
    data = page_data(page)
    assert data["findings"][0] == list(report.findings[0].layer_ids)
    assert 'data-finding="0"' in section and "Log lines 1234, 1240" in section


def test_no_findings_says_so(report: Report) -> None:
    """A report without findings says so instead of showing an empty list."""
    section = _section(render_html(replace(report, findings=())), "findings")
    assert "No findings" in section and "<ol" not in section


def test_one_section_per_pass_in_first_run_order(report: Report, page: str) -> None:
    """Pass sections follow the first line each pass logged, with run and event counts."""
    section = _section(page, "passes")
    first_line: dict[str, int] = {}
    runs: dict[str, int] = {}
    events: dict[str, int] = {}
    for traced in report.pass_events:
        name = traced.event.pass_name
        first_line.setdefault(name, traced.event.line)
        events[name] = events.get(name, 0) + 1
        runs[name] = runs.get(name, 0) + (traced.event.kind == "running")
    expected = sorted(first_line, key=first_line.__getitem__)
    shown = [
        html.unescape(n)
        for n in re.findall(r'<h4 class="pass-name">([^<]+?)(?: <span|</h4>)', section)
    ]
    assert shown == expected
    assert expected[0] == "ConstQDQInitializersFusion"  # not alphabetical: first run first
    for article in re.findall(r'<article class="pass".*?</article>', section, re.DOTALL):
        name = html.unescape(
            re.search(r'<h4 class="pass-name">([^<]+?)(?: <span|</h4>)', article)[1]
        )
        stats = re.sub(r"<[^>]+>", "", article)
        plural = "" if runs[name] == 1 else "s"
        if runs[name]:
            assert f"{runs[name]} run{plural}" in stats, name
        else:  # a pass without Running lines (concat elimination) shows its events only
            assert " run" not in stats.split(" event")[0], name
        assert f"{events[name]} event" in stats, name
    assert section.count('class="annotation-missing"') == 1
    missing = section[section.index(f'<h4 class="pass-name">{UNANNOTATED_PASS}') :]
    assert "No annotation for this pass yet" in missing[: missing.index("</article>")]
    assert "<h5>What it does</h5>" in section  # annotations rendered from Markdown


def test_pass_events_link_to_their_layers(report: Report, page: str) -> None:
    """Every event is in the page data with its section and the layer it ended in."""
    data = page_data(page)
    assert len(data["events"]) == len(report.pass_events)
    names = [p["name"] for p in data["passes"]]
    for row, traced in zip(data["events"], report.pass_events, strict=True):
        section, line, kind, text = row[:4]
        layer = row[4] if len(row) > 4 else ""
        assert names[section] == traced.event.pass_name
        assert (line, data["event_kinds"][kind].rstrip("*"), layer) == (
            traced.event.line,
            traced.event.kind,
            traced.layer_id,
        )
        # A shortened message keeps its subject (an ONNX node by index); the page adds the rest.
        if data["event_kinds"][kind].endswith("*"):
            subject = data["onnx_names"][text] if isinstance(text, int) else text
            assert traced.event.text in (
                f"Running: {traced.event.pass_name} on {subject}",
                f"Removing {subject}",
            )
        else:
            assert text == traced.event.text
    # A layer's events are not stored twice: the page gathers them from each event's layer.
    assert all("events" not in layer for layer in data["layers"])
    for layer in report.layers:
        ended_in = [
            i for i, row in enumerate(data["events"]) if len(row) > 4 and row[4] == layer.id
        ]
        assert ended_in == list(layer.pass_events)
    anchors = re.findall(r'<article class="pass" id="([^"]+)"', page)
    assert [p["anchor"] for p in data["passes"]] == anchors
    assert all(re.fullmatch(r"pass-\d+(-[a-z0-9-]+)?", a) for a in anchors)


def test_funnel_chart_has_one_bar_per_stage(report: Report, page: str) -> None:
    """The funnel is an inline SVG with one bar (and one count) per stage."""
    svg = page[page.index('<svg class="funnel-chart"') : page.index("</svg>")]
    assert svg.count('<rect class="bar"') == len(report.stages)
    widths = [float(w) for w in re.findall(r'<rect class="bar"[^>]*width="([\d.]+)"', svg)]
    assert widths[0] == max(widths)
    for stage in report.stages:
        assert f">{stage.layers}</text>" in svg


def test_fates_are_counted(report: Report, page: str) -> None:
    """The provenance section counts ONNX nodes per fate; the table rows are in the data."""
    section = _section(page, "provenance")
    counts: dict[str, int] = {}
    for fate in report.node_fates:
        counts[fate.fate] = counts.get(fate.fate, 0) + 1
    for fate, count in counts.items():
        assert re.search(rf'<li class="fate-{fate}"><b>{count}</b>', section), fate
    data = page_data(page)
    assert len(data["fates"]) == len(report.node_fates)
    first = data["fates"][0]
    assert data["onnx_names"][first[0]] == report.node_fates[0].node
    assert data["fate_names"][first[2]] == report.node_fates[0].fate


def test_binding_order_warning(report: Report, page: str) -> None:
    """A warning names the bindings whose engine position differs from the declared one."""
    section = html.unescape(_section(page, "bindings"))
    assert 'id="binding-order-warning"' in section
    assert "“output1” is binding 1 in the engine but 2 in the model's declared order." in section
    assert section.count('class="differs"') == 2
    assert report.onnx is not None
    same = replace(report.onnx, outputs=(report.onnx.outputs[1], report.onnx.outputs[0]))
    equal = _section(render_html(replace(report, onnx=same)), "bindings")
    assert "binding-order-warning" not in equal and 'id="binding-order-same"' in equal
    unknown = _section(render_html(replace(report, onnx=None)), "bindings")
    assert "binding-order" not in unknown and "cannot be compared" in unknown


def test_tables_data_for_tactics_and_layers(report: Report, page: str) -> None:
    """Autotuning and per-layer fields reach the page data; the top-layers table is sorted."""
    data = page_data(page)
    tuned = [layer for layer in report.layers if layer.autotune]
    assert sum(1 for layer in data["layers"] if "tune" in layer) == len(tuned)
    assert f"{len(tuned)} layers autotuned" in page
    section = _section(page, "performance")
    times = [float(t) for t in re.findall(r'<td class="num">(\d+\.\d{4})</td>', section)]
    assert times == sorted(times, reverse=True) and len(times) == 15
    assert all("parts" in layer for layer in data["layers"] if layer["prec"] == MIXED)
    assert all(
        layer.get("in_prec", layer["prec"]) == source.input_precision
        for layer, source in zip(data["layers"], report.layers, strict=True)
    )
    myelin = [layer for layer in report.layers if layer.role == "myelin"]
    regions = [group for group in data["graph"]["tree"] if group["kind"] == "myelin"]
    assert len(regions) == 1
    members = [data["graph"]["nodes"][ref]["id"] for row in regions[0]["rows"] for ref in row]
    assert sorted(members) == sorted(layer.id for layer in myelin)


def test_type_palette_is_distinct_and_labelled(page: str) -> None:
    """The layer-type view has its own groups and a counted legend."""
    data = page_data(page)
    type_groups = {k: v for k, v in data["graph"]["groups"].items() if k.startswith("t:")}
    colors = [g["color"]["background"] for g in type_groups.values()]
    assert len(colors) == len(set(colors)) == len(data["categories"])
    legend = page[
        page.index('id="legend-type"') : page.index("</ul>", page.index('id="legend-type"'))
    ]
    assert "Convolution" in legend and "Reformat" in legend and "Myelin" in legend


def test_annotation_markdown_is_self_contained() -> None:
    """Web links become text, images are not rendered, raw HTML is escaped."""
    from trtreport.render.annotations import markdown_html

    out = str(markdown_html("## H\n[doc](https://x.example/a) ![i](https://x/y.png) <b>x</b>"))
    assert "<h5>H</h5>" in out
    assert REMOTE_REFERENCE.search(out) is None and "<img" not in out
    assert "doc (https://x.example/a)" in out and "&lt;b&gt;" in out


def test_hostile_strings_in_new_sections_stay_text(hostile_page: str) -> None:
    """Findings, pass names, fates and ONNX info with injection strings are escaped."""
    body = DATA_ELEMENT.sub("", hostile_page)
    for section_id in ("findings", "passes", "provenance", "build", "performance"):
        part = _section(body, section_id)
        assert "<img" not in part and "<svg onload" not in part, section_id
    assert "&lt;/script&gt;" in _section(body, "findings")
    assert "&#34;&gt;&lt;svg onload" in _section(body, "passes")  # the hostile pass name


def test_binding_order_is_not_compared_when_the_engine_order_is_unknown() -> None:
    """Bindings taken from the model's declared I/O cannot differ from it: no warning."""
    from dataclasses import replace as _replace

    from trtreport.model import Binding, OnnxModelInfo, OnnxTensor

    base = make_report(n_layers=12)
    onnx = OnnxModelInfo(inputs=(OnnxTensor("images", "FP32"),), outputs=(OnnxTensor("z"),))
    swapped = (
        Binding(0, "z", "output"),
        Binding(1, "images", "input"),
    )
    stated = render_html(_replace(base, onnx=onnx, bindings=swapped, bindings_source="log"))
    unknown = render_html(_replace(base, onnx=onnx, bindings=swapped, bindings_source="onnx"))
    assert 'id="binding-order-warning"' in stated
    assert 'id="binding-order-warning"' not in unknown
    assert 'id="binding-order-unknown"' in unknown


def test_int8_share_is_shown_only_where_int8_was_asked_for() -> None:
    """An FP16 build gets no "0 % compute layers in INT8" figure; a Q/DQ build does."""
    from dataclasses import replace as _replace

    from trtreport.model import QuantSummary

    base = make_report(n_layers=12)
    float_summary = QuantSummary(
        is_qdq=False, compute_layers=7, int8_compute_layers=0, int8_compute_share=0.0
    )
    fp16 = _replace(
        base,
        summary=float_summary,
        header=_replace(base.header, precision_flags=("FP32", "FP16")),
    )
    qdq = _replace(base, summary=_replace(float_summary, is_qdq=True))
    assert "compute layers in INT8" not in render_html(fp16)
    assert "compute layers in INT8 (0 of 7 compute layers)" in render_html(qdq)


def test_application_lines_sentence_only_when_some() -> None:
    """The parse statistics mention the application's own lines only when there were some."""
    report = make_report(6)
    page = render_html(replace(report, stats=replace(report.stats, application_lines=0)))
    assert "printed by the application" not in page
    page = render_html(replace(report, stats=replace(report.stats, application_lines=1234)))
    assert "1,234 lines were printed by the application rather than TensorRT" in page
    page = render_html(replace(report, stats=replace(report.stats, application_lines=1)))
    assert "1 line was printed by the application" in page


def test_annotation_headings_sit_below_the_pass_heading() -> None:
    """A pass's heading and its annotation's headings are one level apart, from one constant."""
    from trtreport.render.annotations import PASS_HEADING_LEVEL, markdown_html

    below = PASS_HEADING_LEVEL + 1
    out = str(markdown_html("# Top\n\n## Mid\n\n### Low"))
    assert f"<h{below}>Top</h{below}>" in out
    assert f"<h{below}>Mid</h{below}>" in out
    assert f"<h{below + 1}>Low</h{below + 1}>" in out
    page = render_html(make_report(10))
    passes = _section(page, "passes")
    assert f'<h{PASS_HEADING_LEVEL} class="pass-name">' in passes
    levels = {int(n) for n in re.findall(r"<h([1-6])[ >]", passes.split('class="pass-name"', 1)[1])}
    assert min(levels) == PASS_HEADING_LEVEL
    annotated = re.findall(r'<div class="markdown">(.*?)</div>', passes, re.S)
    assert annotated, "the factory report has annotated passes"
    for body in annotated:
        found = {int(n) for n in re.findall(r"<h([1-6])[ >]", body)}
        assert found and min(found) == below


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colors."""

    def luminance(color: str) -> float:
        channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_badge_text_contrast() -> None:
    """Every swatch's label and every severity badge reach 4.5:1 (WCAG AA)."""
    from trtreport.render.graph import PALETTE, TYPE_PALETTE

    for label, swatch in [*PALETTE.items(), *TYPE_PALETTE.items()]:
        assert _contrast(swatch.background, swatch.font) >= 4.5, label
    from trtreport.render.environment import templates_dir

    css = (Path(templates_dir()) / "report.css").read_text(encoding="utf-8")
    for severity in ("error", "warning", "info"):
        rule = re.search(rf"\.sev-{severity} \{{ background: (#\w+); color: (#\w+); \}}", css)
        assert rule is not None, severity
        background, color = (_six_digits(c) for c in rule.groups())
        assert _contrast(background, color) >= 4.5, severity


def _six_digits(color: str) -> str:
    """``#abc`` → ``#aabbcc``."""
    return color if len(color) == 7 else "#" + "".join(2 * c for c in color[1:])


def test_every_output_shows_control_characters_once() -> None:
    """The environment's finalize makes bidi controls visible in every ``{{ }}`` output, also
    where no template asks for it, and exactly once; Markup and ``|tojson`` pass untouched."""
    from markupsafe import Markup

    from trtreport.render.environment import environment

    template = environment().from_string("{{ a }}|{{ a|upper }}|{{ b }}|{{ c|tojson }}|{{ n }}")
    out = template.render(a="x\u202ey", b=Markup("<b>\u202e</b>"), c={"k": "x\u202e"}, n=5)
    assert out == 'x&lt;U+202E&gt;y|X&lt;U+202E&gt;Y|<b>\u202e</b>|{"k":"x\\u202e"}|5'
    # TensorRT's version comes from the log; no template ever wrote |visible after it.
    report = make_report(10)
    header = replace(report.header, tensorrt_version="8.6\u202e.1")
    page = render_html(replace(report, header=header))
    assert "8.6&lt;U+202E&gt;.1" in page
    assert "\u202e" not in page
    assert "&amp;lt;U+" not in page  # escaped once


def test_templates_leave_visible_to_the_environment() -> None:
    """No template applies a ``visible`` filter by hand (the environment does it once)."""
    from trtreport.render.environment import environment, templates_dir

    assert "visible" not in environment().filters
    for path in sorted(Path(templates_dir()).glob("*.j2")):
        assert "|visible" not in path.read_text(encoding="utf-8").replace(" ", ""), path.name


def test_pass_sections_and_findings_are_computed_once(
    report: Report, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One render groups the events into sections and orders the findings once, and the page
    is the same as before."""
    import trtreport.render.html as html_module

    calls = {"pass_sections": 0, "finding_views": 0}
    for name in calls:
        original = getattr(html_module, name)

        def counted(*args: object, _name: str = name, _original: object = original) -> object:
            calls[_name] += 1
            return _original(*args)  # type: ignore[operator]

        monkeypatch.setattr(html_module, name, counted)
    assert render_html(report) == page
    assert calls == {"pass_sections": 1, "finding_views": 1}


def test_nodes_are_filed_as_pyvis_add_node_files_them(report: Report) -> None:
    """The linear node filing gives pyvis's own records, ids and map, in the same order, and
    ignores a repeated id as ``add_node`` does."""
    from pyvis.network import Network  # type: ignore[import-untyped]

    from trtreport.render.graph import _node_specs, add_nodes
    from trtreport.render.visnetwork import NodeTable

    specs = _node_specs(report)
    specs.append(replace(specs[3], label="a repeat"))  # same id: the first one stays
    specs.append(replace(specs[0], id="no-label", label=""))  # pyvis labels it by its id
    ours, theirs = NodeTable(), Network(directed=True)
    add_nodes(ours, specs)
    for spec in specs:
        theirs.add_node(spec.id, label=spec.label, shape="box", group=spec.group)
    assert len(theirs.nodes) == len(specs) - 1
    assert ours.nodes == theirs.nodes
    assert [list(node) for node in ours.nodes] == [list(node) for node in theirs.nodes]
    assert ours.node_ids == theirs.node_ids
    assert ours.node_map == theirs.node_map


def test_edge_records_are_pyvis_edge_records() -> None:
    """An edge record has pyvis's keys in pyvis's order, directed or not."""
    from pyvis.edge import Edge  # type: ignore[import-untyped]

    from trtreport.render.visnetwork import edge_record

    for directed in (True, False):
        theirs = Edge("L0", "L1", directed, t=3).options
        ours = edge_record("L0", "L1", directed, t=3)
        assert list(ours.items()) == list(theirs.items())


@pytest.mark.subprocess
def test_vis_files_are_pyvis_files_and_pyvis_is_not_imported() -> None:
    """vis-network's files are read from the installed pyvis, in a process that never imports
    pyvis (nor IPython, networkx or jsonpickle, which its package imports)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from trtreport.render import render_html\n"
        "from trtreport.render.visnetwork import read_vis_file\n"
        "print(len(read_vis_file('vis-network.min.js')))\n"
        "print(sorted(m for m in ('pyvis', 'pyvis.network', 'IPython', 'networkx', 'jsonpickle')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    size, loaded = out.stdout.splitlines()
    assert int(size) > 100_000
    assert loaded == "[]"


def test_large_page_data_is_deflated_and_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large engine's data (here: any over a lowered limit) is embedded deflated, the same
    bytes every time, and unpacks to the same document a small page embeds as is."""
    from trtreport.render import html as html_module

    plain = page_data(render_html(make_report(200)))
    monkeypatch.setattr(html_module, "COMPRESS_ABOVE", 10_000)
    first = render_html(make_report(200))
    assert 'data-encoding="deflate-base64"' in first
    assert first == render_html(make_report(200))
    assert page_data(first) == plain
