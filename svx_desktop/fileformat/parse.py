"""Bytes → JSON value, with the limits that keep hostile input harmless.

Refuses: files over ``MAX_FILE_BYTES``, empty files, UTF-16/UTF-32 text, bytes that are
not UTF-8, NaN/Infinity literals, numbers too large for a float, duplicate keys in one
object, nesting deeper than ``MAX_DEPTH``. A UTF-8 byte-order mark is accepted and
reported as a warning. Every refusal is an ``SvxLoadError`` naming the source and, where
the JSON parser knows it, the line and column.
"""

from __future__ import annotations

import json
import math
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
    raise ValueError(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:40]} is too large")
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Check size and encoding; return the text and any warnings."""
    warnings: list[str] = []
    if len(data) > MAX_FILE_BYTES:
        raise SvxLoadError(
            source,
            f"file is {len(data) / 1e6:.1f} MB; .svx files are limited to "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB",
        )
    if not data.strip():
        raise SvxLoadError(source, "file is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise SvxLoadError(source, f"file is {name} text; .svx files are UTF-8")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        warnings.append(f"{source}: file starts with a UTF-8 byte-order mark (ignored)")
    if b"\x00" in data[:4096]:
        raise SvxLoadError(source, "file is binary, not a UTF-8 JSON .svx file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SvxLoadError(
            source, f"byte {e.start} is not valid UTF-8 (is this really a .svx file?)"
        ) from None
    return text, warnings


def parse_json(text: str, source: str) -> Any:
    """Parse JSON text under the limits; raise ``SvxLoadError`` on any problem."""
    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_float=_float,
        )
    except _DuplicateKeyError as e:
        raise SvxLoadError(source, f"key {e.key[:80]!r} appears twice in one object") from None
    except json.JSONDecodeError as e:
        message = e.msg
        if e.pos >= len(text.rstrip()):
            message = f"file ends too early ({e.msg.lower()}); it may be truncated"
        raise SvxLoadError(source, message, f"line {e.lineno} column {e.colno}") from None
    except RecursionError:
        raise SvxLoadError(source, f"nesting is deeper than {MAX_DEPTH} levels") from None
    except ValueError as e:  # NaN/Infinity, huge floats, ints past the digit limit
        raise SvxLoadError(source, str(e)[:200]) from None
    if _depth_exceeds(value, MAX_DEPTH):
        raise SvxLoadError(source, f"nesting is deeper than {MAX_DEPTH} levels")
    return value
