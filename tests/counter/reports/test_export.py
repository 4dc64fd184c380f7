"""Exports: the XLSX and CSV hold the statistics' numbers and the cases, IDs masked."""

from __future__ import annotations

import csv
import errno
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter.desk import Desk
from counter.errors import PermissionDenied
from counter.reports.export import ExportFailed, export_cases, write_csv, write_xlsx
from counter.reports.statistics import CaseStatistics, case_statistics
from counter.users import Actor
from tests.counter.reports.statistics_support import AS_OF, END, ID_NUMBER, START, load_week

CHINESE = {"domain": {"Cases": "办件", "Service item": "事项名称", "Approved": "准予许可",
                      "Summary": "概况", "By service item": "按事项",
                      "Correction rate": "补正率"}}


def _chinese(context: str, text: str) -> str:
    return CHINESE.get(context, {}).get(text, text)


def _load(desk: Desk, actor: Actor) -> tuple[CaseStatistics, tuple]:
    load_week(desk)
    with desk.store.read() as session:
        stats = case_statistics(session, actor, START, END, calendar=desk.calendar,
                                zone=desk.zone, as_of=AS_OF)
        cases = export_cases(session, actor, START, END, zone=desk.zone)
    return stats, cases


def test_xlsx_has_the_cases_and_the_same_numbers(desk: Desk, supervisor: Actor,
                                                 tmp_path: Path) -> None:
    stats, cases = _load(desk, supervisor)
    path = write_xlsx(tmp_path / "week.xlsx", supervisor, stats, cases)
    book = load_workbook(path)
    assert book.sheetnames[:3] == ["Cases", "Summary", "By service item"]
    sheet = book["Cases"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert sheet["A1"].font.bold
    assert len(body) == stats.total == 12
    first = dict(zip(header, body[0], strict=True))
    assert first["Acceptance number"] == "140121-01-20260302-0001"
    assert first["Intake date"] == datetime(2026, 3, 2)  # a real date, not text
    assert first["Accepted at"] == datetime(2026, 3, 2, 9, 0)  # office time
    assert first["ID number"] == "*" * 14 + ID_NUMBER[-4:]
    assert first["Outcome"] == "Approved" and first["State"] == "Delivered"
    assert first["Result at"] == datetime(2026, 3, 5, 9, 0)
    assert first["Due date"] == datetime(2026, 3, 9)
    assert sheet.column_dimensions["A"].width > 20  # the acceptance number fits
    assert not any(ID_NUMBER in str(cell) for row in rows for cell in row)

    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Cases taken in"] == 12
    assert summary["Correction rate"] == pytest.approx(2 / 12)
    assert book["Summary"]["B6"].number_format == "0.0%"
    assert summary["Average hours to result"] == pytest.approx(92.7)
    assert summary["On-time rate"] == pytest.approx(4 / 7)
    assert summary["Average rating"] == pytest.approx(3.33)
    items = list(book["By service item"].iter_rows(min_row=2, values_only=True))
    assert [(code, n) for code, _name, _dept, n, _share in items] == [
        (r.key, r.count) for r in stats.by_item
    ]
    outcomes = {row[0]: row[1] for row in book["By outcome"].iter_rows(min_row=2,
                                                                         values_only=True)}
    assert outcomes["Approved"] == 3 and outcomes["Rejected"] == 2
    levels = list(book["Ratings"].iter_rows(min_row=2, values_only=True))
    assert [(level, n) for level, _name, n, _share in levels] == [
        (5, 2), (4, 1), (3, 1), (2, 1), (1, 1)
    ]


def test_csv_opens_in_excel_with_chinese_intact(desk: Desk, supervisor: Actor,
                                                tmp_path: Path) -> None:
    stats, cases = _load(desk, supervisor)
    path = write_csv(tmp_path / "本周办件.csv", supervisor, stats, cases, translate=_chinese)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for line in lines:
        if not line:
            continue
        if len(line) == 1:
            current = sections.setdefault(line[0], [])
        else:
            current.append(line)
    assert {"概况", "按事项", "办件"} <= sections.keys()
    summary = dict(sections["概况"][1:])
    assert summary["Cases taken in"] == "12" and summary["补正率"] == "16.67%"
    assert summary["Average working days to result"] == "3.0"
    items = sections["按事项"]
    assert items[0][:4] == ["Item code", "事项名称", "Department", "办件"]
    assert [(row[0], row[1], int(row[3])) for row in items[1:]] == [
        (r.key, r.name, r.count) for r in stats.by_item
    ]
    assert items[1][1] == "失业保险金申领"
    case_rows = sections["办件"]
    assert len(case_rows) == 1 + 12
    column = case_rows[0].index("ID number")
    assert {row[column] for row in case_rows[1:]} == {"**************0021"}
    assert case_rows[1][1] == "2026-03-02" and case_rows[1][2] == "2026-03-02 09:00:00"
    assert "准予许可" in case_rows[1]
    assert ID_NUMBER not in path.read_text(encoding="utf-8-sig")


def test_an_empty_range_exports_headers(desk: Desk, admin: Actor, tmp_path: Path) -> None:
    with desk.store.read() as session:
        stats = case_statistics(session, admin, date(2026, 4, 1), date(2026, 4, 1),
                                calendar=desk.calendar, zone=desk.zone, as_of=AS_OF)
        cases = export_cases(session, admin, date(2026, 4, 1), date(2026, 4, 1), zone=desk.zone)
    book = load_workbook(write_xlsx(tmp_path / "empty.xlsx", admin, stats, cases))
    assert book["Cases"].max_row == 1
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Cases taken in"] == 0 and summary["Correction rate"] is None


def test_a_failed_write_names_the_path_and_keeps_the_old_file(
    desk: Desk, supervisor: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats, cases = _load(desk, supervisor)
    missing = tmp_path / "no such folder" / "week.csv"
    with pytest.raises(ExportFailed) as failed:
        write_csv(missing, supervisor, stats, cases)
    assert str(missing) in str(failed.value)

    target = tmp_path / "week.xlsx"
    target.write_bytes(b"the old export")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ExportFailed) as failed:
        write_xlsx(target, supervisor, stats, cases)
    assert str(target) in str(failed.value) and "No space left" in str(failed.value)
    assert target.read_bytes() == b"the old export"  # not half a workbook
    assert list(tmp_path.glob("*.part")) == list(tmp_path.glob(".*.part")) == []  # none left


def test_clerks_may_not_export(desk: Desk, clerk: Actor, supervisor: Actor,
                               tmp_path: Path) -> None:
    stats, cases = _load(desk, supervisor)
    with desk.store.read() as session, pytest.raises(PermissionDenied):
        export_cases(session, clerk, START, END, zone=desk.zone)
    with pytest.raises(PermissionDenied):
        write_csv(tmp_path / "x.csv", clerk, stats, cases)
    assert not (tmp_path / "x.csv").exists()
