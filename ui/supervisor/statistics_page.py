"""The Statistics page (统计) for supervisors: a range of days, its figures, charts and exports.

The supervisor picks today, this week, this month or a custom range; the
figures (`counter.reports.statistics.case_statistics`) are computed on the store
worker and the charts are rebuilt only when they arrive. A later request
supersedes an earlier one still running: only the newest answer is shown.
Export writes the range's cases and statistics to CSV or XLSX, on the store
worker too, to a path asked with a save dialog (`ask_path`, replaceable in
tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.bootstrap import OpenedDesk
from counter.clock import office_date, utc_now
from counter.evaluation import LEVEL_NAMES, Level
from counter.reports.export import export_cases, write_csv, write_xlsx
from counter.reports.statistics import (
    LEVELS,
    OUTCOME_NAMES,
    CaseStatistics,
    Outcome,
    Period,
    case_statistics,
    period_range,
    refresh_statistics_cache,
)
from counter.users import Actor
from ui.common.core_messages import core_text
from ui.shell.i18n import tr_domain
from ui.shell.tasks import TaskRunner
from ui.supervisor.charts import PALETTE, bar_chart, chart_view, pie_chart

TOP_ITEMS = 10
_PERIODS = (Period.DAY, Period.WEEK, Period.MONTH, None)  # None: custom
_ERROR = "QLabel { color: #b00000; }"
_OK = "QLabel { color: #1a7f37; }"


@dataclass(frozen=True)
class _Request:
    number: int
    start: date
    end: date


def load_statistics(opened: OpenedDesk, actor: Actor, start: date, end: date) -> CaseStatistics:
    """The figures for the range as of today (runs on the store worker)."""
    desk = opened.desk
    today = office_date(utc_now(), desk.zone)
    # Past days not cached yet are counted once and kept (a write transaction).
    refresh_statistics_cache(desk, start, end, as_of=today)
    with desk.store.read() as session:
        return case_statistics(session, actor, start, end, calendar=desk.calendar,
                               zone=desk.zone, as_of=today)


def export_range(opened: OpenedDesk, actor: Actor, start: date, end: date, path: Path,
                 kind: str) -> Path:
    """Write the range's cases and statistics to `path` (runs on the store worker)."""
    desk = opened.desk
    stats = load_statistics(opened, actor, start, end)
    with desk.store.read() as session:
        cases = export_cases(session, actor, start, end, zone=desk.zone)
    write = write_xlsx if kind == "xlsx" else write_csv
    return write(path, actor, stats, cases, translate=tr_domain)


class StatisticsPage(QWidget):
    """Statistics for supervisors. `loaded` carries the CaseStatistics shown; `exported` a path."""

    loaded = Signal(object)
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, opened: OpenedDesk, actor: Actor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner, self._opened, self._actor = runner, opened, actor
        self.statistics: CaseStatistics | None = None
        self._asked = 0

        today = self._today()
        self.period = QComboBox()
        self.period.currentIndexChanged.connect(self._period_changed)
        self._period_label = QLabel()
        self._period_label.setBuddy(self.period)
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.dateChanged.connect(self._custom_changed)
        self._to_label = QLabel()
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton()
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button = QPushButton()
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        top = QHBoxLayout()
        top.addWidget(self._period_label)
        top.addWidget(self.period)
        top.addWidget(self.start_edit)
        top.addWidget(self._to_label)
        top.addWidget(self.end_edit)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.csv_button)
        top.addWidget(self.xlsx_button)

        figures = QGridLayout()
        self._captions: dict[str, QLabel] = {}
        self.figures: dict[str, QLabel] = {}
        for column, key in enumerate(("cases", "correction", "refusal", "on_time", "hours",
                                      "rating")):
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(box)
            caption, value = QLabel(), QLabel("–")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet("font-size: 20px; font-weight: bold;")
            inner.addWidget(caption)
            inner.addWidget(value)
            self._captions[key], self.figures[key] = caption, value
            figures.addWidget(box, 0, column)

        self.views = {key: chart_view() for key in ("items", "outcomes", "clerks",
                                                    "departments", "ratings")}
        charts = QGridLayout()
        charts.addWidget(self.views["items"], 0, 0)
        charts.addWidget(self.views["outcomes"], 0, 1, 1, 2)  # room for the legend's names
        charts.addWidget(self.views["clerks"], 1, 0)
        charts.addWidget(self.views["departments"], 1, 1)
        charts.addWidget(self.views["ratings"], 1, 2)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(figures)
        layout.addLayout(charts, 1)
        layout.addWidget(self.message)
        self.retranslate()
        self._period_changed()

    # -- the range -------------------------------------------------------------

    def _today(self) -> date:
        return office_date(utc_now(), self._opened.desk.zone)

    def range(self) -> tuple[date, date]:
        """The office dates the page shows: the chosen period's, or the two date fields'."""
        period = _PERIODS[max(self.period.currentIndex(), 0)]
        if period is not None:
            return period_range(period, self._today())
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()

    def _period_changed(self) -> None:
        custom = _PERIODS[max(self.period.currentIndex(), 0)] is None
        for edit in (self.start_edit, self.end_edit):
            edit.setEnabled(custom)
        if not custom:
            start, end = self.range()
            for edit, day in ((self.start_edit, start), (self.end_edit, end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.refresh()

    def _custom_changed(self) -> None:
        if _PERIODS[max(self.period.currentIndex(), 0)] is None:
            self.refresh()

    # -- figures ---------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures for the range on the store worker; show them when they come."""
        start, end = self.range()
        self._asked += 1
        request = _Request(self._asked, start, end)
        opened, actor = self._opened, self._actor
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Counting…"))
        self._runner.run_store(
            lambda: load_statistics(opened, actor, start, end),
            lambda stats: self._arrived(request, stats),
            lambda error: self._refused(request, error),
            owner=self,
        )

    def _arrived(self, request: _Request, stats: CaseStatistics) -> None:
        if request.number != self._asked:
            return  # a newer range was asked for meanwhile
        self.statistics = stats
        self._show_figures(stats)
        self._build_charts(stats)
        self.message.setText("")
        self.loaded.emit(stats)

    def _refused(self, request: _Request, error: BaseException) -> None:
        if request.number != self._asked:
            return
        self._say(core_text(error), error=True)

    def _show_figures(self, s: CaseStatistics) -> None:
        def rate(value: float | None) -> str:
            return "–" if value is None else f"{value * 100:.1f}%"

        self.figures["cases"].setText(str(s.total))
        self.figures["correction"].setText(rate(s.correction_rate))
        self.figures["refusal"].setText(rate(s.refusal_rate))
        self.figures["on_time"].setText(rate(s.on_time_rate))
        if s.hours_to_result is None:
            self.figures["hours"].setText("–")
        else:
            days = s.working_days_to_result or 0.0
            self.figures["hours"].setText(
                self.tr("{hours:.1f} h ({days:.1f} working days)").format(
                    hours=s.hours_to_result, days=days))
        e = s.evaluations
        self.figures["rating"].setText(
            "–" if e.average is None
            else self.tr("{average:.2f} (rated {count}×)").format(average=e.average,
                                                                   count=e.count))

    def _build_charts(self, s: CaseStatistics) -> None:
        cases = self.tr("Cases")
        top = s.by_item[:TOP_ITEMS]
        self._set_chart("items", bar_chart(
            self.tr("Cases by service item (top {n})").format(n=TOP_ITEMS),
            [r.name for r in top], [r.count for r in top], value_label=cases, horizontal=True))
        self._set_chart("outcomes", pie_chart(
            self.tr("Cases by outcome"),
            [(tr_domain("domain", OUTCOME_NAMES[Outcome(r.key)]), r.count)
             for r in s.by_outcome]))
        self._set_chart("clerks", bar_chart(
            self.tr("Cases by clerk"), [r.name for r in s.by_clerk],
            [r.count for r in s.by_clerk], value_label=cases, horizontal=True,
            colour=PALETTE[1]))
        self._set_chart("departments", bar_chart(
            self.tr("Cases by department"), [r.name for r in s.by_department],
            [r.count for r in s.by_department], value_label=cases, horizontal=True,
            colour=PALETTE[2]))
        # Best first, as the applicant's rating screen lists them; names on the left fit.
        levels = LEVELS[::-1]
        self._set_chart("ratings", bar_chart(
            self.tr("Ratings by level"),
            [f"{level} {tr_domain('domain', LEVEL_NAMES[Level(level)])}" for level in levels],
            [s.evaluations.by_level[level - 1] for level in levels],
            value_label=self.tr("Ratings"), horizontal=True, colour=PALETTE[4]))

    def _set_chart(self, key: str, chart) -> None:  # type: ignore[no-untyped-def]
        view = self.views[key]
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()  # the view gives up the old chart without deleting it

    # -- export ----------------------------------------------------------------

    @classmethod
    def ask_path(cls, parent: QWidget, caption: str, suggested: Path,
                 name_filter: str) -> Path | None:
        """The save dialog; tests replace this with a function returning a path."""
        chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), name_filter)
        return Path(chosen) if chosen else None

    def export(self, kind: str) -> None:
        """Ask where, then write the range's cases and statistics as CSV or XLSX."""
        start, end = self.range()
        span = start.isoformat() if start == end else f"{start.isoformat()}_{end.isoformat()}"
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        stem = self.tr("statistics")  # the file name's start
        suggested = Path(folder) / f"{stem}_{span}.{kind}"
        name_filter = (self.tr("Excel workbook (*.xlsx)") if kind == "xlsx"
                       else self.tr("CSV, opens in Excel (*.csv)"))
        path = type(self).ask_path(self, self.tr("Export statistics"), suggested, name_filter)
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        opened, actor = self._opened, self._actor
        self._say(self.tr("Exporting…"))
        self._runner.run_store(
            lambda: export_range(opened, actor, start, end, path, kind),
            self._written, lambda error: self._say(core_text(error), error=True), owner=self,
        )

    def _written(self, path: Path) -> None:
        self._say(self.tr("Exported to {path}").format(path=path))
        self.exported.emit(str(path))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(_ERROR if error else _OK)
        self.message.setText(text)
        if error:
            self.failed.emit(text)

    # -- language --------------------------------------------------------------

    def retranslate(self) -> None:
        self._period_label.setText(self.tr("&Period:"))
        index = max(self.period.currentIndex(), 0)
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItems([self.tr("Today"), self.tr("This week"), self.tr("This month"),
                              self.tr("Custom range")])
        self.period.setCurrentIndex(index)
        self.period.blockSignals(False)
        self._to_label.setText(self.tr("to"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.csv_button.setText(self.tr("Export &CSV"))
        self.xlsx_button.setText(self.tr("Export &XLSX"))
        captions = {"cases": self.tr("Cases taken in"), "correction": self.tr("Correction rate"),
                    "refusal": self.tr("Refusal rate"), "on_time": self.tr("On-time rate"),
                    "hours": self.tr("Average time to result"),
                    "rating": self.tr("Average rating (of 5)")}
        for key, text in captions.items():
            self._captions[key].setText(text)
        if self.statistics is not None:
            self._show_figures(self.statistics)
            self._build_charts(self.statistics)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
