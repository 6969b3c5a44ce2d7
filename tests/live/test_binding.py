"""The map ↔ Yjs binding without a network: peers exchange their documents' updates by hand.

A map seeded into a document comes back equal (every template); local edits reach another
peer and come back without echo; random concurrent edits on three peers converge to the
same map, which is also what a newcomer builds from the merged document; values the file
format would refuse fall back to their defaults
(or leave the element out when required), never a crash.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map

from svx_desktop.fileformat import dumps, loads
from svx_desktop.fileformat.templates import load_template, template_names
from svx_desktop.live.binding import LiveBinding, build_map, roots
from svx_desktop.model import Direction, Flow, Note, Stakeholder, ValueMap
from tests.live.edits import random_edit


def _peer_from(doc: Doc) -> tuple[ValueMap, Doc, LiveBinding]:
    copy = Doc()
    copy.apply_update(doc.get_update())
    vmap = build_map(copy)
    return vmap, copy, LiveBinding(vmap, copy)


def _exchange(docs: list[Doc]) -> None:
    for a in docs:
        for b in docs:
            if a is not b:
                b.apply_update(a.get_update(b.get_state()))


@pytest.mark.parametrize("name", template_names())
def test_a_seeded_map_builds_back_equal_and_saves_the_same_bytes(name: str) -> None:
    vmap = load_template(name)
    doc = Doc()
    LiveBinding(vmap, doc).seed()
    copy = Doc()
    copy.apply_update(doc.get_update())
    rebuilt = build_map(copy)
    assert rebuilt == vmap
    assert dumps(rebuilt) == dumps(vmap)


def test_unknown_fields_keep_their_exact_values() -> None:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Press", "s1", extra={"rank": 1, "tags": ["a"]}))
    doc = Doc()
    LiveBinding(vmap, doc).seed()
    rebuilt = build_map(doc)
    assert rebuilt.stakeholder("s1").extra == {"rank": 1, "tags": ["a"]}
    assert isinstance(rebuilt.stakeholder("s1").extra["rank"], int)


def test_local_edits_reach_the_other_peer_and_do_not_echo() -> None:
    host_map = ValueMap()
    host_doc = Doc()
    LiveBinding(host_map, host_doc).seed()
    peer_map, peer_doc, _ = _peer_from(host_doc)
    seen: list[object] = []
    host_map.subscribe(seen.append)

    peer_map.add_stakeholder(Stakeholder("Customers", "s1"))
    peer_map.add_flow(Flow("s1", Direction.PROVIDES, "deposits", "f1"))
    peer_map.add_note(Note("an idea", "n1"), 0)
    _exchange([host_doc, peer_doc])
    assert host_map == peer_map
    assert len(seen) == 3  # one event per remote element, nothing written back twice

    host_map.remove_stakeholder("s1")
    _exchange([host_doc, peer_doc])
    assert not peer_map.has_stakeholder("s1") and not peer_map.has_flow("f1")
    assert peer_map == host_map


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 4), per_round=st.integers(1, 6))
def test_random_concurrent_edits_converge(seed: int, rounds: int, per_round: int) -> None:
    rng = random.Random(seed)
    start = ValueMap()
    start.add_stakeholder(Stakeholder("Customers"))
    doc = Doc()
    LiveBinding(start, doc).seed()
    peers = [_peer_from(doc) for _ in range(3)]
    docs = [p[1] for p in peers]
    for _ in range(rounds):
        for i, (vmap, _, _) in enumerate(peers):
            for _ in range(per_round):
                random_edit(vmap, rng, f"p{i}-")
        # Deliver the updates in a random order between random pairs before the full sync.
        for _ in range(rng.randrange(4)):
            a, b = rng.sample(docs, 2)
            b.apply_update(a.get_update(b.get_state()))
        _exchange(docs)
        _exchange(docs)
        first = peers[0][0]
        for vmap, _, _ in peers[1:]:
            assert vmap == first
        assert build_map(peers[0][1]) == first
        assert loads(dumps(first)).map == first


def test_values_the_file_would_refuse_are_left_out() -> None:
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Customers", "s1"))
    doc = Doc()
    LiveBinding(vmap, doc).seed()
    hostile = Doc()
    hostile.apply_update(doc.get_update())
    r = roots(hostile)
    with hostile.transaction():
        r["stakeholders"]["s2"] = Map({"id": "s2", "name": "x" * 20_000, "@order": 1.0})
        r["stakeholders"]["s3"] = Map({"id": "other-id", "name": "Liar", "@order": 2.0})
        r["stakeholders"]["s4"] = Map({"id": "s4", "name": "Fine", "x": "left", "@order": 3.0})
        r["flows"]["f1"] = Map({"id": "f1", "stakeholder": "gone", "direction": "provides"})
        r["notes"]["s1"] = Map({"id": "s1", "text": "same id as a stakeholder"})
        r["notes"]["n2"] = Map({"id": "n2", "text": "ok", "@extra": "{not json"})
        r["notes"]["n3"] = Map({"id": "n3", "text": "kept", "@order": 5.0})
        r["stakeholders"]["s1"]["colour"] = "red"
    doc.apply_update(hostile.get_update(doc.get_state()))
    assert [s.id for s in vmap.stakeholders] == ["s1", "s4"]
    assert vmap.stakeholder("s1").colour is None  # an invalid field falls back to its default
    assert vmap.stakeholder("s4").position == (0.0, 0.0)
    assert [n.id for n in vmap.notes] == ["n3"]
    assert build_map(doc) == vmap
