"""Save→load→save is byte-identical over generated maps; output is deterministic.

Also fuzzes the loader: any bytes, and valid files with random damage, either load or
raise ``SvxLoadError``, never anything else.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svx_desktop.fileformat import SvxLoadError, dumps, load, loads, save
from svx_desktop.model import Note, Stakeholder, ValueMap
from tests.fileformat.sample import NAME, sample_bytes, sample_map
from tests.strategies import maps_with_journeys, value_maps

LIST_KEYS = (
    "categories", "stakeholders", "flows", "notes", "channels", "stages", "touch_points",
    "charters",
)  # fmt: skip


def unknown_category_warnings_only(warnings: list[str]) -> bool:
    return all("unknown category" in w for w in warnings)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_maps())
def test_dumps_loads_dumps_is_identical(vmap: ValueMap) -> None:
    data = dumps(vmap)
    result = loads(data, NAME)
    assert result.map == vmap
    assert dumps(result.map) == data
    assert unknown_category_warnings_only(result.warnings)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_maps(max_stakeholders=4, max_flows=6))
def test_save_load_save_through_real_files(vmap: ValueMap) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "a.svx", Path(folder) / "b.svx"
        written = save(vmap, first)
        assert first.read_bytes() == written
        loaded = load(first).map
        assert loaded == vmap
        save(loaded, second)
        assert second.read_bytes() == first.read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps_with_journeys())
def test_a_map_with_journeys_saves_and_loads_equal(vmap: ValueMap) -> None:
    data = dumps(vmap)
    result = loads(data, NAME)
    assert result.map == vmap
    assert unknown_category_warnings_only(result.warnings)
    for sid in vmap.journeys.stakeholders_with_journeys():
        assert result.map.journeys.journey(sid) == vmap.journeys.journey(sid)
        assert result.map.journeys.stages(sid) == vmap.journeys.stages(sid)
    assert result.map.journeys.charters == vmap.journeys.charters
    assert result.map.journeys.own_channels == vmap.journeys.own_channels
    assert dumps(result.map) == data


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(value_maps(), maps_with_journeys()))
def test_layout_is_sorted_keys_and_one_element_per_line(vmap: ValueMap) -> None:
    data = dumps(vmap)
    assert data.endswith(b"}\n")
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    doc = json.loads(text)
    assert list(doc) == sorted(doc)
    lines = text.split("\n")
    assert lines[0] == "{" and lines[-2:] == ["}", ""]
    # Each top-level key on a line of its own, two spaces in; each list element on a
    # line of its own, four spaces in, holding exactly that element with sorted keys.
    top = [line for line in lines if line.startswith('  "')]
    decoder = json.JSONDecoder()
    assert [decoder.raw_decode(line.strip())[0] for line in top] == list(doc)
    for key in LIST_KEYS:
        elements = [json.loads(line.strip().rstrip(",")) for line in element_lines(lines, key)]
        assert elements == doc[key]
        for element in elements:
            assert list(element) == sorted(element)
    assert all(line == line.rstrip() for line in lines)


def element_lines(lines: list[str], key: str) -> list[str]:
    """The lines between ``  "key": [`` and its closing ``  ]``."""
    if f'  "{key}": [' not in lines:
        assert f'  "{key}": [],' in lines or f'  "{key}": []' in lines
        return []
    start = lines.index(f'  "{key}": [')
    end = next(i for i in range(start, len(lines)) if lines[i] in ("  ]", "  ],"))
    out = lines[start + 1 : end]
    assert all(line.startswith("    {") for line in out)
    return out


def test_same_map_saved_twice_gives_identical_bytes(tmp_path: Path) -> None:
    vmap = sample_map()
    first = save(vmap, tmp_path / "one.svx")
    second = save(vmap, tmp_path / "two.svx")
    assert first == second == dumps(vmap.copy())
    assert (tmp_path / "one.svx").read_bytes() == (tmp_path / "two.svx").read_bytes()


def test_extra_field_order_does_not_change_the_bytes() -> None:
    a = ValueMap()
    b = ValueMap(a.organisation)
    a.extra.update({"zeta": 1, "alpha": {"y": 2, "x": 1}})
    b.extra.update({"alpha": {"x": 1, "y": 2}, "zeta": 1})
    a.add_stakeholder(Stakeholder("S", "s", extra={"b": 1, "a": 2}))
    b.add_stakeholder(Stakeholder("S", "s", extra={"a": 2, "b": 1}))
    assert dumps(a) == dumps(b)


def test_known_fields_win_over_extras_of_the_same_name() -> None:
    vmap = ValueMap()
    vmap.add_note(Note("real text", "n", extra={"text": "shadow", "id": "other"}))
    doc = json.loads(dumps(vmap))
    assert doc["notes"][0]["text"] == "real text"
    assert doc["notes"][0]["id"] == "n"


def test_text_is_stored_as_utf8_not_escaped() -> None:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Employées 🏦 <b>&amp;</b>", "s"))
    data = dumps(vmap)
    assert "Employées 🏦 <b>&amp;</b>".encode() in data
    assert loads(data).map.stakeholder("s").name == "Employées 🏦 <b>&amp;</b>"


def test_newlines_in_text_do_not_break_one_element_per_line() -> None:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("two\nlines\r\nhere", "s", notes="a\u2028b"))
    lines = dumps(vmap).split(b"\n")
    assert sum(1 for line in lines if line.startswith(b'    {"category"')) == 1


# ------------------------------------------------------------------ fuzzing the loader
def load_or_refuse(data: bytes) -> None:
    try:
        result = loads(data, NAME)
    except SvxLoadError as e:
        assert str(e).startswith(f"{NAME}: ")
        return
    dumps(result.map)  # whatever loads can be saved again


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_are_refused(data: bytes) -> None:
    load_or_refuse(data)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_valid_files_load_or_are_refused(data: st.DataObject) -> None:
    original = bytearray(sample_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(original) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            original[position] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del original[position]
        else:
            snippet = data.draw(
                st.sampled_from(
                    [b"{", b"}", b"[", b"]", b",", b'"', b"\\", b"NaN", b"1e999", b"\x00", b"\xff"]
                )
            )
            original[position:position] = snippet
    load_or_refuse(bytes(original))


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "format",
                        "version",
                        "id",
                        "name",
                        "stakeholders",
                        "flows",
                        "notes",
                        "organisation",
                        "x",
                        "stakeholder",
                        "direction",
                    ]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_svx_shaped_json_loads_or_is_refused(value: object) -> None:
    doc = {"format": "svx", "version": 1, "organisation": {"id": "o"}, "stakeholders": value}
    load_or_refuse(json.dumps(doc).encode())
    if isinstance(value, dict):
        load_or_refuse(json.dumps({**value, "format": "svx", "version": 1}).encode())
