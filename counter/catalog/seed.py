"""The service catalog a new installation starts with, read from `catalog_seed.toml`.

The data file beside this module describes the general counters of the
government service hall of Qingxu County (清徐县): the everyday items of eight
departments that a one-window hall takes in and hands on to the deciding
department (its header comment explains the codes and the fields). The
platform replaces it with its own catalog updates (higher `version`) once the
counter is online.
"""

from __future__ import annotations

from pathlib import Path

from counter.catalog.file import load_catalog

__all__ = ["SEED_CATALOG", "SEED_FILE"]

SEED_FILE = Path(__file__).with_name("seed.toml")

SEED_CATALOG = load_catalog(SEED_FILE)
"""The catalog a new installation starts with (version 1)."""
