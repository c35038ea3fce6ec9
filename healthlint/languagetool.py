"""A small client for LanguageTool's HTTP API (``POST /v2/check``), markup-aware.

Why our own client: language-tool-python downloads a 250 MB server on first use and has a
thread-safety bug; the HTTP API needs nothing but the standard library. One client (one
keep-alive connection) serves a whole run; every request has a timeout, the run as a whole has a
time budget, and after the first failure the client gives up for the rest of the run, so a dead
or hanging server costs one timeout at most.

Documents are sent as LanguageTool's annotated text (``data``): the prose pieces of the blocks
as ``text``, everything between them (tags, emphasis markers, link targets, code) as ``markup``,
and replaced characters (entities, line breaks inside a paragraph) as markup with ``interpretAs``.
The pieces concatenate to the source itself, so the offsets LanguageTool answers with are source
offsets (in UTF-16 code units, converted here to code points).
"""

from __future__ import annotations

import bisect
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from healthlint.document import Block, Document

if TYPE_CHECKING:  # http.client pulls in ssl: imported only when a server is configured
    import http.client

DEFAULT_TIMEOUT = 10.0
DEFAULT_BUDGET = 30.0
#: Source characters per request: LanguageTool answers faster on smaller texts, and public
#: servers refuse large ones.
CHUNK_CHARS = 15000
_BLOCK_BREAK = "\n\n"
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class LanguageToolError(Exception):
    """The server could not be reached, did not answer in time, or answered nonsense."""


@dataclass
class Chunk:
    """Annotated text standing for ``source[start:end]`` exactly."""

    start: int
    end: int
    annotation: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Match:
    """One LanguageTool match, located by source offsets (code points)."""

    start: int
    end: int
    message: str
    rule_id: str
    category: str
    issue_type: str
    replacements: tuple[str, ...]


# -- annotation ------------------------------------------------------------------------------


def _block_pieces(block: Block, source: str) -> Iterable[tuple[int, int, str | None]]:
    """``(src_start, src_end, interpret_as)`` runs of a block; None means verbatim text."""
    segments = block.map.segments
    for i, (t0, s0, s1) in enumerate(segments):
        t1 = segments[i + 1][0] if i + 1 < len(segments) else len(block.text)
        text = block.text[t0:t1]
        if s1 <= s0:
            continue  # text standing for nothing in the source cannot be sent
        if t1 - t0 == s1 - s0:
            yield s0, s1, None
        else:
            yield s0, s1, text


def build_chunks(
    doc: Document, blocks: Iterable[Block], max_chars: int = CHUNK_CHARS
) -> list[Chunk]:
    """Annotated text for ``blocks``, in chunks of about ``max_chars`` source characters."""
    source = doc.source
    chunks: list[Chunk] = []
    current: Chunk | None = None
    cursor = 0
    for block in sorted(blocks, key=lambda b: b.start):
        pieces = [p for p in _block_pieces(block, source)]
        if not pieces:
            continue
        first_start = pieces[0][0]
        if current is not None and first_start < cursor:
            continue  # overlaps what was sent already
        if current is None or current.end - current.start > max_chars:
            current = Chunk(first_start, first_start)
            chunks.append(current)
            cursor = first_start
        else:
            current.annotation.append(
                {"markup": source[cursor:first_start], "interpretAs": _BLOCK_BREAK}
            )
            cursor = first_start
        for s0, s1, interpret in pieces:
            if s0 < cursor:
                continue
            if s0 > cursor:
                current.annotation.append({"markup": source[cursor:s0]})
            if interpret is None:
                current.annotation.append({"text": source[s0:s1]})
            else:
                current.annotation.append({"markup": source[s0:s1], "interpretAs": interpret})
            cursor = s1
        current.end = cursor
    return chunks


def utf16_converter(text: str) -> Callable[[int], int]:
    """A function from UTF-16 offsets in ``text`` to code point offsets."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return lambda offset: offset
    starts = [index + k for k, index in enumerate(astral)]  # UTF-16 offset of each astral char

    def convert(offset: int) -> int:
        return offset - bisect.bisect_right(starts, offset - 2)

    return convert


# -- client ----------------------------------------------------------------------------------


def check_url(url: str) -> tuple[str, str, int | None, str]:
    """``(scheme, host, port, path)`` of the ``/v2/check`` endpoint for a server URL."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LanguageToolError(f"not an http(s) URL: {url!r}")
    path = parts.path.rstrip("/")
    if not path.endswith("/v2/check"):
        path = path + ("/check" if path.endswith("/v2") else "/v2/check")
    return parts.scheme, parts.hostname, parts.port, path


class Client:
    """One keep-alive connection to a LanguageTool server for a whole run."""

    def __init__(
        self, url: str, timeout: float = DEFAULT_TIMEOUT, budget: float = DEFAULT_BUDGET
    ) -> None:
        self.url = url
        self.scheme, self.host, self.port, self.path = check_url(url)
        self.timeout = timeout
        self.budget = budget
        self.spent = 0.0
        self.failure: str | None = None  # why the client gave up, once it has
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        import http.client

        if self.conn is None:
            cls = (
                http.client.HTTPSConnection
                if self.scheme == "https"
                else http.client.HTTPConnection
            )
            self.conn = cls(self.host, self.port, timeout=timeout)
        self.conn.timeout = timeout
        if self.conn.sock is not None:
            self.conn.sock.settimeout(timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def check(self, chunk: Chunk, params: dict[str, str], source: str) -> list[Match]:
        """Check one chunk; raise LanguageToolError (and give up for the run) on any failure."""
        if self.failure is not None:
            raise LanguageToolError(self.failure)
        try:
            answer = self._post({**params, "data": json.dumps({"annotation": chunk.annotation})})
            return list(_matches(answer, chunk, source))
        except LanguageToolError as exc:
            self.failure = str(exc)
            self.close()
            raise

    def _post(self, form: dict[str, str]) -> Any:
        import http.client

        body = urlencode(form).encode("utf-8")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "application/json",
        }
        for attempt in (1, 2):
            remaining = self.budget - self.spent if self.budget else self.timeout
            if remaining <= 0:
                raise LanguageToolError(
                    f"used up its time budget of {self.budget:g} s for this run "
                    "(raise languagetool.budget for large runs)"
                )
            started = time.monotonic()
            try:
                conn = self._connection(min(self.timeout, remaining))
                conn.request("POST", self.path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except TimeoutError:
                raise LanguageToolError(
                    f"did not answer within {min(self.timeout, remaining):g} s"
                ) from None
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                # A keep-alive connection the server closed while idle: reconnect once.
                self.close()
                if attempt == 2:
                    raise LanguageToolError(f"closed the connection ({exc})") from None
                continue
            except OSError as exc:
                reason = exc.strerror or str(exc) or type(exc).__name__
                raise LanguageToolError(f"is unreachable ({reason})") from None
            except http.client.HTTPException as exc:
                raise LanguageToolError(
                    f"did not answer in HTTP ({type(exc).__name__}: {_one_line(str(exc))})"
                ) from None
            finally:
                self.spent += time.monotonic() - started
            if response.status != 200:
                snippet = _one_line(payload[:200].decode("utf-8", "replace"))
                raise LanguageToolError(f"answered HTTP {response.status}: {snippet}")
            try:
                return json.loads(payload.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise LanguageToolError("answered with something that is not JSON") from None
        raise LanguageToolError("closed the connection")  # pragma: no cover


def _one_line(text: str, limit: int = 80) -> str:
    """Server text fit for a one-line notice: printable, single-spaced, short."""
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return clean if len(clean) <= limit else clean[: limit - 3] + "..."


def _matches(answer: Any, chunk: Chunk, source: str) -> Iterable[Match]:
    if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
        raise LanguageToolError("answered without a list of matches")
    convert = utf16_converter(source[chunk.start : chunk.end])
    out = []
    for item in answer["matches"]:
        try:
            offset, length = int(item["offset"]), int(item["length"])
            rule = item.get("rule") or {}
            start = chunk.start + convert(offset)
            end = chunk.start + convert(offset + length)
            out.append(
                Match(
                    start=start,
                    end=max(start, min(end, chunk.end)),
                    message=str(item.get("message") or item.get("shortMessage") or ""),
                    rule_id=str(rule.get("id") or "UNKNOWN"),
                    category=str((rule.get("category") or {}).get("id") or ""),
                    issue_type=str(rule.get("issueType") or ""),
                    replacements=tuple(
                        str(r["value"])
                        for r in item.get("replacements") or []
                        if isinstance(r, dict) and "value" in r
                    ),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise LanguageToolError("answered with a match in an unexpected shape") from None
    return out


_CLIENTS: dict[tuple, Client] = {}


def client_for(url: str, timeout: float, budget: float) -> Client:
    """The run's client for a server: one connection and one budget per URL and process."""
    key = (url, timeout, budget)
    client = _CLIENTS.get(key)
    if client is None:
        client = _CLIENTS[key] = Client(url, timeout, budget)
    return client


def reset_clients() -> None:
    """Forget every client (tests, or a long-lived process starting a new run)."""
    for client in _CLIENTS.values():
        client.close()
    _CLIENTS.clear()
