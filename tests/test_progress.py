"""The progress line: shown on a terminal once a build takes a moment, never elsewhere."""

from __future__ import annotations

import io
import time

from conftest import write_site

from qasite import commands
from qasite.tools.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_shows_the_stage_and_the_files_parsed_on_a_terminal():
    screen = Terminal()
    with Progress(screen, delay=0) as progress:
        progress.begin("load")
        progress.advance(3, 12)
        time.sleep(0.3)
    drawn = screen.getvalue()
    assert "load" in drawn and "3/12 files" in drawn and "[######" in drawn
    assert drawn.endswith("\r\x1b[2K")  # cleared before the summary line


def test_progress_line_stays_silent_off_a_terminal(tmp_path):
    pipe = io.StringIO()
    root = write_site(tmp_path / "project")
    with Progress(pipe, delay=0) as progress:
        commands.build(root, root / "site", progress=progress)
    assert pipe.getvalue() == ""


def test_progress_line_waits_before_showing_anything():
    screen = Terminal()
    with Progress(screen, delay=5) as progress:
        progress.begin("render")
    assert screen.getvalue() == ""
