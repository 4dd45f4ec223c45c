"""What the page does with ONNX nodes and tensors: search inside Myelin regions, a node that no
layer holds, the region's nodes by op type and the subgraph drawing (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_browser import CHROMIUM, open_report
from test_provenance_graph import report

pytestmark = [pytest.mark.browser]

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Any:
    """One headless Chromium for the module (skipped without it)."""
    import shutil

    from test_browser import CHROMIUM_ARGS

    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is absent")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_search_by_onnx_node_and_tensor(browser: Any, tmp_path: Path) -> None:
    opened = open_report(browser, report(), tmp_path / "r.html")
    page = opened.page
    region = next(layer for layer in report().layers if layer.role == "myelin")
    # A node inside a Myelin region (the region's name gives only its two ends): the search
    # opens the region and lands on the node, whose details name the region.
    assert page.evaluate("window.trtreport.search('/head/Sigmoid', true)") == 1
    details = page.inner_text("#details")
    assert region.name in details and "/head/Sigmoid" in details
    # The region's own details list its nodes by op type.
    page.evaluate(f"window.trtreport.click({region.id!r})")
    details = page.inner_text("#details")
    assert "Inside the Myelin region, by op type" in details
    assert "Sigmoid × 1" in details
    # An ONNX tensor that no engine layer carries finds the layer holding its producer.
    assert page.evaluate("window.trtreport.search('sig', true)") >= 1
    # A node no layer holds: the status says what became of it.
    assert page.evaluate("window.trtreport.search('Concat_c', true)") == 0
    status = page.inner_text("#search-status")
    assert "Concat_c was removed by a pass" in status
    assert opened.page_errors == [] and opened.console_errors == []


def test_layer_details_draw_its_onnx_subgraph(browser: Any, tmp_path: Path) -> None:
    opened = open_report(browser, report(), tmp_path / "r.html")
    page = opened.page
    assert page.evaluate("window.trtreport.search('w + Q_w + Conv_a + Relu_a', true)") >= 1
    boxes = page.eval_on_selector_all(
        "#details svg.subgraph g text.sg-name", "e => e.map(t => t.textContent)"
    )
    assert {"DQ_in", "Q_w", "DQ_w", "Conv_a", "Relu_a"} <= set(boxes)
    details = page.inner_text("#details")
    assert "DQ_in — fused as an input quantizer" in details
    # The Q's INT8 output is drawn in the engine graph's INT8 color.
    colors = page.eval_on_selector_all(
        "#details svg.subgraph line", "e => e.map(l => l.getAttribute('stroke'))"
    )
    assert "#009E73" in colors
    assert opened.requests == [opened.url]
