"""What a tab shows: partners filtered by region and search, sorted by a column, and counted.

Pure logic, no Textual. Built for large stores: search keys are computed once, each column's
sort order is computed once (and its reverse derived), and a keystroke costs one pass over the
keys plus one pass over the sorted order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from mongolia_tui import missions as mission_facts
from mongolia_tui.filters import FILTERS, MARKED, has_note
from mongolia_tui.model import REGIONS, Mission, Partner, chronological
from mongolia_tui.search import CLOSE, close_names, normalise, phrase, query_terms, search_keys

if TYPE_CHECKING:
    from mongolia_tui.stats import YearRange

ALL = "All"
#: The shortest query that, matching nothing, is matched to close names instead.
MIN_CLOSE = 4


@dataclass(frozen=True, slots=True)
class SortColumn:
    """A column the partners can be sorted by."""

    key: str
    label: str


#: Sortable columns, in the order ``s`` cycles through them.
SORT_COLUMNS: tuple[SortColumn, ...] = (
    SortColumn("rank", "#"),
    SortColumn("name", "Country"),
    SortColumn("region", "Region"),
    SortColumn("established", "Established"),
    SortColumn("age", "Years"),
    SortColumn("notes", "Note"),
)
SORT_KEYS = tuple(c.key for c in SORT_COLUMNS)


def _date_key(r: Partner) -> tuple[int, int, int] | None:
    if r.status != "established" or r.established is None:
        return None
    return r.established.sort_key


def _rank_key(r: Partner) -> tuple[int, int, int] | None:
    when = r.rank_date
    if r.status != "established" or when is None:
        return None
    return when.sort_key


def _sort_value(column: str, names: str = "en") -> Callable[[Partner], Any]:
    """The value a column sorts on; ``None`` means unknown, which sorts last both ways.
    ``names``: the names the table shows ("en" or "mn"), which "name" sorts by."""
    if column == "rank":
        # The article's chronological list: unnumbered partners stand at their date, successor
        # states at the date the list numbers them at.
        return _rank_key
    if column == "name":
        return lambda r: normalise(r.shown_name(names))
    if column == "region":
        return lambda r: REGIONS.index(r.region)
    if column in ("established", "age"):
        return _date_key
    if column == "notes":
        return lambda r: 0 if has_note(r) else None
    raise ValueError(f"unknown sort column {column!r}; choose from {', '.join(SORT_KEYS)}")


def chronological_indices(partners: Sequence[Partner]) -> list[int]:
    """Indices in the article's chronological order: by date, then name; undated last."""
    order, _ = chronological([(r.name, r.rank_date, r.un_member, r.status) for r in partners])
    return order


def sort_indices(
    partners: Sequence[Partner],
    column: str,
    descending: bool = False,
    base: Sequence[int] | None = None,
    names: str = "en",
) -> list[int]:
    """Indices of ``partners`` sorted by a column; stable; unknown values last in both directions.

    Ties keep the chronological order ``base`` (computed if not given), so a sort never
    shuffles equal rows. "Years" (age) runs the other way from "Established". ``names``: the
    names shown ("en" or "mn"), which sorting by name follows.
    """
    value = _sort_value(column, names)
    if column == "age":
        descending = not descending
    if base is None:
        base = chronological_indices(partners)
    known = [(value(partners[i]), i) for i in base]
    unknown = [i for v, i in known if v is None]
    ordered = sorted((p for p in known if p[0] is not None), key=lambda p: p[0], reverse=descending)
    return [i for _, i in ordered] + unknown


class PartnerIndex:
    """Answers "which rows, in which order, how many per tab" for one list of partners."""

    def __init__(
        self,
        partners: Sequence[Partner],
        chronological: Sequence[int] | None = None,
        missions: Sequence[Mission] = (),
        names: str = "en",
        *,
        close: bool = False,
    ):
        """``chronological``: the store's chronological order, if the loader computed it;
        ``missions``: the store's, for the missions' filters and the cities search finds;
        ``names``: the names the table shows ("en" or "mn"), which sorting by name follows;
        ``close``: a query that matches nothing matches the close names (the browser; a
        script's ``list --search`` wants exact matches, and exit status 1 for none)."""
        self.partners = partners
        self.missions = missions
        self.names = names
        self.close = close
        self._keys: list[str] | None = None
        self._keys_lock = threading.Lock()
        self._orders: dict[tuple[str, bool], list[int]] = {}
        if chronological is not None:
            base = list(chronological)
            # "#" ascending is the chronological order itself.
            self._orders[("rank", False)] = base
        self._region_of = [r.region for r in partners]
        self._last_terms: tuple[object, ...] | None = None
        self._last_mask: bytearray | None = None
        #: Whether the last search matched nothing and shows close names instead.
        self.approximate = False
        self._names: tuple[dict[str, list[int]], dict[str, list[str]]] | None = None
        self._keeps: dict[tuple[frozenset[str], YearRange | None], bytearray] = {}
        self._last_both: tuple[tuple[object, ...], bytearray] | None = None
        self._marked_keep: tuple[tuple[object, ...], bytearray] | None = None

    def __len__(self) -> int:
        return len(self.partners)

    @property
    def keys(self) -> list[str]:
        """Search keys, all in one pass, on first use (or ahead of time by :meth:`prepare`)."""
        if self._keys is None:
            # A keystroke while :meth:`prepare` builds them in the background waits for that
            # build instead of starting a second one.
            with self._keys_lock:
                if self._keys is None:
                    cities = None
                    if self.missions:
                        codes = [r.iso3 for r in self.partners]
                        cities = mission_facts.city_keys(self.missions, codes)
                    self._keys = search_keys(self.partners, cities)
        return self._keys

    def prepare(self) -> None:
        """Compute search keys and the date and name orders now, e.g. in the background
        after the first screen, so the first search or sort does not wait for them."""
        _ = self.keys
        for column, descending in (("established", False), ("established", True),
                                   ("name", False)):  # fmt: skip
            self.sorted_rows(column, descending)
        # Last: only a search that matches nothing needs the close names.
        self._names_by_initial()

    def sorted_rows(self, column: str, descending: bool = False) -> list[int]:
        """Every partner's index, sorted by ``column`` (computed once, then cached)."""
        if column == "age":
            # Oldest relations have the most years: the Established order, the other way.
            return self.sorted_rows("established", not descending)
        cached = self._orders.get((column, descending))
        if cached is None:
            base = self._orders.get(("rank", False))
            cached = sort_indices(self.partners, column, descending, base, self.names)
            self._orders[(column, descending)] = cached
        return cached

    def mask(self, query: str) -> bytearray | None:
        """1 for each matching partner; None when the query is blank (everything matches).

        A query of several words that occurs as a phrase somewhere matches only there
        ("czech republic" is the Czech Republic, not also Slovakia for "Czechoslovakia" and
        "Slovak Republic"); a query that matches nothing matches the partners whose name is
        close to it ("rusia": Russia), and :attr:`approximate` says so."""
        terms = query_terms(query)
        if not terms:
            return None
        whole = phrase(query)
        if (terms, whole) != self._last_terms:
            mask = self._words_mask(terms)
            if whole is not None and any(mask):
                keys = self.keys
                in_phrase = bytearray(bool(hit) and whole in keys[i] for i, hit in enumerate(mask))
                if any(in_phrase):
                    mask = in_phrase
            self.approximate = self.close and not any(mask) and len(whole or terms[0]) >= MIN_CLOSE
            if self.approximate:
                mask = self._close_mask(whole or terms[0])
                self.approximate = any(mask)
            self._last_mask = mask
            self._last_terms = (terms, whole)
        return self._last_mask

    def _words_mask(self, terms: tuple[str, ...]) -> bytearray:
        keys = self.keys
        if len(terms) == 1:
            term = terms[0]
            return bytearray(term in k for k in keys)
        # Each further word is looked for only in the keys that matched the ones before.
        first, *others = sorted(terms, key=len, reverse=True)  # longest: fewest hits
        hits = [i for i, k in enumerate(keys) if first in k]
        for term in others:
            hits = [i for i in hits if term in keys[i]]
        mask = bytearray(len(keys))
        for i in hits:
            mask[i] = 1
        return mask

    def _close_mask(self, wanted: str) -> bytearray:
        """The partners whose name or an alias is close to ``wanted``.

        Only names with the same first letter and about the same length are compared: a
        misspelling keeps those, and at 50,000 partners comparing every name cost 0.2 s a
        keystroke."""
        names, by_initial = self._names_by_initial()
        wanted = normalise(wanted.strip())
        slack = max(2, len(wanted) // 4)
        pool = [n for n in by_initial.get(wanted[:1], ()) if abs(len(n) - len(wanted)) <= slack]
        mask = bytearray(len(self.partners))
        for name in close_names(wanted, pool, cutoff=CLOSE):
            for i in names[name]:
                mask[i] = 1
        return mask

    def _names_by_initial(self) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
        """Every normalised name, alias and Mongolian name (with its partners), and the names by
        initial."""
        if self._names is None:
            names: dict[str, list[int]] = {}
            for i, partner in enumerate(self.partners):
                for name in (partner.name, *partner.aliases, partner.name_mn or ""):
                    if name:
                        names.setdefault(normalise(name), []).append(i)
            by_initial: dict[str, list[str]] = {}
            for name in names:
                by_initial.setdefault(name[:1], []).append(name)
            self._names = (names, by_initial)
        return self._names

    def keep(
        self,
        filters: frozenset[str] = frozenset(),
        years: YearRange | None = None,
        marked: frozenset[int] = frozenset(),
    ) -> bytearray | None:
        """1 for each partner the filters (and a year range) keep; None when none is on.
        ``marked``: the marked partners, for the "marked" filter."""
        if not filters and years is None:
            return None
        key = (filters, years)
        if key not in self._keeps:
            tests = [f.bound(self.missions) for f in FILTERS
                     if f.key in filters and f.key != MARKED]  # fmt: skip
            if years is not None:
                tests.append(years.contains)
            self._keeps[key] = bytearray(all(t(r) for t in tests) for r in self.partners)
        kept = self._keeps[key]
        if MARKED not in filters:
            return kept
        # Marks change with a key press: one cached mask (the last set of marks), not one per set.
        if self._marked_keep is None or self._marked_keep[0] != (key, marked):
            mask = bytearray(len(self.partners))
            for i in marked:
                if 0 <= i < len(mask) and kept[i]:
                    mask[i] = 1
            self._marked_keep = ((key, marked), mask)
        return self._marked_keep[1]

    def _combined(
        self,
        query: str,
        filters: frozenset[str],
        years: YearRange | None,
        marked: frozenset[int] = frozenset(),
    ) -> bytearray | None:
        """The search mask and the filters' mask, combined."""
        mask = self.mask(query)
        keep = self.keep(filters, years, marked)
        if keep is None or mask is None:
            return mask if keep is None else keep
        key = (self._last_terms, filters, years, marked if MARKED in filters else None)
        if self._last_both is None or self._last_both[0] != key:
            # AND of two byte masks, done on big integers (one C-level pass).
            both = int.from_bytes(mask, "little") & int.from_bytes(keep, "little")
            self._last_both = (key, bytearray(both.to_bytes(len(mask), "little")))
        return self._last_both[1]

    def rows(
        self,
        tab: str = ALL,
        query: str = "",
        column: str = "rank",
        descending: bool = False,
        filters: frozenset[str] = frozenset(),
        years: YearRange | None = None,
        marked: frozenset[int] = frozenset(),
    ) -> list[int]:
        """The indices a tab shows, in display order."""
        ordered = self.sorted_rows(column, descending)
        mask = self._combined(query, filters, years, marked)
        regions = self._region_of
        if tab == ALL:
            if mask is None:
                return ordered
            return [i for i in ordered if mask[i]]
        if mask is None:
            return [i for i in ordered if regions[i] == tab]
        return [i for i in ordered if mask[i] and regions[i] == tab]

    def counts(
        self,
        query: str = "",
        filters: frozenset[str] = frozenset(),
        years: YearRange | None = None,
        marked: frozenset[int] = frozenset(),
    ) -> dict[str, int]:
        """How many partners each tab shows (``All`` first, then the regions)."""
        mask = self._combined(query, filters, years, marked)
        counts = dict.fromkeys(REGIONS, 0)
        regions = self._region_of
        if mask is None:
            for region in regions:
                counts[region] += 1
        else:
            for i in _ones(mask):
                counts[regions[i]] += 1
        return {ALL: sum(counts.values()), **counts}


def _ones(mask: bytearray) -> list[int]:
    """Indices of the set bytes of a mask."""
    out: list[int] = []
    find = mask.find
    i = find(1)
    while i != -1:
        out.append(i)
        i = find(1, i + 1)
    return out


def today() -> date:
    """Today's date; one place to change for reproducible screenshots and tests."""
    return date.today()
