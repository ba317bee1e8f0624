"""Spam scoring: pure decisions from a message's text, links, mentions, author, and the
recent stream (waves), weighed into a score with its reasons.

    signals   links, look-alike brands, invites, mentions, scam wording (one message)
    families  scam families as combinations of wording and link (money, cracks, jobs,
              image dumps, unauthorised @everyone), official pages against
    waves     the same or near-same text across channels and accounts (the stream)
    exemplars nearest labelled spam and ham (a seed, grown by moderator verdicts)
    evidence  signals → log-odds and reasons (family_evidence for the families)
    model     the learned scorer beside the rules (opt-in; trained by training.py)
    score     SpamScorer: SpamInput → SpamVerdict
"""

from triagebot.core.spam.exemplars import ExemplarBank, ExemplarVote, Label, build_bank
from triagebot.core.spam.policy import SpamPolicy
from triagebot.core.spam.score import SpamInput, SpamScorer, SpamVerdict
from triagebot.core.spam.seed_exemplars import seed_examples
from triagebot.core.spam.waves import WaveTracker

__all__ = [
    "ExemplarBank",
    "ExemplarVote",
    "Label",
    "SpamInput",
    "SpamPolicy",
    "SpamScorer",
    "SpamVerdict",
    "WaveTracker",
    "build_bank",
    "seed_examples",
]
