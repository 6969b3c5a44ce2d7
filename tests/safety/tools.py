"""Shared helpers of the safety tests: seeded random maps and random edits.

Plain ``random.Random`` (not hypothesis) so the subprocess drivers of the fault-injection
tests and the standalone fuzzer can use them too.
"""

from __future__ import annotations

import random
from pathlib import Path

from svx_desktop.editing import (
    AddCategory,
    AddElements,
    Document,
    EditElements,
    MacroCommand,
    MoveElements,
    RemoveCategory,
    RemoveElements,
)
from svx_desktop.model import (
    BUILTIN_CATEGORY_IDS,
    Category,
    Direction,
    Flow,
    MapMeta,
    ModelError,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)

REPO = Path(__file__).resolve().parents[2]

WORDS = (
    "customers",
    "deposits",
    "interest",
    "<b>bold</b>",
    '<img src="/etc/passwd">',
    "Zürich",
    "bank 🏦",
    "a & b",
    "line\nbreak",
    "regulator",
    "licence",
    "trust",
)


def text(rng: random.Random, max_words: int = 3) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, max_words)))


def position(rng: random.Random) -> tuple[float, float]:
    return (round(rng.uniform(-2000, 2000), 2), round(rng.uniform(-2000, 2000), 2))


def make_map(rng: random.Random, stakeholders: int = 10, flows_each: int = 3) -> ValueMap:
    """A valid map with ``stakeholders`` stakeholders and up to ``flows_each`` flows each."""
    vmap = ValueMap(
        Organisation(name=text(rng), description=text(rng, 6)),
        MapMeta(title=text(rng), created="2026-01-01T00:00:00+00:00", modified=""),
        {"future_field": {"kept": True}} if rng.random() < 0.5 else {},
    )
    own = Category("own-" + str(rng.randint(0, 999)), "Own category", "#336699")
    vmap.add_category(own)
    categories = [*sorted(BUILTIN_CATEGORY_IDS), own.id]
    for _ in range(stakeholders):
        s = Stakeholder(text(rng), category=rng.choice(categories), position=position(rng))
        vmap.add_stakeholder(s)
        for _ in range(rng.randint(0, flows_each)):
            vmap.add_flow(
                Flow(
                    s.id,
                    rng.choice(list(Direction)),
                    text(rng),
                    value_kind=rng.choice(list(ValueKind)),
                    importance=rng.randint(1, 5),
                )
            )
    for _ in range(rng.randint(0, 3)):
        vmap.add_note(Note(text(rng, 8), position=position(rng)))
    return vmap


def random_edit(doc: Document, rng: random.Random) -> str:
    """Apply one random edit, undo or redo to ``doc``; returns what it did.

    Edits that the model refuses (``ModelError``) are part of the mix: they must change
    nothing, and the caller may check that.
    """
    m = doc.map
    stakeholders = m.stakeholders
    flows = m.flows
    notes = m.notes
    roll = rng.random()
    if roll < 0.10 and doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        return "undo"
    if roll < 0.17 and doc.undo_stack.canRedo():
        doc.undo_stack.redo()
        return "redo"
    choice = rng.randrange(10)
    try:
        if choice == 0 or not stakeholders:
            s = Stakeholder(text(rng), category=rng.choice(sorted(BUILTIN_CATEGORY_IDS)))
            extra = [Flow(s.id, Direction.PROVIDES, text(rng))] if rng.random() < 0.5 else []
            doc.push(AddElements(m, [s], extra))
            return "add stakeholder"
        if choice == 1:
            s = rng.choice(stakeholders)
            doc.push(AddElements(m, flows=[Flow(s.id, rng.choice(list(Direction)), text(rng))]))
            return "add flow"
        if choice == 2:
            doc.push(AddElements(m, notes=[Note(text(rng, 5), position=position(rng))]))
            return "add note"
        if choice == 3 and len(stakeholders) > 3:
            doc.push(RemoveElements(m, [rng.choice(stakeholders).id]))
            return "remove stakeholder"
        if choice == 4 and (flows or notes):
            doc.push(
                RemoveElements(
                    m,
                    flow_ids=[f.id for f in rng.sample(flows, min(len(flows), 2))],
                    note_ids=[n.id for n in notes[:1]],
                )
            )
            return "remove flows/notes"
        if choice == 5:
            s = rng.choice(stakeholders)
            doc.push(EditElements(m, "stakeholder", {s.id: {"name": text(rng)}}))
            return "rename stakeholder"
        if choice == 6 and flows:
            f = rng.choice(flows)
            doc.push(EditElements(m, "flow", {f.id: {"importance": rng.randint(0, 6)}}))
            return "edit flow"
        if choice == 7:
            chosen = rng.sample(stakeholders, min(3, len(stakeholders)))
            before = {s.id: s.position for s in chosen}
            after = {s.id: position(rng) for s in chosen}
            doc.push(MoveElements(m, before, after, nudge=rng.random() < 0.3))
            return "move"
        if choice == 8:
            if m.own_categories and rng.random() < 0.5:
                doc.push(RemoveCategory(m, m.own_categories[-1].id))
                return "remove category"
            doc.push(AddCategory(m, Category(f"c{rng.randint(0, 10**6)}", text(rng), "#aa3377")))
            return "add category"
        s = rng.choice(stakeholders)
        doc.push(
            MacroCommand(
                m,
                "Quick capture",
                [
                    EditElements(m, "organisation", {"": {"name": text(rng)}}),
                    AddElements(m, flows=[Flow(s.id, Direction.EXPECTS, text(rng))]),
                ],
            )
        )
        return "macro"
    except ModelError:
        return "refused"
