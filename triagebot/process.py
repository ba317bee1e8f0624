"""This process's name among the bot processes sharing one database.

Heartbeats are keyed by it and leases are held by it, so it must be stable for the
life of the process and distinct between processes: ``TRIAGEBOT_PROCESS_NAME`` when
set (e.g. the systemd instance name), else ``host:pid``.
"""

from __future__ import annotations

import functools
import os
import socket


@functools.cache
def process_name() -> str:
    named = os.environ.get("TRIAGEBOT_PROCESS_NAME", "").strip()
    return named[:128] if named else f"{socket.gethostname()}:{os.getpid()}"[:128]
