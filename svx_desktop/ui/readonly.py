"""A map open read-only: a banner that says why, and no way to edit it by mistake.

``ReadOnlyBanner`` sits above the canvas while the window's document is read-only (a map
another SVX has open, a file or folder without write permission). It names the reason in
plain text and offers "Save As…" as the way to an editable copy. ``apply(window)`` shows
or hides it and enables or disables every editing action of the window, the workshop's
included; on the canvas, cards cannot be dragged and double-clicks (new stakeholder,
rename) are swallowed. The document itself refuses every push while read-only, so
whatever is not disabled here still cannot change the map.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QGraphicsItem, QHBoxLayout, QPushButton, QWidget

from svx_desktop.ui.labels import plain_label

#: Workshop actions (``window.workshop.actions``) that change the map.
_WORKSHOP_EDITS = ("capture", "capture_slash", "note", "cut", "paste", "duplicate", "arrange")


class ReadOnlyBanner(QFrame):
    """ "Read-only: <why>" with a Save As… button; hidden while the map is editable."""

    def __init__(self, save_as: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#readOnlyBanner { background: #fff4ce; border-bottom: 1px solid #d9b44a; }"
            "#readOnlyBanner QLabel { color: #3d3000; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = plain_label(self, wrap=True)
        self.save_as_button = QPushButton("Save As…", self)
        self.save_as_button.setToolTip("Keep an editable copy under another name")
        self.save_as_button.clicked.connect(lambda _checked=False: save_as())
        layout.addWidget(self.label, 1)
        layout.addWidget(self.save_as_button)
        #: Canvas items whose dragging was switched off while the map is read-only.
        self.pinned: list[QGraphicsItem] = []
        self.hide()

    def show_reason(self, reason: str) -> None:
        self.label.setText(
            f"Read-only: {reason}. Nothing on this map can be changed here; "
            "Save As… keeps an editable copy."
        )
        self.show()


class _NoCanvasEdits(QObject):
    """On a read-only map's canvas: double-clicks (new card, rename) do nothing."""

    def __init__(self, viewport: QWidget, is_read_only: Callable[[], bool]) -> None:
        super().__init__(viewport)
        self._is_read_only = is_read_only
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick and self._is_read_only():
            event.accept()
            return True
        return False


def install(window: Any) -> ReadOnlyBanner:
    """Give ``window`` its banner (above the canvas) and its canvas guard."""
    banner = ReadOnlyBanner(lambda: window.save_as(), window)
    window.centralWidget().layout().insertWidget(0, banner)
    _NoCanvasEdits(window.view.viewport(), lambda: bool(window.document.read_only))
    window.read_only_banner = banner
    return banner


def editing_actions(window: Any) -> list[Any]:
    """Every action of ``window`` that would change its map."""
    actions = [
        window.add_stakeholder_action,
        window.add_provides_action,
        window.add_expects_action,
        window.rename_action,
        window.delete_action,
    ]
    kit = getattr(window, "workshop", None)
    if kit is not None:
        actions += [
            action
            for key, action in kit.actions.items()
            if key in _WORKSHOP_EDITS or key.startswith(("arrange", "align_"))
        ]
    return actions


def apply(window: Any) -> None:
    """Show the banner and disable editing if the window's map is read-only; else undo it.

    Call after the window's document or scene changed (and once its actions exist); the
    banner is built on the first call (a window that never shows a read-only map has none).
    """
    document = window.document
    read_only = bool(document.read_only)
    banner: ReadOnlyBanner = window.read_only_banner or install(window)
    movable = QGraphicsItem.GraphicsItemFlag.ItemIsMovable
    for item in banner.pinned:
        with contextlib.suppress(RuntimeError):  # an item of a scene since replaced
            if item.scene() is window.scene:
                item.setFlag(movable, True)
    banner.pinned = []
    for action in editing_actions(window):
        action.setEnabled(not read_only)
    if not read_only:
        banner.hide()
        window.view.follow_read_only()  # the canvas keys that depend on the selection
        return
    window.view.follow_read_only()
    banner.show_reason(document.read_only_reason or "this map was opened read-only")
    for item in window.scene.items():
        if item.flags() & movable:
            item.setFlag(movable, False)
            banner.pinned.append(item)
