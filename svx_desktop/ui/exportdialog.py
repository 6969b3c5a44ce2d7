"""File ▸ Export…: one dialog with the format list, the target file and each format's options.

The dialog only asks; ``ui.share`` does the export. It remembers the last folder, format
and options in ``QSettings`` (``export/…`` keys), proposes ``<map name>.<ext>`` in that
folder, and keeps the file name's extension in step with the chosen format. Options that do
not apply to a format (a PNG's scale, a PDF's page) are disabled rather than hidden, so the
dialog does not jump about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from svx_desktop.export import EXPORT_FORMATS, ExportOptions, export_bytes
from svx_desktop.model import ValueMap
from svx_desktop.pictures.options import PICTURE_FORMATS, PictureOptions
from svx_desktop.ui.settings import settings


@dataclass(frozen=True)
class ExportChoice:
    """One format in the list: its name, file extension and description."""

    name: str
    extension: str
    description: str
    picture: bool
    #: For a data format: ``write(map, options, sharing)`` → the file's bytes.
    write: Callable[..., bytes] | None = None


@dataclass(frozen=True)
class ExportRequest:
    path: str
    fmt: str
    options: PictureOptions


def _write_data(fmt: str, vmap: ValueMap, options: PictureOptions, sharing: Any) -> bytes:
    map_svg = sharing.map_svg() if fmt == "html" else None
    return export_bytes(vmap, fmt, ExportOptions(include_notes=options.notes, map_svg=map_svg))


def export_choices() -> list[ExportChoice]:
    """The formats File ▸ Export… offers: the pictures, then the data formats."""
    choices = [ExportChoice(n, ext, d, True) for n, (ext, d) in PICTURE_FORMATS.items()]
    for fmt in EXPORT_FORMATS.values():
        if fmt.name not in PICTURE_FORMATS:
            write = partial(_write_data, fmt.name)
            choices.append(ExportChoice(fmt.name, fmt.extensions[0], fmt.description, False, write))
    return choices


class ExportDialog(QDialog):
    """See the module docstring."""

    def __init__(
        self,
        parent: QWidget | None,
        choices: list[ExportChoice],
        map_name: str,
        has_selection: bool,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.choices = choices
        store = settings()
        folder = str(store.value("export/folder", str(Path.home())))
        last = str(store.value("export/format", "png"))
        form = QFormLayout(self)
        self.format_box = QComboBox()
        for c in choices:
            self.format_box.addItem(f"{c.description} ({c.extension})", c.name)
        index = max(0, self.format_box.findData(last))
        self.format_box.setCurrentIndex(index)
        form.addRow("&Format:", self.format_box)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(Path(folder) / (map_name + choices[index].extension)))
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        file_label = QLabel("F&ile:")  # a layout gets no buddy by itself: "&" would show
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        self.scale = QSpinBox()
        self.scale.setRange(1, 4)
        self.scale.setSuffix(" ×")
        self.scale.setValue(int(str(store.value("export/scale", 2))))
        form.addRow("PNG &scale:", self.scale)
        self.transparent = QCheckBox("&Transparent background")
        self.transparent.setChecked(store.value("export/transparent", "false") == "true")
        form.addRow("", self.transparent)
        self.page = QComboBox()
        self.page.addItem("A4", "a4")
        self.page.addItem("Letter", "letter")
        self.page.setCurrentIndex(max(0, self.page.findData(store.value("export/page", "a4"))))
        form.addRow("PDF &page:", self.page)
        self.orientation = QComboBox()
        self.orientation.addItem("Landscape", "landscape")
        self.orientation.addItem("Portrait", "portrait")
        saved = store.value("export/orientation", "landscape")
        self.orientation.setCurrentIndex(max(0, self.orientation.findData(saved)))
        form.addRow("&Orientation:", self.orientation)
        self.selection_only = QCheckBox("Only the &selection")
        self.selection_only.setEnabled(has_selection)
        form.addRow("", self.selection_only)
        self.notes = QCheckBox("Include parking-lot &notes")
        self.notes.setChecked(store.value("export/notes", "true") != "false")
        form.addRow("", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def choice(self) -> ExportChoice:
        return self.choices[self.format_box.currentIndex()]

    def _format_changed(self) -> None:
        c = self.choice()
        path = Path(self.path_edit.text())
        if path.suffix:
            self.path_edit.setText(str(path.with_suffix(c.extension)))
        self.scale.setEnabled(c.name == "png")
        self.transparent.setEnabled(c.name in ("png", "svg"))
        self.page.setEnabled(c.name == "pdf")
        self.orientation.setEnabled(c.name == "pdf")
        self.selection_only.setEnabled(c.picture and self.selection_only.isEnabled())

    def _browse(self) -> None:
        c = self.choice()
        path, _ = QFileDialog.getSaveFileName(
            self, "Export", self.path_edit.text(), f"{c.description} (*{c.extension})"
        )
        if path:
            self.path_edit.setText(path)

    def request(self) -> ExportRequest:
        """What the user chose; remembered for next time."""
        c = self.choice()
        path = self.path_edit.text().strip()
        if Path(path).suffix == "":
            path += c.extension
        options = PictureOptions(
            scale=float(self.scale.value()),
            transparent=self.transparent.isChecked() and self.transparent.isEnabled(),
            page=str(self.page.currentData()),
            orientation=str(self.orientation.currentData()),
            notes=self.notes.isChecked(),
            selection_only=self.selection_only.isChecked() and self.selection_only.isEnabled(),
        )
        store = settings()
        store.setValue("export/folder", str(Path(path).parent))
        store.setValue("export/format", c.name)
        store.setValue("export/scale", self.scale.value())
        store.setValue("export/transparent", "true" if self.transparent.isChecked() else "false")
        store.setValue("export/page", options.page)
        store.setValue("export/orientation", options.orientation)
        store.setValue("export/notes", "true" if options.notes else "false")
        return ExportRequest(path, c.name, options)
