"""Processes starting at once on one fresh PostgreSQL database all come up: they take
turns at the migration instead of creating the same tables twice."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from tests.conftest import _postgres_url
from triagebot.store import migrate
from triagebot.store.engine import make_engine

MIGRATE = "import sys; from triagebot.store import migrate, engine; " + (
    "migrate.upgrade(engine.make_engine(sys.argv[1]))"
)


def test_processes_migrating_one_database_together_all_succeed(postgres_server: Any) -> None:
    for attempt in range(2):  # without the lock, every attempt lost a process
        name = f"together_{attempt}"
        postgres_server.psql(f"CREATE DATABASE {name};")
        url = _postgres_url(postgres_server, name)
        processes = [
            subprocess.Popen([sys.executable, "-c", MIGRATE, url], stderr=subprocess.PIPE)
            for _ in range(3)
        ]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err.decode()[-2000:]
        engine = make_engine(url)
        try:
            assert migrate.current_revision(engine) == migrate.head_revision()
        finally:
            engine.dispose()
