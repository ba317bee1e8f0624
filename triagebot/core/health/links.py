"""The gateway connections of one process, folded into one :class:`GatewayState`.

A process may run several shards, each with its own websocket that drops and comes
back on its own. The process counts as disconnected while any shard it should run is
down, since the moment the longest-down one went; a shard never seen connected is
down since the process started.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from triagebot.core.health.model import GatewayState

Shard = int | None  # None: the single connection of an unsharded client


class ShardLinks:
    def __init__(self, started_at: datetime) -> None:
        self.started_at = started_at
        self._links: dict[Shard, GatewayState] = {}

    def changed(self, shard: Shard, *, connected: bool, at: datetime) -> None:
        current = self._links.get(shard)
        if current is None or current.connected != connected:
            self._links[shard] = GatewayState(connected, at)

    def state(self, shards: Iterable[Shard]) -> GatewayState:
        """The fold over ``shards``, the ones this process should be running."""
        never = GatewayState(False, self.started_at)
        links = [self._links.get(shard, never) for shard in shards]
        if not links:
            return never
        down = [link.since for link in links if not link.connected]
        if down:
            return GatewayState(False, min(down))
        return GatewayState(True, max(link.since for link in links))
