"""Application start-up: ``svx-desktop [FILE]``.

Sets the application names (so ``QSettings`` has a home), ignores ``SIGXFSZ`` (a file-size
limit then makes a save fail with a message instead of killing the app), installs the
friendly exception hook, shows a main window and opens ``FILE`` if given; a file that fails
to open leaves the app up with an empty map and a message.

Start-up is ordered for a fast first paint: the window with its menus, status bar and map
paints first; what it does not need for that comes one event-loop turn after the first
paint, each step on its own turn (``_Startup``): the panels and recovery snapshots of the
first window, the command-line file (the status bar says "Opening …" meanwhile), the
recovery offer, then networkx and the file-format schema are imported ahead of the first
edit and the first Open. The model and the file format themselves are light; networkx and
pydantic load on first use (see ``model.valuemap`` and ``fileformat.load``).

One SVX runs per user: a start while it runs hands its files over and exits
(``ui.instance``, which also opens the files macOS sends as ``QFileOpenEvent``).

``SVX_EXIT_AFTER_FIRST_PAINT=1`` makes the app quit once the main window has painted and
the deferred start-up steps have run (tests and the start-up benchmark use it; every
dialog is answered at once). ``SVX_STARTUP_TIMES=1`` prints ``svx-desktop: startup EVENT
SECONDS`` lines to stderr (``time.time()``) for the first paint, the first paint showing
the command-line map, and the end of the deferred steps (``ready``).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from svx_desktop.ui.mainwindow import MainWindow


def _ignore_file_size_signal() -> None:
    # ``_signal`` is the C module behind ``signal``: the same call, without ``signal``
    # building its three enums of signal names (~1.5 ms) before the first paint
    import _signal  # type: ignore[import-not-found]  # no stub; signal wraps it

    sigxfsz = getattr(_signal, "SIGXFSZ", None)
    if sigxfsz is not None:
        _signal.signal(sigxfsz, _signal.SIG_IGN)


def _answer_dialogs_at_once() -> None:
    """``SVX_EXIT_AFTER_FIRST_PAINT=1``: nobody is there to answer a message box, so every
    dialog is answered "Cancel" (or "OK") at once and its text goes to stderr."""
    from svx_desktop.ui import dialogs

    def answer(dialog: QDialog) -> int:
        # imported here: a real start-up does not create the dialog classes before the
        # first paint either
        from PySide6.QtWidgets import QDialog, QMessageBox

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


def _report_time(event: str) -> None:
    if os.environ.get("SVX_STARTUP_TIMES") == "1":
        print(f"svx-desktop: startup {event} {time.time():.6f}", file=sys.stderr, flush=True)


def _after_next_paint(widget: QWidget, callback: Callable[[], object]) -> None:
    """Call ``callback`` on the event-loop turn after ``widget`` next paints."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _NextPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                self.deleteLater()
                QTimer.singleShot(0, callback)
            return False

    widget.installEventFilter(_NextPaint(widget))


class _Startup:
    """What the first window does not need for its first paint, one step per turn after it.

    Each step is a separate event-loop turn, so input and repaints go on in between. A
    window that is never painted (minimised at start) still gets its steps after a second.
    """

    def __init__(
        self,
        window: MainWindow,
        extensions: list[Callable[[MainWindow], object]],
        files: list[str],
        exit_when_done: bool,
    ) -> None:
        self.window = window
        self.extensions = extensions
        self.files = files
        self.exit_when_done = exit_when_done
        self.started = False
        # The panels come first: a file then opens into the canvas at its final size,
        # framed exactly as File ▸ Open frames it.
        self.steps: list[Callable[[], object]] = [
            _set_window_icon,
            self.attach_extensions,
            self.open_files,
            self.offer_recovery,
            self.warm_up_editors,
            _warm_up_model,
            _warm_up_pydantic,
            _warm_up_fileformat,
        ]

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        _after_next_paint(self.window, self.first_painted)
        QTimer.singleShot(1000, self.first_painted)  # never painted: go on anyway

    def first_painted(self) -> None:
        if self.started:
            return
        self.started = True
        _report_time("first-paint")
        gc.enable()  # paused by ``run`` until the first paint
        self.next_step()

    def next_step(self) -> None:
        from PySide6.QtCore import QCoreApplication, QTimer

        if not self.steps:
            _report_time("ready")
            if self.exit_when_done:
                QCoreApplication.quit()
            return
        step = self.steps.pop(0)
        try:
            step()
        finally:
            QTimer.singleShot(0, self.next_step)

    def attach_extensions(self) -> None:
        """The first window's panels and recovery snapshots; later windows get them built in."""
        from svx_desktop.ui import mainwindow

        for extension in self.extensions:
            if extension not in mainwindow.window_extensions:
                mainwindow.window_extensions.append(extension)
        window = self.window
        if window in mainwindow.windows():
            window.extend(self.extensions)

    def open_files(self) -> None:
        """``svx-desktop FILE…``: the first file in the first window, others in their own."""
        from PySide6.QtCore import QTimer

        from svx_desktop.ui import instance

        if not self.files:
            return
        first, *others = self.files
        window = self.window
        if window in _live_windows():
            waiting = window.view
            # A file that cannot be opened shows the loader's message; the empty map stays.
            if window.open_path(first):
                _after_next_paint(window.view.viewport(), lambda: _report_time("map-shown"))
            else:
                waiting.show()
                # The canvas was hidden while the file loaded: its zoom was worked out
                # for no size at all. Fit the map it falls back to, now and once laid out.
                window.frame_map(fit=True)
                QTimer.singleShot(0, lambda: window.frame_map(fit=True))
                bar = window.statusBar()
                if bar.currentMessage().startswith("Opening "):
                    bar.showMessage(window.empty_map_hint)
        for path in others:  # a file given twice comes forward instead of a blank window
            instance.open_in_app(path)

    def offer_recovery(self) -> None:
        """Maps left unsaved by a crash or a kill: offered now, dirty and without a file
        (never over the file on disk); the first takes the empty window, others get their
        own."""
        from svx_desktop.ui import autosave

        window = self.window
        parent = window if window in _live_windows() else None
        for recovered in autosave.offer_recovery(parent):
            if parent is not None:
                parent.show_document(recovered)
            else:
                from svx_desktop.ui.mainwindow import MainWindow

                other = MainWindow(recovered)
                other.show()
                other.opened(recovered)

    def warm_up_editors(self) -> None:
        """Build the canvas's inline editor now, so the first name typed does not wait."""
        if self.window in _live_windows():
            self.window.view.editing.line  # noqa: B018 - built on first access


def _live_windows() -> list[Any]:
    from svx_desktop.ui import mainwindow

    return mainwindow.windows()


def _set_window_icon() -> None:
    """Every window's icon (from the SVG master); the first paint does not need it."""
    from PySide6.QtWidgets import QApplication

    from svx_desktop.ui.about import app_icon

    QApplication.setWindowIcon(app_icon())


def _warm_up_model() -> None:
    """Import networkx and the placer now, so the first stakeholder added does not wait."""
    import networkx  # noqa: F401

    import svx_desktop.model.placement  # noqa: F401


def _warm_up_pydantic() -> None:
    """Import pydantic (a step of its own: each step holds up input for its duration)."""
    import pydantic  # noqa: F401


def _warm_up_fileformat() -> None:
    """Build the file format's validator now, so the first Open does not wait for it."""
    from svx_desktop.fileformat.plain import plain_validator

    plain_validator()


def _preload_qt_free_layers() -> None:
    """Import the model and file format before PySide6.

    Once PySide6 is loaded, its import hook (shiboken's feature check) runs for every later
    import statement and reads each new module's source, which makes imports slower. Must
    run before anything imports PySide6. Besides the two packages, the Qt-free modules the
    canvas and the first window import (arrow geometry, label stacks, the category guesser,
    the lock beside a file). (The placer, networkx and pydantic load after the first paint,
    ``_warm_up_model``.)
    """
    import svx_desktop.fileformat
    import svx_desktop.model
    import svx_desktop.model.guess
    import svx_desktop.model.legible
    import svx_desktop.model.stacks
    import svx_desktop.storage.lock  # noqa: F401


def _quicker_pyside_module_check() -> None:
    """Make PySide6's check of each newly imported module read the file, not its lines.

    For ``from __feature__ import …``, PySide6 asks of every module imported after it whether
    its source mentions "PySide6", through ``inspect.getsource`` (a tokenizer pass and a
    line cache kept for the life of the app): about 0.15 ms a module, some 35 of SVX's
    before the first paint and a few hundred (networkx, pydantic) in the steps after it.
    The same question is answered here from the file's bytes. A PySide6 without this private
    hook (``shibokensupport.feature._mod_uses_pyside``) is left as it is; modules that are
    not plain ``.py`` files still get PySide6's own answer.
    """
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if not callable(check) or getattr(check, "svx_quick", False):
        return

    def mentions_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(check(module))

    mentions_pyside.svx_quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mentions_pyside  # type: ignore[union-attr]


# What the app adds to every main window (``mainwindow.window_extensions``), imported when
# first used: the first window gets them on the turn after its first paint.
def _attach_panels(window: MainWindow) -> object:
    from svx_desktop.ui.panels import attach_panels

    return attach_panels(window)


def _attach_autosave(window: MainWindow) -> object:
    from svx_desktop.ui import autosave

    return autosave.attach(window)


def _attach_workshop(window: MainWindow) -> object:
    from svx_desktop.ui import workshop

    return workshop.attach(window)


def _attach_sharing(window: MainWindow) -> object:
    from svx_desktop.ui import share

    return share.attach(window)


def _attach_journeys(window: MainWindow) -> object:
    from svx_desktop.ui import journeymode

    return journeymode.attach(window)


def _application(argv: list[str]) -> QApplication:
    """The running ``QApplication``, made here unless one exists, that opens the files
    macOS sends as ``QFileOpenEvent`` (``instance.open_file_event``).

    Our own application's ``event`` sees only the events sent to the application object,
    as those are. An application-wide event filter would see every event of every object
    in Python, and the first widget it is handed makes PySide6 set up every QtWidgets
    class: about 170 ms before the first paint. An application made elsewhere (tests) gets
    the filter.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from svx_desktop.ui import instance

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        existing.installEventFilter(instance.FileOpenFilter(existing))
        return existing

    class _Application(QApplication):
        def event(self, event: QEvent) -> bool:
            return instance.open_file_event(event) or super().event(event)

    return _Application(argv)


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
        print(
            "usage: svx-desktop [--new-instance] [FILE.svx ...]\n\n"
            "Open FILE (or a new map) in the SVX editor. While SVX runs, a file opened again\n"
            "goes to a new window of the running SVX; --new-instance starts another one."
        )
        return 0

    # Start-up allocates a great many objects that all stay alive (modules, classes, Qt
    # types and enums); the cyclic collector would only re-scan them. It is paused until
    # the first paint (``_Startup.first_painted``).
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: list[str]) -> int:
    _preload_qt_free_layers()
    from PySide6.QtWidgets import QApplication

    _quicker_pyside_module_check()

    from svx_desktop import __version__
    from svx_desktop.ui.settings import (
        APPLICATION,
        DISPLAY_NAME,
        ORGANISATION,
        ORGANISATION_DOMAIN,
    )

    app = _application(argv)
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setOrganizationDomain(ORGANISATION_DOMAIN)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(DISPLAY_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName("svx-desktop")

    from svx_desktop.ui.errors import install_excepthook

    install_excepthook()

    from svx_desktop.ui import instance
    from svx_desktop.ui.mainwindow import MainWindow

    files, _ = _parse_args(QApplication.arguments())
    running = None
    if instance.enabled(argv):
        running = instance.claim(files, instance.open_request)
        if running is None:
            return 0  # the SVX already running opened the files
    exit_after_first_paint = os.environ.get("SVX_EXIT_AFTER_FIRST_PAINT") == "1"
    if exit_after_first_paint:
        _answer_dialogs_at_once()
    window = MainWindow()
    if files:
        # Opened on the turn after the first paint; meanwhile the status bar says so and
        # the canvas waits hidden (not showing an empty map that is about to be replaced).
        window.statusBar().showMessage(f"Opening {os.path.basename(files[0])}…")
        window.view.hide()
    extensions: list[Callable[[MainWindow], object]] = [
        _attach_panels,
        _attach_autosave,
        _attach_workshop,
        _attach_sharing,
        _attach_journeys,
    ]
    startup = _Startup(window, extensions, files, exit_after_first_paint)
    if running is not None:
        startup.steps.insert(0, running.listen)  # the next start waits for this
    startup.start()
    window.show()
    try:
        return int(app.exec())
    finally:
        if running is not None:
            running.close()  # removes the socket, so the next start need not clean up


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(sys.argv))
