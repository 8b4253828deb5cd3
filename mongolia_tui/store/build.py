"""From valid records to the catalogue: dates looked up, histories read, partners ranked.
Both passes end here, so they build the same model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mongolia_tui.model import Article, Catalogue, Mission, Organisation, chronological, rank_date
from mongolia_tui.store import schema
from mongolia_tui.store.files import ReadOnlyJSONStorage
from mongolia_tui.store.rules import Context


def build(
    storage: ReadOnlyJSONStorage,
    docs: Sequence[Mapping[str, Any]],
    context: Context,
    organisations: Sequence[Organisation],
    article: Article,
    missions: Sequence[Mission],
) -> Catalogue:
    """The catalogue of valid relation records (their dates parsed into ``context``)."""
    dates = context.dates
    whens = [None if (text := doc["established"]) is None else dates[text] for doc in docs]
    histories = [schema.events(doc, context) if "history" in doc else () for doc in docs]
    order, ranks = chronological(
        [
            (doc["name"], rank_date(when, history), doc["un_member"], doc["status"])
            for doc, when, history in zip(docs, whens, histories)
        ]
    )
    make = schema.relation
    relations = tuple(
        [
            make(doc, when, history, rank, context)
            for doc, when, history, rank in zip(docs, whens, histories, ranks)
        ]
    )
    return Catalogue(
        storage.path,
        relations,
        tuple(organisations),
        article,
        tuple(order),
        identity=storage.identity,
        missions=tuple(missions),
    )
