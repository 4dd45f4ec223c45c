"""Every matching set of the corpus MANIFEST ("pair" column ``P-...``) joins completely.

For each set, each log (or, for sets without a log, nothing) is joined with each layer file and
each profile of the set. Names are compared independently here (exact, then with profile
suffixes and whitespace folded) to count the layers present on both sides; the join must match
all of them, and everything it leaves unmatched must be named with a reason. Concatenated
JSON runs must be refused with the concatenation message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from trtreport.errors import InputError
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import BuildLog, LayerFile, ParseStats, Profile, Report
from trtreport.profile import parse_profile, parse_times
from trtreport.textio import HashingReader, open_text_lines

pytestmark = pytest.mark.corpus


def matching_sets(corpus: Path) -> dict[str, list[tuple[str, str]]]:
    """``set id → [(file, kind)]`` from the MANIFEST table."""
    sets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in (corpus / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 10 or not (corpus / cells[1]).is_file():
            continue
        found = re.match(r"(P-[^:\s]+)", cells[8])
        if found:
            sets[found.group(1)].append((cells[1], cells[4]))
    return dict(sets)


def key(name: str) -> str:
    """The independent normalisation of this test: suffix dropped, whitespace folded."""
    return " ".join(re.sub(r"\s*\[profile \d+\]$", "", name).split())


def read_log(path: Path) -> BuildLog:
    """Parse a corpus log."""
    with path.open("rb") as handle:
        return parse_build_log(open_text_lines(HashingReader(handle), path.name), path.name)


def join_all(
    corpus: Path, log: str | None, layers: str | None, profile: str | None
) -> tuple[Report, LayerFile | None, Profile | None]:
    """Join one combination of a set's files."""
    parsed = read_log(corpus / log) if log else BuildLog("none", (), ParseStats())
    layer_file = (
        parse_layer_file((corpus / layers).read_text(encoding="utf-8"), layers) if layers else None
    )
    prof = (
        parse_profile((corpus / profile).read_text(encoding="utf-8"), profile) if profile else None
    )
    return build_report(parsed, layer_file, prof), layer_file, prof


def test_the_manifest_has_the_sets(corpus_dir: Path) -> None:
    assert len(matching_sets(corpus_dir)) >= 20


def test_every_set_joins_completely(corpus_dir: Path) -> None:
    checked = 0
    for set_id, files in sorted(matching_sets(corpus_dir).items()):
        logs = [f for f, kind in files if "log" in kind and "json" not in kind]
        layer_files = [f for f, kind in files if kind.startswith("layerinfo json")]
        profiles = [f for f, kind in files if kind.startswith("profile json")]
        times = [f for f, kind in files if kind.startswith("timing json")]
        for name in profiles + times:
            if "concat" in name:
                reader = parse_profile if name in profiles else parse_times
                with pytest.raises(InputError, match="concatenated JSON documents"):
                    reader((corpus_dir / name).read_text(encoding="utf-8"), name)
        profiles = [p for p in profiles if "concat" not in p]
        for name in [t for t in times if "concat" not in t]:
            assert parse_times((corpus_dir / name).read_text(encoding="utf-8"), name).iterations
        for log in logs or [None]:
            for layers in layer_files or [None]:
                for profile in profiles or [None]:
                    if layers is None and profile is None:
                        continue
                    report, layer_file, prof = join_all(corpus_dir, log, layers, profile)
                    where = f"{set_id}: {log} + {layers} + {profile}"
                    engine = {key(layer.name) for layer in report.layers}
                    unmatched = {(u.present_in, key(u.name)) for u in report.unmatched}
                    assert all(u.reason for u in report.unmatched), where
                    if layer_file is not None:
                        both = [r for r in layer_file.layers if key(r.name) in engine]
                        joined = [layer for layer in report.layers if "layers" in layer.sources]
                        assert len(joined) == len(layer_file.layers), where
                        assert len(both) == len(layer_file.layers), where
                    if prof is not None:
                        timed = {
                            key(layer.name) for layer in report.layers if layer.time_ms is not None
                        }
                        for entry in prof.entries:
                            name = key(entry.name)
                            grouped = any(
                                entry.name in layer.profiled_as for layer in report.layers
                            )
                            if name in engine:
                                assert name in timed or grouped, f"{where}: {entry.name}"
                            else:
                                assert ("profile", name) in unmatched or grouped, where
                    checked += 1
    assert checked >= 20
