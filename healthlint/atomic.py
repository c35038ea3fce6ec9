"""Files healthlint writes for itself: the user cache folder, written atomically.

A reader sees the old file or the new one, never half of one, so concurrent runs (pre-commit
runs one process per CPU) are safe.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data``: a temporary file in the same folder (so the rename cannot
    cross file systems), flushed to disk, then one ``os.replace``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def cache_root() -> Path:
    """healthlint's cache folder: ``$HEALTHLINT_CACHE_DIR`` or the platform's user cache dir.

    It lives outside the linted tree, so a run never adds files to a content repository.
    """
    explicit = os.environ.get("HEALTHLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "healthlint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "healthlint"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "healthlint"
