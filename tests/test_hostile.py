"""A log and a layer file full of hostile names, through the real CLI, into Chromium.

Layer, tensor, ONNX node, kernel and file names, the command line, options, warnings and
layer-file strings carry script-injection payloads. The report must show them as text
everywhere, run none of them (a ``window.__pwned`` sentinel stays undefined, even after the
page is searched and clicked through), and send no request.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from browsers import ARGS, INSTALL_HINT, find_chromium
from trtreport.cli import main

SCRIPT = "</script><script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
SVG = '"><svg onload=window.__pwned=3>'
JS_URL = "javascript:window.__pwned=4"
TEMPLATE = "{{7*7}}${window.__pwned=5}`x`"
BIDI = "\u202eevil\u202c"

CONV = f"w + QuantizeLinear_2 + Conv_{SCRIPT}"
POOL = f"Pool_{IMG}"
OUT_TENSOR = f"t_{SVG}"

LOG = f"""\
&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx={JS_URL}.onnx --int8 --verbose {TEMPLATE}
[03/04/2025-09:00:00] [I] === Model Options ===
[03/04/2025-09:00:00] [I] Model: {IMG}.onnx
[03/04/2025-09:00:00] [I] === Device Information ===
[03/04/2025-09:00:00] [I] Selected Device: GPU {SVG}
[03/04/2025-09:00:00] [I] TensorRT version: 8.6.1
[03/04/2025-09:00:01] [V] [TRT] Parsing node: Conv_{SCRIPT} [Conv]
[03/04/2025-09:00:01] [V] [TRT] Parsing node: {POOL} [MaxPool]
[03/04/2025-09:00:01] [W] [TRT] Missing scale and zero-point for tensor {OUT_TENSOR}, expect fall back to non-int8 implementation for any layer consuming or producing given tensor
[03/04/2025-09:00:01] [V] [TRT] Original: 5 layers
[03/04/2025-09:00:01] [V] [TRT] Running: ConstWeightsQuantizeFusion on w
[03/04/2025-09:00:01] [V] [TRT] ConstWeightsQuantizeFusion: Fusing w with QuantizeLinear_2
[03/04/2025-09:00:01] [V] [TRT] Running: {TEMPLATE}Fusion on {POOL}
[03/04/2025-09:00:02] [V] [TRT] Engine Layer Information:
Layer(Reformat): QuantizeLinear_0, Tactic: 0x0000000000000000, x{BIDI} (Float[1,3,8,8]) -> q (Int8[1,3,8,8])
Layer(CaskConvolution): {CONV}, Tactic: 0x00000000000004d2, q (Int8[1,3,8,8]) -> c (Int8[1,8:32,8,8])
Layer(CaskPooling): {POOL}, Tactic: 0x0000000000000001, c (Int8[1,8:32,8,8]) -> {OUT_TENSOR} (Float[1,8,4,4])
[03/04/2025-09:00:02] [I] Created input binding for x{BIDI} with dimensions 1x3x8x8
[03/04/2025-09:00:02] [I] Created output binding for {OUT_TENSOR} with dimensions 1x8x4x4
&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx={JS_URL}.onnx
"""

LAYERS = {
    "Layers": [
        {
            "Name": CONV,
            "LayerType": "CaskConvolution",
            "Inputs": [
                {
                    "Name": "q",
                    "Location": "Device",
                    "Dimensions": [1, 3, 8, 8],
                    "Format/Datatype": f"Row major Int8 format {IMG}",
                }
            ],
            "Outputs": [
                {
                    "Name": "c",
                    "Location": "Device",
                    "Dimensions": [1, 8, 8, 8],
                    "Format/Datatype": "Thirty-two wide channel vectorized row major Int8 format",
                }
            ],
            "ParameterType": f"Convolution {TEMPLATE}",
            "TacticName": f"sm80_kernel_{SVG}",
            "TacticValue": "0x00000000000004d2",
            "Metadata": f"[ONNX Layer: Conv_{SCRIPT}]\u001e[ONNX Layer: {JS_URL}]",
        }
    ],
    "Bindings": [f"x{BIDI}", OUT_TENSOR],
}


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The CLI's report of the hostile log and layer file."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "build.log").write_text(LOG, encoding="utf-8")
    (folder / "layers.json").write_text(json.dumps(LAYERS), encoding="utf-8")
    out = folder / "report.html"
    result = CliRunner().invoke(
        main,
        [
            str(folder / "build.log"),
            "--layers",
            str(folder / "layers.json"),
            "-o",
            str(out),
            "--title",
            f"Title {SCRIPT}{IMG}",
        ],
    )
    assert result.exit_code == 0, result.output
    return out, out.read_text(encoding="utf-8")


def test_the_hostile_names_reached_the_report(hostile_page: tuple[Path, str]) -> None:
    """Guard: the payloads are in the page's data, so the other tests test something."""
    _, html = hostile_page
    assert "w + QuantizeLinear_2 + Conv_" in html
    assert "window.__pwned=1" in html  # present, but escaped (next test)


def test_no_payload_survives_unescaped(hostile_page: tuple[Path, str]) -> None:
    _, html = hostile_page
    for payload in (SCRIPT, IMG, SVG, "<svg onload", "<img src=x"):
        assert payload not in html
    assert "{{7*7}}" in html  # never evaluated as a template expression
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert script_elements(html) == 3  # the data, vis-network, the page script: none injected


class _Scripts(HTMLParser):
    """Count ``<script>`` elements as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.count += 1


def script_elements(html: str) -> int:
    """How many script elements the page has."""
    parser = _Scripts()
    parser.feed(html)
    return parser.count


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason=INSTALL_HINT)
def test_nothing_runs_in_the_browser(hostile_page: tuple[Path, str]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    path, _ = hostile_page
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(),
            args=ARGS,
        )
        page = browser.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => window.trtreport && window.trtreport.firstDrawMs() !== null", timeout=30_000
        )
        # Use the page: search for the hostile names, click every layer, open every section.
        for query in ("Conv_", "Pool_", "t_"):
            page.evaluate("(q) => window.trtreport.search(q)", query)
        for layer_id in ("L0", "L1", "L2"):
            page.evaluate("(id) => window.trtreport.click(id)", layer_id)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        page.wait_for_timeout(300)
        pwned = page.evaluate("() => window.__pwned")
        body_text = page.evaluate("() => document.body.innerText")
        browser.close()
    assert pwned is None
    assert errors == []
    assert requests == [path.as_uri()]
    # Shown as text, where a reader can see what the model holds.
    assert "window.__pwned=1" in body_text
    assert "onerror=" in body_text
    assert "{{7*7}}" in body_text
