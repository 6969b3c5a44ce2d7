"""Two-way binding between a ``ValueMap`` and a pycrdt ``Doc`` in the live layout.

Local edits: the binding follows the map's events and writes each touched element into the
document in a transaction whose origin is the binding's own token. Remote edits: it
observes every root map deeply, skips its own transactions (no echo), and brings the
touched elements of the map to what the document says, through the ``ValueMap`` methods,
while it ignores the events that this causes (no echo the other way). The map is always a
function of the document alone — elements listed by ``(@order, id)``, invalid values and
flows whose stakeholder is absent left out, an id used by two kinds kept only by the first
of organisation, stakeholders, flows, notes — so every peer that holds the same document
holds the same map, whatever order the updates came in. ``build_map`` makes that map from
a document (a peer that joins); ``seed`` writes a map into an empty document (a new
session).
"""

from __future__ import annotations

import bisect
import json
import logging
import math
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import fields
from itertools import count
from typing import Any

from pycrdt import Doc, Map, Subscription

from svx_desktop.live import journeys as lj
from svx_desktop.live import layout as lay
from svx_desktop.model import ModelError, ValueMap
from svx_desktop.model import events as ev
from svx_desktop.model.kinds import KINDS

log = logging.getLogger(__name__)

_tokens = count(1)
_ID_KINDS = ("stakeholders", "flows", "notes")


def roots(doc: Doc[Any]) -> dict[str, Map[Any]]:
    """The root maps of a session document (created here if new; before any transaction)."""
    return {name: doc.get(name, type=Map[Any]) for name in lay.ROOTS}


def _keys(m: Map[Any]) -> list[str]:
    return list(m.keys())


def _py(value: Any) -> Any:
    """A Yjs value as plain Python (a map through Yrs' own JSON: one call, not one a key)."""
    if not isinstance(value, Map):
        return value
    try:
        return json.loads(str(value))
    except ValueError:
        return None


class _Reader:
    """Reads the map the document describes, one element at a time.

    With ``snapshot``, each element root is read whole once (a joining peer builds the
    whole map); otherwise every read goes to the document (a few elements changed).
    """

    def __init__(self, doc: Doc[Any], snapshot: bool = False) -> None:
        self.roots = roots(doc)
        self._snapshot: dict[str, dict[str, Any]] | None = None
        self._org_id: str | None = None
        if snapshot:
            self._org_id = self.organisation_id()
            self._snapshot = {}
            for root in lay.KINDS:
                whole = _py(self.roots[root])
                self._snapshot[root] = whole if isinstance(whole, dict) else {}

    def raw(self, root: str, element_id: str) -> Any:
        if self._snapshot is not None:
            return self._snapshot[root].get(element_id)
        return _py(self.roots[root].get(element_id))

    def has(self, root: str, element_id: str) -> bool:
        if self._snapshot is not None:
            return element_id in self._snapshot[root]
        return element_id in self.roots[root]

    def order(self, root: str, element_id: str) -> float:
        if self._snapshot is not None:
            return lay.order_of(self._snapshot[root].get(element_id))
        value = self.roots[root].get(element_id)
        if not isinstance(value, Map):
            return math.inf
        return lay.order_of({lay.ORDER_KEY: value.get(lay.ORDER_KEY)})

    def organisation_id(self) -> str | None:
        if self._org_id is not None:
            return self._org_id
        value = self.roots["organisation"].get("id")
        return value if isinstance(value, str) else None

    def target(self, root: str, element_id: str, stakeholder_ids: Any = None) -> Any:
        """The element ``element_id`` of ``root`` as the document has it, or None."""
        raw = self.raw(root, element_id)
        if raw is None:
            return None
        if root in _ID_KINDS:
            if element_id == self.organisation_id():
                return None
            for other in _ID_KINDS[: _ID_KINDS.index(root)]:
                if self.has(other, element_id):
                    return None
        try:
            element = lay.element_from(root, element_id, raw)
        except lay.LayoutError as e:
            log.warning("live session: %s %r left out: %s", root, element_id, e)
            return None
        if (
            root == "flows"
            and stakeholder_ids is not None
            and element.stakeholder_id not in stakeholder_ids
        ):
            return None
        return element

    def sorted_ids(self, root: str) -> list[str]:
        if self._snapshot is not None:
            items = [(lay.order_of(v), k) for k, v in self._snapshot[root].items()]
        else:
            items = [(self.order(root, k), k) for k in _keys(self.roots[root])]
        return [k for _, k in sorted(items)]


def build_map(doc: Doc[Any]) -> ValueMap:
    """The map a session document describes (for a peer that has just joined)."""
    reader = _Reader(doc, snapshot=True)
    try:
        org = lay.organisation_from(_py(reader.roots["organisation"]))
    except lay.LayoutError:
        org = None
    try:
        meta = lay.meta_from(_py(reader.roots["meta"]))
    except lay.LayoutError:
        meta = None
    vmap = ValueMap(org, meta)
    for root in lay.KINDS:
        stakeholder_ids = _stakeholder_ids(vmap) if root == "flows" else None
        elements = []
        for element_id in reader.sorted_ids(root):
            element = reader.target(root, element_id, stakeholder_ids)
            if element is not None:
                elements.append(element)
        _add_all(vmap, root, elements)
    _apply_all_journeys(vmap, reader.roots[lj.JOURNEYS_ROOT])
    return vmap


def _apply_all_journeys(
    vmap: ValueMap, root: Map[Any], only: Iterable[str] | None = None
) -> set[str]:
    """Bring the map's own channels and the journeys (of ``only`` or every stakeholder)
    to what the document's ``journeys`` root says; returns the stakeholders whose journey
    is not exactly the document's yet (repaired, refused, or its stakeholder absent)."""
    whole = _py(root)
    entries: dict[str, Any] = whole if isinstance(whole, dict) else {}
    channels: list[Any] = []
    if lj.CHANNELS_KEY in entries:
        try:
            channels = lj.parse_channels(entries[lj.CHANNELS_KEY])
        except lay.LayoutError as e:
            log.warning("live session: channels left as they were: %s", e)
    lj.apply_channels(vmap, channels, remove=False)
    if only is None:
        j = vmap.journeys
        ids = {*entries, *j.stakeholders_with_journeys(), *(c.stakeholder_id for c in j.charters)}
    else:
        ids = set(only)
    behind: set[str] = set()
    for sid in sorted(ids - {lj.CHANNELS_KEY}):
        text = entries.get(sid)
        if not vmap.has_stakeholder(sid):
            if text is not None:
                behind.add(sid)
            continue
        if text == lj.journey_text(vmap, sid):
            continue
        try:
            target, repaired = (None, False) if text is None else lj.parse_journey(vmap, sid, text)
        except lay.LayoutError as e:
            log.warning("live session: journey of %r left as it was: %s", sid, e)
            continue
        if not lj.apply_journey(vmap, sid, target) or repaired:
            behind.add(sid)
    lj.apply_channels(vmap, channels, remove=True)
    return behind


def _add_all(vmap: ValueMap, root: str, elements: list[Any]) -> None:
    """Add many elements of one kind: in one step, or one by one if one is refused."""
    try:
        vmap.add_elements(**{root: elements})
    except ModelError:
        for element in elements:
            _add(vmap, root, element, None)


def _stakeholder_ids(vmap: ValueMap) -> set[str]:
    return {s.id for s in vmap.stakeholders}


def _elements(vmap: ValueMap, root: str) -> tuple[Any, ...]:
    if root == "categories":
        return vmap.own_categories
    return getattr(vmap, root)  # type: ignore[no-any-return]


def _has(vmap: ValueMap, root: str, element_id: str) -> bool:
    if root == "categories":
        return any(c.id == element_id for c in vmap.own_categories)
    return {"stakeholders": vmap.has_stakeholder, "flows": vmap.has_flow, "notes": vmap.has_note}[
        root
    ](element_id)


def _get(vmap: ValueMap, root: str, element_id: str) -> Any:
    if root == "categories":
        return next((c for c in vmap.own_categories if c.id == element_id), None)
    if not _has(vmap, root, element_id):
        return None
    return {"stakeholders": vmap.stakeholder, "flows": vmap.flow, "notes": vmap.note}[root](
        element_id
    )


def _add(vmap: ValueMap, root: str, element: Any, index: int | None) -> None:
    try:
        adders: dict[str, Callable[..., None]] = {
            "categories": vmap.add_category,
            "stakeholders": vmap.add_stakeholder,
            "flows": vmap.add_flow,
            "notes": vmap.add_note,
        }
        adders[root](element, index)
    except ModelError as e:
        log.warning("live session: %s %r not added: %s", root, element.id, e)


def _changes(old: Any, new: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(new, n) for n in names if getattr(old, n) != getattr(new, n)}


#: The map's one-of-a-kind roots (also ``model.kinds`` names): what a warning calls each,
#: and how to read it from the document. A remote change may set every field but the id.
_SINGLES: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "meta": ("map metadata", lay.meta_from),
    "organisation": ("organisation", lay.organisation_from),
}


class LiveBinding:
    """Keeps ``vmap`` and ``doc`` equal in both directions. See the module docstring."""

    def __init__(self, vmap: ValueMap, doc: Doc[Any]) -> None:
        self.vmap = vmap
        self.doc = doc
        self.origin = f"svx-live-{next(_tokens)}"
        self._reader = _Reader(doc)
        self._roots = self._reader.roots
        self._applying = False
        #: Stakeholders whose journey is not yet exactly the document's (see
        #: ``_apply_all_journeys``); at first every journey the document holds.
        self._behind: set[str] = set(_keys(self._roots[lj.JOURNEYS_ROOT])) - {lj.CHANNELS_KEY}
        #: Each element's ``@order`` as last written or read (a mirror of the document).
        self._orders: dict[str, dict[str, float]] = {
            root: {k: lay.order_of(v) for k, v in (_py(self._roots[root]) or {}).items()}
            for root in lay.KINDS
        }
        self._subscriptions: list[tuple[Map[Any], Subscription]] = []
        vmap.subscribe(self._on_model)
        for name in lay.ROOTS:
            root = self._roots[name]
            sub = root.observe_deep(self._observer(name))
            self._subscriptions.append((root, sub))

    def _observer(self, root: str) -> Any:
        def observe(events: list[Any]) -> None:
            self._on_doc(root, events)

        return observe

    def close(self) -> None:
        """Stop following both sides."""
        self.vmap.unsubscribe(self._on_model)
        for root, sub in self._subscriptions:
            root.unobserve(sub)
        self._subscriptions.clear()

    # ------------------------------------------------------------ map → doc
    def seed(self) -> None:
        """Write the whole map into the document (a new session's first state)."""
        with self.doc.transaction(origin=self.origin):
            self._put_record("meta", lay.meta_fields(self.vmap.meta))
            self._put_record("organisation", lay.organisation_fields(self.vmap.organisation))
            for root in lay.KINDS:
                for i, element in enumerate(_elements(self.vmap, root)):
                    self._roots[root][element.id] = Map(lay.element_fields(root, element, float(i)))
                    self._orders[root][element.id] = float(i)
            self._put_channels()
            for sid in self._journey_ids():
                self._put_journey(sid)

    def _journey_ids(self) -> set[str]:
        j = self.vmap.journeys
        return {*j.stakeholders_with_journeys(), *(c.stakeholder_id for c in j.charters)}

    def _put_journey(self, stakeholder_id: str) -> None:
        root = self._roots[lj.JOURNEYS_ROOT]
        text = (
            lj.journey_text(self.vmap, stakeholder_id)
            if self.vmap.has_stakeholder(stakeholder_id)
            else None
        )
        if text is None:
            if stakeholder_id in root:
                del root[stakeholder_id]
        elif root.get(stakeholder_id) != text:
            root[stakeholder_id] = text

    def _put_channels(self) -> None:
        root = self._roots[lj.JOURNEYS_ROOT]
        text = lj.channels_text(self.vmap)
        if root.get(lj.CHANNELS_KEY) != text:
            root[lj.CHANNELS_KEY] = text

    def _put_record(self, root: str, fields: dict[str, Any]) -> None:
        self._write_fields(self._roots[root], fields)

    @staticmethod
    def _write_fields(target: Map[Any], fields: dict[str, Any]) -> None:
        for key, value in fields.items():
            if _py(target.get(key)) != value or key not in target:
                target[key] = value
        for key in [k for k in _keys(target) if k not in fields and k != lay.ORDER_KEY]:
            del target[key]

    def _order_for(self, root: str, element_id: str) -> float:
        elements = _elements(self.vmap, root)
        index = next(i for i, e in enumerate(elements) if e.id == element_id)
        orders = self._orders[root]
        before = orders.get(elements[index - 1].id) if index > 0 else None
        after = orders.get(elements[index + 1].id) if index + 1 < len(elements) else None
        return lay.order_between(before, after)

    def _put(self, root: str, element_id: str) -> None:
        element = _get(self.vmap, root, element_id)
        target = self._roots[root]
        if element is None:
            if element_id in target:
                del target[element_id]
            self._orders[root].pop(element_id, None)
            return
        existing = target.get(element_id)
        if isinstance(existing, Map):
            fields = lay.element_fields(root, element, 0.0)
            del fields[lay.ORDER_KEY]
            self._write_fields(existing, fields)
        else:
            order = self._order_for(root, element_id)
            self._orders[root][element_id] = order
            target[element_id] = Map(lay.element_fields(root, element, order))

    def _on_model(self, event: ev.MapEvent) -> None:
        if self._applying:
            return
        with self.doc.transaction(origin=self.origin):
            self._write_event(event)

    def _write_event(self, event: ev.MapEvent) -> None:
        match event:
            case ev.StakeholderAdded(i) | ev.StakeholderChanged(i, _):
                self._put("stakeholders", i)
            case ev.StakeholderRemoved(s):
                self._put("stakeholders", s.id)
            case ev.FlowAdded(i) | ev.FlowChanged(i, _):
                self._put("flows", i)
            case ev.FlowRemoved(f):
                self._put("flows", f.id)
            case ev.NoteAdded(i) | ev.NoteChanged(i, _):
                self._put("notes", i)
            case ev.NoteRemoved(n):
                self._put("notes", n.id)
            case ev.PositionsChanged(ids):
                org_id = self.vmap.organisation.id
                for i in ids:
                    if i == org_id:
                        self._put_record(
                            "organisation", lay.organisation_fields(self.vmap.organisation)
                        )
                    elif self.vmap.has_stakeholder(i):
                        self._put("stakeholders", i)
                    else:
                        self._put("notes", i)
            case ev.OrganisationChanged():
                self._put_record("organisation", lay.organisation_fields(self.vmap.organisation))
            case ev.MetaChanged():
                self._put_record("meta", lay.meta_fields(self.vmap.meta))
            case (
                ev.TouchPointAdded(_, sid)
                | ev.TouchPointChanged(_, sid, _)
                | ev.TouchPointMoved(_, sid)
                | ev.StagesChanged(sid)
                | ev.CharterChanged(sid)
            ):
                self._put_journey(sid)
            case ev.TouchPointRemoved(tp):
                self._put_journey(tp.stakeholder_id)
            case ev.ChannelsChanged():
                self._put_channels()
            case ev.CategoriesChanged():
                own = [c.id for c in self.vmap.own_categories]
                for category_id in {*own, *_keys(self._roots["categories"])}:
                    self._put("categories", category_id)

    # ------------------------------------------------------------ doc → map
    @contextmanager
    def _applying_remote(self) -> Any:
        self._applying = True
        try:
            yield
        finally:
            self._applying = False

    def _on_doc(self, root: str, events: list[Any]) -> None:
        if not events or events[0].transaction.origin == self.origin:
            return
        try:
            with self._applying_remote():
                if root in _SINGLES:
                    self._apply_single(root)
                elif root == lj.JOURNEYS_ROOT:
                    keys: set[str] = set()
                    for event in events:
                        keys.update(str(k) for k in event.keys)
                    self._behind = _apply_all_journeys(
                        self.vmap, self._roots[root], keys | self._behind
                    )
                else:
                    ids: set[str] = set()
                    for event in events:
                        if event.path:
                            ids.add(str(event.path[0]))
                        else:
                            ids.update(event.keys)
                    self.apply(root, ids)
                    if root in ("stakeholders", "flows") and self._behind:
                        # A journey that waited for its stakeholder or flows, or lost a
                        # link to one, is read again (only those).
                        self._behind = _apply_all_journeys(
                            self.vmap, self._roots[lj.JOURNEYS_ROOT], self._behind
                        )
        except Exception:  # a remote change must never break the local editor
            log.exception("live session: a remote change to %s could not be applied", root)

    def resync(self) -> None:
        """Bring the whole map to what the document says (after binding a map that may
        differ from it, such as a hosting window's map and a resumed session)."""
        with self._applying_remote():
            for root in _SINGLES:
                self._apply_single(root)
            for root in lay.KINDS:
                ids = {e.id for e in _elements(self.vmap, root)} | set(_keys(self._roots[root]))
                self.apply(root, ids)
            self._behind = _apply_all_journeys(self.vmap, self._roots[lj.JOURNEYS_ROOT])

    def _apply_single(self, root: str) -> None:
        """Bring the map's details or its organisation (``root``) to what the document says."""
        what, read = _SINGLES[root]
        try:
            new = read(_py(self._roots[root]))
        except lay.LayoutError as e:
            log.warning("live session: %s left as it was: %s", what, e)
            return
        kind = KINDS[root]
        names = [f.name for f in fields(new) if f.name != "id"]
        changes = _changes(kind.get(self.vmap, ""), new, names)
        if changes:
            kind.update(self.vmap, "", **changes)

    def apply(self, root: str, ids: Iterable[str]) -> None:
        """Bring the elements ``ids`` of ``root`` in the map to what the document says."""
        stakeholder_ids = _stakeholder_ids(self.vmap) if root == "flows" else None
        orders = self._orders[root]
        keys = [(orders.get(e.id, math.inf), e.id) for e in _elements(self.vmap, root)]
        touched: set[str] = set()
        for element_id in sorted(ids):
            if element_id in self._roots[root]:
                orders[element_id] = self._reader.order(root, element_id)
            else:
                orders.pop(element_id, None)
            target = self._reader.target(root, element_id, stakeholder_ids)
            current = _get(self.vmap, root, element_id)
            index = next((i for i, k in enumerate(keys) if k[1] == element_id), None)
            if current is not None and index is not None:
                key = (orders.get(element_id, math.inf), element_id)
                rest = keys[:index] + keys[index + 1 :]
                if target is None or bisect.bisect_left(rest, key) != index:
                    self._remove(root, element_id)
                    keys = rest
                    current = None
                    touched.add(element_id)
            if target is None:
                continue
            if current is None:
                key = (orders.get(element_id, math.inf), element_id)
                place = bisect.bisect_left(keys, key)
                _add(self.vmap, root, target, place)
                keys.insert(place, key)
                touched.add(element_id)
            elif current != target:
                self._update(root, current, target)
        if root == "stakeholders" and touched:
            # Flows follow their stakeholder: those of an added one may now be valid.
            flows = self._roots["flows"]
            owned = [
                fid
                for fid, value in flows.items()
                if isinstance(value, Map) and value.get("stakeholder") in touched
            ]
            self.apply("flows", owned)

    def _remove(self, root: str, element_id: str) -> None:
        try:
            if root == "categories":
                self.vmap.remove_category(element_id)
            elif root == "stakeholders":
                self.vmap.remove_stakeholder(element_id)
            elif root == "flows":
                # The peer that removed it unlinked its touch points in the same change;
                # whichever root arrives first, the links go first.
                self.vmap.journeys.unlink_flow(element_id)
                self.vmap.remove_flow(element_id)
            else:
                self.vmap.remove_note(element_id)
        except ModelError as e:
            log.warning("live session: %s %r not removed: %s", root, element_id, e)

    def _update(self, root: str, current: Any, target: Any) -> None:
        names = {
            "categories": ("name", "colour", "icon", "extra"),
            "stakeholders": ("name", "category", "position", "notes", "colour", "extra"),
            "flows": (
                "stakeholder_id",
                "direction",
                "label",
                "value_kind",
                "importance",
                "notes",
                "extra",
                "met_today",
                "dependence",
            ),
            "notes": ("text", "position", "extra"),
        }[root]
        changes = _changes(current, target, names)
        updaters: dict[str, Callable[..., object]] = {
            "categories": self.vmap.update_category,
            "stakeholders": self.vmap.update_stakeholder,
            "flows": self.vmap.update_flow,
            "notes": self.vmap.update_note,
        }
        if root == "flows" and {"direction", "stakeholder_id"} & changes.keys():
            # No longer the expectation its touch points served: the links go first, as
            # for a deletion (the journey drops them on reading too).
            self.vmap.journeys.unlink_flow(current.id)
        try:
            updaters[root](current.id, **changes)
        except ModelError as e:
            log.warning("live session: %s %r not updated: %s", root, current.id, e)
