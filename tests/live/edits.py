"""Random map edits for the live-session tests: one call, one edit through the model API.

Each edit is chosen by ``rng`` (seeded by hypothesis) among the edits a workshop makes:
add, rename, move and remove stakeholders, flows and notes, rate and flip flows, rename the
map and the organisation, add a category and give it to a stakeholder, add and rate touch
points serving an expectation. A served expectation is unlinked before it is removed or
flipped, as the app's commands do (the model refuses otherwise).
"""

from __future__ import annotations

import random

from svx_desktop.model import Category, Direction, Flow, Note, Stakeholder, TouchPoint, ValueMap
from svx_desktop.model.health import Health


def random_edit(vmap: ValueMap, rng: random.Random, tag: str) -> None:
    """Apply one random edit to ``vmap``; ``tag`` marks the texts this peer writes."""
    stakeholders, flows, notes = vmap.stakeholders, vmap.flows, vmap.notes
    word = f"{tag}{rng.randrange(1000)}"
    choices = ["add_stakeholder", "add_note", "meta", "organisation", "category"]
    if stakeholders:
        choices += ["rename", "move", "remove_stakeholder", "add_flow", "add_flow"]
    if flows:
        choices += ["label", "rate", "flip", "remove_flow", "touch_point"]
    points = vmap.journeys.touch_points
    if points:
        choices += ["rate_touch_point"]
    if notes:
        choices += ["note_text", "remove_note"]
    op = rng.choice(choices)
    s = rng.choice(stakeholders) if stakeholders else None
    f = rng.choice(flows) if flows else None
    n = rng.choice(notes) if notes else None
    pos = (float(rng.randrange(-500, 500)), float(rng.randrange(-500, 500)))
    if op == "add_stakeholder":
        index = rng.randrange(len(stakeholders) + 1)
        vmap.add_stakeholder(Stakeholder(word, position=pos), index)
    elif op == "add_note":
        vmap.add_note(Note(word, position=pos), rng.randrange(len(notes) + 1))
    elif op == "meta":
        vmap.update_meta(title=word)
    elif op == "organisation":
        vmap.update_organisation(name=word)
    elif op == "category":
        cid = f"cat-{word}"
        if all(c.id != cid for c in vmap.own_categories):
            vmap.add_category(Category(cid, word, "#123456"))
            if s is not None:
                vmap.update_stakeholder(s.id, category=cid)
    elif op == "rename" and s is not None:
        vmap.update_stakeholder(s.id, name=word)
    elif op == "move" and s is not None:
        vmap.set_positions({s.id: pos})
    elif op == "remove_stakeholder" and s is not None:
        vmap.remove_stakeholder(s.id)
    elif op == "add_flow" and s is not None:
        direction = rng.choice(list(Direction))
        vmap.add_flow(Flow(s.id, direction, word, importance=rng.randint(1, 5)))
    elif op == "label" and f is not None:
        vmap.update_flow(f.id, label=word)
    elif op == "rate" and f is not None:
        if f.direction is Direction.EXPECTS:
            vmap.update_flow(f.id, met_today=rng.choice(list(Health)))
        else:
            vmap.update_flow(f.id, dependence=rng.randint(1, 5))
    elif op == "flip" and f is not None:
        other = Direction.EXPECTS if f.direction is Direction.PROVIDES else Direction.PROVIDES
        vmap.journeys.unlink_flow(f.id)
        vmap.update_flow(f.id, direction=other, met_today=None, dependence=None)
    elif op == "remove_flow" and f is not None:
        vmap.journeys.unlink_flow(f.id)
        vmap.remove_flow(f.id)
    elif op == "touch_point" and f is not None:
        serves = (f.id,) if f.direction is Direction.EXPECTS else ()
        vmap.journeys.add_touch_point(TouchPoint(f.stakeholder_id, word, serves=serves))
    elif op == "rate_touch_point":
        tp = rng.choice(points)
        vmap.journeys.update_touch_point(tp.id, health=rng.choice(list(Health)))
    elif op == "note_text" and n is not None:
        vmap.update_note(n.id, text=word)
    elif op == "remove_note" and n is not None:
        vmap.remove_note(n.id)
