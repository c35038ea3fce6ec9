"""``healthlint check``: collect files, lint each with the linter of its config, report.

Each file gets the config found from its own folder upwards (unless ``--config`` or
``--isolated``); one :class:`~healthlint.engine.Linter` is built per distinct config. A file that
cannot be read gives one error line on stderr and the run goes on.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from healthlint.config import Config, discover, load_config_file
from healthlint.engine import FileResult, Linter, Options
from healthlint.findings import severity_rank
from healthlint.packs import PackError
from healthlint.reporters import REPORTERS, get_reporter
from healthlint.sources import Source, decode, iter_paths

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Session:
    """Configs and linters for one run, built on first use and shared by all files."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.options = Options(
            select=_split(args.select) if args.select else None,
            ignore=_split(args.ignore),
            extend_select=_split(args.extend_select),
            rules=list(args.rules),
            isolated=args.isolated,
        )
        self.fixed_config: Config | None = None
        if args.config:
            self.fixed_config = load_config_file(args.config)
            if self.fixed_config is None:
                raise PackError(f"{args.config}: no [tool.healthlint] table")
        elif args.isolated:
            self.fixed_config = Config()
        self.linters: dict[tuple, Linter] = {}

    def config_for(self, path: str) -> Config:
        return self.fixed_config if self.fixed_config is not None else discover(path)

    def linter_for(self, config: Config) -> Linter:
        key = (config.path, config.key())
        linter = self.linters.get(key)
        if linter is None:
            linter = self.linters[key] = Linter(config, self.options)
        return linter


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v for v in value.replace(" ", ",").split(",") if v)
    return out


def run_check(args: argparse.Namespace) -> int:
    if args.format not in REPORTERS:
        print(
            f"healthlint: error: unknown format {args.format!r} (choose from "
            f"{', '.join(REPORTERS)})",
            file=sys.stderr,
        )
        return EXIT_ERROR
    session = Session(args)
    errors: list[tuple[str, str]] = []
    paths = list(iter_paths(args.paths or ["."], errors))
    results: list[FileResult] = []
    fail_on = args.fail_on
    for path in paths:
        config = session.config_for(path)
        if fail_on is None and config.fail_on:
            fail_on = config.fail_on
        if path != "-" and config.is_excluded(path):
            continue
        linter = session.linter_for(config)
        try:
            if path == "-":
                text, notices = decode(sys.stdin.buffer.read())
                name = args.stdin_filename or "-"
                result = linter.lint_source(Source(name, text, notices))
            else:
                result = linter.lint_file(path)
        except Exception as exc:  # one broken file must not stop the run
            if args.debug:
                traceback.print_exc()
            result = FileResult(
                path,
                error=f"internal error while linting: {exc!r} (rerun with --debug for a traceback)",
            )
        results.append(result)

    for path, message in errors:
        print(f"{path}: error: {message}", file=sys.stderr)
    for result in results:
        if result.error:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
        for notice in result.notices:
            print(f"{result.path}: warning: {notice}", file=sys.stderr)

    baseline = getattr(args, "baseline", None)
    write_baseline = getattr(args, "write_baseline", None)
    if baseline or write_baseline:
        from healthlint.baseline import apply_baseline

        results = apply_baseline(results, baseline, write_baseline)

    rules = {}
    for linter in session.linters.values():
        rules.update(linter.all_rules)
    sys.stdout.write(get_reporter(args.format).render(results, rules))
    sys.stdout.flush()

    linted = [r for r in results if r.error is None]
    if not linted and (results or errors):
        return EXIT_ERROR
    if not paths and not errors:
        print("healthlint: warning: no files to lint", file=sys.stderr)
    threshold = fail_on or "warning"
    if threshold == "never":
        return EXIT_OK
    worst = [severity_rank(f.severity) for r in linted for f in r.findings]
    if worst and max(worst) >= severity_rank(threshold):
        return EXIT_FINDINGS
    return EXIT_OK
