"""docs/exports.md stays true: every format and every CSV and XLSX column is described."""

from __future__ import annotations

from pathlib import Path

from svx_desktop.export import EXPORT_FORMATS
from svx_desktop.export.csvfile import COLUMNS
from svx_desktop.export.journeys import JOURNEY_COLUMNS
from svx_desktop.export.xlsx import CONNECTION_COLUMNS, ELEMENT_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


def test_every_format_and_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for fmt in EXPORT_FORMATS.values():
        assert f"| `{fmt.name}` | `{fmt.extensions[0]}` |" in text
    for column in COLUMNS + JOURNEY_COLUMNS:
        assert f"`{column}`" in text
    assert ", ".join(ELEMENT_COLUMNS) in " ".join(text.split())
    assert ", ".join(CONNECTION_COLUMNS[:4]) in " ".join(text.split())
