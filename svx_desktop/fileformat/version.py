"""The format's name and current version: light constants, importable without pydantic."""

from __future__ import annotations

FORMAT_NAME = "svx"
#: The format version this SVX writes, and the newest it reads.
CURRENT_VERSION = 3
