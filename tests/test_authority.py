"""The shared authority/citation helper."""

from __future__ import annotations

from healthlint.authority import Authorities, has_citation, host_of, is_internal, query_keys
from healthlint.parsers import parse


def test_authority_domains_match_subdomains_and_suffixes():
    auth = Authorities()
    assert auth.is_authority("https://pubmed.ncbi.nlm.nih.gov/123/")
    assert auth.is_authority("https://www.who.int/news")
    assert auth.is_authority("https://doi.org/10.1000/xyz")
    assert not auth.is_authority("https://nih.gov.shop.example/")
    assert not auth.is_authority("/relative/page")
    assert Authorities(["clinic.example"]).is_authority("https://www.clinic.example/a")


def test_hosts_internal_links_and_query_keys():
    assert host_of("https://WWW.Example.com/a") == "example.com"
    assert host_of("www.example.com/a") == "example.com"
    assert is_internal("/guides/sleep") and is_internal("#top") and is_internal("mailto:a@b.c")
    assert query_keys("https://x.example/p?ref=1&utm_source=n#aff=2") == [
        "ref",
        "utm_source",
        "aff",
    ]


def test_citation_markers():
    auth = Authorities()
    for text in (
        "It works [3].",
        "It works [2-4].",
        "It works (Smith et al., 2019).",
        "It works (WHO, 2020; Lee 2018).",
        "Smith et al. (2019) found it works.",
        "See doi:10.1056/NEJMoa123.",
        "It works, according to the CDC.",
        "It works, according to the American Heart Association.",
        "A trial published in The Lancet found it works.",
    ):
        block = parse("a.txt", text).blocks[0]
        assert has_citation(block, 0, len(block.text), auth), text
    for text in ("It works (in most people).", "It works, according to my neighbour."):
        block = parse("a.txt", text).blocks[0]
        assert not has_citation(block, 0, len(block.text), auth), text
