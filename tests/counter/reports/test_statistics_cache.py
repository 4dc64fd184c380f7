"""The statistics read from the cache of past days equal a live count, however the cases change.

The reference is the one grouped pass over the whole range the statistics
made before the cache (kept here as it was); every comparison runs with the
cache cold, warm, and after writes that must drop a cached day: a platform
move, a deadline extension, a void, a new result event, a case moved to
another clerk.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import pytest

from counter.cases.actions import void_case
from counter.cases.lifecycle import CaseRow, CaseState, record_platform_move
from counter.catalog.workcal import WorkCalendar
from counter.day.close import close_day
from counter.day.figures import OPEN_STATES, CountRow
from counter.desk import Desk
from counter.reports import statistics
from counter.reports.statistics import (
    OUTCOME_SQL,
    OUTCOMES,
    RESULT_JOIN,
    CaseStatistics,
    _evaluations,
    _offset_modifier,
    _ranked,
    case_statistics,
    refresh_statistics_cache,
)
from counter.store import driver
from counter.users import Actor
from tests.counter.reports.statistics_support import AS_OF, END, START, load_week, stamp

_OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
_REFERENCE_SQL = f"""
SELECT c.service_code, max(c.service_name), c.department, c.clerk_id, max(c.clerk_name),
       c.decision, {OUTCOME_SQL} AS outcome, count(*),
       count(e.at),
       sum((julianday(e.at) - julianday(c.accepted_at)) * 24.0),
       sum(c.due_date IS NOT NULL AND e.at IS NOT NULL AND date(e.at, :offset) <= c.due_date),
       sum(c.due_date IS NOT NULL AND e.at IS NOT NULL AND date(e.at, :offset) > c.due_date),
       sum(c.state IN ({_OPEN}) AND c.due_date IS NOT NULL AND c.due_date < :as_of)
FROM case_record AS c {RESULT_JOIN}
WHERE c.local_date BETWEEN :start AND :end
GROUP BY c.service_code, c.department, c.clerk_id, c.decision, outcome
"""
_REFERENCE_DAYS_SQL = """
SELECT c.local_date, date(e.at, :offset), count(*)
FROM case_record AS c
JOIN case_event AS e
  ON e.case_id = c.id AND e.kind = 'transition' AND e.to_state IN ('approved', 'rejected')
WHERE c.local_date BETWEEN :start AND :end
GROUP BY 1, 2
"""


def reference(desk: Desk, start: date, end: date, as_of: date) -> CaseStatistics:
    """The statistics as one live pass over the range computed them before the cache."""
    with desk.store.read() as session:
        cur = session.connection().connection.driver_connection.cursor()
        return _reference(cur, start, end, as_of, desk.calendar, desk.zone)


def _reference(cur: driver.Cursor, start: date, end: date, as_of: date,
               calendar: WorkCalendar, zone: str) -> CaseStatistics:
    args = {"start": start.isoformat(), "end": end.isoformat(), "as_of": as_of.isoformat(),
            "offset": _offset_modifier(zone, start)}
    items: dict[str, list] = {}
    departments: dict[str, int] = {}
    clerks: dict[str, list] = {}
    outcomes = dict.fromkeys((o.value for o in OUTCOMES), 0)
    decisions: dict[str, int] = {}
    decided = on_time = late = overdue_open = 0
    hours = 0.0
    for (code, name, department, clerk_id, clerk_name, decision, outcome, count,
         timed, hours_sum, in_time, after, overdue) in cur.execute(_REFERENCE_SQL, args):
        items.setdefault(code, [name, department, 0])[2] += count
        departments[department] = departments.get(department, 0) + count
        clerks.setdefault(str(clerk_id), [clerk_name, 0])[1] += count
        outcomes[outcome] = outcomes.get(outcome, 0) + count
        decisions[decision] = decisions.get(decision, 0) + count
        decided += timed
        hours += hours_sum or 0.0
        on_time += in_time or 0
        late += after or 0
        overdue_open += overdue or 0
    total_days = count_days = 0
    for intake_day, result_day, n in cur.execute(_REFERENCE_DAYS_SQL, args):
        days = calendar.working_days_between(date.fromisoformat(intake_day),
                                             date.fromisoformat(result_day))
        total_days += max(days, 0) * n
        count_days += n
    return CaseStatistics(
        start=start, end=end, as_of=as_of, total=sum(outcomes.values()),
        by_item=_ranked((code, name, n, dept) for code, (name, dept, n) in items.items()),
        by_department=_ranked((d, d, n, "") for d, n in departments.items()),
        by_clerk=_ranked((key, name, n, "") for key, (name, n) in clerks.items()),
        by_outcome=tuple(CountRow(key, key, n) for key, n in outcomes.items()),
        by_decision=_ranked((d, d, n, "") for d, n in decisions.items()),
        corrections=decisions.get("request_correction", 0),
        refusals=decisions.get("refuse", 0),
        decided=decided,
        hours_to_result=hours / decided if decided else None,
        working_days_to_result=total_days / count_days if count_days else None,
        on_time=on_time, late=late, overdue_open=overdue_open,
        evaluations=_evaluations(cur, args),
    )


def ours(desk: Desk, actor: Actor, start: date, end: date, as_of: date) -> CaseStatistics:
    with desk.store.read() as session:
        return case_statistics(session, actor, start, end, calendar=desk.calendar,
                               zone=desk.zone, as_of=as_of)


def assert_same(desk: Desk, actor: Actor, start: date, end: date, as_of: date) -> None:
    got = asdict(ours(desk, actor, start, end, as_of))
    want = asdict(reference(desk, start, end, as_of))
    # The hours are a float sum, added per day then over the days: equal to the last bits.
    hours, want_hours = got.pop("hours_to_result"), want.pop("hours_to_result")
    assert (hours is None) == (want_hours is None)
    if want_hours is not None:
        assert hours == pytest.approx(want_hours, rel=1e-12)
    assert got == want


def cached_days(desk: Desk) -> set[str]:
    with desk.store.read() as session:
        cur = session.connection().connection.driver_connection.cursor()
        return {row[0] for row in cur.execute("SELECT local_date FROM stat_day")}


def test_the_hand_made_week_cold_then_warm(desk: Desk, supervisor: Actor) -> None:
    load_week(desk)
    assert_same(desk, supervisor, START, END, AS_OF)  # nothing cached: all live
    assert refresh_statistics_cache(desk, START, END, as_of=AS_OF) == 5
    assert cached_days(desk) == {"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05",
                                 "2026-03-06"}
    assert refresh_statistics_cache(desk, START, END, as_of=AS_OF) == 0  # nothing missing
    assert_same(desk, supervisor, START, END, AS_OF)
    # a range reaching past the cache and an as_of inside the range (its days live)
    assert_same(desk, supervisor, START, date(2026, 3, 31), AS_OF)
    assert_same(desk, supervisor, START, END, date(2026, 3, 4))
    assert_same(desk, supervisor, date(2026, 3, 4), date(2026, 3, 4), AS_OF)


def test_a_write_drops_only_the_day_it_changes(desk: Desk, supervisor: Actor) -> None:
    ids = load_week(desk)
    refresh_statistics_cache(desk, START, END, as_of=AS_OF)
    # case 5 (4 March, in review, overdue) gets its result from the platform
    with desk.store.write_sql() as conn:
        record_platform_move(conn, CaseRow(ids[5], "n5", CaseState.IN_REVIEW),
                             CaseState.APPROVED, supervisor,
                             at=datetime(2026, 3, 12, 2, tzinfo=UTC))
    assert "2026-03-04" not in cached_days(desk)
    assert len(cached_days(desk)) == 4
    assert_same(desk, supervisor, START, END, AS_OF)
    assert refresh_statistics_cache(desk, START, END, as_of=AS_OF) == 1
    assert_same(desk, supervisor, START, END, AS_OF)
    after = ours(desk, supervisor, START, END, AS_OF)
    # case 5 decided on the 12th, a day after its due date: late now, no longer overdue
    assert (after.on_time, after.late, after.overdue_open) == (4, 2, 1)

    # a deadline extension on case 9 (5 March)
    with desk.store.write_sql() as conn:
        conn.execute("UPDATE case_record SET due_date = '2026-03-30' WHERE id = ?", (ids[9],))
    assert "2026-03-05" not in cached_days(desk)
    assert_same(desk, supervisor, START, END, AS_OF)
    refresh_statistics_cache(desk, START, END, as_of=AS_OF)

    # an update that changes no figure keeps the day
    with desk.store.write_sql() as conn:
        conn.execute("UPDATE case_record SET state = state, updated_at = ? WHERE id = ?",
                     ("2026-03-21 00:00:00.000000", ids[9]))
    assert "2026-03-05" in cached_days(desk)

    # a void of case 6 (accepted, materials pending, 4 March)
    void_case(desk, supervisor, ids[6], "申请人撤回申请，作废")
    assert "2026-03-04" not in cached_days(desk)
    assert_same(desk, supervisor, START, END, AS_OF)
    refresh_statistics_cache(desk, START, END, as_of=AS_OF)
    assert_same(desk, supervisor, START, END, AS_OF)

    # a result event deleted, and a case moved to the other clerk
    with desk.store.write_sql() as conn:
        conn.execute("DELETE FROM case_event WHERE case_id = ? AND to_state = 'approved'",
                     (ids[1],))
        conn.execute("UPDATE case_record SET clerk_id = 2, clerk_name = '赵磊' WHERE id = ?",
                     (ids[12],))
    assert not {"2026-03-02", "2026-03-06"} & cached_days(desk)
    assert_same(desk, supervisor, START, END, AS_OF)


# ---- a random set ---------------------------------------------------------------------------

ITEMS = [("RS-001", "社会保障卡申领", "县人社局"), ("RS-002", "失业保险金申领", "县人社局"),
         ("SCJG-004", "食品经营许可", "县市场监管局"), ("GA-010", "户籍迁入", "县公安局")]
CLERKS = [(1, "王芳"), (2, "赵磊"), (5, "李娜")]
STATES = ["accepted", "accepted_pending", "submitted", "in_review", "correction_requested",
          "refused", "voided", "approved", "result_ready", "delivered", "rejected"]
DECISIONS = {"correction_requested": "request_correction", "refused": "refuse",
             "accepted_pending": "accept_pending"}
FIRST = date(2026, 3, 2)


def load_random(desk: Desk, rng: random.Random, days: int, per_day: int) -> None:
    event = ("INSERT INTO case_event (case_id, kind, from_state, to_state, actor_id,"
             " actor_name, at, reason, data) VALUES (?, 'transition', ?, ?, NULL, '', ?, '', '{}')")
    with desk.store.write_sql() as conn:
        for d in range(days):
            local = FIRST + timedelta(days=d)
            for n in range(rng.randint(0, per_day)):
                case_id = str(uuid.UUID(int=rng.getrandbits(128)))
                code, name, dept = rng.choice(ITEMS)
                if rng.random() < 0.1:
                    name += "（旧称）"  # a renamed item: the greatest name is kept
                clerk_id, clerk_name = rng.choice(CLERKS)
                state = rng.choice(STATES)
                accepted = stamp(f"{local} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}")
                due = (local + timedelta(days=rng.randint(0, 12))).isoformat() \
                    if rng.random() < 0.85 else None
                row = {
                    "id": case_id, "acceptance_no": f"R-{local:%Y%m%d}-{n:04d}",
                    "office_code": "140121", "desk_code": "01", "service_code": code,
                    "service_name": name, "department": dept,
                    "decision": DECISIONS.get(state, "accept"), "state": state,
                    "applicant_kind": "person", "applicant_name": "张三",
                    "applicant_id_type": "resident_id",
                    "applicant_id_number": "140121198503120021",
                    "applicant_phone": "13912345678", "applicant_address": "",
                    "legal_rep_name": "", "agent_name": "", "agent_id_type": "",
                    "agent_id_number": "", "agent_phone": "", "reason": "",
                    "due_provisional": 0, "commitment_signed": 0, "accepted_at": accepted,
                    "local_date": local.isoformat(), "promised_days": 5, "due_date": due,
                    "clerk_id": clerk_id, "clerk_name": clerk_name, "updated_at": accepted,
                }
                conn.execute(f"INSERT INTO case_record ({', '.join(row)})"
                             f" VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
                if state in ("approved", "result_ready", "delivered", "rejected") \
                        and rng.random() < 0.9:
                    to = "rejected" if state == "rejected" or rng.random() < 0.2 else "approved"
                    when = datetime.fromisoformat(accepted) + timedelta(
                        hours=rng.uniform(1, 24 * 14))
                    conn.execute(event, (case_id, "in_review", to,
                                         when.strftime("%Y-%m-%d %H:%M:%S.%f")))


@pytest.mark.parametrize(("seed", "short_range"), [(1, 62), (2, 62), (3, 0), (4, 0)])
def test_a_random_month_stays_equal_to_a_live_count(
    desk: Desk, supervisor: Actor, seed: int, short_range: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # short_range 0: the cached groups read in the table's key order, as for a year
    monkeypatch.setattr(statistics, "SHORT_CACHED_RANGE_DAYS", short_range)
    rng = random.Random(seed)
    load_random(desk, rng, days=28, per_day=25)
    start, end = FIRST, FIRST + timedelta(days=27)
    as_of = FIRST + timedelta(days=20)  # the last week is "today and later": live
    for window in [(start, end), (start + timedelta(days=3), start + timedelta(days=9))]:
        assert_same(desk, supervisor, *window, as_of)  # cold
    refresh_statistics_cache(desk, start + timedelta(days=5), end, as_of=as_of)  # part warm
    assert_same(desk, supervisor, start, end, as_of)
    refresh_statistics_cache(desk, start, end, as_of=as_of)
    assert max(cached_days(desk)) < as_of.isoformat()
    assert_same(desk, supervisor, start, end, as_of)
    assert_same(desk, supervisor, start, end, end + timedelta(days=10))  # a later as_of

    fits = {"move": ("submitted", "in_review"), "void": ("accepted", "accepted_pending"),
            "due": tuple(STATES), "result": ("approved", "result_ready", "delivered", "rejected")}
    done = dict.fromkeys(fits, 0)
    for _ in range(16):
        what = rng.choice(list(fits))
        with desk.store.read() as session:
            cur = session.connection().connection.driver_connection.cursor()
            found = cur.execute(
                f"SELECT id, state FROM case_record WHERE state IN ({', '.join('?' * len(fits[what]))})"
                " AND local_date BETWEEN ? AND ? ORDER BY id",
                (*fits[what], start.isoformat(), end.isoformat())).fetchall()
        case_id, state = rng.choice(found)
        if what == "void":
            void_case(desk, supervisor, case_id, "申请人撤回申请，作废")
        with desk.store.write_sql() as conn:
            if what == "move":
                if state == "submitted":
                    record_platform_move(conn, CaseRow(case_id, "x", CaseState.SUBMITTED),
                                         CaseState.IN_REVIEW, supervisor, at=datetime.now(UTC))
                record_platform_move(conn, CaseRow(case_id, "x", CaseState.IN_REVIEW),
                                     rng.choice([CaseState.APPROVED, CaseState.REJECTED]),
                                     supervisor, at=datetime.now(UTC), reason="不符合法定条件")
            elif what == "due":
                conn.execute("UPDATE case_record SET due_date = date(coalesce(due_date,"
                             " local_date), '+3 days') WHERE id = ?", (case_id,))
            elif what == "result":
                conn.execute("DELETE FROM case_event WHERE case_id = ? AND to_state IN"
                             " ('approved', 'rejected')", (case_id,))
        done[what] += 1
        assert_same(desk, supervisor, start, end, as_of)
        if rng.random() < 0.5:
            refresh_statistics_cache(desk, start, end, as_of=as_of)
            assert_same(desk, supervisor, start, end, as_of)
    assert all(done.values()), done  # every kind of write was tried


def test_closing_a_day_caches_its_statistics(desk: Desk, supervisor: Actor) -> None:
    load_week(desk)
    evening = datetime(2026, 3, 4, 11, tzinfo=UTC)  # 19:00 office time on the 4th
    close_day(desk, supervisor, date(2026, 3, 4), override_reason="网络中断，明日补传",
              now=evening)
    assert cached_days(desk) == {"2026-03-04"}
    assert_same(desk, supervisor, START, END, AS_OF)


def test_each_trigger_drops_the_cached_days_it_touches_and_no_other(
    desk: Desk, supervisor: Actor
) -> None:
    ids = load_week(desk)
    week = {f"2026-03-0{d}" for d in range(2, 7)}

    def cache_again() -> None:
        refresh_statistics_cache(desk, START, END, as_of=AS_OF)
        assert cached_days(desk) == week

    cache_again()
    with desk.store.read() as session:
        cur = session.connection().connection.driver_connection.cursor()
        columns = [r[1] for r in cur.execute("PRAGMA table_info(case_record)")]
        template = dict(zip(columns, cur.execute(
            "SELECT * FROM case_record WHERE id = ?", (ids[1],)).fetchone(), strict=True))
    # a case written into a cached day (a desk whose clock was behind)
    late = {**template, "id": str(uuid.uuid4()), "acceptance_no": "late-0001",
            "local_date": "2026-03-03"}
    with desk.store.write_sql() as conn:
        conn.execute(f"INSERT INTO case_record ({', '.join(late)})"
                     f" VALUES ({', '.join('?' * len(late))})", tuple(late.values()))
    assert cached_days(desk) == week - {"2026-03-03"}
    assert_same(desk, supervisor, START, END, AS_OF)
    cache_again()
    # a case moved from one day to another drops both
    with desk.store.write_sql() as conn:
        conn.execute("UPDATE case_record SET local_date = '2026-03-05' WHERE id = ?",
                     (late["id"],))
    assert cached_days(desk) == week - {"2026-03-03", "2026-03-05"}
    assert_same(desk, supervisor, START, END, AS_OF)
    cache_again()
    # a result event turned from approved to rejected (case 1, 2 March)
    with desk.store.write_sql() as conn:
        conn.execute("UPDATE case_event SET to_state = 'rejected' WHERE case_id = ?"
                     " AND to_state = 'approved'", (ids[1],))
    assert cached_days(desk) == week - {"2026-03-02"}
    assert_same(desk, supervisor, START, END, AS_OF)
    cache_again()
    # a case deleted, with its events and materials
    with desk.store.write_sql() as conn:
        conn.execute("DELETE FROM case_event WHERE case_id = ?", (late["id"],))
        conn.execute("DELETE FROM case_record WHERE id = ?", (late["id"],))
    assert cached_days(desk) == week - {"2026-03-05"}
    assert_same(desk, supervisor, START, END, AS_OF)
    cache_again()
    # writes on days not cached leave the cached ones alone: an intake today, its result
    today = {**template, "id": str(uuid.uuid4()), "acceptance_no": "today-0001",
             "local_date": AS_OF.isoformat()}
    with desk.store.write_sql() as conn:
        conn.execute(f"INSERT INTO case_record ({', '.join(today)})"
                     f" VALUES ({', '.join('?' * len(today))})", tuple(today.values()))
        record_platform_move(conn, CaseRow(today["id"], "today-0001", CaseState.IN_REVIEW),
                             CaseState.APPROVED, supervisor,
                             at=datetime(2026, 3, 20, 2, tzinfo=UTC))
    assert cached_days(desk) == week
    assert_same(desk, supervisor, START, AS_OF, AS_OF)


def test_the_upgrade_to_indexed_triggers_drops_rows_left_without_their_day(
    desk: Desk, supervisor: Actor
) -> None:
    from alembic import command

    from counter.store.schema import alembic_config, migrate

    load_week(desk)
    refresh_statistics_cache(desk, START, END, as_of=AS_OF)
    cfg = alembic_config()
    with desk.store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    with desk.store.write_sql() as conn:
        # what a store could hold only if a day's row went without its figures
        conn.execute("DELETE FROM stat_day WHERE local_date = '2026-03-04'")
    migrate(desk.store)
    with desk.store.read() as session:
        cur = session.connection().connection.driver_connection.cursor()
        left = {r[0] for r in cur.execute(
            "SELECT local_date FROM stat_fact UNION SELECT local_date FROM stat_result_day")}
        triggers = {r[0]: r[1] for r in cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    assert "2026-03-04" not in left
    assert left <= cached_days(desk)
    assert len(triggers) == 6 and all(" IN (NEW.local_date)" not in s for s in triggers.values())
    assert_same(desk, supervisor, START, END, AS_OF)
