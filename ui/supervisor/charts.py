"""Small Qt Charts builders for the statistics page: a bar chart and a pie, from plain values.

Each call makes a new QChart (the caller hands it to a QChartView, which takes
ownership and deletes the old one). Titles and labels come in already
translated.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy

# Calm colours that stay apart in print and for common colour blindness.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
           "#9c755f", "#bab0ac", "#ff9da7")
MAX_LABEL = 14  # characters of a category name before it is cut with "…"


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _base(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[int],
    *,
    value_label: str,
    horizontal: bool = False,
    colour: str = PALETTE[0],
) -> QChart:
    """Bars of `values` by `categories`; horizontal puts long names on the left, top first."""
    chart = _base(title)
    bars = QBarSet(value_label)
    bars.setColor(QColor(colour))
    names = [_short(c) for c in categories]
    counts = list(values)
    if horizontal:
        # Qt draws the first category at the bottom; a ranking reads from the top.
        names, counts = names[::-1], counts[::-1]
    bars.append([float(v) for v in counts])
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    category_axis = QBarCategoryAxis()
    category_axis.append(names)
    value_axis = QValueAxis()
    value_axis.setLabelFormat("%d")
    if horizontal:
        # A rotated title on an upright axis does not render CJK text; the chart title says it.
        value_axis.setTitleText(value_label)
    top = max([*counts, 1])
    if top <= 5:
        # Small counts: one tick per whole number, never "0 0 1 1" from fractional ticks.
        value_axis.setRange(0, top + 1)
        value_axis.setTickCount(top + 2)
    else:
        value_axis.setRange(0, top * 1.15)
        value_axis.applyNiceNumbers()
    value_axis.setLabelFormat("%d")
    if horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    return chart


def pie_chart(title: str, slices: Sequence[tuple[str, int]]) -> QChart:
    """A pie of the non-zero `slices` (label, count), labelled with count and share."""
    chart = _base(title)
    series = QPieSeries()
    shown = [(label, n) for label, n in slices if n > 0]
    total = sum(n for _label, n in shown)
    for index, (label, n) in enumerate(shown):
        piece = series.append(f"{label} {n} ({n / total:.0%})", n)
        piece.setColor(QColor(PALETTE[index % len(PALETTE)]))
        piece.setLabelVisible(False)
    series.setPieSize(0.75)
    chart.addSeries(series)
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def chart_view() -> QChartView:
    view = QChartView()
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumSize(320, 220)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return view
