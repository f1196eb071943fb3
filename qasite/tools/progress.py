"""A progress line on a terminal, for builds that take more than a moment.

Nothing is shown for a build that ends within ``DELAY`` seconds, nor when the output is not a
terminal (CI, a pipe, a test); otherwise one line is redrawn in place: the stage, a bar of the
files parsed (when the parse stage knows them) and the time so far. It is cleared at the end,
before the one-line summary.
"""

from __future__ import annotations

import sys
import threading
import time

DELAY = 1.5
WIDTH = 24


class Progress:
    def __init__(self, stream=None, delay: float = DELAY):
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.stage = "starting"
        self.done = 0
        self.total = 0
        self._start = time.monotonic()
        self._stop = threading.Event()
        self._drawn = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if getattr(self.stream, "isatty", lambda: False)():
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

    def begin(self, stage: str) -> None:
        self.stage, self.done, self.total = stage, 0, 0

    def advance(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def line(self) -> str:
        elapsed = time.monotonic() - self._start
        if self.total:
            filled = int(WIDTH * self.done / self.total)
            bar = "#" * filled + "-" * (WIDTH - filled)
            return f"{self.stage:8} [{bar}] {self.done:,}/{self.total:,} files  {elapsed:5.1f} s"
        return f"{self.stage:8} {elapsed:5.1f} s"

    def _run(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            self.stream.write("\r\x1b[2K" + self.line())
            self.stream.flush()
            self._drawn = True
            self._stop.wait(0.2)
