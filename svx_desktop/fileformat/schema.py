"""The ``.svx`` format, current version, as pydantic models.

A model keeps the suffix of the version that last changed it (``StakeholderV1`` is
unchanged since version 1; ``FlowV2`` gained the ratings in version 2; the journeys —
channels, stages, touch points and charters — came in version 3). Older versions
have no models: the migrations turn their raw dicts into the current shape first.

These models are the definition of the format: ``resources/schema/svx.schema.json`` is
generated from them (``python -m svx_desktop.fileformat.schema``) and a test fails when
the committed copy drifts. Reading is tolerant (optional fields have defaults; unknown
fields are kept in ``model_extra`` and written back); writing goes through
``serialize.py``, which emits exactly these fields.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from svx_desktop.fileformat.limits import MAX_COORDINATE, MAX_LABEL_LENGTH, MAX_NOTES_LENGTH
from svx_desktop.fileformat.version import CURRENT_VERSION, FORMAT_NAME  # noqa: F401 (re-export)

Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Label = Annotated[str, StringConstraints(max_length=MAX_LABEL_LENGTH)]
LongText = Annotated[str, StringConstraints(max_length=MAX_NOTES_LENGTH)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
# Numbers are strict: lax mode would read true as 1 and "12" as 12.0, silently changing
# what another tool wrote instead of reporting the wrong type.
Coordinate = Annotated[
    float,
    Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE, allow_inf_nan=False, strict=True),
]
Importance = Annotated[int, Field(ge=1, le=5, strict=True)]
#: How well an expectation is met today, dead to alive (``model.health.HEALTH_KEYS``).
HealthKey = Literal["dead", "dying", "indifferent", "lively", "alive"]
CheckKey = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LABEL_LENGTH)]


class _Element(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, strict=False)


class MetaV2(_Element):
    """Map metadata."""

    title: Label = ""
    facilitator: Label = Field("", description="Author or workshop facilitator.")
    workshop_date: Label = Field("", description="ISO 8601 date of the workshop, or empty.")
    created: Label = Field("", description="ISO 8601 date-time the map was created.")
    modified: Label = Field("", description="ISO 8601 date-time of the last save.")
    dismissed_checks: list[CheckKey] = Field(
        [],
        description="Keys of the checks this map's workshop dismissed (check id and element "
        "ids, e.g. 'only-gives:<stakeholder id>'); they are not reported again.",
    )


class OrganisationV1(_Element):
    """The central, opaque organisation."""

    id: Id
    name: Label = "Organisation"
    description: LongText = ""
    x: Coordinate = 0.0
    y: Coordinate = 0.0


class CategoryV1(_Element):
    """A stakeholder category defined by this map (built-in ones are not written)."""

    id: Id
    name: Label
    colour: Colour
    icon: Annotated[str, StringConstraints(max_length=100)] = "person"


class StakeholderV1(_Element):
    """An external stakeholder. ``x``/``y`` is the card's centre in scene units."""

    id: Id
    name: Label
    category: Id = "other"
    x: Coordinate = 0.0
    y: Coordinate = 0.0
    notes: LongText = ""
    colour: Colour | None = Field(None, description="Overrides the category colour.")


class FlowV2(_Element):
    """One value item: ``provides`` is stakeholder → organisation, ``expects`` the reverse."""

    id: Id
    stakeholder: Id = Field(description="Id of the stakeholder this flow belongs to.")
    direction: Literal["provides", "expects"]
    label: Label = ""
    value_kind: Literal["money", "goods_services", "information", "intangible"] = "goods_services"
    importance: Importance = 3
    notes: LongText = ""
    met_today: HealthKey | None = Field(
        None,
        description="Expects flows only: how well the organisation meets it today, from "
        "'dead' (rules keep the stakeholder at arm's length) to 'alive' (people find a way "
        "to say yes); null when unrated.",
    )
    dependence: Importance | None = Field(
        None,
        description="Provides flows only: how much the organisation depends on it, 1 (little) "
        "to 5 (entirely); null when unrated.",
    )


class NoteV1(_Element):
    """A parking-lot sticky note."""

    id: Id
    text: Label = ""
    x: Coordinate = 0.0
    y: Coordinate = 0.0


class ChannelV3(_Element):
    """A channel defined by this map (the built-in ones, such as 'web', are not written)."""

    id: Id
    name: Label


class StageV3(_Element):
    """A named stage of one stakeholder's journey; a stakeholder's stages are in file order."""

    id: Id
    stakeholder: Id = Field(description="Id of the stakeholder whose journey this stage is in.")
    name: Label = ""


class MechanismV3(_Element):
    """What delivers a touch point: internal or outsourced, and who owns it."""

    name: Label = ""
    sourcing: Literal["internal", "outsourced"] = "internal"
    owner: Label = ""


class TouchPointV3(_Element):
    """One touch point of a stakeholder's journey; a journey is its touch points in file order."""

    id: Id
    stakeholder: Id = Field(description="Id of the stakeholder whose journey this is.")
    name: Label = ""
    stage: Id | None = Field(None, description="Id of one of the same stakeholder's stages.")
    channels: list[Id] = Field(
        [], description="Channel ids: built-in ('in_person', 'phone', 'web', 'email', 'sms', "
        "'chat', 'social', 'app', 'post', 'other') or one of the map's own channels."
    )  # fmt: skip
    initiator: Literal["stakeholder", "organisation"] = "stakeholder"
    serves: list[Id] = Field(
        [], description="Ids of the same stakeholder's 'expects' flows this touch point serves."
    )
    experience: LongText = ""
    health: HealthKey | None = Field(None, description="How alive it is today; null: unrated.")
    moment_of_truth: Annotated[bool, Field(strict=True)] = False
    pains: LongText = ""
    ideas: LongText = ""
    mechanism: MechanismV3 | None = None


class PromiseV3(_Element):
    """One promise of a charter, with the measurable standard that says it is kept."""

    id: Id
    text: LongText = ""
    serves: Id | None = Field(None, description="Id of the 'expects' flow it answers, or null.")
    channels: list[Id] = []
    standard: LongText = ""


class CharterV3(_Element):
    """The promises the organisation makes to one stakeholder, in order."""

    stakeholder: Id
    promises: list[PromiseV3] = []


class SvxFileV3(_Element):
    """A whole ``.svx`` file, format version 3."""

    format: Literal["svx"]
    version: Literal[3]
    meta: MetaV2 = MetaV2()
    organisation: OrganisationV1
    categories: list[CategoryV1] = []
    stakeholders: list[StakeholderV1] = []
    flows: list[FlowV2] = []
    notes: list[NoteV1] = []
    channels: list[ChannelV3] = []
    stages: list[StageV3] = []
    touch_points: list[TouchPointV3] = []
    charters: list[CharterV3] = []


SvxFile = SvxFileV3


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the current format."""
    schema = SvxFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://svx.invalid/schema/svx-v{CURRENT_VERSION}.schema.json"
    return schema


def json_schema_text() -> str:
    """The committed form of the schema: sorted keys, two-space indent, final newline."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance entry point
    import sys

    sys.stdout.write(json_schema_text())
