"""The ``.svx`` file format: schema, migrations, safe load and atomic save (no Qt).

Public API: ``load``/``loads`` (→ ``LoadResult``), ``save``/``dumps``, the errors
``SvxLoadError``, ``SvxVersionError``, ``SvxSaveError``, and ``CURRENT_VERSION``.
"""

from svx_desktop.fileformat.errors import SvxError, SvxLoadError, SvxSaveError, SvxVersionError
from svx_desktop.fileformat.load import LoadResult, load, loads
from svx_desktop.fileformat.save import save, write_bytes_atomic
from svx_desktop.fileformat.schema import CURRENT_VERSION, FORMAT_NAME, json_schema_text
from svx_desktop.fileformat.serialize import dumps, to_document

__all__ = [
    "CURRENT_VERSION",
    "FORMAT_NAME",
    "LoadResult",
    "SvxError",
    "SvxLoadError",
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
