"""File ▸ Export…, Export Again, Print… and Copy as Image/SVG on a real window."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from svx_desktop.ui import share
from svx_desktop.ui.exportdialog import ExportDialog
from svx_desktop.ui.settings import settings
from tests.ui.conftest import DialogAnswers


def _window(make_window: Callable[..., object], bank_path: Path) -> object:
    window = make_window()
    assert window.open_path(bank_path)  # type: ignore[attr-defined]
    share.attach(window)  # type: ignore[arg-type]
    return window


def test_export_dialog_writes_the_file_and_ctrl_e_writes_it_again(
    make_window: Callable[..., object],
    bank_path: Path,
    tmp_path: Path,
    answers: DialogAnswers,
) -> None:
    window = _window(make_window, bank_path)
    sharing = window.sharing  # type: ignore[attr-defined]
    target = tmp_path / "out" / "bank.svg"
    target.parent.mkdir()
    seen: list[ExportDialog] = []

    def respond(dialog: QDialog) -> int:
        assert isinstance(dialog, ExportDialog)
        seen.append(dialog)
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("svg"))
        dialog.path_edit.setText(str(target))
        return int(QDialog.DialogCode.Accepted.value)

    from svx_desktop.ui import dialogs

    dialogs.set_responder(respond)
    try:
        assert sharing.actions["export"].isEnabled()
        sharing.actions["export"].trigger()
    finally:
        dialogs.set_responder(answers)
    root = ET.parse(target).getroot()
    assert root.tag.endswith("svg")
    assert settings().value("export/format") == "svg"
    assert settings().value("export/folder") == str(target.parent)
    target.unlink()
    assert "Ctrl+E" in [k.toString() for k in sharing.actions["export_again"].shortcuts()]
    sharing.actions["export_again"].trigger()
    assert target.exists() and len(seen) == 1


def test_a_failed_export_says_so_and_writes_nothing(
    make_window: Callable[..., object], bank_path: Path, tmp_path: Path, answers: DialogAnswers
) -> None:
    from svx_desktop.pictures.options import PictureOptions
    from svx_desktop.ui.exportdialog import ExportRequest

    window = _window(make_window, bank_path)
    target = tmp_path / "missing" / "bank.png"
    ok = window.sharing.export_to(ExportRequest(str(target), "png", PictureOptions()))  # type: ignore[attr-defined]
    assert not ok and not target.parent.exists()
    assert any("could not be exported" in t for t in answers.texts())


def test_print_opens_the_dialog_and_prints_to_pdf(
    make_window: Callable[..., object], bank_path: Path, tmp_path: Path
) -> None:
    window = _window(make_window, bank_path)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    opened: list[str] = []

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintDialog):
            opened.append(dialog.windowTitle())
            dialog.accept()
        else:
            QTimer.singleShot(50, accept)

    QTimer.singleShot(0, accept)
    assert window.sharing.print_map(printer)  # type: ignore[attr-defined]
    assert opened
    assert out.read_bytes().startswith(b"%PDF")


def test_copy_as_image_and_as_svg(make_window: Callable[..., object], bank_path: Path) -> None:
    window = _window(make_window, bank_path)
    clipboard = QGuiApplication.clipboard()
    window.sharing.actions["copy_image"].trigger()  # type: ignore[attr-defined]
    image = QImage(clipboard.image())
    assert not image.isNull() and image.width() > 800
    window.sharing.actions["copy_svg"].trigger()  # type: ignore[attr-defined]
    mime = clipboard.mimeData()
    assert mime.hasFormat("image/svg+xml")
    root = ET.fromstring(bytes(mime.data("image/svg+xml").data()))
    cards = [
        g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "stakeholder"
    ]
    assert len(cards) == len(window.document.map.stakeholders)  # type: ignore[attr-defined]


def test_the_dialog_lists_the_data_formats_too(
    make_window: Callable[..., object], bank_path: Path, tmp_path: Path
) -> None:
    from svx_desktop.pictures.options import PictureOptions
    from svx_desktop.ui.exportdialog import ExportRequest, export_choices

    names = [c.name for c in export_choices()]
    assert names[:3] == ["svg", "png", "pdf"] and {"csv", "html", "graphml"} <= set(names)
    window = _window(make_window, bank_path)
    for fmt in ("csv", "html"):
        target = tmp_path / f"bank.{fmt}"
        assert window.sharing.export_to(ExportRequest(str(target), fmt, PictureOptions()))  # type: ignore[attr-defined]
        assert target.stat().st_size > 0
    assert "data:image/svg+xml;base64," in (tmp_path / "bank.html").read_text(encoding="utf-8")


def test_every_mnemonic_in_the_dialog_has_a_target(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A label's "&" underlines a key only when the label has a buddy; without one the
    dialog showed "F&ile:" literally."""
    from PySide6.QtWidgets import QLabel

    from svx_desktop.ui.exportdialog import export_choices

    dialog = ExportDialog(None, export_choices(), "bank", False)
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.findChildren(QLabel) if "&" in w.text().replace("&&", "")]
    assert labels, "the form's labels carry mnemonics"
    assert all(label.buddy() is not None for label in labels), [
        label.text() for label in labels if label.buddy() is None
    ]
