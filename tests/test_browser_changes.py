"""The "Changes since the baseline" section in headless Chromium: it opens offline without
errors, comes first, and its button selects exactly the layers that changed in the graph.

Needs Chromium and the ``playwright`` package, like ``test_browser.py``; skipped without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from browsers import ARGS, INSTALL_HINT, find_chromium
from test_compare import INFO, synthetic
from trtreport.compare import compare_reports
from trtreport.render import render_html
from trtreport.render.changes import graph_status

CHROMIUM = find_chromium()
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=INSTALL_HINT)]


@pytest.fixture(scope="module")
def page(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Any, list[str], dict[str, str]]]:
    """The comparison report of the example pair, open; (page, errors and requests, status)."""
    base, new = synthetic(5), synthetic(-1)
    report = replace(new, comparison=compare_reports(base, new, INFO))
    assert report.comparison is not None
    path = tmp_path_factory.mktemp("changes") / "changes.html"
    path.write_text(render_html(report), encoding="utf-8", newline="\n")
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        opened = chromium.new_page(viewport={"width": 1400, "height": 1000})
        opened.on("pageerror", lambda error: problems.append(f"error: {error}"))
        opened.on(
            "console",
            lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        opened.on(
            "request",
            lambda r: (
                problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None
            ),
        )
        opened.goto(path.as_uri())
        opened.wait_for_function(
            "() => window.trtreport && window.trtreport.firstDrawMs() !== null", timeout=60_000
        )
        yield opened, problems, graph_status(report.comparison)
        chromium.close()


def test_changes_come_first_and_open_cleanly(page: tuple[Any, list[str], dict[str, str]]) -> None:
    opened, problems, _ = page
    assert problems == []
    ids = opened.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
    assert ids[0] == "changes"
    assert opened.inner_text("nav.toc a[href='#changes']").startswith("Changes")
    rows = opened.eval_on_selector_all(
        "#changes .delta-table tbody tr", "rows => rows.map(r => r.innerText)"
    )
    assert any(row.startswith("Compute layers in INT8") and "better" in row.lower() for row in rows)


def test_the_button_shows_the_graph_by_change(page: tuple[Any, list[str], dict[str, str]]) -> None:
    opened, problems, status = page
    assert opened.evaluate("window.trtreport.view()") == "precision"
    opened.click("button[data-changes]")
    assert opened.evaluate("window.trtreport.view()") == "changes"
    # The changed layers are opened out of their groups and selected.
    assert sorted(opened.evaluate("window.trtreport.selected()")) == sorted(status)
    for how in ("precision", "changed"):
        expected = sorted(i for i, kind in status.items() if kind == how)
        opened.evaluate(
            "([kind, value]) => window.trtreport.highlight(kind, value)", ["change", how]
        )
        assert sorted(opened.evaluate("window.trtreport.highlighted()")) == expected and expected
    assert "tuned" not in status.values()
    assert problems == []


def test_a_precision_change_links_to_its_layer(page: tuple[Any, list[str], dict[str, str]]) -> None:
    opened, _, status = page
    link = opened.query_selector("#changes a.layer-ref[data-node]")
    target = link.get_attribute("data-node")
    link.click()
    assert opened.evaluate("window.trtreport.selected()") == [target]
    assert status[target] == "precision"
    # The details panel says what changed since the baseline.
    assert "Since the baseline" in opened.inner_text("#details")
    assert "precision FP16 → INT8" in opened.inner_text("#details")
