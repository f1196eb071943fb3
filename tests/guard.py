"""A guard against hangs for tests of pathological input: the test fails if it runs past a
generous limit (a quadratic or unbounded case takes minutes, a linear one well under a second).
It guards against blowing up; it measures no speed (that is the benchmark's job)."""

from __future__ import annotations

import functools
import signal

HANG = 60  # seconds: far beyond any linear case on a loaded machine


def never_hangs(test):
    @functools.wraps(test)
    def guarded(*args, **kwargs):
        def stop(signum, frame):
            raise AssertionError(f"{test.__name__} ran past {HANG} s: unbounded work")

        previous = signal.signal(signal.SIGALRM, stop)
        signal.alarm(HANG)
        try:
            return test(*args, **kwargs)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return guarded
