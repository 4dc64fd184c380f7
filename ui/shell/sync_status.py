"""The status bar's view of the exchange: connection, backlog, dead letters, times.

Shows what `SyncController` reports: whether the platform answered the last
pass, how many items wait to go up, how many the platform refused (red: a
supervisor must look), when the desk last synced and, while the line is down,
when it tries again. The tooltip holds the last error. A certificate problem
(the platform's or this desk's) is said on the bar itself, in one line: the
operator must act, and retrying will not mend it. With no platform configured
it says only, in grey, that sync is off.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from counter.clock import to_office_time
from sync.engine import Connection, SyncStatus

_COLOURS = {
    Connection.ONLINE: "#2e7d32",
    Connection.DEGRADED: "#b26a00",
    Connection.OFFLINE: "#c62828",
    Connection.UNKNOWN: "#757575",
}
_CELL = "QLabel {{ color: {colour}; padding: 0 6px; }}"


class SyncStatusBar(QWidget):
    """A row of small labels for the status bar."""

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.status: SyncStatus | None = None
        self.enabled = False
        self.failure = ""  # why the demo platform did not start, if it did not
        self.connection = QLabel()
        self.backlog = QLabel()
        self.dead = QLabel()
        self.audit = QLabel()
        self.last = QLabel()
        self.retry = QLabel()
        self.tls = QLabel()
        self.tls.setStyleSheet(_CELL.format(colour="#c62828") + "QLabel { font-weight: bold; }")
        self.dead.setStyleSheet(_CELL.format(colour="#c62828") + "QLabel { font-weight: bold; }")
        self.audit.setStyleSheet(_CELL.format(colour="#c62828") + "QLabel { font-weight: bold; }")
        for label in (self.backlog, self.last, self.retry):
            label.setStyleSheet(_CELL.format(colour="palette(window-text)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for label in (self.connection, self.tls, self.backlog, self.dead, self.audit, self.last,
                      self.retry):
            layout.addWidget(label)
        self._render()

    def set_enabled(self, enabled: bool) -> None:
        """Whether this desk syncs at all (False: no platform configured)."""
        self.enabled = enabled
        self._render()

    def show_failure(self, error: str) -> None:
        """The demo platform did not start: say so, with the reason in the tooltip."""
        self.failure = error
        self._render()

    def show_status(self, status: SyncStatus) -> None:
        self.enabled = True
        self.status = status
        self._render()

    def _time(self, instant: datetime, seconds: bool = False) -> str:
        return to_office_time(instant, self._zone).strftime("%H:%M:%S" if seconds else "%H:%M")

    def _render(self) -> None:
        status = self.status
        cells = (self.tls, self.backlog, self.dead, self.audit, self.last, self.retry)
        if not self.enabled:
            self.connection.setText(self.tr("Sync off"))
            self.connection.setStyleSheet(_CELL.format(colour="#9e9e9e"))
            self.setToolTip(
                self.tr(
                    "No exchange platform is configured for this desk: cases "
                    "stay on the desk (set exchange_url and exchange_token)."
                )
            )
            for label in cells:
                label.hide()
            return
        if status is None and self.failure:
            self.connection.setText("● " + self.tr("Demo platform did not start"))
            self.connection.setStyleSheet(_CELL.format(colour=_COLOURS[Connection.OFFLINE]))
            self.setToolTip(self.failure)
            for label in cells:
                label.hide()
            return
        connection = status.connection if status else Connection.UNKNOWN
        names = {
            Connection.ONLINE: self.tr("Online"),
            Connection.OFFLINE: self.tr("Offline"),
            Connection.DEGRADED: self.tr("Unstable connection"),
            Connection.UNKNOWN: self.tr("Not connected"),
        }
        tls_failed = status is not None and bool(status.tls_problem)
        text = "● " + (self.tr("Certificate problem") if tls_failed else names[connection])
        if status is not None and status.running:
            text += " " + self.tr("(syncing…)")
        self.connection.setText(text)
        colour = _COLOURS[Connection.OFFLINE] if tls_failed else _COLOURS[connection]
        self.connection.setStyleSheet(_CELL.format(colour=colour))
        if status is None:
            for label in cells:
                label.hide()
            self.setToolTip(self.tr("Waiting for the first sync with the exchange platform"))
            return
        self.tls.setText(self._tls_text(status.tls_problem))
        self.tls.setVisible(bool(status.tls_problem))
        self.backlog.setText(self.tr("To upload: {count}").format(count=status.backlog))
        self.backlog.show()
        self.dead.setText(self.tr("{count} refused").format(count=status.dead))
        self.dead.setVisible(status.dead > 0)
        self.audit.setText(self.tr("Audit chain mismatch"))
        self.audit.setVisible(status.audit_mismatch)
        if status.last_success is not None:
            self.last.setText(
                self.tr("Last sync {time}").format(time=self._time(status.last_success))
            )
        else:
            self.last.setText(self.tr("Never synced"))
        self.last.show()
        waiting = connection is not Connection.ONLINE and status.next_attempt is not None
        if waiting:
            assert status.next_attempt is not None
            self.retry.setText(
                self.tr("Retry at {time}").format(
                    time=self._time(status.next_attempt, seconds=True)
                )
            )
        self.retry.setVisible(waiting)
        self.setToolTip(self._tooltip(status))

    def _tls_text(self, problem: str) -> str:
        """One line on what is wrong with which certificate (sync.client.TLS_PROBLEMS)."""
        texts = {
            "expired": self.tr("The platform's certificate has expired"),
            "not_yet_valid": self.tr(
                "The platform's certificate is not valid yet: check this computer's clock"),
            "wrong_host": self.tr("The platform's certificate is for another address"),
            "untrusted": self.tr(
                "The platform's certificate is not trusted: check exchange_ca_file"),
            "client_missing": self.tr(
                "The platform asks for this desk's certificate: set exchange_client_cert"),
            "client_refused": self.tr("The platform refused this desk's certificate"),
            "client_unreadable": self.tr("This desk's certificate or key cannot be read"),
        }
        if not problem:
            return ""
        return texts.get(problem, self.tr("The secure connection to the platform failed"))

    def _tooltip(self, status: SyncStatus) -> str:
        lines = [self.tr("Exchange platform sync")]
        if status.dead:
            lines.append(
                self.tr(
                    "{count} items were refused by the platform; a supervisor must look at them."
                ).format(count=status.dead)
            )
        if status.audit_mismatch:
            lines.append(
                self.tr(
                    "The platform reports that this desk's audit log differs "
                    "from what it received before."
                )
            )
        if status.last_error:
            lines.append(self.tr("Last error: {error}").format(error=status.last_error))
        lines.append(self.tr("Sync now: F9"))
        return "\n".join(lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
