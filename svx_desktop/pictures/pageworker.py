"""The export renderer's SVG for ``svx serve``'s view-and-contribute page, in a child process.

``svx serve`` has no window and its session host must stay responsive, so the map is drawn
by a child process (``python -m svx_desktop.pictures.pageworker``) on Qt's offscreen
platform, chosen for it before Qt starts. ``ProcessRenderer`` is the host's ``render_svg``:
called in a worker thread with the map's document, it sends the ``.svx`` bytes to the
child and returns the SVG text it draws (``formats.map_svg``, the same picture ``svx export``
writes). Messages are an 8-byte big-endian length and the bytes. The child is started on
the first drawing and ends when its input closes (``close``, or the host's process ending);
if it cannot start or dies, the renderer says so by raising and the page gets the plain
picture; after ``MAX_FAILURES`` failures in a row it stops trying.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from typing import IO, Any

MAX_FAILURES = 3


def _send(stream: IO[bytes], data: bytes) -> None:
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    head = stream.read(8)
    if len(head) < 8:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    return data if len(data) == size else None


class ProcessRenderer:
    """``render_svg`` drawing in a child process (see the module docstring)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.failures = 0

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            self._process = subprocess.Popen(
                [sys.executable, "-m", "svx_desktop.pictures.pageworker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        return self._process

    def __call__(self, document: dict[str, Any]) -> str:
        from svx_desktop.fileformat.serialize import document_bytes

        with self._lock:
            if self.failures >= MAX_FAILURES:
                raise RuntimeError("the picture worker failed too often")
            try:
                process = self._start()
                assert process.stdin is not None and process.stdout is not None
                _send(process.stdin, document_bytes(document))
                reply = _receive(process.stdout)
            except OSError as e:
                reply = None
                error = str(e)
            else:
                error = "the picture worker stopped"
            if reply is None:
                self.failures += 1
                self.close()
                raise RuntimeError(error)
            self.failures = 0
            return reply.decode("utf-8")

    def close(self) -> None:
        """End the child (its input closes; it is killed if it does not end)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def main() -> int:
    """The child: read maps, write their SVG, until the input closes."""
    from svx_desktop.fileformat import SvxLoadError, loads
    from svx_desktop.pictures.formats import map_svg
    from svx_desktop.pictures.headless import ensure_gui

    ensure_gui()
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        data = _receive(source)
        if data is None:
            return 0
        try:
            svg = map_svg(loads(data, "<live session>").map)
        except SvxLoadError as e:
            print(f"svx picture worker: {e}", file=sys.stderr)
            svg = ""
        _send(sink, svg.encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
