"""The kinds of field a store record has, each rule written once.

A rule says what a field's value must be in two forms derived from one statement: ``problems``
names what is wrong with any JSON value (the exact pass), and ``annotation`` is the msgspec type
that checks the same thing in C while the fast pass decodes (a pattern, a set of choices, a
minimum length: the same constant in both). What msgspec cannot check (dates, history, text
that must not be blank) a rule marks ``python``: the fast pass then asks it, with
:meth:`Rule.accepts`, about every decoded value of its field at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal, TypedDict

import msgspec

from mongolia_tui.dates import PartialDate, parse_partial_date
from mongolia_tui.store.errors import kind

#: An absent optional field of a decoded record (false, like every default).
UNSET = msgspec.UNSET

#: Three capital ASCII letters (``\Z``, not ``$``: "ABC\n" is not a code).
ISO3 = r"\A[A-Z]{3}\Z"
#: An absolute http(s) URL with a host, and no spaces.
URL = r"\Ahttps?://[^\s/?#]+[^\s]*\Z"
MUST_BE_URL = "field {key!r} must be an http(s) URL, not {value!r}"


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


def filled(text: str) -> bool:
    """A text with something in it besides white space. (Checked in Python, not by a msgspec
    pattern: ``str.strip`` over a column is several times quicker than a pattern per value.)"""
    return bool(text.strip())


def latest_date() -> date:
    """The last date a store may hold: the last day of next year.

    A store records when relations were established. A date announced for the months ahead
    is still information (the app shows its age as "in the future"), but nothing is planned
    years ahead: ``9999-12-31`` or ``2206`` is a typing slip, and would sort a partner after
    every real one. The bound is the end of next year, not a day: a store that is valid today
    stays valid tomorrow, and a date a few days ahead in another timezone is never refused.
    """
    return date(date.today().year + 1, 12, 31)


class Context:
    """What checking one store shares: parsed dates (each text parsed once), the latest date."""

    __slots__ = ("dates", "latest")

    def __init__(
        self, latest: date | None = None, dates: dict[str, PartialDate] | None = None
    ) -> None:
        self.latest = latest_date() if latest is None else latest
        self.dates: dict[str, PartialDate] = {} if dates is None else dates

    def date(self, text: Any) -> PartialDate:
        """A valid partial date, or ValueError saying what is wrong."""
        when = self.dates.get(text) if type(text) is str else None
        if when is None:
            when = parse_partial_date(text)
            if when.earliest > self.latest:
                raise ValueError(f"date {text!r} is in the future")
            self.dates[text] = when
        return when


class Rule:
    """What one field's value must be."""

    __slots__ = ()

    #: The fast pass runs :meth:`problems` on the decoded value too (msgspec cannot check it all).
    python = False

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        raise NotImplementedError

    def annotation(self) -> Any:
        raise NotImplementedError

    def accepts(self, values: list[Any], context: Context) -> bool:
        """Whether every one of these decoded values is valid (for a ``python`` rule, what the
        fast pass asks; a rule may answer for a whole column at once)."""
        return all(next(self.problems("", value, context), None) is None for value in values)


def list_of(item: Any) -> Any:
    """A JSON list of ``item`` (decoded as a tuple: the model keeps tuples), for an item type
    only known when the program runs."""
    return tuple.__class_getitem__((item, ...))


def _text_type(pattern: str | None) -> Any:
    return Annotated[str, msgspec.Meta(pattern=pattern)] if pattern else str


class Text(Rule):
    """A text; ``filled``: with something in it; ``pattern``: matching that pattern, ``wrong``
    the message when it does not (``{key}`` and ``{value}`` filled in)."""

    __slots__ = ("filled", "pattern", "python", "wrong")

    def __init__(
        self, *, filled: bool = False, pattern: str | None = None, wrong: str = ""
    ) -> None:
        self.filled = filled
        self.pattern = pattern
        self.wrong = wrong
        self.python = filled  # the pattern msgspec checks; "filled" the fast pass asks

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if type(value) is not str:
            yield f"field {key!r} must be text, not {kind(value)}"
        elif self.filled and not filled(value):
            yield f"field {key!r} is empty"
        elif self.pattern and not matches(self.pattern, value):
            yield self.wrong.format(key=key, value=value)[:200]

    def annotation(self) -> Any:
        return _text_type(self.pattern)

    def accepts(self, values: list[Any], context: Context) -> bool:
        return not self.filled or all(map(str.strip, values))


class Texts(Rule):
    """A list of text; ``filled``: at least one item, and no blank one."""

    __slots__ = ("filled", "python")

    def __init__(self, filled: bool = False) -> None:
        self.filled = filled
        self.python = filled

    def accepts(self, values: list[Any], context: Context) -> bool:
        return not self.filled or all(items and all(map(filled, items)) for items in values)

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if type(value) is not list:
            yield f"field {key!r} must be a list of text, not {kind(value)}"
        elif any(type(item) is not str for item in value):
            yield f"field {key!r} must hold only text"
        elif self.filled and not value:
            yield f"field {key!r} is empty"
        elif self.filled and not all(map(filled, value)):
            yield f"field {key!r} holds an empty text"

    def annotation(self) -> Any:
        if not self.filled:
            return list_of(str)
        return Annotated[list_of(str), msgspec.Meta(min_length=1)]


class Code(Rule):
    """An ISO 3166 alpha-3 code (three capital letters); ``nullable``: or null."""

    __slots__ = ("nullable",)

    def __init__(self, nullable: bool = False) -> None:
        self.nullable = nullable

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if value is None and self.nullable:
            return
        if not (type(value) is str and matches(ISO3, value)):
            null = " or null" if self.nullable else ""
            yield f"field {key!r} must be three capital letters{null}, not {value!r}"[:200]

    def annotation(self) -> Any:
        code = _text_type(ISO3)
        return code | None if self.nullable else code


class Codes(Rule):
    """A list of ISO 3166 alpha-3 codes."""

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if type(value) is not list:
            yield f"field {key!r} must be a list of ISO codes, not {kind(value)}"
            return
        for item in value:
            if not (type(item) is str and matches(ISO3, item)):
                yield f"field {key!r} holds {item!r}, not three capital letters"[:200]
                return

    def annotation(self) -> Any:
        return list_of(_text_type(ISO3))


class Choice(Rule):
    """One of ``choices``. ``unknown`` words the message for a text that is not one of them
    ("unknown region {value!r}"); without it every wrong value gets "must be 'a' or 'b'"."""

    __slots__ = ("choices", "unknown")

    def __init__(self, choices: tuple[str, ...], unknown: str | None = None) -> None:
        self.choices = choices
        self.unknown = unknown

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if type(value) is str and value in self.choices:
            return
        if self.unknown is None:
            listed = [repr(choice) for choice in self.choices]
            either = " or ".join(listed) if len(listed) <= 2 else "one of " + ", ".join(listed)
            yield f"field {key!r} must be {either}, not {value!r}"[:200]
        elif type(value) is not str:
            yield f"field {key!r} must be text, not {kind(value)}"
        else:
            yield self.unknown.format(key=key, value=value)[:200]

    def annotation(self) -> Any:
        return Literal[self.choices]


class Flag(Rule):
    """true or false."""

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if type(value) is not bool:
            yield f"field {key!r} must be true or false, not {kind(value)}"

    def annotation(self) -> Any:
        return bool


class When(Rule):
    """A partial date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), not after :func:`latest_date`;
    ``nullable``: or null (unknown). The fast pass checks all of a store's dates in one go
    (:func:`mongolia_tui.store.fast.parse_dates`), with the same result."""

    __slots__ = ("nullable",)

    def __init__(self, nullable: bool = True) -> None:
        self.nullable = nullable

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if value is None and self.nullable:
            return
        try:
            context.date(value)
        except ValueError as error:
            yield f"bad {key!r}: {error}"[:200]

    def annotation(self) -> Any:
        return str | None if self.nullable else str


class TextMap(Rule):
    """An object mapping names to text."""

    __slots__ = ("described",)

    def __init__(self, described: str = "names") -> None:
        self.described = described

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if not isinstance(value, dict) or any(type(v) is not str for v in value.values()):
            yield f"field {key!r} must map {self.described} to text"

    def annotation(self) -> Any:
        return dict[str, str]


class Anything(Rule):
    """A field the store may hold that nothing reads (kept for the data's own bookkeeping)."""

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        return iter(())

    def annotation(self) -> Any:
        return Any


#: TypedDict built from a field table (a type checker only follows literal ones).
make_typed_dict: Any = TypedDict


class Field:
    """A field of a record: its key, its rule, and whether a record must have it."""

    __slots__ = ("key", "required", "rule")

    def __init__(self, key: str, rule: Rule, required: bool = True) -> None:
        self.key = key
        self.rule = rule
        self.required = required


def field_problems(
    fields: tuple[Field, ...], doc: dict[str, Any], context: Context
) -> Iterator[str]:
    """Every problem with a record's fields, in the declaration's order."""
    for spec in fields:
        if spec.key not in doc:
            if spec.required:
                yield f"missing field {spec.key!r}"
            continue
        yield from spec.rule.problems(spec.key, doc[spec.key], context)


def record_type(name: str, fields: tuple[Field, ...]) -> Any:
    """The record as a named object: a msgspec Struct whose fields carry the rules'
    annotations. The fast pass decodes records straight into it; the exact pass converts the
    records it has checked. An absent optional field is ``UNSET`` (false, and left out when
    the record is encoded again: see :func:`~mongolia_tui.store.fast.same_keys`)."""
    return msgspec.defstruct(
        name,
        [
            (spec.key, spec.rule.annotation())
            if spec.required
            else (spec.key, spec.rule.annotation() | msgspec.UnsetType, msgspec.UNSET)
            for spec in fields
        ],
        gc=False,  # records hold only JSON values: no cycles for the collector to find
    )
