"""A progress bar on stderr for long runs, only when a person is watching a terminal.

Never in CI logs, pre-commit output or pipes: stderr must be a TTY and ``CI`` unset.
"""

from __future__ import annotations

import os
import sys
import time

MIN_FILES = 50


class Progress:
    def __init__(self, total: int, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.done = 0
        self.enabled = (
            total >= MIN_FILES
            and getattr(self.stream, "isatty", lambda: False)()
            and not os.environ.get("CI")
            and not os.environ.get("PRE_COMMIT")
        )
        self.last_draw = 0.0

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last_draw < 0.1 and self.done < self.total:
            return
        self.last_draw = now
        width = 30
        filled = width * self.done // max(1, self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\rhealthlint [{bar}] {self.done}/{self.total} files")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()
