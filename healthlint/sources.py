"""Finding and reading the files to lint, with one clear error for anything unreadable.

Files are only ever read. Encodings: a UTF-8, UTF-16 or UTF-32 byte order mark is honoured (and
not counted as a column); otherwise UTF-8, and invalid bytes are decoded as U+FFFD with a notice.
Binary files are skipped with a message.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from healthlint.parsers import format_for_path

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAX_FILE_BYTES = 64 * 1024 * 1024
SKIP_DIRS = {
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".healthlint_cache",
    ".mypy_cache",
    ".pytest_cache",
    "site-packages",
}


class SourceError(Exception):
    """A file cannot be linted; the message says why in one line."""


@dataclass
class Source:
    path: str  # as given (or joined from the folder given)
    text: str
    notices: list[str] = field(default_factory=list)
    digest: bytes = b""  # hash of the bytes on disk (the cache key)


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text; raise SourceError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError:
                return data[len(bom) :].decode(encoding, errors="replace"), [
                    f"not valid {encoding.upper()}: undecodable bytes were replaced"
                ]
    if b"\x00" in data[:8192]:
        raise SourceError("binary file (contains NUL bytes), skipped")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return data.decode("utf-8", errors="replace"), [
            f"not valid UTF-8 (first bad byte at offset {exc.start}): decoded with replacement "
            "characters"
        ]


def read_source(path: str) -> Source:
    """Read and decode one file."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise SourceError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, skipped")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        if os.path.islink(path):
            raise SourceError("broken symbolic link") from None
        raise SourceError("no such file (deleted or moved?)") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    text, notices = decode(data)
    return Source(path, text, notices, hashlib.sha256(data).digest())


def iter_paths(paths: list[str], errors: list[tuple[str, str]]) -> Iterator[str]:
    """Files named on the command line, and supported files found in folders (recursively).

    Symlinked folders are not followed, so a symlink loop cannot trap the walk.
    """
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path, onerror=None, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in files:
                    if format_for_path(name):
                        found.append(os.path.join(root, name))
            yield from sorted(found)
        elif os.path.exists(path) or os.path.islink(path):
            yield path
        else:
            errors.append((path, "no such file or directory"))
