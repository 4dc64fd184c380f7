"""Asking the exchange platform which documents it already holds for an applicant.

The policy is "never ask for a document the platform already holds": once the
applicant's number is complete and valid and an item is picked, the form asks
the platform (on the network pool) and marks the matching materials as
obtained by sharing. The form gets the lookup as a plain callable, so a test
hands in a fake and the app one built on the desk's `ExchangeClient`.

Only the newest question counts: a late answer for an earlier number or item
is dropped (a generation counter), so the marks always belong to the person
and item on the form.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from counter.settings import Settings
from sync.client import ExchangeClient, client_for
from sync.protocol import SharedDocuments
from ui.shell.tasks import TaskRunner

SharedLookup = Callable[[str, str], SharedDocuments]
"""(id type, number) -> what the platform holds; raises when it cannot be asked."""


class NoPlatform(Exception):
    """No exchange platform is configured (or it has not started yet): nothing to ask."""


def client_lookup(client: Callable[[], ExchangeClient | None]) -> SharedLookup:
    """A lookup through the desk's client, found anew at each call.

    `client` returns the current client or None (sync off, or the demo
    platform still starting); the lookup then raises `NoPlatform`.
    """

    def lookup(id_type: str, id_number: str) -> SharedDocuments:
        current = client()
        if current is None:
            raise NoPlatform("no exchange platform configured")
        return current.shared_documents(id_type, id_number)

    return lookup


@dataclass(frozen=True)
class Question:
    """Who and what the form asks about: the applicant's number and the picked item."""

    id_type: str
    id_number: str
    service_code: str


class SharedLookupRunner(QObject):
    """Runs one lookup at a time on the network pool; only the newest answer is delivered."""

    answered = Signal(object, object)  # Question, SharedDocuments
    failed = Signal(object, object)  # Question, the error

    def __init__(self, runner: TaskRunner, lookup: SharedLookup | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.lookup = lookup
        self._generation = 0
        self.asked: Question | None = None  # the question whose answer is awaited or shown

    def ask(self, question: Question) -> None:
        """Ask `question`; any answer still on its way for an earlier one is dropped."""
        self._generation += 1
        generation = self._generation
        self.asked = question
        lookup = self.lookup
        if lookup is None:
            self.failed.emit(question, NoPlatform("no exchange platform configured"))
            return

        def work() -> SharedDocuments:
            return lookup(question.id_type, question.id_number)

        def done(answer: SharedDocuments) -> None:
            if generation == self._generation:
                self.answered.emit(question, answer)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.failed.emit(question, error)

        self._runner.run_network(work, done, failed, owner=self)

    def cancel(self) -> None:
        """Forget the current question: its answer, when it comes, is dropped."""
        self._generation += 1
        self.asked = None


class PlatformClient:
    """The exchange client the lookups use, made on first use and kept.

    Separate from the sync engine's, so a lookup and a sync pass never share a
    `requests` session across threads. It goes to the platform the desk's
    settings name or, in the demo profile, to the demo platform once it has
    started (`demo()` gives it, or None while it starts). Called on the network
    pool; the lock keeps two lookups from making two clients.
    """

    def __init__(self, settings: Settings,
                 demo: Callable[[], object | None] = lambda: None) -> None:
        self._settings = settings
        self._demo = demo
        self._client: ExchangeClient | None = None
        self._lock = threading.Lock()

    def __call__(self) -> ExchangeClient | None:
        with self._lock:
            if self._client is None:
                platform = self._demo()
                if self._settings.sync_enabled:
                    self._client = client_for(self._settings)
                elif platform is not None:
                    self._client = ExchangeClient(
                        platform.url, platform.token  # type: ignore[attr-defined]
                    )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
