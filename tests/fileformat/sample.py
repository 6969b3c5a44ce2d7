"""A small map and helpers to damage its file in one precise place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from svx_desktop.fileformat import SvxLoadError, dumps, load
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)

NAME = "bank.svx"


def sample_map() -> ValueMap:
    """Five stakeholders s0..s4 (s3 at x=103.5), flows f0..f5, notes n0 and n1."""
    vmap = ValueMap(Organisation("org", "Bank", "", (0.0, 0.0)))
    vmap.add_category(Category("press", "Press", "#332288"))
    for i, category in enumerate(["customer", "owner", "regulator", "press", "employee"]):
        vmap.add_stakeholder(
            Stakeholder(f"Stakeholder {i}", f"s{i}", category, (100.5 + i, -50.25 - i))
        )
    for i, sid in enumerate(["s0", "s0", "s1", "s2", "s3", "s4"]):
        direction = Direction.PROVIDES if i % 2 == 0 else Direction.EXPECTS
        vmap.add_flow(Flow(sid, direction, f"Flow {i}", f"f{i}", ValueKind.MONEY, 1 + i % 5))
    vmap.add_note(Note("first note", "n0", (10.0, 20.0)))
    vmap.add_note(Note("second note", "n1", (30.0, 40.0)))
    return vmap


def sample_bytes() -> bytes:
    return dumps(sample_map())


def sample_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sample_bytes())
    return doc


def encode(doc: Any) -> bytes:
    return json.dumps(doc, indent=1, ensure_ascii=False).encode("utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line holding ``needle``."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    assert len(hits) == 1, hits
    return hits[0]


def replace_in_line(needle: str, old: str, new: str) -> tuple[bytes, int]:
    """The sample file with ``old`` replaced by ``new`` on the line holding ``needle``."""
    lines = sample_bytes().decode().split("\n")
    number = line_of("\n".join(lines), needle)
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "\n".join(lines).encode(), number


def refused(tmp_path: Path, data: bytes, place: str = "", name: str = NAME) -> SvxLoadError:
    """Write ``data`` to a file, load it, and check the refusal names the file and place."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SvxLoadError) as info:
        load(path)
    error = info.value
    message = str(error)
    assert message.startswith(f"{name}: "), message
    if place:
        assert message.startswith(f"{name}: {place}"), message
    assert "\n" not in message
    assert "Traceback" not in message
    return error
