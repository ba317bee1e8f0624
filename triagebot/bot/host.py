"""The client as its buttons see it: a bot that carries its finished services.

Buttons posted before a restart are rebuilt from their ``custom_id`` alone, so they
find what to call through the client that received the press. ``ServiceHost`` is
that client's type: ``TriageBot`` is one, and a button asks ``services_of``.
"""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands

from triagebot.triage.services import Services


class ServiceHost(commands.AutoShardedBot):
    services: Services


def services_of(interaction: discord.Interaction[Any]) -> Services | None:
    client = interaction.client
    return client.services if isinstance(client, ServiceHost) else None
