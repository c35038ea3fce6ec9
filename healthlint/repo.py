"""Where the repository is, and file paths relative to it (for CI reports and baselines).

Code scanning, GitLab and workflow annotations all want paths relative to the checkout, whatever
folder healthlint was started from. The root is the nearest folder upwards from the current
directory holding ``.git`` (a folder, or a file in worktrees and submodules), else the current
directory. Found by walking up rather than running git, which may not be installed.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def project_root(start: str | None = None) -> Path:
    """The git top-level above ``start`` (default: the current directory), else ``start``."""
    here = Path(os.path.abspath(start or os.getcwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def relative_to(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators, or None when it lies outside."""
    try:
        rel = os.path.relpath(os.path.abspath(path), root)
    except ValueError:  # another drive on Windows
        return None
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


def display_path(path: str, root: Path) -> str:
    """The repository-relative path when there is one, else the path as given."""
    if path == "-":
        return path
    return relative_to(path, root) or path.replace(os.sep, "/")


def uri_reference(path: str, root: Path) -> tuple[str, bool]:
    """A URI for ``path``: ``(relative URI, True)`` inside ``root``, else ``(file: URI, False)``."""
    rel = relative_to(path, root) if path != "-" else None
    if rel is not None:
        return quote(rel), True
    if path == "-":
        return "stdin", False
    return Path(os.path.abspath(path)).as_uri(), False
