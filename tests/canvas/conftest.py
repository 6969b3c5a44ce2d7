"""Fixtures for canvas tests: a real document, scene and view, shown offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsItem

from svx_desktop.canvas import CanvasController, MapScene, MapView
from svx_desktop.editing import Document

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
BANK = Path(__file__).resolve().parents[2] / "resources" / "examples" / "bank.svx"


class Canvas:
    """A document with its scene and a shown view, plus helpers to act like a user."""

    def __init__(self, qtbot, document: Document) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.document = document
        self.map = document.map
        self.scene = MapScene(document.map)
        self.controller = CanvasController(document, self.scene)
        self.view = MapView(self.controller)
        qtbot.addWidget(self.view)
        self.view.resize(1280, 720)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.view.activateWindow()
        self.view.setFocus()
        QApplication.processEvents()

    @property
    def viewport(self):  # type: ignore[no-untyped-def]
        return self.view.viewport()

    def at(self, scene_pos: QPointF) -> QPoint:
        return self.view.mapFromScene(scene_pos)

    def centre_of(self, item: QGraphicsItem) -> QPoint:
        return self.at(item.sceneBoundingRect().center())

    def key(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.qtbot.keyClick(self.focus_widget(), key, modifier)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus_widget(), text)

    def focus_widget(self):  # type: ignore[no-untyped-def]
        editor = self.view.editing.active_editor()
        return editor.widget if editor is not None else self.view

    def double_click(self, pos: QPoint) -> None:
        self.qtbot.mouseDClick(self.viewport, Qt.MouseButton.LeftButton, pos=pos)

    def click(self, pos: QPoint, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.mouseClick(self.viewport, Qt.MouseButton.LeftButton, modifier, pos)

    def drag(self, start: QPoint, end: QPoint, button=Qt.MouseButton.LeftButton) -> None:  # type: ignore[no-untyped-def]
        self.qtbot.mousePress(self.viewport, button, pos=start)
        steps = 6
        for i in range(1, steps + 1):
            p = start + (end - start) * (i / steps)
            self.qtbot.mouseMove(self.viewport, p)
        self.qtbot.mouseRelease(self.viewport, button, pos=end)

    def names(self) -> list[str]:
        return [s.name for s in self.map.stakeholders]


@pytest.fixture
def blank(qtbot) -> Canvas:  # type: ignore[no-untyped-def]
    return Canvas(qtbot, Document())


@pytest.fixture
def bank(qtbot) -> Canvas:  # type: ignore[no-untyped-def]
    return Canvas(qtbot, Document.open(BANK))
