"""The Procfile and the systemd units start every process the app needs, with queues that cover
every task's queue: a queue nobody consumes is a silent outage."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def _queues(command: str) -> set[str]:
    args = shlex.split(command)
    return set(args[args.index("--queues") + 1].split(",")) if "--queues" in args else {"default"}


def _exec_start(unit: Path) -> str:
    (line,) = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    return line.removeprefix("ExecStart=")


def test_the_procfile_runs_web_beat_release_and_workers_for_every_queue():
    processes = _procfile()
    assert {"release", "web", "beat"} <= set(processes)
    workers = [command for command in processes.values() if " worker " in command]
    consumed = set().union(*(_queues(command) for command in workers))
    assert consumed == set(settings.CELERY_QUEUES_ALL)
    assert "migrate" in processes["release"]
    assert "config/gunicorn.py" in processes["web"]


def test_the_systemd_units_cover_every_queue_and_one_beat():
    commands = {unit.stem: _exec_start(unit) for unit in UNITS}
    workers = [command for command in commands.values() if " worker " in command]
    assert set().union(*(_queues(command) for command in workers)) == set(settings.CELERY_QUEUES_ALL)
    assert sum(" beat" in command for command in commands.values()) == 1
    assert any("gunicorn" in command for command in commands.values())


def test_every_unit_reads_the_environment_file_and_names_what_it_runs():
    for unit in UNITS:
        text = unit.read_text()
        if unit.stem == "pitchin-backup":
            continue  # runs as postgres with its own small environment
        assert "EnvironmentFile=/etc/pitchin/env" in text, unit.name
        assert re.search(r"^User=pitchin$", text, re.MULTILINE), unit.name
        program = shlex.split(_exec_start(unit))[0]
        assert program.startswith("/srv/pitchin/.venv/bin/"), unit.name
        assert Path(program).name in {"gunicorn", "celery", "python"}, unit.name


def test_the_gunicorn_config_the_units_name_exists():
    assert (ROOT / "config" / "gunicorn.py").is_file()
