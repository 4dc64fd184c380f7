"""The materials checklist view, made for checking a stack of papers by keyboard.

Space toggles the current row between received and missing; the number keys
1-6 pick a status directly (see `STATUS_ORDER`). Both move on to the next row,
as the clerk moves on to the next paper. A status that needs a note (faulty,
waived) opens the note cell instead. The status cell also has a combo box.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from counter.intake.request import MATERIAL_STATUS_NAMES, MaterialStatus
from ui.intake.materials_model import (
    COL_COPIES,
    COL_FORM,
    COL_MARK,
    COL_NAME,
    COL_NOTE,
    COL_POSITION,
    COL_STATUS,
    STATUS_ORDER,
    STATUS_ROLE,
    MaterialsModel,
)
from ui.shell.i18n import tr_domain

Index = QModelIndex | QPersistentModelIndex

_NEEDS_NOTE = (MaterialStatus.FAULTY, MaterialStatus.WAIVED)
_NUMBER_KEYS = {Qt.Key.Key_1 + n: status for n, status in enumerate(STATUS_ORDER)}


class StatusDelegate(QStyledItemDelegate):
    """A combo box of the statuses this row allows."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        for n, status in enumerate(STATUS_ORDER):
            if isinstance(model, MaterialsModel) and not model.allowed(index.row(), status):
                continue
            combo.addItem(f"{n + 1}  {tr_domain('domain', MATERIAL_STATUS_NAMES[status])}",
                          status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(STATUS_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class MaterialsTable(QTableView):
    """Table view over a `MaterialsModel` with the checklist keys."""

    def __init__(self, model: MaterialsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.materials = model
        self.setModel(model)
        self.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the checklist for the applicant
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name takes what is left; the other columns are short and fixed.
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_POSITION, 30), (COL_FORM, 112), (COL_COPIES, 52),
                              (COL_MARK, 72), (COL_STATUS, 136), (COL_NOTE, 110)):
            header.resizeSection(column, width)
        # Out of focus, the current row is only tinted, so a row marked red stays readable.
        palette = self.palette()
        palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight,
                         QColor("#d6e4f5"))
        palette.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.HighlightedText,
                         QColor("#000000"))
        self.setPalette(palette)
        model.modelReset.connect(self._select_first)

    def _select_first(self) -> None:
        if self.materials.rowCount() > 0:
            self.setCurrentIndex(self.materials.index(0, COL_STATUS))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if row < 0 or self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key == Qt.Key.Key_Space:
            current = self.materials.status(row)
            received = MaterialStatus.RECEIVED
            self._set(row, MaterialStatus.MISSING if current is received else received)
        elif key in _NUMBER_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._set(row, _NUMBER_KEYS[key])
        elif key == Qt.Key.Key_O:
            self.materials.next_form(row)  # original / copy / both, as brought
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.materials.add_copies(row, 1)
        elif key == Qt.Key.Key_Minus:
            self.materials.add_copies(row, -1)
        else:
            super().keyPressEvent(event)

    def _set(self, row: int, status: MaterialStatus) -> None:
        if not self.materials.set_status(row, status):
            return
        if status in _NEEDS_NOTE:
            note = self.materials.index(row, COL_NOTE)
            self.setCurrentIndex(note)
            self.edit(note)
        elif row + 1 < self.materials.rowCount():
            self.setCurrentIndex(self.materials.index(row + 1, COL_STATUS))
