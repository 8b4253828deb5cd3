"""From a user's words to a region or a partner: forgiving, and precise when it cannot be."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mongolia_tui.cli.errors import PROG, UsageError, quoted, suggestion
from mongolia_tui.model import REGION_SHORT, REGIONS, Catalogue, Partner
from mongolia_tui.search import best_match, normalise
from mongolia_tui.views import ALL

#: What people type for Mongolia itself: it is the subject of the list, never a partner in it.
MONGOLIA_NAMES = frozenset({"mongolia", "mng", "mn", "монгол", "монголия", "монгол улс"})


def resolve_region(name: str) -> str:
    """A region from a user's words: exact, prefix or unique partial match, accent-insensitive.

    The short names the table uses ("SE Asia") are accepted too.
    """
    wanted = normalise(name.strip())
    if wanted in ("all", ""):
        return ALL
    names = [(normalise(n), r) for r in REGIONS for n in dict.fromkeys((r, REGION_SHORT[r]))]
    candidates = [r for n, r in names if n == wanted]
    candidates = candidates or [r for n, r in names if n.startswith(wanted)]
    candidates = candidates or [r for n, r in names if wanted in n]
    candidates = list(dict.fromkeys(candidates))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        hint = suggestion(name, [n for r in REGIONS for n in (r, REGION_SHORT[r])])
        raise UsageError(
            f"unknown region {quoted(name)}{hint}; choose from: " + ", ".join(map(quoted, REGIONS))
        )
    raise UsageError(f"region {quoted(name)} is ambiguous: {', '.join(map(quoted, candidates))}")


def resolve_partner(catalogue: Catalogue, name: str) -> Partner:
    """The one partner a name refers to; unknown or ambiguous names are errors naming candidates."""
    found = best_match(catalogue.partners, name)
    if len(found) == 1:
        return found[0]
    if not found:
        if means_mongolia(name):
            raise UsageError(
                f"no partner matches {quoted(name)}: Mongolia is not in its own list "
                f"(it lists Mongolia's partners: try '{PROG} list')"
            )
        hint = suggestion(name, _names_and_aliases(catalogue.partners))
        raise UsageError(f"no partner matches {quoted(name)}{hint}")
    names = ", ".join(quoted(r.name) for r in found[:12])
    more = f" and {len(found) - 12} more" if len(found) > 12 else ""
    raise UsageError(f"{quoted(name)} is ambiguous: {names}{more}")


def means_mongolia(name: str) -> bool:
    """Whether a name that matched no partner is Mongolia's own, or a slip of the keys for it
    ("mongloia", at least 80% alike), which would otherwise suggest Moldova."""
    import difflib  # only an error needs it

    wanted = normalise(name.strip())
    if wanted in MONGOLIA_NAMES:
        return True
    return difflib.SequenceMatcher(None, wanted, "mongolia").ratio() >= 0.8


def _names_and_aliases(partners: Sequence[Partner]) -> Iterable[str]:
    """Every name a partner can be asked for by: names first (they win a tie), then aliases."""
    for partner in partners:
        yield partner.name
    for partner in partners:
        yield from partner.aliases
