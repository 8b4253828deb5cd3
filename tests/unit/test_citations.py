"""The citation rules: mirrors only as read_via, proxies never, canonical pages as sources."""

import pytest

from mongolia_tui.citations import is_mirror, is_proxy, source_problems

# Addresses taken from the store's sources before the citations were made canonical.
CHINESE_LIST_COPY = (
    "https://github.com/chinapedia/wikipedia.zh.mediawiki/blob/"
    "dea97b88b1046c906f4bca0cb946ae62ab76057c/%E8%92%99/"
    "%E8%92%99%E5%8F%A4%E5%9B%BD%E5%BB%BA%E4%BA%A4%E5%88%97%E8%A1%A8.md"
)
SEO_PROXY = (
    "https://onehourindexing01.prideseotools.com/index.php?q=https://ru.wikipedia.org/wiki/"
    "%D0%9C%D0%BE%D0%BD%D0%B3%D0%BE%D0%BB%D1%8C%D1%81%D0%BA%D0%BE"
)
READING_PROXY = "https://p.rst.im/q/www.malaysiakini.com/news/432520"

MIRRORS = [
    CHINESE_LIST_COPY,
    "https://wiki.niidae.com/index.php?action=edit&title=Foreign_relations_of_Mongolia",
    "http://www.liquisearch.com/foreign_relations_of_mongolia/americas",
    "https://liquisearch.com/foreign_relations_of_mongolia/europe",
    "https://wikim.kfd.me/wiki/%E8%92%99%E5%8F%A4%E5%9B%BD%E5%BB%BA%E4%BA%A4%E5%88%97%E8%A1%A8",
    "https://jmedia.wiki/Foreign%20relations/Foreign_relations_of_Mongolia",
    "https://de.abcdef.wiki/wiki/Foreign_relations_of_Mongolia",
    "https://ipfs.io/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/Foreign_relations_of_Mongolia.html",
    "https://hmong.in.th/wiki/Greek-Mongolian_relations",
    "https://www.princeton.edu/~achaney/tmve/wiki100k/docs/Foreign_relations_of_Mongolia.html",
    "HTTPS://WIKIMILI.COM/en/Foreign_relations_of_Georgia",
]
CANONICAL = [
    "https://en.wikipedia.org/wiki/Foreign_relations_of_Mongolia",
    "https://zh.wikipedia.org/wiki/%E8%92%99%E5%8F%A4%E5%9B%BD%E5%BB%BA%E4%BA%A4%E5%88%97%E8%A1%A8",
    "https://www.mzv.cz/ulaanbaatar/en/culture_and_education/cultural_events/x2020/setkani_s_byvalymi_velvyslanci_mongolska.html",
    "https://montsame.mn/en/read/298712",
    "https://github.com/factbook/factbook.json/blob/main/east-n-southeast-asia/mg.json",
    "https://www.princeton.edu/news/",
    "https://www.malaysiakini.com/news/432520",
]


@pytest.mark.parametrize("url", MIRRORS)
def test_a_mirror_is_refused_as_the_source_and_accepted_as_read_via(url):
    assert is_mirror(url)
    problems = source_problems(url)
    assert len(problems) == 1 and "mirror" in problems[0] and "read_via" in problems[0]
    assert source_problems("https://en.wikipedia.org/wiki/Foreign_relations_of_Mongolia", url) == []


@pytest.mark.parametrize("url", CANONICAL)
def test_a_canonical_page_has_no_problem(url):
    assert not is_mirror(url) and not is_proxy(url)
    assert source_problems(url) == []
    assert source_problems(url, None) == []


@pytest.mark.parametrize("url", [SEO_PROXY, READING_PROXY])
def test_a_proxy_is_refused_as_source_and_as_read_via(url):
    assert is_proxy(url)
    assert any("proxy" in p for p in source_problems(url))
    problems = source_problems("https://www.malaysiakini.com/news/432520", url)
    assert len(problems) == 1 and "proxy" in problems[0] and "read_via" in problems[0]


def test_a_lookalike_host_is_not_a_mirror():
    # Only the host and its subdomains count: a host merely ending in the same letters does not.
    assert not is_mirror("https://notipfs.io/page")
    assert not is_mirror("https://jmedia.wiki.example.org/page")
    assert is_mirror("https://de.wikial.top/wiki/Mongolia%E2%80%93Norway_relations")


def test_a_trailing_dot_host_is_the_host():
    assert is_mirror("https://ipfs.io./ipfs/x")
    assert source_problems("https://en.wikipedia.org./wiki/Foreign_relations_of_Myanmar") == []


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/file", "javascript:alert(1)", "en.wikipedia.org/wiki/X", "", "http://[::1"],
)
def test_a_source_that_is_not_an_http_address_is_reported(url):
    problems = source_problems(url)
    assert problems and "not an http(s) address" in problems[0]


def test_a_bad_read_via_is_reported_beside_a_good_source():
    problems = source_problems("https://montsame.mn/en/read/298712", "file:///etc/passwd")
    assert problems == ["read_via 'file:///etc/passwd' is not an http(s) address"]


def test_a_mirror_source_read_through_a_proxy_has_both_problems():
    problems = source_problems(CHINESE_LIST_COPY, READING_PROXY)
    assert len(problems) == 2
