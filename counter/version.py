"""The installed version of Counter Desk: what a desk tells the platform and shows in About."""

from __future__ import annotations

from importlib import metadata


def app_version() -> str:
    """The package's version, or "" when running from a tree that is not installed."""
    try:
        return metadata.version("counter-desk")
    except metadata.PackageNotFoundError:
        return ""
