"""Validate a YAML document against a schema model; errors become positioned diagnostics."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.diagnostics import Diagnostic, Severity, did_you_mean
from generator.messages import t
from generator.reading.schema import describe
from generator.reading.yamlread import Document, Loc

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], document: Document, data: Any, prefix: Loc = ()
) -> tuple[M | None, list[Diagnostic]]:
    """The validated model, or None and one diagnostic per problem found."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_diagnostic(model, document, data, prefix, e) for e in exc.errors()]


def _data_path(data: Any, loc: tuple[Any, ...]) -> Loc:
    """The part of pydantic's location that names real keys and items of the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            path.append(part)
    return tuple(path)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes and element types an annotation can hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, dict):
        found = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    return [annotation]


def known_keys(model: type[BaseModel], path: Loc) -> list[str]:
    """The keys the schema allows in the mapping at `path`."""
    current: list[Any] = [model]
    for part in path:
        if isinstance(part, int):
            continue
        following: list[Any] = []
        for candidate in current:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                field = candidate.model_fields.get(part)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
        current = following
    keys: list[str] = []
    for candidate in current:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            keys.extend(candidate.model_fields)
    return keys


def _choices(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ", ").split(",") if part.strip()]


def _diagnostic(model: type[BaseModel], document: Document, data: Any, prefix: Loc, error: Any) -> Diagnostic:
    kind: str = error["type"]
    path = _data_path(data, tuple(error["loc"]))
    full = (*prefix, *path)
    raw = error.get("input")
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    ctx = error.get("ctx") or {}
    where = document.at(full)
    hint: str = ""
    message: str
    if kind == "club":
        # The Hinted's own messages: pydantic keeps the context's values as they are.
        message, hint = ctx["message"], ctx.get("hint", "")
    elif kind == "extra_forbidden":
        where = document.key_at(full)
        key = path[-1] if path else ""
        keys = known_keys(model, path[:-1])
        message = t('unknown key "{key}"', key=str(key))
        hint = did_you_mean(str(key), keys) or (
            t("known keys here: {keys}", keys=", ".join(keys)) if keys else ""
        )
    elif kind == "missing":
        missing = str(error["loc"][-1])
        message = t('missing required key "{key}"', key=missing)
        hint = t('add a line "{key}: …"', key=missing)
    elif kind == "literal_error":
        options = _choices(ctx.get("expected", ""))
        if field:
            message = t("{value} is not a valid {field}", value=describe(raw), field=field)
        else:
            message = t("{value} is not a valid value", value=describe(raw))
        hint = did_you_mean(str(raw), options) or t("choose one of: {choices}", choices=", ".join(options))
    elif kind in ("bool_type", "bool_parsing"):
        message = t('"{field}" must be true or false, found {found}', field=field, found=describe(raw))
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = t('"{field}" must be a whole number, found {found}', field=field, found=describe(raw))
    elif kind == "string_type":
        message = t('"{field}" must be text, found {found}', field=field, found=describe(raw))
        if isinstance(raw, dict):
            hint = t('text that contains ": " must be put in quotes')
    elif kind == "list_type":
        message = t('"{field}" must be a list, found {found}', field=field, found=describe(raw))
        hint = t('write each item on its own line starting with "- ", or as [a, b]')
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        if field:
            message = t(
                '"{field}" must be a mapping of keys and values, found {found}',
                field=field,
                found=describe(raw),
            )
        else:
            message = t("this file must be a mapping of keys and values, found {found}", found=describe(raw))
    elif kind == "string_too_short":
        message = t('"{field}" is empty', field=field)
    elif kind == "string_too_long" or (kind == "too_long" and isinstance(raw, str)):
        message = t(
            '"{field}" is {length:,} characters long; the limit is {limit:,}',
            field=field,
            length=len(raw),
            limit=ctx["max_length"],
        )
        hint = t("shorten it: a long text belongs in an article under the journal")
    elif kind == "too_long" and field == "run_sheet":
        message = t(
            '"{field}" has {count:,} segments; the limit is {limit:,}',
            field=field,
            count=ctx["actual_length"],
            limit=ctx["max_length"],
        )
        hint = t("split it into several events")
    elif kind == "too_long":
        message = t(
            '"{field}" has {count:,} items; the limit is {limit:,}',
            field=field,
            count=ctx["actual_length"],
            limit=ctx["max_length"],
        )
        hint = t("shorten the list")
    elif kind == "string_pattern_mismatch":
        if field == "email":
            message = t("{value} is not an email address", value=describe(raw))
        elif field == "phone":
            message = t("{value} is not a phone number", value=describe(raw))
            hint = t('write digits, spaces and an optional leading "+", e.g. "+86 139 0000 0001"')
        else:
            message = t("{value} is not a valid {field}", value=describe(raw), field=field)
    elif kind in ("greater_than_equal", "greater_than"):
        message = t(
            '"{field}" must be at least {least}, found {found}',
            field=field,
            least=ctx.get("ge", ctx.get("gt")),
            found=describe(raw),
        )
    elif field:
        # pydantic's own words, for a check none of the above names: not translated.
        message = t('"{field}": {detail}', field=field, detail=error["msg"])
    else:
        message = error["msg"]
    return Diagnostic(where, Severity.ERROR, message, hint)
