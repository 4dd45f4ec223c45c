"""The pass annotations: every pass the real logs name has one, and every file is well formed.

The corpus test greps the logs with the same patterns a person would use
(``Running: <Pass>``, ``<Pass>: Fusing``, the generic phrases and the QDQ phase headers), so a
pass that appears in a new corpus file without an annotation fails here.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from trtreport.passes import PHASE_SLUGS, annotation_source, annotation_title, known_passes

SECTION_HEADINGS = (
    "## What it does",
    "## When it fires",
    "## What it means for a Q/DQ network",
    "## When it does not fire as hoped",
)

RUNNING = re.compile(r"Running: ([A-Za-z0-9_]+)")
FUSING = re.compile(r"(?:\]|VERBOSE:) ([A-Za-z0-9_]+): (?:Fusing|fusing) ")
QDQ_HEADER = re.compile(r"(QDQ graph optimizer[^\r\n]*?|QDQ optimization pass)\s*$")
GENERIC_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\] Merging layers: "), "Merging layers"),
    (re.compile(r"\] Eliminating slice "), "Eliminating slice"),
    (re.compile(r"\] Eliminating concatenation "), "Eliminating concatenation"),
    (re.compile(r"\] Retargeting \S"), "Retargeting"),
    (re.compile(r"\] Generating copy for "), "Generating copy"),
    (re.compile(r"\] Swap the layer type of "), "Swap the layer type"),
    (re.compile(r"\] Eliminating \S.* which duplicates "), "Eliminating duplicate"),
    (re.compile(r"\] Removing \S"), "Removing"),
    (re.compile(r"\] Convert layer type of "), "Convert layer type"),
    (re.compile(r"\] Swapping \S.* with \S"), "Swapping"),
)


def _annotation_files() -> list[str]:
    """Names of the Markdown files shipped in ``trtreport.passes``."""
    return sorted(
        entry.name
        for entry in resources.files("trtreport.passes").iterdir()
        if entry.name.endswith(".md")
    )


def _read_text(path: Path) -> str:
    """A corpus file as text: UTF-16 when it has a BOM, else UTF-8 with stray bytes replaced."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def _logged_pass_names(folders: list[Path]) -> dict[str, str]:
    """Every pass name or generic phrase found in the files of ``folders`` -> one file naming it."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path.suffix == ".json":
                continue
            for line in _read_text(path).splitlines():
                names = [m.group(1) for m in RUNNING.finditer(line)]
                names += [m.group(1) for m in FUSING.finditer(line)]
                header = QDQ_HEADER.search(line)
                if header:
                    names.append(header.group(1))
                names += [phrase for pattern, phrase in GENERIC_PHRASES if pattern.search(line)]
                for name in names:
                    found.setdefault(name, path.name)
    return found


@pytest.mark.corpus
def test_every_pass_in_the_corpus_has_an_annotation(corpus_dir: Path) -> None:
    folders = [corpus_dir]
    seed = corpus_dir.parent / "seed"
    if seed.is_dir():
        folders.append(seed)
    found = _logged_pass_names(folders)
    # Guards against a pattern that silently stops matching anything.
    assert {"ConstQDQInitializersFusion", "QuantizeDoubleInputNodes", "ConvReluFusion"} <= set(
        found
    )
    assert "QDQ graph optimizer backward pass" in found
    assert "Swap the layer type" in found
    missing = {name: where for name, where in found.items() if annotation_source(name) is None}
    assert not missing, f"passes without an annotation (name -> a file naming it): {missing}"


def test_the_seed_walkthrough_phrases_have_annotations() -> None:
    for phrase in (
        "Merging layers",
        "Eliminating slice",
        "Eliminating concatenation",
        "Retargeting",
        "Generating copy",
        "QDQ graph optimizer quantization epilogue pass",
        "QDQ optimization pass",
        "QDQ graph optimizer constant fold dangling QDQ pass",
        "SplitQAcrossPrecedingFanIn",
        "PointWiseFusion",
        "EltwiseAddToPwn",
    ):
        assert annotation_source(phrase) is not None, phrase


def test_there_are_annotation_files_and_known_passes_lists_them() -> None:
    files = _annotation_files()
    assert len(files) >= 40
    assert known_passes() == tuple(sorted(name.removesuffix(".md") for name in files))
    assert list(known_passes()) == sorted(known_passes())


@pytest.mark.parametrize("filename", _annotation_files())
def test_annotation_file_is_well_formed(filename: str) -> None:
    text = resources.files("trtreport.passes").joinpath(filename).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 2
    for heading in SECTION_HEADINGS:
        assert heading in lines, f"{filename} lacks {heading!r}"
    positions = [lines.index(heading) for heading in SECTION_HEADINGS]
    assert positions == sorted(positions), f"{filename}: sections out of order"
    assert 8 <= len(lines) <= 30, f"{filename} has {len(lines)} lines"
    assert text.endswith("\n") and not text.endswith("\n\n")


@pytest.mark.parametrize("filename", _annotation_files())
def test_annotation_has_no_raw_html_and_no_network_links(filename: str) -> None:
    text = resources.files("trtreport.passes").joinpath(filename).read_text(encoding="utf-8")
    assert re.search(r"<[A-Za-z/!?]", text) is None, f"{filename} contains raw HTML"
    assert "http://" not in text and "https://" not in text
    assert "www." not in text


@pytest.mark.parametrize("filename", _annotation_files())
def test_annotation_renders_with_js_default(filename: str) -> None:
    text = resources.files("trtreport.passes").joinpath(filename).read_text(encoding="utf-8")
    html = MarkdownIt("js-default").render(text)
    assert html.strip()
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == len(SECTION_HEADINGS)
    assert "href=" not in html  # linkify must not find anything to link


def test_annotation_source_finds_passes_and_phrases() -> None:
    source = annotation_source("QuantizeDoubleInputNodes")
    assert source is not None and source.startswith("# QuantizeDoubleInputNodes")
    assert annotation_source("Merging layers") == annotation_source("merging-layers")
    # Lenient phrase lookup: case, spacing and a trailing period do not matter.
    assert annotation_source(" qdq graph  optimizer backward pass. ") == annotation_source(
        "QDQ graph optimizer backward pass"
    )
    assert annotation_title("ConvReluFusion") == (
        "ConvReluFusion: apply the activation inside the Conv kernel"
    )


@pytest.mark.parametrize(
    "name",
    [
        "NoSuchFusion",
        "",
        "   ",
        "../__init__",
        "__init__",
        "passes/ConvReluFusion",
        "convrelufusion",
    ],
)
def test_unknown_names_have_no_annotation(name: str) -> None:
    assert annotation_source(name) is None
    assert annotation_title(name) is None


def test_phase_slugs_point_at_existing_files() -> None:
    known = set(known_passes())
    for phrase, slug in PHASE_SLUGS.items():
        assert slug in known, f"{phrase!r} -> {slug!r} has no file"
        assert annotation_source(phrase) is not None
    # Every slug-named file (lower case with dashes) is reachable from a logged phrase.
    slug_files = {name for name in known if name == name.lower()}
    assert slug_files == set(PHASE_SLUGS.values())


FORBIDDEN = re.compile(
    r"corpus|we have seen|we've seen|walkthrough|this project|ResNet-18 log|YOLOv8|in that log"
    r"|cookbook|held-out",
    re.IGNORECASE,
)
"""Words about where the annotations were learnt: a report speaks about TensorRT and the
user's build only."""


@pytest.mark.parametrize("filename", _annotation_files())
def test_annotation_speaks_about_tensorrt_not_about_its_sources(filename: str) -> None:
    text = resources.files("trtreport.passes").joinpath(filename).read_text(encoding="utf-8")
    assert not FORBIDDEN.search(text), f"{filename}: {FORBIDDEN.search(text)}"
    # A before/after example comes from the user's own log (the passes section shows it).
    assert "\nbefore:" not in text, filename


@pytest.mark.parametrize(
    "name",
    [
        "ConstCastFold",
        "ScaleScaleFusion",
        "ActivationToPointwiseConversion",
        "ConvPointWiseClipFusion",
        "SqueezePushDown",
    ],
)
def test_passes_described_publicly_are_annotated(name: str) -> None:
    assert annotation_source(name) is not None


def test_conv_eltwise_sum_fusion_tells_of_the_fp32_residual() -> None:
    """A log shows it fusing an FP32 residual into a Conv that reads INT8 and writes float."""
    text = annotation_source("ConvEltwiseSumFusion")
    assert text is not None
    assert "i8→f32" in text and "FP32" in text
    assert "For an INT8 Conv the residual must also be INT8" not in text


@pytest.mark.corpus
def test_every_pass_the_parser_names_in_the_corpus_is_annotated(corpus_dir: Path) -> None:
    from trtreport.errors import InputError
    from trtreport.logparse import parse_build_log
    from trtreport.textio import open_text_lines

    missing: dict[str, str] = {}
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix in (".json", ".md") or not path.is_file():
            continue
        with path.open("rb") as raw:
            try:
                log = parse_build_log(open_text_lines(raw, path.name), path.name)
            except InputError:  # not a log: no passes
                continue
        for build in log.builds:
            for event in build.pass_events:
                if event.pass_name and annotation_source(event.pass_name) is None:
                    missing.setdefault(event.pass_name, path.name)
    assert not missing, missing


def test_version_note_checks_the_remark_against_the_build() -> None:
    from trtreport.render.sections import version_note

    remark = "Printed by TensorRT 8.4 and 8.5 on every Concat followed by a Q."
    assert version_note(remark, "8.5.1") == ""
    assert version_note(remark, "10.14.1") == (
        "This build, TensorRT 10.14.1, printed it too; the note above names TensorRT 8.4 and 8.5."
    )
    assert version_note("Printed by TensorRT 8.x after X.", "8.6.0") == ""
    assert version_note("Printed by TensorRT 8.2 to 8.6.", "8.4.3") == ""
    assert version_note("No remark.", "8.4.3") == ""
    assert version_note(remark, "") == ""
