"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

The runner turns them into annotations on the pull request's diff. Paths are relative to the
repository; messages and properties are percent-escaped as the Actions toolkit does, so a ``:``,
``,`` or line break in a message cannot end the command early.
"""

from __future__ import annotations

from healthlint.engine import FileResult
from healthlint.findings import Finding
from healthlint.packs import Rule
from healthlint.repo import display_path, project_root
from healthlint.reporters import message_with_suggestion

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (the part after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``): also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: object) -> str:
    """One workflow command line; properties whose value is None are left out."""
    given = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return (
        f"::{name} {given}::{escape_data(message)}"
        if given
        else f"::{name}::{escape_data(message)}"
    )


def annotation(f: Finding, path: str) -> str:
    one_line = f.line == f.end_line
    message = message_with_suggestion(f)
    return command(
        COMMANDS.get(f.severity, "warning"),
        message,
        file=path,
        line=f.line,
        endLine=f.end_line,
        col=f.column,
        # GitHub honours endColumn only for annotations on a single line.
        endColumn=f.end_column if one_line else None,
        title=f.rule,
    )


def render(results: list[FileResult], rules: dict[str, Rule]) -> str:
    root = project_root()
    lines = []
    for result in results:
        path = display_path(result.path, root)
        if result.error:
            lines.append(command("error", result.error, file=path, title="healthlint"))
        lines.extend(annotation(f, path) for f in result.findings)
    return "".join(line + "\n" for line in lines)
