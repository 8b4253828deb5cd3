"""Search: case- and accent-insensitive matching over names, aliases, ISO codes, years and notes.

A query is split into words; a partner matches when every word occurs somewhere in its search
key. "cote" finds Côte d'Ivoire, "dprk" finds North Korea (an alias), "1992" finds every
partner established that year.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from operator import attrgetter

from mongolia_tui.model import HistoryEvent, Partner
from mongolia_tui.sanitize import without_invisible

# Letters NFKD does not decompose into a base letter plus marks.
_FOLD = {
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
}  # fmt: skip
# A pattern, not str.translate: translate looks every character up (0.2 s for the 5 MB of
# text of 50,000 partners), the pattern only finds the few there are.
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD)) + "]")

#: Separates fields in a search key, so a query cannot match across two fields.
FIELD_SEPARATOR = "\x1f"
#: Separates partners' texts when all keys are normalised in one pass.
RECORD_SEPARATOR = "\x1e"


# The combining-mark blocks that NFKD leaves behind accents in (Latin, Cyrillic and others).
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def _fold(text: str) -> str:
    # Invisible format characters (a zero-width space inside "Chad") are not there to a reader.
    # They are not printable: a text that is (separators aside) has none, and the check is far
    # quicker than the search.
    if not text.replace(FIELD_SEPARATOR, " ").replace(RECORD_SEPARATOR, " ").isprintable():
        text = without_invisible(text)
    text = _FOLD_RE.sub(lambda m: _FOLD[m[0]], text)
    # casefold folds every script's case: "Герман" and "ГЕРМАН" are one word.
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


def normalise(text: str) -> str:
    """Fold case (of any script), accents and typographic variants:
    "Côte d’Ivoire" -> "cote d'ivoire", "ГЕРМАН" -> "герман"."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return _fold(text)


#: The longest query the search box takes. A partner matches when every word of the query is
#: in its key, and every keystroke checks every key: a pasted page of words (5 KB) made each
#: keystroke take seconds on a large store.
MAX_QUERY_LENGTH = 200


def query_terms(query: str) -> tuple[str, ...]:
    """The normalised words of a query, each once; empty when the query is blank.

    A word contained in another word of the query is dropped: it matches wherever the longer
    one does ("mon mongolia" searches for "mongolia").
    """
    words = dict.fromkeys(normalise(query).split())  # each once, in order
    if len(words) < 2:
        return tuple(words)
    longest_first = sorted(words, key=len, reverse=True)
    kept: list[str] = []
    for word in longest_first:
        if not any(word in longer for longer in kept):
            kept.append(word)
    return tuple(word for word in words if word in kept)


def _history_text(history: tuple[HistoryEvent, ...]) -> str:
    # "czechoslovakia" or "yugoslavia" find the successor states.
    fields: list[str] = []
    for event in history:
        if event.name:
            fields.append(event.name)
        fields.append(event.note)
    return FIELD_SEPARATOR.join(fields)


def search_keys(partners: Sequence[Partner], cities: Sequence[str] | None = None) -> list[str]:
    """Everything each partner can be found by, normalised, fields separated; ``cities``: for
    each partner, the cities of the missions that serve it (see
    :func:`mongolia_tui.missions.city_keys`).

    Built in one pass, column by column: each field is gathered for all partners at once, the
    texts joined and normalised as one text (normalising is per character, so the result is
    the same as one by one), then split. An absent field is an empty one.
    """
    sep = FIELD_SEPARATOR
    columns = (
        map(attrgetter("name"), partners),
        map(sep.join, map(attrgetter("aliases"), partners)),
        map(attrgetter("name_mn"), partners),
        (code or "" for code in map(attrgetter("iso3"), partners)),
        (when.iso() if when else "" for when in map(attrgetter("established"), partners)),
        map(attrgetter("notes"), partners),
        (_history_text(h) if h else "" for h in map(attrgetter("history"), partners)),
        cities if cities is not None else ("" for _ in partners),
    )
    texts = list(map(sep.join, zip(*columns)))
    keys = normalise(RECORD_SEPARATOR.join(texts)).split(RECORD_SEPARATOR)
    if len(keys) != len(texts):  # a partner's own text held the separator
        keys = list(map(normalise, texts))
    return keys


def search_key(partner: Partner) -> str:
    """One partner's search key (see :func:`search_keys`)."""
    return search_keys([partner])[0]


def phrase(query: str) -> str | None:
    """A query of several words as one phrase ("czech republic"), or None for one word."""
    words = normalise(query).split()
    return " ".join(words) if len(words) > 1 else None


#: How alike a misspelling and a name must be to be offered (difflib's ratio): the CLI's
#: one "did you mean" can be a loose guess; the rows search shows instead must be close.
GUESS, CLOSE = 0.6, 0.75


def close_names(wanted: str, names: Iterable[str], n: int = 3, cutoff: float = GUESS) -> list[str]:
    """The names closest to a misspelt ``wanted`` ("rusia" -> Russia), best first, compared
    without case and accents; empty when none is close. Used by the CLI's "did you mean" and
    by search when nothing matches."""
    import difflib  # only a miss needs it

    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(normalise(name), name)
    found = difflib.get_close_matches(normalise(wanted.strip()), by_key, n=n, cutoff=cutoff)
    return [by_key[key] for key in found]


def matches(key: str, terms: Iterable[str]) -> bool:
    """Whether every term occurs in the key."""
    return all(term in key for term in terms)


def match_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text``, as (start, end) offsets into the original text.

    Folding can change a text's length ("æ" -> "ae"), so offsets are mapped back character by
    character. Overlapping spans are merged; the result is sorted.
    """
    terms = [t for t in terms if t]
    if not terms or not text:
        return []
    if text.isascii():
        folded = normalise(text)
        origin: Sequence[int] = range(len(text))
    else:
        pieces: list[str] = []
        origin_list: list[int] = []
        for i, char in enumerate(text):
            folded_char = _fold(char)
            pieces.append(folded_char)
            origin_list.extend([i] * len(folded_char))
        folded = "".join(pieces)
        origin = origin_list
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def best_match(partners: Iterable[Partner], query: str) -> list[Partner]:
    """Partners a name refers to, for ``show NAME`` and ``--country NAME``.

    An exact name, alias or ISO code (ignoring case and accents) wins outright; otherwise every
    partner whose name or aliases contain all the words is a candidate.
    """
    wanted = normalise(query.strip())
    terms = query_terms(query)
    if not terms:
        return []
    exact: list[Partner] = []
    partial: list[Partner] = []
    for partner in partners:
        names = [normalise(n) for n in (partner.name, *partner.aliases)]
        if partner.iso3:
            names.append(partner.iso3.lower())
        if wanted in names:
            exact.append(partner)
        elif matches(FIELD_SEPARATOR.join(names), terms):
            partial.append(partner)
    return exact or partial
