"""``healthlint check``: collect files, lint each with the linter of its config, report.

Each file gets the config found from its own folder upwards (unless ``--config`` or
``--isolated``); one :class:`~healthlint.engine.Linter` is built per distinct config, before any
worker starts, so forked workers share the compiled rules. Results of unchanged files come from
the cache. A file that cannot be read gives one error line on stderr and the run goes on.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import traceback

from healthlint.cache import ResultCache, cache_dir
from healthlint.config import Config, clear_caches, discover, load_config_file
from healthlint.engine import FileResult, Linter, Options
from healthlint.findings import severity_rank
from healthlint.packs import PackError
from healthlint.parsers import format_for_path, parser_for
from healthlint.progress import Progress
from healthlint.reporters import REPORTERS, get_reporter
from healthlint.sources import Source, SourceError, decode, iter_paths, read_source

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: Below this many files a worker pool costs more than it saves.
MIN_FILES_PER_WORKER = 8


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v for v in value.replace(" ", ",").split(",") if v)
    return out


class Session:
    """Configs, linters and the cache for one run, shared by every file (and worker)."""

    def __init__(self, args: argparse.Namespace) -> None:
        clear_caches()
        self.options = Options(
            select=_split(args.select) if args.select else None,
            ignore=_split(args.ignore),
            extend_select=_split(args.extend_select),
            rules=list(args.rules),
            isolated=args.isolated,
        )
        self.debug = args.debug
        self.fixed_config: Config | None = None
        if args.config:
            self.fixed_config = load_config_file(args.config)
            if self.fixed_config is None:
                raise PackError(f"{args.config}: no [tool.healthlint] table")
        elif args.isolated:
            self.fixed_config = Config()
        self.linters: dict[tuple, Linter] = {}
        self.cache: ResultCache | None = None
        if not args.no_cache:
            configured = self.fixed_config.cache_dir if self.fixed_config else None
            self.cache = ResultCache(cache_dir(configured))

    def config_for(self, path: str) -> Config:
        return self.fixed_config if self.fixed_config is not None else discover(path)

    @staticmethod
    def linter_key(config: Config) -> tuple:
        return (config.path, config.key())

    def linter_for(self, config: Config) -> Linter:
        key = self.linter_key(config)
        linter = self.linters.get(key)
        if linter is None:
            linter = self.linters[key] = Linter(config, self.options)
        return linter

    def lint(self, linter: Linter, source: Source) -> FileResult:
        """Lint one decoded file; never raises."""
        try:
            return linter.lint_source(source)
        except Exception as exc:  # one broken file must not stop the run
            if self.debug:
                traceback.print_exc()
            return FileResult(
                source.path,
                error=f"internal error while linting: {exc!r} (rerun with --debug for a traceback)",
            )


_WORKER_SESSION: Session | None = None


def _lint_in_worker(job: tuple[tuple, Source]) -> FileResult:
    assert _WORKER_SESSION is not None
    linter_key, source = job
    return _WORKER_SESSION.lint(_WORKER_SESSION.linters[linter_key], source)


def _lint_all(session: Session, jobs: list[tuple[tuple, Source]], workers: int):
    """Lint (linter key, source) jobs in order, in forked workers when there are enough."""
    workers = min(workers, max(1, len(jobs) // MIN_FILES_PER_WORKER))
    for key in {key for key, _ in jobs}:
        session.linters[key].checks  # noqa: B018 - compile before any worker forks
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for key, source in jobs:
            yield session.lint(session.linters[key], source)
        return
    for key in {key for key, _ in jobs}:
        for check in session.linters[key].checks:
            check.prepare()
    for fmt in {format_for_path(source.path) or "text" for _, source in jobs}:
        parser_for(fmt)  # import once here, not once per worker
    global _WORKER_SESSION
    _WORKER_SESSION = session  # inherited by the forked workers with every compiled linter
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers) as pool:
            yield from pool.imap(_lint_in_worker, jobs, chunksize=4)
    finally:
        _WORKER_SESSION = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


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
    paths: list[str] = []
    fail_on = args.fail_on
    stdin = False
    for path in iter_paths(args.paths or ["."], errors):
        if path == "-":
            stdin = True
            continue
        config = session.config_for(path)
        if fail_on is None and config.fail_on:
            fail_on = config.fail_on
        if not config.is_excluded(path):
            paths.append(path)

    results: list[FileResult] = []
    if stdin:
        text, notices = decode(sys.stdin.buffer.read())
        name = args.stdin_filename or "-"
        linter = session.linter_for(session.config_for(name))
        results.append(session.lint(linter, Source(name, text, notices)))

    # Read every file and serve unchanged ones from the cache; lint the rest.
    slots: list[FileResult | None] = []
    jobs: list[tuple[tuple, Source]] = []
    pending: list[tuple[int, str | None]] = []
    for path in paths:
        config = session.config_for(path)
        linter = session.linter_for(config)
        try:
            source = read_source(path)
        except SourceError as exc:
            slots.append(FileResult(path, error=str(exc)))
            continue
        key = None
        if session.cache is not None:
            key = ResultCache.key(source.digest, linter.cache_key(path))
            cached = session.cache.get(key, path)
            if cached is not None:
                slots.append(cached)
                continue
        pending.append((len(slots), key))
        slots.append(None)
        jobs.append((session.linter_key(config), source))

    progress = Progress(len(jobs))
    linted = _lint_all(session, jobs, args.jobs or default_jobs())
    for (index, key), result in zip(pending, linted, strict=True):
        slots[index] = result
        if key is not None and session.cache is not None:
            session.cache.put(key, result)
        progress.advance()
    progress.close()
    results.extend(r for r in slots if r is not None)
    return report(args, session, results, errors, fail_on)


def report(args, session: Session, results: list[FileResult], errors, fail_on) -> int:
    for path, message in errors:
        print(f"{path}: error: {message}", file=sys.stderr)
    for result in results:
        if result.error:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
        for notice in result.notices:
            print(f"{result.path}: warning: {notice}", file=sys.stderr)

    if args.baseline or args.write_baseline:
        from healthlint.baseline import apply_baseline

        results = apply_baseline(results, args.baseline, args.write_baseline)

    rules = {}
    for linter in session.linters.values():
        rules.update(linter.all_rules)
    sys.stdout.write(get_reporter(args.format).render(results, rules))
    sys.stdout.flush()

    linted = [r for r in results if r.error is None]
    if not linted and (results or errors):
        return EXIT_ERROR
    if not results and not errors:
        print("healthlint: warning: no files to lint", file=sys.stderr)
    threshold = fail_on or "warning"
    if threshold == "never":
        return EXIT_OK
    worst = [severity_rank(f.severity) for r in linted for f in r.findings]
    if worst and max(worst) >= severity_rank(threshold):
        return EXIT_FINDINGS
    return EXIT_OK
