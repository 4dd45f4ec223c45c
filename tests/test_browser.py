"""Open rendered reports in headless Chromium: offline, error-free, interactive, not injectable.

Needs Debian's ``/usr/bin/chromium`` and the ``playwright`` Python package (never
``playwright install``); skipped when either is missing.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from reportfactory import hostile_report, make_report
from trtreport.model import Report
from trtreport.render import render_html

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is absent"),
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


def test_layers_table_is_filled_and_links_to_the_graph(opened: OpenedPage, report: Report) -> None:
    """The layers table has a row per layer; clicking a name selects that node."""
    rows = opened.page.locator("#layers-table tbody tr")
    assert rows.count() == len(report.layers)
    opened.page.click(f'#layers-table a[data-node="{report.layers[7].id}"]')
    assert opened.page.evaluate("window.trtreport.selected()") == [report.layers[7].id]


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


@pytest.mark.parametrize("n_layers", [1000, 5000])
def test_large_graph_load_time(browser: Any, tmp_path: Path, n_layers: int) -> None:
    """Measure load-to-first-draw for large engines (printed with ``-s``; no limit asserted)."""
    opened = open_report(browser, make_report(n_layers), tmp_path / f"r{n_layers}.html")
    try:
        first_draw_ms = opened.page.evaluate("window.trtreport.firstDrawMs()")
        print(
            f"\n{n_layers} layers: first draw {first_draw_ms / 1000:.2f} s after navigation "
            f"start, {opened.load_to_draw_s:.2f} s wall"
        )
        assert opened.page.evaluate("window.trtreport.nodeCount()") == n_layers
        assert opened.page_errors == []
    finally:
        opened.page.close()
