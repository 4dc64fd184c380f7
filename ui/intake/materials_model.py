"""The materials checklist of the picked service item, as an editable table model.

One row per material the catalog asks for. The clerk sets each row's status
(received, shared, pending, ...) and, for a faulty or waived one, a note that
goes on the notice. Rows the core rejected are painted red with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from counter.intake.request import MATERIAL_STATUS_NAMES, MaterialInput, MaterialStatus
from counter.store.models import MaterialRequirement
from ui.shell.i18n import is_chinese, tr_domain

Index = QModelIndex | QPersistentModelIndex

COL_POSITION, COL_NAME, COL_FORM, COL_COPIES, COL_MARK, COL_STATUS, COL_NOTE = range(7)
COLUMN_COUNT = 7

# Order of the number keys 1-6 and of the status combo.
STATUS_ORDER = (MaterialStatus.RECEIVED, MaterialStatus.SHARED, MaterialStatus.PENDING,
                MaterialStatus.WAIVED, MaterialStatus.MISSING, MaterialStatus.FAULTY)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1

_STATUS_COLOURS = {
    MaterialStatus.RECEIVED: "#e3f4e1",
    MaterialStatus.SHARED: "#e1eefa",
    MaterialStatus.PENDING: "#fff4d6",
    MaterialStatus.WAIVED: "#eeeeee",
    MaterialStatus.MISSING: "#fde7e7",
    MaterialStatus.FAULTY: "#ffe3cc",
}
_PROBLEM_COLOUR = "#f4b4b4"


@dataclass
class MaterialRow:
    """One checklist line: what the catalog asks for and what the clerk recorded."""

    spec: MaterialRequirement
    status: MaterialStatus = MaterialStatus.MISSING
    note: str = ""
    problem: str = ""  # the core's objection, translated, shown until the next submit
    by_hand: bool = False  # the clerk set the status: a platform answer never overrides it
    shared_by_lookup: bool = False  # marked shared because the platform said it holds it
    form: str | None = None  # what the applicant brought, where it differs from the catalog
    copies: int | None = None


class MaterialsModel(QAbstractTableModel):
    """Checklist rows for one service item; status and note are editable."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[MaterialRow] = []

    # -- contents ------------------------------------------------------------------

    def set_materials(self, specs: tuple[MaterialRequirement, ...]) -> None:
        self.beginResetModel()
        self._rows = [MaterialRow(spec) for spec in specs]
        self.endResetModel()

    def update_materials(self, specs: tuple[MaterialRequirement, ...]) -> None:
        """The checklist as a catalog update changed it, the clerk's marks kept.

        A material still asked for keeps its status, note, form and copies (a
        "shared" mark goes back to missing if the platform can no longer supply
        it); a new one starts missing; one no longer asked for goes.
        """
        held = {row.spec.code: row for row in self._rows}
        rows = []
        for spec in specs:
            row = held.get(spec.code)
            if row is None:
                rows.append(MaterialRow(spec))
                continue
            row = replace(row, spec=spec, problem="")
            if row.status is MaterialStatus.SHARED and not spec.shareable:
                row.status, row.by_hand, row.shared_by_lookup = MaterialStatus.MISSING, False, False
            rows.append(row)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.set_materials(())

    def inputs(self) -> tuple[MaterialInput, ...]:
        return tuple(MaterialInput(r.spec.code, r.status, note=r.note.strip(), form=r.form,
                                   copies=r.copies) for r in self._rows)

    def form(self, row: int) -> str:
        line = self._rows[row]
        return line.form or line.spec.form

    def copies(self, row: int) -> int:
        line = self._rows[row]
        return line.copies or line.spec.copies

    def next_form(self, row: int) -> None:
        """Original → copy → original and copy → original (what the applicant brought)."""
        if not 0 <= row < len(self._rows):
            return
        cycle = _PAPER_FORMS
        current = self.form(row)
        after = cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else cycle[0]
        line = self._rows[row]
        line.form = None if after == line.spec.form else after
        self._row_changed(row)

    def add_copies(self, row: int, step: int) -> None:
        """One more (or fewer) copies than shown, never fewer than one."""
        if not 0 <= row < len(self._rows):
            return
        line = self._rows[row]
        count = max(1, self.copies(row) + step)
        line.copies = None if count == line.spec.copies else count
        self._row_changed(row)

    def status(self, row: int) -> MaterialStatus:
        return self._rows[row].status

    def allowed(self, row: int, status: MaterialStatus) -> bool:
        """Only a material the platform holds can be marked as obtained by sharing."""
        return status is not MaterialStatus.SHARED or self._rows[row].spec.shareable

    def set_status(self, row: int, status: MaterialStatus) -> bool:
        """The clerk's choice for a row (never overridden by a platform answer)."""
        if not 0 <= row < len(self._rows) or not self.allowed(row, status):
            return False
        line = self._rows[row]
        line.status, line.problem = status, ""
        line.by_hand, line.shared_by_lookup = True, False
        self._row_changed(row)
        return True

    def apply_shared(self, held: set[str]) -> int:
        """Mark as shared the rows whose document the platform holds (`held` doc types).

        Rows the clerk set by hand keep their status. Rows marked by an earlier
        answer (another person, say) that `held` no longer covers go back to
        missing; `apply_shared(set())` so undoes every mark. Returns how many
        rows are now marked shared by the platform's answer.

        Only required materials are marked. FIXME: the catalog does not say
        whose document a material is; an optional one is often someone
        else's (RS-001's guardian's ID card), and the applicant's holdings
        must not stand in for it. A wrong "shared" lets a case go on without
        a paper the department needs; a missed one costs the clerk one key.
        """
        marked = 0
        for n, line in enumerate(self._rows):
            if line.by_hand:
                continue
            spec = line.spec
            holds = spec.shareable and spec.required and spec.shared_doc_type is not None \
                and spec.shared_doc_type in held
            if holds != line.shared_by_lookup:
                line.status = MaterialStatus.SHARED if holds else MaterialStatus.MISSING
                line.shared_by_lookup = holds
                self._row_changed(n)
            marked += holds
        return marked

    def display_name(self, row: int) -> str:
        """The material's name in the interface language (the catalog has both)."""
        spec = self._rows[row].spec
        return spec.name if is_chinese() or not spec.name_en else spec.name_en

    def row_of(self, code: str) -> int | None:
        for n, r in enumerate(self._rows):
            if r.spec.code == code:
                return n
        return None

    def set_problems(self, problems: dict[str, str]) -> None:
        """Mark rows by material code with the (translated) problem text; others cleared."""
        for n, r in enumerate(self._rows):
            text = problems.get(r.spec.code, "")
            if text != r.problem:
                r.problem = text
                self._row_changed(n)

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    # -- model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_STATUS, COL_NOTE):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(index.row(), row, column)
        if role == STATUS_ROLE:
            return row.status.value
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.problem:
                return QColor(_PROBLEM_COLOUR)
            if column == COL_STATUS:
                return QColor(_STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_POSITION, COL_COPIES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, n: int, row: MaterialRow, column: int) -> str:
        spec = row.spec
        if column == COL_POSITION:
            return str(n + 1)
        if column == COL_NAME:
            return self.display_name(n)
        if column == COL_FORM:
            return form_text(row.form or spec.form)
        if column == COL_COPIES:
            return str(row.copies or spec.copies)
        if column == COL_MARK:
            if spec.key:
                return self.tr("Key")
            return self.tr("Required") if spec.required else self.tr("Optional")
        if column == COL_STATUS:
            return tr_domain("domain", MATERIAL_STATUS_NAMES[row.status])
        return row.note

    def _tooltip(self, row: MaterialRow) -> str:
        lines = [row.spec.name]
        if row.spec.shareable:
            lines.append(self.tr("The platform holds this document: it can be obtained by sharing."))
        if row.spec.note:
            lines.append(row.spec.note)
        if row.problem:
            lines.append(row.problem)
        return "\n".join(lines)

    def setData(self, index: Index, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == COL_STATUS:
            try:
                return self.set_status(index.row(), MaterialStatus(str(value)))
            except ValueError:
                return False
        if index.column() == COL_NOTE:
            self._rows[index.row()].note = str(value)
            self._row_changed(index.row())
            return True
        return False

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = ("#", self.tr("Material"), self.tr("Form"), self.tr("Copies"),
                  self.tr("Kind"), self.tr("Status"), self.tr("Note"))
        return titles[section] if 0 <= section < COLUMN_COUNT else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, COLUMN_COUNT - 1))


# The paper forms a clerk cycles through with the O key (electronic ones are not brought).
_PAPER_FORMS = ("原件", "复印件", "原件及复印件")


def form_text(form: str) -> str:
    """The catalog's material form (stored in Chinese) in the interface language."""
    translate = QCoreApplication.translate
    names = {
        "原件": translate("MaterialsModel", "Original"),
        "复印件": translate("MaterialsModel", "Copy"),
        "原件及复印件": translate("MaterialsModel", "Original and copy"),
        "电子材料": translate("MaterialsModel", "Electronic"),
    }
    return names.get(form, form)
