"""The JSON Schema shipped for the ``--json`` model: current, valid draft 2020-12, and true of
every model the corpus and the examples give (comparisons included), and documented.

Regenerate the shipped schema after a change to the model with::

    TRTREPORT_REGEN_GOLDEN=1 python -m pytest tests/test_schema.py

(the same as ``python -m trtreport.schema > src/trtreport/model.schema.json``).
"""

from __future__ import annotations

import json
import os
import re
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from trtreport.compare import compare_reports
from trtreport.model import BaselineInfo
from trtreport.render.jsonmodel import report_to_json
from trtreport.schema import model_schema, schema_text

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "src" / "trtreport" / "model.schema.json"
DOCS = REPO / "docs" / "model-schema.md"
REGENERATE = os.environ.get("TRTREPORT_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """A validator of the schema the installed package ships."""
    schema = json.loads((files("trtreport") / "model.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_schema_is_the_models_own() -> None:
    if REGENERATE:
        SHIPPED.write_text(schema_text(), encoding="utf-8", newline="\n")
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "the model changed: regenerate the schema (see this module's docstring)"
    )


def errors(validator: jsonschema.Draft202012Validator, document: str) -> list[str]:
    """The schema's complaints about one ``--json`` document."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator.iter_errors(json.loads(document))
    ]


def test_the_schema_catches_a_wrong_model(validator: jsonschema.Draft202012Validator) -> None:
    from reportfactory import make_report

    document = json.loads(report_to_json(make_report(10)))
    document["layers"][0]["precision"] = 8
    del document["header"]["title"]
    document["schema_version"] = 1
    found = {e.validator for e in validator.iter_errors(document)}
    assert found == {"type", "required", "const"}


def test_examples_and_generated_reports_validate(
    validator: jsonschema.Draft202012Validator,
) -> None:
    from reportfactory import failed_report, hostile_report, make_report
    from test_compare import synthetic

    base, new = synthetic(5), synthetic(-1)
    comparison = compare_reports(base, new, BaselineInfo("base", "8.5.10", "log"))
    from dataclasses import replace

    for report in (
        make_report(30),
        hostile_report(),
        failed_report(),
        base,
        replace(new, comparison=comparison),
    ):
        assert errors(validator, report_to_json(report)) == []


@pytest.mark.corpus
def test_every_corpus_model_validates(
    corpus_dir: Path, validator: jsonschema.Draft202012Validator
) -> None:
    from test_compare import corpus_report
    from test_corpus_reports import corpus_logs

    failures = {}
    for path in corpus_logs(corpus_dir):
        found = errors(validator, report_to_json(corpus_report(path)))
        if found:
            failures[path.name] = found[:3]
    assert failures == {}


def test_docs_describe_every_top_level_and_comparison_key() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    schema = model_schema()
    assert f"schema version {schema['properties']['schema_version']['const']}" in docs
    prose = re.sub(r"^```.*?^```", "", docs, flags=re.S | re.M)
    spans = re.findall(r"`([^`]+)`", prose)
    documented = {word for span in spans for word in re.findall(r"[a-z_0-9]+", span)}
    missing = set(schema["properties"]) - documented
    for name in ("Comparison", "Delta", "LayerChange", "PrecisionChange", "UnpairedLayer"):
        missing |= set(schema["$defs"][name]["properties"]) - documented
    assert missing == set()
