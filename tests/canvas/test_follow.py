"""The scene follows the model: undo/redo, text shown literally, labels laid out cleanly."""

from __future__ import annotations

import random

from PySide6.QtCore import QPoint, Qt

from svx_desktop.canvas import MapScene
from svx_desktop.editing import (
    AddElements,
    Document,
    EditElements,
    MoveElements,
    RemoveElements,
)
from svx_desktop.model import Direction, Flow, Stakeholder
from svx_desktop.model.placement import free_positions

Key = Qt.Key

_LABELS = [
    "deposits",
    "account and card fees",
    "interest on savings",
    "capital growth",
    "loan interest and fees",
    "business information",
    "credit when needed",
    "sound financial advice",
    "share capital",
    "dividends",
    "skills and time",
    "salary and benefits",
    "banking licence",
    "compliance",
    "trust and reputation",
    "local lending and jobs",
    "IT systems and services",
    "payment on time",
]


def bank_like_document(stakeholders: int = 25, seed: int = 7) -> Document:
    """A map of ``stakeholders`` placed the way ``add_stakeholder`` places them, 2–4 flows each."""
    rnd = random.Random(seed)
    doc = Document()
    m = doc.map
    people, flows = [], []
    for i, pos in enumerate(free_positions(m, stakeholders)):
        s = Stakeholder(name=f"Stakeholder group {i + 1}", position=pos)
        people.append(s)
        n = rnd.randint(2, 4)
        for j in range(n):
            direction = Direction.PROVIDES if j % 2 == 0 else Direction.EXPECTS
            flows.append(Flow(s.id, direction, rnd.choice(_LABELS)))
    doc.push(AddElements(m, stakeholders=people, flows=flows))
    return doc


def _overlaps(rects):  # type: ignore[no-untyped-def]
    found = []
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            if a.intersects(b):
                found.append((a, b))
    return found


def test_labels_of_a_bank_like_map_never_overlap(qtbot):
    doc = bank_like_document(25)
    scene = MapScene(doc.map)
    labels = [f.sceneBoundingRect() for f in scene.flow_items()]
    assert len(labels) >= 50
    assert _overlaps(labels) == []
    cards = [i.scene_rect() for i in scene.stakeholder_items()]
    cards.append(scene.organisation_item.scene_rect())
    assert _overlaps(cards) == []
    assert [(lab, card) for lab in labels for card in cards if lab.intersects(card)] == []


def test_labels_of_the_bank_example_never_overlap(bank):
    labels = [f.sceneBoundingRect() for f in bank.scene.flow_items()]
    assert len(labels) == 33
    assert _overlaps(labels) == []


def test_each_label_stays_beside_its_own_arrow(qtbot):
    doc = bank_like_document(25)
    scene = MapScene(doc.map)
    for arrow in scene.arrow_items():
        stack = scene.label_stack_rect(arrow.stakeholder_id, arrow.direction)
        assert stack is not None
        # the stack touches the neighbourhood of its arrow (within the largest gap tried)
        assert arrow.sceneBoundingRect().adjusted(-80, -80, 80, 80).intersects(stack)


def test_html_in_labels_and_names_shows_literally(qtbot):
    doc = Document()
    s = Stakeholder(name="<b>Bold</b> & co", position=(0.0, -400.0))
    f = Flow(s.id, Direction.PROVIDES, '<img src="/etc/passwd">')
    doc.push(AddElements(doc.map, stakeholders=[s], flows=[f]))
    scene = MapScene(doc.map)
    card = scene.item_for(s.id)
    label = scene.item_for(f.id)
    assert card.shown_name == "<b>Bold</b> & co"
    assert label.shown_label == '<img src="/etc/passwd">'
    # tooltips escape the text so Qt's rich-text guess cannot render it
    assert "&lt;img src=&quot;/etc/passwd&quot;&gt;" in label.tooltip_html()
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in card.tooltip_html()
    # the label is as wide as the literal text, not a rendered image
    from svx_desktop.canvas import style

    assert label.size[0] >= style.text_width('<img src="/etc/passwd">', "label")


def test_very_long_labels_are_elided_on_canvas(qtbot):
    doc = Document()
    s = Stakeholder(name="N" * 10_000, position=(0.0, -400.0))
    f = Flow(s.id, Direction.EXPECTS, "word " * 2000)
    doc.push(AddElements(doc.map, stakeholders=[s], flows=[f]))
    scene = MapScene(doc.map)
    card, label = scene.item_for(s.id), scene.item_for(f.id)
    assert card.shown_name.endswith("…") and len(card.shown_name) < 60
    assert label.shown_label.endswith("…") and label.size[0] < 260


def _scene_state(scene: MapScene):  # type: ignore[no-untyped-def]
    return (
        {i.element_id: (i.x(), i.y(), i.name) for i in scene.stakeholder_items()},
        {i.element_id: (i.label, i.direction, i.stakeholder_id) for i in scene.flow_items()},
        {i.element_id: (i.x(), i.y(), i.text) for i in scene.note_items()},
        (scene.organisation_item.x(), scene.organisation_item.y(), scene.organisation_item.name),
        sorted((a.stakeholder_id, a.direction.value, a.count) for a in scene.arrow_items()),
    )


def _model_state(doc: Document):  # type: ignore[no-untyped-def]
    m = doc.map
    arrows = []
    for s in m.stakeholders:
        for d in Direction:
            n = len(m.flows_of(s.id, d))
            if n:
                arrows.append((s.id, d.value, n))
    return (
        {s.id: (*s.position, s.name) for s in m.stakeholders},
        {f.id: (f.label, f.direction, f.stakeholder_id) for f in m.flows},
        {n.id: (*n.position, n.text) for n in m.notes},
        (*m.organisation.position, m.organisation.name),
        sorted(arrows),
    )


def test_scene_follows_undo_all_and_redo_all(bank):
    c = bank
    doc = c.document
    m = c.map
    ids = [s.id for s in m.stakeholders]
    # a mix of edits, through the view where a user would use it
    c.key(Key.Key_N)
    c.type("Fintech partners")
    c.key(Key.Key_Return)
    c.key(Key.Key_P)
    c.type("APIs")
    c.key(Key.Key_Return)
    c.scene.select_ids(ids[:2])
    c.key(Key.Key_Delete)
    c.scene.select_ids([ids[3]])
    grab = c.centre_of(c.scene.item_for(ids[3]))
    c.drag(grab, grab + QPoint(-40, 50))
    doc.push(EditElements(m, "organisation", {"": {"name": "Renamed Bank"}}))
    doc.push(MoveElements(m, {m.organisation.id: (0.0, 0.0)}, {m.organisation.id: (30.0, 20.0)}))
    flow = m.flows[0]
    doc.push(EditElements(m, "flow", {flow.id: {"direction": Direction.EXPECTS}}))
    doc.push(RemoveElements(m, note_ids=[m.notes[0].id]))
    final = _model_state(doc)
    assert _scene_state(c.scene) == final
    stack = doc.undo_stack
    steps = stack.count()
    assert steps == 8
    while stack.canUndo():
        stack.undo()
        assert _scene_state(c.scene) == _model_state(doc)
    assert len(m.stakeholders) == 9 and len(m.flows) == 33
    while stack.canRedo():
        stack.redo()
        assert _scene_state(c.scene) == _model_state(doc)
    assert _model_state(doc) == final


def test_tooltips_show_names_literally(qtbot):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtWidgets import QGraphicsSceneHelpEvent, QToolTip

    doc = Document()
    s = Stakeholder(name="<b>Bold</b>", position=(0.0, -400.0))
    doc.push(AddElements(doc.map, stakeholders=[s]))
    scene = MapScene(doc.map)
    event = QGraphicsSceneHelpEvent(QEvent.Type.GraphicsSceneHelp)
    event.setScenePos(scene.item_for(s.id).pos())
    event.setScreenPos(QPoint(100, 100))
    scene.helpEvent(event)
    assert event.isAccepted()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in QToolTip.text()
    QToolTip.hideText()
