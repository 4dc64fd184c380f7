"""Lighting up the widgets of the fields the core rejected.

The core names each bad field by a stable key ("applicant.id_number",
"agent.phone", "materials.M02", "makeup_deadline", ...). The form says which
of its widgets holds a key (`MarkedForm`); this gives that widget a red frame
(the ``problem`` property, styled by `STYLE`) and the problem as its tooltip,
and undoes it all on `clear`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from counter.intake.request import Decision


class MarkedForm(Protocol):
    """What a form shows its marks on: its widget for each field key, its materials' rows."""

    def field_widget(self, key: str, decision: Decision | None) -> QWidget | None: ...

    def mark_material_rows(self, problems: dict[str, str]) -> None: ...

    def styleSheet(self) -> str: ...

    def setStyleSheet(self, sheet: str) -> None: ...


PROPERTY = "problem"
STYLE = """
QLineEdit[problem="true"], QComboBox[problem="true"] {
    border: 2px solid #c62828; background: #fff5f5;
}
QTableView[problem="true"], QPushButton[problem="true"] { border: 2px solid #c62828; }
QGroupBox[problem="true"] { border: 2px solid #c62828; }
"""


class FieldMarks:
    """Marks and unmarks the form's widgets by field key."""

    def __init__(self, form: MarkedForm) -> None:
        self._form = form
        self._marked: dict[QWidget, str] = {}  # widget -> its own tooltip, to restore
        form.setStyleSheet(form.styleSheet() + STYLE)

    def mark(self, problems: dict[str, str], decision: Decision | None = None) -> QWidget | None:
        """Mark every field in `problems` (key -> translated text); return the first widget."""
        self.clear()
        first: QWidget | None = None
        rows: dict[str, str] = {}
        for key, text in problems.items():
            if key.startswith("materials."):
                rows[key.removeprefix("materials.")] = text
            widget = self._form.field_widget(key, decision)
            if widget is None:
                continue
            if widget not in self._marked:
                self._marked[widget] = widget.toolTip()
                widget.setToolTip(text)
            else:
                widget.setToolTip(f"{widget.toolTip()}\n{text}")
            _set_problem(widget, True)
            first = first or widget
        self._form.mark_material_rows(rows)
        return first

    def clear(self) -> None:
        for widget, tooltip in self._marked.items():
            widget.setToolTip(tooltip)
            _set_problem(widget, False)
        self._marked.clear()
        self._form.mark_material_rows({})


def _set_problem(widget: QWidget, on: bool) -> None:
    widget.setProperty(PROPERTY, on)
    # A dynamic property only restyles after a re-polish.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
