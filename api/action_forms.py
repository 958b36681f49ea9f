"""Edit forms for proposed actions, built from each action's request model (graph.actions.BINDINGS).

Nothing here knows an action by name: a new action in the table gets a form from its pydantic model and
the write allow-list (policies.writes): a text box for text, a date picker for dates, a number box for
numbers, a list for enumerations, one line per item for lists of text, "key: value" lines for mappings,
and a group of fields per item of a list of models (payroll adjustments). The target of a write (its path
id and `school_id`) is shown but not editable. A submitted form is turned back into arguments and
validated with the same model `execute` sends, each error placed next to its field.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from agents.common.wording import humanize
from graph.actions import BINDINGS
from policies.writes import WRITE_ACTIONS

Kind = Literal["text", "textarea", "date", "number", "integer", "checkbox", "select", "lines", "mapping"]
FIXED_FIELDS = frozenset({"school_id"})
"""Fields that name where a write goes: shown, never edited (with each action's path id)."""
LONG_TEXT = frozenset({"body", "bio", "reason"})


@dataclass
class FormField:
    """One input of an edit form."""

    name: str
    """The form input name: `a{index}.{path}` (e.g. `a0.adjustments.1.hours`)."""
    label: str
    kind: Kind
    value: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False
    fixed: bool = False
    error: str | None = None
    hint: str = ""


@dataclass
class FieldGroup:
    """The fields of one item of a list of models (e.g. "Adjustment 2")."""

    legend: str
    fields: list[FormField]


@dataclass
class ActionForm:
    """The edit form of one action request."""

    index: int
    action: str
    fields: list[FormField]
    groups: list[FieldGroup] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Errors of the action as a whole (a policy the edit breaks)."""

    def all_fields(self) -> list[FormField]:
        return [*self.fields, *(f for g in self.groups for f in g.fields)]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without None, whether None was allowed)."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else str), len(args) < len(get_args(annotation))
    return annotation, False


def _kind(annotation: Any, name: str, value: Any) -> tuple[Kind, list[str]]:
    origin = get_origin(annotation)
    if origin is Literal:
        return "select", [str(a) for a in get_args(annotation)]
    if origin is list:
        return "lines", []
    if origin is dict:
        return "mapping", []
    if annotation is bool:
        return "checkbox", []
    if annotation is int:
        return "integer", []
    if annotation is float:
        return "number", []
    if annotation is date:
        return "date", []
    long = name in LONG_TEXT or (isinstance(value, str) and (len(value) > 80 or "\n" in value))
    return ("textarea" if long else "text"), []


def _display(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind == "lines":
        return "\n".join(str(v) for v in value)
    if kind == "mapping":
        return "\n".join(f"{k}: {v}" for k, v in dict(value).items())
    if kind == "checkbox":
        return "on" if value else ""
    return str(value)


def _field(prefix: str, name: str, info: FieldInfo, value: Any) -> FormField:
    annotation, optional = _unwrap(info.annotation)
    kind, options = _kind(annotation, name, value)
    hint = {"lines": "One per line.", "mapping": "One per line, as name: value."}.get(kind, "")
    return FormField(
        name=f"{prefix}.{name}",
        label=info.description or humanize(name),
        kind=kind,
        value=_display(kind, value),
        options=options,
        required=info.is_required() and not optional and kind != "checkbox",
        hint=hint,
    )


def _item_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model of a `list[Model]` field, else None."""
    annotation, _ = _unwrap(info.annotation)
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def edit_form(index: int, action: str, args: dict[str, Any]) -> ActionForm:
    """The edit form of action request `index` (`action` with its proposed `args`) as first shown."""
    binding = BINDINGS[action]
    allowed = WRITE_ACTIONS[action].allowed
    prefix = f"a{index}"
    form = ActionForm(index, action, [])
    if binding.path_id is not None:
        form.fields.append(
            FormField(
                f"{prefix}.{binding.path_id}",
                humanize(binding.path_id),
                "text",
                _display("text", args.get(binding.path_id)),
                fixed=True,
            )
        )
    for name, info in binding.body.model_fields.items():
        if name not in allowed:
            continue
        item_model = _item_model(info)
        if item_model is not None:
            for n, item in enumerate(args.get(name) or []):
                fields = [
                    _field(f"{prefix}.{name}.{n}", sub, sub_info, (item or {}).get(sub))
                    for sub, sub_info in item_model.model_fields.items()
                ]
                form.groups.append(FieldGroup(f"{humanize(name)} {n + 1}", fields))
            continue
        f = _field(prefix, name, info, args.get(name))
        f.fixed = name in FIXED_FIELDS
        form.fields.append(f)
    return form


def _parse(kind: Kind, raw: str | None, optional: bool) -> Any:
    """A form value as the model expects it (the model still validates it)."""
    text = (raw or "").strip() if kind != "textarea" else (raw or "").replace("\r\n", "\n").strip()
    if kind == "checkbox":
        return raw is not None and raw != ""
    if text == "" and optional:
        return None
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "mapping":
        out: dict[str, str] = {}
        for line in text.splitlines():
            if line.strip():
                key, sep, value = line.partition(":")
                out[key.strip()] = value.strip() if sep else ""
        return out
    return text


def submitted_args(
    index: int, action: str, proposed: dict[str, Any], form: dict[str, str]
) -> tuple[dict[str, Any], ActionForm]:
    """The arguments a director submitted for action request `index`, validated with the action's model.

    Returns (args, the form as submitted with an error next to each wrong field). The target fields keep
    their proposed values whatever was posted. An optional field left empty is left out, unless the
    proposal set it (then it is cleared).
    """
    binding = BINDINGS[action]
    shown = edit_form(index, action, proposed)
    args: dict[str, Any] = {}
    fields_by_name: dict[str, FormField] = {}
    prefix = f"a{index}."
    for f in shown.all_fields():
        fields_by_name[f.name] = f
        path = f.name.removeprefix(prefix).split(".")
        if f.fixed:
            args[path[0]] = proposed.get(path[0])
            continue
        raw = form.get(f.name)
        if raw is None and f.kind != "checkbox":  # not in the post (not shown): keep what was proposed
            value = _lookup(proposed, path)
        else:
            f.value = raw or ""
            value = _parse(f.kind, raw, optional=not f.required)
        if len(path) == 1:
            if value is None and path[0] not in proposed:
                continue
            args[path[0]] = value
        else:  # an item of a list of models
            name, n, sub = path[0], int(path[1]), path[2]
            items = args.setdefault(name, [dict(i) for i in proposed.get(name) or []])
            if value is None:
                items[n].pop(sub, None)
            else:
                items[n][sub] = value
    body_args = {k: v for k, v in args.items() if k != binding.path_id}
    try:
        model = binding.body.model_validate(body_args)
    except ValidationError as exc:
        for error in exc.errors():
            name = prefix + ".".join(str(p) for p in error["loc"])
            target = fields_by_name.get(name)
            if target is not None:
                target.error = str(error["msg"])
            else:
                shown.errors.append(f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}")
        return args, shown
    cleaned = model.model_dump(mode="json", include=set(body_args))
    if binding.path_id is not None:
        cleaned[binding.path_id] = args.get(binding.path_id)
    return cleaned, shown


def _lookup(args: dict[str, Any], path: list[str]) -> Any:
    value: Any = args
    for part in path:
        if isinstance(value, list):
            value = value[int(part)] if int(part) < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def has_errors(form: ActionForm) -> bool:
    return bool(form.errors) or any(f.error for f in form.all_fields())
