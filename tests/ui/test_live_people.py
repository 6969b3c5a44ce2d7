"""Each person's selection in their colour with their name, on real windows in a session.

A hosting window and a window that joined it (same app, a real session on 127.0.0.1):
what one selects is outlined on the other's canvas in the first one's colour with a tag
bearing their name, and goes when the selection clears or the person leaves; the Host
dialog lists who is connected; none of it reaches the map, the undo stack, the pictures
or the saved file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from svx_desktop.canvas.drawing import scene_drawing
from svx_desktop.canvas.remoteselection import RemoteMark
from svx_desktop.live.awareness import PALETTE
from svx_desktop.ui.live_people import PeoplePanel, user_name
from tests.ui.conftest import DialogAnswers
from tests.ui.live_helpers import WAIT, hosting_window, joined_window


def _marks(window: Any) -> list[RemoteMark]:
    return [i for i in window.scene.items() if isinstance(i, RemoteMark)]


def test_a_selection_shows_on_the_other_window_in_its_persons_colour(
    make_window: Callable[..., Any], bank_path: Path, answers: DialogAnswers, qtbot: Any
) -> None:
    host_window = hosting_window(make_window, bank_path, qtbot)
    dialog = host_window.live.dialog
    try:
        joined = joined_window(host_window.live, dialog.fields[0].text(), qtbot)
        bob = joined.live.link.presence
        bob.set_name("Bob the co-facilitator")
        assert user_name() == "Bob the co-facilitator"  # kept for the next session
        qtbot.waitUntil(lambda: "Bob the co-facilitator" in dialog.panel.names(), timeout=WAIT)
        assert dialog.panel.names()[0].endswith("(you)")
        assert "1 view" not in dialog.panel.viewers.text()

        stack = host_window.document.undo_stack
        undo_count, picture = stack.count(), scene_drawing(host_window.scene)
        extent = host_window.scene.content_rect()
        card = host_window.document.map.stakeholders[0].id
        flow = host_window.document.map.flows[0].id
        joined.scene.select_ids([card, flow])
        qtbot.waitUntil(lambda: len(_marks(host_window)) == 2, timeout=WAIT)
        marks = {m.element_id: m for m in _marks(host_window)}
        assert set(marks) == {card, flow}
        mark = marks[card]
        assert mark.name == "Bob the co-facilitator"
        assert mark.colour.name().upper() == bob.colour and bob.colour in PALETTE
        item = host_window.scene.item_for(card)
        assert mark.outline.contains(item.sceneBoundingRect())
        assert "Bob the co-facilitator" in host_window.live.link.status.toolTip()
        # Nothing of it is in the map, the undo stack, the pictures or the selection.
        assert stack.count() == undo_count and not host_window.document.is_dirty
        assert scene_drawing(host_window.scene) == picture
        assert host_window.scene.content_rect() == extent
        assert not host_window.scene.selectedItems()

        # The mark follows the card when it moves (a remote move, here).
        x, y = joined.document.map.stakeholder(card).position
        joined.document.map.set_positions({card: (x + 300.0, y + 40.0)})
        qtbot.waitUntil(
            lambda: any(
                m.element_id == card
                and m.outline.contains(item.sceneBoundingRect())
                and m.outline.center().x() > mark.outline.center().x() + 200
                for m in _marks(host_window)
            ),
            timeout=WAIT,
        )

        joined.scene.select_ids([])
        qtbot.waitUntil(lambda: not _marks(host_window), timeout=WAIT)

        # The host's selection shows on the joiner's canvas too.
        org = host_window.document.map.organisation.id
        host_window.scene.select_ids([card, org])
        qtbot.waitUntil(lambda: len(_marks(joined)) == 2, timeout=WAIT)
        assert {m.element_id for m in _marks(joined)} == {card, org}
        assert {m.name for m in _marks(joined)} == {host_window.live.link.presence.name}

        # Session Details… shows the session again: the host's dialog with its links and
        # QR codes (for a late arrival, once closed), the joiner's list of people.
        dialog.close()
        assert not dialog.isVisible()
        host_window.live.actions["details"].trigger()
        assert host_window.live.dialog is dialog and dialog.isVisible()
        assert joined.live.actions["details"].isEnabled()
        joined.live.actions["details"].trigger()
        people = joined.live.people
        assert people is not None and people.isVisible()
        listed = people.findChild(PeoplePanel).names()
        assert listed[0] == "Bob the co-facilitator (you)"
        assert host_window.live.link.presence.name in listed[1:]
        people.close()

        # Leaving takes the person and their marks away from the others.
        joined.scene.select_ids([flow])
        qtbot.waitUntil(lambda: len(_marks(host_window)) == 1, timeout=WAIT)
        joined.live.leave()
        qtbot.waitUntil(lambda: not _marks(host_window), timeout=WAIT)
        qtbot.waitUntil(lambda: len(dialog.panel.names()) == 1, timeout=WAIT)
        assert not _marks(joined)  # the joiner's own canvas is left clean too

        # The file (saved after the remote move) holds nobody's name or selection.
        qtbot.waitUntil(lambda: not host_window.document.is_dirty, timeout=WAIT)
        host_window.document.save()
        assert not joined.live.actions["details"].isEnabled()  # left: nothing to show
        saved = bank_path.read_text(encoding="utf-8")
        assert "Bob" not in saved and "selection" not in saved
    finally:
        host_window.live.leave()
