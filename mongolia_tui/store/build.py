"""From valid records to the catalogue: dates looked up, histories read, partners ranked.
Both passes end here, so they build the same model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mongolia_tui.model import Article, Catalogue, Mission, Organisation, chronological, rank_date
from mongolia_tui.store import schema
from mongolia_tui.store.files import ReadOnlyJSONStorage
from mongolia_tui.store.rules import Context


def build(
    storage: ReadOnlyJSONStorage,
    records: Sequence[Any],
    context: Context,
    organisations: Sequence[Organisation],
    article: Article,
    missions: Sequence[Mission],
) -> Catalogue:
    """The catalogue of valid relation records (:data:`~mongolia_tui.store.schema.RelationRecord`,
    their dates parsed into ``context``)."""
    dates = context.dates
    whens = [None if (text := r.established) is None else dates[text] for r in records]
    histories = [schema.events(r, context) if r.history else () for r in records]
    order, ranks = chronological(
        [
            (r.name, rank_date(when, history) if history else when, r.un_member, r.status)
            for r, when, history in zip(records, whens, histories)
        ]
    )
    make = schema.partner
    partners = tuple(
        [
            make(r, when, history, rank, context)
            for r, when, history, rank in zip(records, whens, histories, ranks)
        ]
    )
    return Catalogue(
        storage.path,
        partners,
        tuple(organisations),
        article,
        tuple(order),
        identity=storage.identity,
        missions=tuple(missions),
    )
