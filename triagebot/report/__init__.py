"""A self-contained HTML report: the digest, demand over time, uncovered topics, spam."""
