"""One thread budget for the encoder and numpy.

The encoder (OpenVINO or torch) and numpy's BLAS (the similarity search) each start a
pool with a thread per core. On a two-core machine the idle-spinning BLAS threads
steal the cores the encoder is computing on; holding BLAS to one thread keeps the
encoder at full speed, while matrix-vector searches lose nothing (they are memory
bound).
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def limit_blas() -> None:
    """Hold numpy's BLAS to one thread (the encoder has the cores)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def share_torch_threads(torch_threads: int = 0) -> None:
    """Give torch ``torch_threads`` (0: every core); imports torch, so only for the
    torch backends."""
    import torch

    torch.set_num_threads(torch_threads or os.cpu_count() or 1)
    log.debug("torch threads: %d, BLAS threads: 1", torch.get_num_threads())
