from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_concurrent_writers_on_the_sqlite_file_never_see_database_is_locked(tmp_path):
    # A file database (the in-memory test database cannot show locking), written by several
    # processes at once with the project's settings: WAL, busy timeout, IMMEDIATE transactions.
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "k" * 50,
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.sqlite_writers"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    failures, rows = map(int, result.stdout.split())
    assert failures == 0
    assert rows == 4 * 40
