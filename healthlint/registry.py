"""The registry of check kinds, filled from the ``healthlint.checks`` entry-point group.

Built-in kinds are registered the same way as third-party ones (see pyproject.toml), so a plugin
package adds a kind by declaring an entry point; no switch statement names the kinds.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points

from healthlint.checks.base import CheckKind

GROUP = "healthlint.checks"


class RegistryError(RuntimeError):
    """A check kind could not be loaded."""


@lru_cache(maxsize=1)
def check_kinds() -> dict[str, type[CheckKind]]:
    """Every registered check kind by name."""
    kinds: dict[str, type[CheckKind]] = {}
    for ep in entry_points(group=GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plugin must not take the built-ins down
            raise RegistryError(
                f"check kind {ep.name!r} ({ep.value}) failed to load: {exc}"
            ) from exc
        if not (isinstance(cls, type) and issubclass(cls, CheckKind)):
            raise RegistryError(f"check kind {ep.name!r} ({ep.value}) is not a CheckKind subclass")
        kinds[ep.name] = cls
    if not kinds:
        raise RegistryError(
            "no check kinds are registered: install healthlint (pip install -e .) so its "
            "entry points exist"
        )
    return kinds
