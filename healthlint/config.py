"""Configuration: ``.healthlint.yaml`` or ``[tool.healthlint]`` in ``pyproject.toml``.

The nearest config file from the linted file upwards wins (like ruff). ``--config FILE`` names one
explicitly and ``--isolated`` ignores them all. Keys may be written kebab-case or snake_case; an
unknown key or a wrong type is an error naming the file, so a typo never silently disables a rule.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from healthlint.packs import PackError, load_yaml, strip_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".healthlint.yaml", ".healthlint.yml", "pyproject.toml")

_KEYS: dict[str, type | tuple[type, ...]] = {
    "select": list,
    "ignore": list,
    "extend_select": list,
    "per_file_ignores": dict,
    "rules": list,
    "fail_on": str,
    "params": dict,
    "target_grade": (int, float),
    "exclude": list,
    "languagetool": dict,
    "authority_domains": list,
    "cache_dir": str,
    "jobs": int,
}


@dataclass
class Config:
    """Effective settings for the files below one config file (or none)."""

    path: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    fail_on: str | None = None
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    target_grade: float | None = None
    exclude: list[str] = field(default_factory=list)
    languagetool: dict[str, Any] = field(default_factory=dict)
    authority_domains: list[str] = field(default_factory=list)
    cache_dir: str | None = None
    jobs: int | None = None

    @property
    def root(self) -> Path:
        """The folder the config file is in: paths in it are relative to that."""
        return Path(self.path).parent if self.path else Path.cwd()

    def ignored_for(self, path: str) -> list[str]:
        """Codes or categories ignored for a file by ``per-file-ignores``."""
        out: list[str] = []
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        except ValueError:
            rel = path
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(path), pattern):
                out.extend(codes)
        return out

    def is_excluded(self, path: str) -> bool:
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        except ValueError:
            rel = path
        return any(
            fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
            for p in self.exclude
        )

    def key(self) -> tuple:
        """A hashable identity of the settings that change findings (for caches)."""
        return (
            tuple(self.select),
            tuple(self.ignore),
            tuple(self.extend_select),
            tuple(sorted((k, tuple(v)) for k, v in self.per_file_ignores.items())),
            tuple(self.pack_paths()),
            repr(sorted(self.params.items())),
            self.target_grade,
            repr(sorted(self.languagetool.items())),
            tuple(self.authority_domains),
        )

    def pack_paths(self) -> list[str]:
        return [str((self.root / p).resolve()) for p in self.rules]


def _normalise(data: dict, path: str) -> Config:
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        if raw_key == "__line__":
            continue
        key = raw_key.replace("-", "_")
        expected = _KEYS.get(key)
        if expected is None:
            raise PackError(
                f"{path}: unknown setting {raw_key!r} (known: "
                f"{', '.join(k.replace('_', '-') for k in _KEYS)})"
            )
        if not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
            raise PackError(f"{path}: setting {raw_key!r} has the wrong type")
        values[key] = value
    for key in ("select", "ignore", "extend_select", "rules", "exclude", "authority_domains"):
        if key in values and not all(isinstance(v, str) for v in values[key]):
            raise PackError(f"{path}: {key.replace('_', '-')} must be a list of strings")
    pfi = values.get("per_file_ignores", {})
    for pattern, codes in pfi.items():
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise PackError(f"{path}: per-file-ignores[{pattern!r}] must be a list of codes")
    if values.get("fail_on") not in (None, "error", "warning", "info", "never"):
        raise PackError(f"{path}: fail-on must be error, warning, info or never")
    for name, params in values.get("params", {}).items():
        if not isinstance(params, dict):
            raise PackError(f"{path}: params[{name!r}] must be a table of parameters")
    values["params"] = {
        k: {p.replace("-", "_"): v for p, v in ps.items()}
        for k, ps in values.get("params", {}).items()
    }
    if "languagetool" in values:
        values["languagetool"] = {k.replace("-", "_"): v for k, v in values["languagetool"].items()}
    return Config(path=path, **values)


@lru_cache(maxsize=256)
def load_config_file(path: str) -> Config | None:
    """Read one config file; None for a pyproject.toml without ``[tool.healthlint]``."""
    if path.endswith(".toml"):
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise PackError(f"{path}: cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise PackError(f"{path}: invalid TOML: {exc}") from None
        except RecursionError:
            raise PackError(f"{path}: invalid TOML: nested too deeply") from None
        table = data.get("tool", {}).get("healthlint")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise PackError(f"{path}: [tool.healthlint] must be a table")
        return _normalise(table, path)
    data = strip_lines(load_yaml(path))
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PackError(f"{path}: the config must be a mapping of settings")
    return _normalise(data, path)


@lru_cache(maxsize=1024)
def _find_for_dir(directory: str) -> str | None:
    current = Path(directory)
    while True:
        for name in CONFIG_NAMES:
            candidate = current / name
            if candidate.is_file():
                if name == "pyproject.toml" and load_config_file(str(candidate)) is None:
                    continue
                return str(candidate)
        if current.parent == current:
            return None
        current = current.parent


def clear_caches() -> None:
    """Forget config files found and read (a long-running process, e.g. the language server,
    calls this so edited or new config files take effect)."""
    _find_for_dir.cache_clear()
    load_config_file.cache_clear()


def discover(path: str) -> Config:
    """The config that applies to ``path``: the nearest config file upwards, or defaults."""
    directory = os.path.dirname(os.path.abspath(path)) if path != "-" else os.getcwd()
    found = _find_for_dir(directory)
    if found is None:
        return Config()
    return load_config_file(found) or Config()
