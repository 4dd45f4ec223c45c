"""Plain-language annotations of TensorRT optimization passes, one Markdown file per pass.

A pass that TensorRT names in its verbose log (``Running: QuantizeDoubleInputNodes on Conv_9``,
``ConvReluFusion: Fusing A with B``) has a file named exactly like it, e.g.
``QuantizeDoubleInputNodes.md``. Generic phases that name no pass (``Merging layers: A || B``,
``Eliminating concatenation X``, the ``QDQ graph optimizer ...`` headers) have a file with a
stable slug name, e.g. ``merging-layers.md``; :data:`PHASE_SLUGS` maps the logged phrase to it.

Every file starts with a ``# Title`` line followed by four sections: *What it does*, *When it
fires*, *What it means for a Q/DQ network* and *When it does not fire as hoped*. The files are
package data, read with :mod:`importlib.resources` so that they work from an installed wheel.
This module only returns the Markdown source; the render stage turns it into HTML (with
markdown-it-py's ``js-default`` preset, which escapes raw HTML).
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["PHASE_SLUGS", "annotation_source", "annotation_title", "known_passes"]

_SUFFIX = ".md"

PHASE_SLUGS: dict[str, str] = {
    # Generic graph-optimizer events, keyed by the words the log line starts with.
    "Merging layers": "merging-layers",
    "Eliminating slice": "eliminating-slice",
    "Replacing slice": "replacing-slice",
    "Eliminating concatenation": "eliminating-concatenation",
    "Retargeting": "retargeting",
    "Generating copy": "stomping-hazard-copy",
    "Stomping hazard": "stomping-hazard-copy",
    "Swap the layer type": "swap-layer-type",
    "Eliminating duplicate": "duplicate-elimination",
    "Which duplicates": "duplicate-elimination",
    "Removing": "removing",
    "Convert layer type": "convert-layer-type",
    "Swapping": "swapping",
    # QDQ graph optimizer phase headers, as logged by TensorRT 8.4 to 10.x, and short forms.
    "QDQ graph optimizer - constant folding of Q/DQ initializers": "qdq-constant-folding",
    "QDQ graph optimizer constant folding of Q/DQ initializers": "qdq-constant-folding",
    "QDQ graph optimizer forward pass - DQ motions and fusions": "qdq-forward-pass",
    "QDQ graph optimizer forward pass": "qdq-forward-pass",
    "QDQ graph optimizer backward pass": "qdq-backward-pass",
    "QDQ graph optimizer quantization pass - Generate quantized ops": "qdq-quantization-pass",
    "QDQ graph optimizer quantization pass": "qdq-quantization-pass",
    "QDQ graph optimizer quantization epilogue pass": "qdq-quantization-epilogue",
    "QDQ optimization pass": "qdq-optimization-pass",
    "QDQ graph optimizer constant fold dangling QDQ pass": "qdq-dangling-constant-fold",
}
"""A logged generic phrase or phase header (as :class:`~trtreport.model.PassEvent` names it in
``pass_name``) -> the slug of its annotation file. Looked up exactly first, then ignoring case,
surrounding spaces and a trailing ``.`` or ``:``."""


def _fold(phrase: str) -> str:
    """Normalise a phrase for the lenient lookup: one space between words, no case, no final
    ``.``/``:``."""
    return " ".join(phrase.split()).rstrip(".:").strip().casefold()


_FOLDED_SLUGS: dict[str, str] = {_fold(phrase): slug for phrase, slug in PHASE_SLUGS.items()}


@functools.lru_cache(maxsize=1)
def _annotated_names() -> frozenset[str]:
    """The stems of all Markdown files shipped in this package."""
    names: set[str] = set()
    for entry in resources.files(__name__).iterdir():
        if entry.is_file() and entry.name.endswith(_SUFFIX):
            names.add(entry.name[: -len(_SUFFIX)])
    return frozenset(names)


def known_passes() -> tuple[str, ...]:
    """Sorted names of every annotated pass: logged pass names and the slugs of generic phases."""
    return tuple(sorted(_annotated_names()))


def _resolve(pass_name: str) -> str | None:
    """The file stem annotating ``pass_name``, or ``None``.

    Only names of files that exist are ever returned, so a hostile name from a log (``../x``)
    can never reach the file system.
    """
    names = _annotated_names()
    name = pass_name.strip()
    if name in names:
        return name
    slug = PHASE_SLUGS.get(name) or _FOLDED_SLUGS.get(_fold(name))
    if slug is not None and slug in names:
        return slug
    return None


@functools.lru_cache(maxsize=512)
def annotation_source(pass_name: str) -> str | None:
    """The Markdown annotation of a pass as logged (``ConvReluFusion``, ``Merging layers``, a
    ``QDQ graph optimizer ...`` header), or ``None`` when the pass has no annotation."""
    stem = _resolve(pass_name)
    if stem is None:
        return None
    return resources.files(__name__).joinpath(stem + _SUFFIX).read_text(encoding="utf-8")


def annotation_title(pass_name: str) -> str | None:
    """The title of a pass's annotation (its ``# Title`` line without the ``#``), or ``None``."""
    source = annotation_source(pass_name)
    if source is None:
        return None
    first_line = source.split("\n", 1)[0]
    return first_line.removeprefix("#").strip() or None
