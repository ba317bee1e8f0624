"""One thread budget for torch and numpy.

Torch (the encoder) and numpy's BLAS (the similarity search) each start a pool with a
thread per core. On a two-core machine the idle-spinning BLAS threads steal the cores
torch is computing on; holding BLAS to one thread keeps the encoder at full speed,
while matrix-vector searches lose nothing (they are memory bound).
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)

_applied = False


def share_cores(torch_threads: int = 0) -> None:
    """Give torch ``torch_threads`` (0: every core) and BLAS one thread. Idempotent."""
    global _applied
    if _applied:
        return
    import torch
    from threadpoolctl import threadpool_limits

    cores = os.cpu_count() or 1
    torch.set_num_threads(torch_threads or cores)
    threadpool_limits(limits=1, user_api="blas")
    _applied = True
    log.debug("torch threads: %d, BLAS threads: 1", torch.get_num_threads())
