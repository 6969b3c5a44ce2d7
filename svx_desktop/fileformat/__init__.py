"""The ``.svx`` file format: schema, migrations, safe load and atomic save (no Qt).

Public API: ``load``/``loads`` (→ ``LoadResult``), ``save``/``dumps``, the errors
``SvxLoadError``, ``SvxVersionError``, ``SvxSaveError`` (and its ``SvxReadOnlyFileError``),
and ``CURRENT_VERSION``.
Importing the package is light: pydantic and the schema load with the first file.
"""

from svx_desktop.fileformat.errors import (
    SvxError,
    SvxLoadError,
    SvxReadOnlyFileError,
    SvxSaveError,
    SvxVersionError,
)
from svx_desktop.fileformat.load import LoadResult, load, loads
from svx_desktop.fileformat.save import save, write_bytes_atomic
from svx_desktop.fileformat.serialize import dumps, to_document
from svx_desktop.fileformat.version import CURRENT_VERSION, FORMAT_NAME


def json_schema_text() -> str:
    """The JSON Schema of the current format, as committed (see ``schema.json_schema_text``).

    The pydantic schema is imported on the first call, not with the package.
    """
    from svx_desktop.fileformat.schema import json_schema_text as text

    return text()


__all__ = [
    "CURRENT_VERSION",
    "FORMAT_NAME",
    "LoadResult",
    "SvxError",
    "SvxLoadError",
    "SvxReadOnlyFileError",
    "SvxSaveError",
    "SvxVersionError",
    "dumps",
    "json_schema_text",
    "load",
    "loads",
    "save",
    "to_document",
    "write_bytes_atomic",
]
