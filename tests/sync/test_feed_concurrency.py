"""No reader ever skips a change while writers publish concurrently, in threads or processes.

Each writer publishes its changes and then holds its transaction open a
moment before committing — the window in which a reader paging by row id
would see a later id commit first and pass the earlier one over for good.
A reader pages through the office's feed the whole time, as a desk does,
and must end with every change exactly once, each stream in order.
On PostgreSQL (CI's second pass) the transactions really overlap.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from sync.server.db import make_engine, session_scope
from sync.server.feed import EVERY_OFFICE, NewChange, publish, read_page_json
from sync.server.schema import prepare
from tests.sync.conftest import OFFICE_A, OFFICE_B, platform_engine

AT = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


def _change(office: str, tag: str, n: int) -> NewChange:
    if office == EVERY_OFFICE:
        body = {"kind": "catalog_updated", "version": n}
    else:
        body = {"kind": "case_state", "case_id": tag, "acceptance_no": "N", "state": "in_review"}
    # Instants deliberately out of step with commit order, as clocks of several workers are.
    return NewChange(office, body, AT + timedelta(milliseconds=random.randint(0, 50)))


def write(url: str, writer: int, transactions: int, seed: int) -> list[str]:
    """Publish `transactions` small batches, each held open a moment after publishing."""
    engine = make_engine(url)
    rng = random.Random(seed)
    written: list[str] = []
    try:
        for t in range(transactions):
            tags = [f"w{writer}-t{t}-{k}" for k in range(rng.randint(1, 4))]
            news = [_change(rng.choice((OFFICE_A, OFFICE_A, OFFICE_B)), tag, 0) for tag in tags]
            if rng.random() < 0.1:
                news.append(_change(EVERY_OFFICE, "", writer * 1000 + t))
            with session_scope(engine) as session:
                publish(session, news)
                time.sleep(rng.random() * 0.004)
            written += [n.body["case_id"] for n in news if n.office_code == OFFICE_A]
    finally:
        engine.dispose()
    return written


def _write_in_child(url: str, writer: int, transactions: int, seed: int, out) -> None:  # type: ignore[no-untyped-def]
    out.put(write(url, writer, transactions, seed))


class Reader(threading.Thread):
    """Pages through office A's feed until told to stop and the feed is drained."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.cursor: str | None = None
        self.seen: list[str] = []
        self.positions: dict[str, list[int]] = {"c": [], "g": []}
        self.writers_done = threading.Event()
        self.error: BaseException | None = None

    def page(self) -> bool:
        with session_scope(self.engine) as session:
            page = json.loads(read_page_json(session, OFFICE_A, self.cursor, 7))
        for change in page["changes"]:
            self.positions[change["change_id"][0]].append(int(change["change_id"][1:]))
            if change["kind"] == "case_state":
                self.seen.append(change["case_id"])
        self.cursor = page["next_cursor"]
        return page["has_more"]

    def run(self) -> None:
        try:
            while not self.writers_done.is_set():
                self.page()
            while self.page():
                pass
        except Exception as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


def _check(reader: Reader, written: list[str]) -> None:
    assert reader.error is None, reader.error
    assert len(reader.seen) == len(set(reader.seen)), "a change was delivered twice"
    assert sorted(reader.seen) == sorted(written), (
        f"{len(set(written) - set(reader.seen))} change(s) never delivered"
    )
    for stream, positions in reader.positions.items():
        assert positions == list(range(1, len(positions) + 1)), f"stream {stream} out of order"


def _engine(tmp_path: Path) -> Engine:
    engine = platform_engine(tmp_path)
    prepare(engine, seed_demo=False)
    return engine


def test_concurrent_writer_threads_never_make_a_reader_skip_a_change(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    reader = Reader(engine)
    reader.start()
    results: list[list[str]] = []
    threads = [
        threading.Thread(target=lambda w=w: results.append(write(str(engine.url), w, 40, w)))
        for w in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    reader.writers_done.set()
    reader.join(timeout=60)
    _check(reader, [tag for batch in results for tag in batch])
    engine.dispose()


def test_concurrent_writer_processes_never_make_a_reader_skip_a_change(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    url = engine.url.render_as_string(hide_password=False)
    reader = Reader(engine)
    reader.start()
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    children = [
        context.Process(target=_write_in_child, args=(url, w, 30, 100 + w, out)) for w in range(3)
    ]
    for child in children:
        child.start()
    written = [tag for _ in children for tag in out.get(timeout=120)]
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    reader.writers_done.set()
    reader.join(timeout=60)
    _check(reader, written)
    engine.dispose()
