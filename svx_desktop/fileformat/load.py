"""Load a ``.svx`` file into a ``ValueMap``, in one fixed order.

bytes → JSON with limits (``parse``) → envelope → migrations on raw dicts → pydantic
validation → model. Tolerant where nothing is lost: missing optional fields take
defaults, unknown fields are kept, flows that point at a missing stakeholder and
stakeholders of an unknown category are repaired and *reported* as warnings. A broken link
of a journey is refused instead (``load_journeys``). Loading never writes to the source
file.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from svx_desktop.fileformat import migrations
from svx_desktop.fileformat.errors import SvxLoadError, SvxVersionError
from svx_desktop.fileformat.limits import MAX_ELEMENTS, MAX_FILE_BYTES
from svx_desktop.fileformat.parse import (
    decode,
    parse_json,
    refuse_deep_nesting,
    too_large_message,
)
from svx_desktop.fileformat.version import CURRENT_VERSION, FORMAT_NAME
from svx_desktop.model import (
    Category,
    Direction,
    Flow,
    Health,
    MapMeta,
    ModelError,
    Note,
    Organisation,
    Stakeholder,
    ValueKind,
    ValueMap,
)
from svx_desktop.model.categories import BUILTIN_CATEGORY_IDS, OTHER_CATEGORY_ID


@dataclass
class LoadResult:
    """A loaded map, the repairs made while loading, and the file's original version."""

    map: ValueMap
    warnings: list[str] = field(default_factory=list)
    file_version: int = CURRENT_VERSION
    migrations_applied: list[str] = field(default_factory=list)


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _short(value: Any) -> str:
    """A value as it is written in the file (JSON, not Python), cut to 60 characters."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        text = json_kind(value)
    return text if len(text) <= 60 else text[:57] + "..."


#: Pydantic's error types in a map editor's words (its messages name Python classes:
#: "a valid dictionary or instance of FlowV2").
_PROBLEMS = {
    "missing": "is missing",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be an object ({ … })",
    "model_type": "must be an object ({ … })",
    "model_attributes_type": "must be an object ({ … })",
    "list_type": "must be a list ([ … ])",
    "tuple_type": "must be a list ([ … ])",
}


def plain_problem(kind: str, message: str) -> str:
    """A schema problem in plain words: the known kinds by name, the rest with pydantic's
    "Input should be" turned into "must be" and "Value error, " dropped."""
    if kind in _PROBLEMS:
        return _PROBLEMS[kind]
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if message.startswith("Input should be "):
        message = "must be " + message.removeprefix("Input should be ")
    elif message.startswith("String should have "):
        message = "must have " + message.removeprefix("String should have ")
    return message


def json_kind(value: Any) -> str:
    """What a JSON value is, in words ("a number", "a list", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def check_envelope(doc: Any, source: str) -> int:
    """Return the file's format version, or raise if it is not an ``.svx`` document."""
    if not isinstance(doc, dict):
        raise SvxLoadError(
            source,
            f"not an .svx file: it holds {json_kind(doc)}, where a map is one JSON object "
            "({ … })",
        )
    if doc.get("format") != FORMAT_NAME:
        if "format" not in doc:
            raise SvxLoadError(source, 'not an .svx file (no "format": "svx")', "format")
        raise SvxLoadError(
            source, f"not an .svx file (format is {_short(doc['format'])})", "format"
        )
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SvxLoadError(
            source, f"version must be a whole number, not {_short(version)}", "version"
        )
    if version < 1:
        raise SvxLoadError(source, f"version {version} does not exist", "version")
    if version > CURRENT_VERSION:
        raise SvxVersionError(source, version, CURRENT_VERSION)
    return version


_ELEMENT_LISTS = (
    "categories", "stakeholders", "flows", "notes", "channels", "stages", "touch_points",
    "charters",
)  # fmt: skip


def _refuse_deep_unknown_fields(doc: dict[str, Any], text: str, source: str) -> None:
    """The nesting limit for a document the schema accepted.

    Known fields then hold only text and numbers (and ``meta.dismissed_checks`` and the
    ids of channels and expectations flat lists of text), so deeper containers can only sit
    in unknown fields: of the file (level 2), of ``meta``/``organisation`` (level 3), of
    each element (level 4), of a touch point's mechanism (level 5) and of a charter's
    promises (level 6). Checking just those spares walking every value of a large file.
    """
    from svx_desktop.fileformat.plain import known_fields

    known = known_fields()

    def check(part: dict[str, Any], names: frozenset[str], level: int) -> None:
        for key, value in part.items():
            if key not in names and type(value) in (dict, list):
                refuse_deep_nesting(value, text, source, level)

    check(doc, known[""], 2)
    for name in ("meta", "organisation"):
        if len(doc[name]) > len(known[name]):
            check(doc[name], known[name], 3)
    for name in _ELEMENT_LISTS:
        names = known[name]
        n_known = len(names)
        for element in doc[name]:
            if len(element) > n_known:
                check(element, names, 4)
    mechanism = known["touch_points.mechanism"]
    for tp in doc["touch_points"]:
        if tp["mechanism"] is not None and len(tp["mechanism"]) > len(mechanism):
            check(tp["mechanism"], mechanism, 5)
    promise = known["charters.promises"]
    for charter in doc["charters"]:
        for p in charter["promises"]:
            if len(p) > len(promise):
                check(p, promise, 6)


def _validate(doc: dict[str, Any], text: str, source: str) -> dict[str, Any]:
    """The document validated against the schema, as plain dicts with defaults filled in.

    The fast validator of ``plain.py`` handles valid files; a document it refuses is
    validated again by the pydantic models, whose errors become the ``SvxLoadError``.
    pydantic and the schema are imported here, on the first load, not with the package:
    the app's window paints without them.
    """
    from pydantic import ValidationError

    from svx_desktop.fileformat.plain import plain_validator
    from svx_desktop.fileformat.schema import SvxFile

    for key in _ELEMENT_LISTS:
        items = doc.get(key)
        if isinstance(items, list) and len(items) > MAX_ELEMENTS:
            raise SvxLoadError(source, f"more than {MAX_ELEMENTS:,} entries", key)
    meta = doc.get("meta")
    keys = meta.get("dismissed_checks") if isinstance(meta, dict) else None
    if isinstance(keys, list) and len(keys) > MAX_ELEMENTS:
        raise SvxLoadError(source, f"more than {MAX_ELEMENTS:,} entries", "meta.dismissed_checks")
    fast = plain_validator()
    if fast is not None:
        try:
            validated: dict[str, Any] = fast.validate_python(doc)
        except ValidationError:
            pass  # let the models name the problems
        else:
            _refuse_deep_unknown_fields(validated, text, source)
            return validated
    refuse_deep_nesting(doc, text, source)
    try:
        return SvxFile.model_validate(doc).model_dump()
    except ValidationError as e:
        errors = e.errors(include_url=False)
        first = errors[0]
        message = plain_problem(first["type"], first["msg"])
        if first["type"] not in ("missing",) and "input" in first:
            message += f" (got {_short(first['input'])})"
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problem{'s' * (len(errors) > 2)})"
        problems = [
            (_location(err["loc"]), plain_problem(err["type"], err["msg"])) for err in errors
        ]
        err = SvxLoadError(source, message, _location(first["loc"]))
        err.problems = problems  # type: ignore[attr-defined]
        raise err from None


_T = TypeVar("_T")

_DIRECTIONS = {d.value: d for d in Direction}
_VALUE_KINDS = {k.value: k for k in ValueKind}
_HEALTH: dict[str | None, Health | None] = {None: None, **{h.key: h for h in Health}}


# Fast constructors for the element classes a large file holds most of (flows,
# stakeholders, touch points). A frozen dataclass's __init__ sets each field through
# object.__setattr__, a fifth of a large load; these fill the instance dict in one step
# instead. Values are already validated and every field is given, by keyword. If a class
# ever changes shape (fields, __post_init__, slots), the class itself is used instead.
_FLOW_FIELDS = (
    "stakeholder_id", "direction", "label", "id", "value_kind", "importance", "notes", "extra",
    "met_today", "dependence",
)  # fmt: skip
_STAKEHOLDER_FIELDS = ("name", "id", "category", "position", "notes", "colour", "extra")


def plain_dataclass(cls: type, fields: tuple[str, ...]) -> bool:
    """True if ``cls`` is a dataclass of exactly these fields that a fast constructor
    (filling the instance dict) can build: no ``__post_init__``, no slots."""
    return (
        tuple(f.name for f in dataclasses.fields(cls)) == fields
        and not hasattr(cls, "__post_init__")
        and not hasattr(cls, "__slots__")
    )


def fast_constructor(cls: type[_T], fields: tuple[str, ...]) -> Callable[..., _T]:
    """A constructor of ``cls`` taking every field by keyword, built once at import: one
    that fills the instance dict in one step if ``cls`` is a ``plain_dataclass`` of these
    ``fields``, else ``cls`` itself."""
    if not plain_dataclass(cls, fields):
        return cls
    new = object.__new__

    def make(**values: Any) -> _T:
        element: _T = new(cls)
        element.__dict__.update(values)
        return element

    make.__qualname__ = make.__name__ = f"fast_{cls.__name__}"
    return make


_make_flow = fast_constructor(Flow, _FLOW_FIELDS)
_make_stakeholder = fast_constructor(Stakeholder, _STAKEHOLDER_FIELDS)


def extra_of(element: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """The unknown fields of a validated element (it holds every known field)."""
    if len(element) == len(known):
        return {}
    return {k: v for k, v in element.items() if k not in known}


_ID_LISTS = ("stakeholders", "flows", "notes")


def _check_unique_ids(doc: dict[str, Any], source: str) -> None:
    """Refuse a document in which two elements share an id, naming both places."""
    ids = [doc["organisation"]["id"]]
    for key in _ID_LISTS:
        ids += [element["id"] for element in doc[key]]
    if len(set(ids)) == len(ids):
        return
    # Slow path, only for a broken file: find the first clash in file order.
    where: dict[str, str] = {ids[0]: "organisation"}
    for key in _ID_LISTS:
        for i, element in enumerate(doc[key]):
            element_id = element["id"]
            if element_id in where:
                raise SvxLoadError(
                    source,
                    f"duplicate id {_short(element_id)} (also used by {where[element_id]})",
                    f"{key}[{i}].id",
                )
            where[element_id] = f"{key}[{i}]"


def _ratings(
    f: dict[str, Any], direction: Direction, source: str, i: int, warnings: list[str]
) -> tuple[Health | None, int | None]:
    """The ratings of a validated flow; one on the wrong direction is cleared, reported."""
    met, dependence = _HEALTH[f["met_today"]], f["dependence"]
    wrong = []
    if met is not None and direction is not Direction.EXPECTS:
        wrong.append("met_today")
        met = None
    if dependence is not None and direction is not Direction.PROVIDES:
        wrong.append("dependence")
        dependence = None
    for name in wrong:
        warnings.append(
            f"{source}: flows[{i}].{name}: a {f['direction']} flow cannot carry {name} "
            f"({_short(f[name])}); cleared"
        )
    return met, dependence


def _build(doc: dict[str, Any], source: str, warnings: list[str]) -> ValueMap:
    """The map of a validated document; duplicate ids refused, dangling flows dropped.

    Elements are collected first and added in one ``ValueMap.add_elements`` call, which
    checks the model's invariants once per element (the fast path for large files).
    """
    from svx_desktop.fileformat.load_journeys import add_journeys
    from svx_desktop.fileformat.plain import known_fields

    known = known_fields()
    m = doc["meta"]
    o = doc["organisation"]
    vmap = ValueMap(
        Organisation(
            o["id"],
            o["name"],
            o["description"],
            (o["x"], o["y"]),
            extra_of(o, known["organisation"]),
        ),
        MapMeta(
            m["title"],
            m["facilitator"],
            m["workshop_date"],
            m["created"],
            m["modified"],
            extra_of(m, known["meta"]),
            tuple(dict.fromkeys(m["dismissed_checks"])),  # a key given twice counts once
        ),
        extra_of(doc, known[""]),
    )
    _check_unique_ids(doc, source)

    categories: list[Category] = []
    category_ids = set(BUILTIN_CATEGORY_IDS)
    known_category = known["categories"]
    for i, c in enumerate(doc["categories"]):
        if c["id"] in category_ids:
            raise SvxLoadError(
                source, f"category id {_short(c['id'])} is already used", f"categories[{i}].id"
            )
        category_ids.add(c["id"])
        categories.append(
            Category(c["id"], c["name"], c["colour"], c["icon"], extra_of(c, known_category))
        )

    stakeholders: list[Stakeholder] = []
    n_known = len(known_stakeholder := known["stakeholders"])
    for i, s in enumerate(doc["stakeholders"]):
        sid = s["id"]
        category = s["category"]
        if category not in category_ids:
            warnings.append(
                f"{source}: stakeholders[{i}].category: unknown category {_short(category)} "
                f"shown as {_short(OTHER_CATEGORY_ID)}"
            )
        stakeholders.append(
            _make_stakeholder(
                name=s["name"],
                id=sid,
                category=category,
                position=(s["x"], s["y"]),
                notes=s["notes"],
                colour=s["colour"],
                extra={} if len(s) == n_known else extra_of(s, known_stakeholder),
            )
        )

    stakeholder_ids = {s.id for s in stakeholders}
    flows: list[Flow] = []
    n_known = len(known_flow := known["flows"])
    directions, value_kinds = _DIRECTIONS, _VALUE_KINDS
    for i, f in enumerate(doc["flows"]):
        fid = f["id"]
        if f["stakeholder"] not in stakeholder_ids:
            warnings.append(
                f"{source}: flows[{i}]: flow {_short(f['label'])} refers to missing "
                f"stakeholder {_short(f['stakeholder'])}; dropped"
            )
            continue
        direction = directions[f["direction"]]
        met, dependence = f["met_today"], f["dependence"]
        if met is not None or dependence is not None:  # rated: a check, a repair perhaps
            met, dependence = _ratings(f, direction, source, i, warnings)
        flows.append(
            _make_flow(
                stakeholder_id=f["stakeholder"],
                direction=direction,
                label=f["label"],
                id=fid,
                value_kind=value_kinds[f["value_kind"]],
                importance=f["importance"],
                notes=f["notes"],
                extra={} if len(f) == n_known else extra_of(f, known_flow),
                met_today=met,
                dependence=dependence,
            )
        )

    notes: list[Note] = []
    for n in doc["notes"]:
        notes.append(Note(n["text"], n["id"], (n["x"], n["y"]), extra_of(n, known["notes"])))

    vmap.add_elements(categories, stakeholders, flows, notes)
    add_journeys(doc, vmap, source)
    return vmap


def loads(data: bytes, source: str = "<memory>") -> LoadResult:
    """Load a map from the bytes of a ``.svx`` file; ``source`` names it in messages.

    The cyclic garbage collector is paused while a file loads: everything a load
    allocates stays alive until it returns, so collections in between find nothing to
    free, yet they re-scan the growing heap and cost a third of a large load.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _loads(data, source)
    finally:
        if was_enabled:
            gc.enable()


def _loads(data: bytes, source: str) -> LoadResult:
    text, warnings = decode(data, source)
    # The nesting limit is checked below, once the schema has shown that known fields
    # are flat (then only unknown fields can nest) or as soon as anything is refused,
    # so that deep nesting is still the problem named first.
    raw = parse_json(text, source, check_depth=False)
    try:
        version = check_envelope(raw, source)
        if version != CURRENT_VERSION:
            refuse_deep_nesting(raw, text, source)  # migrations see checked input
        try:
            raw, applied = migrations.migrate(raw, version, CURRENT_VERSION)
        except migrations.MigrationError as e:
            raise SvxLoadError(source, str(e), "version") from None
    except SvxLoadError:
        refuse_deep_nesting(raw, text, source)
        raise
    doc = _validate(raw, text, source)
    # Free the parsed JSON (and the text) before building: the model reuses that
    # memory while it is still in the CPU cache.
    del raw, text
    try:
        vmap = _build(doc, source, warnings)
    except ModelError as e:  # pragma: no cover - the schema admits nothing the model refuses
        raise SvxLoadError(source, str(e)) from None
    return LoadResult(vmap, warnings, version, applied)


def load(path: str | os.PathLike[str]) -> LoadResult:
    """Load a map from a file. Errors name the file by its base name."""
    p = Path(path)
    source = p.name or str(p)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise SvxLoadError(source, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block open() forever; a device could stream without end.
            raise SvxLoadError(source, "is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise SvxLoadError(source, too_large_message(info.st_size))
        with p.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except SvxLoadError:
        raise
    except FileNotFoundError:
        raise SvxLoadError(source, "file does not exist") from None
    except PermissionError:
        raise SvxLoadError(source, "permission denied (the file cannot be read)") from None
    except OSError as e:
        raise SvxLoadError(source, f"cannot be read ({e.strerror or e})") from None
    return loads(data, source)
