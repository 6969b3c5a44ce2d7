"""Shared by the live-session window tests: a hosting window, and a window joined to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from svx_desktop.ui import share

WAIT = 20_000


def hosting_window(make_window: Callable[..., Any], bank_path: Path, qtbot: Any) -> Any:
    """A window hosting ``bank_path`` on this computer, once its session runs."""
    window = make_window()
    assert window.open_path(bank_path)
    share.attach(window)
    assert window.live.host()  # starts in the background
    qtbot.waitUntil(lambda: window.live.link is not None, timeout=WAIT)
    assert "connecting" not in window.statusBar().currentMessage(), "connected: no longer said"
    return window


def joined_window(live: Any, url: str, qtbot: Any) -> Any:
    """The new window of a join to ``url`` through ``live``, once connected."""
    connecting = live.join(url)
    qtbot.waitUntil(lambda: connecting.outcome is not None, timeout=WAIT)
    assert connecting.outcome == "ready", connecting.error
    return connecting.result
