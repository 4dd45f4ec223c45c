"""Measure opening a Myelin region into its ONNX nodes in the engine graph.

Usage::

    python benchmarks/bench_region.py [--layers 5000] [--blocks 20,50] [--repeat 3]

For each ``--blocks`` count it writes a log from ``tests/regionlog.py`` (``--layers``
convolutions, then one Myelin region of ``blocks`` transformer blocks, 54 ONNX nodes each,
11 of them Constant), renders the report and opens it from ``file://`` in headless Debian
Chromium, and records: the page's size, load → first draw and load → interactive, then
(median of ``--repeat``) opening the region (until the second animation frame after it, so
vis-network's redraw counts), closing it, and a search for an ONNX node inside it (which
opens the region and lands on the node). Nothing is asserted: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import regionlog  # noqa: E402
from trtreport.join import build_report  # noqa: E402
from trtreport.logparse import parse_build_log  # noqa: E402
from trtreport.render import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AFTER_REDRAW = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _timed(page: Any, script: str, arg: Any) -> float:
    """Milliseconds from calling ``script`` in the page to the second frame after it."""
    return float(
        page.evaluate(
            "([s, a]) => new Promise(res => { const t = performance.now(); (0, eval)(s)(a);"
            " requestAnimationFrame(() => requestAnimationFrame(() =>"
            " res(performance.now() - t))); })",
            [script, arg],
        )
    )


def measure(browser: Any, layers: int, blocks: int, folder: Path, repeat: int) -> dict[str, Any]:
    """One report: build, open, open/close the region, search inside it."""
    lines = regionlog.region_log(layers, blocks)
    start = time.perf_counter()
    report = build_report(parse_build_log(lines, "region.log"))
    html = render_html(report)
    build_s = time.perf_counter() - start
    path = folder / f"region_{layers}_{blocks}.html"
    path.write_text(html, encoding="utf-8", newline="\n")
    region = report.regions[0].layer_id
    inner = f"/encoder/layer.{blocks // 2}/attention/Softmax"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri())
    page.wait_for_function(
        "() => window.trtreport && window.trtreport.firstDrawMs() !== null", timeout=300_000
    )
    page.evaluate(AFTER_REDRAW)
    first = page.evaluate("window.trtreport.firstDrawMs()")
    ready = page.evaluate("window.trtreport.interactiveMs()")
    opens: list[float] = []
    closes: list[float] = []
    searches: list[float] = []
    # A page of a version that cannot open regions is only opened (a "before" run).
    can_open = page.evaluate("typeof window.trtreport.openRegion === 'function'")
    for _ in range(repeat if can_open else 0):
        opens.append(_timed(page, "id => window.trtreport.openRegion(id)", region))
        closes.append(_timed(page, "id => window.trtreport.closeRegion(id)", region))
        searches.append(_timed(page, "q => window.trtreport.search(q, true)", inner))
        page.evaluate("id => window.trtreport.closeRegion(id)", region)
    info = (
        page.evaluate("id => window.trtreport.regionInfo(id)", region)
        if can_open
        else {"total": len(report.regions[0].nodes), "drawn": 0}
    )
    page.close()
    return {
        "layers": len(report.layers),
        "nodes": info["total"],
        "drawn": info["drawn"],
        "size_mb": len(html.encode("utf-8")) / 1e6,
        "build_s": build_s,
        "first_s": first / 1000,
        "ready_s": ready / 1000,
        "open_ms": statistics.median(opens) if opens else float("nan"),
        "close_ms": statistics.median(closes) if closes else float("nan"),
        "search_ms": statistics.median(searches) if searches else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    """Print a table of the measurements."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--layers", type=int, default=5000)
    parser.add_argument("--blocks", default="20,50")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = args.out_dir or Path(tempfile.mkdtemp(prefix="trtreport-region-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for blocks in (int(b) for b in args.blocks.split(",")):
            rows.append(measure(browser, args.layers, blocks, folder, args.repeat))
        browser.close()
    print(f"Reports in {folder}\n")
    print(
        "| layers | region nodes | drawn | size | render | first draw | interactive "
        "| open region | close | search inside |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['layers']:,} | {r['nodes']:,} | {r['drawn']:,} | {r['size_mb']:.2f} MB "
            f"| {r['build_s']:.2f} s | {r['first_s']:.2f} s | {r['ready_s']:.2f} s "
            f"| {r['open_ms']:.0f} ms | {r['close_ms']:.0f} ms | {r['search_ms']:.0f} ms |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
