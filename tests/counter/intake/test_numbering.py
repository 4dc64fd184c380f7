"""Acceptance numbers: readable, issued per desk and day, never twice, never reused."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from counter.audit import log as audit
from counter.bootstrap import open_desk
from counter.cases.lifecycle import CaseState, record_transition
from counter.cases.queries import find_by_number
from counter.desk import Desk
from counter.errors import ValidationError
from counter.intake.numbering import AcceptanceNumber, parse
from counter.intake.submit import submit_intake
from counter.store.models import Case
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, PYTHON, REPO_ROOT, child_env, intake_request

# --- format and parse ----------------------------------------------------------------


def test_format_reads_office_desk_date_and_sequence():
    number = AcceptanceNumber("140121", "03", date(2026, 11, 27), 42)
    assert str(number) == "140121-03-20261127-0042"


def test_sequence_widens_past_9999_instead_of_wrapping():
    assert str(AcceptanceNumber("140121", "03", date(2026, 11, 27), 12345)).endswith("-12345")
    assert parse("140121-03-20261127-12345").seq == 12345


@pytest.mark.parametrize(
    "typed",
    [
        "140121-03-20261127-0042",
        " 140121-03-20261127-0042\n",
        "140121 - 03 - 20261127 - 0042",
        "140121-03-2026 1127-0042",
    ],
)
def test_parse_forgives_spaces(typed: str):
    assert parse(typed) == AcceptanceNumber("140121", "03", date(2026, 11, 27), 42)


def test_parse_forgives_lower_case():
    assert parse("qx01-07-20260302-0001") == AcceptanceNumber("QX01", "07", date(2026, 3, 2), 1)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "140121-03-20261127",  # no sequence
        "140121-3-20261127-0042",  # one-digit desk
        "140121-03-20261332-0042",  # no 32 December... nor month 13
        "140121-03-20260229-0042",  # 2026 is not a leap year
        "140121-03-20261127-42",  # sequence too short
        "140121-03-20261127-123456",  # sequence too long
        "140121_03_20261127_0042",
        "140121-03-20261127-0042-1",
    ],
)
def test_parse_rejects_malformed_numbers_naming_the_field(typed: str):
    with pytest.raises(ValidationError) as exc:
        parse(typed)
    (problem,) = exc.value.problems
    assert problem.field == "acceptance_no"
    assert problem.message == "should look like 140121-03-20261127-0042"


numbers = st.builds(
    AcceptanceNumber,
    office_code=st.from_regex(r"[A-Z0-9]{2,12}", fullmatch=True),
    desk_code=st.from_regex(r"[0-9]{2}", fullmatch=True),
    day=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    seq=st.integers(1, 99_999),
)


@given(numbers)
def test_every_issued_number_parses_back_to_itself(number: AcceptanceNumber):
    text = str(number)
    assert parse(text) == number
    assert parse(" ".join(text.lower())) == number


@pytest.mark.parametrize(
    ("office", "desk_code", "field"),
    [("14-01", "01", "office_code"), ("1", "01", "office_code"), ("140121", "3", "desk_code")],
)
def test_a_desk_with_codes_that_cannot_make_a_number_is_refused(
    desk: Desk, office: str, desk_code: str, field: str
):
    with pytest.raises(ValidationError) as exc:
        Desk(desk.store, office, desk_code)
    assert [p.field for p in exc.value.problems] == [field]


# --- sequences ---------------------------------------------------------------------


def take(desk: Desk, clerk: Actor, now: datetime = MONDAY_MORNING) -> str:
    return submit_intake(desk, clerk, intake_request(desk), now=now).acceptance_no


def test_each_desk_counts_its_own_sequence(desk: Desk, clerk: Actor):
    window_two = Desk(desk.store, desk.office_code, "02")
    issued = [
        take(desk, clerk),
        take(window_two, clerk),
        take(window_two, clerk),
        take(desk, clerk),
    ]
    assert issued == [
        "140121-01-20260302-0001",
        "140121-02-20260302-0001",
        "140121-02-20260302-0002",
        "140121-01-20260302-0002",
    ]


def test_each_day_starts_again_at_one(desk: Desk, clerk: Actor):
    tuesday = MONDAY_MORNING + timedelta(days=1)
    issued = [take(desk, clerk), take(desk, clerk), take(desk, clerk, tuesday)]
    # A case entered late for Monday continues Monday's sequence.
    issued.append(take(desk, clerk, MONDAY_MORNING + timedelta(hours=6)))
    assert issued == [
        "140121-01-20260302-0001",
        "140121-01-20260302-0002",
        "140121-01-20260303-0001",
        "140121-01-20260302-0003",
    ]


def test_the_day_in_the_number_is_the_office_date_not_the_utc_date(desk: Desk, clerk: Actor):
    # 16:30 UTC on 2 March is 00:30 on 3 March in Beijing.
    late = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
    result = submit_intake(desk, clerk, intake_request(desk), now=late)
    assert result.acceptance_no == "140121-01-20260303-0001"


def test_a_voided_case_keeps_its_number_and_the_next_case_gets_the_next(
    desk: Desk, clerk: Actor, supervisor: Actor
):
    first = take(desk, clerk)
    with desk.store.write() as session:
        case = find_by_number(session, first)
        assert case is not None
        record_transition(session, case, CaseState.VOIDED, supervisor, reason="录入错误，重新受理")

    second = take(desk, clerk)

    assert (first, second) == ("140121-01-20260302-0001", "140121-01-20260302-0002")
    with desk.store.read() as session:
        voided = find_by_number(session, first)
        assert voided is not None and voided.state == "voided"


# --- two processes on one store ----------------------------------------------------

INTAKE_LOOP = """
import random
import sys
import time
from pathlib import Path

from counter.bootstrap import open_desk
from counter.intake.submit import submit_intake
from counter.users import sign_in
from tests.conftest import DEMO_PASSWORD, MONDAY_MORNING, intake_request

directory, username, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
desk = open_desk(Path(directory)).desk
actor = sign_in(desk.store, username, DEMO_PASSWORD)
request = intake_request(desk)
print("ready", flush=True)
sys.stdin.readline()
for _ in range(count):
    print(submit_intake(desk, actor, request, now=MONDAY_MORNING).acceptance_no, flush=True)
    time.sleep(random.uniform(0, 0.004))  # the clerk hands over the receipt
desk.store.dispose()
"""


def test_two_processes_on_one_store_never_issue_the_same_number(desk_dir: Path, tmp_path: Path):
    script = tmp_path / "intake_loop.py"
    script.write_text(INTAKE_LOOP, encoding="utf-8")
    per_process = 40
    children = [
        subprocess.Popen(
            [PYTHON, str(script), str(desk_dir), user, str(per_process)],
            cwd=REPO_ROOT,
            env=child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for user in ("clerk", "clerk2")
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
        for child in children:  # both start their loops together
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        outputs = [child.communicate(timeout=120) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.communicate()

    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    issued = [line for out, _ in outputs for line in out.split()]
    assert len(issued) == 2 * per_process
    assert len(set(issued)) == len(issued), "a number was issued twice"
    seqs = sorted(parse(n).seq for n in issued)
    assert seqs == list(range(1, 2 * per_process + 1)), "numbers are not contiguous"
    # Each process printed its own numbers in increasing order...
    for out, _ in outputs:
        own = [parse(n).seq for n in out.split()]
        assert own == sorted(own)

    # ...and the store holds exactly those cases, with an intact audit chain.
    opened = open_desk(desk_dir)
    try:
        with opened.desk.store.read() as session:
            stored = set(session.exec(select(Case.acceptance_no)).all())
            assert audit.verify(session).ok
    finally:
        opened.desk.store.dispose()
    assert stored == set(issued)
