"""Random edit sessions over a Document (hypothesis stateful).

Rules add, remove, edit, move and nudge elements, rate and flip flows, dismiss checks,
add and remove categories, make macro steps, undo and redo. Invariants: a refused edit
changes nothing; undo-all gives the initial map and redo-all the map at the top of the
stack (then the session goes on where it was); save → load gives the model back."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from svx_desktop import fileformat
from svx_desktop.editing import (
    AddCategory,
    AddElements,
    Document,
    EditElements,
    MacroCommand,
    MapCommand,
    MoveElements,
    RemoveCategory,
    RemoveElements,
)
from svx_desktop.model import (
    BUILTIN_CATEGORY_IDS,
    Category,
    Direction,
    Flow,
    Health,
    ModelError,
    Note,
    Stakeholder,
    ValueKind,
    ValueMap,
    direction_changes,
    rating_changes,
)
from svx_desktop.model.checks import dismiss, run_checks, undismiss
from tests.safety.tools import make_map

names = st.text(min_size=0, max_size=12) | st.sampled_from(
    ["<b>x</b>", '<img src="/etc/passwd">', "Customers", "a\nb", " "]
)
coords = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)
positions = st.tuples(coords, coords)
# Some values outside the model's limits, so that refusals are exercised too.
importances = st.integers(min_value=-1, max_value=7)


def _normalised(vmap: ValueMap) -> ValueMap:
    """The map with ``meta.modified`` blanked (saving sets it; it is not an edit)."""
    out = vmap.copy()
    out.update_meta(modified="")
    return out


class EditingSession(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="svx-stateful-"))
        self.saves = 0

    @initialize(seed=st.integers(0, 2**16), size=st.integers(0, 4))
    def start(self, seed: int, size: int) -> None:
        self.doc = Document(make_map(random.Random(seed), size, 2))
        self.initial = _normalised(self.doc.map)
        self.top = self.doc.map.copy()

    # ---------------------------------------------------------------- helpers
    def _push(self, command: MapCommand) -> None:
        before = self.doc.map.copy()
        count = self.doc.undo_stack.count()
        stack = self.doc.undo_stack
        index = stack.index()
        try:
            self.doc.push(command)
        except ModelError:
            assert self.doc.map == before, "a refused edit changed the map"
            assert stack.index() == index
            # QUndoStack.push drops the redo steps before it runs the command, so a
            # refused edit loses the redo history (reported; the map is unchanged).
            assert stack.count() in (count, index)
            if stack.count() != count:
                self.top = self.doc.map.copy()
            return
        self.top = self.doc.map.copy()

    def _pick(self, data: st.DataObject, items: tuple[object, ...]) -> object:
        return data.draw(st.sampled_from(items))

    # ------------------------------------------------------------------ rules
    @rule(name=names, category=st.sampled_from([*sorted(BUILTIN_CATEGORY_IDS), "unknown"]))
    def add_stakeholder(self, name: str, category: str) -> None:
        self._push(AddElements(self.doc.map, [Stakeholder(name, category=category)]))

    @precondition(lambda self: self.doc.map.stakeholders)
    @rule(data=st.data(), label=names, importance=importances)
    def add_flow(self, data: st.DataObject, label: str, importance: int) -> None:
        s = data.draw(st.sampled_from(self.doc.map.stakeholders))
        flow = Flow(
            s.id,
            data.draw(st.sampled_from(list(Direction))),
            label,
            value_kind=data.draw(st.sampled_from(list(ValueKind))),
            importance=importance,
        )
        self._push(AddElements(self.doc.map, flows=[flow]))

    @rule(text=names, pos=positions)
    def add_note(self, text: str, pos: tuple[float, float]) -> None:
        self._push(AddElements(self.doc.map, notes=[Note(text, position=pos)]))

    @precondition(lambda self: self.doc.map.stakeholders or self.doc.map.notes)
    @rule(data=st.data())
    def remove_some(self, data: st.DataObject) -> None:
        m = self.doc.map
        stakeholders = (
            data.draw(st.lists(st.sampled_from(m.stakeholders), max_size=2))
            if m.stakeholders
            else []
        )
        flows = data.draw(st.lists(st.sampled_from(m.flows), max_size=2)) if m.flows else []
        notes = data.draw(st.lists(st.sampled_from(m.notes), max_size=1)) if m.notes else []
        self._push(
            RemoveElements(
                m, [s.id for s in stakeholders], [f.id for f in flows], [n.id for n in notes]
            )
        )

    @precondition(lambda self: self.doc.map.stakeholders)
    @rule(data=st.data(), name=names, notes=names)
    def edit_stakeholder(self, data: st.DataObject, name: str, notes: str) -> None:
        s = data.draw(st.sampled_from(self.doc.map.stakeholders))
        field = data.draw(st.sampled_from(["name", "notes", "category", "colour"]))
        value: object = {
            "name": name,
            "notes": notes,
            "category": data.draw(st.sampled_from([*sorted(BUILTIN_CATEGORY_IDS), "nope"])),
            "colour": data.draw(st.sampled_from([None, "#112233", "red", "#12345"])),
        }[field]
        self._push(EditElements(self.doc.map, "stakeholder", {s.id: {field: value}}))

    @precondition(lambda self: self.doc.map.flows)
    @rule(data=st.data(), label=names, importance=importances)
    def edit_flow(self, data: st.DataObject, label: str, importance: int) -> None:
        f = data.draw(st.sampled_from(self.doc.map.flows))
        changes = data.draw(
            st.sampled_from(
                [
                    {"label": label},
                    {"importance": importance},
                    {"direction": Direction.EXPECTS},
                    {"label": label, "importance": importance},
                ]
            )
        )
        self._push(EditElements(self.doc.map, "flow", {f.id: changes}))

    @precondition(lambda self: self.doc.map.flows)
    @rule(data=st.data(), step=st.none() | st.integers(0, 6), either=st.booleans())
    def rate_flow(self, data: st.DataObject, step: int | None, either: bool) -> None:
        """A rating through the helper, or straight into either field (wrong ones refused)."""
        f = data.draw(st.sampled_from(self.doc.map.flows))
        if either:
            field = data.draw(st.sampled_from(["met_today", "dependence"]))
            value = Health(step) if field == "met_today" and step in range(1, 6) else step
            changes = {field: value}
        elif step is not None and not 1 <= step <= 5:
            return
        else:
            changes = rating_changes(f, step)
        self._push(EditElements(self.doc.map, "flow", {f.id: changes}))

    @precondition(lambda self: self.doc.map.flows)
    @rule(data=st.data())
    def flip_flow(self, data: st.DataObject) -> None:
        f = data.draw(st.sampled_from(self.doc.map.flows))
        other = Direction.EXPECTS if f.direction is Direction.PROVIDES else Direction.PROVIDES
        self._push(EditElements(self.doc.map, "flow", {f.id: direction_changes(f, other)}))

    @rule(undo_one=st.booleans())
    def dismiss_checks(self, undo_one: bool) -> None:
        m = self.doc.map
        keys = [f.key for f in run_checks(m)]
        new = undismiss(m, m.meta.dismissed_checks[:1]) if undo_one else dismiss(m, keys[:2])
        self._push(EditElements(m, "meta", {"": {"dismissed_checks": new}}))

    @rule(name=names, title=names)
    def edit_organisation_and_meta(self, name: str, title: str) -> None:
        self._push(EditElements(self.doc.map, "organisation", {"": {"name": name}}))
        self._push(EditElements(self.doc.map, "meta", {"": {"title": title}}))

    @rule(data=st.data(), nudge=st.booleans())
    def move(self, data: st.DataObject, nudge: bool) -> None:
        m = self.doc.map
        ids = [m.organisation.id, *(s.id for s in m.stakeholders), *(n.id for n in m.notes)]
        chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        before = {i: m.position_of(i) for i in chosen}
        after = {i: data.draw(positions) for i in chosen}
        self._push(MoveElements(m, before, after, nudge=nudge))

    @rule(cid=st.sampled_from(["mine", "theirs", "customer"]), name=names)
    def add_category(self, cid: str, name: str) -> None:
        if any(c.id == cid for c in self.doc.map.own_categories):
            return  # see test_adding_an_existing_category_id_is_refused below
        self._push(AddCategory(self.doc.map, Category(cid, name or "C", "#225588")))

    @precondition(lambda self: self.doc.map.own_categories)
    @rule(data=st.data())
    def remove_category(self, data: st.DataObject) -> None:
        c = data.draw(st.sampled_from(self.doc.map.own_categories))
        self._push(RemoveCategory(self.doc.map, c.id))

    @precondition(lambda self: self.doc.map.stakeholders)
    @rule(data=st.data(), name=names, label=names)
    def macro(self, data: st.DataObject, name: str, label: str) -> None:
        m = self.doc.map
        s = data.draw(st.sampled_from(m.stakeholders))
        new = Stakeholder(name)
        self._push(
            MacroCommand(
                m,
                "Quick capture",
                [
                    AddElements(m, [new], [Flow(new.id, Direction.PROVIDES, label)]),
                    EditElements(m, "stakeholder", {s.id: {"name": label}}),
                ],
            )
        )

    @precondition(lambda self: self.doc.undo_stack.canUndo())
    @rule(steps=st.integers(1, 3))
    def undo(self, steps: int) -> None:
        for _ in range(steps):
            self.doc.undo_stack.undo()

    @precondition(lambda self: self.doc.undo_stack.canRedo())
    @rule(steps=st.integers(1, 3))
    def redo(self, steps: int) -> None:
        for _ in range(steps):
            self.doc.undo_stack.redo()

    @rule()
    def save_and_load(self) -> None:
        self.saves += 1
        path = self.folder / f"m{self.saves % 3}.svx"
        self.doc.save(path)
        assert not self.doc.is_dirty
        assert Document.open(path).map == self.doc.map

    # ------------------------------------------------------------- invariants
    @invariant()
    def round_trips_through_the_file_format(self) -> None:
        m = self.doc.map
        assert fileformat.loads(fileformat.dumps(m)).map == m

    @invariant()
    def undo_all_gives_the_initial_map_and_redo_all_the_final_one(self) -> None:
        stack = self.doc.undo_stack
        here = stack.index()
        current = _normalised(self.doc.map)
        stack.setIndex(0)
        assert _normalised(self.doc.map) == self.initial
        stack.setIndex(stack.count())
        assert _normalised(self.doc.map) == _normalised(self.top)
        stack.setIndex(here)
        assert _normalised(self.doc.map) == current

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def test_adding_an_existing_category_id_is_refused() -> None:
    doc = Document()
    doc.push(AddCategory(doc.map, Category("mine", "Mine", "#225588")))
    with pytest.raises(ModelError):
        doc.push(AddCategory(doc.map, Category("mine", "Again", "#225588")))


def test_adding_an_existing_stakeholder_id_is_refused() -> None:
    doc = Document()
    s = Stakeholder("Customers")
    doc.push(AddElements(doc.map, [s]))
    with pytest.raises(ModelError):
        doc.push(AddElements(doc.map, [Stakeholder("Other", id=s.id)]))


EditingSession.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestEditingSession = EditingSession.TestCase
