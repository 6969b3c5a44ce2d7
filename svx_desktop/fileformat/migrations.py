"""Named, numbered migrations of raw ``.svx`` dicts from one format version to the next.

Each step is a pure function ``dict -> dict`` registered for the version it reads; it
must not mutate its input (tests check that) and is idempotent on data already in the
new shape. Steps run on raw, unvalidated JSON, so they leave anything of an unexpected type
alone for validation to report. To change the format: bump ``version.CURRENT_VERSION``,
add ``@migration(N, "what changed")`` here, commit a golden file of the old version under
``tests/fileformat/golden/`` and regenerate the schema (``make schema``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

RawDoc = dict[str, Any]
Step = Callable[[RawDoc], RawDoc]


@dataclass(frozen=True)
class Migration:
    """Turns a raw document of version ``from_version`` into ``from_version + 1``."""

    from_version: int
    name: str
    step: Step


MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int, name: str) -> Callable[[Step], Step]:
    """Register ``step`` as the migration from ``from_version`` to the next version."""

    def register(step: Step) -> Step:
        if from_version in MIGRATIONS:
            raise RuntimeError(f"a migration from version {from_version} already exists")
        MIGRATIONS[from_version] = Migration(from_version, name, step)
        return step

    return register


class MigrationError(Exception):
    """No path of migrations leads from the file's version to the target."""


def migrate(
    doc: RawDoc,
    from_version: int,
    to_version: int,
    registry: Mapping[int, Migration] | None = None,
) -> tuple[RawDoc, list[str]]:
    """Apply the steps from ``from_version`` up to ``to_version``.

    Returns the migrated document (with ``version`` set to ``to_version``) and the names of
    the steps applied, in order.
    """
    steps = MIGRATIONS if registry is None else registry
    applied: list[str] = []
    version = from_version
    while version < to_version:
        m = steps.get(version)
        if m is None:
            raise MigrationError(f"no migration from format version {version}")
        doc = m.step(doc)
        if not isinstance(doc, dict):
            raise MigrationError(f"migration {m.name!r} did not return an object")
        version += 1
        doc = {**doc, "version": version}
        applied.append(m.name)
    return doc, applied


# ------------------------------------------------------------------------ the steps
def _with_default(element: Any, name: str, value: Any) -> Any:
    """A copy of a dict with ``name`` set to ``value`` unless present; non-dicts as they are."""
    if not isinstance(element, dict) or name in element:
        return element
    return {**element, name: value}


@migration(1, "flows get ratings (met today, dependence); maps get dismissed checks")
def _v1_ratings(doc: RawDoc) -> RawDoc:
    """Version 2 adds fields whose default means "nothing yet": every flow gets
    ``met_today`` and ``dependence`` (``null``: unrated) and ``meta`` gets
    ``dismissed_checks`` (``[]``). A field of that name already present (written by another
    tool into a version-1 file, or by an earlier run of this step) is kept as it is."""
    out = dict(doc)
    if "meta" in doc:
        out["meta"] = _with_default(doc["meta"], "dismissed_checks", [])
    else:
        out["meta"] = {"dismissed_checks": []}
    flows = doc.get("flows")
    if isinstance(flows, list):
        out["flows"] = [
            _with_default(_with_default(f, "met_today", None), "dependence", None) for f in flows
        ]
    return out


#: The lists version 3 added, each empty in a map without journeys.
JOURNEY_LISTS = ("channels", "stages", "touch_points", "charters")


@migration(2, "maps get journeys (own channels, stages, touch points, charters)")
def _v2_journeys(doc: RawDoc) -> RawDoc:
    """Version 3 adds the journeys as four top-level lists: the map's own ``channels``,
    ``stages``, ``touch_points`` and ``charters``. A version-2 map has none, so each
    becomes ``[]``; a list of that name already present (from another tool, or an earlier
    run of this step) is kept as it is."""
    out = dict(doc)
    for name in JOURNEY_LISTS:
        out.setdefault(name, [])
    return out
