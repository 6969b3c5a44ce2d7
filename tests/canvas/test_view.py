"""Zoom, pan, fit and the legend of the map view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QApplication

from svx_desktop.canvas import style
from svx_desktop.canvas.view import legend_size

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _wheel(c, delta_y: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    pos = QPointF(640, 360)
    event = QWheelEvent(
        pos,
        c.viewport.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, delta_y),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(c.viewport, event)


def test_opens_at_100_percent_centred_on_the_organisation(bank):
    c = bank
    assert c.view.zoom_factor() == 1.0
    centre = c.view.mapToScene(c.viewport.rect().center())
    org = c.scene.organisation_item.pos()
    assert abs(centre.x() - org.x()) < 2 and abs(centre.y() - org.y()) < 2


def test_zoom_keys_buttons_and_signal(bank, qtbot):
    c = bank
    seen: list[float] = []
    c.view.zoomChanged.connect(seen.append)
    c.key(Key.Key_Plus, CTRL)
    assert c.view.zoom_factor() > 1.0
    c.key(Key.Key_Minus, CTRL)
    c.key(Key.Key_Minus, CTRL)
    assert c.view.zoom_factor() < 1.0
    c.view.zoom_100()
    assert c.view.zoom_factor() == 1.0
    c.view.zoom_in()
    c.view.zoom_out()
    assert abs(c.view.zoom_factor() - 1.0) < 1e-9
    assert len(seen) >= 5 and seen[-1] == c.view.zoom_factor()


def test_ctrl_wheel_zooms_and_plain_wheel_pans(bank):
    c = bank
    _wheel(c, 120, CTRL)
    assert c.view.zoom_factor() > 1.0
    zoom = c.view.zoom_factor()
    v = c.view.verticalScrollBar().value()
    _wheel(c, -120)
    assert c.view.zoom_factor() == zoom
    assert c.view.verticalScrollBar().value() > v


def test_pinch_zooms(bank):
    c = bank
    device = QPointingDevice.primaryPointingDevice()
    pos = QPointF(640, 360)
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        device,
        2,
        pos,
        pos,
        c.viewport.mapToGlobal(pos),
        0.5,
        QPointF(),
    )
    QApplication.sendEvent(c.view, event)
    assert abs(c.view.zoom_factor() - 1.5) < 1e-6


def test_fit_all_shows_everything_and_hides_labels_when_far(bank):
    c = bank
    c.view.fit_all()
    visible = c.view.mapToScene(c.viewport.rect()).boundingRect()
    for item in c.scene.stakeholder_items() + c.scene.note_items():
        assert visible.contains(item.sceneBoundingRect())
    assert c.scene.labels_visible  # the bank example fits with readable labels
    c.view.set_zoom(style.LOD_LABELS / 2)
    assert not c.scene.labels_visible
    assert not any(f.isVisible() for f in c.scene.flow_items())
    c.view.zoom_100()
    assert all(f.isVisible() for f in c.scene.flow_items())


def test_middle_drag_and_space_drag_pan(bank):
    c = bank
    h = c.view.horizontalScrollBar()
    start = h.value()
    c.drag(QPoint(600, 600), QPoint(500, 600), Qt.MouseButton.MiddleButton)
    assert h.value() == start + 100
    assert c.document.undo_stack.count() == 0
    c.qtbot.keyPress(c.view, Key.Key_Space)
    c.drag(QPoint(600, 650), QPoint(700, 650))
    c.qtbot.keyRelease(c.view, Key.Key_Space)
    assert h.value() == start
    assert c.scene.selectedItems() == [] and c.document.undo_stack.count() == 0


def test_legend_is_drawn_in_a_free_corner_of_the_opened_map(bank):
    c = bank
    c.view.fit_all()  # as the window shows a map it opens
    QApplication.processEvents()
    box = c.view.legend_rect()
    assert box is not None
    assert box.size().toTuple() == legend_size()
    image = QImage(c.viewport.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    c.viewport.render(image)
    # the legend's blue and orange sample arrows are in its box
    colours = {
        image.pixelColor(x, y).name()
        for x in range(int(box.left()), int(box.left()) + 60)
        for y in range(int(box.top()), int(box.bottom()))
    }
    assert style.PROVIDES_COLOUR.name() in colours
    assert style.EXPECTS_COLOUR.name() in colours


def test_editor_follows_zoom(bank):
    c = bank
    c.scene.select_ids([c.map.stakeholders[0].id])
    c.key(Key.Key_F2)
    before = c.view.editing.line.widget.geometry()
    c.view.zoom_in()
    assert c.view.is_editing_text()
    assert c.view.editing.line.widget.geometry() != before


def test_a_view_shows_another_document_without_being_rebuilt(bank):
    from svx_desktop.canvas import CanvasController, MapScene
    from svx_desktop.editing import Document

    c = bank
    old_scene, old_doc = c.scene, c.document
    c.view.zoom_100()
    other = Document()
    scene = MapScene(other.map)
    c.view.set_controller(CanvasController(other, scene))
    old_scene.detach()
    assert c.view.scene() is scene and c.view.map_scene is scene
    assert c.view.zoom_factor() == 1.0
    c.key(Key.Key_N)  # the same keys act on the new document
    c.type("Members")
    c.key(Key.Key_Return)
    assert [s.name for s in other.map.stakeholders] == ["Members"]
    assert len(old_doc.map.stakeholders) == 9 and old_doc.undo_stack.count() == 0
    assert scene.selection().stakeholders == (other.map.stakeholders[0].id,)
    c.key(Key.Key_Delete)  # enabled by the new scene's selection
    assert other.map.stakeholders == ()
