"""The headless demo: a scripted morning that a new user can run with no display."""

from __future__ import annotations

import io
import sqlite3
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter.store import driver
from ui.demo.demo_morning import MORNING, run_demo


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One run of the demo (it takes seconds) for every test here: its folder and its output."""
    out = tmp_path_factory.mktemp("demo") / "out"
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        assert run_demo(out) == 0
    return out, buffer.getvalue()


def test_demo_morning_records_every_visit_and_writes_receipts(demo_run: tuple[Path, str]) -> None:
    out, summary = demo_run

    db = driver.connect(out / "desk" / "counter.db")
    states = dict(db.execute("SELECT acceptance_no, state FROM case_record").fetchall())
    assert len(states) == len(MORNING) == 12
    # Decided at the counter; the plain acceptances then went on to the departments.
    assert {"accepted_pending", "correction_requested", "refused"} <= set(states.values())
    assert set(states.values()) <= {"accepted_pending", "correction_requested", "refused",
                                    "submitted", "in_review", "result_ready", "rejected"}
    # Every number the summary shows is in the store, and every accepted case has its receipt.
    for number, state in states.items():
        assert number in summary
        receipt = out / f"{number}-受理回执.pdf"
        assert receipt.exists() == (state not in ("correction_requested", "refused"))
        if receipt.exists():
            assert number in PdfReader(receipt).pages[0].extract_text()
    # Each recorded case is queued for the platform exactly once.
    outbox = db.execute("SELECT count(*), count(DISTINCT case_id) FROM outbox_item").fetchone()
    assert outbox == (12, 12)
    assert "10 accepted with receipts" in summary


def test_demo_morning_round_trip_through_the_demo_platform(demo_run: tuple[Path, str]) -> None:
    """Cases taken with the line cut queue, go out once it is back, and results come back."""
    out, summary = demo_run
    assert "sync with the line cut: offline; 12 waiting to go up" in summary
    assert "line restored" in summary

    desk = driver.connect(out / "desk" / "counter.db")
    platform = sqlite3.connect(out / "desk" / "demo-platform.db")
    ours = {row[0] for row in desk.execute("SELECT id FROM case_record")}
    on_platform = platform.execute("SELECT case_id FROM x_case").fetchall()
    # Every case reached the platform exactly once, and nothing is left to send.
    assert sorted(r[0] for r in on_platform) == sorted(ours)
    assert desk.execute(
        "SELECT count(*) FROM outbox_item WHERE state != 'sent'").fetchone() == (0,)
    # The departments decided what was handed to them, and the desk heard of it.
    states = dict(desk.execute("SELECT acceptance_no, state FROM case_record").fetchall())
    decided = {n for n, s in states.items() if s in ("result_ready", "rejected")}
    assert len(decided) == 9  # the plain acceptances; the others wait at the counter
    serials = dict(desk.execute(
        "SELECT c.acceptance_no, t.serial FROM certificate AS t "
        "JOIN case_record AS c ON c.id = t.case_id").fetchall())
    assert serials and all(states[n] == "result_ready" for n in serials)
    for number in decided:
        line = next(x for x in summary.splitlines() if x.startswith(number) and "受理回执" not in x)
        assert states[number] in line
        assert (serials[number] in line) if number in serials else line.endswith("-")
    assert "9 of 12 cases moved on" in summary
