"""Unexpected errors: a friendly dialog instead of a traceback, and the map stays open.

``install_excepthook`` replaces ``sys.excepthook``. Qt for Python routes exceptions raised
in slots and event handlers there too, so a bug in one gesture shows a message (with the
traceback under Details, and on stderr) while every window and its map stay as they were;
the user can carry on or save. A failure while reporting falls back to stderr only, so
the hook can never loop. Pending recovery snapshots are written first, so a crash that
follows loses nothing.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

_reporting = False


def _report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _reporting
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(text)
    if _reporting or issubclass(exc_type, KeyboardInterrupt | SystemExit):
        return
    _reporting = True
    try:
        from PySide6.QtWidgets import QApplication

        from svx_desktop.ui import dialogs

        if QApplication.instance() is None:
            return
        _snapshot_every_map()
        parent = QApplication.activeWindow()
        dialogs.show_error(
            parent,
            "Something went wrong.",
            f"{exc_type.__name__}: {exc}\n\nYour map is still open and nothing was lost. "
            "You can carry on; to be safe, save your work now (File ▸ Save As… keeps the "
            "original file untouched).",
            details=text,
        )
    except Exception:  # pragma: no cover - reporting must never raise
        sys.stderr.write("svx-desktop: could not show the error dialog\n")
        traceback.print_exc()
    finally:
        _reporting = False


def _snapshot_every_map() -> None:
    """Write pending recovery snapshots now, in case the error is followed by a crash."""
    from svx_desktop.ui.autosave import AutosaveController
    from svx_desktop.ui.mainwindow import windows

    for window in windows():
        for controller in window.findChildren(AutosaveController):
            try:
                controller.flush()
            except Exception:  # pragma: no cover - a failing snapshot must not stop the report
                traceback.print_exc()


def install_excepthook() -> None:
    sys.excepthook = _report
