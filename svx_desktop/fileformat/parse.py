"""Bytes → JSON value, with the limits that keep hostile input harmless.

Refuses: files over ``MAX_FILE_BYTES``, empty files, UTF-16/UTF-32 text (with or without
a byte-order mark), bytes that are not UTF-8, NaN/Infinity literals, numbers too large for
a float, duplicate keys in one object, nesting deeper than ``MAX_DEPTH``, and strings
holding an unpaired surrogate escape (they could never be written back as UTF-8). A UTF-8
byte-order mark is accepted and reported as a warning. Every refusal is an
``SvxLoadError`` naming the source and the place: the line and column for syntax-level
problems, the path (``stakeholders[3].name``) for bad strings.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from svx_desktop.fileformat.errors import SvxLoadError
from svx_desktop.fileformat.limits import MAX_DEPTH, MAX_FILE_BYTES

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
UTF8_BOM = b"\xef\xbb\xbf"


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _NumberError(ValueError):
    def __init__(self, message: str, literal: str | None = None) -> None:
        super().__init__(message)
        self.literal = literal


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _DuplicateKeyError(k)
            seen.add(k)
    return d


def _constant(name: str) -> Any:
    raise _NumberError(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError(f"number {text[:40]} is too large", text)
    return value


# Tokens that matter for finding where a problem is: whole strings (so that brackets or
# "NaN" inside a label are skipped), whether a string is an object key, brackets,
# non-finite constants and numbers. Compiled on first use (only broken files need it).
@cache
def _token() -> re.Pattern[str]:
    return re.compile(
        r'("[^"\\]*(?:\\.[^"\\]*)*")(\s*:)?|([{}\[\]])|(-?Infinity|NaN)|(-?[0-9][0-9.eE+-]*)'
    )


def _line_column(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return f"line {line} column {column}"


def _locate(
    text: str,
    *,
    depth: int | None = None,
    constant: bool = False,
    number: Callable[[str], bool] | None = None,
    duplicate: str | None = None,
) -> str:
    """Line and column of the first token showing a problem the parser found without a place.

    Only called after a refusal, so its speed does not matter. Returns "" if not found.
    """
    import json

    stack: list[set[str] | None] = []  # a set of keys per open object, None per list
    for m in _token().finditer(text):
        string, colon, bracket, const, num = m.groups()
        if bracket is not None:
            if bracket in "{[":
                stack.append(set() if bracket == "{" else None)
                if depth is not None and len(stack) > depth:
                    return _line_column(text, m.start())
            elif stack:
                stack.pop()
        elif string is not None:
            if colon and duplicate is not None and stack and stack[-1] is not None:
                try:
                    key = json.loads(string)
                except ValueError:
                    continue
                if key == duplicate and key in stack[-1]:
                    return _line_column(text, m.start())
                stack[-1].add(key)
        elif (const is not None and constant) or (
            num is not None and number is not None and number(num)
        ):
            return _line_column(text, m.start())
    return ""


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _unpaired_surrogate(value: Any) -> str | None:
    """The path of the first string (or key) holding an unpaired surrogate, or None."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return path or "(top level)"
        elif isinstance(node, dict):
            for k in reversed(list(node)):
                where = f"{path}.{k}" if path else k
                if _SURROGATE.search(k):
                    return f"{path}.<key>" if path else "<key>"
                stack.append((node[k], where))
        elif isinstance(node, list):
            stack.extend((node[i], f"{path}[{i}]") for i in reversed(range(len(node))))
    return None


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True if containers nest deeper than ``limit`` levels (the top level is level 1).

    Walks level by level and tests exact types (``json.loads`` makes only plain dicts
    and lists), which keeps this a small fraction of the parse on large files.
    """
    level: list[Any] = [value] if type(value) is dict or type(value) is list else []
    depth = 1
    while level:
        if depth > limit:
            return True
        deeper: list[Any] = []
        append = deeper.append
        for node in level:
            for child in node.values() if type(node) is dict else node:
                t = type(child)
                if t is dict or t is list:
                    append(child)
        level = deeper
        depth += 1
    return False


def too_large_message(size: int) -> str:
    """The refusal of a file of ``size`` bytes (MB here are MiB, as file managers show)."""
    mib = 1024 * 1024
    return f"file is {size / mib:.1f} MB; .svx files are limited to {MAX_FILE_BYTES // mib} MB"


def _looks_like_utf16(data: bytes) -> bool:
    """True for UTF-16 text without a byte-order mark: in its first bytes the zeros fall
    on one side of each byte pair only, and on most pairs (JSON is mostly ASCII). A ramp
    of bytes 0..255 or other binary with a stray zero is not text."""
    head = data[:64]
    pairs = len(head) // 2
    if pairs == 0:
        return False
    even = sum(1 for b in head[0 : 2 * pairs : 2] if b == 0)
    odd = sum(1 for b in head[1 : 2 * pairs : 2] if b == 0)
    if min(even, odd) > 0:
        return False
    return max(even, odd) * 4 >= pairs * 3


#: Python's JSON messages in the words of someone who edits a map, not a parser.
_JSON_MESSAGES = (
    ("Expecting value", "a value is missing here, or this is not JSON"),
    ("Expecting ',' delimiter", "a comma is missing between two entries"),
    ("Expecting ':' delimiter", "a colon is missing after a key"),
    (
        "Expecting property name",
        "a key is not in double quotes, or a comma stands before a closing brace",
    ),
    ("Unterminated string", "a text in quotes is never closed"),
    ("Invalid control character", "a text holds a raw line break or tab (write \\n or \\t)"),
    ("Invalid \\uXXXX escape", "a text holds a broken \\u escape"),
    ("Invalid \\escape", "a text holds a backslash that starts no escape"),
    ("Extra data", "there is more text after the end of the map"),
    ("Illegal trailing comma", "a comma stands before a closing bracket"),
)


def json_message(msg: str) -> str:
    """A JSON syntax error in plain words (a whole sentence, never cut mid-way)."""
    for start, plain in _JSON_MESSAGES:
        if msg.startswith(start):
            return plain
    return "the text is not valid JSON"


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Check size and encoding; return the text and any warnings."""
    warnings: list[str] = []
    if len(data) > MAX_FILE_BYTES:
        raise SvxLoadError(source, too_large_message(len(data)))
    if not data.strip():
        raise SvxLoadError(source, "file is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise SvxLoadError(source, f"file is {name} text; .svx files are UTF-8")
    # JSON text starts with an ASCII character, so UTF-16 without a byte-order mark has
    # one zero byte in its first two, UTF-32 three in its first four.
    head = data[:4]
    if len(head) == 4 and head.count(0) == 3:
        raise SvxLoadError(source, "file looks like UTF-32 text; .svx files are UTF-8")
    if _looks_like_utf16(data):
        raise SvxLoadError(source, "file looks like UTF-16 text; .svx files are UTF-8")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        warnings.append(f"{source}: file starts with a UTF-8 byte-order mark (ignored)")
    zero = data.find(b"\x00", 0, 4096)
    if zero >= 0:
        raise SvxLoadError(source, "file is binary, not a UTF-8 JSON .svx file", f"byte {zero}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SvxLoadError(
            source, f"byte {e.start} is not valid UTF-8 (is this really a .svx file?)"
        ) from None
    return text, warnings


def refuse_deep_nesting(value: Any, text: str, source: str, level: int = 1) -> None:
    """Raise ``SvxLoadError`` if ``value``, found at nesting ``level`` of the document
    parsed from ``text`` (the top level is 1), holds containers deeper than ``MAX_DEPTH``."""
    if _depth_exceeds(value, MAX_DEPTH - level + 1):
        raise SvxLoadError(
            source, f"nesting is deeper than {MAX_DEPTH} levels", _locate(text, depth=MAX_DEPTH)
        )


def parse_json(text: str, source: str, *, check_depth: bool = True) -> Any:
    """Parse JSON text under the limits; raise ``SvxLoadError`` on any problem.

    With ``check_depth=False`` the caller promises to call ``refuse_deep_nesting`` on
    every part of the value that can hold containers before using it (the loader does
    so for unknown fields once the schema has checked that known fields are flat; nesting
    beyond Python's recursion limit is refused here in any case).
    """
    import json  # with the first file, not at start-up

    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_float=_float,
        )
    except _DuplicateKeyError as e:
        raise SvxLoadError(
            source,
            f"key {json.dumps(e.key[:80], ensure_ascii=False)} appears twice in one object",
            _locate(text, duplicate=e.key),
        ) from None
    except json.JSONDecodeError as e:
        message = f"not valid JSON: {json_message(e.msg)}"
        # A string left open always runs to the end of the text (a raw line break inside
        # one is another error), though the error points at where the string starts.
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            message = f"file ends too early ({json_message(e.msg)}); it may be truncated"
        raise SvxLoadError(source, message, f"line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise SvxLoadError(
            source, f"nesting is deeper than {MAX_DEPTH} levels", _locate(text, depth=MAX_DEPTH)
        ) from None
    except _NumberError as e:  # NaN/Infinity, huge floats
        literal = e.literal
        if literal is None:
            where = _locate(text, constant=True)
        else:
            where = _locate(text, number=lambda t: t == literal)
        raise SvxLoadError(source, str(e), where) from None
    except ValueError:  # an int past Python's digit limit
        digits = sys.get_int_max_str_digits()
        where = _locate(text, number=lambda t: len(t.lstrip("-")) > digits)
        raise SvxLoadError(source, f"a number has more than {digits:,} digits", where) from None
    if check_depth:
        refuse_deep_nesting(value, text, source)
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        path = _unpaired_surrogate(value)
        if path is not None:
            refuse_deep_nesting(value, text, source)  # the deeper problem is named first
            raise SvxLoadError(
                source, "text holds an unpaired surrogate (\\ud800-\\udfff) escape", path
            )
    return value
