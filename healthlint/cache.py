"""Reuse the results of unchanged files.

An entry is keyed by the file's content hash and the linter's fingerprint (healthlint's version,
the content of every rule pack used, the effective config and command-line selection). Entries
are small JSON files under the cache folder, written atomically; anything unreadable, corrupt or
foreign is treated as a miss, never as an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from healthlint import __version__
from healthlint.atomic import cache_root, write_atomic
from healthlint.engine import FileResult
from healthlint.findings import Finding

_FORMAT = 1


def cache_dir(configured: str | None = None) -> Path:
    """The result cache: ``$HEALTHLINT_CACHE_DIR``, the config's ``cache-dir``, or the user's."""
    if configured and not os.environ.get("HEALTHLINT_CACHE_DIR"):
        return Path(configured)
    return cache_root() / "results"


class ResultCache:
    def __init__(self, root: Path) -> None:
        self.root = root / f"v{_FORMAT}-{__version__}"
        self.writable = True

    @staticmethod
    def key(content_digest: bytes, linter_fingerprint: str) -> str:
        digest = hashlib.sha256(linter_fingerprint.encode())
        digest.update(b"\0")
        digest.update(content_digest)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> FileResult | None:
        try:
            with open(self._path(key), encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("key") != key:
                return None
            findings = [Finding(path=path, **f) for f in data["findings"]]
            return FileResult(path, findings=findings, notices=list(data.get("notices", [])))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, result: FileResult) -> None:
        if not self.writable or result.error is not None:
            return
        findings = []
        for f in result.findings:
            item = f.to_dict()
            item.pop("path")
            item.setdefault("suggestion", None)
            findings.append(item)
        data = {"key": key, "findings": findings, "notices": result.notices}
        try:
            if not (self.root.parent / "CACHEDIR.TAG").exists():
                write_atomic(
                    self.root.parent / "CACHEDIR.TAG",
                    b"Signature: 8a477f597d28d172789f06886806bc55\n"
                    b"# healthlint result cache; safe to delete.\n",
                )
            write_atomic(self._path(key), json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            self.writable = False  # a read-only tree: lint without caching
