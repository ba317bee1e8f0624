"""The ranges of the command line's numeric options, in one place.

Every number a user types is checked by click before anything runs, so a negative
period or an id too long for the database is one usage line, not a traceback (or,
worse, a query that quietly means something else: ``LIMIT -1`` is no limit at all).
"""

from __future__ import annotations

import click

# A hundred years: a longer period starts before year 1, which dates cannot hold.
DAYS = click.IntRange(1, 36_500)
# Discord ids are positive 64-bit snowflakes; SQLite's INTEGER holds no more.
DISCORD_ID = click.IntRange(1, 2**63 - 1)
# How many rows a listing shows.
ROWS = click.IntRange(1, 10_000)
