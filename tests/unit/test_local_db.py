"""The embedded Postgres's handle list: processes that died without letting go are forgotten, so the last
live process to exit stops the server again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from procare_ai.local_db import HANDLES_FILE, forget_dead_handles


def test_dead_handles_are_dropped_and_live_ones_kept(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (tmp_path / HANDLES_FILE).write_text(json.dumps([gone.pid, os.getpid()]))
    assert forget_dead_handles(tmp_path) == [gone.pid]
    assert json.loads((tmp_path / HANDLES_FILE).read_text()) == [os.getpid()]
    assert forget_dead_handles(tmp_path) == []


def test_no_handle_file_is_nothing_to_forget(tmp_path: Path) -> None:
    assert forget_dead_handles(tmp_path) == []
    (tmp_path / HANDLES_FILE).write_text("not json")
    assert forget_dead_handles(tmp_path) == []
