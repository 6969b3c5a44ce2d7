"""Checks: what on a map the facilitator should challenge, found by reading the map.

``run_checks(vmap)`` returns one ``Finding`` per thing to challenge, in map order (per
stakeholder: its own checks, then its flows', then its journey's — ``journey_checks``).
Each finding names a stable check id (``CHECKS`` lists them with what they look for), a
key for dismissal (the check id and the ids of the elements it is about, so it survives
renames and reordering but not a new element joining it), a one-line message in plain
words, the element ids (stakeholders, flows) it is about, and a severity. Keys in
``MapMeta.dismissed_checks`` (saved with the map, so a workshop can agree that an
asymmetry is intended) filter the findings out. A check never changes the map. The
category guess is the quick-capture one (``model.guess.guess_category``), so the two
never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from svx_desktop.model.categories import OTHER_CATEGORY_ID
from svx_desktop.model.elements import Direction, Flow, Stakeholder
from svx_desktop.model.guess import guess_category
from svx_desktop.model.health import Health, Scale
from svx_desktop.model.journey_checks import JOURNEY_CHECKS, journey_findings

if TYPE_CHECKING:
    from svx_desktop.model.valuemap import ValueMap


class Severity(Scale):
    """How much a finding asks for attention: low (worth a look) to high (challenge first)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3


#: Every check: its stable id and what it looks for (ids never change once released).
CHECKS: dict[str, str] = {
    "no-flows": "a stakeholder with no flows at all",
    "only-gives": "a stakeholder that provides but expects nothing back",
    "only-gets": "a stakeholder that expects but provides nothing",
    "inside-organisation": "a stakeholder named like a department, process or system",
    "category-guess": 'a stakeholder of category "other" whose name suggests a category',
    "empty-label": "a flow with an empty label",
    "duplicate-label": "two flows of one stakeholder and direction with the same label",
    "same-both-sides": "the same value both provided and expected by one stakeholder",
    "dead-expectation": "an expectation rated dead or dying today (worse with importance)",
    **JOURNEY_CHECKS,
}


@dataclass(frozen=True)
class Finding:
    """One thing to challenge: ``check`` id, dismissal ``key``, ``message``, element ids."""

    check: str
    key: str
    message: str
    element_ids: tuple[str, ...]
    severity: Severity = Severity.MEDIUM

    def as_json(self) -> dict[str, object]:
        return {
            "check": self.check,
            "key": self.key,
            "message": self.message,
            "element_ids": list(self.element_ids),
            "severity": self.severity.key,
        }


def finding_key(check: str, element_ids: Iterable[str]) -> str:
    """The dismissal key of a finding: ``check:id`` (several ids sorted, joined by ``+``)."""
    return f"{check}:{'+'.join(sorted(element_ids))}"


# ------------------------------------------------------------------ wording helpers
def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _quoted(text: str, empty: str = "(no name)") -> str:
    """Text for one line of a message: whitespace tidied, long text shortened, quoted."""
    tidy = " ".join(text.split())
    if not tidy:
        return empty
    if len(tidy) > 60:
        tidy = tidy[:57] + "…"
    return f"“{tidy}”"


# ------------------------------------------------------------- inside the organisation
_WORD = re.compile(r"[^\W_]+")
#: Words that make a name read like part of the organisation's own machinery.
_MECHANISM_WORDS: dict[str, str] = {
    **dict.fromkeys(("department", "departments", "dept", "division", "team", "teams"), "d"),
    **dict.fromkeys(("helpdesk", "backoffice"), "d"),
    **dict.fromkeys(("process", "processes", "procedure", "procedures", "workflow"), "p"),
    **dict.fromkeys(("workflows", "pipeline"), "p"),
    **dict.fromkeys(("system", "systems", "crm", "erp", "database", "software"), "s"),
    **dict.fromkeys(("intranet", "mainframe", "server", "servers"), "s"),
}
#: Two-word phrases that do the same.
_MECHANISM_PHRASES: dict[tuple[str, str], str] = {
    **dict.fromkeys(
        (
            ("call", "centre"),
            ("call", "center"),
            ("contact", "centre"),
            ("contact", "center"),
            ("help", "desk"),
            ("service", "desk"),
            ("back", "office"),
            ("front", "office"),
            ("human", "resources"),
            ("customer", "service"),
            ("customer", "services"),
            ("customer", "support"),
        ),
        "d",
    ),
}
#: Names that are one of the organisation's functions when they stand alone.
_FUNCTION_NAMES: dict[str, str] = {
    **dict.fromkeys(
        ("hr", "finance", "marketing", "sales", "procurement", "purchasing", "accounting"), "d"
    ),
    **dict.fromkeys(("legal", "operations", "logistics", "it", "facilities"), "d"),
    **dict.fromkeys(("payroll", "billing", "invoicing", "onboarding"), "p"),
}
#: A last word that names people: "Customer service staff" is a stakeholder group.
_PEOPLE = frozenset(
    [
        "staff",
        "employees",
        "employee",
        "workers",
        "worker",
        "personnel",
        "people",
        "colleagues",
        "volunteers",
        "agents",
        "integrators",
        "specialists",
        "experts",
        "professionals",
        "unions",
    ]
)
_KINDS = {"d": "a department", "p": "a process", "s": "a system"}


def mechanism_kind(name: str) -> str | None:
    """ "a department", "a process" or "a system" if ``name`` reads like one, else None.

    "IT" counts only in capitals (the pronoun "it" does not); "Department for Education"
    (a department *of* or *for* something) is a government body, not a part of ours. A
    name whose last word names people or outside parties is a stakeholder group: "IT
    staff" (employees), "CRM vendors" (suppliers, by the quick-capture category guess).
    """
    raw = _WORD.findall(name)
    words = [w.casefold() for w in raw]
    if not words or words[-1] in _PEOPLE:
        return None
    kind = _mechanism_code(raw, words)
    if kind is None:
        return None
    last = words[-1]
    if last not in _MECHANISM_WORDS and guess_category(last) != OTHER_CATEGORY_ID:
        return None
    return _KINDS[kind]


def _mechanism_code(raw: list[str], words: list[str]) -> str | None:
    if len(words) == 1:
        kind = _FUNCTION_NAMES.get(words[0])
        if kind is not None and (words[0] != "it" or raw[0] == "IT"):
            return kind
    for i, w in enumerate(words):
        if w == "it" and raw[i] == "IT" and len(words) > 1:
            return "s" if words[i + 1 : i + 2] in (["system"], ["systems"]) else "d"
        kind = _MECHANISM_WORDS.get(w)
        if kind is None:
            continue
        if w.startswith("dep") and words[i + 1 : i + 2] in (["of"], ["for"]):
            continue
        return kind
    for pair in pairwise(words):
        kind = _MECHANISM_PHRASES.get(pair)
        if kind is not None:
            return kind
    return None


# ---------------------------------------------------------------------- the checks
def _dead_severity(flow: Flow, met: Health) -> Severity:
    """Dead counts 2, dying 1; importance 4–5 adds 1, 1–2 takes 1 away; kept within 1–3."""
    points = (2 if met is Health.DEAD else 1) + (flow.importance > 3) - (flow.importance < 3)
    return Severity(min(max(points, 1), 3))


class _Checker:
    """Collects the findings of one map, stakeholder by stakeholder."""

    def __init__(self, vmap: ValueMap, dismissed: frozenset[str]) -> None:
        self.vmap = vmap
        self.dismissed = dismissed
        self.findings: list[Finding] = []
        self.categories = vmap.categories

    def add(self, check: str, ids: tuple[str, ...], message: str, severity: Severity) -> None:
        key = finding_key(check, ids)
        if key not in self.dismissed:
            self.findings.append(Finding(check, key, message, ids, severity))

    def stakeholder(self, s: Stakeholder, flows: list[Flow]) -> None:
        name = _quoted(s.name)
        gives = [f for f in flows if f.direction is Direction.PROVIDES]
        gets = [f for f in flows if f.direction is Direction.EXPECTS]
        ids = (s.id,)
        medium = Severity.MEDIUM
        if not flows:
            self.add("no-flows", ids, f"{name} has no flows: what does it give and get?", medium)
        elif not gets:
            self.add("only-gives", ids, f"{name} only gives: what does it expect back?", medium)
        elif not gives:
            self.add("only-gets", ids, f"{name} only gets: what does it give in return?", medium)
        kind = mechanism_kind(s.name)
        if kind is not None:
            self.add(
                "inside-organisation",
                ids,
                f"{name} reads like {kind} inside the organisation: the method keeps "
                "mechanisms out of the map; put it in the drill-down of the stakeholders "
                "it serves",
                Severity.HIGH,
            )
        elif s.category == OTHER_CATEGORY_ID:
            guess = guess_category(s.name, self.categories)
            if guess != OTHER_CATEGORY_ID:
                category = self.vmap.category(guess).name
                self.add(
                    "category-guess",
                    ids,
                    f"{name} has no category; its name suggests {category}",
                    Severity.LOW,
                )
        given = self.flows(name, gives)
        expected = self.flows(name, gets)
        for label, wanted in expected.items():
            if label in given:
                self.add(
                    "same-both-sides",
                    tuple(f.id for f in given[label] + wanted),
                    f"{name} both provides and expects {_quoted(given[label][0].label)}: "
                    "what does each side really give?",
                    Severity.LOW,
                )
        journey_findings(self.vmap, s, gets, name, _quoted, self.add)

    def flows(self, name: str, flows: list[Flow]) -> dict[str, list[Flow]]:
        """Check flows of one direction; returns them by label (empty labels left out)."""
        by_label: dict[str, list[Flow]] = {}
        for f in flows:
            label = _fold(f.label)
            if not label:
                self.add(
                    "empty-label",
                    (f.id,),
                    f"a flow {name} {f.direction.value} has no label: what is it?",
                    Severity.LOW,
                )
            else:
                by_label.setdefault(label, []).append(f)
            met = f.met_today
            if met is not None and met <= Health.DYING:
                self.add(
                    "dead-expectation",
                    (f.id,),
                    f"{name} expects {_quoted(f.label, '(no label)')} and it is "
                    f"{met.label.lower()} today (importance {f.importance}): {met.meaning}",
                    _dead_severity(f, met),
                )
        for same in by_label.values():
            if len(same) > 1:
                verb = "provides" if same[0].direction is Direction.PROVIDES else "expects"
                self.add(
                    "duplicate-label",
                    tuple(f.id for f in same),
                    f"{name} {verb} {_quoted(same[0].label)} {len(same)} times: merge them "
                    "or say how they differ",
                    Severity.LOW,
                )
        return by_label


def run_checks(vmap: ValueMap, dismissed: Iterable[str] | None = None) -> tuple[Finding, ...]:
    """Every finding on ``vmap`` whose key is not dismissed, in map order.

    ``dismissed`` defaults to the map's own ``meta.dismissed_checks``; pass ``()`` to see
    everything, dismissed findings included.
    """
    keys = frozenset(vmap.meta.dismissed_checks if dismissed is None else dismissed)
    checker = _Checker(vmap, keys)
    flows_by: dict[str, list[Flow]] = {s.id: [] for s in vmap.stakeholders}
    for f in vmap.flows:
        flows_by[f.stakeholder_id].append(f)
    for s in vmap.stakeholders:
        checker.stakeholder(s, flows_by[s.id])
    return tuple(checker.findings)


def dismiss(vmap: ValueMap, keys: Iterable[str]) -> tuple[str, ...]:
    """The map's dismissed keys with ``keys`` added (each once): a value for
    ``update_meta(dismissed_checks=...)``, which a command applies so undo works."""
    out = list(vmap.meta.dismissed_checks)
    for key in keys:
        if key not in out:
            out.append(key)
    return tuple(out)


def undismiss(vmap: ValueMap, keys: Iterable[str]) -> tuple[str, ...]:
    """The map's dismissed keys without ``keys`` (see ``dismiss``)."""
    drop = set(keys)
    return tuple(k for k in vmap.meta.dismissed_checks if k not in drop)


__all__ = [
    "CHECKS",
    "Finding",
    "Severity",
    "dismiss",
    "finding_key",
    "mechanism_kind",
    "run_checks",
    "undismiss",
]
