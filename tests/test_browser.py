"""Open rendered reports in headless Chromium: offline, error-free, interactive, not injectable.

Needs Chromium or Chrome (found as :mod:`browsers` says: ``TRTREPORT_CHROMIUM``, or
``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``) and the ``playwright`` Python
package (never ``playwright install``); left out of the run, with one line saying how to
install them, when either is missing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from browsers import ARGS, INSTALL_HINT, find_chromium
from reportfactory import hostile_report, make_report
from trtreport.model import EngineLayer, NodeFate, PassEvent, Report, TracedEvent
from trtreport.render import render_html

CHROMIUM = find_chromium()
CHROMIUM_ARGS = ARGS

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason=INSTALL_HINT),
]


@dataclass
class OpenedPage:
    """A report open in Chromium, with everything the page asked for or complained about."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    load_to_draw_s: float = 0.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_report(browser: Any, report: Report, path: Path) -> OpenedPage:
    """Write the report's page to ``path`` and open it; wait until the graph is drawn."""
    path.write_text(render_html(report), encoding="utf-8", newline="\n")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    opened = OpenedPage(page=page, url=path.as_uri())
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            opened.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
    start = time.perf_counter()
    page.goto(opened.url)
    page.wait_for_function(
        "() => window.trtreport && window.trtreport.firstDrawMs() !== null", timeout=60_000
    )
    opened.load_to_draw_s = time.perf_counter() - start
    return opened


@pytest.fixture(scope="module")
def report() -> Report:
    """A realistic 40-layer engine."""
    return make_report(40)


@pytest.fixture
def opened(browser: Any, report: Report, tmp_path: Path) -> Iterator[OpenedPage]:
    """The 40-layer report, open."""
    result = open_report(browser, report, tmp_path / "report.html")
    yield result
    result.page.close()


def assert_clean(opened: OpenedPage) -> None:
    """Only the file itself was requested; no console error, no uncaught exception."""
    assert opened.requests == [opened.url]
    assert opened.console_errors == []
    assert opened.page_errors == []


def test_page_is_offline_and_error_free(opened: OpenedPage, tmp_path: Path) -> None:
    """Only the file itself is requested; no console error, no uncaught exception."""
    assert opened.requests == [opened.url]
    assert opened.console_errors == []
    assert opened.page_errors == []
    opened.page.screenshot(path=str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000


def test_graph_has_a_node_per_layer(opened: OpenedPage, report: Report) -> None:
    """vis-network holds one layer node per engine layer, plus the bindings, and every edge."""
    hooks = "window.trtreport"
    assert opened.page.evaluate(f"{hooks}.nodeCount()") == len(report.layers)
    total = len(report.layers) + len(report.bindings)
    assert opened.page.evaluate(f"{hooks}.totalNodes()") == total
    assert opened.page.evaluate(f"{hooks}.edgeCount()") == len(report.edges)


def test_search_selects_the_layer(opened: OpenedPage, report: Report) -> None:
    """Typing a layer's name selects its node, shows it in the panel and counts matches."""
    target = report.layers[9]
    opened.page.fill("#graph-search", target.name)
    opened.page.wait_for_function("() => window.trtreport.selected().length > 0")
    # The name is also part of the Reformat that feeds it: both match, the exact one is shown.
    assert target.id in opened.page.evaluate("window.trtreport.selected()")
    matches = sum(
        any(
            target.name.lower() in text.lower()
            for text in (layer.name, *(t.name for t in (*layer.inputs, *layer.outputs)))
        )
        for layer in report.layers
    )
    assert matches > 1
    assert opened.page.text_content("#search-status").startswith(f"{matches} matches")
    assert opened.page.text_content("#details .node-name") == target.name


def test_search_finds_tensors(opened: OpenedPage, report: Report) -> None:
    """A tensor name selects its producer and its consumers."""
    tensor = report.layers[4].outputs[0].name
    assert opened.page.evaluate("name => window.trtreport.search(name)", tensor) >= 2
    assert report.layers[4].id in opened.page.evaluate("window.trtreport.selected()")


def test_clicking_a_node_shows_its_details(opened: OpenedPage, report: Report) -> None:
    """A real click on a node fills the details panel with the layer's name and kernel."""
    layer = report.layers[0]
    opened.page.locator("#graph-canvas").scroll_into_view_if_needed()
    point = opened.page.evaluate("id => window.trtreport.nodePosition(id)", layer.id)
    box = opened.page.locator("#graph-canvas").bounding_box()
    opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    opened.page.wait_for_function("() => document.querySelector('#details .node-name') !== null")
    assert opened.page.text_content("#details .node-name") == layer.name
    other = report.layers[5]
    assert opened.page.evaluate("id => window.trtreport.click(id)", other.id)
    details = opened.page.text_content("#details")
    assert other.name in details and other.kernel in details
    assert other.outputs[0].format in details


def test_print_keeps_a_selected_layers_details(opened: OpenedPage, report: Report) -> None:
    """In print, the placeholder panel is hidden, but a selected layer's details are not, even
    when they say "none recorded" somewhere."""
    page = opened.page
    page.emulate_media(media="print")
    assert not page.is_visible("#details")
    layer = report.layers[0]
    assert page.evaluate("id => window.trtreport.click(id)", layer.id)
    assert page.locator("#details p.empty").count() > 0
    assert page.is_visible("#details")
    assert page.is_visible("#details .node-name")
    page.emulate_media(media="screen")


PAGE_STATE = """() => {
  const all = (selector) => Array.from(document.querySelectorAll(selector));
  const shownRows = (table) => {
    const holder = table.closest("details");
    if (holder && !holder.open) { return table.id + ": closed"; }
    return table.id + ": " + Array.from(table.tBodies[0].rows, (r) => r.textContent).join("\\n");
  };
  return {
    open: all("details").map((d) => d.open),
    controls: all("input, select").map((c) => c.id + "=" + (c.type === "checkbox" ? c.checked : c.value)),
    events: all("ol.events").map((list) => list.children.length),
    passesHidden: all("article.pass").map((article) => article.hidden),
    more: all("button.more-events").map((b) => b.hidden + ":" + b.textContent),
    rows: all("table.sortable").map(shownRows),
    sort: all("th[aria-sort]").map((th) => th.dataset.key + ":" + th.getAttribute("aria-sort")),
    notes: all(".print-note").map((note) => note.textContent),
    notesShown: all(".print-note").filter((note) => note.offsetParent !== null).length,
    details: document.getElementById("details").textContent,
    selected: window.trtreport.selected(),
    drawn: window.trtreport.visibleNodeIds(),
  };
}"""
"""What a reader of the page sees and has set: open sections, controls, drawn events and rows,
sorting, print notes, the details panel and the graph's selection."""


def test_print_is_bounded_and_puts_the_page_back(browser: Any, tmp_path: Path) -> None:
    """Printing opens short sections, keeps a long closed table closed and draws at most 50
    events per pass (unless "Show all" was pressed), saying what it left out; afterprint puts
    back every open section, drawn list and table as the reader had them."""
    report = make_report(400)
    opened = open_report(browser, report, tmp_path / "print.html")
    page = opened.page
    try:
        section = {
            name: int(number)
            for name, number in page.evaluate(
                "Array.from(document.querySelectorAll('article.pass'), "
                "a => [a.querySelector('.pass-name').firstChild.textContent.trim(), a.dataset.pass])"
            )
        }
        counts = {name: 0 for name in section}
        for traced in report.pass_events:
            counts[traced.event.pass_name] += 1
        big, expanded = section["QuantizeDoubleInputNodes"], section["ConstQDQInitializersFusion"]
        assert counts["QuantizeDoubleInputNodes"] > 50 and counts["ConstQDQInitializersFusion"] > 50
        # The reader's state: a selection, a toggle, a filtered and sorted table, an expanded
        # pass, a finding's explanation closed.
        page.evaluate("window.trtreport.click('L3')")
        page.check("#toggle-reformats")
        page.fill("#fates-filter", "conv")
        page.wait_for_function(
            "() => document.querySelector('.table-status[data-table=fates-table]')"
            ".textContent.includes(' of ')"
        )
        page.click('#fates-table th[data-key="line"] button')
        page.click(f'button.more-events[data-pass="{expanded}"]')
        page.evaluate("document.querySelector('details.why[open]').open = false")
        before = page.evaluate(PAGE_STATE)
        assert before["notesShown"] == 0

        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        events = 'ol.events[data-pass="{}"] li'
        assert page.locator(events.format(big)).count() == 50
        rest = counts["QuantizeDoubleInputNodes"] - 50
        note = page.locator(f'p.print-note[data-pass="{big}"]')
        assert note.text_content() == f"{rest} more events in the interactive view"
        assert note.is_visible()
        assert page.locator(events.format(expanded)).count() == counts["ConstQDQInitializersFusion"]
        assert not page.locator(f'p.print-note[data-pass="{expanded}"]').is_visible()
        # 400 layers: the closed table stays closed, and says so.
        assert not page.evaluate("document.querySelector('details[data-table=layers-table]').open")
        layers_note = page.locator('p.print-note[data-table="layers-table"]')
        assert layers_note.is_visible()
        assert layers_note.text_content().startswith("Not printed: the 400 rows")
        # 255 autotuned layers: short enough to open, and drawn although never opened before.
        tuned = sum(1 for layer in report.layers if layer.autotune)
        assert tuned <= 300
        assert page.locator("#tactics-table tbody tr").count() == tuned
        assert page.is_visible("#tactics-table tbody tr >> nth=0")
        fates = page.locator("#fates-table tbody tr").count()
        assert 0 < fates < len(report.node_fates)
        assert page.text_content('p.print-note[data-table="fates-table"]') == (
            f"Printed below: the {fates} of {len(report.node_fates)} rows that match the "
            "filter “conv”."
        )
        assert page.evaluate(
            "Array.from(document.querySelectorAll('details.why')).every(d => d.open)"
        )
        assert page.is_visible("#details .node-name")
        during = page.evaluate(PAGE_STATE)
        assert during["open"] != before["open"] and during["events"] != before["events"]

        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")
        assert page.evaluate(PAGE_STATE) == before
        assert_clean(opened)
    finally:
        page.close()


def test_sort_buttons_answer_space_and_enter(opened: OpenedPage, report: Report) -> None:
    """Column headers hold real buttons: Space and Enter sort, and aria-sort follows."""
    page = opened.page
    time_th = '#layers-table th[data-key="time"]'
    name_th = '#layers-table th[data-key="name"]'
    assert page.locator(f"{time_th} > button").count() == 1
    assert page.get_attribute(time_th, "tabindex") is None

    def names() -> list[str]:
        return page.locator("#layers-table tbody td.name").all_text_contents()

    order = list(enumerate(report.layers))
    untimed = [layer.name for _, layer in order if layer.time_ms is None]
    timed = [(layer.time_ms, i, layer.name) for i, layer in order if layer.time_ms is not None]
    assert names() == [layer.name for layer in report.layers]
    page.focus(f"{time_th} > button")
    page.keyboard.press("Space")
    slowest_first = [name for _, _, name in sorted(timed, key=lambda t: (-t[0], t[1]))]
    assert names() == slowest_first + untimed
    assert page.get_attribute(time_th, "aria-sort") == "descending"
    page.keyboard.press("Enter")
    assert names() == [name for _, _, name in sorted(timed)] + untimed
    assert page.get_attribute(time_th, "aria-sort") == "ascending"
    page.focus(f"{name_th} > button")
    page.keyboard.press("Space")
    assert names() == [
        layer.name for _, layer in sorted(order, key=lambda p: (p[1].name.lower(), p[0]))
    ]
    assert page.get_attribute(name_th, "aria-sort") == "ascending"
    assert page.get_attribute(time_th, "aria-sort") is None
    assert_clean(opened)


def test_only_a_status_line_is_announced(opened: OpenedPage, report: Report) -> None:
    """The details panel is not a live region; a one-line status says what was selected."""
    page = opened.page
    live = page.evaluate("Array.from(document.querySelectorAll('[aria-live]'), e => e.id)")
    assert "details-status" in live and "details" not in live
    flagged = [lid for finding in report.findings for lid in finding.layer_ids]

    def status_of(layer: EngineLayer) -> str:
        """The status line the page should announce for ``layer``."""
        precision = layer.precision
        if layer.input_precision != precision or layer.output_precision != precision:
            precision += f" ({layer.input_precision} in, {layer.output_precision} out)"
        # The layer file's names, else the ONNX nodes traced into the layer.
        traced = [f for f in report.node_fates if f.layer_id == layer.id and f.fate == "layer"]
        nodes = len(layer.onnx_nodes or traced)
        name = layer.name if len(layer.name) <= 100 else layer.name[:99] + "…"
        text = f"Selected layer {name}: {precision}, {nodes} fused ONNX node"
        text += "" if nodes == 1 else "s"
        findings = flagged.count(layer.id)
        if findings:
            text += f", {findings} finding{'' if findings == 1 else 's'}"
        return text

    with_nodes = next(layer for layer in report.layers if layer.onnx_nodes)
    in_finding = next(layer for layer in report.layers if layer.id in flagged)
    for layer in (with_nodes, in_finding):
        page.evaluate("id => window.trtreport.click(id)", layer.id)
        expected = status_of(layer)
        assert page.text_content("#details-status") == expected
        assert len(page.text_content("#details")) > 3 * len(expected)
    binding = report.bindings[0]
    page.evaluate("id => window.trtreport.click(id)", f"in:{binding.name}")
    shape = "x".join(str(d) for d in binding.shape)
    assert page.text_content("#details-status") == (
        f"Selected input binding {binding.name}: {binding.dtype} {shape}"
    )
    assert_clean(opened)


def test_layers_table_is_filled_and_links_to_the_graph(opened: OpenedPage, report: Report) -> None:
    """The layers table has a row per layer; clicking a name selects that node."""
    rows = opened.page.locator("#layers-table tbody tr")
    assert rows.count() == len(report.layers)
    opened.page.click(f'#layers-table a[data-node="{report.layers[7].id}"]')
    assert opened.page.evaluate("window.trtreport.selected()") == [report.layers[7].id]
    # Sorting by time puts the slowest layer first; filtering narrows the rows.
    opened.page.click('#layers-table th[data-key="time"]')
    first = opened.page.text_content("#layers-table tbody tr:first-child td.name")
    slowest = max(report.layers, key=lambda layer: (layer.time_ms or 0, -layer.index))
    assert first == slowest.name
    opened.page.fill("#layers-filter", "Softmax")
    opened.page.wait_for_function(
        "() => document.querySelectorAll('#layers-table tbody tr').length < 10"
    )
    expected = sum("softmax" in layer.name.lower() for layer in report.layers)
    assert rows.count() == expected
    assert_clean(opened)


def test_hostile_names_do_not_run(browser: Any, tmp_path: Path) -> None:
    """Injection strings in every name stay text: nothing sets ``window.__pwned``."""
    report = hostile_report()
    opened = open_report(browser, report, tmp_path / "hostile.html")
    page = opened.page
    try:
        for layer in report.layers[:5]:
            page.evaluate("id => window.trtreport.click(id)", layer.id)
        page.evaluate("window.trtreport.search('pwned')")
        page.hover("#graph-canvas")
        page.wait_for_timeout(200)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert opened.page_errors == []
        assert opened.requests == [opened.url]
        assert report.header.title.startswith(page.text_content("h1")[:11])
        assert "{{7*7}}" in page.text_content("h1")
        details = page.text_content("#details")
        assert "<img src=x onerror=window.__pwned=1>" in details
    finally:
        page.close()


def test_events_with_index_zero_values_load(browser: Any, tmp_path: Path) -> None:
    """An event whose trailing values are all ``0``/``""`` (first kind, empty subject, no
    layer) and a fate of the first op and fate do not break the page."""
    base = make_report(10)
    first = PassEvent(5, "ConvReluFusion", "running", (), "", "Running: ConvReluFusion on ")
    events = (TracedEvent(first, ""), *base.pass_events)
    fates = (*base.node_fates, NodeFate(node="", op_type=base.node_fates[0].op_type, fate="layer"))
    report = replace(base, pass_events=events, node_fates=fates)
    path = tmp_path / "zero.html"
    path.write_text(render_html(report), encoding="utf-8", newline="\n")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert errors == []
        assert page.evaluate("typeof window.trtreport") == "object"
        page.wait_for_function("() => window.trtreport.firstDrawMs() !== null", timeout=15_000)
        assert "Running: ConvReluFusion on" in page.text_content("body")
    finally:
        page.close()


def test_search_finds_onnx_nodes(opened: OpenedPage, report: Report) -> None:
    """An ONNX node's name selects the engine layer it was fused into."""
    layer = next(layer for layer in report.layers if layer.onnx_nodes)
    node = layer.onnx_nodes[-1]
    assert opened.page.evaluate("name => window.trtreport.search(name)", node) >= 1
    assert layer.id in opened.page.evaluate("window.trtreport.selected()")
    assert opened.page.text_content("#details .node-name") == layer.name
    assert_clean(opened)


def test_details_show_passes_with_links(opened: OpenedPage, report: Report) -> None:
    """The details panel lists the passes that shaped a layer, linked to their sections."""
    layer = next(layer for layer in report.layers if len(layer.pass_events) >= 2)
    opened.page.evaluate("id => window.trtreport.click(id)", layer.id)
    links = opened.page.locator("#details a.pass-link")
    names = {report.pass_events[i].event.pass_name for i in layer.pass_events}
    assert sorted(links.all_text_contents()) == sorted(names)
    href = links.first.get_attribute("href")
    assert href and href.startswith("#pass-")
    assert opened.page.locator(href).count() == 1
    links.first.click()
    assert opened.page.evaluate("location.hash") == href
    details = opened.page.text_content("#details")
    assert "ONNX nodes fused into it" in details and layer.onnx_nodes[0] in details
    assert "Autotuning" in details
    assert_clean(opened)


def test_pass_event_link_focuses_its_layer(opened: OpenedPage, report: Report) -> None:
    """Clicking an event's layer link selects that layer in the graph and shows it."""
    traced = report.pass_events[3]
    link = opened.page.locator('ol.events[data-pass="0"] li').nth(3).locator("a[data-node]")
    assert link.get_attribute("data-node") == traced.layer_id
    link.click()
    assert opened.page.evaluate("window.trtreport.selected()") == [traced.layer_id]
    name = next(layer.name for layer in report.layers if layer.id == traced.layer_id)
    assert opened.page.text_content("#details .node-name") == name
    # "Show all" draws every event of the pass; the filter narrows them across passes.
    more = opened.page.locator('button.more-events[data-pass="1"]')
    more.click()
    count = sum(1 for t in report.pass_events if t.event.pass_name == "QuantizeDoubleInputNodes")
    assert opened.page.locator('ol.events[data-pass="1"] li').count() == count
    opened.page.fill("#event-filter", "Eliminating concatenation")
    opened.page.wait_for_function(
        "() => document.getElementById('event-filter-status').textContent.includes('match')"
    )
    shown = opened.page.locator("article.pass:not([hidden]) ol.events li").count()
    assert shown == sum(
        1 for t in report.pass_events if "Eliminating concatenation" in t.event.text
    )
    assert_clean(opened)


def test_finding_highlight_selects_its_layers(opened: OpenedPage, report: Report) -> None:
    """A finding's "Show in graph" selects exactly its layers."""
    opened.page.click('button[data-finding="1"]')
    selected = opened.page.evaluate("window.trtreport.selected()")
    assert sorted(selected) == sorted(report.findings[1].layer_ids)
    assert_clean(opened)


def _visible(opened: OpenedPage) -> list[str]:
    """Ids of the nodes currently drawn."""
    return list(opened.page.evaluate("window.trtreport.visibleNodeIds()"))


def test_toggles_change_what_is_drawn(opened: OpenedPage, report: Report) -> None:
    """Hiding Reformats/constants hides exactly those; color by type recolors; Myelin collapses."""
    everything = _visible(opened)
    assert len(everything) == len(report.layers) + len(report.bindings)
    reformats = {layer.id for layer in report.layers if layer.role == "reformat"}
    constants = {layer.id for layer in report.layers if layer.role == "constant"}
    opened.page.check("#toggle-reformats")
    assert set(everything) - set(_visible(opened)) == reformats
    # Bypass edges keep the graph connected across the hidden Reformats.
    assert opened.page.evaluate("window.trtreport.visibleEdgeCount()") > 0
    opened.page.check("#toggle-constants")
    assert set(everything) - set(_visible(opened)) == reformats | constants
    opened.page.uncheck("#toggle-reformats")
    opened.page.uncheck("#toggle-constants")
    assert _visible(opened) == everything

    conv = next(layer for layer in report.layers if layer.layer_type == "CaskConvolution")
    before = opened.page.evaluate("id => window.trtreport.nodeColor(id)", conv.id)
    opened.page.select_option("#graph-view", "type")
    after = opened.page.evaluate("id => window.trtreport.nodeColor(id)", conv.id)
    assert before.upper() == "#009E73" and after.upper() == "#332288"
    assert "Convolution" in opened.page.evaluate("id => window.trtreport.nodeLabel(id)", conv.id)
    assert opened.page.is_visible("#legend-type") and not opened.page.is_visible(
        "#legend-precision"
    )
    opened.page.select_option("#graph-view", "precision")

    myelin = {layer.id for layer in report.layers if layer.role == "myelin"}
    opened.page.check("#toggle-myelin")
    drawn = set(_visible(opened))
    regions = [i for i in drawn if i.startswith("g:")]
    assert not drawn & myelin and len(regions) == 1
    assert opened.page.evaluate("id => window.trtreport.groupInfo(id).kind", regions[0]) == "myelin"
    assert len(drawn) == len(everything) - len(myelin) + 1
    opened.page.uncheck("#toggle-myelin")
    assert _visible(opened) == everything
    assert_clean(opened)


def test_neighbourhood_focus(opened: OpenedPage, report: Report) -> None:
    """Focusing with 1 hop leaves exactly the node and its neighbours drawn."""
    layer = report.layers[6]
    near = {layer.id}
    for edge in report.edges:
        if edge.source == layer.id:
            near.add(edge.target)
        if edge.target == layer.id:
            near.add(edge.source)
    opened.page.evaluate("id => window.trtreport.click(id)", layer.id)
    opened.page.fill("#focus-hops", "1")
    opened.page.click("#focus-go")
    assert set(_visible(opened)) == near
    assert opened.page.is_visible("#focus-bar")
    opened.page.click("#focus-clear")
    assert len(_visible(opened)) == len(report.layers) + len(report.bindings)
    assert_clean(opened)


def test_search_keeps_the_users_view(opened: OpenedPage, report: Report) -> None:
    """Typing selects only drawn matches and counts hidden ones; toggles and focus stay as set;
    Enter shows the hidden matches; a node id matches only as a whole."""
    page = opened.page
    reformat = next(layer for layer in report.layers if layer.role == "reformat")
    page.check("#toggle-reformats")
    hidden_before = set(_visible(opened))
    page.fill("#graph-search", reformat.name)
    page.wait_for_function(
        "() => /match/.test(document.getElementById('search-status').textContent)"
    )
    status = page.text_content("#search-status")
    assert "hidden" in status, status
    assert page.is_checked("#toggle-reformats")
    assert set(_visible(opened)) == hidden_before
    assert reformat.id not in page.evaluate("window.trtreport.selected()")
    assert set(page.evaluate("window.trtreport.selected()")) <= hidden_before
    # A neighbourhood focus is kept as well.
    page.uncheck("#toggle-reformats")
    layer = report.layers[6]
    assert page.evaluate("([id, hops]) => window.trtreport.focus(id, hops)", [layer.id, 1])
    focused = set(_visible(opened))
    far = report.layers[-1]
    assert far.id not in focused
    assert page.evaluate("name => window.trtreport.search(name)", far.name) >= 1
    assert page.evaluate("window.trtreport.hiddenMatches()") >= 1
    assert set(_visible(opened)) == focused
    # Enter is the explicit request: the hidden match is drawn and selected.
    page.fill("#graph-search", far.name)
    page.wait_for_function("name => window.trtreport.hiddenMatches() > 0", arg=far.name)
    page.press("#graph-search", "Enter")
    assert far.id in page.evaluate("window.trtreport.selected()")
    assert far.id in _visible(opened)
    page.evaluate("window.trtreport.clearFocus()")
    # Ids: "l2" finds L2 only, not L20, L21...
    assert page.evaluate("window.trtreport.search('l2')") == 1
    assert page.evaluate("window.trtreport.selected()") == ["L2"]
    assert_clean(opened)


def test_event_filter_says_when_it_caps(browser: Any, tmp_path: Path) -> None:
    """A filter matching more than 100 events of a pass says how many of them are shown."""
    base = make_report(10)
    many = tuple(
        TracedEvent(PassEvent(5000 + i, "BigPass", "other", (), "", f"needle number {i}"), "")
        for i in range(150)
    )
    opened = open_report(
        browser, replace(base, pass_events=(*base.pass_events, *many)), tmp_path / "cap.html"
    )
    page = opened.page
    try:
        page.fill("#event-filter", "needle")
        page.wait_for_function(
            "() => document.getElementById('event-filter-status').textContent.includes('match')"
        )
        status = page.text_content("#event-filter-status")
        assert "150 events in 1 pass match" in status
        assert "100 of 150 shown" in status
        button = page.locator("button.more-events:visible")
        assert button.count() == 1
        assert "100 of 150 matching events shown" in button.text_content()
        button.click()
        assert page.locator("ol.events li:visible").count() == 150
        assert opened.page_errors == []
    finally:
        page.close()


@pytest.mark.parametrize("n_layers", [1000, 5000])
def test_large_graph_load_time(browser: Any, tmp_path: Path, n_layers: int) -> None:
    """Large engines open, draw and answer a search (times printed with ``-s``; no limit)."""
    report = make_report(n_layers)
    opened = open_report(browser, report, tmp_path / f"r{n_layers}.html")
    try:
        page = opened.page
        first_draw_ms = page.evaluate("window.trtreport.firstDrawMs()")
        interactive_ms = page.evaluate("window.trtreport.interactiveMs()")
        start = time.perf_counter()
        target = report.layers[n_layers // 2]
        found = page.evaluate("name => window.trtreport.search(name)", target.name)
        search_s = time.perf_counter() - start
        print(
            f"\n{n_layers} layers: interactive {interactive_ms / 1000:.2f} s, first draw "
            f"{first_draw_ms / 1000:.2f} s after navigation start, {opened.load_to_draw_s:.2f} s "
            f"wall; a search took {search_s * 1000:.0f} ms"
        )
        assert found >= 1 and target.id in page.evaluate("window.trtreport.selected()")
        assert page.evaluate("window.trtreport.nodeCount()") == n_layers
        assert_clean(opened)
    finally:
        opened.page.close()


def test_labels_on_screen_are_distinct(opened: OpenedPage, report: Report) -> None:
    """Every drawn node's label (first line) differs from every other's, and keeps enough of
    the name to tell it: the distinguishing module, not only the operator."""
    page = opened.page
    labels = [
        page.evaluate("id => window.trtreport.nodeLabel(id)", node_id).split("\n")[0]
        for node_id in _visible(opened)
    ]
    assert len(labels) == len(set(labels)), sorted(labels)
    cv1 = next(layer for layer in report.layers if layer.name.startswith("/model.3/m.0/cv1/"))
    assert "m.0/cv1" in page.evaluate("id => window.trtreport.nodeLabel(id)", cv1.id)


def test_onnx_node_search_lands_on_the_computing_layer(browser: Any, tmp_path: Path) -> None:
    """A Conv that holds the next Conv's input Q (named after that Conv) does not win a search
    for the next Conv's name: the layer computing the node does."""
    base = make_report(40)
    layers = list(base.layers)
    holder, target = layers[3], layers[7]
    q_name = "/model.4/conv/input_quantizer/QuantizeLinear"
    layers[3] = replace(
        holder, name=f"{holder.name} + {q_name}", onnx_nodes=(*holder.onnx_nodes, q_name)
    )
    opened = open_report(browser, replace(base, layers=tuple(layers)), tmp_path / "q.html")
    try:
        page = opened.page
        assert page.evaluate("window.trtreport.search('/model.4/conv')") >= 2
        assert page.evaluate("window.trtreport.selected()") == [target.id]
        assert page.evaluate("window.trtreport.results()")[:2] == [target.id, holder.id]
        # The result list and next/previous walk the matches.
        assert page.locator("#search-results button.result").count() >= 2
        page.click("#search-next")
        assert page.evaluate("window.trtreport.selected()") == [holder.id]
        page.click("#search-prev")
        assert page.evaluate("window.trtreport.selected()") == [target.id]
        # Precision, type, kernel and tactic find layers too.
        fp16 = [layer.id for layer in base.layers if layer.precision == "FP16"]
        assert page.evaluate("window.trtreport.search('FP16')") >= len(fp16)
        kernel = next(layer.kernel for layer in base.layers if layer.kernel)
        assert page.evaluate("k => window.trtreport.search(k)", kernel) >= 1
        tactic = next(layer for layer in base.layers if layer.tactic)
        assert page.evaluate("t => window.trtreport.search(t)", tactic.tactic) >= 1
        assert tactic.id in page.evaluate("window.trtreport.results()")
        assert_clean(opened)
    finally:
        page.close()


def test_legend_highlights_exactly_one_precision(opened: OpenedPage, report: Report) -> None:
    """Clicking a legend entry marks exactly the layers of that precision; again clears it."""
    page = opened.page
    fp16 = sorted(layer.id for layer in report.layers if layer.precision == "FP16")
    page.click('#legend-precision button[data-value="FP16"]')
    assert page.evaluate("window.trtreport.highlighted()") == fp16
    dimmed = set(page.evaluate("window.trtreport.dimmed()"))
    assert dimmed == set(_visible(opened)) - set(fp16)
    assert (
        page.get_attribute('#legend-precision button[data-value="FP16"]', "aria-pressed") == "true"
    )
    page.click('#legend-precision button[data-value="FP16"]')
    assert page.evaluate("window.trtreport.highlighted()") == []
    assert page.evaluate("window.trtreport.dimmed()") == []
    assert_clean(opened)


def test_time_view_and_focus_layout(opened: OpenedPage, report: Report) -> None:
    """The time-share view recolors by share; a focus lays its neighbourhood out compactly."""
    page = opened.page
    assert page.evaluate("window.trtreport.view('time')")
    assert page.is_visible("#legend-time")
    slowest = max(report.layers, key=lambda layer: layer.time_ms or 0)
    assert "%" in page.evaluate("id => window.trtreport.nodeLabel(id)", slowest.id)
    page.evaluate("window.trtreport.view('precision')")
    page.evaluate("id => window.trtreport.click(id)", slowest.id)
    assert page.locator("#details .time-bar").count() == 1
    layer = report.layers[20]
    page.evaluate("([id, hops]) => window.trtreport.focus(id, hops)", [layer.id, 2])
    ids = _visible(opened)
    points = [page.evaluate("id => window.trtreport.nodePosition(id)", i) for i in ids]
    box = opened.page.locator("#graph-canvas").bounding_box()
    assert all(0 <= p["x"] <= box["width"] and 0 <= p["y"] <= box["height"] for p in points)
    page.evaluate("window.trtreport.clearFocus()")
    assert_clean(opened)


def test_large_engine_opens_on_groups_and_expands(browser: Any, tmp_path: Path) -> None:
    """A 1,000-layer engine opens on its groups (readable, not every layer); a click on a
    group opens it in place, a search opens what holds its match, expand all shows all."""
    report = make_report(1000)
    opened = open_report(browser, report, tmp_path / "big.html")
    page = opened.page
    try:
        drawn = _visible(opened)
        groups = [i for i in drawn if i.startswith("g:")]
        assert groups and len(drawn) <= 80
        info = page.evaluate("id => window.trtreport.groupInfo(id)", groups[0])
        assert info["count"] >= 2 and not info["open"]
        assert page.evaluate("id => window.trtreport.expand(id)", groups[0])
        after = _visible(opened)
        assert groups[0] not in after and len(after) > len(drawn) - 1
        target = report.layers[777]
        assert page.evaluate("name => window.trtreport.search(name)", target.name) >= 1
        assert page.evaluate("window.trtreport.selected()") == [target.id]
        assert target.id in _visible(opened)
        crumbs = page.locator("#graph-crumbs button.crumb").all_text_contents()
        assert crumbs[0] == "Engine" and len(crumbs) >= 2
        assert page.evaluate("window.trtreport.expandAll()") == len(report.layers) + len(
            report.bindings
        )
        assert page.evaluate("window.trtreport.overview()") == len(drawn)
        assert_clean(opened)
    finally:
        page.close()


def test_changes_view_marks_changed_nodes(browser: Any, tmp_path: Path) -> None:
    """Nodes given a change status get a Changes view whose legend highlights them; without
    statuses the view is not offered."""
    from trtreport.model import BaselineInfo, Comparison, LayerChange, LayerRef, UnpairedLayer

    plain_report = make_report(40)
    added, moved = plain_report.layers[2], plain_report.layers[5]
    was = "FP32" if moved.precision != "FP32" else "FP16"
    comparison = Comparison(
        baseline=BaselineInfo("base", "", "log"),
        deltas=(),
        layers_added=(UnpairedLayer(LayerRef(added.id, added.name, added.layer_type, "INT8")),),
        layers_changed=(
            LayerChange(
                LayerRef(moved.id, moved.name, moved.layer_type, was),
                LayerRef(moved.id, moved.name, moved.layer_type, moved.precision),
                "onnx",
                (f"precision {was} → {moved.precision}",),
            ),
        ),
    )
    report = replace(plain_report, comparison=comparison)
    path = tmp_path / "changes.html"
    path.write_text(render_html(report), encoding="utf-8", newline="\n")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => window.trtreport && window.trtreport.firstDrawMs() !== null")
        assert page.evaluate("window.trtreport.view('changes')")
        assert "added" in page.evaluate("id => window.trtreport.nodeLabel(id)", report.layers[2].id)
        page.click('#legend-changes button[data-value="precision"]')
        assert page.evaluate("window.trtreport.highlighted()") == [report.layers[5].id]
    finally:
        page.close()
    plain = tmp_path / "plain.html"
    plain.write_text(render_html(plain_report), encoding="utf-8", newline="\n")
    page = browser.new_page()
    try:
        page.goto(plain.as_uri())
        page.wait_for_function("() => window.trtreport && window.trtreport.firstDrawMs() !== null")
        assert page.locator('#graph-view option[value="changes"]').count() == 0
        assert not page.evaluate("window.trtreport.view('changes')")
    finally:
        page.close()


def test_tables_are_paged(browser: Any, tmp_path: Path) -> None:
    """A long table draws one page of rows; sorting and filtering work on all of them."""
    report = make_report(400)
    opened = open_report(browser, report, tmp_path / "paged.html")
    page = opened.page
    try:
        assert page.evaluate("window.trtreport.openTable('layers-table')") == 100
        assert page.is_visible('.pager[data-table="layers-table"]')
        page.click('.pager[data-table="layers-table"] .pager-next')
        first = page.text_content("#layers-table tbody tr td.num")
        assert first == "100"
        matched = page.evaluate("window.trtreport.filterTable('layers-table', 'FP16')")
        assert 0 < matched < len(report.layers)
        assert page.text_content('.table-status[data-table="layers-table"]').startswith(
            f"{matched} of {len(report.layers)} rows"
        )
        assert_clean(opened)
    finally:
        page.close()
