"""Sharing a map from the window: File ▸ Export…, Export Again, Print…, Copy as Image/SVG.

``attach(window)`` adds the actions and menu entries (a window extension, like the
workshop toolkit). Every picture is drawn from ``canvas.drawing.scene_drawing`` of the
window's own scene, so what is exported is what the canvas shows, in the light export
theme. File ▸ Export… asks with ``ExportDialog``; **Ctrl+E** exports again to the last
target (or asks, the first time). Files are written atomically (temporary file, rename);
a failure is reported in a message box and leaves any old file as it was. Anything that
takes longer than half a second shows a progress dialog. The copy actions copy the
selection when something is selected, else the whole map.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

from svx_desktop.canvas.drawing import Drawing, scene_drawing
from svx_desktop.fileformat import SvxSaveError, write_bytes_atomic
from svx_desktop.pictures.options import PictureError, PictureOptions
from svx_desktop.pictures.render import (
    picture_bytes,
    png_image,
    print_drawing,
)
from svx_desktop.pictures.svg import drawing_svg
from svx_desktop.ui import dialogs
from svx_desktop.ui.exportdialog import ExportChoice, ExportDialog, ExportRequest, export_choices
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.shortcuts import make_action

#: Export steps shorter than this show no progress dialog.
PROGRESS_AFTER_MS = 500


class Sharing:
    """The export, print and copy actions of one window (``window.sharing``)."""

    def __init__(self, window: MapWindow) -> None:
        self.window = window
        self.last: ExportRequest | None = None
        w = as_widget(window)
        act = partial(make_action, w)
        self.actions: dict[str, QAction] = {
            "export": act("&Export…", self.export_dialog, ["Ctrl+Shift+E"],
                          "Save the map as a picture, a PDF or another tool's format"),
            "export_again": act("Export &Again", self.export_again, ["Ctrl+E"],
                                "Export again to the last target"),
            "print": act("&Print…", self.print_map, ["Ctrl+P"], "Print the map"),
            "preview": act("Print Pre&view…", self.print_preview, [], "Preview the printed map"),
            "copy_image": act("Copy as &Image", self.copy_image, [],
                              "The map (or the selection) as a PNG picture on the clipboard"),
            "copy_svg": act("Copy as S&VG", self.copy_svg, [],
                            "The map (or the selection) as SVG on the clipboard"),
        }  # fmt: skip
        self._build_menus()

    def _build_menus(self) -> None:
        a = self.actions
        menu = self.window.file_menu
        anchor = getattr(self.window, "close_action", None)
        entries = [a["export"], a["export_again"], a["preview"], a["print"]]
        if isinstance(anchor, QAction) and anchor in menu.actions():
            for action in entries:
                menu.insertAction(anchor, action)
            menu.insertSeparator(anchor)
        else:
            menu.addSeparator()
            menu.addActions(entries)
        edit = self.window.edit_menu
        edit.addSeparator()
        edit.addAction(a["copy_image"])
        edit.addAction(a["copy_svg"])

    # ------------------------------------------------------------- drawing
    def drawing(self, selection_only: bool = False, notes: bool = True) -> Drawing:
        return scene_drawing(self.window.scene, selection_only=selection_only, notes=notes)

    def _has_selection(self) -> bool:
        return self.window.scene.selection().count > 0

    def _title(self) -> str:
        vmap = self.window.document.map
        return vmap.meta.title or vmap.organisation.name

    # -------------------------------------------------------------- export
    def export_dialog(self) -> bool:
        """Ask for a format, a file and options, then export; True if a file was written."""
        self.window.commit_typing()
        name = self.window.document.display_name.removesuffix(".svx") or "map"
        dialog = ExportDialog(as_widget(self.window), export_choices(), name, self._has_selection())
        if dialogs.run_modal(dialog) != QDialog.DialogCode.Accepted.value:
            return False
        request = dialog.request()
        if not request.path:
            return False
        return self.export_to(request)

    def export_again(self) -> bool:
        """Export to the last target with the last options (asks the first time)."""
        if self.last is None:
            return self.export_dialog()
        self.window.commit_typing()
        return self.export_to(self.last)

    def export_to(self, request: ExportRequest) -> bool:
        """Write ``request``'s file; a failure is shown and leaves any old file untouched."""
        choice = next((c for c in export_choices() if c.name == request.fmt), None)
        if choice is None:
            return False
        progress = QProgressDialog(
            f"Exporting to {request.path}…", "", 0, 3, as_widget(self.window)
        )
        progress.setCancelButton(None)
        progress.setMinimumDuration(PROGRESS_AFTER_MS)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        try:
            data = self._export_bytes(choice, request, progress)
            progress.setValue(2)
            write_bytes_atomic(data, request.path)
        except (SvxSaveError, PictureError) as e:
            progress.close()
            dialogs.show_error(as_widget(self.window), "The map could not be exported.", str(e))
            return False
        progress.setValue(3)
        self.last = request
        self.window.statusBar().showMessage(f"Exported to {request.path}", 5000)
        return True

    def _export_bytes(
        self, choice: ExportChoice, request: ExportRequest, progress: QProgressDialog
    ) -> bytes:
        opts = request.options
        if choice.write is not None:
            return choice.write(self.window.document.map, opts, self)
        drawing = self.drawing(opts.selection_only, opts.notes)
        progress.setValue(1)
        return picture_bytes(drawing, request.fmt, opts, self._title())

    def map_svg(self) -> str:
        """The whole map as SVG text (for exports that embed the picture)."""
        return drawing_svg(self.drawing())

    # --------------------------------------------------------------- print
    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._title() or "SVX map")
        from svx_desktop.pictures.render import page_layout

        printer.setPageLayout(page_layout("a4", "landscape"))
        return printer

    def print_map(self, printer: QPrinter | None = None) -> bool:
        """File ▸ Print…: Qt's print dialog, then the map (or the selection) on one page."""
        self.window.commit_typing()
        printer = printer or self._printer()
        dialog = QPrintDialog(printer, as_widget(self.window))
        if self._has_selection():
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintSelection, True)
        if dialog.exec() != QDialog.DialogCode.Accepted.value:
            return False
        only = printer.printRange() == QPrinter.PrintRange.Selection
        try:
            print_drawing(self.drawing(selection_only=only), printer)
        except PictureError as e:
            dialogs.show_error(as_widget(self.window), "The map could not be printed.", str(e))
            return False
        return True

    def print_preview(self) -> None:
        printer = self._printer()
        dialog = QPrintPreviewDialog(printer, as_widget(self.window))
        drawing = self.drawing()
        dialog.paintRequested.connect(lambda p: print_drawing(drawing, p))
        dialog.exec()

    # ---------------------------------------------------------------- copy
    def _copy_drawing(self) -> Drawing:
        return self.drawing(selection_only=self._has_selection())

    def copy_image(self) -> None:
        """Edit ▸ Copy as Image: a 2× PNG of the map (or the selection) on the clipboard."""
        image = png_image(self._copy_drawing(), PictureOptions().scale)
        QGuiApplication.clipboard().setImage(image)
        self.window.statusBar().showMessage("Copied the map as an image", 3000)

    def copy_svg(self) -> None:
        """Edit ▸ Copy as SVG: the SVG as ``image/svg+xml`` and as text."""
        text = drawing_svg(self._copy_drawing())
        mime = QMimeData()
        mime.setData("image/svg+xml", text.encode("utf-8"))
        mime.setText(text)
        QApplication.clipboard().setMimeData(mime)
        self.window.statusBar().showMessage("Copied the map as SVG", 3000)


def attach(window: MapWindow) -> Sharing:
    """Give ``window`` its export, print and copy actions (a window extension)."""
    sharing = Sharing(window)
    setattr(window, "sharing", sharing)  # noqa: B010 - not part of the MapWindow protocol
    from svx_desktop.ui import live  # the Share menu: live sessions

    live.attach(window)
    return sharing
