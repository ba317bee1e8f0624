"""Stopping the bot stops a catch-up still reading, before its connection closes."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from triagebot.bot.catchup import CatchUp


async def test_stop_cancels_a_running_catch_up_and_returns_quietly() -> None:
    catchup = CatchUp(cast(Any, None), cast(Any, None), cast(Any, None), cast(Any, None))
    reading = asyncio.Event()

    async def endless() -> int:
        reading.set()
        await asyncio.sleep(3600)  # a long history, still being read
        return 0

    catchup.run = endless  # type: ignore[method-assign]
    task = catchup.schedule()
    await reading.wait()
    await catchup.stop()
    assert task.cancelled()
    await catchup.stop()  # nothing running: nothing to do
    await catchup.wait()
