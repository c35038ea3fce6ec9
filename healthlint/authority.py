"""Who a link points to and whether a statement is backed by a citation.

Shared by the promotional link checks (links to public-health bodies, journals and registries are
never advertising) and the claim checks (a claim next to a reference marker, an author-year
citation or a link to such a source is supported). One definition of "authority" for both, so a
domain added with the ``authority-domains`` config key counts everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from healthlint.document import Block, Document

#: Public-health bodies, regulators, registries, indexes and journal publishers. A domain
#: matches itself and every sub-domain; a bare suffix such as ``gov`` matches a whole TLD.
DEFAULT_AUTHORITY_DOMAINS: tuple[str, ...] = (
    "gov",
    "gov.uk",
    "gov.au",
    "gc.ca",
    "edu",
    "ac.uk",
    "nhs.uk",
    "nhs.scot",
    "who.int",
    "europa.eu",
    "un.org",
    "doi.org",
    "cochrane.org",
    "cochranelibrary.com",
    "europepmc.org",
    "isrctn.com",
    "nejm.org",
    "thelancet.com",
    "bmj.com",
    "jamanetwork.com",
    "nature.com",
    "science.org",
    "sciencedirect.com",
    "cell.com",
    "springer.com",
    "wiley.com",
    "tandfonline.com",
    "sagepub.com",
    "oup.com",
    "plos.org",
    "biomedcentral.com",
    "frontiersin.org",
    "karger.com",
    "ahajournals.org",
    "acpjournals.org",
    "annals.org",
    "aafp.org",
    "nice.org.uk",
    "medlineplus.gov",
    # UK regulators of health professionals and services: "check your dentist is on the
    # register" sends readers to look someone up, not to buy.
    "gmc-uk.org",
    "gdc-uk.org",
    "nmc.org.uk",
    "hcpc-uk.org",
    "pharmacyregulation.org",
    "optical.org",
    "gcc-uk.org",
    "osteopathy.org.uk",
    "cqc.org.uk",
)

#: Markers that cite a source inside prose: [1], [2-4], (Smith et al., 2019), (WHO, 2020),
#: (Smith et al., 2019, The Lancet), Smith et al. (2019), doi:10.xxxx, "according to the NHS"
#: (not "the CEO"), "published in Nature", "the NHS says".
_CITATION = re.compile(
    r"\[\d{1,3}(?:\s*[-,\u2013]\s*\d{1,3})*\]"
    r"|\((?:[^()]{0,80}?\b(?:et al\.?|and|&)\s*)?[A-Z][^()]{0,80}?,?\s(?:19|20)\d{2}[a-z]?"
    r"(?:;[^()]{1,80}?(?:19|20)\d{2}[a-z]?)*(?:,\s*[A-Z][^()]{1,80})?\)"
    r"|\b[A-Z][A-Za-z'\-]+ et al\.? \((?:19|20)\d{2}[a-z]?\)"
    r"|\bdoi:\s*10\.\d{4,}"
    r"|\b[Aa]ccording\s+to\s+(?:the\s+|a\s+|an\s+)?(?:(?!C[EFOMST]O\b)[A-Z]{2,}\b|[A-Z][a-z]+\s+(?:et\s+al|(?:[A-Z][a-z]+\s+){0,3}"
    r"(?:Institutes?|Association|Society|Organi[sz]ation|College|Academy|Agency|Administration|Centers?|Centres?|Foundation)))"
    r"|\bpublished\s+(?:online\s+)?(?:today\s+|this\s+week\s+)?in\s+(?:the\s+)?(?:journal\s+)?[A-Z]"
    r"|\b(?:NHS|WHO|CDC|NICE|FDA|MHRA|EMA|UKHSA|NIH|World Health Organi[sz]ation)"
    r"\s+(?:says|said|states|advises|recommends|reports)\b"
)


def normalise_domain(domain: str) -> str:
    return domain.strip().lower().lstrip(".").removeprefix("www.")


def host_of(href: str) -> str | None:
    """The lower-case host of an absolute link (``www.`` dropped), or None for relative links."""
    href = href.strip()
    if href.lower().startswith("www."):
        href = "http://" + href
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return normalise_domain(parts.hostname)


def query_keys(href: str) -> list[str]:
    """The lower-case names of a link's query and fragment parameters."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return []
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if "=" in parts.fragment:
        pairs += parse_qsl(parts.fragment, keep_blank_values=True)
    return [key.lower() for key, _ in pairs]


class Authorities:
    """An allowlist of authority domains: the defaults plus any a pack or config adds."""

    def __init__(self, extra: Iterable[str] = (), defaults: bool = True) -> None:
        domains = list(DEFAULT_AUTHORITY_DOMAINS) if defaults else []
        domains.extend(extra)
        self.domains = frozenset(normalise_domain(d) for d in domains if d.strip())
        self.max_labels = max((d.count(".") + 1 for d in self.domains), default=0)

    def host_is_authority(self, host: str) -> bool:
        # Only suffixes as long as the longest listed domain: a hostile host of thousands of
        # labels costs no more than a real one.
        labels = host.split(".")
        first = max(0, len(labels) - self.max_labels)
        return any(".".join(labels[i:]) in self.domains for i in range(first, len(labels)))

    def is_authority(self, href: str) -> bool:
        host = host_of(href)
        return host is not None and self.host_is_authority(host)


def is_internal(href: str) -> bool:
    """Relative links, fragments and non-web schemes (mailto:) never leave the site."""
    return host_of(href) is None


def has_citation(block: Block, start: int, end: int, authorities: Authorities) -> bool:
    """Whether ``block.text[start:end]`` carries a citation marker or a link to an authority."""
    if _CITATION.search(block.text, start, end):
        return True
    return any(
        link.text_start < end and link.text_end > start and authorities.is_authority(link.href)
        for link in block.links
    )


#: Headings of sections that list sources rather than argue.
REFERENCE_HEADINGS = re.compile(
    r"^\s*(?:\d+[.)]?\s*)?(?:references?|sources?|bibliography|citations?|works cited|"
    r"further reading|notes|footnotes|literature|studies cited)\b",
    re.I,
)


def reference_blocks(doc: Document, pattern: re.Pattern = REFERENCE_HEADINGS) -> set[int]:
    """Indexes of the blocks under a reference-list heading (up to the next heading of its level)."""
    out: set[int] = set()
    level: int | None = None
    for block in doc.blocks:
        if block.is_heading:
            if level is not None and block.level <= level:
                level = None
            if pattern.match(block.text):
                level = block.level
                continue
        if level is not None:
            out.add(block.index)
    return out
