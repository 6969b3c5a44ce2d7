"""The view-and-contribute page's picture, drawn by the desktop app on its Qt thread.

The session host (Qt-free, in its own thread) asks for a drawing through its
``render_svg`` (``live.picture``), called in a worker thread. ``WindowRenderer`` is that
callable for a window: it posts a request to the GUI thread through a queued signal, where
the window's own map (the same content as the host's) is drawn by the export renderer
(``pictures.formats.map_svg``, the SVG ``svx export`` writes), and waits for the text; the
host's loop and its edits go on meanwhile, and the window draws only when asked (at most
once per ``live.picture.RENDER_INTERVAL``, and only while a page is open). A window that
went away or stopped (``close``, when the session is left), or a drawing that fails or
takes longer than ``TIMEOUT``, makes it raise: the page then gets the plain picture.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from svx_desktop.ui.protocols import MapWindow, as_widget

#: Longest wait for the window to draw, in seconds.
TIMEOUT = 30.0


class _Job:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.svg: str | None = None
        self.error: Exception | None = None


class WindowRenderer(QObject):
    """``render_svg`` drawing a window's map on the GUI thread (see the module docstring)."""

    requested = Signal(object)
    #: It draws the window's own map: the host need not serialise its copy (``live.picture``).
    wants_document = False

    def __init__(self, window: MapWindow) -> None:
        super().__init__(as_widget(window))
        self.window = window
        self.closed = False
        self._jobs: set[_Job] = set()
        self._lock = threading.Lock()
        self.requested.connect(self._draw, Qt.ConnectionType.QueuedConnection)
        as_widget(window).destroyed.connect(lambda *_: self.close())

    def close(self) -> None:
        """Draw no more: a drawing still asked for ends at once (the session is over)."""
        with self._lock:
            self.closed = True
            jobs, self._jobs = self._jobs, set()
        for job in jobs:
            job.error = RuntimeError("the window stopped drawing the page")
            job.done.set()

    def __call__(self, _document: dict[str, Any]) -> str:
        job = _Job()
        with self._lock:
            if self.closed:
                raise RuntimeError("the window stopped drawing the page")
            self._jobs.add(job)
        try:
            self.requested.emit(job)  # RuntimeError once the window is gone: the page goes plain
            finished = job.done.wait(TIMEOUT)
        finally:
            with self._lock:
                self._jobs.discard(job)
        if not finished:
            raise TimeoutError("the window did not draw the map in time")
        if job.error is not None:
            raise job.error
        assert job.svg is not None
        return job.svg

    def _draw(self, job: _Job) -> None:
        from svx_desktop.pictures.formats import map_svg

        if job.done.is_set():  # closed meanwhile
            return
        try:
            job.svg = map_svg(self.window.document.map)
        except Exception as e:  # reported to the host, which shows the plain picture
            job.error = e
        finally:
            job.done.set()
