"""The daily digest: the five things in the community that most need a maintainer."""
