"""A new stakeholder (N, quick capture, paste) and its inline editor are on screen, with
the whole map.

The facilitator types the name into an editor they must be able to see: after the new
card is placed, the view eases out (a short animation, never a jump to a 100 % close-up
of one corner) so that card, editor and the whole map lie inside the viewport. Something
created where it is already in view moves nothing. Zooming while an editor is open keeps
the editor on screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from svx_desktop.editing import AddElements, Document
from svx_desktop.model import Direction, Flow, Stakeholder
from svx_desktop.model.placement import free_positions
from tests.ui import workshop_helpers

kit_window = workshop_helpers.kit_window

Key = Qt.Key


def _placed_map(count: int = 10, layout: str = "row") -> Document:
    """A map with ``count`` stakeholders: in a row below the organisation (as a
    facilitator drags them), or in the places new stakeholders take (``"rings"``)."""
    doc = Document()
    if layout == "rings":
        places = free_positions(doc.map, count)
    else:
        places = [(-900.0 + 200.0 * i, 250.0) for i in range(count)]
    people = [Stakeholder(f"Stakeholder {i + 1}", position=p) for i, p in enumerate(places)]
    flows = [Flow(s.id, Direction.PROVIDES, "something of value") for s in people]
    flows += [Flow(s.id, Direction.EXPECTS, "something back") for s in people]
    doc.push(AddElements(doc.map, stakeholders=people, flows=flows))
    doc.undo_stack.clear()
    doc.undo_stack.setClean()
    return doc


def _window(kit_window, qtbot, layout: str = "row"):  # type: ignore[no-untyped-def]
    window = kit_window(_placed_map(10, layout))
    window.resize(1000, 650)
    QApplication.processEvents()
    view = window.view
    view.zoom_100()
    view.centre_on_organisation()
    QApplication.processEvents()
    assert abs(view.zoom_factor() - 1.0) < 1e-9
    return window


def _settle(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    """Wait for the view's ease-out to end (a short animation)."""
    qtbot.waitUntil(lambda: not view.is_easing())
    QApplication.processEvents()


def _map_on_screen(view) -> QRect:  # type: ignore[no-untyped-def]
    return view.mapFromScene(view.content_rect()).boundingRect()


def _viewport_rect(view) -> QRect:  # type: ignore[no-untyped-def]
    return view.viewport().rect()


def _card_on_screen(view, sid: str) -> QRect:  # type: ignore[no-untyped-def]
    item = view.map_scene.item_for(sid)
    assert item is not None
    return view.mapFromScene(item.sceneBoundingRect()).boundingRect()


def _editor_on_screen(view) -> QRect:  # type: ignore[no-untyped-def]
    editor = view.editing.active_editor()
    assert editor is not None and editor.widget.isVisible()
    return editor.widget.geometry()


def _ghost_on_screen(view) -> QRect:  # type: ignore[no-untyped-def]
    rect = view.editing._rect  # the scene rect the editor was opened over
    return view.mapFromScene(rect).boundingRect()


@pytest.mark.parametrize("layout", ["row", "rings"])
def test_n_shows_the_new_card_and_its_name_editor(kit_window, qtbot, layout):
    window = _window(kit_window, qtbot, layout)
    view = window.view
    for i in range(6):  # the first ring fills up; later places are further out
        view.setFocus()
        qtbot.keyClick(view, Key.Key_N)
        assert view.is_editing_text()
        _settle(qtbot, view)
        port = _viewport_rect(view)
        assert port.contains(_editor_on_screen(view)), (i, port, _editor_on_screen(view))
        assert port.contains(_ghost_on_screen(view)), (i, port, _ghost_on_screen(view))
        # The whole map is in view too (the view eased out), and never zoomed in.
        assert port.contains(_map_on_screen(view)), (i, port, _map_on_screen(view))
        assert view.zoom_factor() < 1.0
        qtbot.keyClicks(view.editing.active_editor().widget, f"New {i}")
        qtbot.keyClick(view.editing.active_editor().widget, Key.Key_Return)
        sid = view.map_scene.selection().stakeholders[0]
        assert window.document.map.stakeholder(sid).name == f"New {i}"
        QApplication.processEvents()
        assert port.contains(_card_on_screen(view, sid)), (i, port, _card_on_screen(view, sid))
        # Start the next one from a close-up of the organisation, as after looking there.
        view.zoom_100()
        view.centre_on_organisation()


def test_n_that_spreads_the_map_out_shows_where_it_spreads_to(kit_window, qtbot):
    from tests.canvas.test_legibility import generated

    # 17 stakeholders placed by N with their flows: the next needs the map spread out.
    window = kit_window(Document(generated(17)))
    window.resize(1000, 650)
    view = window.view
    vmap = window.document.map
    before = {s.id: s.position for s in vmap.stakeholders}
    assert view.controller.next_free_place().moves  # N will spread the map out
    view.setFocus()
    qtbot.keyClick(view, Key.Key_N)
    _settle(qtbot, view)
    port = _viewport_rect(view)
    assert port.contains(_editor_on_screen(view))
    qtbot.keyClicks(view.editing.active_editor().widget, "Newcomers")
    qtbot.keyClick(view.editing.active_editor().widget, Key.Key_Return)
    _settle(qtbot, view)
    assert any(vmap.stakeholder(k).position != p for k, p in before.items())  # it spread
    for s in vmap.stakeholders:  # every card, where it has moved to, is in view
        assert port.contains(_card_on_screen(view, s.id)), (s.name, port)
    # Undo puts everything back in one step.
    window.document.undo_stack.undo()
    assert {s.id: s.position for s in vmap.stakeholders} == before


def test_the_name_editor_of_a_new_card_shows_where_the_map_will_spread_to(kit_window, qtbot):
    window = _window(kit_window, qtbot)
    view = window.view
    far = window.document.map.stakeholders[0]
    org = window.document.map.organisation.position
    # As N does when the map must spread out: the others move when the name is committed.
    moves = {far.id: (org[0] - 2500.0, org[1] + 1500.0)}
    view.editing.new_stakeholder_at(QPointF(org[0], org[1] - 430.0), moves)
    _settle(qtbot, view)
    port = _viewport_rect(view)
    w, h = view.map_scene.element_sizes()[far.id]
    x, y = moves[far.id]
    shown = view.mapFromScene(QRectF(x - w / 2, y - h / 2, w, h)).boundingRect()
    assert port.contains(shown), (port, shown)
    assert port.contains(_editor_on_screen(view))
    qtbot.keyClicks(view.editing.active_editor().widget, "Newcomers")
    qtbot.keyClick(view.editing.active_editor().widget, Key.Key_Return)
    assert window.document.map.stakeholder(far.id).position == moves[far.id]
    assert window.document.undo_stack.count() == 1


def test_flow_label_editor_is_on_screen(kit_window, qtbot):
    window = _window(kit_window, qtbot)
    view = window.view
    far = max(
        window.document.map.stakeholders,
        key=lambda s: abs(s.position[0]) + abs(s.position[1]),
    )
    for key in (Key.Key_P, Key.Key_E):
        view.map_scene.select_ids([far.id])
        # Look away from it, to the other side of the map.
        view.centerOn(-far.position[0], -far.position[1])
        view.setFocus()
        qtbot.keyClick(view, key)
        assert view.is_editing_text()
        _settle(qtbot, view)
        port = _viewport_rect(view)
        assert port.contains(_editor_on_screen(view)), (key, port, _editor_on_screen(view))
        view.editing.cancel_open()


def test_quick_capture_shows_the_new_card(kit_window, qtbot):
    window = _window(kit_window, qtbot)
    view = window.view
    bar = window.workshop.command_bar
    for i in range(6):
        view.centre_on_organisation()
        result = bar.run_line(f"Captured {i}: provides help")
        _settle(qtbot, view)
        port = _viewport_rect(view)
        rect = _card_on_screen(view, result.stakeholder_id)
        assert port.contains(rect), (i, port, rect)
        assert port.contains(_map_on_screen(view)), (i, port, _map_on_screen(view))


def test_pasted_lines_are_shown(kit_window, qtbot):
    from svx_desktop.ui import clipboard

    window = _window(kit_window, qtbot)
    view = window.view
    for i in range(4):
        view.centre_on_organisation()
        QGuiApplication.clipboard().setText(f"Pasted {i}: expects thanks")
        assert clipboard.paste(window)
        _settle(qtbot, view)
        sid = view.map_scene.selection().stakeholders[0]
        port = _viewport_rect(view)
        rect = _card_on_screen(view, sid)
        assert port.contains(rect), (i, port, rect)


def test_nothing_moves_for_a_card_created_in_view(kit_window, qtbot):
    window = _window(kit_window, qtbot)
    view = window.view
    view.fit_all()
    zoom = view.zoom_factor()
    scroll = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
    org = window.document.map.organisation.position
    view.add_stakeholder_at(QPointF(org[0], org[1] + 150))  # inside the map, in view
    assert view.is_editing_text()
    assert not view.is_easing()
    assert view.zoom_factor() == zoom
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) == scroll
    view.editing.cancel_open()


def test_the_view_eases_rather_than_jumps(kit_window, qtbot):
    window = _window(kit_window, qtbot)
    view = window.view
    seen: list[float] = []
    view.zoomChanged.connect(seen.append)
    view.setFocus()
    qtbot.keyClick(view, Key.Key_N)
    assert view.is_easing()  # an animation, not a jump
    _settle(qtbot, view)
    assert len(seen) >= 3 and seen == sorted(seen, reverse=True)  # steadily out, never in
    view.editing.cancel_open()


@pytest.mark.parametrize("steps", [3, -3])
def test_zooming_keeps_an_open_editor_on_screen(kit_window, qtbot, steps):
    window = _window(kit_window, qtbot)
    view = window.view
    far = max(window.document.map.stakeholders, key=lambda s: s.position[0])
    view.map_scene.select_ids([far.id])
    assert view.rename_selection()
    _settle(qtbot, view)
    port = _viewport_rect(view)
    for _ in range(abs(steps)):
        view.zoom_in() if steps > 0 else view.zoom_out()
        assert port.contains(_editor_on_screen(view)), (view.zoom_factor(), _editor_on_screen(view))
    view.editing.cancel_open()
