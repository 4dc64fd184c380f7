"""The headless demo: a scripted morning that a new user can run with no display."""

from __future__ import annotations

import io
import sqlite3
from contextlib import redirect_stdout
from pathlib import Path

from pypdf import PdfReader

from ui.demo_morning import MORNING, run_demo


def test_demo_morning_records_every_visit_and_writes_receipts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        assert run_demo(out) == 0
    summary = buffer.getvalue()

    db = sqlite3.connect(out / "desk" / "counter.db")
    states = dict(db.execute("SELECT acceptance_no, state FROM case_record").fetchall())
    assert len(states) == len(MORNING) == 12
    assert sorted(set(states.values())) == [
        "accepted", "accepted_pending", "correction_requested", "refused"]
    # Every number the summary shows is in the store, and every accepted case has its receipt.
    for number, state in states.items():
        assert number in summary
        receipt = out / f"{number}-受理回执.pdf"
        assert receipt.exists() == (state in ("accepted", "accepted_pending"))
        if receipt.exists():
            assert number in PdfReader(receipt).pages[0].extract_text()
    # Each recorded case is queued for the platform exactly once.
    outbox = db.execute("SELECT count(*), count(DISTINCT case_id) FROM outbox_item").fetchone()
    assert outbox == (12, 12)
    assert "10 accepted with receipts" in summary
