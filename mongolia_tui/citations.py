"""Which source addresses may stand as a record's primary citation.

A source's ``url`` must be the page that says the fact at its canonical address (the Wikipedia
article in its own language, a ministry, an embassy, a news article). A mirror, a scraper or a
machine translation of a Wikipedia article may only be named as ``read_via``: the copy that was
actually read. A proxy (a page that fetches another address on request) is never a source at all.
``check-data`` uses :func:`source_problems` to warn on every source that breaks these rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mongolia_tui.model import Catalogue

#: Hosts that reproduce Wikipedia articles (copies, scrapers, machine translations, offline
#: readers). Each was seen reproducing an article among this project's sources. A subdomain of a
#: listed host counts as the host itself (``de.abcdef.wiki`` is ``abcdef.wiki``).
MIRROR_HOSTS: frozenset[str] = frozenset(
    {
        "abcdef.wiki",
        "alchetron.com",
        "encycloreader.org",
        "fr-academic.com",
        "gpedia.com",
        "hessslslslsls.azureedge.net",
        "hmong.in.th",
        "iiab.me",
        "ipfs.io",
        "jablog.org",
        "jmedia.wiki",
        "kfd.me",
        "knowledgr.com",
        "liquisearch.com",
        "niidae.com",
        "perceptioes.com",
        "pinocchiopedia.com",
        "piglix.com",
        "plwiki.pl",
        "qaz.wiki",
        "search.com.vn",
        "self.gutenberg.org",
        "theinfolist.com",
        "wikial.top",
        "wikihq.org",
        "wikimili.com",
        "wikisort.ru",
        "wikisum.wiki",
        "wikiwand.com",
    }
)

#: Mirrors known by a path rather than a host: a copy of Wikipedia in a repository or a personal
#: directory of a site that is otherwise a primary source.
MIRROR_PREFIXES: tuple[str, ...] = (
    "github.com/chinapedia/",
    "www.princeton.edu/~achaney/tmve/",
)

#: Hosts that fetch another address on request (SEO and reading proxies): never a source.
PROXY_HOSTS: frozenset[str] = frozenset(
    {
        "onehourindexing01.prideseotools.com",
        "p.rst.im",
    }
)


def _host(url: str) -> str:
    """The lower-case host of ``url`` without a trailing dot ("" when there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".")


def _scheme(url: str) -> str:
    """The lower-case scheme of ``url`` ("" when it has none or cannot be parsed)."""
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:
        return ""


def _matches(host: str, hosts: frozenset[str]) -> bool:
    """True if ``host`` is one of ``hosts`` or a subdomain of one."""
    return any(host == known or host.endswith("." + known) for known in hosts)


def is_proxy(url: str) -> bool:
    """True if ``url`` is served by a known proxy."""
    return _matches(_host(url), PROXY_HOSTS)


def is_mirror(url: str) -> bool:
    """True if ``url`` is a known copy of a Wikipedia article (a mirror or scraper)."""
    host = _host(url)
    if _matches(host, MIRROR_HOSTS):
        return True
    try:
        rest = urlsplit(url).path
    except ValueError:
        return False
    address = host + rest
    return any(address.startswith(prefix) for prefix in MIRROR_PREFIXES)


def source_problems(url: str, read_via: str | None = None) -> list[str]:
    """What is wrong with a source whose page is ``url``, read through ``read_via``.

    Returns one short sentence per problem, empty when the source follows the citation rules:
    ``url`` is an http(s) address that is neither a proxy nor a mirror, and ``read_via``, when
    given, is an http(s) address that is not a proxy.
    """
    problems: list[str] = []
    if _scheme(url) not in ("http", "https") or not _host(url):
        problems.append(f"source {url!r} is not an http(s) address")
    elif is_proxy(url):
        problems.append(f"source {url!r} is a proxy: cite the page it fetches")
    elif is_mirror(url):
        problems.append(
            f"source {url!r} is a mirror: cite the original page and give the mirror as read_via"
        )
    if read_via is not None:
        if _scheme(read_via) not in ("http", "https") or not _host(read_via):
            problems.append(f"read_via {read_via!r} is not an http(s) address")
        elif is_proxy(read_via):
            problems.append(f"read_via {read_via!r} is a proxy: name the page it fetched")
    return problems


def single_site(sources: Iterable[str]) -> str | None:
    """The site every one of ``sources`` is on, when they all are on one ("zh.wikipedia.org"):
    a fact that rests on one source however many of its pages are cited. None when the sources
    are on two sites or more, or there are none."""
    hosts = {_host(str(source)) for source in sources}
    if len(hosts) != 1:
        return None
    host = hosts.pop()
    return host or None


class SourceWarning(NamedTuple):
    """A source that breaks the citation rules: which table and record cite it, and how."""

    table: str
    record: str
    message: str


def _checked(sources: Iterable[str]) -> Iterator[str]:
    """The problems of each web source (a bare URL or a :class:`~mongolia_tui.model.Source`).
    A citation in words (an organisation's "Seed article: …") has no host to judge."""
    for source in sources:
        if _scheme(str(source)) not in ("http", "https"):
            continue
        read_via = getattr(source, "read_via", "") or None
        yield from source_problems(str(source), read_via)


def catalogue_warnings(catalogue: Catalogue) -> list[SourceWarning]:
    """Every web source of a store that is a proxy, or a mirror cited as the page itself (or
    read through a proxy), named by table and record (a partner's history events included);
    ``check-data`` prints them as warnings."""
    found: list[SourceWarning] = []
    for partner in catalogue.partners:
        sources = [*partner.sources, *(s for e in partner.history for s in e.sources)]
        found.extend(SourceWarning("relations", partner.name, m) for m in _checked(sources))
    for organisation in catalogue.organisations:
        found.extend(SourceWarning("organisations", organisation.abbreviation, m)
                     for m in _checked(organisation.sources))  # fmt: skip
    for mission in catalogue.missions:
        where = f"{mission.sender} in {mission.city}"
        found.extend(SourceWarning("missions", where, m) for m in _checked(mission.sources))
    return found
