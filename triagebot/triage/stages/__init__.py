"""The stages a stored batch goes through, in the order they run — written only here.

1. ``embed``: every stored text gets its vector, once per distinct text;
2. ``match``: substantive messages against the open issues (demand, hints);
3. ``hint``: the hints those matches earn are claimed, to be posted after the commit;
4. ``spam``: messages stored for the first time are scored; incidents open or grow;
5. ``index``: the index of recent messages follows what was stored or deleted.

Each stage reads what the earlier ones put on the ``Batch`` (the vectors, the
matches) and adds its own; none knows who runs it. All run inside the batch's one
unit of work (see ``triage.pipeline``).
"""

from __future__ import annotations

from triagebot.triage.pipeline import Stage
from triagebot.triage.stages.embed import EmbedStage
from triagebot.triage.stages.hint import HintStage
from triagebot.triage.stages.index import IndexStage
from triagebot.triage.stages.match import MatchStage
from triagebot.triage.stages.spam import SpamStage


def in_flow_order(
    *,
    embed: EmbedStage | None = None,
    match: MatchStage | None = None,
    hint: HintStage | None = None,
    spam: SpamStage | None = None,
    index: IndexStage | None = None,
) -> list[Stage]:
    """The stages that are switched on, in the order of the flow."""
    return [stage for stage in (embed, match, hint, spam, index) if stage is not None]
