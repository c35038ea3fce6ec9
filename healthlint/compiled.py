"""Compiled rules kept between runs, so a pre-commit run on one file does not rebuild them.

Two pickles live in the user cache folder (never in the linted tree): the validated rules of a
pack file, keyed by its path, size and modification time; and a linter's compiled checks (the
automata and combined patterns), keyed by the linter's fingerprint, which covers healthlint's
version, every rule's parameters and the check classes. Anything unreadable, stale or corrupt is
a miss: the rules are loaded and compiled as usual and the cache is rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from healthlint import __version__
from healthlint.atomic import cache_root, write_atomic

T = TypeVar("T")


_STAMP: str | None = None


def _code_stamp() -> str:
    """Size and modification time of healthlint's own modules and the registered check kinds'.

    Pickled checks are instances of these classes: an edited module (a development install, a
    plugin upgrade) must not be handed objects pickled from the old code.
    """
    global _STAMP
    if _STAMP is None:
        from healthlint.registry import check_kinds

        files = set(Path(__file__).parent.rglob("*.py"))
        for kind in check_kinds().values():
            module = sys.modules.get(kind.__module__)
            if module is not None and getattr(module, "__file__", None):
                files.add(Path(module.__file__))
        digest = hashlib.sha256(__version__.encode())
        for path in sorted(files):
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        _STAMP = digest.hexdigest()[:16]
    return _STAMP


def _folder() -> Path:
    return cache_root() / f"compiled-{__version__}-{_code_stamp()}"


def _cached(name: str, build: Callable[[], T]) -> T:
    path = _folder() / f"{name}.pickle"
    with contextlib.suppress(Exception), open(path, "rb") as fh:  # any failure is a miss
        return pickle.load(fh)
    value = build()
    with contextlib.suppress(Exception):  # read-only cache, unpicklable plugin objects
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def pack_rules(path: Path, load: Callable[[], list]) -> list:
    """The validated rules of one pack file, loaded with ``load`` when the file changed."""
    try:
        stat = os.stat(path)
    except OSError:
        return load()
    key = f"{os.path.abspath(path)}\0{stat.st_size}\0{stat.st_mtime_ns}"
    return _cached("pack-" + hashlib.sha256(key.encode()).hexdigest()[:24], load)


def compiled_checks(fingerprint: str, build: Callable[[], list[Any]]) -> list[Any]:
    """A linter's compiled checks, built with ``build`` when its rules changed."""
    return _cached("checks-" + fingerprint[:32], build)
