"""Running an async fake server on its own event loop in a daemon thread.

The GitHub and OpenAI clients are synchronous and run in worker threads; their fakes
must keep serving while the test's own code blocks on a request.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TypeVar


class Startable(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


S = TypeVar("S", bound=Startable)


@contextmanager
def serving_in_thread(fake: S, name: str) -> Iterator[S]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name=name, daemon=True)
    thread.start()
    try:
        asyncio.run_coroutine_threadsafe(fake.start(), loop).result(timeout=10)
        yield fake
    finally:
        try:
            asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(timeout=10)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            loop.close()
