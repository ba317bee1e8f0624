"""Adapters that turn outside formats into plain ``ChatEvent`` values."""
