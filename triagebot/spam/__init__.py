"""Spam in the pipeline: scoring each new message and opening incidents."""
