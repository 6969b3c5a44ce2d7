"""The map: one organisation, its stakeholders, their flows, parking-lot notes.

``ValueMap`` is the single source of truth. Relationships live in a networkx
``MultiDiGraph`` (the organisation and the stakeholders are nodes; each flow is an edge
keyed by its id, pointing stakeholder → organisation for ``provides`` and organisation →
stakeholder for ``expects``), created with the first stakeholder or query that needs it,
so an empty map (the app's first window) costs no networkx import; insertion-ordered
dicts keep the element order that files and tables show. Every change goes through a
method here that checks the invariants first (exactly one organisation, no flow without
its stakeholder, unique ids, text within limits), changes nothing when a check fails, and
emits events afterwards.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from svx_desktop.model import events as ev
from svx_desktop.model import validation as v
from svx_desktop.model.categories import BUILTIN_CATEGORIES, BUILTIN_CATEGORY_IDS, Category
from svx_desktop.model.elements import (
    Direction,
    Flow,
    MapMeta,
    Note,
    Organisation,
    Pos,
    Stakeholder,
)
from svx_desktop.model.graph import (
    add_flow_edges,
    add_stakeholder_nodes,
    index_of,
    insert_at,
    lookup,
    new_graph,
)
from svx_desktop.model.journeys import Journeys, RemovedJourney
from svx_desktop.model.netvalue import NetView
from svx_desktop.model.validation import ModelError

if TYPE_CHECKING:
    import networkx as nx

_E = TypeVar("_E")


@dataclass(frozen=True)
class RemovedStakeholder:
    """What ``remove_stakeholder`` took out, enough for ``restore_stakeholder`` to undo it.

    ``index`` is the stakeholder's place among the stakeholders, ``flows`` its flows as
    ``(index, flow)`` with each flow's place in ``ValueMap.flows`` before the removal, in
    ascending order.
    """

    stakeholder: Stakeholder
    index: int
    flows: tuple[tuple[int, Flow], ...]
    journey: RemovedJourney | None = None


def _linked_message(flow: Flow) -> str:
    return (
        f"the expectation {flow.label!r} is served by touch points or a promise; unlink them first"
    )


def _replaced(
    old: _E,
    changes: dict[str, Any],
    check: Callable[[_E], None],
    immutable: tuple[str, ...] = ("id",),
) -> _E:
    """``old`` with ``changes`` applied and checked; ``ModelError`` for a field it does not
    have, one in ``immutable``, or a value the checks refuse."""
    v.check_fields(type(old), changes, immutable)
    new = dataclasses.replace(old, **changes)  # type: ignore[type-var]
    check(new)
    return new


class ValueMap:
    """A stakeholder net value exchange map. See the module docstring."""

    def __init__(
        self,
        organisation: Organisation | None = None,
        meta: MapMeta | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        org = organisation or Organisation()
        v.check_organisation(org)
        meta = meta or MapMeta()
        v.check_meta(meta)
        self._org = org
        self._meta = meta
        self.extra: dict[str, Any] = dict(extra or {})
        # Created by ``_graph`` on first use; None only while the map has never held a
        # stakeholder (every change that adds one goes through ``_graph``).
        self._graph_or_none: nx.MultiDiGraph | None = None
        self._stakeholders: dict[str, Stakeholder] = {}
        self._flows: dict[str, Flow] = {}
        self._notes: dict[str, Note] = {}
        self._categories: dict[str, Category] = {}
        self._listeners: list[ev.Listener] = []
        #: The stakeholders' journeys, stages, the map's own channels and the charters.
        self.journeys = Journeys(self)

    # ----------------------------------------------------------------- events
    def _emit_changes(
        self,
        element_id: str,
        changes: Mapping[str, Any],
        changed: Callable[[frozenset[str]], ev.MapEvent],
    ) -> None:
        """After a placed element was edited: ``PositionsChanged`` for a move, then
        ``changed(fields)`` for the other fields, if any."""
        if "position" in changes:
            self._emit(ev.PositionsChanged(frozenset({element_id})))
        rest = frozenset(changes) - {"position"}
        if rest:
            self._emit(changed(rest))

    def subscribe(self, listener: ev.Listener) -> None:
        """Call ``listener(event)`` after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: ev.Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, event: ev.MapEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    #: For the map's parts (``journeys``): emit an event to the map's listeners.
    emit = _emit

    # ---------------------------------------------------------------- queries
    @property
    def organisation(self) -> Organisation:
        return self._org

    @property
    def meta(self) -> MapMeta:
        return self._meta

    @property
    def _graph(self) -> nx.MultiDiGraph:
        graph = self._graph_or_none
        if graph is None:
            graph = self._graph_or_none = new_graph(self._org.id)
        return graph

    @property
    def graph(self) -> nx.MultiDiGraph:
        """A read-only view of the relationship graph (for layout and analysis)."""
        return self._graph.copy(as_view=True)

    @property
    def stakeholders(self) -> tuple[Stakeholder, ...]:
        return tuple(self._stakeholders.values())

    @property
    def flows(self) -> tuple[Flow, ...]:
        return tuple(self._flows.values())

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(self._notes.values())

    @property
    def own_categories(self) -> tuple[Category, ...]:
        """The categories this map defines itself (not the built-in ones)."""
        return tuple(self._categories.values())

    @property
    def categories(self) -> tuple[Category, ...]:
        """Built-in categories followed by the map's own."""
        return BUILTIN_CATEGORIES + self.own_categories

    def category(self, category_id: str) -> Category:
        """The category with this id; unknown ids give the built-in "other"."""
        for c in BUILTIN_CATEGORIES:
            if c.id == category_id:
                return c
        return self._categories.get(category_id, BUILTIN_CATEGORIES[-1])

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        return lookup(self._stakeholders, stakeholder_id, "stakeholder")

    def flow(self, flow_id: str) -> Flow:
        return lookup(self._flows, flow_id, "flow")

    def note(self, note_id: str) -> Note:
        return lookup(self._notes, note_id, "note")

    def has_stakeholder(self, stakeholder_id: str) -> bool:
        return stakeholder_id in self._stakeholders

    def has_flow(self, flow_id: str) -> bool:
        return flow_id in self._flows

    def has_note(self, note_id: str) -> bool:
        return note_id in self._notes

    def stakeholder_index(self, stakeholder_id: str) -> int:
        return index_of(self._stakeholders, stakeholder_id)

    def flows_of(self, stakeholder_id: str, direction: Direction | None = None) -> tuple[Flow, ...]:
        """The flows of one stakeholder (provides first), optionally of one direction."""
        self.stakeholder(stakeholder_id)
        org = self._org.id
        graph, flows = self._graph, self._flows
        found: list[Flow] = []
        if direction in (None, Direction.PROVIDES):
            found += [flows[k] for k in graph.get_edge_data(stakeholder_id, org) or ()]
        if direction in (None, Direction.EXPECTS):
            found += [flows[k] for k in graph.get_edge_data(org, stakeholder_id) or ()]
        return tuple(found)

    def net_view(self, stakeholder_id: str) -> NetView:
        s = self.stakeholder(stakeholder_id)
        flows = self.flows_of(stakeholder_id)
        return NetView(
            stakeholder=s,
            provides=tuple(f for f in flows if f.direction is Direction.PROVIDES),
            expects=tuple(f for f in flows if f.direction is Direction.EXPECTS),
        )

    def stakeholders_without(self, direction: Direction) -> tuple[Stakeholder, ...]:
        """Stakeholders with no flow of ``direction`` (a gap in the net value exchange)."""
        org = self._org.id
        out: list[Stakeholder] = []
        for s in self._stakeholders.values():
            u, w = (s.id, org) if direction is Direction.PROVIDES else (org, s.id)
            if not self._graph.has_edge(u, w):
                out.append(s)
        return tuple(out)

    def bounding_box(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) over the positions of every placed element."""
        points: list[Pos] = [self._org.position]
        points.extend(s.position for s in self._stakeholders.values())
        points.extend(n.position for n in self._notes.values())
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return (min(xs), min(ys), max(xs), max(ys))

    def position_of(self, element_id: str) -> Pos:
        """Position of the organisation, a stakeholder or a note."""
        if element_id == self._org.id:
            return self._org.position
        if element_id in self._stakeholders:
            return self._stakeholders[element_id].position
        if element_id in self._notes:
            return self._notes[element_id].position
        raise ModelError(f"no placed element with id {element_id!r}")

    def __eq__(self, other: object) -> bool:
        """Same content in the same order (listeners are not compared)."""
        if not isinstance(other, ValueMap):
            return NotImplemented
        return (
            self._org == other._org
            and self._meta == other._meta
            and self.extra == other.extra
            and list(self._categories.items()) == list(other._categories.items())
            and list(self._stakeholders.items()) == list(other._stakeholders.items())
            and list(self._flows.items()) == list(other._flows.items())
            and list(self._notes.items()) == list(other._notes.items())
            and self.journeys == other.journeys
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<ValueMap {self._org.name!r}: {len(self._stakeholders)} stakeholders, "
            f"{len(self._flows)} flows, {len(self._notes)} notes>"
        )

    def copy(self) -> ValueMap:
        """An independent copy with the same content and no listeners."""
        other = ValueMap(self._org, self._meta, dict(self.extra))
        for c in self._categories.values():
            other.add_category(c)
        for s in self._stakeholders.values():
            other.add_stakeholder(s)
        for f in self._flows.values():
            other.add_flow(f)
        for n in self._notes.values():
            other.add_note(n)
        self.journeys.copy_into(other.journeys)
        return other

    # ------------------------------------------------------------ id helpers
    def check_new_id(self, element_id: str) -> None:
        """``ModelError`` if any element of the map (journeys included) has this id."""
        if (
            element_id == self._org.id
            or element_id in self._stakeholders
            or element_id in self._flows
            or element_id in self._notes
            or self.journeys.uses_id(element_id)
        ):
            raise ModelError(f"id {element_id!r} is already used in this map")

    _check_new_id = check_new_id

    # ----------------------------------------------------------- organisation
    def update_organisation(self, **changes: Any) -> Organisation:
        """Edit the organisation's name, description or position; returns the old value."""
        old = self._org
        self._org = _replaced(old, changes, v.check_organisation)
        self._emit_changes(old.id, changes, ev.OrganisationChanged)
        return old

    def update_meta(self, **changes: Any) -> MapMeta:
        """Edit title, facilitator, dates; returns the old metadata."""
        old = self._meta
        self._meta = _replaced(old, changes, v.check_meta, immutable=())
        self._emit(ev.MetaChanged(frozenset(changes)))
        return old

    # ------------------------------------------------------------ categories
    def add_category(self, category: Category, index: int | None = None) -> None:
        v.check_category(category)
        if category.id in BUILTIN_CATEGORY_IDS or category.id in self._categories:
            raise ModelError(f"category id {category.id!r} is already used")
        insert_at(self._categories, category.id, category, index)
        self._emit(ev.CategoriesChanged())

    def update_category(self, category_id: str, **changes: Any) -> Category:
        if category_id not in self._categories:
            raise ModelError(f"{category_id!r} is not one of this map's own categories")
        old = self._categories[category_id]
        self._categories[category_id] = _replaced(old, changes, v.check_category)
        self._emit(ev.CategoriesChanged())
        return old

    def remove_category(self, category_id: str) -> tuple[int, Category]:
        """Remove one of the map's own categories that no stakeholder uses."""
        if category_id not in self._categories:
            raise ModelError(f"{category_id!r} is not one of this map's own categories")
        users = [s.name for s in self._stakeholders.values() if s.category == category_id]
        if users:
            raise ModelError(f"category {category_id!r} is still used by {len(users)} stakeholders")
        index = index_of(self._categories, category_id)
        cat = self._categories.pop(category_id)
        self._emit(ev.CategoriesChanged())
        return index, cat

    # ----------------------------------------------------------- stakeholders
    def add_stakeholder(self, stakeholder: Stakeholder, index: int | None = None) -> None:
        v.check_stakeholder(stakeholder)
        self._check_new_id(stakeholder.id)
        insert_at(self._stakeholders, stakeholder.id, stakeholder, index)
        self._graph.add_node(stakeholder.id, kind="stakeholder")
        self._emit(ev.StakeholderAdded(stakeholder.id))

    def update_stakeholder(self, stakeholder_id: str, **changes: Any) -> Stakeholder:
        """Edit fields of a stakeholder; returns the old value."""
        old = self.stakeholder(stakeholder_id)
        self._stakeholders[stakeholder_id] = _replaced(old, changes, v.check_stakeholder)
        self._emit_changes(stakeholder_id, changes, partial(ev.StakeholderChanged, stakeholder_id))
        return old

    def remove_stakeholder(self, stakeholder_id: str) -> RemovedStakeholder:
        """Remove a stakeholder and its flows; the result restores both."""
        s = self.stakeholder(stakeholder_id)
        journey = self.journeys.take_stakeholder(stakeholder_id)
        # Remove from the highest index down, so each recorded index is the flow's place
        # in the map before the removal (and restoring in ascending order puts it back).
        owned = [(i, f) for i, f in enumerate(self._flows.values()) if f.stakeholder_id == s.id]
        for _, f in reversed(owned):
            self.remove_flow(f.id)
        index = index_of(self._stakeholders, stakeholder_id)
        del self._stakeholders[stakeholder_id]
        self._graph.remove_node(stakeholder_id)
        self._emit(ev.StakeholderRemoved(s))
        return RemovedStakeholder(s, index, tuple(owned), journey)

    def restore_stakeholder(self, removed: RemovedStakeholder) -> None:
        """Undo ``remove_stakeholder``: the stakeholder and its flows, at their places.

        Everything is checked first, so a refusal leaves the map unchanged (not holding
        the stakeholder without some of its flows).
        """
        s = removed.stakeholder
        v.check_stakeholder(s)
        self._check_new_id(s.id)
        flow_ids = {s.id}
        for _, flow in removed.flows:
            v.check_flow(flow)
            if flow.stakeholder_id != s.id:
                raise ModelError(f"flow {flow.id!r} does not belong to stakeholder {s.id!r}")
            self._check_new_id(flow.id)
            if flow.id in flow_ids:
                raise ModelError(f"id {flow.id!r} is used twice")
            flow_ids.add(flow.id)
        self.add_stakeholder(s, removed.index)
        for index, flow in removed.flows:
            self.add_flow(flow, index)
        self.journeys.put_back(removed.journey)

    # ------------------------------------------------------------------ flows
    def _edge_ends(self, flow: Flow) -> tuple[str, str]:
        if flow.direction is Direction.PROVIDES:
            return flow.stakeholder_id, self._org.id
        return self._org.id, flow.stakeholder_id

    def add_flow(self, flow: Flow, index: int | None = None) -> None:
        v.check_flow(flow)
        if flow.stakeholder_id not in self._stakeholders:
            raise ModelError(f"flow {flow.id!r} refers to a missing stakeholder")
        self._check_new_id(flow.id)
        insert_at(self._flows, flow.id, flow, index)
        u, w = self._edge_ends(flow)
        self._graph.add_edge(u, w, key=flow.id)
        self._emit(ev.FlowAdded(flow.id))

    def update_flow(self, flow_id: str, **changes: Any) -> Flow:
        """Edit fields of a flow (including its direction or stakeholder); returns the old one."""
        old = self.flow(flow_id)
        new = _replaced(old, changes, v.check_flow)
        if new.stakeholder_id not in self._stakeholders:
            raise ModelError(f"flow {flow_id!r} would refer to a missing stakeholder")
        if (
            new.direction is not old.direction or new.stakeholder_id != old.stakeholder_id
        ) and self.journeys.is_linked(flow_id):
            raise ModelError(_linked_message(old))
        self._flows[flow_id] = new
        old_ends, new_ends = self._edge_ends(old), self._edge_ends(new)
        if old_ends != new_ends:
            self._graph.remove_edge(*old_ends, key=flow_id)
            self._graph.add_edge(*new_ends, key=flow_id)
        self._emit(ev.FlowChanged(flow_id, frozenset(changes)))
        return old

    def remove_flow(self, flow_id: str) -> tuple[int, Flow]:
        """Remove a flow; returns (index, flow) so it can be put back with ``add_flow``."""
        flow = self.flow(flow_id)
        if self.journeys.is_linked(flow_id):
            raise ModelError(_linked_message(flow))
        index = index_of(self._flows, flow_id)
        del self._flows[flow_id]
        self._graph.remove_edge(*self._edge_ends(flow), key=flow_id)
        self._emit(ev.FlowRemoved(flow))
        return index, flow

    # ------------------------------------------------------------------ notes
    def add_note(self, note: Note, index: int | None = None) -> None:
        v.check_note(note)
        self._check_new_id(note.id)
        insert_at(self._notes, note.id, note, index)
        self._emit(ev.NoteAdded(note.id))

    def update_note(self, note_id: str, **changes: Any) -> Note:
        old = self.note(note_id)
        self._notes[note_id] = _replaced(old, changes, v.check_note)
        self._emit_changes(note_id, changes, partial(ev.NoteChanged, note_id))
        return old

    def remove_note(self, note_id: str) -> tuple[int, Note]:
        note = self.note(note_id)
        index = index_of(self._notes, note_id)
        del self._notes[note_id]
        self._emit(ev.NoteRemoved(note))
        return index, note

    # -------------------------------------------------------------- positions
    def set_positions(self, positions: Mapping[str, Pos]) -> dict[str, Pos]:
        """Move several placed elements at once; returns their old positions.

        All positions are checked before any is applied, and one ``PositionsChanged``
        event is emitted for the whole batch.
        """
        old: dict[str, Pos] = {}
        for element_id, pos in positions.items():
            old[element_id] = self.position_of(element_id)
            v.check_position(pos)
        for element_id, pos in positions.items():
            pos = (float(pos[0]), float(pos[1]))
            if element_id == self._org.id:
                self._org = dataclasses.replace(self._org, position=pos)
            elif element_id in self._stakeholders:
                s = self._stakeholders[element_id]
                self._stakeholders[element_id] = dataclasses.replace(s, position=pos)
            else:
                n = self._notes[element_id]
                self._notes[element_id] = dataclasses.replace(n, position=pos)
        if positions:
            self._emit(ev.PositionsChanged(frozenset(positions)))
        return old

    def iter_placed_ids(self) -> Iterator[str]:
        """Ids of every element with a position: organisation, stakeholders, notes."""
        yield self._org.id
        yield from self._stakeholders
        yield from self._notes

    def add_stakeholders(self, stakeholders: Iterable[Stakeholder]) -> None:
        """Add many stakeholders (a convenience for loaders and templates)."""
        for s in stakeholders:
            self.add_stakeholder(s)

    def add_elements(
        self,
        categories: Iterable[Category] = (),
        stakeholders: Iterable[Stakeholder] = (),
        flows: Iterable[Flow] = (),
        notes: Iterable[Note] = (),
    ) -> None:
        """Append many elements in one step (loading a file, a template, a paste).

        Checks exactly what ``add_category``/``add_stakeholder``/``add_flow``/``add_note``
        check, all before changing anything, so on a ``ModelError`` the map is unchanged;
        flows may refer to stakeholders of the same batch. Then emits the events adding
        them one by one would (one ``CategoriesChanged`` for all categories), building no
        event objects when nobody listens. This is the fast path for large maps: the
        invariants are checked once per element, not re-derived per call.
        """
        new_categories = list(categories)
        new_stakeholders = list(stakeholders)
        new_flows = list(flows)
        new_notes = list(notes)

        category_ids = set(BUILTIN_CATEGORY_IDS)
        category_ids.update(self._categories)
        for c in new_categories:
            v.check_category(c)
            if c.id in category_ids:
                raise ModelError(f"category id {c.id!r} is already used")
            category_ids.add(c.id)

        v.check_stakeholders(new_stakeholders)
        v.check_flows(new_flows)
        v.check_notes(new_notes)
        stakeholder_ids = set(self._stakeholders)
        stakeholder_ids.update(s.id for s in new_stakeholders)
        for f in new_flows:
            if f.stakeholder_id not in stakeholder_ids:
                raise ModelError(f"flow {f.id!r} refers to a missing stakeholder")
        new_ids = [s.id for s in new_stakeholders]
        new_ids += [f.id for f in new_flows]
        new_ids += [n.id for n in new_notes]
        unique = set(new_ids)
        if (
            len(unique) != len(new_ids)
            or self._org.id in unique
            or not self._stakeholders.keys().isdisjoint(unique)
            or not self._flows.keys().isdisjoint(unique)
            or not self._notes.keys().isdisjoint(unique)
            or (self.journeys and not self.journeys.ids().isdisjoint(unique))
        ):
            # Slow path, only to name the first id in conflict.
            used = {self._org.id, *self._stakeholders, *self._flows, *self._notes}
            used.update(self.journeys.ids())
            for element_id in new_ids:
                if element_id in used:
                    raise ModelError(f"id {element_id!r} is already used in this map")
                used.add(element_id)

        # Everything is checked: apply. Nothing below can fail on valid elements.
        for c in new_categories:
            self._categories[c.id] = c
        graph = self._graph
        for s in new_stakeholders:
            self._stakeholders[s.id] = s
        add_stakeholder_nodes(graph, new_stakeholders)
        add_flow_edges(graph, self._org.id, new_flows)
        flows_by_id = self._flows
        for f in new_flows:
            flows_by_id[f.id] = f
        for n in new_notes:
            self._notes[n.id] = n

        if not self._listeners:
            return
        if new_categories:
            self._emit(ev.CategoriesChanged())
        for s in new_stakeholders:
            self._emit(ev.StakeholderAdded(s.id))
        for f in new_flows:
            self._emit(ev.FlowAdded(f.id))
        for n in new_notes:
            self._emit(ev.NoteAdded(n.id))
