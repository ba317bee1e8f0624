"""The systemd units leave writable every path the bot writes under them.

``ProtectSystem=strict`` makes the whole disk read-only except the unit's own
directories (StateDirectory=, CacheDirectory=, ReadWritePaths=), and the service
user's home (``/opt/triagebot``, README's ``useradd``) is part of that read-only
disk. A cache or index path left at its home-directory default cannot be written,
and the bot quietly does without: the OpenVINO conversion is not kept (back to
torch), the index of recent messages is not saved. Each path here is computed by
the package's own code, with the environment the unit sets, so a unit and the code
cannot drift apart unnoticed.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from sqlalchemy.engine import make_url

from triagebot.config import DatabaseSettings
from triagebot.embeddings.model import default_cache_dir
from triagebot.index.files import default_index_path

ROOT = Path(__file__).resolve().parents[1]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
POSTGRES = "postgresql+psycopg://triagebot@db.example/triagebot"


def service_section(unit: Path) -> list[tuple[str, str]]:
    """The [Service] section's ``Key=value`` lines in order (keys may repeat)."""
    section, lines = "", []
    for raw in unit.read_text(encoding="utf-8").splitlines():
        text = raw.strip()
        if not text or text.startswith(("#", ";")):
            continue
        if text.startswith("["):
            section = text
        elif section == "[Service]" and "=" in text:
            key, _, value = text.partition("=")
            lines.append((key.strip(), value.strip()))
    return lines


def environment(lines: list[tuple[str, str]]) -> dict[str, str]:
    """Environment= assignments (space-separated, optionally quoted), later ones win."""
    found: dict[str, str] = {}
    for key, value in lines:
        if key == "Environment":
            for word in shlex.split(value):
                name, _, setting = word.partition("=")
                found[name] = setting
    return found


def writable(lines: list[tuple[str, str]]) -> list[PurePosixPath]:
    roots = {"StateDirectory": "/var/lib", "CacheDirectory": "/var/cache"}
    found = []
    for key, value in lines:
        for word in value.split():
            if key in roots:
                found.append(PurePosixPath(roots[key]) / word.split(":")[0])
            elif key == "ReadWritePaths":
                found.append(PurePosixPath(word.lstrip("-+")))
    return found


def service_home() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"useradd [^\n]*--home-dir (\S+)", readme)
    assert match, "README's systemd set-up creates the service user with --home-dir"
    return match.group(1)


def written_paths(lines: list[tuple[str, str]]) -> Iterator[tuple[str, PurePosixPath]]:
    """What the bot writes under the unit, by its own defaults (the unit's env applied)."""
    env = environment(lines)
    workdir = PurePosixPath(dict(lines)["WorkingDirectory"])
    sqlite = make_url(DatabaseSettings().url).database or ""
    yield "the default SQLite database", workdir / sqlite
    beside = default_index_path(DatabaseSettings().url)
    assert beside is not None
    yield "the index beside it", workdir / str(beside)
    on_postgres = default_index_path(POSTGRES)
    assert on_postgres is not None
    yield "the index of a PostgreSQL database (INDEX_PATH unset)", PurePosixPath(on_postgres)
    yield "the converted OpenVINO model (EMBED_CACHE_DIR unset)", PurePosixPath(default_cache_dir())
    cache_home = env.get("XDG_CACHE_HOME") or f"{service_home()}/.cache"
    hub = env.get("HF_HOME") or f"{cache_home}/huggingface"
    yield "downloaded models (HF_HOME)", PurePosixPath(hub)


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_every_path_the_bot_writes_is_writable_under_the_unit(
    unit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = service_section(unit)
    assert ("ProtectSystem", "strict") in lines  # what makes the rest read-only
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "HF_HOME", "EMBED_CACHE_DIR", "INDEX_PATH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", service_home())
    for name, value in environment(lines).items():
        monkeypatch.setenv(name, value)
    roots = writable(lines)
    outside = [
        f"{what}: {path}"
        for what, path in written_paths(lines)
        if not any(path.is_relative_to(root) for root in roots)
    ]
    assert not outside, f"{unit.name} leaves read-only: " + "; ".join(outside)


def test_both_units_are_checked() -> None:
    assert [u.name for u in UNITS] == ["triagebot.service", "triagebot@.service"]
