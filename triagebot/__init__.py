"""triagebot: a self-hosted Discord triage bot for open-source maintainers."""

__version__ = "0.1.0"
