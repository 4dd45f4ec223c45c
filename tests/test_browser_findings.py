"""The Findings section in headless Chromium: the filter, the cards' parts and evidence, and
a large engine's findings fitting in a few screens.

Needs Debian's ``/usr/bin/chromium`` and the ``playwright`` Python package (never
``playwright install``); skipped when either is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_browser import CHROMIUM, CHROMIUM_ARGS
from trtreport.cli import load_report
from trtreport.render import render_html

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is absent"),
]

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def example_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The example's report, made as the CLI makes it (with the evidence lines), opened."""
    report = load_report(
        str(EXAMPLES / "qdq_resnet_small.log"),
        str(EXAMPLES / "qdq_resnet_small.layers.json"),
        str(EXAMPLES / "qdq_resnet_small.profile.json"),
        None,
    )
    path = tmp_path_factory.mktemp("findings") / "example.html"
    path.write_text(render_html(report), encoding="utf-8", newline="\n")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("#finding-filters")
    yield page
    assert errors == []
    page.close()


def visible_cards(page: Any) -> list[str]:
    """The ``data-rule`` of the cards shown."""
    return page.eval_on_selector_all(
        "ol.findings > li.finding",
        "cards => cards.filter(c => !c.hidden).map(c => c.dataset.rule)",
    )


def test_filter_by_severity_and_rule(example_page: Any) -> None:
    page = example_page
    everything = visible_cards(page)
    assert len(everything) >= 3
    page.uncheck("#finding-filters input[value=info]")
    assert all(rule in ("precision-island",) for rule in visible_cards(page))
    assert "of" in page.inner_text("#finding-filter-status")
    page.check("#finding-filters input[value=info]")
    page.select_option("#finding-filters select[name=rule]", "unfused-qdq")
    assert visible_cards(page) == ["unfused-qdq"]
    page.select_option("#finding-filters select[name=rule]", "")
    assert visible_cards(page) == everything
    assert page.inner_text("#finding-filter-status") == ""


def test_a_card_opens_its_parts_and_its_log_lines(example_page: Any) -> None:
    page = example_page
    card = page.query_selector("ol.findings > li.finding")
    assert card is not None
    parts = card.query_selector("details.parts")
    assert parts is not None and not parts.get_attribute("open")
    parts.query_selector("summary").click()
    assert parts.query_selector(".finding-part").is_visible()
    evidence = card.query_selector(":scope > .evidence details.log-evidence")
    assert evidence is not None
    evidence.query_selector("summary").click()
    cited = evidence.query_selector_all(".log-line.cited")
    assert cited
    for line in cited:
        number = line.query_selector(".ln").inner_text()
        assert number.isdigit()
        assert line.inner_text().removeprefix(number).strip()


def test_findings_fit_in_a_few_screens(example_page: Any) -> None:
    """Closed, the cards of the example take less than three 1000-px screens."""
    height = example_page.eval_on_selector("#findings", "s => s.getBoundingClientRect().height")
    assert height < 3000
