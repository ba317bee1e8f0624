"""The wave tracker on hand-made sightings: exact copies, near copies, the window."""

from __future__ import annotations

import numpy as np

from triagebot.core.spam.waves import Sighting, WaveTracker, text_hash

SCAM = text_hash("free nitro for everyone")


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def tracker(**changes: float) -> WaveTracker:
    settings = {"window_seconds": 60.0, "near_cosine": 0.9, "capacity": 64, **changes}
    return WaveTracker(
        window_seconds=settings["window_seconds"],
        near_cosine=settings["near_cosine"],
        capacity=int(settings["capacity"]),
    )


def test_a_lone_message_is_no_wave() -> None:
    report = tracker().observe(Sighting(at=0, author_id=1, channel_id=10, text_hash=SCAM))
    assert report.copies == 1 and report.wave_key is None and report.earlier_ids == ()


def test_exact_copies_across_channels_count_channels_authors_and_ids() -> None:
    waves = tracker()
    for n, (author, channel) in enumerate([(1, 10), (1, 11), (2, 12)]):
        report = waves.observe(
            Sighting(at=n * 5, author_id=author, channel_id=channel, text_hash=SCAM, message_id=n)
        )
    assert (report.copies, report.channels, report.authors) == (3, 3, 2)
    assert report.exact and report.earlier_ids == (0, 1)
    assert report.wave_key is not None and report.wave_key.startswith("wave-")


def test_reworded_copies_join_by_cosine_and_share_the_first_copys_key() -> None:
    waves = tracker()
    first = waves.observe(
        Sighting(at=0, author_id=1, channel_id=10, text_hash=1, vector=unit(1, 0, 0))
    )
    second = waves.observe(
        Sighting(at=1, author_id=2, channel_id=11, text_hash=3, vector=unit(1, 0.45, 0))
    )
    # The third is near the second only: it still joins the same wave.
    third = waves.observe(
        Sighting(at=2, author_id=3, channel_id=12, text_hash=5, vector=unit(1, 0.9, 0))
    )
    assert first.wave_key is None
    assert second.wave_key is not None and second.wave_key == third.wave_key
    assert not third.exact and third.channels == 3 and third.authors == 3


def test_unrelated_vectors_do_not_join() -> None:
    waves = tracker()
    waves.observe(Sighting(at=0, author_id=1, channel_id=10, text_hash=1, vector=unit(1, 0, 0)))
    report = waves.observe(
        Sighting(at=1, author_id=2, channel_id=11, text_hash=3, vector=unit(0, 1, 0))
    )
    assert report.copies == 1


def test_copies_older_than_the_window_are_forgotten() -> None:
    waves = tracker(window_seconds=60)
    waves.observe(Sighting(at=0, author_id=1, channel_id=10, text_hash=SCAM))
    report = waves.observe(Sighting(at=61, author_id=1, channel_id=11, text_hash=SCAM))
    assert report.copies == 1


def test_memory_is_bounded_by_capacity() -> None:
    waves = tracker(capacity=8, window_seconds=1e9)
    for n in range(20):
        waves.observe(Sighting(at=n, author_id=n, channel_id=n, text_hash=SCAM, vector=unit(1, 0)))
    report = waves.observe(Sighting(at=21, author_id=99, channel_id=99, text_hash=SCAM))
    assert report.copies == 9  # the eight remembered, and this one
    assert waves._vectors is not None and waves._vectors.shape == (8, 2)


def test_author_activity_counts_channels_and_attachments_of_any_text() -> None:
    waves = tracker()
    for n in range(4):
        report = waves.observe(Sighting(at=n, author_id=7, channel_id=100 + n, attachments=2))
    assert report.author_channels == 4 and report.author_attachments == 8
    assert report.wave_key is None  # no text to compare


def test_huge_ids_and_mismatched_vectors_are_tolerated() -> None:
    waves = tracker()
    waves.observe(Sighting(at=0, author_id=2**64 - 1, channel_id=-5, vector=unit(1, 0)))
    report = waves.observe(Sighting(at=1, author_id=1, channel_id=1, vector=unit(1, 0, 0)))
    assert report.copies == 1


def test_a_batch_is_reported_exactly_as_one_message_at_a_time() -> None:
    """Batches compare vectors in matrix products; the reports must not change, also
    when the batch wraps the ring and overwrites slots its own earlier messages hold."""
    rng = np.random.default_rng(7)
    themes = rng.normal(size=(5, 8)).astype(np.float32)
    sightings = []
    for n in range(300):
        vector = themes[n % 5] + rng.normal(scale=0.3, size=8).astype(np.float32)
        sightings.append(
            Sighting(
                at=n * 0.5,
                author_id=int(rng.integers(4)),
                channel_id=int(rng.integers(6)),
                text_hash=text_hash(str(n % 7)) if n % 3 else None,
                vector=None if n % 11 == 0 else vector / np.linalg.norm(vector),
                message_id=n,
                attachments=n % 2,
            )
        )
    one_by_one, batched = tracker(capacity=32), tracker(capacity=32)
    expected = [one_by_one.observe(s) for s in sightings]
    got = [r for start in range(0, 300, 50) for r in batched.observe_many(sightings[start:][:50])]
    assert got == expected
    assert sum(r.wave_key is not None for r in got) > 100  # the stream does form waves
