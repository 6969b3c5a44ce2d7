"""Limits applied to every file before and while it is read."""

from __future__ import annotations

from svx_desktop.model import MAX_COORDINATE, MAX_LABEL_LENGTH, MAX_NOTES_LENGTH

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
MAX_ELEMENTS = 200_000

__all__ = [
    "MAX_COORDINATE",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_FILE_BYTES",
    "MAX_LABEL_LENGTH",
    "MAX_NOTES_LENGTH",
]
