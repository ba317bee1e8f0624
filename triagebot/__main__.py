"""``python -m triagebot``: the same command line as ``triagebot``."""

from triagebot.cli import main

main()
