"""Maps out to other tools' formats and back in (no Qt; functions of the model).

Data and text formats live here: CSV and XLSX (out and in), a Markdown or HTML report,
GraphML with yEd graphics, JSON Canvas, draw.io and Mermaid; the journeys as CSV and
CJML, the charters as Markdown and HTML. ``formats`` holds the table
``svx export``/``svx import`` dispatch on; pictures drawn from the scene slot into the
same table later. Nothing here imports Qt or the editor (an import-linter contract).
"""

from svx_desktop.export.build import TableImportError
from svx_desktop.export.common import ExportOptions
from svx_desktop.export.formats import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    WHATS,
    ExportFormat,
    ImportFormat,
    export_bytes,
    export_format_for,
    import_bytes,
    import_format_for,
    register_export,
    register_import,
)

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "WHATS",
    "ExportFormat",
    "ExportOptions",
    "ImportFormat",
    "TableImportError",
    "export_bytes",
    "export_format_for",
    "import_bytes",
    "import_format_for",
    "register_export",
    "register_import",
]
