"""A desk restored from a backup never issues again a number a citizen holds.

The numbers issued after the backup and lost with the store are known to the
platform, which saw the desk's uploads: `counter-desk restore` asks it, and a
restore that could not ask leaves the question to the next sync, which asks
before it sends anything. A number issued twice all the same is refused by the
platform, with its reason in the desk's dead letters, never taken twice.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from counter.bootstrap import open_desk
from counter.exchange import sync_state
from counter.intake.numbering import parse
from counter.settings import DATABASE_FILE, load_settings, save_settings
from counter.store.restore import restore
from counter.users import Actor
from sync.server.db import session_scope
from tests.counter.store.test_restore import backup_of, take_cases
from tests.sync.engine_support import Live, live_fixture, make_engine  # noqa: F401 - fixture
from tests.test_cli import counter_desk


def _sync(folder: Path, live: Live) -> object:
    """One pass of the engine on the desk in `folder`; its report, with the dead letters."""
    opened = open_desk(folder)
    try:
        report = make_engine(opened.desk, live.url, live.token).run_once()
        with opened.desk.store.read() as session:
            report.dead_letters = sync_state.dead_letters(session, limit=10)  # type: ignore[attr-defined]
        return report
    finally:
        opened.desk.store.dispose()


def _take(folder: Path, clerk: Actor, count: int) -> list[int]:
    return [parse(number).seq for number in take_cases(folder, clerk, count)]


def _lost_after_five(folder: Path, clerk: Actor, live: Live, tmp_path: Path) -> Path:
    """Two cases, a backup, three more cases sent to the platform; then the store is lost."""
    save_settings(replace(load_settings(folder), exchange_url=live.url,
                          exchange_token=live.token), folder)
    assert _take(folder, clerk, 2) == [1, 2]
    taken = backup_of(folder, tmp_path / "backup.db")
    assert _take(folder, clerk, 3) == [3, 4, 5]
    assert _sync(folder, live).sent == 5  # type: ignore[attr-defined]
    (folder / DATABASE_FILE).unlink()
    return taken


def _platform_cases(live: Live) -> int:
    from sqlmodel import func, select

    from sync.server.tables import PlatformCase

    with session_scope(live.platform.engine) as session:
        return session.exec(select(func.count()).select_from(PlatformCase)).one()


def test_counter_desk_restore_asks_the_platform_for_the_last_number(
    desk_dir: Path, clerk: Actor, live: Live, tmp_path: Path
) -> None:
    taken = _lost_after_five(desk_dir, clerk, live, tmp_path)
    done = counter_desk(desk_dir, "restore", str(taken))
    assert done.returncode == 0, done.stderr
    assert "numbering of 140121-01-20260302 continues after 0005, the last number issued" in (
        done.stdout.splitlines())
    assert "could not be asked" not in done.stdout
    assert _take(desk_dir, clerk, 1) == [6]
    report = _sync(desk_dir, live)
    # The two cases the backup holds as unsent go again and are answered as duplicates.
    assert (report.sent, report.duplicates, report.dead) == (3, 2, 0)  # type: ignore[attr-defined]
    assert _platform_cases(live) == 6


def test_a_restore_offline_leaves_the_question_to_the_next_sync(
    desk_dir: Path, clerk: Actor, live: Live, tmp_path: Path
) -> None:
    taken = _lost_after_five(desk_dir, clerk, live, tmp_path)
    done = restore(desk_dir, taken, load_settings(desk_dir), issued=None)  # the line was down
    assert done.unconfirmed
    report = _sync(desk_dir, live)  # asks the platform first, then sends the backup's two again
    assert report.ok  # type: ignore[attr-defined]
    assert (report.sent, report.duplicates, report.dead) == (2, 2, 0)  # type: ignore[attr-defined]
    assert _take(desk_dir, clerk, 1) == [6]
    assert _sync(desk_dir, live).sent == 1  # type: ignore[attr-defined]
    # Asked once: the next pass makes no such call (the mark is gone with the answer).
    opened = open_desk(desk_dir)
    try:
        from counter.intake.numbering import unconfirmed

        with opened.desk.store.read() as session:
            assert not unconfirmed(session)
    finally:
        opened.desk.store.dispose()


def test_a_number_issued_twice_is_refused_by_the_platform_with_its_reason(
    desk_dir: Path, clerk: Actor, live: Live, tmp_path: Path
) -> None:
    taken = _lost_after_five(desk_dir, clerk, live, tmp_path)
    # As if the platform had answered with nothing: the desk issues 0003 a second time.
    done = restore(desk_dir, taken, load_settings(desk_dir), issued={})
    assert not done.unconfirmed
    assert _take(desk_dir, clerk, 1) == [3]
    report = _sync(desk_dir, live)
    assert (report.duplicates, report.dead) == (2, 1)  # type: ignore[attr-defined]
    [letter] = report.dead_letters  # type: ignore[attr-defined]
    assert letter.acceptance_no == "140121-01-20260302-0003"
    assert letter.reason == ("acceptance_no_taken: acceptance number 140121-01-20260302-0003 "
                             "is held by another case of this office")
    assert _platform_cases(live) == 5
