"""Mutation fuzzing over the real corpus files (issue 17): nothing a user feeds breaks it.

Real logs and trtexec JSON exports from ``../shared/corpus`` (the smaller ones, so that the run
stays within its budget) are mutated on a fixed seed: figures replaced by thousands of digits or
by huge finite values, control characters, bidi overrides and lone surrogates spliced into
names, bytes flipped, lines cut, duplicated or dropped, JSON values swapped for values of other
types. Every mutant must give a report, the same bytes twice, or one
:class:`~trtreport.errors.InputError` of one line; a few go through the installed command,
which must exit 0, 1 or 2 with one line, no traceback and nothing left beside its output.

``TRTREPORT_FUZZ_MUTANTS`` (default 30 per file), ``TRTREPORT_FUZZ_SEED`` (default 17) and
``TRTREPORT_FUZZ_MAX_BYTES`` (default 160000, the largest file mutated)
run it longer or elsewhere: ``TRTREPORT_FUZZ_MUTANTS=2000 python -m pytest
tests/test_fuzz_corpus.py``.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS_DIR
from trtreport import to_json, to_markdown
from trtreport.analysis import analyse
from trtreport.errors import InputError
from trtreport.join import build_report
from trtreport.jsonload import load_json
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.profile import parse_profile, parse_times
from trtreport.render import render_html
from trtreport.textio import HashingReader, open_text_lines, read_text

pytestmark = [pytest.mark.fuzz, pytest.mark.corpus]

MUTANTS = int(os.environ.get("TRTREPORT_FUZZ_MUTANTS", "30"))
SEED = int(os.environ.get("TRTREPORT_FUZZ_SEED", "17"))
MAX_FILE_BYTES = int(os.environ.get("TRTREPORT_FUZZ_MAX_BYTES", "160000"))
"""Corpus files larger than this are left out (each mutant is parsed and rendered twice)."""

HOSTILE = [
    "9" * 5000,
    "-" + "1" * 400,
    "1e308",
    "1.7976931348623157e308",
    "\x1b]0;PWNED\x07",
    "\x1b[2J",
    "\u202eevil\u202c",
    "\x85\x9b",
    "\x00",
    "\ufeff",
    "</script><script>window.__pwned=1</script>",
    "\n",
    "\r",
    "[" * 50,
    " -> ",
    "(Float[1,3])",
    "\udcff",
]


def _corpus(kind: str) -> list[Path]:
    """The corpus files of one kind (``log`` or ``json``) small enough for the budget."""
    if not CORPUS_DIR.is_dir():
        return []
    files = []
    for path in sorted(CORPUS_DIR.iterdir()):
        if path.name == "MANIFEST.md" or not path.is_file():
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            continue
        head = path.read_bytes()[:64].lstrip()
        is_json = head[:1] in (b"[", b"{")
        if is_json == (kind == "json"):
            files.append(path)
    return files


def _mutate_text(text: str, rng: random.Random) -> str:
    """One to four mutations of a text file."""
    for _ in range(rng.randint(1, 4)):
        choice = rng.randrange(6)
        if choice == 0:  # a figure replaced by something hostile
            figures = list(re.finditer(r"\d+(?:\.\d+)?", text[:200_000]))
            if figures:
                found = rng.choice(figures)
                text = text[: found.start()] + rng.choice(HOSTILE) + text[found.end() :]
        elif choice == 1:  # something hostile spliced in
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(HOSTILE) + text[at:]
        elif choice == 2 and text:  # a cut
            text = text[: rng.randrange(len(text))]
        else:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if choice == 3:
                lines.insert(j, lines[i])
            elif choice == 4:
                del lines[i]
            else:
                lines[i] = lines[i] + rng.choice(HOSTILE) * rng.randint(1, 3)
            text = "\n".join(lines)
    return text


_VALUES: list[object] = [None, True, -1, 0, 10**39, 1.7e308, -1.7e308, "", "x", [], {}, "9" * 500]


def _mutate_json(document: object, rng: random.Random) -> object:
    """One value somewhere in ``document`` replaced by a value of another type or size."""
    if isinstance(document, list) and document and rng.random() < 0.8:
        i = rng.randrange(len(document))
        document[i] = _mutate_json(document[i], rng)
        return document
    if isinstance(document, dict) and document and rng.random() < 0.8:
        key = rng.choice(sorted(document))
        document[key] = _mutate_json(document[key], rng)
        return document
    return rng.choice([*_VALUES, rng.choice(HOSTILE)])


def _outputs(log: bytes | None, layers: str | None, profile: str | None, times: str | None) -> str:
    """Every output of a run on these inputs, concatenated (or an InputError)."""
    parsed = None
    if log is not None:
        parsed = parse_build_log(open_text_lines(HashingReader(io.BytesIO(log)), "f.log"), "f.log")
    layer_file = parse_layer_file(layers, "l.json") if layers is not None else None
    prof = parse_profile(profile, "p.json") if profile is not None else None
    iterations = parse_times(times, "t.json") if times is not None else None
    if parsed is None and layer_file is None:
        return ""
    report = analyse(build_report(parsed, layer_file, prof, times=iterations))
    return render_html(report) + to_json(report) + to_markdown(report)


def _survives(**inputs: object) -> None:
    """The same outputs twice, or one InputError of one line."""
    try:
        first = _outputs(**inputs)  # type: ignore[arg-type]
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert _outputs(**inputs) == first  # type: ignore[arg-type]


def _ids(paths: list[Path]) -> list[str]:
    return [path.name[:60] for path in paths]


LOGS = _corpus("log")
JSONS = _corpus("json")


@pytest.mark.parametrize("path", LOGS, ids=_ids(LOGS))
def test_mutated_corpus_logs(path: Path) -> None:
    rng = random.Random(f"{SEED}:{path.name}")
    text = path.read_bytes().decode("utf-8", "replace")
    for _ in range(MUTANTS):
        mutant = _mutate_text(text, rng).encode("utf-8", "surrogatepass")
        _survives(log=mutant, layers=None, profile=None, times=None)


@pytest.mark.parametrize("path", JSONS, ids=_ids(JSONS))
def test_mutated_corpus_json(path: Path) -> None:
    rng = random.Random(f"{SEED}:{path.name}")
    raw = read_text(HashingReader(io.BytesIO(path.read_bytes())), path.name)
    try:
        document = load_json(raw, path.name)
    except InputError:
        document = None
    for n in range(MUTANTS):
        if document is not None and n % 2 == 0:
            text = json.dumps(_mutate_json(json.loads(json.dumps(document)), rng))
        else:
            text = _mutate_text(raw, rng)
        for role in ("layers", "profile", "times"):
            inputs: dict[str, object] = {
                "log": None,
                "layers": None,
                "profile": None,
                "times": None,
            }
            inputs[role] = text
            if role != "layers":
                inputs["layers"] = (
                    raw if path.name.endswith(("layer_info.log", "graph.json")) else None
                )
                if inputs["layers"] is None:
                    inputs["log"] = b""
            _survives(**inputs)


def test_mutants_through_the_command(tmp_path: Path) -> None:
    """The installed command on a few mutants: exit 0, 1 or 2, one line, nothing left."""
    if not LOGS:
        pytest.skip(f"{CORPUS_DIR} is absent")
    rng = random.Random(SEED)
    for n in range(6):
        path = LOGS[n * 7 % len(LOGS)]
        run = tmp_path / f"run{n}"
        run.mkdir()
        (run / "in.log").write_bytes(
            _mutate_text(path.read_bytes().decode("utf-8", "replace"), rng).encode(
                "utf-8", "surrogatepass"
            )
        )
        result = subprocess.run(
            [sys.executable, "-m", "trtreport", "in.log", "-o", "r.html", "--json", "r.json"],
            cwd=run,
            capture_output=True,
            check=False,
        )
        stderr = result.stderr.decode("utf-8")
        assert result.returncode in (0, 1, 2), stderr
        assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
        left = sorted(p.name for p in run.iterdir())
        assert left == (["in.log", "r.html", "r.json"] if result.returncode == 0 else ["in.log"])
