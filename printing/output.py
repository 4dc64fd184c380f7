"""Writing a finished document to disk."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(target: Path, pdf: bytes) -> Path:
    """Write `pdf` to `target` through a synced temporary file; never a half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as fh:
        fh.write(pdf)
        fh.flush()
        os.fsync(fh.fileno())
    partial.replace(target)
    return target
