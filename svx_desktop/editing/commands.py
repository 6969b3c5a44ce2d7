"""Undo commands: the only way the GUI changes a map.

Each command edits the model and nothing else; the scene follows the model's events.
``QUndoStack.push`` calls ``redo`` at once, and ``redo`` may run again after an ``undo``,
so every ``redo`` computes its effect from the command's own data and is safe to repeat.
``MacroCommand`` makes one undo step of several commands, e.g. a quick-capture line or a
paste.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from PySide6.QtGui import QUndoCommand

from svx_desktop.model import (
    Category,
    Flow,
    FlowLinks,
    ModelError,
    Note,
    Pos,
    RemovedStakeholder,
    Stakeholder,
    ValueMap,
)
from svx_desktop.model.kinds import KINDS, Kind

#: Merge ids for ``QUndoCommand.id`` (commands with the same id may merge).
NUDGE_MERGE_ID = 1001


def plural(count: int, noun: str) -> str:
    """``plural(1, "Stakeholder")`` → "Stakeholder"; ``plural(3, ...)`` → "3 Stakeholders"."""
    return noun if count == 1 else f"{count} {noun}s"


def _clip(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class MapCommand(QUndoCommand):
    """Base: a command over one map.

    Subclasses implement ``_redo``/``_undo``; ``_redo`` either applies the whole edit or
    raises ``ModelError`` having changed nothing. ``Document.push`` runs ``_redo`` itself
    *before* pushing, so a refused edit never reaches the stack (and never cuts its redo
    history); the push's own call to ``redo`` is then skipped. Should a later ``redo``
    fail, the command marks itself obsolete (exceptions cannot cross Qt's virtual call).
    """

    def __init__(self, vmap: ValueMap, text: str) -> None:
        super().__init__(text)
        self.map = vmap
        self.error: ModelError | None = None
        self._applied = False

    def apply_before_push(self) -> None:
        """Apply the edit now (raising ``ModelError`` if refused); the next redo is skipped."""
        self._redo()
        self._applied = True

    def redo(self) -> None:
        self.error = None
        if self._applied:
            self._applied = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        # In a live session someone else may have changed the map since (deleted the
        # stakeholder this command renamed): an undo that no longer applies is skipped,
        # and the command leaves the stack (Qt removes a command made obsolete in undo).
        self.error = None
        self._run(self._undo)

    def _run(self, step: Callable[[], None]) -> None:
        """Run ``step``; a ``ModelError`` is kept in ``error`` and makes the command obsolete."""
        try:
            step()
        except ModelError as e:
            self.error = e
            self.setObsolete(True)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class MacroCommand(MapCommand):
    """Several commands as one undo step (a quick-capture line, a paste, an arrange).

    Children run in order; if one fails, the ones already done are undone and the whole
    step fails, leaving the map as it was.
    """

    def __init__(self, vmap: ValueMap, text: str, children: Iterable[MapCommand] = ()) -> None:
        super().__init__(vmap, text)
        self.children = list(children)

    def add(self, child: MapCommand) -> MapCommand:
        self.children.append(child)
        return child

    def _redo(self) -> None:
        done: list[MapCommand] = []
        try:
            for child in self.children:
                child._redo()
                done.append(child)
        except ModelError:
            for child in reversed(done):
                child._undo()
            raise

    def _undo(self) -> None:
        for child in reversed(self.children):
            child._undo()


class AddElements(MapCommand):
    """Add stakeholders, then flows, then notes; undo removes them again."""

    def __init__(
        self,
        vmap: ValueMap,
        stakeholders: Iterable[Stakeholder] = (),
        flows: Iterable[Flow] = (),
        notes: Iterable[Note] = (),
        text: str | None = None,
    ) -> None:
        self.stakeholders = tuple(stakeholders)
        self.flows = tuple(flows)
        self.notes = tuple(notes)
        if text is None:
            text = _describe("Add", self.stakeholders, self.flows, self.notes)
        super().__init__(vmap, text)

    def _redo(self) -> None:
        m = self.map
        undo: list[Callable[[], object]] = []
        try:
            for s in self.stakeholders:
                m.add_stakeholder(s)
                undo.append(partial(m.remove_stakeholder, s.id))
            for f in self.flows:
                m.add_flow(f)
                undo.append(partial(m.remove_flow, f.id))
            for n in self.notes:
                m.add_note(n)
                undo.append(partial(m.remove_note, n.id))
        except ModelError:
            for remove in reversed(undo):
                remove()
            raise

    def _undo(self) -> None:
        m = self.map
        for n in reversed(self.notes):
            if m.has_note(n.id):
                m.remove_note(n.id)
        for f in reversed(self.flows):
            if m.has_flow(f.id):
                m.remove_flow(f.id)
        for s in reversed(self.stakeholders):
            if m.has_stakeholder(s.id):
                m.remove_stakeholder(s.id)


def _describe(
    verb: str,
    stakeholders: tuple[Any, ...],
    flows: tuple[Any, ...],
    notes: tuple[Any, ...],
) -> str:
    parts = []
    if len(stakeholders) == 1 and not flows and not notes:
        return f"{verb} Stakeholder “{_clip(stakeholders[0].name)}”"
    if len(flows) == 1 and not stakeholders and not notes:
        label = getattr(flows[0], "label", "")
        return f"{verb} Flow “{_clip(label)}”" if label else f"{verb} Flow"
    if stakeholders:
        parts.append(plural(len(stakeholders), "Stakeholder"))
    if flows:
        parts.append(plural(len(flows), "Flow"))
    if notes:
        parts.append(plural(len(notes), "Note"))
    return f"{verb} " + (" and ".join(parts) if parts else "Nothing")


class RemoveElements(MapCommand):
    """Delete flows, notes and stakeholders (a stakeholder takes its flows with it).

    Undo puts everything back at its old place in the map's order.
    """

    def __init__(
        self,
        vmap: ValueMap,
        stakeholder_ids: Iterable[str] = (),
        flow_ids: Iterable[str] = (),
        note_ids: Iterable[str] = (),
    ) -> None:
        self.stakeholder_ids = tuple(dict.fromkeys(stakeholder_ids))
        owned = set(self.stakeholder_ids)
        self.flow_ids = tuple(
            fid for fid in dict.fromkeys(flow_ids) if vmap.flow(fid).stakeholder_id not in owned
        )
        self.note_ids = tuple(dict.fromkeys(note_ids))
        text = _describe(
            "Delete",
            tuple(vmap.stakeholder(i) for i in self.stakeholder_ids),
            tuple(vmap.flow(i) for i in self.flow_ids),
            self.note_ids,
        )
        super().__init__(vmap, text)
        self._flows: list[tuple[int, Flow]] = []
        self._links: list[FlowLinks] = []
        self._notes: list[tuple[int, Note]] = []
        self._stakeholders: list[RemovedStakeholder] = []

    def _redo(self) -> None:
        # An expectation that touch points or a promise serve is unlinked first (the
        # map refuses to leave a dangling link); undo links them again.
        present = [i for i in self.flow_ids if self.map.has_flow(i)]
        self._links = [self.map.journeys.unlink_flow(i) for i in present]
        self._flows = [self.map.remove_flow(i) for i in present]
        self._notes = [self.map.remove_note(i) for i in self.note_ids if self.map.has_note(i)]
        self._stakeholders = [
            self.map.remove_stakeholder(i)
            for i in self.stakeholder_ids
            if self.map.has_stakeholder(i)
        ]

    def _undo(self) -> None:
        for removed in reversed(self._stakeholders):
            self.map.restore_stakeholder(removed)
        for index, note in reversed(self._notes):
            self.map.add_note(note, index)
        for index, flow in reversed(self._flows):
            self.map.add_flow(flow, index)
        for links in reversed(self._links):
            self.map.journeys.relink(links)


_FIELD_VERBS = {
    "name": "Rename",
    "label": "Rename",
    "text": "Edit",
    "category": "Change Category of",
    "colour": "Change Colour of",
    "direction": "Change Direction of",
    "value_kind": "Change Value Kind of",
    "importance": "Change Importance of",
    "notes": "Edit Notes of",
    "description": "Edit Description of",
    "met_today": "Rate",
    "dependence": "Rate",
    "health": "Rate",
    "moment_of_truth": "Mark",
    "channels": "Change Channels of",
    "serves": "Link",
    "stage_id": "Change Stage of",
    "mechanism": "Edit Mechanism of",
}
#: Fields that go along with another change (a flip clears a rating): the other names it.
_SECONDARY_FIELDS = frozenset({"met_today", "dependence"})


def _verb(fields: set[str]) -> str:
    """The undo verb for an edit of ``fields``: one verb if they share it, else "Edit"."""
    main = fields - _SECONDARY_FIELDS or fields
    verbs = {_FIELD_VERBS.get(f, "Edit") for f in main}
    return verbs.pop() if len(verbs) == 1 else "Edit"


class EditElements(MapCommand):
    """Change fields of one or more elements of one kind (not positions: see MoveElements).

    ``changes`` maps element id → {field: new value}; for the organisation and the map
    metadata the id is ignored (use any key, e.g. ``""``).
    """

    def __init__(
        self,
        vmap: ValueMap,
        kind: Kind,
        changes: Mapping[str, Mapping[str, Any]],
        text: str | None = None,
    ) -> None:
        self.kind = kind
        self.changes = {k: dict(v) for k, v in changes.items()}
        self._old: dict[str, dict[str, Any]] = {}
        self._links: list[FlowLinks] = []
        if text is None:
            verb = _verb({f for c in self.changes.values() for f in c})
            text = f"{verb} {plural(len(self.changes), KINDS[kind].noun)}"
        super().__init__(vmap, text)

    def _apply(self, element_id: str, changes: dict[str, Any]) -> Any:
        return KINDS[self.kind].update(self.map, element_id, **changes)

    def _redo(self) -> None:
        old: dict[str, dict[str, Any]] = {}
        links = self._unlink_repointed_flows()
        try:
            for element_id, changes in self.changes.items():
                before = self._apply(element_id, changes)
                old[element_id] = {f: getattr(before, f) for f in changes}
        except Exception:
            for element_id, values in reversed(old.items()):
                self._apply(element_id, values)
            for link in reversed(links):
                self.map.journeys.relink(link)
            raise
        self._old = old
        self._links = links

    def _unlink_repointed_flows(self) -> list[FlowLinks]:
        """A flow that changes direction or stakeholder no longer is the expectation its
        touch points and promise served: unlink those first (undo links them again)."""
        if self.kind != "flow":
            return []
        return [
            self.map.journeys.unlink_flow(fid)
            for fid, changes in self.changes.items()
            if {"direction", "stakeholder_id"} & changes.keys() and self.map.has_flow(fid)
        ]

    def _undo(self) -> None:
        for element_id, values in reversed(self._old.items()):
            self._apply(element_id, values)
        for link in reversed(self._links):
            self.map.journeys.relink(link)


class MoveElements(MapCommand):
    """Move placed elements (organisation, stakeholders, notes) from ``before`` to ``after``.

    Pushed once when a drag ends; nudges made with the arrow keys on the same selection
    merge into one step.
    """

    def __init__(
        self,
        vmap: ValueMap,
        before: Mapping[str, Pos],
        after: Mapping[str, Pos],
        nudge: bool = False,
        text: str | None = None,
    ) -> None:
        self.before = dict(before)
        self.after = dict(after)
        self.nudge = nudge
        if text is None:
            n_st = sum(1 for i in self.after if vmap.has_stakeholder(i))
            n_notes = sum(1 for i in self.after if vmap.has_note(i))
            has_org = vmap.organisation.id in self.after
            if n_st and not n_notes and not has_org:
                text = f"Move {plural(n_st, 'Stakeholder')}"
            elif has_org and len(self.after) == 1:
                text = "Move Organisation"
            elif n_notes and len(self.after) == n_notes:
                text = f"Move {plural(n_notes, 'Note')}"
            else:
                text = f"Move {len(self.after)} Items"
        super().__init__(vmap, text)

    @classmethod
    def to(cls, vmap: ValueMap, after: Mapping[str, Pos]) -> MoveElements | None:
        """Move the elements of ``after`` the map still has from where they are now (None
        when there is none: nothing to move)."""
        org = vmap.organisation.id
        kept = {
            k: p
            for k, p in after.items()
            if k == org or vmap.has_stakeholder(k) or vmap.has_note(k)
        }
        if not kept:
            return None
        return cls(vmap, {k: vmap.position_of(k) for k in kept}, kept)

    def id(self) -> int:
        return NUDGE_MERGE_ID if self.nudge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveElements) or not other.nudge or not self.nudge:
            return False
        if set(other.after) != set(self.after):
            return False
        self.after = dict(other.after)
        return True

    def _redo(self) -> None:
        self.map.set_positions(self.after)

    def _undo(self) -> None:
        self.map.set_positions(self.before)


class AddCategory(MapCommand):
    def __init__(self, vmap: ValueMap, category: Category) -> None:
        super().__init__(vmap, f"Add Category “{_clip(category.name)}”")
        self.category = category

    def _redo(self) -> None:
        self.map.add_category(self.category)

    def _undo(self) -> None:
        self.map.remove_category(self.category.id)


class RemoveCategory(MapCommand):
    def __init__(self, vmap: ValueMap, category_id: str) -> None:
        name = vmap.category(category_id).name
        super().__init__(vmap, f"Delete Category “{_clip(name)}”")
        self.category_id = category_id
        self._removed: tuple[int, Category] | None = None

    def _redo(self) -> None:
        self._removed = self.map.remove_category(self.category_id)

    def _undo(self) -> None:
        if self._removed is not None:
            index, category = self._removed
            self.map.add_category(category, index)
