"""Editing: a ``Document`` (map + undo stack + path) and the undo commands.

Commands are the only way the GUI changes a map. Only ``PySide6.QtGui``'s ``QUndo*``
classes are used here.
"""

from svx_desktop.editing.commands import (
    AddCategory,
    AddElements,
    EditElements,
    MacroCommand,
    MapCommand,
    MoveElements,
    RemoveCategory,
    RemoveElements,
    plural,
)
from svx_desktop.editing.document import Document, new_map, now_iso

__all__ = [
    "AddCategory",
    "AddElements",
    "Document",
    "EditElements",
    "MacroCommand",
    "MapCommand",
    "MoveElements",
    "RemoveCategory",
    "RemoveElements",
    "new_map",
    "now_iso",
    "plural",
]
