"""Load errors speak the user's language: the file, the place and the problem in words.

No Python type or class names ("a JSON NoneType", "instance of FlowV2"), no parser jargon
cut mid-sentence ("Unterminated string starting at"), and a byte ramp is binary, not
"UTF-16 text". Each message here is read as a user would meet it in the error dialog.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from svx_desktop.fileformat import SvxLoadError, load
from tests.fileformat.sample import NAME, encode, sample_bytes, sample_doc
from tests.safety import fuzz_loader

#: Words that belong to Python or its JSON parser, not to someone editing a map.
JARGON = re.compile(
    r"NoneType|\bdict\b|\bstr\b|\bint\b|\bfloat\b|\bbool\b|instance of|V\d\b|Expecting|"
    r"delimiter|starting at|Unterminated|Traceback|Field required|Input should|\bchar\b"
)
#: A sentence does not end on one of these.
DANGLING = ("at", "of", "to", "in", "the", "a", "an", "and", "or", "by", "with", "(")


def _doc_with(**changes: object) -> bytes:
    doc = sample_doc()
    doc.update(changes)
    return encode(doc)


def _flow_as(value: object) -> bytes:
    doc = sample_doc()
    doc["flows"][0] = value
    return encode(doc)


HOSTILE: list[tuple[str, bytes, str]] = [
    ("byte ramp", bytes(range(256)), "binary"),
    ("null", b"null", "it holds null"),
    ("list", b"[1, 2]", "it holds a list"),
    ("number", b"42", "it holds a number"),
    ("cut in a string", sample_bytes()[:200], "file ends too early"),
    ("open string", b'{"format": "svx", "name": "abc', "never closed"),
    ("comma missing", b'{"format": "svx" "version": 3}', "a comma is missing"),
    ("colon missing", b'{"format" "svx"}', "a colon is missing"),
    ("unquoted key", b"{format: 1}", "not in double quotes"),
    ("trailing comma", b'{"format": "svx",}', "not in double quotes"),
    ("extra data", b'{"format": "svx"} {}', "more text after the end"),
    ("bad escape", b'{"format": "sv\\x"}', "backslash"),
    ("raw tab", b'{"format": "s\tvx"}', "raw line break or tab"),
    ("not a value", b'{"format": svx}', "a value is missing"),
    ("flow is a text", _flow_as("deposits"), "must be an object"),
    ("flow is a list", _flow_as([]), "must be an object"),
    ("name is a number", _doc_with(organisation={"id": "o", "name": 5}), "must be text"),
    ("version is text", _doc_with(version="three"), "whole number"),
]


@pytest.mark.parametrize(("what", "data", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_each_hostile_file_gets_a_plain_message(
    tmp_path: Path, what: str, data: bytes, words: str
) -> None:
    path = tmp_path / NAME
    path.write_bytes(data)
    with pytest.raises(SvxLoadError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(f"{NAME}: "), message  # names the file
    assert words in message, message  # and the problem
    assert not JARGON.search(message), message
    last = message.rstrip(").").split()[-1].casefold()
    assert last not in DANGLING, message


def test_a_byte_ramp_is_not_called_utf16() -> None:
    for start in range(0, 4):
        data = bytes(range(start, 256))
        with pytest.raises(SvxLoadError) as info:
            from svx_desktop.fileformat import loads

            loads(data, NAME)
        assert "UTF-16" not in str(info.value) and "UTF-32" not in str(info.value)


def test_utf16_without_a_byte_order_mark_is_still_named() -> None:
    from svx_desktop.fileformat import loads

    for encoding in ("utf-16-le", "utf-16-be"):
        data = json.dumps({"format": "svx", "name": "Bank"}).encode(encoding)
        with pytest.raises(SvxLoadError, match="UTF-16"):
            loads(data, NAME)


def test_fuzzed_files_get_no_python_words() -> None:
    """Thousands of mutated real files: every refusal is free of Python's words."""
    from svx_desktop.fileformat import loads

    seen = 0
    for data in fuzz_loader.inputs(800, 11):
        try:
            loads(data, "fuzz.svx")
        except SvxLoadError as e:
            seen += 1
            assert str(e).startswith("fuzz.svx: "), str(e)
            assert not JARGON.search(str(e)), str(e)
    assert seen > 300
