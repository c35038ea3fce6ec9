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
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from healthlint import __version__
from healthlint.atomic import cache_root, write_atomic

T = TypeVar("T")


def _folder() -> Path:
    return cache_root() / f"compiled-{__version__}"


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
