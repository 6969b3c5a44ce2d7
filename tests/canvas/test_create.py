"""Creating stakeholders and flows the way a facilitator does: double-click, keys, typing."""

from __future__ import annotations

import warnings

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from svx_desktop.canvas import CanvasController, MapScene, MapView
from svx_desktop.canvas.nodes import StakeholderItem
from svx_desktop.editing import Document
from svx_desktop.model import MAX_LABEL_LENGTH, Direction

Key = Qt.Key


def activate(window: QWidget) -> None:
    """Make ``window`` the active window (offscreen Qt does not do it on show)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)


def test_double_click_empty_canvas_creates_a_named_stakeholder_in_one_step(blank):
    c = blank
    spot = QPoint(200, 150)
    c.double_click(spot)
    assert c.view.is_editing_text()
    assert c.map.stakeholders == ()  # nothing is pushed before the name is committed
    c.type("Customers")
    c.key(Key.Key_Return)
    assert not c.view.is_editing_text()
    assert c.names() == ["Customers"]
    s = c.map.stakeholders[0]
    expected = c.view.mapToScene(spot)
    assert abs(s.position[0] - expected.x()) < 1 and abs(s.position[1] - expected.y()) < 1
    assert c.document.undo_stack.count() == 1
    assert c.document.undo_stack.undoText() == "Add Stakeholder “Customers”"
    assert c.scene.selection().stakeholders == (s.id,)
    c.document.undo_stack.undo()
    assert c.map.stakeholders == () and c.scene.counts()["stakeholders"] == 0


def test_escape_cancels_and_leaves_no_trace(blank):
    c = blank
    c.double_click(QPoint(300, 200))
    c.type("Half typed")
    c.key(Key.Key_Escape)
    assert not c.view.is_editing_text()
    assert c.map.stakeholders == ()
    assert c.document.undo_stack.count() == 0
    assert c.scene.counts() == {"stakeholders": 0, "flows": 0, "notes": 0}
    # the dashed placeholder card is gone too
    assert [i for i in c.scene.items() if i.zValue() == 40] == []


def test_enter_with_an_empty_name_creates_nothing(blank):
    c = blank
    c.double_click(QPoint(300, 200))
    c.key(Key.Key_Return)
    assert c.map.stakeholders == () and c.document.undo_stack.count() == 0


def test_ten_stakeholders_without_the_mouse(blank):
    c = blank
    for i in range(10):
        c.key(Key.Key_N)
        assert c.view.is_editing_text()
        c.type(f"Stakeholder {i}")
        c.key(Key.Key_Return)
    assert c.names() == [f"Stakeholder {i}" for i in range(10)]
    assert c.document.undo_stack.count() == 10
    cards = [i.scene_rect() for i in c.scene.stakeholder_items()]
    cards.append(c.scene.organisation_item.scene_rect())
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
            assert not a.intersects(b)


def test_add_stakeholder_entry_point_opens_the_name_editor(blank):
    c = blank
    c.view.add_stakeholder()
    assert c.view.is_editing_text()
    c.type("Owners")
    c.key(Key.Key_Enter)
    assert c.names() == ["Owners"]


def test_flow_keys_add_provides_and_expects_with_label_editor(blank):
    c = blank
    c.key(Key.Key_N)
    c.type("Customers")
    c.key(Key.Key_Return)
    sid = c.map.stakeholders[0].id
    c.key(Key.Key_P)
    assert c.view.is_editing_text()
    c.type("deposits")
    c.key(Key.Key_Return)
    c.key(Key.Key_P)
    c.type("fees")
    c.key(Key.Key_Return)
    assert c.view.add_flow(Direction.EXPECTS)
    c.type("interest")
    c.key(Key.Key_Return)
    got = [(f.stakeholder_id, f.direction, f.label) for f in c.map.flows]
    assert got == [
        (sid, Direction.PROVIDES, "deposits"),
        (sid, Direction.PROVIDES, "fees"),
        (sid, Direction.EXPECTS, "interest"),
    ]
    assert c.document.undo_stack.undoText() == "Add Flow “interest”"
    assert c.document.undo_stack.count() == 4
    # the stakeholder stays selected so the next flow is one key away
    assert c.scene.selection().stakeholders == (sid,)
    # two arrows: one per direction, the two provides flows bundled
    assert c.scene.arrow_for(sid, Direction.PROVIDES).count == 2
    assert c.scene.arrow_for(sid, Direction.EXPECTS).count == 1


def test_add_flow_needs_one_stakeholder(blank):
    c = blank
    assert not c.view.add_flow(Direction.PROVIDES)
    assert not c.view.is_editing_text()


def test_dragging_handles_creates_flows_of_the_right_direction(blank):
    c = blank
    c.key(Key.Key_N)
    c.type("Suppliers")
    c.key(Key.Key_Return)
    card = c.scene.stakeholder_items()[0]
    org = c.scene.organisation_item
    c.drag(c.at(card.handle.scenePos()), c.centre_of(org))
    assert c.view.is_editing_text()
    c.type("parts")
    c.key(Key.Key_Return)
    c.drag(c.at(org.handle.scenePos()), c.centre_of(card))
    assert c.view.is_editing_text()
    c.type("payment")
    c.key(Key.Key_Return)
    assert [(f.direction, f.label) for f in c.map.flows] == [
        (Direction.PROVIDES, "parts"),
        (Direction.EXPECTS, "payment"),
    ]
    # the card did not move: the handle drag is not a card drag
    assert c.map.stakeholders[0].position == (card.x(), card.y())


def test_dropping_a_handle_on_empty_canvas_does_nothing(blank):
    c = blank
    c.key(Key.Key_N)
    c.type("Suppliers")
    c.key(Key.Key_Return)
    card = c.scene.stakeholder_items()[0]
    start = c.at(card.handle.scenePos())
    c.drag(start, start + QPoint(0, 200))
    assert not c.view.is_editing_text()
    assert c.map.flows == () and c.document.undo_stack.count() == 1


def test_editor_keeps_keys_that_window_shortcuts_would_take(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    doc = Document()
    view = MapView(CanvasController(doc, MapScene(doc.map)))
    window.setCentralWidget(view)
    fired: list[str] = []
    # Letters typed below ("New Partner"); N, P and E are the canvas's own keys.
    for text in ("W", "R", "T", "Esc", "Del"):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(text))
        action.triggered.connect(lambda checked=False, t=text: fired.append(t))
        window.addAction(action)
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    activate(window)
    view.add_stakeholder()
    editor = view.editing.active_editor()
    assert editor is not None
    qtbot.waitUntil(lambda: window.focusWidget() is editor.widget)
    # send through the window so shortcut matching sees the real focus widget
    qtbot.keyClicks(window.focusWidget(), "New Partner PE")
    qtbot.keyClick(window.focusWidget(), Key.Key_Backspace)
    qtbot.keyClick(window.focusWidget(), Key.Key_Left)
    qtbot.keyClick(window.focusWidget(), Key.Key_Delete)
    qtbot.keyClick(window.focusWidget(), Key.Key_Return)
    assert fired == []
    assert [s.name for s in doc.map.stakeholders] == ["New Partner"]
    # with the editor closed, the window's shortcuts work again (so the test above is real)
    qtbot.keyClick(window.focusWidget(), Key.Key_W)
    assert fired == ["W"]
    assert not view.is_editing_text()


def test_label_input_is_capped(blank):
    c = blank
    c.view.add_stakeholder()
    assert c.view.editing.line.widget.maxLength() == MAX_LABEL_LENGTH


def test_created_card_is_a_stakeholder_item_under_the_cursor(blank):
    c = blank
    spot = QPoint(640, 150)
    c.double_click(spot)
    c.type("Here")
    c.key(Key.Key_Return)
    item = c.view.itemAt(spot)
    item = item.parentItem() or item if item is not None else None
    assert isinstance(item, StakeholderItem)
    assert item.name == "Here"


def test_n_puts_the_stakeholder_where_the_shared_placement_says(blank):
    from svx_desktop.model.placement import place_new

    c = blank
    for i in range(5):
        scene = c.scene
        sizes = {
            item.element_id: (item.scene_rect().width(), item.scene_rect().height())
            for item in (scene.organisation_item, *scene.stakeholder_items())
        }
        expected = place_new(c.map, sizes=sizes).positions[0]
        c.key(Key.Key_N)
        c.type(f"Stakeholder {i}")
        c.key(Key.Key_Return)
        assert c.map.stakeholders[-1].position == expected


def test_n_that_spreads_the_map_out_is_one_undo_step(qtbot):
    from svx_desktop.model import Flow, Organisation, Stakeholder, ValueMap
    from svx_desktop.model.placement import place_new
    from tests.canvas.conftest import Canvas

    m = ValueMap(Organisation(name="Org"))
    for i in range(30):
        placement = place_new(m)
        if placement.moves:
            break
        s = Stakeholder(f"Stakeholder {i}", position=placement.positions[0])
        m.add_stakeholder(s)
        for direction in Direction:
            m.add_flow(Flow(s.id, direction, "something of value"))
    assert placement.moves  # the inner ring is full: N spreads the map out
    c = Canvas(qtbot, Document(m))
    before = {s.id: s.position for s in c.map.stakeholders}
    c.key(Key.Key_N)
    c.type("Newcomers")
    c.key(Key.Key_Return)
    assert c.names()[-1] == "Newcomers"
    moved = {s.id for s in c.map.stakeholders if before.get(s.id, s.position) != s.position}
    assert moved  # the others made room
    assert c.document.undo_stack.count() == 1
    assert c.document.undo_stack.undoText() == "Add Stakeholder “Newcomers”"
    c.document.undo_stack.undo()
    assert {s.id: s.position for s in c.map.stakeholders} == before
