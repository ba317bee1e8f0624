"""Storage: SQLAlchemy 2.0 models, engines and queries. The only place that writes SQL."""
