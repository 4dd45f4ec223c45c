"""Opening a Myelin region in the engine graph into its ONNX nodes (headless Chromium): the
nodes drawn, the tensors that cross its boundary, search inside it, closing it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from regionlog import region_log
from test_browser import CHROMIUM, CHROMIUM_ARGS, assert_clean, open_report
from test_provenance_graph import LOG
from test_provenance_graph import report as small_report
from trtreport.join import build_report
from trtreport.logparse import parse_build_log
from trtreport.render.graph import PALETTE

pytestmark = [pytest.mark.browser]

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Any:
    """One headless Chromium for the module (skipped without it)."""
    if CHROMIUM is None or shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is absent")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def inner_ids(page: Any) -> list[str]:
    """The ONNX nodes of regions drawn now."""
    return [i for i in page.evaluate("window.trtreport.visibleNodeIds()") if i.startswith("o:")]


def test_region_opens_from_its_details_and_closes(browser: Any, tmp_path: Path) -> None:
    rep = small_report()
    region = next(layer for layer in rep.layers if layer.role == "myelin")
    opened = open_report(browser, rep, tmp_path / "r.html")
    page = opened.page
    page.evaluate("id => window.trtreport.click(id)", region.id)
    button = page.locator("#details #region-toggle")
    assert "its 3 ONNX nodes" in button.inner_text()
    button.click()
    info = page.evaluate("id => window.trtreport.regionInfo(id)", region.id)
    # /head/Mul, /head/Sigmoid, /head/Unsqueeze_2; the Constant is counted, not drawn.
    assert (info["open"], info["shown"], info["constants"], info["inner"]) == (True, 3, 1, 2)
    assert region.id not in page.evaluate("window.trtreport.visibleNodeIds()")
    labels = [page.evaluate("id => window.trtreport.nodeLabel(id)", i) for i in inner_ids(page)]
    assert sorted(labels) == [
        "head/Mul\nMul",
        "head/Sigmoid\nSigmoid",
        "head/Unsqueeze_2\nUnsqueeze",
    ]
    # Inside a region the nodes take the color of the precision the region runs in.
    colors = {page.evaluate("id => window.trtreport.nodeColor(id)", i) for i in inner_ids(page)}
    assert colors == {PALETTE[region.precision].background}
    # The conv layer writing relu_a feeds /head/Mul; /head/Unsqueeze_2 writes the output.
    conv = next(layer.id for layer in rep.layers if "Conv_a" in layer.name)
    boundary = {(a, b) for a, b, _ in info["boundary"]}
    names = {i: page.evaluate("id => window.trtreport.nodeLabel(id)", i) for i in inner_ids(page)}
    by_label = {label.split("\n")[0]: i for i, label in names.items()}
    assert boundary == {(conv, by_label["head/Mul"]), (by_label["head/Unsqueeze_2"], "out:out")}
    assert all(exact for _, _, exact in info["boundary"])
    # Search lands on the node itself, with its own details.
    assert page.evaluate("window.trtreport.search('/head/Sigmoid', true)") == 1
    assert page.evaluate("window.trtreport.selected()") == [by_label["head/Sigmoid"]]
    details = page.inner_text("#details")
    assert "/head/Sigmoid" in details and "Sigmoid" in details and region.name in details
    page.locator("#details #region-toggle").click()
    assert inner_ids(page) == []
    assert region.id in page.evaluate("window.trtreport.visibleNodeIds()")
    # The fates table links a node inside a region to its place in the opened region.
    page.evaluate("window.trtreport.openTable('fates-table')")
    assert page.evaluate("window.trtreport.filterTable('fates-table', '/head/Sigmoid')") == 1
    page.locator("#fates-table a.node-link", has_text="show it inside the region").click()
    assert page.evaluate("window.trtreport.selected()") == [by_label["head/Sigmoid"]]
    assert_clean(opened)


def test_search_opens_a_closed_region_for_a_node_inside(browser: Any, tmp_path: Path) -> None:
    rep = small_report()
    region = next(layer for layer in rep.layers if layer.role == "myelin")
    opened = open_report(browser, rep, tmp_path / "r.html")
    page = opened.page
    assert page.evaluate("window.trtreport.search('/head/Sigmoid', true)") == 1
    selected = page.evaluate("window.trtreport.selected()")
    assert len(selected) == 1 and selected[0].startswith("o:")
    assert page.evaluate("id => window.trtreport.regionInfo(id).open", region.id)
    # A click on the region node opens it too, as a click opens a group.
    page.evaluate("id => window.trtreport.closeRegion(id)", region.id)
    assert inner_ids(page) == []
    page.locator("#graph-canvas").scroll_into_view_if_needed()
    point = page.evaluate("id => window.trtreport.nodePosition(id)", region.id)
    box = page.locator("#graph-canvas canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert len(inner_ids(page)) == 3
    # A click on the open region's title bar closes it, as for a group. Rows are 84 canvas
    # units apart and the first row's centre is 76 below the frame's top.
    first, second = (
        page.evaluate("id => window.trtreport.nodePosition(id)", i)
        for i in sorted(inner_ids(page))[:2]
    )
    scale = (second["y"] - first["y"]) / 84
    page.mouse.click(box["x"] + first["x"], box["y"] + first["y"] - 56 * scale)
    assert inner_ids(page) == []
    assert region.id in page.evaluate("window.trtreport.visibleNodeIds()")
    assert_clean(opened)


def test_a_transformer_region_of_a_thousand_nodes(browser: Any, tmp_path: Path) -> None:
    rep = build_report(parse_build_log(region_log(30, 20), "t.log"))
    (region,) = rep.regions
    opened = open_report(browser, rep, tmp_path / "t.html")
    page = opened.page
    assert page.evaluate("id => window.trtreport.openRegion(id)", region.layer_id)
    info = page.evaluate("id => window.trtreport.regionInfo(id)", region.layer_id)
    # 20 blocks of 54 nodes, 11 of them Constant: 860 drawn, joined by 1,037 tensors.
    assert (info["total"], info["constants"], info["shown"], info["capped"]) == (
        1080,
        220,
        860,
        False,
    )
    assert info["inner"] == 1037
    # In: the last conv feeds the first layer norm (mean and difference) and the residual Add;
    # out: the last Add feeds the Softmax layer.
    before = rep.layers[29].id
    after = rep.layers[31].id
    sources = sorted(a for a, _, _ in info["boundary"])
    targets = sorted(b for _, b, _ in info["boundary"])
    assert sources.count(before) == 3 and targets.count(after) == 1
    assert len(info["boundary"]) == 4
    assert page.evaluate("window.trtreport.search('/encoder/layer.7/mlp/act/Erf', true)") == 1
    (hit,) = page.evaluate("window.trtreport.selected()")
    assert page.evaluate("id => window.trtreport.nodeLabel(id)", hit) == "layer.7/mlp/act/Erf\nErf"
    # The region's last node, named in the region's own name, is found first (the Softmax
    # layer reading its output tensor second).
    assert page.evaluate("window.trtreport.search('/encoder/layer.19/Add_1', true)") == 2
    (last,) = page.evaluate("window.trtreport.selected()")
    assert (
        page.evaluate("id => window.trtreport.nodeLabel(id)", last) == "encoder/layer.19/Add_1\nAdd"
    )
    assert page.evaluate("id => window.trtreport.closeRegion(id)", region.layer_id)
    assert inner_ids(page) == []
    assert_clean(opened)


def test_names_inside_a_region_stay_text(browser: Any, tmp_path: Path) -> None:
    """An ONNX node name that is markup is drawn, titled and detailed as text."""
    hostile = "/head/<svg/onload=window.__pwned=1>"
    lines = [line.replace("/head/Sigmoid", hostile) for line in LOG]
    rep = build_report(parse_build_log(lines, "m.log"))
    region = next(layer for layer in rep.layers if layer.role == "myelin")
    opened = open_report(browser, rep, tmp_path / "h.html")
    page = opened.page
    assert page.evaluate("id => window.trtreport.openRegion(id)", region.id)
    labels = [page.evaluate("id => window.trtreport.nodeLabel(id)", i) for i in inner_ids(page)]
    assert "onload=window.__pwned=1>\nSigmoid" in labels
    assert page.evaluate(f"window.trtreport.search({hostile!r}, true)") == 1
    assert hostile in page.inner_text("#details")
    assert page.evaluate("window.__pwned") is None
    assert_clean(opened)
