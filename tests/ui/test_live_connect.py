"""Joining and hosting never block the window: "Connecting to …" with Cancel, clear errors.

Each test joins from a real window while a ``QTimer`` ticks in the window's event loop:
the join returns at once, the ticks go on while the session's thread connects, and the end
is an error naming the link and the problem (nobody listening, a server that accepts the
connection and never answers, a wrong token), with no window opened and no thread left.
Cancel stops the attempt the same way. The "silent" server is a listening socket that
nobody accepts from: the system completes the TCP handshake and then nothing is said.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from svx_desktop.ui import share
from svx_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import DialogAnswers

WAIT = 20_000


class Ticker:
    """Counts turns of the event loop (a 10 ms timer) while a session connects."""

    def __init__(self) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(10)

    def _tick(self) -> None:
        self.ticks += 1


@pytest.fixture
def ticker() -> Iterator[Ticker]:
    t = Ticker()
    yield t
    t.timer.stop()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose server accepts TCP connections and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield server.getsockname()[1]


@pytest.fixture
def window(make_window: Callable[..., Any]) -> Any:
    """A window with its Share menu."""
    made = make_window()
    share.attach(made)
    return made


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def _join_fails(window: Any, url: str, ticker: Ticker, qtbot: Any) -> Any:
    before, link = _windows(), window.live.link
    connecting = window.live.join(url)
    # The join came back before anything was known: the answer comes through the loop.
    assert connecting.outcome is None and connecting.isVisible()
    assert "Connecting to" in connecting.label.text() and "token" not in connecting.label.text()
    ticks = ticker.ticks
    qtbot.waitUntil(lambda: connecting.outcome is not None, timeout=WAIT)
    assert connecting.outcome == "failed"
    qtbot.waitUntil(lambda: not connecting.session.alive, timeout=WAIT)
    assert _windows() == before and window.live.link is link and window.live.pending is None
    connecting.ticks = ticker.ticks - ticks
    return connecting


def test_a_join_where_nobody_listens_fails_at_once_with_the_reason(
    window: Any, answers: DialogAnswers, ticker: Ticker, qtbot: Any
) -> None:
    url = f"ws://127.0.0.1:{_free_port()}/room?token=secret"
    connecting = _join_fails(window, url, ticker, qtbot)
    assert "refused" in connecting.error
    shown = answers.texts()[-1]
    assert "Cannot join the live session." in shown
    assert url.split("?")[0] in shown and "secret" not in shown


def test_a_server_that_never_answers_times_out_while_the_window_runs(
    window: Any,
    answers: DialogAnswers,
    ticker: Ticker,
    silent_port: int,
    qtbot: Any,
) -> None:
    window.live.timeout = 1.0
    url = f"ws://127.0.0.1:{silent_port}/room"
    connecting = _join_fails(window, url, ticker, qtbot)
    assert connecting.ticks >= 5  # the event loop kept turning while it waited
    assert "no answer within 1 s" in connecting.error and url in connecting.error
    assert url in answers.texts()[-1]


def test_cancel_stops_the_attempt_and_leaves_nothing_behind(
    window: Any,
    answers: DialogAnswers,
    ticker: Ticker,
    silent_port: int,
    qtbot: Any,
) -> None:
    # the default timeout: only Cancel ends this attempt
    before = _windows()
    connecting = window.live.join(f"ws://127.0.0.1:{silent_port}/room")
    assert not window.live.actions["host"].isEnabled()
    ticks = ticker.ticks
    qtbot.waitUntil(lambda: ticker.ticks >= ticks + 3, timeout=WAIT)
    assert connecting.outcome is None
    connecting.cancel()
    assert connecting.outcome == "cancelled" and not connecting.isVisible()
    qtbot.waitUntil(lambda: not connecting.session.alive, timeout=WAIT)
    qtbot.wait(50)  # a late answer, if any, would be delivered now: it is ignored
    assert connecting.outcome == "cancelled"
    assert _windows() == before and window.live.pending is None
    assert window.live.actions["host"].isEnabled()
    assert answers.texts() == []  # no error for a cancel


def test_a_wrong_token_is_named_as_such(
    make_window: Callable[..., Any],
    bank_path: Path,
    answers: DialogAnswers,
    ticker: Ticker,
    qtbot: Any,
) -> None:
    host = make_window()
    assert host.open_path(bank_path)
    share.attach(host)
    assert host.live.host()
    assert host.live.link is None  # hosting starts in the background too
    qtbot.waitUntil(lambda: host.live.link is not None, timeout=WAIT)
    try:
        editor = host.live.dialog.fields[0].text()
        wrong = editor.split("?token=")[0] + "?token=not-the-token"
        connecting = _join_fails(host, wrong, ticker, qtbot)
        assert "404" in connecting.error and "token" in connecting.error
    finally:
        host.live.leave()
