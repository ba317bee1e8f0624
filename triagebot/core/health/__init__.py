"""Health: make a silent failure visible.

A bot that stopped storing messages looks exactly like a quiet community unless
someone checks. Each process writes a heartbeat; :func:`assess` judges heartbeats,
issue syncs and digests into ok / warn / fail checks with reasons, for
``triagebot status``, the moderator-channel warning and ``/healthz``. Pure: no
discord, no SQL, ``now`` is passed in.
"""

from triagebot.core.health.alerts import Alerts, Recovery
from triagebot.core.health.as_json import status_json
from triagebot.core.health.checks import assess, digest_due
from triagebot.core.health.model import (
    Check,
    DigestSchedule,
    GatewayState,
    Heartbeat,
    Level,
    Limits,
    Observation,
    PostedDigest,
    ProcessView,
    RepoSync,
    Status,
    SyncState,
    WebhookState,
    duration,
)

__all__ = [
    "Alerts",
    "Check",
    "DigestSchedule",
    "GatewayState",
    "Heartbeat",
    "Level",
    "Limits",
    "Observation",
    "PostedDigest",
    "ProcessView",
    "Recovery",
    "RepoSync",
    "Status",
    "SyncState",
    "WebhookState",
    "assess",
    "digest_due",
    "duration",
    "status_json",
]
