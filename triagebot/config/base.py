"""What every settings section shares: the ``.env`` file and id lists."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[frozenset[int], NoDecode]


def parse_ids(value: Any) -> Any:
    """Accept "1,2 3" from the environment as well as real lists."""
    if isinstance(value, str):
        parts = [p for p in value.replace(",", " ").split() if p]
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            raise ValueError(f"expected numeric Discord ids separated by commas, got {bad[0]!r}")
        return frozenset(int(p) for p in parts)
    return value


class Section(BaseSettings):
    # An empty variable (as in .env.example) means "use the default".
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", frozen=True, env_ignore_empty=True
    )
