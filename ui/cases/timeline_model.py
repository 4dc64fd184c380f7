"""A case's timeline (counter.cases.timeline) as a read-only table: when, who, what."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from counter.cases.delivery import COLLECTOR_ROLE_NAMES, CollectorRole
from counter.cases.reprints import DOCUMENT_NAMES
from counter.cases.timeline import EntryKind, TimelineEntry
from counter.clock import to_office_time
from ui.queue.queue_model import state_text
from ui.shell.i18n import tr_domain
from ui.supervisor.supervisor_dialogs import refusal_name

Index = QModelIndex | QPersistentModelIndex
COL_TIME, COL_WHO, COL_WHAT = range(3)
COLUMN_COUNT = 3


translate = QCoreApplication.translate


def entry_text(entry: TimelineEntry) -> str:
    """What happened, in the interface language."""
    p = entry.params
    reason = p.get("reason", "")
    if entry.kind is EntryKind.INTAKE:
        text = translate("CaseTimeline", "Application recorded: {state}").format(
            state=state_text(p.get("state", ""))
        )
    elif entry.kind is EntryKind.TRANSITION:
        if p.get("to_state") == "delivered" and p.get("collector_name"):
            role = COLLECTOR_ROLE_NAMES.get(CollectorRole(p.get("collector_role", "applicant")))
            text = translate("CaseTimeline", "Delivered to the {role} {name} (ID {id})").format(
                role=tr_domain("domain", role or ""),
                name=p["collector_name"],
                id=p.get("collector_id_masked", ""),
            )
        else:
            text = translate("CaseTimeline", "{old} → {new}").format(
                old=state_text(p.get("from_state", "")), new=state_text(p.get("to_state", ""))
            )
    elif entry.kind is EntryKind.CERTIFICATE_ISSUED:
        text = translate("CaseTimeline", "Certificate issued: {title} ({serial})").format(
            title=p.get("title", ""), serial=p.get("serial", "")
        )
    elif entry.kind is EntryKind.CERTIFICATE_PRINT:
        text = translate("CaseTimeline", "Certificate printed: {title}").format(
            title=p.get("title", "")
        )
    elif entry.kind is EntryKind.CERTIFICATE_REPRINT:
        text = translate(
            "CaseTimeline", "Certificate reprinted (print no. {number}): {title}"
        ).format(number=p.get("print_no", ""), title=p.get("title", ""))
    elif entry.kind is EntryKind.RESUBMISSION:
        code = p.get("refusal", "").partition(":")[0]
        text = translate(
            "CaseTimeline", "Intake refused by the platform ({why}), corrected and resubmitted "
            "(revision {revision})"
        ).format(why=refusal_name(code), revision=p.get("revision", ""))
    else:
        name = DOCUMENT_NAMES.get(p.get("doc_type", ""), p.get("doc_type", ""))
        text = translate("CaseTimeline", "{document} reprinted (reprint no. {number})").format(
            document=tr_domain("domain", name), number=p.get("reprint_no", "")
        )
    if reason:
        text += translate("CaseTimeline", "; reason: {reason}").format(reason=reason)
    return text


class TimelineModel(QAbstractTableModel):
    """Read-only rows, oldest first; times in the office's zone."""

    def __init__(self, zone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._entries: list[TimelineEntry] = []

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == COL_TIME:
                return to_office_time(entry.at, self._zone).strftime("%Y-%m-%d %H:%M")
            if column == COL_WHO:
                return (
                    translate("CaseTimeline", "Exchange platform")
                    if entry.by_platform
                    else entry.who
                )
            if column == COL_WHAT:
                return entry_text(entry)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_TIME: translate("CaseTimeline", "Time"),
            COL_WHO: translate("CaseTimeline", "By"),
            COL_WHAT: translate("CaseTimeline", "What happened"),
        }.get(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        if self._entries:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._entries) - 1, COLUMN_COUNT - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
