"""Each endpoint declared once: its parameters, response schema and summary parse the request and make its OpenAPI."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from flask import Blueprint, request

from service.web.errors import ApiError

View = Callable[..., Any]
SLUG_PATTERN = "^[a-z0-9][a-z0-9/-]*$"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


@dataclass(frozen=True)
class Param:
    """One parameter: where it is, its type and bounds, its default, and the words of its errors."""

    name: str
    description: str
    kind: type = str  # str, int, bool ("true" or "false") or dt.date (YYYY-MM-DD)
    default: Any = None
    required: bool = False
    many: bool = False  # repeatable (?language=go&language=rust): a list
    low: int | None = None
    high: int | None = None
    max_length: int | None = None
    non_empty: bool = False
    strip: bool = False
    choices: tuple[Any, ...] = ()
    pattern: str | None = None
    example: str | None = None
    where: str = "query"
    argument: str | None = None  # the view's keyword, where the name is not one (from)
    missing: str | None = None  # the message when it is required or must not be empty and is
    too_long: str | None = None

    @property
    def keyword(self) -> str:
        """Return the name the view receives the value under."""
        return self.argument or self.name

    def read(self, args: Mapping[str, Any]) -> Any:
        """Read this parameter from the query arguments, or fail with 400 in the one error shape."""
        if self.many:
            return [self._check(value) for value in args.getlist(self.name)]  # type: ignore[attr-defined]
        raw = args.get(self.name)
        if raw is None and not self.required:
            return self.default
        return self._check("" if raw is None else raw)

    def _check(self, raw: str) -> Any:
        # The length bound is on the value as sent, as the OpenAPI maxLength says (schemathesis holds us to it).
        if self.max_length is not None and len(raw) > self.max_length:
            self._fail(self.too_long or f"Parameter {self.name!r} is at most {self.max_length} characters.")
        text = raw.strip() if self.strip else raw
        if not text and (self.required or self.non_empty):
            self._fail(self.missing or f"Parameter {self.name!r} is required.")
        value: Any = text
        if self.kind is int:
            value = self._integer(text)
        elif self.kind is bool:
            value = self._boolean(text)
        elif self.kind is dt.date:
            value = self._date(text)
        if self.choices and value not in self.choices:
            listed = ", ".join(map(str, self.choices))
            self._fail(f"Parameter {self.name!r} must be one of {listed}, not {text!r}.")
        return value

    def _integer(self, text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            self._fail(f"Parameter {self.name!r} must be an integer, not {text!r}.")
        low, high = self.low, self.high
        if (low is not None and value < low) or (high is not None and value > high):
            self._fail(f"Parameter {self.name!r} must be between {low} and {high}.")
        return value

    def _boolean(self, text: str) -> bool:
        if text not in ("true", "false"):
            self._fail(f"Parameter {self.name!r} must be true or false, not {text!r}.")
        return text == "true"

    def _date(self, text: str) -> dt.date:
        try:
            if len(text) != 10:
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            self._fail(f"Parameter {self.name!r} must be a date as YYYY-MM-DD, not {text!r}.")

    def _fail(self, message: str) -> NoReturn:
        raise ApiError(400, message, parameter=self.name)

    def schema(self) -> dict[str, Any]:
        """Return the JSON Schema of one value, as the parsing above checks it."""
        types: dict[type, dict[str, Any]] = {
            int: {"type": "integer"},
            bool: {"type": "string", "enum": ["true", "false"]},
            dt.date: {"type": "string", "format": "date", "pattern": DATE_PATTERN},
        }
        schema: dict[str, Any] = dict(types.get(self.kind, {"type": "string"}))
        bounds = {
            "minimum": self.low,
            "maximum": self.high,
            "maxLength": self.max_length,
            "minLength": 1 if self.required or self.non_empty else None,
            "pattern": self.pattern,
            "enum": list(self.choices) or None,
            "default": self.default if not self.many else None,
            "example": self.example,
        }
        schema.update({key: value for key, value in bounds.items() if value is not None})
        return schema


@dataclass(frozen=True)
class Endpoint:
    """One GET operation: its summary, parameters, the component schema of its answer, and its error statuses."""

    summary: str
    response: str
    params: tuple[Param, ...] = ()
    errors: tuple[int, ...] = ()

    def arguments(self) -> dict[str, Any]:
        """Read every query parameter of this request, in the declared order."""
        return {p.keyword: p.read(request.args) for p in self.params if p.where == "query"}


# The declaration of every declared view function, for the OpenAPI document (web/openapi.py) to read through the
# app's URL map.
DECLARED: dict[View, Endpoint] = {}


def get(blueprint: Blueprint, rule: str, declared: Endpoint) -> Callable[[View], View]:
    """Route GET `rule` to the view, handing it the declared query parameters, parsed and checked, as keywords."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def handler(**path: Any) -> Any:
            return view(**path, **declared.arguments())

        DECLARED[handler] = declared
        blueprint.add_url_rule(rule, view_func=handler, methods=["GET"])
        return handler

    return wrap


def slug(name: str = "slug", description: str = "Slug of the resource, e.g. flask.", **more: Any) -> Param:
    """Declare a parameter that names a resource by its slug."""
    return Param(name, description, pattern=SLUG_PATTERN, example="flask", **more)
