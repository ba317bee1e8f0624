"""Text written for Discord, shown in a terminal.

The digest is composed once, as the bot posts it (``triagebot.bot.digest_text``), and
``triagebot digest`` and the demo show that same text. Discord's markup reads badly
raw: ``**`` around every title, ``\\[`` where a title had a bracket, ``<https://…>``
(the brackets keep Discord from drawing a preview), ``-# `` before small print. Here
bold becomes terminal bold (plain where the output is not a terminal), escapes and
link brackets go, and small print is dimmed.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

# A backslash before punctuation (Discord's escape), a bold marker, a bracketed link.
_TOKEN = re.compile(r"\\(?P<escaped>[^\w\s])|(?P<bold>\*\*)|<(?P<url>https?://[^\s<>]+)>")
_SMALL = "-# "
_BOLD, _DIM = Style(bold=True), Style(dim=True)


def terminal_text(markdown: str) -> Text:
    """``markdown`` as the terminal should show it; the words are left as they are."""
    out = Text()
    bold = False
    for number, line in enumerate(markdown.split("\n")):
        if number:
            out.append("\n")
        small = line.startswith(_SMALL)
        bold = _append_line(out, line.removeprefix(_SMALL), bold, _DIM if small else Style())
    return out


def _append_line(out: Text, line: str, bold: bool, base: Style) -> bool:
    """Append one line's text; returns whether bold is still open at its end (Discord
    lets bold run over a line break)."""
    at = 0
    for match in _TOKEN.finditer(line):
        out.append(line[at : match.start()], _style(base, bold))
        if match["bold"]:
            bold = not bold
        else:
            out.append(match["escaped"] or match["url"], _style(base, bold))
        at = match.end()
    out.append(line[at:], _style(base, bold))
    return bold


def _style(base: Style, bold: bool) -> Style:
    return base + _BOLD if bold else base
