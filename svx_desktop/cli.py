"""Headless command line: ``svx validate|info|new|templates``."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("svx: not implemented yet", file=sys.stderr)
    return 2
