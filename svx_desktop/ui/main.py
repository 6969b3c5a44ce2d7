"""Application start-up: ``svx-desktop [FILE]``.

Sets the application names (so ``QSettings`` has a home), ignores ``SIGXFSZ`` (a file-size
limit then makes a save fail with a message instead of killing the app), installs the
friendly exception hook, shows a main window and opens ``FILE`` if given; a file that fails
to open leaves the app up with an empty map and a message. Heavy modules (the canvas, the
model, networkx, pydantic) are imported only when the window is being built, the Qt-free
ones before PySide6 (see ``run``).

``SVX_EXIT_AFTER_FIRST_PAINT=1`` makes the app quit as soon as the main window has painted
once (the start-up benchmark uses it).
"""

from __future__ import annotations

import os
import signal
import sys


def _ignore_file_size_signal() -> None:
    sigxfsz = getattr(signal, "SIGXFSZ", None)
    if sigxfsz is not None:
        signal.signal(sigxfsz, signal.SIG_IGN)


def _exit_after_first_paint(window: object) -> None:
    """``SVX_EXIT_AFTER_FIRST_PAINT=1``: quit once the main window has painted.

    Nobody is there to answer a message box in this mode, so every dialog is answered
    "Cancel" (or "OK") at once and its text goes to stderr.
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
    from PySide6.QtWidgets import QDialog, QMessageBox

    from svx_desktop.ui import dialogs

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, QCoreApplication.quit)
            return False

    def answer(dialog: QDialog) -> int:
        if isinstance(dialog, QMessageBox):
            text = " ".join(t for t in (dialog.text(), dialog.informativeText()) if t)
            print(f"svx-desktop: dialog: {text}", file=sys.stderr)
            buttons = QMessageBox.StandardButton
            if dialog.standardButtons() & buttons.Cancel:
                return int(buttons.Cancel.value)
            return int(buttons.Ok.value)
        print(f"svx-desktop: dialog: {dialog.windowTitle()}", file=sys.stderr)
        return int(QDialog.DialogCode.Rejected.value)

    dialogs.set_responder(answer)
    watcher = _FirstPaint(window)  # type: ignore[arg-type]
    window.installEventFilter(watcher)  # type: ignore[attr-defined]


def _preload_qt_free_layers() -> None:
    """Import the model and file format (networkx, pydantic) before PySide6.

    Once PySide6 is loaded, its import hook (shiboken's feature check) runs for every later
    import, which makes networkx and pydantic (hundreds of modules) load about a third
    slower. Must run before anything imports PySide6.
    """
    import svx_desktop.fileformat
    import svx_desktop.model  # noqa: F401


def _parse_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """(files, qt_args): files are the plain arguments after the program name."""
    files = [a for a in argv[1:] if not a.startswith("-")]
    return files, argv


def run(argv: list[str]) -> int:
    """Start the desktop app; returns the exit code."""
    _ignore_file_size_signal()
    if any(a in ("--version", "-V") for a in argv[1:]):
        from svx_desktop import __version__

        print(f"svx-desktop {__version__}")
        return 0
    if any(a in ("--help", "-h") for a in argv[1:]):
        print("usage: svx-desktop [FILE.svx]\n\nOpen FILE (or a new map) in the SVX editor.")
        return 0

    _preload_qt_free_layers()
    from PySide6.QtWidgets import QApplication

    from svx_desktop import __version__
    from svx_desktop.ui.settings import (
        APPLICATION,
        DISPLAY_NAME,
        ORGANISATION,
        ORGANISATION_DOMAIN,
    )

    app = QApplication.instance() or QApplication(argv)
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setOrganizationDomain(ORGANISATION_DOMAIN)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(DISPLAY_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName("svx-desktop")

    from svx_desktop.ui.errors import install_excepthook

    install_excepthook()

    from svx_desktop.editing import Document
    from svx_desktop.ui import autosave, mainwindow
    from svx_desktop.ui.mainwindow import MainWindow
    from svx_desktop.ui.panels import attach_panels
    from svx_desktop.ui.workshop import attach as attach_workshop

    # Every window gets the panels, recovery snapshots of its map and the workshop toolkit.
    for extension in (attach_panels, autosave.attach, attach_workshop):
        if extension not in mainwindow.window_extensions:
            mainwindow.window_extensions.append(extension)

    files, _ = _parse_args(QApplication.arguments())
    # Load the first file before the window exists, so the first paint shows the map. If it
    # fails, the window comes up empty and ``open_path`` then shows the loader's message.
    document: Document | None = None
    failed: list[str] = []
    if files:
        try:
            document = Document.open(files[0])
        except Exception:
            failed.append(files[0])
    window = MainWindow(document)
    if os.environ.get("SVX_EXIT_AFTER_FIRST_PAINT") == "1":
        _exit_after_first_paint(window)
    window.show()
    # What remains may tell the user something; a message box paints the window behind it
    # first, so it appears over the map.
    if document is not None:
        window.opened(document)
    for path in failed:
        window.open_path(path)  # shows why it cannot be opened
    for path in files[1:]:
        other = MainWindow()
        if other.open_path(path):
            other.show()
        else:
            other.close()
    # Maps left unsaved by a crash or a kill: offered now, dirty and without a file (never
    # over the file on disk); the first takes the empty window, others get their own.
    for recovered in autosave.offer_recovery(window):
        window.show_document(recovered)
    return int(app.exec())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(sys.argv))
