"""`counter-desk demo`: a scripted morning at a desk, with no display.

Starts the demo exchange platform on loopback and cuts the line to it, then
signs in the demo clerk and takes a dozen applications across several service
items — ordinary acceptances, one 容缺受理, one correction request and one
refusal — writing each accepted case's receipt PDF. The cases queue on the
desk while the line is down; the line comes back, the sync engine sends them,
the simulated departments review and decide, and the demo prints what came
back. Everything goes through the same use cases and engine the desktop app
uses; only the departments' clock is pushed ahead, so nobody waits for them.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from counter.bootstrap import open_desk
from counter.cases.queries import case_detail
from counter.catalog.items import get_item
from counter.clock import office_date, utc_now
from counter.intake.request import (
    CompanyInput,
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.intake.submit import IntakeResult, submit_intake
from counter.validation import (
    IdType,
    expected_check_character,
    expected_credit_code_check,
    mask_id_number,
)
from printing.case_documents import save_receipt

S = MaterialStatus


def resident_id(birth: str, seq: str, region: str = "140121") -> str:
    """A well-formed demo ID number (region, birth date, sequence, real check character)."""
    first17 = f"{region}{birth}{seq}"
    return first17 + expected_check_character(first17)


def credit_code(first17: str) -> str:
    return first17 + expected_credit_code_check(first17)


@dataclass(frozen=True)
class Visit:
    """One applicant at the counter and what the clerk decides."""

    service_code: str
    decision: Decision
    applicant: PersonInput | CompanyInput
    statuses: dict[str, MaterialStatus]  # material code -> status; others received
    agent: PersonInput | None = None
    reason: str = ""
    notes: dict[str, str] | None = None


def person(name: str, birth: str, seq: str, phone: str) -> PersonInput:
    return PersonInput(
        name, IdType.RESIDENT_ID, resident_id(birth, seq), phone, "山西省太原市清徐县清源镇"
    )


MORNING: tuple[Visit, ...] = (
    Visit("RS-001", Decision.ACCEPT, person("张伟", "19850312", "031", "13835100001"),
          {"M02": S.SHARED, "M04": S.WAIVED}),
    Visit("GA-001", Decision.ACCEPT, person("王秀英", "19620708", "042", "13935100002"), {}),
    Visit("SCJG-001", Decision.ACCEPT, person("李强", "19900117", "015", "15035100003"),
          {"M02": S.SHARED},
          agent=PersonInput("刘洋", IdType.RESIDENT_ID, resident_id("19931105", "078"),
                            "18635100004")),
    Visit("SCJG-002", Decision.ACCEPT,
          CompanyInput("清徐县晋源醋业有限公司", credit_code("91140121MA0K12345"),
                       "陈明", "0351-5721234", "山西省太原市清徐县东湖工业园区"),
          {"M03": S.SHARED}),
    Visit("BDC-001", Decision.ACCEPT, person("赵丽", "19780921", "026", "13703510005"),
          {"M02": S.SHARED, "M06": S.WAIVED}),
    Visit("RS-002", Decision.ACCEPT_PENDING, person("孙浩", "19950430", "057", "13111110006"),
          {"M02": S.SHARED, "M03": S.PENDING}),
    Visit("WJ-001", Decision.REQUEST_CORRECTION, person("周敏", "19880214", "064", "13513510007"),
          {"M03": S.MISSING, "M05": S.FAULTY},
          notes={"M05": "体检报告已超过 6 个月，请提供近 6 个月内的体检报告"}),
    Visit("MZ-001", Decision.REFUSE, person("吴刚", "19700808", "093", "15103510008"), {},
          reason="申请人户籍不在本县，依规应向户籍所在地乡镇人民政府（街道办事处）提出申请"),
    Visit("GJJ-002", Decision.ACCEPT, person("郑建国", "19580601", "011", "13603510009"),
          {"M02": S.SHARED}),
    Visit("YB-001", Decision.ACCEPT, person("冯晓燕", "20010925", "028", "17735100010"),
          {"M02": S.SHARED, "M03": S.SHARED, "M04": S.WAIVED}),
    Visit("GA-002", Decision.ACCEPT, person("陈静", "19920316", "046", "13835100011"),
          {"M02": S.SHARED, "M03": S.SHARED, "M04": S.SHARED, "M05": S.SHARED}),
    Visit("SCJG-004", Decision.ACCEPT,
          CompanyInput("清徐县老陈醋餐饮有限公司", credit_code("91140121MA0L56789"),
                       "褚红", "0351-5725678", "山西省太原市清徐县徐沟镇"),
          {"M02": S.SHARED, "M03": S.SHARED, "M06": S.WAIVED}),
)


def _materials(visit: Visit, codes: list[str]) -> tuple[MaterialInput, ...]:
    notes = visit.notes or {}
    return tuple(
        MaterialInput(code, visit.statuses.get(code, S.RECEIVED), note=notes.get(code, ""))
        for code in codes
    )


def run_demo(out: Path, home: Path | None = None) -> int:
    """Run the morning into `out`; the demo desk's data goes to `home` (default out/desk)."""
    from sync.demo_platform import DemoSchedule, demo_engine, start_demo_platform

    out.mkdir(parents=True, exist_ok=True)
    opened = open_desk(home or out / "desk")
    settings = opened.settings
    # The demo moves the departments itself (`advance`), so their timer stays off.
    platform = start_demo_platform(
        opened.directory, settings.office_code, settings.desk_code, DemoSchedule(timer=False)
    )
    engine = demo_engine(opened.desk, platform)
    try:
        print(f"demo exchange platform on {platform.url}; the line is cut for the morning\n")
        platform.cut()
        rows = _morning(opened, out)
        _print_summary(rows, sys.stdout)
        _round_trip(opened, platform, engine, rows, sys.stdout)
    finally:
        engine.client.close()
        platform.stop()
        opened.desk.store.dispose()
    return 0


def _morning(opened, out: Path) -> list:  # type: ignore[no-untyped-def]
    """Take every visit of the morning through the intake use case; rows for the summary."""
    from counter.users import sign_in

    desk = opened.desk
    clerk = sign_in(desk.store, "clerk", "demo1234")
    today = office_date(utc_now(), desk.zone)
    rows = []
    for visit in MORNING:
        with desk.store.read() as session:
            detail = get_item(session, visit.service_code)
        assert detail is not None, visit.service_code
        request = IntakeRequest(
            service_code=visit.service_code,
            decision=visit.decision,
            applicant=visit.applicant,
            agent=visit.agent,
            materials=_materials(visit, [m.code for m in detail.materials]),
            reason=visit.reason,
            commitment_signed=visit.decision is Decision.ACCEPT_PENDING,
            makeup_deadline=_makeup_deadline(desk, today, detail.item.promised_days),
        )
        result = submit_intake(desk, clerk, request)
        receipt = _receipt(opened, result, out)
        rows.append((result, detail.item.name, visit, receipt))
    return rows


PASS_DEADLINE_S = 30.0


def _round_trip(opened, platform, engine, rows, stream) -> None:  # type: ignore[no-untyped-def]
    """Sync with the line cut, restore it, sync until sent, let departments act, sync again."""
    report = engine.run_once()
    status = engine.state()
    print(f"\nsync with the line cut: {report.connection.value}; "
          f"{status.backlog} waiting to go up ({report.error})", file=stream)

    platform.restore()
    print("line restored", file=stream)
    sent = duplicates = 0
    deadline = time.monotonic() + PASS_DEADLINE_S
    while True:
        report = engine.run_once()
        sent, duplicates = sent + report.sent, duplicates + report.duplicates
        status = engine.state()
        if status.backlog == 0 or time.monotonic() > deadline:
            break
        # The failed attempt set a short retry time (the demo's quick backoff): wait for it.
        wait = (status.next_attempt - utc_now()).total_seconds() if status.next_attempt else 0.2
        time.sleep(min(max(wait, 0.05), 2.0))
    print(f"sync: {report.connection.value}; sent {sent}, backlog {status.backlog}, "
          f"refused {status.dead}", file=stream)

    # The departments review after `review_after_s` and decide `decide_after_s` later;
    # run them as they would be then, rather than wait.
    schedule = platform.simulator
    reviewed = platform.advance(schedule.review_after_s + 1)
    engine.run_once()
    decided = platform.advance(schedule.review_after_s + schedule.decide_after_s + 2)
    report = engine.run_once()
    print(f"departments: {reviewed} cases taken into review, {decided} decided; "
          f"the desk applied {report.changes} changes, "
          f"{len(report.applied.certificates)} certificates\n", file=stream)
    _print_results(opened, rows, stream)


def _print_results(opened, rows, stream) -> None:  # type: ignore[no-untyped-def]
    """Per case: its state on the desk after sync, and the certificate serial if one was issued."""
    from sqlmodel import select

    from counter.store.models import Case, Certificate

    ids = [result.case_id for result, *_ in rows]
    with opened.desk.store.read() as session:
        states = {c.id: c.state for c in session.exec(select(Case).where(Case.id.in_(ids)))}  # type: ignore[union-attr]
        serials = {c.case_id: c.serial
                   for c in session.exec(select(Certificate).where(Certificate.case_id.in_(ids)))}  # type: ignore[attr-defined]
    widths = (25, 22, 22)
    header = "".join(_pad(t, w) for t, w in zip(
        ("acceptance no", "at the counter", "after sync"), widths, strict=True)) + "certificate"
    print(header, file=stream)
    print("-" * len(header), file=stream)
    moved = 0
    for result, *_ in rows:
        now = str(states.get(result.case_id, "?"))
        moved += now != result.state.value
        cells = (result.acceptance_no, result.state.value, now)
        print("".join(_pad(c, w) for c, w in zip(cells, widths, strict=True))
              + serials.get(result.case_id, "-"), file=stream)
    print(f"\n{moved} of {len(rows)} cases moved on after the platform's answers; "
          f"{len(serials)} certificates came back.", file=stream)


def _makeup_deadline(desk, today: date, promised_days: int) -> date | None:  # type: ignore[no-untyped-def]
    """Three working days, or the promised date if sooner."""
    if promised_days == 0:
        return None
    return desk.calendar.add_working_days(today, min(3, promised_days)).due


def _receipt(opened, result: IntakeResult, out: Path) -> Path | None:  # type: ignore[no-untyped-def]
    if result.state.value not in ("accepted", "accepted_pending"):
        return None
    with opened.desk.store.read() as session:
        detail = case_detail(session, result.case_id)
    return save_receipt(detail, opened.settings, out)


def _pad(text: str, width: int) -> str:
    """Left-align `text` in `width` terminal columns; CJK characters take two."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _print_summary(rows, stream) -> None:  # type: ignore[no-untyped-def]
    widths = (25, 22, 12, 26, 30)
    titles = ("acceptance no", "state", "due", "applicant", "service item")
    header = "".join(_pad(t, w) for t, w in zip(titles, widths, strict=True)) + "receipt"
    print(header, file=stream)
    print("-" * len(header), file=stream)
    for result, item_name, visit, receipt in rows:
        applicant = f"{visit.applicant.name} {_id_of(visit.applicant)}"
        due = result.due_date.isoformat() if result.due_date else "-"
        cells = (result.acceptance_no, result.state.value, due, applicant, item_name[:14])
        tail = receipt.name if receipt else "- (a written notice is owed)"
        print("".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)) + tail, file=stream)
    accepted = sum(1 for r in rows if r[3] is not None)
    print(f"\n{len(rows)} applications: {accepted} accepted with receipts, "
          f"{len(rows) - accepted} recorded without a receipt.", file=stream)


def _id_of(applicant: PersonInput | CompanyInput) -> str:
    number = applicant.credit_code if isinstance(applicant, CompanyInput) else applicant.id_number
    return mask_id_number(number)[-6:]
