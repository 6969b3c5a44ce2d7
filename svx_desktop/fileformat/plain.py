"""The pydantic schema, validated into plain dicts: the fast path of every load.

``schema.SvxFile`` defines the format. Validating into its model instances costs about
a microsecond per element just to create them, and the loader only reads them once to
build the map. So this module derives, from the very same pydantic-core schema, a
validator that returns plain dicts: each ``model`` node becomes a ``typed-dict`` node
with the same field schemas (types, limits, patterns, defaults) and ``extra`` allowed,
which makes it accept and refuse exactly what the models do (for JSON input; tested in
``tests/fileformat``). Unknown fields stay in the dicts beside the known ones.

The loader uses it only for the happy path: when it refuses a document, the models
validate it again so that users see the models' own error messages. If the schema ever
takes a shape this conversion does not know, ``plain_validator()`` returns None and the
loader validates with the models as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel
from pydantic_core import SchemaValidator

from svx_desktop.fileformat.schema import SvxFile


class _UnsupportedError(Exception):
    pass


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind == "model":
        inner = node["schema"]
        if (
            inner.get("type") != "model-fields"
            or inner.get("computed_fields")
            or node.get("custom_init")
        ):
            raise _UnsupportedError(inner.get("type"))
        if node.get("post_init") or inner.get("extras_schema") is not None:
            raise _UnsupportedError("post_init or extras schema")
        fields: dict[str, Any] = {}
        for name, field in inner["fields"].items():
            if field.get("type") != "model-field" or field.get("validation_alias"):
                raise _UnsupportedError(name)
            schema = _convert(field["schema"])
            fields[name] = {
                "type": "typed-dict-field",
                "schema": schema,
                "required": schema.get("type") != "default",
            }
        out: dict[str, Any] = {"type": "typed-dict", "fields": fields, "extra_behavior": "allow"}
        if node.get("config"):
            out["config"] = {**node["config"], "extra_fields_behavior": "allow"}
        return out
    if kind in ("function-before", "function-after", "function-wrap", "function-plain"):
        raise _UnsupportedError(kind)  # validators written in Python: keep the models
    if kind in ("definitions", "definition-ref"):
        raise _UnsupportedError(kind)
    converted = {key: _convert(value) for key, value in node.items() if key != "metadata"}
    if kind == "default" and isinstance(converted.get("default"), BaseModel):
        converted["default"] = converted["default"].model_dump()
    return converted


@cache
def plain_validator() -> SchemaValidator | None:
    """A validator of the current format into plain dicts, or None if not derivable."""
    try:
        return SchemaValidator(_convert(SvxFile.__pydantic_core_schema__))
    except (_UnsupportedError, KeyError, TypeError, ValueError):  # pragma: no cover - future schema
        return None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


@cache
def known_fields() -> dict[str, frozenset[str]]:
    """Known field names of the file (key ``""``) and of each part (``"meta"``,
    ``"organisation"``, ``"stakeholders"``, ...) and of the parts nested in an element
    (``"touch_points.mechanism"``, ``"charters.promises"``): anything else in a dict is an
    unknown field that is kept and written back."""
    out = {"": frozenset(SvxFile.model_fields)}
    for name, field in SvxFile.model_fields.items():
        model = _model_in(field.annotation)
        if model is not None:
            out[name] = frozenset(model.model_fields)
            for inner_name, inner in model.model_fields.items():
                nested = _model_in(inner.annotation)
                if nested is not None:
                    out[f"{name}.{inner_name}"] = frozenset(nested.model_fields)
    return out
