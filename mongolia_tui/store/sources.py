"""Sources: a URL text, or an object naming the canonical page (``url``) and the copy actually
read (``read_via``). Their rule, and validated sources as the model has them (URL texts as they
are, objects as :class:`~mongolia_tui.model.Source`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, NotRequired, Required

import msgspec

from mongolia_tui.model import Source
from mongolia_tui.store.errors import kind
from mongolia_tui.store.rules import (
    MUST_BE_URL,
    URL,
    Context,
    Rule,
    Text,
    filled,
    list_of,
    make_typed_dict,
)

#: The fields of a source object, each with its rule.
SOURCE_FIELDS: dict[str, Text] = {
    "url": Text(pattern=URL, wrong=MUST_BE_URL),
    "title": Text(filled=True),
    "language": Text(filled=True),
    "read_via": Text(pattern=URL, wrong=MUST_BE_URL),
}


def source_problems(item: Any, context: Context) -> Iterator[str]:
    """What is wrong with one source (a text, or an object with a ``url``), unprefixed."""
    if type(item) is str:
        if not filled(item):
            yield "holds an empty text"
        return
    if not isinstance(item, dict):
        yield f"must hold only text or source objects, not {kind(item)}"
        return
    if "url" not in item:
        yield "a source object must have a 'url'"
    for key, value in item.items():
        rule = SOURCE_FIELDS.get(key)
        if rule is None:
            fields = ", ".join(SOURCE_FIELDS)
            yield f"a source object has an unknown field {key!r}"[:160] + f" (it may have {fields})"
            continue
        for problem in rule.problems(key, value, context):
            yield "a source object's " + problem.removeprefix("field ")


SourceObject = make_typed_dict(
    "SourceObject",
    {
        key: Required[rule.annotation()] if key == "url" else NotRequired[rule.annotation()]
        for key, rule in SOURCE_FIELDS.items()
    },
)


class Sources(Rule):
    """A list of sources (URL texts or source objects); ``filled``: at least one."""

    __slots__ = ("filled",)

    def __init__(self, filled: bool = True) -> None:
        self.filled = filled

    def problems(self, key: str, value: Any, context: Context) -> Iterator[str]:
        if type(value) is not list:
            yield f"field {key!r} must be a list of text or source objects, not {kind(value)}"
            return
        if self.filled and not value:
            yield f"field {key!r} is empty"
        for n, item in enumerate(value, start=1):
            for problem in source_problems(item, context):
                if problem == "holds an empty text" or problem.startswith("must hold"):
                    yield f"field {key!r} {problem}"  # as for any list of text
                else:
                    yield f"field {key!r} item {n}: {problem}"
                break

    python = True

    def annotation(self) -> Any:
        item = str | SourceObject
        if self.filled:
            return Annotated[list_of(item), msgspec.Meta(min_length=1)]
        return list_of(item)

    def accepts(self, values: list[Any], context: Context) -> bool:
        texts = [item for items in values for item in items if type(item) is str]
        if not all(map(str.strip, texts)):
            return False
        objects = [item for items in values for item in items if type(item) is not str]
        return not any(next(source_problems(item, context), None) for item in objects)


def source_of(item: Any) -> Source:
    """One validated source: a text, or an object with a ``url`` (and title, language,
    read_via)."""
    if type(item) is str:
        return Source(item)
    return Source(
        item["url"], item.get("title", ""), item.get("language", ""), item.get("read_via", "")
    )


def sources_of(items: Sequence[Any]) -> tuple[str, ...]:
    """Validated sources: a bare URL stays a ``str``, an object becomes a :class:`Source`.
    Most records cite only URLs: their tuple is made in one call."""
    if dict not in set(map(type, items)):
        return tuple(items)
    return tuple(item if type(item) is str else source_of(item) for item in items)
