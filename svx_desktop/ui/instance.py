"""One SVX per user: a second start hands its files to the running one and exits.

The running app listens on a local socket (``QLocalServer``; a socket file in the user's
runtime folder on Unix, a named pipe on Windows) named for the user (``server_name``). A start first
takes a short per-user lock (``QLockFile``), so two starts at the same instant take turns.
Under the lock: when no socket exists at all (Unix), this start is the running instance and
keeps the lock until it listens, on the first turn after its first paint (QtNetwork then
loads off the start-up path); else it connects, sends its files (absolute paths, one JSON
line), waits for the answer and exits. If nobody answers the connect, the socket is a
crashed instance's leftover: it is removed (``QLocalServer.removeServer``) and this start
listens at once. Only the lock holder ever listens, so two racing starts cannot both become
the server. An instance that takes a connection but never answers within
``ANSWER_TIMEOUT_MS`` is left alone and this start runs on its own.

The running instance opens each file it is handed with ``open_in_app``: a file already open
in a window raises that window (paths compared resolved), else it opens in the blank
untitled window if there is one, else in a new window; no file gives a new empty window.
macOS hands files to an app as ``QFileOpenEvent`` (a double-click in Finder), never as
arguments: ``open_file_event`` routes them to ``open_in_app`` too, called by the app's own
``QApplication.event`` (``ui.main``) or, on an application made elsewhere, by a
``FileOpenFilter`` installed on it.

``--new-instance`` or ``SVX_NO_SINGLE_INSTANCE=1`` start an independent process that
neither connects nor listens (the tests set it for every subprocess they start);
``SVX_INSTANCE_NAME`` replaces the per-user name (tests and benchmarks use their own).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QLockFile, QObject, QTimer

if TYPE_CHECKING:
    from svx_desktop.ui.mainwindow import MainWindow

NEW_INSTANCE_FLAG = "--new-instance"
OFF_ENV = "SVX_NO_SINGLE_INSTANCE"
NAME_ENV = "SVX_INSTANCE_NAME"
CONNECT_TIMEOUT_MS = 1000
ANSWER_TIMEOUT_MS = 10000
LOCK_TIMEOUT_MS = 10000
MAX_REQUEST = 1 << 20  # bytes: a request is a list of paths, never more than this
ANSWER = b"ok\n"


def enabled(argv: Sequence[str]) -> bool:
    """False when this start runs on its own (``--new-instance``, ``SVX_NO_SINGLE_INSTANCE``)."""
    return NEW_INSTANCE_FLAG not in argv[1:] and os.environ.get(OFF_ENV, "") in ("", "0")


def _user() -> str:
    for key in ("LOGNAME", "USER", "USERNAME"):  # as getpass.getuser, without its imports
        if os.environ.get(key):
            return os.environ[key]
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return "user"


def _temp_folder() -> str:
    """``QDir.tempPath()``: on Linux without ``TMPDIR`` that is "/tmp", known without
    setting up ``QDir`` (and its enums) before the first paint."""
    if sys.platform.startswith("linux") and not os.environ.get("TMPDIR"):
        return "/tmp"
    from PySide6.QtCore import QDir

    return QDir.tempPath()


def server_name() -> str:
    """The socket's name: one per user (and per ``SVX_INSTANCE_NAME`` when set).

    On Unix it is a path in ``$XDG_RUNTIME_DIR`` when there is one (a folder only the user
    can enter, so nobody else can take the name or listen in), else in the temporary folder;
    on Windows, a pipe name.
    """
    name = os.environ.get(NAME_ENV) or f"svx-desktop-{re.sub(r'[^A-Za-z0-9_.-]', '_', _user())}"
    if sys.platform == "win32":
        return name
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = runtime if runtime and os.path.isdir(runtime) else _temp_folder()
    return os.path.join(folder, name[:64])


def encode_request(files: Sequence[str]) -> bytes:
    """The line a second start sends: its files as absolute paths."""
    import json  # only a second start needs it

    paths = [os.path.abspath(f) for f in files]
    return json.dumps({"files": paths}).encode("utf-8") + b"\n"


def decode_request(data: bytes) -> list[str] | None:
    """The files of a request line, or ``None`` when it is not one."""
    import json

    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    files = value.get("files") if isinstance(value, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return files


def _hand_over(name: str, files: Sequence[str]) -> bool | None:
    """Send ``files`` to a running instance: True when it took them, None when nobody
    listens, False when somebody listens but does not answer."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    socket.write(encode_request(files))
    socket.flush()
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == ANSWER


class Server(QObject):
    """The running instance's end: takes requests and opens their files."""

    def __init__(
        self, name: str, open_files: Callable[[list[str]], object], parent: QObject | None = None
    ) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = name
        self.open_files = open_files
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._take_connections)

    def listen(self) -> bool:
        """Listen on ``name``; a leftover socket of a crashed instance is removed first."""
        if self.server.listen(self.name):
            return True
        self.server.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _take_connections(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(socket: Any = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(socket.readAll().data()))
                if len(buffer) > MAX_REQUEST:
                    socket.abort()
                    return
                if not buffer.endswith(b"\n"):
                    return
                files = decode_request(bytes(buffer))
                if files is None:
                    socket.abort()
                    return
                socket.write(ANSWER)
                socket.flush()
                socket.disconnectFromServer()
                QTimer.singleShot(0, lambda: self.open_files(files))

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            read()


class Instance:
    """This start as the running instance: it holds the lock until it listens.

    ``listen`` (the app calls it on the first turn after the first paint) starts the server
    and lets the next start in; a start that waits meanwhile finds it listening.
    ``close`` stops listening (removing the socket) or just gives the lock back.
    """

    def __init__(
        self, name: str, lock: QLockFile | None, open_files: Callable[[list[str]], object]
    ) -> None:
        self.name = name
        self.lock = lock
        self.open_files = open_files
        self.server: Server | None = None

    def listen(self) -> bool:
        """Listen, if this start holds the lock (else it runs on its own): True if it does."""
        if self.lock is None:
            return False
        try:
            self.server = Server(self.name, self.open_files, QCoreApplication.instance())
            if self.server.listen():
                return True
            error = self.server.server.errorString()
            print(f"svx-desktop: cannot listen on {self.name}: {error}", file=sys.stderr)
            return False
        finally:
            self.lock.unlock()
            self.lock = None

    def close(self) -> None:
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None
        if self.server is not None:
            self.server.close()


def _nobody_listens(name: str) -> bool:
    """True when surely no instance listens: on Unix its socket file does not exist (a
    named pipe on Windows leaves no file: there the connect attempt has to tell)."""
    return sys.platform != "win32" and not os.path.exists(name)


def claim(files: Sequence[str], open_files: Callable[[list[str]], object]) -> Instance | None:
    """Become the running instance, or hand ``files`` to the one that runs (returns
    ``None``: this start should exit). Needs a ``QCoreApplication``.

    Under the per-user lock: with no socket at all this start is the running instance and
    keeps the lock until ``Instance.listen`` (so QtNetwork loads after the first paint);
    else it connects, and when nobody answers there (the socket of a crashed instance) it
    listens at once. A start that cannot take the lock, or meets an instance that does not
    answer, runs on its own (an ``Instance`` that never listens).
    """
    name = server_name()
    # beside the socket on Unix; in the temporary folder for a Windows pipe name
    lock = QLockFile(f"{name if os.path.isabs(name) else os.path.join(_temp_folder(), name)}.lock")
    if not lock.tryLock(LOCK_TIMEOUT_MS):
        print(f"svx-desktop: {lock.fileName()} stays locked: starting on its own", file=sys.stderr)
        return Instance(name, None, open_files)
    running = Instance(name, lock, open_files)
    if _nobody_listens(name):
        return running
    try:
        handed = _hand_over(name, files)
    except BaseException:
        running.close()
        raise
    if handed:
        running.close()
        print("svx-desktop: handed over to the SVX already running", file=sys.stderr)
        return None
    if handed is False:
        running.close()
        print("svx-desktop: the running SVX does not answer; starting alone", file=sys.stderr)
        return Instance(name, None, open_files)
    running.listen()  # a stale socket: removed, and listening now
    return running


# ------------------------------------------------------------ opening files
def bring_forward(window: MainWindow) -> None:
    """Show, raise and activate ``window`` (un-minimised)."""
    from PySide6.QtCore import Qt

    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def open_in_app(path: str | os.PathLike[str]) -> MainWindow | None:
    """Open ``path`` as a file handed from outside (a second start, Finder): the window
    that has it already comes forward; else the blank window or a new one opens it. Returns
    the window showing it, or None when it could not be opened (the loader said why)."""
    from svx_desktop.ui.mainwindow import MainWindow, window_for, windows

    existing = window_for(Path(path))
    if existing is not None:
        bring_forward(existing)
        return existing
    blank = [w for w in windows() if w.isVisible() and w.is_blank()]
    window = blank[0] if blank else MainWindow()
    if window.open_path(path):
        bring_forward(window)
        return window
    if not blank:
        window.close()
    return None


def open_request(files: Sequence[str]) -> None:
    """What a second start asked for: its files, or a new empty window."""
    from svx_desktop.ui.mainwindow import MainWindow

    for path in files:
        print(f"svx-desktop: opening {path} from another start", file=sys.stderr)
        open_in_app(path)
    if not files:
        bring_forward(MainWindow())


def open_file_event(event: QEvent) -> bool:
    """Open the file of a ``QFileOpenEvent`` (macOS Finder, Dock) with ``open_in_app`` on
    the next turn; True if ``event`` was one (it is then handled)."""
    if event.type() == QEvent.Type.FileOpen:
        file = getattr(event, "file", lambda: "")()
        if file:
            QTimer.singleShot(0, lambda: open_in_app(file))
            return True
    return False


class FileOpenFilter(QObject):
    """``open_file_event`` as an event filter, for an application made elsewhere.

    An application-wide filter puts every event of every object through Python; the app
    makes its own ``QApplication`` with an ``event`` override instead (``ui.main``).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return open_file_event(event) or super().eventFilter(watched, event)
