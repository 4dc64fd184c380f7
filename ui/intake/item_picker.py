"""Finding the service item: type a code, Chinese, pinyin or pinyin initials, pick by keyboard.

Typing searches the catalog on the store worker (after a short pause, and
only the newest answer counts). Down moves into the list, Enter picks the
highlighted item, or the first one straight from the search field. Picking
reads the item whole, with the date it would be promised for if accepted
today, and shows a summary card.

The catalog can change under the clerk's hands: a sync pass applies a new
version (`catalog_changed`). An open result list is then searched again; the
picked item is read again and, if the update changed it, `updated` says so,
or, if the platform withdrew it, it is dropped and `withdrawn` says so. An
item picked from a list shown before a withdrawal is dropped the same way.
The card tells the clerk which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter.catalog.items import ItemDetail, get_item, search_items
from counter.catalog.workcal import Deadline
from counter.clock import office_date, utc_now
from counter.desk import Desk
from counter.store.models import ServiceItem
from ui.shell.i18n import is_chinese
from ui.shell.tasks import TaskRunner

SEARCH_DELAY_MS = 150
# A make-up deadline a week of working days out, unless the promised date comes first.
MAKEUP_WORKING_DAYS = 5


@dataclass(frozen=True)
class PickedItem:
    """A service item read whole, with the dates an intake today would carry."""

    detail: ItemDetail
    today: date
    due: Deadline | None  # None for an immediate item (decided at the counter)
    makeup_default: date | None


def load_item(desk: Desk, code: str) -> PickedItem | None:
    """Store-worker task: the item, its materials and today's deadlines."""
    with desk.store.read() as session:
        detail = get_item(session, code)
    if detail is None:
        return None
    today = office_date(utc_now(), desk.zone)
    days = detail.item.promised_days
    if days == 0:
        return PickedItem(detail, today, None, None)
    due = desk.calendar.add_working_days(today, days)
    makeup = desk.calendar.add_working_days(today, min(days, MAKEUP_WORKING_DAYS)).due
    return PickedItem(detail, today, due, makeup)


def item_name(item: ServiceItem) -> str:
    return item.name if is_chinese() or not item.name_en else item.name_en


class ItemPicker(QWidget):
    """Search field, result list and the summary card of the picked item."""

    picked = Signal(object)  # PickedItem
    updated = Signal(object)  # PickedItem: the picked item as a catalog update changed it
    withdrawn = Signal(object)  # ServiceItem: the item picked (or chosen), no longer offered
    failed = Signal(object)  # the error of a search or a read

    def __init__(self, runner: TaskRunner, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._desk = desk
        self._seq = 0  # the newest search asked
        self._answered = 0  # the newest search answered
        self._pick_when_ready = False
        self._listed: dict[str, ServiceItem] = {}  # the result list's items, by code
        self._notice: tuple[str, ServiceItem] | None = None  # ("withdrawn" | "updated", item)
        self.current: PickedItem | None = None

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._schedule)
        self.search.returnPressed.connect(self._pick_from_search)
        self.search.installEventFilter(self)
        self.results = QListWidget()
        self.results.setVisible(False)
        self.results.setMaximumHeight(180)
        self.results.itemActivated.connect(self._pick_item)
        self.results.installEventFilter(self)
        self.card = QLabel()
        self.card.setWordWrap(True)
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setStyleSheet("QLabel { background: #f3f6fa; border: 1px solid #cfd8e3;"
                                " border-radius: 3px; padding: 4px 6px; }")

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.card)
        self.retranslate()

    # -- searching -----------------------------------------------------------------

    def _schedule(self) -> None:
        self._pick_when_ready = False
        self._timer.start()

    def _run_search(self) -> None:
        self._timer.stop()
        self._seq += 1
        seq, text = self._seq, self.search.text().strip()
        if not text:
            self._answered = seq
            self.results.clear()
            self.results.setVisible(False)
            return
        desk = self._desk

        def work() -> list[ServiceItem]:
            with desk.store.read() as session:
                return search_items(session, text, limit=30)

        self._runner.run_store(work, lambda items: self._show_results(seq, items),
                               self.failed.emit, owner=self)

    def _show_results(self, seq: int, items: list[ServiceItem]) -> None:
        if seq != self._seq:
            return  # the clerk typed on; a newer search is on its way
        self._answered = seq
        self.results.clear()
        self._listed = {item.code: item for item in items}
        for item in items:
            entry = QListWidgetItem(f"{item.code}  {item_name(item)}")
            entry.setData(Qt.ItemDataRole.UserRole, item.code)
            self.results.addItem(entry)
        if not items:
            entry = QListWidgetItem(self.tr("No service item matches"))
            entry.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(entry)
        self.results.setCurrentRow(0)
        self.results.setVisible(True)
        if self._pick_when_ready:
            self._pick_when_ready = False
            self._pick_item(self.results.item(0))

    def _pick_from_search(self) -> None:
        if self._timer.isActive() or self._answered < self._seq:
            # Enter came before the answer: pick the first match when it arrives.
            self._pick_when_ready = True
            if self._timer.isActive():
                self._run_search()
            return
        if self.results.isVisible() and self.results.count():
            self._pick_item(self.results.currentItem() or self.results.item(0))

    def _pick_item(self, entry: QListWidgetItem | None) -> None:
        code = entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None
        if code:
            self.pick(code)

    def pick(self, code: str) -> None:
        """Read the item `code` on the store worker; `picked` follows."""
        desk = self._desk
        self._runner.run_store(lambda: load_item(desk, code),
                               lambda picked: self._picked(code, picked), self.failed.emit,
                               owner=self)

    def _picked(self, code: str, picked: PickedItem | None) -> None:
        if picked is None:
            # Listed a moment ago, gone now: the platform withdrew it meanwhile.
            shown = self._listed.get(code)
            if shown is not None:
                self._drop(shown)
                self._run_search()
            return
        self.current = picked
        self._notice = None
        self.results.setVisible(False)
        self.search.setText(f"{picked.detail.item.code}  {item_name(picked.detail.item)}")
        self._show_card()
        self.picked.emit(picked)

    # -- catalog updates ---------------------------------------------------------------

    def catalog_changed(self) -> None:
        """A new catalog version is in the store: show the catalog as it now is."""
        if self.results.isVisible():
            self._run_search()
        held = self.current
        if held is None:
            return
        desk, code = self._desk, held.detail.item.code
        self._runner.run_store(lambda: load_item(desk, code),
                               lambda picked: self._read_again(held, picked), self.failed.emit,
                               owner=self)

    def _read_again(self, held: PickedItem, picked: PickedItem | None) -> None:
        if self.current is not held:
            return  # the clerk picked another item, or cleared the form, meanwhile
        if picked is None:
            self._drop(held.detail.item)
            return
        if _shown(picked) == _shown(held):
            return
        self.current = picked
        self._notice = ("updated", picked.detail.item)
        if not self.results.isVisible():
            self.search.setText(f"{picked.detail.item.code}  {item_name(picked.detail.item)}")
        self._show_card()
        self.updated.emit(picked)

    def _drop(self, item: ServiceItem) -> None:
        """`item` is no longer offered: nothing is picked, and the card says why."""
        self.current = None
        self._notice = ("withdrawn", item)
        if not self.results.isVisible():
            self.search.clear()
        self._show_card()
        self.withdrawn.emit(item)

    # -- keys ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.search and key == Qt.Key.Key_Down and self.results.isVisible():
            self.results.setFocus()
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        if watched is self.results:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick_item(self.results.currentItem())
                return True
            if key == Qt.Key.Key_Up and self.results.currentRow() <= 0:
                self.search.setFocus()
                return True
        if key == Qt.Key.Key_Escape and self.results.isVisible():
            self.results.setVisible(False)
            self.search.setFocus()
            return True
        return False

    # -- display -----------------------------------------------------------------------

    def clear(self) -> None:
        self._seq += 1
        self._answered = self._seq
        self._timer.stop()
        self._pick_when_ready = False
        self.current = None
        self._notice = None
        self.search.clear()
        self.results.clear()
        self.results.setVisible(False)
        self._show_card()

    def _show_card(self) -> None:
        picked = self.current
        notice = self._notice
        if picked is None and notice is not None:
            item = notice[1]
            why = self.tr("This item was withdrawn from the catalog on the exchange platform: "
                          "pick another item.")
            self.card.setText(f"<b>{escape(item_name(item))}</b> &nbsp;{escape(item.code)}<br>"
                              f"<span style='color: #c62828;'>{escape(why)}</span>")
            return
        if picked is None:
            self.card.setText(self.tr("No service item picked yet. Type a code, a name, "
                                      "its pinyin or pinyin initials (e.g. gtgsh)."))
            return
        item = picked.detail.item
        department = item.department if is_chinese() or not item.department_en \
            else item.department_en
        if picked.due is None:
            promise = self.tr("Immediate: decided at the counter")
        else:
            promise = self.tr("Promised in {days} working days: by {due}").format(
                days=item.promised_days, due=picked.due.due.isoformat())
            if picked.due.provisional:
                promise += " " + self.tr("(provisional)")
        fee = self.tr("Free of charge") if item.fee_yuan in ("", "0") \
            else self.tr("Fee: {fee} yuan").format(fee=item.fee_yuan)
        text = (f"<b>{escape(item_name(item))}</b> &nbsp;{escape(item.code)}<br>"
                f"{escape(department)} · {escape(promise)} · {escape(fee)}")
        if notice is not None and notice[0] == "updated":
            what = self.tr("This item was updated on the exchange platform: check its "
                           "materials again.")
            text += f"<br><span style='color: #1565c0;'>{escape(what)}</span>"
        self.card.setText(text)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Service item: code, name, pinyin or initials (Ctrl+F)"))
        self._show_card()
        if self.current is not None:
            item = self.current.detail.item
            self.search.setText(f"{item.code}  {item_name(item)}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _shown(picked: PickedItem) -> tuple[object, ...]:
    """What the clerk sees of a picked item: equal before and after an update that left it."""
    detail = picked.detail
    return (detail.item.model_dump(),
            tuple(m.model_dump(exclude={"id"}) for m in detail.materials),
            picked.due)
