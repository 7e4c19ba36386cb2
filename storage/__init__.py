"""Storage: SQLAlchemy models, repositories, the unit of work, Redis keys; migrations beside it."""
