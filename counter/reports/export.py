"""Exports of a day's (or a range's) cases and their statistics, to CSV and XLSX.

For the supervisor's spreadsheet: the figures of `counter.reports.statistics` and
one line per case, ID numbers masked as on screen. Headers and names are the
English texts marked for translation; the caller hands in `translate`
(context, text) so a Chinese desk writes Chinese headers, and the core stays
free of Qt.

CSV is written UTF-8 with a byte order mark, which is how Excel knows the
file is not in the local code page (else Chinese comes out garbled); it
holds the sections one after another (a title line, a header, rows, a blank
line). XLSX has a sheet of cases and a sheet per statistics table, bold
headers, sized columns, and dates as real dates.

Both are written to a temporary file beside the target and moved into place
(`os.replace`), so a failed export never leaves half a file where a good one
was; a failure raises `ExportFailed` naming the path.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from counter.cases.lifecycle import STATE_NAMES
from counter.clock import to_office_time
from counter.errors import DomainError
from counter.evaluation import LEVEL_NAMES, Level
from counter.i18n import QT_TRANSLATE_NOOP
from counter.intake.request import DECISION_NAMES
from counter.reports.statistics import (
    LEVELS,
    OUTCOME_NAMES,
    OUTCOME_SQL,
    RESULT_JOIN,
    CaseStatistics,
    check_range,
)
from counter.store import rawsql
from counter.users import Actor, Permission, require
from counter.validation import mask_id_number

__all__ = [
    "ExportCase",
    "ExportFailed",
    "Table",
    "export_cases",
    "statistics_tables",
    "write_csv",
    "write_xlsx",
]

Translate = Callable[[str, str], str]


def _english(_context: str, text: str) -> str:
    return text


CASE_HEADERS = (
    QT_TRANSLATE_NOOP("domain", "Acceptance number"),
    QT_TRANSLATE_NOOP("domain", "Intake date"),
    QT_TRANSLATE_NOOP("domain", "Accepted at"),
    QT_TRANSLATE_NOOP("domain", "Item code"),
    QT_TRANSLATE_NOOP("domain", "Service item"),
    QT_TRANSLATE_NOOP("domain", "Department"),
    QT_TRANSLATE_NOOP("domain", "Applicant"),
    QT_TRANSLATE_NOOP("domain", "ID number"),
    QT_TRANSLATE_NOOP("domain", "Agent"),
    QT_TRANSLATE_NOOP("domain", "Decision"),
    QT_TRANSLATE_NOOP("domain", "State"),
    QT_TRANSLATE_NOOP("domain", "Outcome"),
    QT_TRANSLATE_NOOP("domain", "Due date"),
    QT_TRANSLATE_NOOP("domain", "Result at"),
    QT_TRANSLATE_NOOP("domain", "Clerk"),
    QT_TRANSLATE_NOOP("domain", "Desk"),
)


class ExportFailed(DomainError):
    """The export file could not be written; the message names the path."""




@dataclass(frozen=True)
class ExportCase:
    """One case as the export lists it; times in office time, the ID number masked."""

    acceptance_no: str
    local_date: date
    accepted_at: datetime  # office time
    service_code: str
    service_name: str
    department: str
    applicant_name: str
    applicant_id_masked: str
    agent_name: str
    decision: str
    state: str
    outcome: str
    due_date: date | None
    result_at: datetime | None  # office time of the department's result
    clerk_name: str
    desk_code: str


_CASES_SQL = f"""
SELECT c.acceptance_no, c.local_date, c.accepted_at, c.service_code, c.service_name,
       c.department, c.applicant_name, c.applicant_id_number, c.agent_name, c.decision,
       c.state, {OUTCOME_SQL}, c.due_date, e.at, c.clerk_name, c.desk_code
FROM case_record AS c {RESULT_JOIN}
WHERE c.local_date BETWEEN ? AND ?
ORDER BY c.local_date, c.accepted_at, c.acceptance_no
"""


def export_cases(
    session: Session, actor: Actor, start: date, end: date, *, zone: str
) -> tuple[ExportCase, ...]:
    """The cases taken in from `start` to `end` (office dates), oldest first.

    Supervisors and administrators only (Permission.VIEW_STATISTICS).
    """
    require(actor, Permission.VIEW_STATISTICS)
    check_range(start, end)
    rows = rawsql.cursor(session).execute(_CASES_SQL, (start.isoformat(), end.isoformat()))
    return tuple(
        ExportCase(
            acceptance_no=number,
            local_date=date.fromisoformat(local),
            accepted_at=_office(accepted, zone),
            service_code=code,
            service_name=name,
            department=department,
            applicant_name=applicant,
            applicant_id_masked=mask_id_number(id_number),
            agent_name=agent,
            decision=decision,
            state=state,
            outcome=outcome,
            due_date=date.fromisoformat(due) if due else None,
            result_at=_office(result, zone) if result else None,
            clerk_name=clerk,
            desk_code=desk,
        )
        for (
            number,
            local,
            accepted,
            code,
            name,
            department,
            applicant,
            id_number,
            agent,
            decision,
            state,
            outcome,
            due,
            result,
            clerk,
            desk,
        ) in rows
    )


def _office(stamp: str, zone: str) -> datetime:
    # Naive office time: a spreadsheet has no time zones, and the office's is what people read.
    value = datetime.fromisoformat(stamp)
    instant = value if value.tzinfo else value.replace(tzinfo=UTC)
    return to_office_time(instant, zone).replace(tzinfo=None)


# ---- tables --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A titled table of plain values: a CSV section, an XLSX sheet."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    percent_columns: frozenset[int] = frozenset()  # values in these columns are fractions


class _Percent(float):
    """A fraction shown as a percentage (a summary row's value)."""


def _name(table: dict, key: str, say: Callable[[str], str]) -> str:
    text = table.get(key)
    return say(text) if text else key


def statistics_tables(s: CaseStatistics, translate: Translate = _english) -> list[Table]:
    """The statistics as tables: the summary, then each breakdown and the ratings."""

    def say(text: str) -> str:  # not Qt's say(): the texts are marked with N(...)
        return translate("domain", text)

    decisions = {d.value: name for d, name in DECISION_NAMES.items()}
    outcomes = {o.value: name for o, name in OUTCOME_NAMES.items()}
    e = s.evaluations

    def rate(value: float | None) -> _Percent | str:
        return "" if value is None else _Percent(value)

    def number(value: float | None, digits: int) -> float | str:
        return "" if value is None else round(value, digits)

    summary = [
        (say(QT_TRANSLATE_NOOP("domain", "From")), s.start),
        (say(QT_TRANSLATE_NOOP("domain", "To")), s.end),
        (say(QT_TRANSLATE_NOOP("domain", "Cases taken in")), s.total),
        (say(QT_TRANSLATE_NOOP("domain", "Correction requests")), s.corrections),
        (say(QT_TRANSLATE_NOOP("domain", "Correction rate")), rate(s.correction_rate)),
        (say(QT_TRANSLATE_NOOP("domain", "Refusals")), s.refusals),
        (say(QT_TRANSLATE_NOOP("domain", "Refusal rate")), rate(s.refusal_rate)),
        (say(QT_TRANSLATE_NOOP("domain", "Results from the departments")), s.decided),
        (say(QT_TRANSLATE_NOOP("domain", "Average hours to result")), number(s.hours_to_result, 1)),
        (
            say(QT_TRANSLATE_NOOP("domain", "Average working days to result")),
            number(s.working_days_to_result, 2),
        ),
        (say(QT_TRANSLATE_NOOP("domain", "Decided on time")), s.on_time),
        (say(QT_TRANSLATE_NOOP("domain", "Decided late")), s.late),
        (say(QT_TRANSLATE_NOOP("domain", "Open and overdue")), s.overdue_open),
        (say(QT_TRANSLATE_NOOP("domain", "On-time rate")), rate(s.on_time_rate)),
        (say(QT_TRANSLATE_NOOP("domain", "Ratings")), e.count),
        (say(QT_TRANSLATE_NOOP("domain", "Average rating")), number(e.average, 2)),
        (say(QT_TRANSLATE_NOOP("domain", "Satisfied (4 or 5)")), rate(e.satisfied_share)),
    ]
    count = say(QT_TRANSLATE_NOOP("domain", "Cases"))
    share = say(QT_TRANSLATE_NOOP("domain", "Share"))

    def part(n: int, whole: int) -> float | str:
        return n / whole if whole else ""

    return [
        Table(
            say(QT_TRANSLATE_NOOP("domain", "Summary")),
            (say(QT_TRANSLATE_NOOP("domain", "Figure")), say(QT_TRANSLATE_NOOP("domain", "Value"))),
            tuple(summary),
        ),
        Table(
            say(QT_TRANSLATE_NOOP("domain", "By service item")),
            (
                say(QT_TRANSLATE_NOOP("domain", "Item code")),
                say(QT_TRANSLATE_NOOP("domain", "Service item")),
                say(QT_TRANSLATE_NOOP("domain", "Department")),
                count,
                share,
            ),
            tuple((r.key, r.name, r.detail, r.count, part(r.count, s.total)) for r in s.by_item),
            frozenset({4}),
        ),
        Table(
            say(QT_TRANSLATE_NOOP("domain", "By department")),
            (say(QT_TRANSLATE_NOOP("domain", "Department")), count, share),
            tuple((r.name, r.count, part(r.count, s.total)) for r in s.by_department),
            frozenset({2}),
        ),
        Table(
            say(QT_TRANSLATE_NOOP("domain", "By clerk")),
            (say(QT_TRANSLATE_NOOP("domain", "Clerk")), count, share),
            tuple((r.name, r.count, part(r.count, s.total)) for r in s.by_clerk),
            frozenset({2}),
        ),
        Table(
            say(QT_TRANSLATE_NOOP("domain", "By outcome")),
            (say(QT_TRANSLATE_NOOP("domain", "Outcome")), count, share),
            tuple(
                (_name(outcomes, r.key, say), r.count, part(r.count, s.total)) for r in s.by_outcome
            ),
            frozenset({2}),
        ),
        Table(
            say(QT_TRANSLATE_NOOP("domain", "By intake decision")),
            (say(QT_TRANSLATE_NOOP("domain", "Decision")), count, share),
            tuple(
                (_name(decisions, r.key, say), r.count, part(r.count, s.total))
                for r in s.by_decision
            ),
            frozenset({2}),
        ),
        Table(
            say(QT_TRANSLATE_NOOP("domain", "Ratings")),
            (
                say(QT_TRANSLATE_NOOP("domain", "Level")),
                say(QT_TRANSLATE_NOOP("domain", "Rating")),
                say(QT_TRANSLATE_NOOP("domain", "Count")),
                share,
            ),
            tuple(
                (level, say(LEVEL_NAMES[Level(level)]), n, part(n, e.count))
                for level, n in zip(LEVELS, e.by_level, strict=True)
            )[::-1],
            frozenset({3}),
        ),
    ]


def cases_table(cases: Sequence[ExportCase], translate: Translate = _english) -> Table:
    def say(text: str) -> str:
        return translate("domain", text)

    states = {state.value: name for state, name in STATE_NAMES.items()}
    decisions = {d.value: name for d, name in DECISION_NAMES.items()}
    outcomes = {o.value: name for o, name in OUTCOME_NAMES.items()}
    headers = tuple(say(h) for h in CASE_HEADERS)
    rows = tuple(
        (
            c.acceptance_no,
            c.local_date,
            c.accepted_at,
            c.service_code,
            c.service_name,
            c.department,
            c.applicant_name,
            c.applicant_id_masked,
            c.agent_name,
            _name(decisions, c.decision, say),
            _name(states, c.state, say),
            _name(outcomes, c.outcome, say),
            c.due_date or "",
            c.result_at or "",
            c.clerk_name,
            c.desk_code,
        )
        for c in cases
    )
    return Table(say(QT_TRANSLATE_NOOP("domain", "Cases")), headers, rows)


# ---- writing -------------------------------------------------------------------------------


def write_csv(
    path: Path | str,
    actor: Actor,
    statistics: CaseStatistics,
    cases: Sequence[ExportCase],
    *,
    translate: Translate = _english,
) -> Path:
    """Write the statistics' tables then the cases to one CSV file (UTF-8 with BOM)."""
    require(actor, Permission.VIEW_STATISTICS)
    tables = [*statistics_tables(statistics, translate), cases_table(cases, translate)]
    target = Path(path)
    with _atomic(target, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        for n, table in enumerate(tables):
            if n:
                out.writerow([])
            out.writerow([table.title])
            out.writerow(table.headers)
            for row in table.rows:
                out.writerow([_csv_cell(v, i in table.percent_columns) for i, v in enumerate(row)])
    return target


def _csv_cell(value: object, percent: bool) -> object:
    if isinstance(value, _Percent) or (percent and isinstance(value, float)):
        return f"{value * 100:.2f}%"  # Excel reads "16.67%" as the number 0.1667
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_xlsx(
    path: Path | str,
    actor: Actor,
    statistics: CaseStatistics,
    cases: Sequence[ExportCase],
    *,
    translate: Translate = _english,
) -> Path:
    """Write a workbook: a sheet of cases, then one sheet per statistics table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    require(actor, Permission.VIEW_STATISTICS)
    book = Workbook(write_only=False)
    bold = Font(bold=True)
    tables = [cases_table(cases, translate), *statistics_tables(statistics, translate)]
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append(list(row))
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                value = cell.value
                if isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(value, _Percent) or (
                    cell.column - 1 in table.percent_columns and isinstance(value, float)
                ):
                    cell.number_format = "0.0%"
        _size_columns(sheet, table)
    target = Path(path)
    with _atomic(target, "wb") as fh:
        book.save(fh)
    return target


def _sheet_title(title: str, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    name, n = clean, 2
    while name in used:
        name = f"{clean[:28]} {n}"
        n += 1
    used.add(name)
    return name


def _size_columns(sheet: Any, table: Table) -> None:
    from openpyxl.utils import get_column_letter

    for index, header in enumerate(table.headers):
        widest = _text_width(header)
        for row in table.rows[:2000]:  # a sample is enough to size a column
            value = row[index]
            if isinstance(value, datetime):
                width = 16
            elif isinstance(value, date):
                width = 10
            elif isinstance(value, float):
                width = 8
            else:
                width = _text_width(str(value))
            widest = max(widest, width)
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(widest + 2, 8), 60)


def _text_width(text: str) -> int:
    # CJK characters take two columns in Excel's default font.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@contextmanager
def _atomic(target: Path, mode: str, **options: Any) -> Iterator[IO[Any]]:
    """A temporary file beside `target`, moved over it only when everything was written."""
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        with os.fdopen(fd, mode, **options) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise ExportFailed(
            QT_TRANSLATE_NOOP("core", "could not write {path}: {reason}"),
            path=str(target),
            reason=exc.strerror or str(exc),
        ) from exc
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
