"""The sync engine: drains the outbox to the platform and applies the changes feed.

`SyncEngine.run_once()` is one pass: send the due outbox items in batches
until nothing is due or a batch fails, then read the changes feed page by
page, applying each page with its cursor in one transaction. The UI calls it
after each intake, on a timer and on demand, on its network pool; the
`counter-desk sync` command calls it once. `state()` is what the UI shows.

A failed batch keeps its items, each with one more attempt and a next attempt
time drawn with full jitter (uniform between 0 and ``min(cap, base * 2**n)``
seconds, never before a Retry-After). A refused item goes to the dead-letter
list with the platform's reason and is never sent again. Only an explicit,
schema-valid answer moves an item out of the pending state.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from counter.certificates import records as certificates
from counter.clock import utc_now
from counter.desk import Desk
from counter.exchange import changes as changes_store
from counter.exchange import sync_state
from counter.exchange.changes import (
    Applied,
    PlatformChange,
)
from counter.exchange.sync_state import DueItem
from counter.intake import numbering
from counter.settings import Settings
from sync import feed_changes
from sync.client import (
    ExchangeClient,
    InvalidResponse,
    PermanentError,
    TlsError,
    TransientError,
    client_for,
)
from sync.protocol import (
    MAX_BATCH_ITEMS,
    AuditCheck,
    AuditHead,
    CalendarUpdatedChange,
    CaseStateChange,
    CatalogUpdatedChange,
    CertificateIssuedChange,
    ChangesPage,
    DeskCaseChange,
    DeskInfo,
    IssuedNumbers,
    PublicKey,
    UploadStatus,
    verify_certificate,
)
from sync.protocol.changes import MAX_PAGE
from sync.upload_wire import batch_body, wire_text

log = logging.getLogger("sync.engine")

# Whole-request refusals that say nothing about the items: keep them and retry later.
_NOT_THE_ITEMS = frozenset({401, 403})
_MAX_ROUNDS = 1000  # batches or pages per pass, a guard against a platform that never ends
_T = TypeVar("_T")


class Connection(StrEnum):
    UNKNOWN = "unknown"  # no pass has run yet in this process
    ONLINE = "online"  # the last pass completed
    DEGRADED = "degraded"  # the platform answered, but not well (5xx, 429, bad page, auth)
    OFFLINE = "offline"  # the platform could not be reached


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff, in seconds."""

    base: float = 2.0
    cap: float = 900.0

    def delay(self, attempts: int, rng: random.Random, floor: float | None = None) -> float:
        """The wait after the `attempts`-th failure in a row (1 for the first)."""
        ceiling = min(self.cap, self.base * 2 ** max(attempts - 1, 0))
        return max(rng.uniform(0, ceiling), floor or 0.0)


@dataclass
class SyncReport:
    """What one pass did."""

    started_at: datetime
    sent: int = 0
    duplicates: int = 0
    dead: int = 0
    retried: int = 0
    pages: int = 0
    changes: int = 0
    applied: Applied = field(default_factory=Applied)
    connection: Connection = Connection.UNKNOWN
    error: str = ""
    tls_problem: str = ""  # a TlsError's problem (sync.client.TLS_PROBLEMS) when TLS failed
    audit_mismatch: bool = False
    skipped: bool = False  # another pass was already running

    @property
    def ok(self) -> bool:
        return self.connection is Connection.ONLINE


@dataclass(frozen=True)
class SyncStatus:
    """The engine's state as the UI shows it."""

    connection: Connection
    backlog: int  # items the platform has not taken yet
    dead: int  # items the platform refused (a supervisor looks at them)
    last_success: datetime | None  # end of the last pass that completed
    next_attempt: datetime | None  # the earliest retry waiting, if any
    last_error: str = ""
    tls_problem: str = ""  # the last pass failed on TLS: which certificate and why
    audit_mismatch: bool = False
    running: bool = False


class _PassFailed(Exception):
    """Stops a pass; the outcome is already recorded."""


class SyncEngine:
    """Moves data between this desk's store and the platform. Thread-safe; one pass at a time."""

    def __init__(
        self,
        desk: Desk,
        client: ExchangeClient,
        *,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        batch_size: int = 100,
        page_size: int = MAX_PAGE,
        backoff: Backoff | None = None,
        app_version: str = "",
    ) -> None:
        self.desk = desk
        self.client = client
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self.batch_size = max(1, min(batch_size, MAX_BATCH_ITEMS))
        self.page_size = max(1, min(page_size, MAX_PAGE))
        self.backoff = backoff or Backoff()
        self.app_version = app_version
        self._run_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._connection = Connection.UNKNOWN
        self._last_error = ""
        self._tls_problem = ""
        self._audit_mismatch = False
        self._keys: list[PublicKey] | None = None

    # -- state --------------------------------------------------------------------

    def state(self) -> SyncStatus:
        with self.desk.store.read() as session:
            backlog = sync_state.backlog_count(session)
            dead = sync_state.dead_count(session)
            last = sync_state.last_success(session)
            upcoming = sync_state.next_attempt(session)
        with self._state_lock:
            return SyncStatus(
                connection=self._connection,
                backlog=backlog,
                dead=dead,
                last_success=last,
                next_attempt=upcoming,
                last_error=self._last_error,
                tls_problem=self._tls_problem,
                audit_mismatch=self._audit_mismatch,
                running=self._run_lock.locked(),
            )

    # -- one pass -----------------------------------------------------------------

    def run_once(self) -> SyncReport:
        """Drain the outbox, then pull every page of changes. Never raises for network trouble."""
        report = SyncReport(started_at=self.clock())
        if not self._run_lock.acquire(blocking=False):
            report.skipped = True
            return report
        try:
            try:
                self._confirm_numbering(report)
                self._drain(report)
            except _PassFailed:
                if report.connection is Connection.OFFLINE:
                    return self._finish(report)
            try:
                self._pull(report)
            except _PassFailed:
                pass
            return self._finish(report)
        finally:
            self._run_lock.release()

    def _finish(self, report: SyncReport) -> SyncReport:
        if not report.error:
            report.connection = Connection.ONLINE
            with self.desk.store.write() as session:
                sync_state.set_last_success(session, self.clock())
        with self._state_lock:
            self._connection = report.connection
            self._last_error = report.error
            self._tls_problem = report.tls_problem
            self._audit_mismatch = self._audit_mismatch or report.audit_mismatch
        log.info(
            "sync pass: %s, sent %d, duplicates %d, dead %d, retried %d, changes %d",
            report.connection,
            report.sent,
            report.duplicates,
            report.dead,
            report.retried,
            report.changes,
        )
        return report

    def _fail(self, report: SyncReport, exc: Exception) -> None:
        offline = isinstance(exc, TransientError) and exc.offline
        report.connection = Connection.OFFLINE if offline else Connection.DEGRADED
        report.error = str(exc)
        report.tls_problem = exc.problem if isinstance(exc, TlsError) else ""
        log.warning("sync failed: %s", exc)

    # -- after a restore ----------------------------------------------------------

    def _confirm_numbering(self, report: SyncReport) -> None:
        """Move the numbering past the platform's record of this desk's numbers, once.

        Only after a restore that could not ask the platform itself
        (`counter.store.restore`): the numbers issued between the backup and the loss
        are known to the platform alone. Done before anything is sent.
        """
        with self.desk.store.read() as session:
            if not numbering.unconfirmed(session):
                return
        try:
            told = self.client.issued_numbers()
        except TransientError as exc:
            self._fail(report, exc)
            raise _PassFailed from None
        except (PermanentError, InvalidResponse) as exc:
            # A platform that keeps no such record: say so, and sync all the same.
            log.warning("the platform did not give this desk's last numbers: %s", exc)
            return
        with self.desk.store.write() as session:
            moved = numbering.confirm(session, issued_by_platform(told))
        for day, seq in moved.items():
            log.warning("numbering of %s moved past %04d, the platform's last number", day, seq)

    # -- upload -------------------------------------------------------------------

    def _drain(self, report: SyncReport) -> None:
        for _ in range(_MAX_ROUNDS):
            now = self.clock()
            with self.desk.store.read() as session:
                items = sync_state.due_items(session, now, self.batch_size)
                head = sync_state.audit_head(session)
            if not items:
                return
            self._send(items, head, report)

    def _send(
        self, items: list[DueItem], head: tuple[int, str] | None, report: SyncReport
    ) -> None:
        wire: list[tuple[DueItem, str]] = []
        outcomes: list[sync_state.Outcome] = []
        for item in items:
            try:
                wire.append((item, wire_text(item)))
            except ValueError as exc:
                # Cannot be sent as it stands: the platform would refuse it too.
                outcomes.append(sync_state.Rejected(item.id, "invalid_item", str(exc)[:200]))
                report.dead += 1
        if wire:
            body = batch_body(
                DeskInfo(
                    office_code=self.desk.office_code,
                    desk_code=self.desk.desk_code,
                    app_version=self.app_version,
                ),
                AuditHead(entry_id=head[0], hash=head[1]) if head else None,
                [text for _, text in wire],
            )
            try:
                answer = self.client.upload_body(body, [i.idempotency_key for i, _ in wire])
            except PermanentError as exc:
                if exc.status in _NOT_THE_ITEMS:
                    self._retry_later(wire, exc, None, report)
                elif len(wire) > 1:
                    # Something in the batch is refused as a whole: halve it to find the item.
                    self._record(outcomes, report)
                    half = len(wire) // 2
                    self._send([i for i, _ in wire[:half]], head, report)
                    self._send([i for i, _ in wire[half:]], head, report)
                    return
                else:
                    outcomes.append(sync_state.Rejected(wire[0][0].id, exc.code, exc.message))
                    report.dead += 1
                    self._record(outcomes, report)
                    return
            except (TransientError, InvalidResponse) as exc:
                retry_after = exc.retry_after if isinstance(exc, TransientError) else None
                self._retry_later(wire, exc, retry_after, report)
            else:
                if answer.audit is AuditCheck.MISMATCH:
                    report.audit_mismatch = True
                    log.error("the platform reports the audit chain does not match earlier heads")
                for (item, _), result in zip(wire, answer.results, strict=True):
                    outcomes.append(self._outcome(item, result, report))
        self._record(outcomes, report)

    def _outcome(self, item: DueItem, result, report: SyncReport) -> sync_state.Outcome:  # type: ignore[no-untyped-def]
        status = result.status
        if status is UploadStatus.DUPLICATE:
            report.duplicates += 1
            status = result.first_status or UploadStatus.ACCEPTED
        if status is UploadStatus.ACCEPTED:
            report.sent += 1
            return sync_state.Delivered(item.id)
        report.dead += 1
        code = result.reason_code.value if result.reason_code else "rejected"
        return sync_state.Rejected(item.id, code, result.reason)

    def _retry_later(
        self,
        wire: list[tuple[DueItem, str]],
        exc: Exception,
        retry_after: float | None,
        report: SyncReport,
    ) -> None:
        now = self.clock()
        failed = [
            sync_state.Failed(
                item.id,
                str(exc),
                now
                + timedelta(seconds=self.backoff.delay(item.attempts + 1, self.rng, retry_after)),
            )
            for item, _ in wire
        ]
        report.retried += len(failed)
        self._record(failed, report)
        self._fail(report, exc)
        raise _PassFailed

    def _record(self, outcomes: list[sync_state.Outcome], report: SyncReport) -> None:
        if not outcomes:
            return
        with self.desk.store.write_sql() as conn:  # plain SQL only: no ORM session needed
            moved = sync_state.record_batch(conn, outcomes, self.clock())
        report.applied.cases_moved += moved

    # -- changes feed ---------------------------------------------------------------

    def _pull(self, report: SyncReport) -> None:
        """Read and apply the feed page by page.

        While a page is applied (the desk's work), the next one is already being
        fetched (the platform's), on a worker thread. The client is never used by
        both threads at once, and a page is applied only in the transaction that
        finds the store's cursor where that page was fetched from.
        """
        with self.desk.store.read() as session:
            position = changes_store.feed_position(session)
        cursor = position.cursor
        page, checked = self._fetched(report, self._fetch_ahead, cursor, None)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-feed") as pool:
            for _ in range(_MAX_ROUNDS):
                local = self._fetched(report, self._local_page, page, position, checked)
                upcoming = (
                    pool.submit(self._fetch_ahead, page.next_cursor, self._keys)
                    if page.has_more
                    else None
                )
                try:
                    with self.desk.store.write() as session:
                        # The write lock is held: the cursor cannot move until the commit.
                        held = changes_store.feed_position(session)
                        applied = None
                        if held.cursor == cursor:
                            applied = changes_store.apply_page(
                                session, local, page.next_cursor, self.clock()
                            )
                            held = changes_store.feed_position(session)
                except BaseException:
                    _drop(upcoming)
                    raise
                position = held
                if applied is None:
                    # Another pass on this store (another process) applied the page:
                    # go on from where the store is, without the page fetched ahead.
                    log.info("the feed cursor moved under this pass; reading on from the store")
                    _drop(upcoming)
                    cursor = held.cursor
                    page, checked = self._fetched(report, self._fetch_ahead, cursor, None)
                    continue
                if applied.calendar_changed:
                    self.desk.reload_calendar()
                report.applied.add(applied)
                report.pages += 1
                report.changes += len(page.changes)
                if upcoming is None:
                    return
                cursor = page.next_cursor
                page, checked = self._fetched(report, upcoming.result)

    def _fetch_ahead(
        self, cursor: str | None, keys: list[PublicKey] | None
    ) -> tuple[ChangesPage, list[tuple[str, bool] | None]]:
        """A page of the feed and, change by change, a certificate's signed text and
        whether its signature holds, checked here against `keys` (the pinned keys,
        when known); None for other changes.

        Run on the fetching thread while the page before is applied: the check
        lets the applying thread run meanwhile (`ed25519_valid`). A certificate
        signed by a key not in `keys` is left to `_local`, which may fetch keys.
        """
        page = self.client.changes(cursor, self.page_size)
        checked: list[tuple[str, bool] | None] = [None] * len(page.changes)
        known = {key.key_id for key in keys or ()}
        for n, change in enumerate(page.changes):
            if isinstance(change, CertificateIssuedChange) and change.certificate.key_id in known:
                cert = change.certificate
                payload = feed_changes.signed_text(cert)
                checked[n] = payload, verify_certificate(cert, keys or [], payload.encode("utf-8"))
        return page, checked

    def _fetched(self, report: SyncReport, call: Callable[..., _T], *args: object) -> _T:
        """`call(*args)`, which reads from the platform; its failure ends the pass."""
        try:
            return call(*args)
        except (TransientError, InvalidResponse, PermanentError) as exc:
            self._fail(report, exc)
            raise _PassFailed from None

    def _local_page(
        self,
        page: ChangesPage,
        position: changes_store.FeedPosition,
        checked: list[tuple[str, bool] | None],
    ) -> list[PlatformChange]:
        at = (position.catalog_version, position.calendar_version)
        pairs = zip(page.changes, checked, strict=True)
        local = (self._local(change, *at, done) for change, done in pairs)
        return [change for change in local if change is not None]

    def _local(
        self,
        change: object,
        catalog_at: int,
        calendar_at: int,
        done: tuple[str, bool] | None = None,
    ) -> PlatformChange | None:
        """The core's shape of one change; catalog and calendar news fetch their data first.

        `done` is a certificate's signed text and verdict when `_fetch_ahead` has
        checked it already; otherwise it is checked here."""
        if isinstance(change, CaseStateChange):
            return feed_changes.case_outcome(change)
        if isinstance(change, DeskCaseChange):
            return feed_changes.desk_case(change)
        if isinstance(change, CertificateIssuedChange):
            cert = change.certificate
            if done is None:
                payload = feed_changes.signed_text(cert)
                done = payload, verify_certificate(
                    cert, self._public_keys(cert.key_id), payload.encode("utf-8"))
            return feed_changes.issued_certificate(change, *done)
        if isinstance(change, CatalogUpdatedChange):
            if change.version <= catalog_at:
                return None
            return feed_changes.catalog_update(self.client.catalog(since=catalog_at or None))
        if isinstance(change, CalendarUpdatedChange):
            if change.version <= calendar_at:
                return None
            return feed_changes.calendar_update(self.client.calendar(since=calendar_at or None))
        return None

    def _public_keys(self, key_id: str) -> list[PublicKey]:
        """The desk's pinned keys; the platform's list is fetched (and offered for pinning)
        once per engine and again for a key not pinned yet."""
        if self._keys is None or all(k.key_id != key_id for k in self._keys):
            certificates.pin_keys(self.desk, self.client.keys().keys)
            with self.desk.store.read() as session:
                self._keys = certificates.pinned_keys(session)
        return self._keys


def _drop(upcoming: Future | None) -> None:
    """Forget a page fetched ahead, once the worker no longer uses the client."""
    if upcoming is not None and not upcoming.cancel():
        wait([upcoming])


def engine_for(desk: Desk, settings: Settings, app_version: str = "") -> SyncEngine | None:
    """The engine for a desk as its settings configure it; None when sync is off."""
    if not settings.sync_enabled:
        return None
    return SyncEngine(desk, client_for(settings), app_version=app_version)


def issued_by_platform(told: IssuedNumbers) -> dict[tuple[str, str, str], int]:
    """The platform's record as `counter.intake.numbering.advance_past` takes it."""
    return {(told.office_code, told.desk_code, f"{d.day:%Y%m%d}"): d.last_seq for d in told.days}


__all__ = ["Backoff", "Connection", "SyncEngine", "SyncReport", "SyncStatus", "engine_for"]
