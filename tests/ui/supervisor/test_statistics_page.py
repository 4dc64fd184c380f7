"""The Statistics page: figures and charts for a range, exports through a replaced save dialog."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QAbstractBarSeries, QPieSeries
from PySide6.QtCore import QDate, Qt

from counter.bootstrap import OpenedDesk
from counter.users import Actor, sign_in
from tests.counter.reports.statistics_support import END, START, load_week
from tests.ui.flow import TIMEOUT_MS
from ui.shell.i18n import Translations
from ui.shell.tasks import TaskRunner
from ui.supervisor.statistics_page import StatisticsPage


def _actor(opened: OpenedDesk, name: str) -> Actor:
    return sign_in(opened.desk.store, name, "demo1234")


def _page(qtbot, runner: TaskRunner, opened: OpenedDesk, actor: Actor) -> StatisticsPage:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(runner.busy_changed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda busy: not busy):
        page = StatisticsPage(runner, opened, actor)
    qtbot.addWidget(page)
    page.resize(1280, 820)
    page.show()
    return page


def _choose_the_week(qtbot, page: StatisticsPage) -> None:  # type: ignore[no-untyped-def]
    """Custom range from the keyboard (End picks the last period), then the two dates."""
    page.period.setFocus()
    qtbot.keyClick(page.period, Qt.Key.Key_End)
    assert page.start_edit.isEnabled()
    page.start_edit.setDate(QDate(START.year, START.month, START.day))
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT_MS) as shown, \
            qtbot.assertNotEmitted(page.failed):
        page.end_edit.setDate(QDate(END.year, END.month, END.day))
    assert shown.args[0].start == START and shown.args[0].end == END


def _bars(page: StatisticsPage, key: str) -> list[float]:
    (series,) = page.views[key].chart().series()
    assert isinstance(series, QAbstractBarSeries)
    (bars,) = series.barSets()
    return [bars.at(i) for i in range(bars.count())]


@pytest.fixture
def week(opened: OpenedDesk) -> OpenedDesk:
    load_week(opened.desk)
    return opened


def test_figures_and_charts_of_the_week(qtbot, runner: TaskRunner, week: OpenedDesk) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, runner, week, _actor(week, "supervisor"))
    assert page.figures["cases"].text() == "0"  # today: nothing yet
    _choose_the_week(qtbot, page)
    assert page.figures["cases"].text() == "12"
    assert page.figures["correction"].text() == "16.7%"
    assert page.figures["refusal"].text() == "16.7%"
    # as of today, case 6 (due 25 March, materials still pending) is late as well: 4 of 8
    assert page.figures["on_time"].text() == "50.0%"
    assert page.figures["hours"].text() == "92.7 h (3.0 working days)"
    assert page.figures["rating"].text() == "3.33 (rated 6×)"
    # top items, biggest first (drawn bottom-up, so the first bar is the smallest)
    assert _bars(page, "items") == [2, 5, 5]
    assert _bars(page, "clerks") == [5, 7]
    assert _bars(page, "departments") == [5, 7]
    assert _bars(page, "ratings") == [1, 1, 1, 1, 2]  # level 1 at the bottom, 5 on top
    (pie,) = page.views["outcomes"].chart().series()
    assert isinstance(pie, QPieSeries)
    assert sorted(s.value() for s in pie.slices()) == [1, 1, 1, 2, 2, 2, 3]
    assert any(s.label().startswith("Approved 3") for s in pie.slices())
    assert page.views["items"].chart().title() == "Cases by service item (top 10)"


def test_export_through_the_save_dialog(qtbot, runner: TaskRunner, week: OpenedDesk,  # type: ignore[no-untyped-def]
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, runner, week, _actor(week, "supervisor"))
    _choose_the_week(qtbot, page)
    asked: list[tuple[str, Path]] = []

    def answer(_parent, caption, suggested, _filter):  # type: ignore[no-untyped-def]
        asked.append((caption, suggested))
        return tmp_path / suggested.name

    monkeypatch.setattr(StatisticsPage, "ask_path", staticmethod(answer))
    with qtbot.waitSignal(page.exported, timeout=TIMEOUT_MS) as done, \
            qtbot.assertNotEmitted(page.failed):
        qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert asked[0][1].name == "statistics_2026-03-02_2026-03-06.xlsx"
    book = load_workbook(done.args[0])
    assert book["Cases"].max_row == 1 + 12
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Cases taken in"] == 12
    assert "Exported to" in page.message.text()

    with qtbot.waitSignal(page.exported, timeout=TIMEOUT_MS) as done:
        qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    with open(done.args[0], encoding="utf-8-sig", newline="") as fh:
        rows = [row for row in csv.reader(fh) if row]
    assert ["Cases"] in rows and any("失业保险金申领" in row for row in rows)


def test_a_cancelled_dialog_writes_nothing(qtbot, runner: TaskRunner, week: OpenedDesk,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, runner, week, _actor(week, "supervisor"))
    monkeypatch.setattr(StatisticsPage, "ask_path", staticmethod(lambda *args: None))
    with qtbot.assertNotEmitted(page.exported, wait=200):
        qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    assert runner.pending == 0


def test_a_clerk_is_refused(qtbot, runner: TaskRunner, week: OpenedDesk) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(runner.busy_changed, timeout=TIMEOUT_MS,
                          check_params_cb=lambda busy: not busy):
        page = StatisticsPage(runner, week, _actor(week, "clerk"))
    qtbot.addWidget(page)
    assert "view_statistics" in page.message.text()
    assert page.figures["cases"].text() == "–"


def test_chinese(qtbot, runner: TaskRunner, week: OpenedDesk,  # type: ignore[no-untyped-def]
                 translations: Translations) -> None:
    translations.install("zh_CN")
    page = _page(qtbot, runner, week, _actor(week, "supervisor"))
    _choose_the_week(qtbot, page)
    assert page.views["items"].chart().title() == "按服务事项统计办件量（前10项）"
    assert page.csv_button.text().startswith("导出")
    (pie,) = page.views["outcomes"].chart().series()
    assert any(s.label().startswith("审批通过 3") for s in pie.slices())
