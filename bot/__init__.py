"""Hamyar: the application (configuration, factories, entry points, middlewares, locales)."""
