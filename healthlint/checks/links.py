"""``link``: flag links that sell: tracking parameters, unlabelled commercial links, bare URLs.

A rule chooses which links it looks at (``targets``: markup links, bare URLs in the text, bare
domain names such as "visit: shop.example") and what makes one suspicious: tracking or affiliate
query parameters, commercial words in the address or link text, or simply leaving the site for a
domain that is not an authority. Links to public-health bodies, journals and registries (the
allowlist in :mod:`healthlint.authority`, extended by ``authority_domains``), internal links,
links marked ``rel="sponsored"``/``nofollow`` (when the rule says so) and links in a reference
list are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from healthlint import scan
from healthlint.authority import Authorities, host_of, query_keys, reference_blocks
from healthlint.checks.base import (
    BLOCK_SCOPES,
    CheckKind,
    Conditions,
    Param,
    Reporter,
    block_in_scope,
)
from healthlint.document import Block, Document
from healthlint.packs import PackError, Rule

_TARGETS = ("link", "bare", "image", "domain")

#: A domain name written as text ("visit: shop.example"), not part of a URL or e-mail address.
_DOMAIN = re.compile(
    r"(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|net|org|info|biz|shop|store|online|site|co|io|us|uk|ca|au|in|de|health|example)"
    r"(?:/[^\s\"'<>()]*[^\s\"'<>().,;:!?])?(?![\w@-])",
    re.I,
)
_TOKEN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Candidate:
    """One link-like thing in a block: its target and where its text sits."""

    href: str
    text: str
    rel: str
    kind: str
    block: Block
    text_start: int
    text_end: int
    src_start: int
    src_end: int


class LinkCheck(CheckKind):
    name = "link"
    summary = "Links to non-authority sites with tracking parameters or commercial signals."
    params = {
        "targets": Param((list,), help=f"which links to look at: {', '.join(_TARGETS)}"),
        "query_params": Param(
            (list,), help="report links carrying one of these query keys ('utm_*' for a prefix)"
        ),
        "commercial_terms": Param(
            (list,), help="report only links whose address or text contains one of these words"
        ),
        "exempt_rel": Param((list,), help="rel values that declare a link (sponsored, nofollow)"),
        "authority_domains": Param((list,), help="domains added to the authority allowlist"),
        "skip_references": Param((bool,), help="ignore links in reference-list sections"),
    }
    scopes = (*BLOCK_SCOPES, "sentence")

    @classmethod
    def validate(cls, rule: Rule) -> None:
        super().validate(rule)
        for target in rule.params.get("targets", ["link", "bare"]):
            if target not in _TARGETS:
                raise PackError(f"unknown target {target!r} (known: {', '.join(_TARGETS)})")
        for key in ("query_params", "commercial_terms", "exempt_rel", "authority_domains"):
            values = rule.params.get(key, [])
            if not all(isinstance(v, str) and v.strip() for v in values):
                raise PackError(f"{key!r} must be a list of non-empty strings")

    def __init__(self, rules: list[Rule]) -> None:
        super().__init__(rules)
        self.compiled = [_Compiled(rule) for rule in rules]

    def check(self, doc: Document, report: Reporter) -> None:
        skipping = any(c.skip_references for c in self.compiled)
        references = reference_blocks(doc) if skipping else set()
        domains = None
        if any("domain" in c.targets for c in self.compiled):
            domains = _domain_names(doc)
        for compiled in self.compiled:
            rule = compiled.rule
            for block in doc.blocks:
                if not block_in_scope(rule, block):
                    continue
                if compiled.skip_references and block.index in references:
                    continue
                for cand in _candidates(block, compiled.targets, domains):
                    reason = compiled.suspicious(cand)
                    if reason is None:
                        continue
                    if not compiled.conditions.allow(doc, block, cand.text_start, cand.text_end):
                        continue
                    host = host_of(cand.href) or cand.href
                    report.at_source(
                        rule,
                        cand.src_start,
                        cand.src_end,
                        match=cand.href,
                        host=host,
                        reason=reason,
                    )


class _Compiled:
    """One rule's settings, prepared once."""

    def __init__(self, rule: Rule) -> None:
        p = rule.params
        self.rule = rule
        self.targets = tuple(p.get("targets", ["link", "bare"]))
        self.authorities = Authorities(p.get("authority_domains", []))
        self.exact_keys = {k.lower() for k in p.get("query_params", []) if not k.endswith("*")}
        self.key_prefixes = tuple(
            k.lower()[:-1] for k in p.get("query_params", []) if k.endswith("*")
        )
        self.terms = frozenset(t.lower() for t in p.get("commercial_terms", []))
        self.exempt_rel = frozenset(r.lower() for r in p.get("exempt_rel", []))
        self.conditions = Conditions(rule)
        self.skip_references = bool(p.get("skip_references", True))

    def suspicious(self, cand: Candidate) -> str | None:
        """Why a link is reported, or None when it is fine."""
        host = host_of(cand.href)
        if host is None or self.authorities.host_is_authority(host):
            return None
        if self.exempt_rel and self.exempt_rel & set(cand.rel.lower().split()):
            return None
        if self.exact_keys or self.key_prefixes:
            keys = [
                k
                for k in query_keys(cand.href)
                if k in self.exact_keys or k.startswith(self.key_prefixes)
            ]
            if not keys:
                return None
            return f"tracking parameter '{keys[0]}'"
        if self.terms:
            words = set(_TOKEN.findall(f"{cand.href} {cand.text}".lower()))
            hits = sorted(words & self.terms)
            if not hits:
                return None
            return f"commercial word '{hits[0]}'"
        return "not an authority source"


def _domain_names(doc: Document) -> dict[int, list[tuple[int, int, str]]]:
    """Domain names written as text, per block index: found once for every rule.

    ``_DOMAIN``'s look-arounds test one character against classes that hold neither character of
    the scan separator, so at a block's edge they see what they see at the edge of its text."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    for match in scan.finditer(_DOMAIN, doc):
        block = match.block
        start, end = match.span()
        if any(link.text_start < end and start < link.text_end for link in block.links):
            continue  # the link itself, not a written domain
        found.setdefault(block.index, []).append((start, end, match.group()))
    return found


def _candidates(
    block: Block, targets: tuple[str, ...], domains: dict[int, list[tuple[int, int, str]]] | None
) -> Iterator[Candidate]:
    for link in block.links:
        if link.kind not in targets:
            continue
        href_range = link.href_end > link.href_start
        start, end = (link.href_start, link.href_end) if href_range else (link.start, link.end)
        yield Candidate(
            link.href,
            link.text,
            link.rel,
            link.kind,
            block,
            link.text_start,
            link.text_end,
            start,
            end,
        )
    if "domain" in targets and domains:
        for start, end, name in domains.get(block.index, ()):
            src_start, src_end = block.source_range(start, end)
            yield Candidate(
                "http://" + name, name, "", "domain", block, start, end, src_start, src_end
            )
