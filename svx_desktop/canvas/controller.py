"""The canvas controller: the one place the canvas turns gestures into undo commands.

``CanvasController(document, scene)`` holds the document and the scene that shows its
map. The scene only follows the map; the view, its inline editors, its keys and the
palette's drops ask the controller, which pushes one command per gesture: a drag (the
scene's ``movesFinished``) or a nudge is one ``MoveElements``; creating a stakeholder
(its category guessed from its name), a flow or a note is one ``AddElements`` pushed when
its name is committed (so Escape leaves no trace); a rename is one ``EditElements``; a
delete one ``RemoveElements``. A command the map refuses (``ModelError``) changes
nothing, and the methods say so by returning ``False`` or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from svx_desktop.canvas.scene import MapScene, Position
from svx_desktop.editing import AddElements, Document, EditElements, MoveElements, RemoveElements
from svx_desktop.editing.commands import MacroCommand, MapCommand
from svx_desktop.model import OTHER_CATEGORY_ID, Direction, Flow, Note, Stakeholder
from svx_desktop.model.guess import guess_category
from svx_desktop.model.kinds import Kind
from svx_desktop.model.ratings import rating_changes, rating_text

if TYPE_CHECKING:
    from svx_desktop.model.placement import Placement

#: What an inline rename edits: (kind for ``EditElements``, field).
RENAMES: dict[str, tuple[Kind, str]] = {
    "stakeholder": ("stakeholder", "name"),
    "flow": ("flow", "label"),
    "organisation": ("organisation", "name"),
    "note": ("note", "text"),
}


class CanvasController(QObject):
    """Pushes the canvas's commands for one document (see the module docstring)."""

    def __init__(self, document: Document, scene: MapScene) -> None:
        super().__init__(scene)
        self.document = document
        self.scene = scene
        #: Asked with (flow ids, stakeholder ids) before a delete; False cancels it (the
        #: window asks when touch points or promises serve a flow). None: never asked.
        self.confirm_delete: Callable[[tuple[str, ...], tuple[str, ...]], bool] | None = None
        scene.movesFinished.connect(self.commit_moves)

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    def push(self, command: MapCommand) -> bool:
        """Push ``command``; False if the map refused it (nothing changed)."""
        return self.document.try_push(command)

    # ---------------------------------------------------------------- create
    def add_stakeholder(
        self,
        name: str,
        position: Position,
        category_id: str | None = None,
        moves: Mapping[str, Position] | None = None,
    ) -> str | None:
        """A new stakeholder (selected); its id, or None if refused. Without a category
        one is guessed from the name as quick capture does ("Business customers" →
        customer), in the same undo step; a category the map does not know becomes
        "other". ``moves`` (from ``next_free_place``: the map spread out to make room)
        moves those stakeholders and notes first, in the same undo step."""
        vmap = self.document.map
        if category_id is None:
            category_id = guess_category(name, vmap.categories)
        if category_id not in {c.id for c in vmap.categories}:
            category_id = OTHER_CATEGORY_ID
        s = Stakeholder(name=name, category=category_id, position=position)
        add = AddElements(vmap, stakeholders=[s])
        command: MapCommand = add
        move = MoveElements.to(vmap, moves or {})
        if move is not None:
            command = MacroCommand(vmap, add.text(), [move, add])
        if not self.push(command):
            return None
        self.scene.select_ids([s.id])
        return s.id

    def drop_category(
        self,
        category_id: str,
        position: Position,
        moves: Mapping[str, Position] | None = None,
    ) -> str | None:
        """A stakeholder of a category dropped from the palette, named after the category
        (the name editor opens on it next); its id, or None if refused."""
        vmap = self.document.map
        if category_id not in {c.id for c in vmap.categories}:
            category_id = OTHER_CATEGORY_ID
        name = vmap.category(category_id).name
        return self.add_stakeholder(name, position, category_id, moves)

    def add_flow(self, stakeholder_id: str, direction: Direction, label: str) -> str | None:
        """A new flow of a stakeholder (which is selected); its id, or None if refused."""
        f = Flow(stakeholder_id, direction, label)
        if not self.push(AddElements(self.document.map, flows=[f])):
            return None
        self.scene.select_ids([stakeholder_id])
        return f.id

    def add_note(self, text: str, position: Position) -> str | None:
        """A new parking-lot note (selected); its id, or None if refused."""
        note = Note(text=text, position=position)
        if not self.push(AddElements(self.document.map, notes=[note])):
            return None
        self.scene.select_ids([note.id])
        return note.id

    def next_free_place(self) -> Placement:
        """Where a new stakeholder goes, and what moves to make room for it
        (``model.placement.place_new``, with the real card sizes)."""
        # imported here: the placer is not needed to paint, and loads after the first paint
        from svx_desktop.model.placement import place_new

        return place_new(self.document.map, sizes=self.scene.element_sizes())

    # ------------------------------------------------------------------ edit
    def rename(self, kind: str, element_id: str, text: str, old: str | None = None) -> bool:
        """Rename an element of ``kind`` (a ``RENAMES`` key) to ``text``; False if nothing
        changed (or the text is ``old``). Names and labels are stripped and never empty;
        notes are kept as typed."""
        command_kind, field = RENAMES[kind]
        value = text if kind == "note" else text.strip()
        if value == old or (kind != "note" and not value):
            return False
        return self.push(
            EditElements(self.document.map, command_kind, {element_id: {field: value}})
        )

    def rate_selection(self, step: int | None) -> str | None:
        """Rate the selected flows ``step`` (1–5; None clears) as one undo step: "met
        today" for an ``expects`` flow, dependence for a ``provides`` one. Returns what
        was done in words ("Rated 2 flows: met today: dying"), None if nothing changed."""
        vmap = self.document.map
        changes = {}
        for fid in self.scene.selection().flows:
            if vmap.has_flow(fid):
                flow = vmap.flow(fid)
                wanted = rating_changes(flow, step)
                if any(getattr(flow, k) != v for k, v in wanted.items()):
                    changes[fid] = wanted
        if not changes or not self.push(EditElements(vmap, "flow", changes)):
            return None
        n = len(changes)
        flows = "a flow" if n == 1 else f"{n} flows"
        if step is None:
            return f"Cleared the rating of {flows}"
        said = ", ".join(dict.fromkeys(rating_text(vmap.flow(fid)) for fid in changes))
        return f"Rated {flows}: {said}"

    def delete_selection(self) -> bool:
        """Delete the selected stakeholders (with their flows), flows and notes."""
        sel = self.scene.selection()
        if not sel.deletable:
            return False
        if self.confirm_delete is not None and not self.confirm_delete(sel.flows, sel.stakeholders):
            return False
        return self.push(
            RemoveElements(
                self.document.map, list(sel.stakeholders), list(sel.flows), list(sel.notes)
            )
        )

    # ----------------------------------------------------------------- moves
    def nudge(self, dx: float, dy: float) -> bool:
        """Move the selected nodes by (dx, dy) as one step."""
        vmap = self.document.map
        sel = self.scene.selection()
        ids = [*sel.stakeholders, *sel.notes]
        if sel.organisation:
            ids.append(vmap.organisation.id)
        before = {i: vmap.position_of(i) for i in ids}
        after = {i: (x + dx, y + dy) for i, (x, y) in before.items()}
        if not after:
            return False
        return self.push(MoveElements(vmap, before, after, nudge=True))

    def commit_moves(self) -> bool:
        """Push one ``MoveElements`` for the nodes a drag moved away from the map (and put
        them back if the map refuses)."""
        before, after = self.scene.moved_nodes()
        if not after:
            return False
        if self.push(MoveElements(self.document.map, before, after)):
            return True
        self.scene.put_back(before)
        return False
