"""Help ▸ About and the application icon.

``app_icon()`` is the icon of every window, read from the one SVG master in
``resources/icons/svx.svg`` (Qt's SVG icon engine draws it at every size). ``AboutDialog``
shows the version, the licence, the ``.svx`` format version this build writes, and the data
folders where recovery snapshots and backups are kept, each with a button that opens it in
the file manager. The folders come from the stores the app uses (``data_folders``), so the
dialog can never name a different place than the one written to.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon

from svx_desktop import __license__, __version__
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.settings import DISPLAY_NAME

ICON_RESOURCE = ("icons", "svx.svg")


def icon_path() -> Path:
    """The SVG master of the application icon, inside the installed package."""
    return Path(str(resources.files("svx_desktop.resources").joinpath(*ICON_RESOURCE)))


@cache
def app_icon() -> QIcon:
    """The application icon (a ``QGuiApplication`` must exist)."""
    return QIcon(str(icon_path()))


def data_folders() -> list[tuple[str, Path]]:
    """(what, folder) of every folder where SVX keeps data of its own."""
    from svx_desktop.ui import autosave

    return [
        ("Recovery snapshots", Path(autosave.recovery_store().root)),
        ("Backups of saved maps", Path(autosave.backup_store().root)),
    ]


def open_folder(folder: Path) -> bool:
    """Show ``folder`` in the file manager (made first if it does not exist yet)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _label(text: str, parent: QtWidgets.QWidget) -> QtWidgets.QLabel:
    label = plain_label(parent, text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class AboutDialog(QtWidgets.QDialog):
    """Help ▸ About: see the module docstring."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        import platform

        from PySide6 import __version__ as qt_version

        from svx_desktop.fileformat import CURRENT_VERSION

        self.setWindowTitle(f"About {DISPLAY_NAME}")
        self.setWindowIcon(app_icon())
        self.setObjectName("AboutDialog")

        icon = QtWidgets.QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = _label(f"{DISPLAY_NAME} {__version__}", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        blurb = _label(
            "Draw stakeholder net value exchange maps live in a workshop: the organisation "
            "in the middle, its stakeholders around it, and what each provides and expects.",
            self,
        )
        blurb.setWordWrap(True)

        facts = QtWidgets.QFormLayout()
        facts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.version_label = _label(__version__, self)
        self.licence_label = _label(f"{__license__} licence", self)
        self.format_label = _label(f".svx format version {CURRENT_VERSION}", self)
        facts.addRow("Version:", self.version_label)
        facts.addRow("Licence:", self.licence_label)
        facts.addRow("File format:", self.format_label)
        facts.addRow(
            "Built with:", _label(f"Python {platform.python_version()}, Qt {qt_version}", self)
        )

        folders = QtWidgets.QGroupBox("Where SVX keeps its data", self)
        grid = QtWidgets.QGridLayout(folders)
        self.folder_buttons: dict[str, QtWidgets.QPushButton] = {}
        for row, (what, folder) in enumerate(data_folders()):
            grid.addWidget(_label(f"{what}:", folders), row * 2, 0, 1, 2)
            path = _label(str(folder), folders)
            path.setWordWrap(True)
            path.setMinimumWidth(320)
            grid.addWidget(path, row * 2 + 1, 0)
            button = QtWidgets.QPushButton("Open Folder", folders)
            button.setToolTip(f"Show {folder} in the file manager")
            button.clicked.connect(lambda _checked=False, f=folder: open_folder(f))
            grid.addWidget(button, row * 2 + 1, 1, Qt.AlignmentFlag.AlignTop)
            self.folder_buttons[what] = button
        grid.setColumnStretch(0, 1)

        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        text = QtWidgets.QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        text.addSpacing(6)
        text.addLayout(facts)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        top.addLayout(text, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addWidget(folders)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)


def show_about(parent: QtWidgets.QWidget | None) -> None:
    """Help ▸ About (through ``dialogs.run_modal``, so tests can answer it)."""
    from svx_desktop.ui import dialogs

    dialog = AboutDialog(parent)
    dialogs.run_modal(dialog)
    dialog.deleteLater()
