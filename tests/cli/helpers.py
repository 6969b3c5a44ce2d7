"""Shared helpers for the command-line tests: write small .svx files, run ``svx``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from svx_desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]


def write_doc(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def small_doc(**changes: Any) -> dict[str, Any]:
    """A valid version-1 document with two stakeholders and three flows."""
    doc: dict[str, Any] = {
        "format": "svx",
        "version": 1,
        "meta": {"title": "Corner shop", "facilitator": "Ada"},
        "organisation": {"id": "org", "name": "Corner shop"},
        "stakeholders": [
            {"id": "s1", "name": "Customers", "category": "customer", "x": 0, "y": -420},
            {"id": "s2", "name": "Wholesaler", "category": "supplier", "x": 0, "y": 420},
        ],
        "flows": [
            {
                "id": "f1",
                "stakeholder": "s1",
                "direction": "provides",
                "label": "payment",
                "value_kind": "money",
                "importance": 5,
            },
            {"id": "f2", "stakeholder": "s1", "direction": "expects", "label": "fresh bread"},
            {"id": "f3", "stakeholder": "s2", "direction": "provides", "label": "stock"},
        ],
    }
    doc.update(changes)
    return doc


def run_main(
    capsys: pytest.CaptureFixture[str], *argv: str | os.PathLike[str]
) -> tuple[int, str, str]:
    """Run ``svx`` in-process; return (exit code, stdout, stderr)."""
    code = main([os.fspath(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def run_svx(
    *argv: str | os.PathLike[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m svx_desktop.cli`` as a real process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "svx_desktop.cli", *map(os.fspath, argv)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=full_env,
        cwd=cwd or ROOT,
        timeout=120,
    )
