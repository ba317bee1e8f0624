"""Nearest earlier messages: a persisted HNSW index of recent message vectors.

The database stays the truth: the index only proposes message ids, and every answer
is checked against the stored messages before anyone sees it (a deleted, forgotten
or purged message is never shown, even while its vector is still on its way out).
"""

import contextlib

# usearch's extension, loaded first, shadows symbols OpenVINO's model reader needs
# (reading a converted model then fails, and converting crawls): load OpenVINO first.
with contextlib.suppress(ImportError):
    import openvino  # noqa: F401
