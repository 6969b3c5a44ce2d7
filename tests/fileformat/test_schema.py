"""The committed JSON Schema is the one the pydantic models generate, and it ships."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

import pytest

from svx_desktop.fileformat import CURRENT_VERSION, json_schema_text
from svx_desktop.model import HEALTH_KEYS
from tests.fileformat.sample import sample_doc

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "resources" / "schema" / "svx.schema.json"
GOLDEN = Path(__file__).parent / "golden"


def test_committed_schema_has_not_drifted() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == json_schema_text(), (
        "resources/schema/svx.schema.json is out of date: run `make schema` and commit it"
    )


def test_schema_ships_as_a_package_resource() -> None:
    resource = importlib.resources.files("svx_desktop.resources") / "schema" / "svx.schema.json"
    assert resource.read_text(encoding="utf-8") == json_schema_text()


def test_schema_describes_version_3_with_its_limits() -> None:
    schema = json.loads(json_schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert f"v{CURRENT_VERSION}" in schema["$id"]
    assert schema["properties"]["format"]["const"] == "svx"
    assert schema["properties"]["version"]["const"] == 3
    assert set(schema["required"]) == {"format", "version", "organisation"}
    stakeholder = schema["$defs"]["StakeholderV1"]["properties"]
    assert stakeholder["name"]["maxLength"] == 10_000
    assert stakeholder["x"]["maximum"] == 1e7 and stakeholder["x"]["minimum"] == -1e7
    flow = schema["$defs"]["FlowV2"]["properties"]
    assert flow["importance"]["maximum"] == 5
    assert schema["$defs"]["StakeholderV1"]["additionalProperties"] is True


def test_schema_describes_the_version_2_ratings_and_dismissed_checks() -> None:
    schema = json.loads(json_schema_text())
    flow = schema["$defs"]["FlowV2"]["properties"]
    met = {v["type"]: v for v in flow["met_today"]["anyOf"]}
    assert tuple(met["string"]["enum"]) == HEALTH_KEYS
    assert flow["met_today"]["default"] is None and "null" in met
    dependence = {v["type"]: v for v in flow["dependence"]["anyOf"]}
    assert (dependence["integer"]["minimum"], dependence["integer"]["maximum"]) == (1, 5)
    assert flow["dependence"]["default"] is None
    dismissed = schema["$defs"]["MetaV2"]["properties"]["dismissed_checks"]
    assert dismissed["default"] == [] and dismissed["items"]["minLength"] == 1


@pytest.mark.parametrize(
    "path", sorted(GOLDEN.glob(f"v{CURRENT_VERSION}-*.svx")), ids=lambda p: p.name
)
def test_golden_files_validate_against_the_schema(path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="no JSON Schema validator installed")
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(path.read_bytes()))
    jsonschema.Draft202012Validator(schema).validate(sample_doc())
