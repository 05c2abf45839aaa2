"""Huddle: anonymous, safe, live resilience workshops served with Voila."""

__version__ = "0.1.0"

__all__ = ["__version__"]
