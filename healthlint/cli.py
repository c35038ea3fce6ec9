"""The ``healthlint`` command: ``check``, ``rules``, ``rule CODE``.

Exit status: 0 when nothing at or above the fail level was found, 1 when something was, 2 on a
usage or configuration error or when no file could be linted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from healthlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="healthlint",
        description="A content linter for health articles.",
    )
    parser.add_argument("--version", action="version", version=f"healthlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint files and folders")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: .); '-' reads standard input",
    )
    check.add_argument(
        "--format",
        default="text",
        help="text (default), json, sarif (code scanning), github (workflow annotations) "
        "or gitlab (Code Quality)",
    )
    check.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rules (codes, prefixes, names or categories)",
    )
    check.add_argument("--ignore", action="append", metavar="CODES", help="leave these rules out")
    check.add_argument(
        "--extend-select",
        action="append",
        metavar="CODES",
        help="add rules to the selection (e.g. ones off by default)",
    )
    check.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    check.add_argument("--config", metavar="FILE", help="use this config file only")
    check.add_argument("--isolated", action="store_true", help="ignore all config files")
    check.add_argument(
        "--rules",
        action="append",
        default=[],
        metavar="PATH",
        help="an extra rule pack (file or folder); repeatable",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in this baseline file",
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record every current finding in this baseline file (then report only new ones)",
    )
    check.add_argument("--stdin-filename", metavar="NAME", help="the name of '-' in the output")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="worker processes (default: the number of CPUs)"
    )
    check.add_argument("--debug", action="store_true", help="show tracebacks")
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only")

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--rules", action="append", default=[], metavar="PATH")

    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code", metavar="CODE", help="a rule code or name")
    rule.add_argument("--rules", action="append", default=[], metavar="PATH")

    lsp = sub.add_parser("lsp", help="run the language server over stdio (for editors)")
    lsp.add_argument("--stdio", action="store_true", help="accepted for LSP clients; the default")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    from healthlint.baseline import BaselineError
    from healthlint.packs import PackError
    from healthlint.registry import RegistryError

    try:
        if args.command == "lsp":
            from healthlint.lsp import serve

            return serve()
        if args.command == "check":
            from healthlint.run import run_check

            return run_check(args)
        from healthlint import explain

        if args.command == "rules":
            return explain.list_rules(args.rules, args.format)
        return explain.show_rule(args.code, args.rules)
    except (PackError, RegistryError, BaselineError) as exc:
        print(f"healthlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
