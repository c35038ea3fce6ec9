"""A stand-in LanguageTool server for tests: ``POST /v2/check`` on 127.0.0.1, a random port.

It reads ``text`` or annotated ``data`` exactly as LanguageTool does (markup skipped,
``interpretAs`` read in its place), finds a few fixed mistakes in the plain text, and answers
with LanguageTool's JSON shape, offsets in UTF-16 code units of the original (markup included)
text. It also serves deliberately broken servers: a port that is closed, one that accepts and
never answers, one that answers garbage.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

#: Mistakes the stand-in knows: pattern on the plain text -> (rule id, issue type, category,
#: message, replacements).
MISTAKES = [
    (
        r"\bteh\b",
        (
            "MORFOLOGIK_RULE_EN_US",
            "misspelling",
            "TYPOS",
            "Possible spelling mistake found.",
            ["the", "tech"],
        ),
    ),
    (
        r"\b(?:He|She|It) go\b",
        (
            "HE_VERB_AGR",
            "grammar",
            "GRAMMAR",
            "The pronoun and the verb do not agree.",
            ["He goes"],
        ),
    ),
    (
        r" ,",
        (
            "COMMA_PARENTHESIS_WHITESPACE",
            "whitespace",
            "TYPOGRAPHY",
            "Put a space after the comma, but not before the comma.",
            [","],
        ),
    ),
]


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def plain_and_map(form: dict[str, str]) -> tuple[str, list[int], int]:
    """Plain text, the original UTF-16 offset of each plain character, original length."""
    if "data" in form:
        pieces = json.loads(form["data"])["annotation"]
    else:
        pieces = [{"text": form.get("text", "")}]
    plain: list[str] = []
    where: list[int] = []
    orig = 0
    for piece in pieces:
        if "text" in piece:
            for ch in piece["text"]:
                plain.append(ch)
                where.append(orig)
                orig += utf16_len(ch)
        else:
            for ch in piece.get("interpretAs", ""):
                plain.append(ch)
                where.append(orig)
            orig += utf16_len(piece["markup"])
    return "".join(plain), where, orig


def find_matches(form: dict[str, str]) -> list[dict]:
    plain, where, total = plain_and_map(form)
    disabled = set(filter(None, form.get("disabledRules", "").split(",")))
    out = []
    for pattern, (rule_id, issue_type, category, message, replacements) in MISTAKES:
        if rule_id in disabled:
            continue
        for m in re.finditer(pattern, plain):
            start = where[m.start()]
            end = where[m.end()] if m.end() < len(where) else total
            if m.end() > m.start():
                last = m.end() - 1
                end = where[last] + utf16_len(plain[last])
            out.append(
                {
                    "message": message,
                    "shortMessage": "",
                    "replacements": [{"value": r} for r in replacements],
                    "offset": start,
                    "length": end - start,
                    "context": {
                        "text": plain[max(0, m.start() - 20) : m.end() + 20],
                        "offset": 0,
                        "length": 0,
                    },
                    "sentence": plain,
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": rule_id,
                        "description": message,
                        "issueType": issue_type,
                        "category": {"id": category, "name": category.title()},
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    out.sort(key=lambda m: m["offset"])
    return out


class StandIn:
    """A running stand-in. ``requests`` holds every form received; ``connections`` counts TCP
    connections accepted."""

    def __init__(self, answer: str = "ok") -> None:
        self.answer = answer
        self.requests: list[dict[str, str]] = []
        self.connections = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                stand_in.connections += 1
                super().setup()

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode("utf-8")
                form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
                stand_in.requests.append(form)
                if self.path != "/v2/check":
                    self._send(404, b"Not found")
                elif "language" not in form:
                    self._send(400, b"Error: Missing 'language' parameter")
                elif stand_in.answer == "not-json":
                    self._send(200, b"<html>Welcome to nginx!</html>")
                else:
                    body = {
                        "software": {"name": "LanguageTool", "version": "6.6", "apiVersion": 1},
                        "warnings": {"incompleteResults": False},
                        "language": {"name": "English (US)", "code": form["language"]},
                        "matches": find_matches(form),
                    }
                    self._send(200, json.dumps(body).encode("utf-8"), "application/json")

            def _send(self, status: int, body: bytes, ctype: str = "text/plain") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Silent:
    """A server that accepts connections (the kernel's backlog does) and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        self.sock.close()


class Garbage:
    """A server that answers every connection with bytes that are not HTTP."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    conn.recv(65536)
                    conn.sendall(b"\x00\x01garbage that is not HTTP\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


def closed_port_url() -> str:
    """The URL of a port nothing listens on."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"
