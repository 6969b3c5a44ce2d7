"""Hostile files: each is refused with one message naming the file and the place.

Nothing here may crash with anything but ``SvxLoadError`` or hang, and loading never
writes to the source file.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from svx_desktop.fileformat import (
    CURRENT_VERSION,
    SvxLoadError,
    SvxVersionError,
    dumps,
    load,
    loads,
)
from svx_desktop.fileformat.limits import MAX_DEPTH, MAX_ELEMENTS, MAX_FILE_BYTES
from svx_desktop.model import MAX_LABEL_LENGTH
from tests.fileformat.sample import (
    NAME,
    encode,
    refused,
    replace_in_line,
    sample_bytes,
    sample_doc,
    sample_map,
)

S3 = '"id": "s3"'  # the line of stakeholders[3] in the canonical file


def with_doc(change: Any) -> bytes:
    doc = sample_doc()
    change(doc)
    return encode(doc)


# ------------------------------------------------------------------ whole-file problems
def padded(size: int) -> bytes:
    """A valid file of exactly ``size`` bytes: the sample plus a long unknown string field."""
    head = sample_bytes().rstrip()[:-1] + b', "padding": "'
    data = head + b"x" * (size - len(head) - 2) + b'"}'
    assert len(data) == size
    return data


def test_file_over_50_mb_is_refused(tmp_path: Path) -> None:
    data = padded(MAX_FILE_BYTES + 1)
    error = refused(tmp_path, data)
    assert "limited to 50 MB" in str(error)
    assert "50.0 MB" in str(error)


def test_much_larger_file_reports_its_real_size(tmp_path: Path) -> None:
    path = tmp_path / NAME
    with path.open("wb") as fh:  # sparse: no 200 MB written to disk
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(SvxLoadError, match=r"^bank\.svx: file is 200\.0 MB; .*limited to 50 MB"):
        load(path)


def test_oversized_bytes_are_refused_by_loads_too() -> None:
    with pytest.raises(SvxLoadError, match="limited to 50 MB"):
        loads(b" " * (MAX_FILE_BYTES + 1), NAME)


def test_file_of_exactly_the_limit_loads(tmp_path: Path) -> None:
    (tmp_path / NAME).write_bytes(padded(MAX_FILE_BYTES))
    assert load(tmp_path / NAME).map.extra["padding"].startswith("xxx")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"], ids=["empty", "whitespace"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert "file is empty" in str(refused(tmp_path, data))


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-16", "UTF-16"),  # with a byte-order mark
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_refused(tmp_path: Path, encoding: str, expected: str) -> None:
    data = sample_bytes().decode().encode(encoding)
    error = refused(tmp_path, data)
    assert expected in str(error)
    assert "UTF-8" in str(error)


def test_utf8_bom_is_accepted_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"\xef\xbb\xbf" + sample_bytes())
    result = load(path)
    assert result.map == sample_map()
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{NAME}: ")
    assert "byte-order mark" in result.warnings[0]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        bytes(range(256)),
        b"\xff" * 100,
        b"\xc3\x28 invalid utf-8",
        b'{"format": "svx", "name": "\xe9t\xe9"}',  # Latin-1, not UTF-8
    ],
    ids=["png", "zip", "all-bytes", "ff", "bad-utf8", "latin1"],
)
def test_binary_garbage_is_refused(tmp_path: Path, data: bytes) -> None:
    error = refused(tmp_path, data)
    assert any(word in str(error) for word in ("binary", "UTF-8", "UTF-16", "UTF-32"))


def test_truncated_file_at_every_offset_is_refused() -> None:
    data = sample_bytes()
    end = len(data.rstrip())
    assert end > 1000
    for cut in range(end):
        with pytest.raises(SvxLoadError) as info:
            loads(data[:cut], NAME)
        assert str(info.value).startswith(f"{NAME}: "), (cut, str(info.value))
    # Only trailing whitespace may go.
    assert loads(data[:end], NAME).map == sample_map()


def test_truncated_file_says_it_may_be_truncated(tmp_path: Path) -> None:
    data = sample_bytes()
    error = refused(tmp_path, data[: len(data) // 2], "line ")
    assert "truncated" in str(error)


def test_folder_missing_file_and_fifo(tmp_path: Path) -> None:
    folder = tmp_path / "maps.svx"
    folder.mkdir()
    with pytest.raises(SvxLoadError, match=r"^maps\.svx: is a folder"):
        load(folder)
    with pytest.raises(SvxLoadError, match=r"^gone\.svx: file does not exist"):
        load(tmp_path / "gone.svx")
    fifo = tmp_path / "pipe.svx"
    os.mkfifo(fifo)
    with pytest.raises(SvxLoadError, match=r"^pipe\.svx: is not a regular file"):
        load(fifo)  # must not block waiting for a writer


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(sample_bytes())
    path.chmod(0)
    with pytest.raises(SvxLoadError, match=r"^bank\.svx: permission denied"):
        load(path)


# ------------------------------------------------------------------ envelope
@pytest.mark.parametrize("version", [4, 17, 10**6])
def test_newer_version_is_refused_with_a_typed_error(tmp_path: Path, version: int) -> None:
    data = with_doc(lambda d: d.update(version=version))
    error = refused(tmp_path, data, "version: ")
    assert isinstance(error, SvxVersionError)
    assert error.file_version == version
    assert error.supported_version == CURRENT_VERSION == 3
    assert f"format version {version}" in str(error)
    assert f"up to version {CURRENT_VERSION}" in str(error)


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, None, [1]])
def test_invalid_version(tmp_path: Path, version: Any) -> None:
    error = refused(tmp_path, with_doc(lambda d: d.update(version=version)), "version: ")
    assert not isinstance(error, SvxVersionError)


def test_missing_version(tmp_path: Path) -> None:
    refused(tmp_path, with_doc(lambda d: d.pop("version")), "version: ")


@pytest.mark.parametrize(
    ("top", "held"),
    [
        ([], "a list"),
        ([1, 2], "a list"),
        ("svx", "a text"),
        (42, "a number"),
        (None, "null"),
        (True, "true"),
    ],
)
def test_top_level_not_an_object(tmp_path: Path, top: Any, held: str) -> None:
    # In the file's words (JSON), never Python's ("a JSON NoneType").
    error = refused(tmp_path, json.dumps(top).encode())
    assert f"not an .svx file: it holds {held}, where a map is one JSON object" in str(error)


@pytest.mark.parametrize("fmt", ["svg", "SVX", 1, None, ["svx"]])
def test_wrong_format(tmp_path: Path, fmt: Any) -> None:
    error = refused(tmp_path, with_doc(lambda d: d.update(format=fmt)), "format: ")
    assert "not an .svx file" in str(error)


def test_missing_format(tmp_path: Path) -> None:
    refused(tmp_path, with_doc(lambda d: d.pop("format")), "format: ")


def test_some_other_json_file(tmp_path: Path) -> None:
    refused(tmp_path, b'{"name": "package.json", "version": "1.0.0"}', "format: ")


# ------------------------------------------------------------------ JSON-level limits
def nested(depth: int) -> str:
    """An extra field whose value makes the file ``depth`` levels deep in total."""
    # The top-level object is level 1, so the value holds depth - 1 nested lists.
    return "[" * (depth - 1) + "]" * (depth - 1)


def with_top_level_field(raw: str) -> bytes:
    data = sample_bytes().rstrip()
    return data[:-1] + b', "deep": ' + raw.encode() + b"}"


def test_nesting_of_exactly_the_limit_loads() -> None:
    result = loads(with_top_level_field(nested(MAX_DEPTH)), NAME)
    assert "deep" in result.map.extra


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 200_000])
def test_nesting_deeper_than_64_is_refused(tmp_path: Path, depth: int) -> None:
    error = refused(tmp_path, with_top_level_field(nested(depth)), "line ")
    assert "deeper than 64" in str(error)


def test_deep_nesting_inside_an_element_names_its_line(tmp_path: Path) -> None:
    data, line = replace_in_line(S3, '"notes": ""', '"notes": ' + nested(MAX_DEPTH))
    error = refused(tmp_path, data, f"line {line} column ")
    assert "deeper than 64" in str(error)


@pytest.mark.parametrize(
    "literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1" + "0" * 400 + ".0"]
)
def test_non_finite_numbers_name_their_line(tmp_path: Path, literal: str) -> None:
    data, line = replace_in_line(S3, '"x": 103.5', f'"x": {literal}')
    error = refused(tmp_path, data, f"line {line} column ")
    assert literal[:10] in str(error)


def test_nan_inside_a_string_is_not_the_culprit(tmp_path: Path) -> None:
    """The place found is the number, not the same text inside a label before it."""
    data, line = replace_in_line(S3, '"name": "Stakeholder 3"', '"name": "NaN Infinity [{"')
    data = data.replace(b'"x": 103.5', b'"x": NaN')
    text = data.decode()
    column = text.splitlines()[line - 1].index('"x": NaN') + len('"x": ') + 1
    refused(tmp_path, data, f"line {line} column {column}: NaN")


def test_integer_with_too_many_digits(tmp_path: Path) -> None:
    data, line = replace_in_line(S3, '"x": 103.5', '"x": ' + "9" * 5000)
    error = refused(tmp_path, data, f"line {line} column ")
    assert "digits" in str(error)


def test_duplicate_keys_name_their_line(tmp_path: Path) -> None:
    data, line = replace_in_line(S3, '"name": "Stakeholder 3"', '"name": "A", "name": "B"')
    error = refused(tmp_path, data, f"line {line} column ")
    assert '"name" appears twice' in str(error)


def test_duplicate_top_level_key(tmp_path: Path) -> None:
    data = sample_bytes().rstrip()[:-1] + b', "format": "svx"}'
    error = refused(tmp_path, data, "line ")
    assert '"format" appears twice' in str(error)


def test_same_key_in_different_objects_is_fine() -> None:
    assert loads(sample_bytes(), NAME).map == sample_map()  # every element has "id"


def test_unpaired_surrogate_escape_is_refused_with_its_path(tmp_path: Path) -> None:
    data, _ = replace_in_line(S3, '"name": "Stakeholder 3"', '"name": "bad \\ud800 text"')
    refused(tmp_path, data, "stakeholders[3].name: ")
    data, _ = replace_in_line(S3, '"notes": ""', '"notes": "", "future": ["ok", "\\udc00"]')
    refused(tmp_path, data, "stakeholders[3].future[1]: ")


def test_paired_surrogate_escape_is_an_ordinary_character() -> None:
    data, _ = replace_in_line(S3, '"name": "Stakeholder 3"', '"name": "bank \\ud83c\\udfe6"')
    assert loads(data, NAME).map.stakeholder("s3").name == "bank 🏦"


# ------------------------------------------------------------------ values and ids
@pytest.mark.parametrize(
    ("where", "value"),
    [("x", 1e7 + 1), ("x", -1e7 - 0.5), ("y", 1e300), ("y", -(10**30))],
)
def test_absurd_coordinates(tmp_path: Path, where: str, value: float) -> None:
    data = with_doc(lambda d: d["stakeholders"][3].update({where: value}))
    refused(tmp_path, data, f"stakeholders[3].{where}: ")


@pytest.mark.parametrize("element", ["organisation", "notes"])
def test_absurd_coordinates_on_other_elements(tmp_path: Path, element: str) -> None:
    def change(d: dict[str, Any]) -> None:
        target = d[element] if element == "organisation" else d[element][1]
        target["x"] = 2e7

    place = "organisation.x: " if element == "organisation" else "notes[1].x: "
    refused(tmp_path, with_doc(change), place)


def test_coordinates_at_the_limit_load() -> None:
    data = with_doc(lambda d: d["stakeholders"][3].update(x=1e7, y=-1e7))
    assert loads(data, NAME).map.stakeholder("s3").position == (1e7, -1e7)


@pytest.mark.parametrize(
    ("collection", "index", "field"),
    [("stakeholders", 3, "name"), ("flows", 2, "label"), ("notes", 1, "text")],
)
def test_labels_over_10000_characters(
    tmp_path: Path, collection: str, index: int, field: str
) -> None:
    long = "é" * (MAX_LABEL_LENGTH + 1)
    data = with_doc(lambda d: d[collection][index].update({field: long}))
    error = refused(tmp_path, data, f"{collection}[{index}].{field}: ")
    assert "10000" in str(error)


def test_label_of_exactly_10000_characters_loads() -> None:
    data = with_doc(lambda d: d["stakeholders"][3].update(name="é" * MAX_LABEL_LENGTH))
    assert len(loads(data, NAME).map.stakeholder("s3").name) == MAX_LABEL_LENGTH


@pytest.mark.parametrize(
    ("collection", "index", "taken", "other"),
    [
        ("stakeholders", 3, "s0", "stakeholders[0]"),
        ("stakeholders", 3, "org", "organisation"),
        ("flows", 2, "s4", "stakeholders[4]"),
        ("flows", 5, "f1", "flows[1]"),
        ("notes", 1, "f3", "flows[3]"),
        ("notes", 1, "n0", "notes[0]"),
    ],
)
def test_duplicate_ids(tmp_path: Path, collection: str, index: int, taken: str, other: str) -> None:
    data = with_doc(lambda d: d[collection][index].update(id=taken))
    error = refused(tmp_path, data, f"{collection}[{index}].id: ")
    assert "duplicate id" in str(error)
    assert other in str(error)


def test_duplicate_own_category(tmp_path: Path) -> None:
    data = with_doc(lambda d: d["categories"].append(dict(d["categories"][0])))
    refused(tmp_path, data, "categories[1].id: ")


def test_own_category_may_not_shadow_a_builtin(tmp_path: Path) -> None:
    data = with_doc(lambda d: d["categories"][0].update(id="customer"))
    refused(tmp_path, data, "categories[0].id: ")


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (lambda d: d["stakeholders"][3].update(name=5), "stakeholders[3].name: "),
        (lambda d: d["stakeholders"][3].update(name=None), "stakeholders[3].name: "),
        (lambda d: d["stakeholders"][3].update(x="103.5"), "stakeholders[3].x: "),
        (lambda d: d["stakeholders"][3].update(x=True), "stakeholders[3].x: "),
        (lambda d: d["stakeholders"][3].update(colour="blue"), "stakeholders[3].colour: "),
        (lambda d: d["stakeholders"][3].update(id=""), "stakeholders[3].id: "),
        (lambda d: d["stakeholders"][3].pop("id"), "stakeholders[3].id: "),
        (lambda d: d["stakeholders"][3].update(notes=["a"]), "stakeholders[3].notes: "),
        (lambda d: d["flows"][2].update(importance=True), "flows[2].importance: "),
        (lambda d: d["flows"][2].update(importance="4"), "flows[2].importance: "),
        (lambda d: d["flows"][2].update(importance=4.5), "flows[2].importance: "),
        (lambda d: d["flows"][2].update(importance=6), "flows[2].importance: "),
        (lambda d: d["flows"][2].update(direction="sideways"), "flows[2].direction: "),
        (lambda d: d["flows"][2].update(value_kind="gold"), "flows[2].value_kind: "),
        (lambda d: d["flows"][2].pop("stakeholder"), "flows[2].stakeholder: "),
        (lambda d: d["notes"][1].update(text={"a": 1}), "notes[1].text: "),
        (lambda d: d.update(stakeholders={}), "stakeholders: "),
        (lambda d: d.update(flows="none"), "flows: "),
        (lambda d: d["stakeholders"].__setitem__(3, "s3"), "stakeholders[3]: "),
        (lambda d: d.update(meta=[]), "meta: "),
        (lambda d: d["meta"].update(title=1), "meta.title: "),
        (lambda d: d.pop("organisation"), "organisation: "),
        (lambda d: d["organisation"].update(name=[]), "organisation.name: "),
        (lambda d: d["categories"][0].update(colour="#12345"), "categories[0].colour: "),
    ],
)
def test_wrong_types_name_the_place(tmp_path: Path, change: Any, place: str) -> None:
    refused(tmp_path, with_doc(change), place)


def test_every_problem_is_listed_but_the_message_is_one_line(tmp_path: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["stakeholders"][1]["name"] = 1
        d["stakeholders"][3]["x"] = "far"
        d["flows"][0]["importance"] = 0

    error = refused(tmp_path, with_doc(change), "stakeholders[1].name: ")
    assert "(and 2 more problems)" in str(error)
    problems = error.problems  # type: ignore[attr-defined]
    assert [where for where, _ in problems] == [
        "stakeholders[1].name",
        "stakeholders[3].x",
        "flows[0].importance",
    ]


def test_too_many_elements(tmp_path: Path) -> None:
    data = with_doc(lambda d: d.update(notes=[{}] * (MAX_ELEMENTS + 1)))
    error = refused(tmp_path, data, "notes: ")
    assert "200,000" in str(error)


# ------------------------------------------------------------------ tolerated and repaired
def test_flow_to_a_missing_stakeholder_is_dropped_with_a_warning(tmp_path: Path) -> None:
    data = with_doc(lambda d: d["flows"][2].update(stakeholder="nobody"))
    path = tmp_path / NAME
    path.write_bytes(data)
    result = load(path)
    assert [f.id for f in result.map.flows] == ["f0", "f1", "f3", "f4", "f5"]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith(f"{NAME}: flows[2]: ")
    assert '"nobody"' in warning and "dropped" in warning


def test_unknown_category_is_kept_with_a_warning() -> None:
    data = with_doc(lambda d: d["stakeholders"][3].update(category="press-2030"))
    result = loads(data, NAME)
    assert result.map.stakeholder("s3").category == "press-2030"
    assert result.map.category("press-2030").id == "other"
    assert result.warnings == [
        f'{NAME}: stakeholders[3].category: unknown category "press-2030" shown as "other"'
    ]
    assert json.loads(dumps(result.map))["stakeholders"][3]["category"] == "press-2030"


def test_missing_optional_fields_take_defaults() -> None:
    doc = {
        "format": "svx",
        "version": 1,
        "organisation": {"id": "o"},
        "stakeholders": [{"id": "s", "name": "S"}],
        "flows": [{"id": "f", "stakeholder": "s", "direction": "expects"}],
        "notes": [{"id": "n"}],
    }
    result = loads(encode(doc), NAME)
    vmap = result.map
    assert result.warnings == []
    assert vmap.organisation.name == "Organisation"
    s = vmap.stakeholder("s")
    assert (s.category, s.position, s.notes, s.colour) == ("other", (0.0, 0.0), "", None)
    f = vmap.flow("f")
    assert (f.label, f.value_kind.value, f.importance, f.notes) == ("", "goods_services", 3, "")
    assert vmap.note("n").text == ""
    assert vmap.meta.title == ""


# ------------------------------------------------------------------ loading never writes
@pytest.mark.parametrize(
    "data",
    [
        sample_bytes(),
        b"\xef\xbb\xbf" + sample_bytes(),
        sample_bytes()[:100],
        encode({**sample_doc(), "version": 4}),
        json.dumps({**sample_doc(), "future": {"kept": True}}).encode(),
    ],
    ids=["valid", "bom", "truncated", "newer", "unknown-field"],
)
def test_loading_never_writes_the_source(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / NAME
    path.write_bytes(data)
    old = os.stat(path)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns - 10**9))  # a second in the past
    before = os.stat(path)
    with contextlib.suppress(SvxLoadError):
        load(path)
    after = os.stat(path)
    assert path.read_bytes() == data
    assert after.st_mtime_ns == before.st_mtime_ns
    assert after.st_size == before.st_size
    assert after.st_ino == before.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME]
