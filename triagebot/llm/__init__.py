"""The language model's one job: the short summaries in the daily digest.

Only a bounded evidence packet (the top topics' excerpts, mentions stripped) is sent;
every call is recorded in a token ledger, a daily budget is enforced, and whatever
goes wrong the digest still gets extractive summaries (DESIGN rule 6).
"""
