"""Shared helpers for the workshop toolkit tests (command bar, arrange, find, …)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from svx_desktop.ui import mainwindow, workshop


@pytest.fixture
def kit_window(make_window, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A shown main window with the workshop toolkit, built as the app builds windows."""
    monkeypatch.setattr(mainwindow, "window_extensions", [workshop.attach])

    def make(document=None, show: bool = True):
        return make_window(document, show=show)

    yield make


def structure(vmap) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [
        (s.name, s.category, [(f.direction.value, f.label) for f in vmap.flows_of(s.id)])
        for s in vmap.stakeholders
    ]
