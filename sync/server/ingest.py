"""Taking in a batch of case events: idempotency, per-item checks, and the platform's cases.

Called inside one transaction per batch. Items are answered in order, so an
intake and a transition of the same case may travel in one batch.

The batch is handled in three steps, with a fixed number of statements
whatever its size:

1. read: the answers already given under the batch's idempotency keys (one
   query), then the catalog entries, the cases and the office's cases holding
   the acceptance numbers the batch names (one query each);
2. decide: each item in order, against those rows and what the earlier items
   of the batch did, in memory;
3. write: the new cases in one multi-row insert, the moved cases in one
   executemany update per set of changed columns, the desk's highest
   acceptance number of each day in one upsert (`issued_numbers`), and every
   new answer in one multi-row insert.

A key used twice in one batch is answered like a key seen in an earlier batch:
the second item is a duplicate of the first, or an idempotency conflict. If
another request takes one of these keys or case ids meanwhile, the insert fails
on the unique constraint, the whole transaction is rolled back and the route
runs the batch again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Table, bindparam, update
from sqlmodel import Session

from counter.cases.lifecycle import TRANSITIONS, CaseState
from sync.protocol import (
    INTAKE,
    INTAKE_REVISION,
    TRANSITION,
    AuditCheck,
    AuditHead,
    IntakePayload,
    IntakeRevisionPayload,
    ReasonCode,
    TransitionPayload,
    UploadBatch,
    UploadItem,
    UploadResponse,
    UploadResult,
    UploadStatus,
    canonical_json,
)
from sync.protocol.upload import EVALUATION, EvaluationPayload
from sync.server import intake_rules as rules
from sync.server import issued_numbers, revisions
from sync.server.auth import DeskIdentity
from sync.server.db import insert_many
from sync.server.evaluations import EvaluationBatch, parse_evaluation
from sync.server.rawsql import raw
from sync.server.tables import AuditHeadRow, CatalogRow, PlatformCase, ReceivedItem

log = logging.getLogger("sync.server.ingest")

# Counter states after which the department has the case.
_HANDED_ON = {CaseState.ACCEPTED.value, CaseState.SUBMITTED.value}

_CASES: Table = PlatformCase.__table__  # type: ignore[attr-defined]
_RECEIVED: Table = ReceivedItem.__table__  # type: ignore[attr-defined]
_CATALOG: Table = CatalogRow.__table__  # type: ignore[attr-defined]
_AUDIT_HEADS: Table = AuditHeadRow.__table__  # type: ignore[attr-defined]

# The columns a transition may change, in the order an update names them.
_MOVABLE = (
    "counter_state",
    "dept_state",
    "dept_since",
    "applicant_name",
    "applicant_id_type",
    "applicant_id_number",
    "due_date",
)

_CONFLICT_REASON = "this idempotency key was used before for a different item; the first one stands"


def request_hash(item: UploadItem) -> str:
    """What "the same item" means: kind, case id, payload and creation instant (in UTC).

    The SHA-256 of the canonical JSON of ``{"kind", "case_id", "payload",
    "created_at"}`` (the instant in ISO form, UTC).
    """
    return _canonical(item)[1]


def _canonical(item: UploadItem) -> tuple[str, str]:
    """The item's payload as canonical JSON, and the item's `request_hash`.

    The hashed text is put together around the payload's text in the order
    canonical JSON sorts the four keys, so the payload is encoded once.
    """
    payload = canonical_json(item.payload)
    body = (
        f'{{"case_id":{canonical_json(item.case_id)},'
        f'"created_at":{canonical_json(item.created_at.astimezone(UTC).isoformat())},'
        f'"kind":{canonical_json(item.kind)},"payload":{payload}}}'
    )
    return payload, hashlib.sha256(body.encode("utf-8")).hexdigest()


def platform_case_id(case: PlatformCase | _Case) -> str:
    return f"PX{case.id:010d}"


@dataclass(eq=False)
class _Case:
    """A case the batch touches: read from the platform's table, or taken in this batch."""

    case_id: str
    office_code: str
    counter_state: str
    dept_state: str
    dept_since: datetime | None
    id: int | None = None  # None until a case taken in this batch is inserted
    row: dict | None = None  # the fixed columns of a case taken in this batch
    changed: set[str] = field(default_factory=set)  # columns a transition changed
    # Set only by a correction (then named in `changed`); never written otherwise.
    applicant_name: str = ""
    applicant_id_type: str = ""
    applicant_id_number: str = ""
    # Set only by a deadline extension (then named in `changed`).
    due_date: date | None = None
    intake: IntakePayload | None = None  # the intake a case taken in this batch came from


@dataclass(frozen=True)
class _Answered:
    """An answer given in an earlier batch: the item's hash and the first result's JSON."""

    request_hash: str
    result: str


@dataclass(frozen=True)
class TakenCase:
    """A case taken in by this batch: the row inserted for it, and the intake it came from."""

    row: dict
    intake: IntakePayload


@dataclass(frozen=True)
class Ingested:
    """The answer to a batch, and the cases it took in (by case id), as written."""

    response: UploadResponse
    taken: dict[str, TakenCase]


def ingest_batch(
    session: Session, desk: DeskIdentity, batch: UploadBatch, now: datetime
) -> Ingested:
    intake = _Intake(session, desk, now)
    results = intake.run(batch.items)
    audit = _check_audit_head(session, desk, batch.audit_head, now)
    taken = {
        case.case_id: TakenCase(row, case.intake)
        for case, row in zip(intake.new_cases, intake.new_rows, strict=True)
        if case.intake is not None
    }
    return Ingested(UploadResponse(results=results, audit=audit), taken)


class _Intake:
    """One batch's items: read what they need at once, decide in order, write at once."""

    def __init__(self, session: Session, desk: DeskIdentity, now: datetime) -> None:
        self.session = session
        self.desk = desk
        self.now = now
        self.cases: dict[str, _Case] = {}  # by case id, whichever office holds it
        self.new_cases: list[_Case] = []
        self.new_rows: list[dict] = []  # the rows inserted for them, in the same order
        self.services: set[str] = set()  # service codes in the catalog and not removed
        self.evaluations = EvaluationBatch(session, desk, now)
        self.revised: dict[str, revisions.Revised] = {}  # answers to the keys revisions name
        self.numbers_taken: set[str] = set()  # the office's acceptance numbers held by a case

    def run(self, items: Sequence[UploadItem]) -> list[UploadResult]:
        canonical = [_canonical(item) for item in items]
        digests = [digest for _, digest in canonical]
        answered = self._answered({item.idempotency_key for item in items})
        # The first item under each key not answered before is decided; a later
        # item under the same key is answered from it.
        firsts: dict[str, int] = {}
        for n, item in enumerate(items):
            if item.idempotency_key not in answered:
                firsts.setdefault(item.idempotency_key, n)
        parsed = {n: _parse(items[n]) for n in firsts.values()}
        self._read(parsed.values())
        outcomes = {
            n: self._decide(items[n], parsed[n], canonical[n][0]) for n in firsts.values()
        }
        self._write_cases()
        self.evaluations.write()
        issued_numbers.record(
            self.session, self.desk, (p for p in parsed.values() if isinstance(p, IntakePayload))
        )

        results: list[UploadResult] = []
        fresh: dict[str, UploadResult] = {}
        rows: list[dict] = []
        for n, item in enumerate(items):
            key = item.idempotency_key
            seen = answered.get(key)
            if seen is not None:
                results.append(
                    _repeat(
                        key,
                        digests[n],
                        seen.request_hash,
                        lambda seen=seen: UploadResult.model_validate_json(seen.result),
                    )
                )
                continue
            first = firsts[key]
            if first != n:
                results.append(_repeat(key, digests[n], digests[first], lambda key=key: fresh[key]))
                continue
            result = _result(item, outcomes[n])
            fresh[key] = result
            results.append(result)
            rows.append(
                {
                    "office_code": self.desk.office_code,
                    "idempotency_key": key,
                    "request_hash": digests[n],
                    "kind": item.kind,
                    "case_id": item.case_id,
                    "result": result.model_dump_json(),
                    "received_at": self.now,
                }
            )
            if result.status is UploadStatus.REJECTED:
                log.info(
                    "rejected %s from %s: %s", item.kind, self.desk.office_code, result.reason_code
                )
        insert_many(self.session, _RECEIVED, rows)
        return results

    # -- read -------------------------------------------------------------------------

    def _answered(self, keys: set[str]) -> dict[str, _Answered]:
        db = raw(self.session)
        among, params = db.any_of("idempotency_key", sorted(keys))
        found = db.rows(
            "SELECT idempotency_key, request_hash, result FROM x_received_item"
            f" WHERE office_code = ? AND {among}",
            [self.desk.office_code, *params],
        )
        return {key: _Answered(digest, result) for key, digest, result in found}

    def _read(
        self, parsed: Iterable[IntakePayload | TransitionPayload | rules.Rejection | None]
    ) -> None:
        codes: set[str] = set()
        case_ids: set[str] = set()
        numbers: set[str] = set()
        for payload in parsed:
            if isinstance(payload, IntakePayload):
                codes.add(payload.service_code)
                numbers.add(payload.acceptance_no)
            if isinstance(payload, IntakePayload | TransitionPayload | EvaluationPayload):
                case_ids.add(payload.case_id)
            if isinstance(payload, rules.SUPERVISION_PAYLOADS):
                case_ids.add(payload.case_id)
        self.evaluations.read(p for p in parsed if isinstance(p, EvaluationPayload))
        self.revised = revisions.read_revised(
            self.session, self.desk.office_code,
            (p.revises for p in parsed if isinstance(p, IntakeRevisionPayload)),
        )
        db = raw(self.session)
        if codes:
            among, params = db.any_of("code", sorted(codes))
            found = db.rows(f"SELECT code, removed FROM x_catalog_item WHERE {among}", params)
            self.services = {code for code, removed in found if not removed}
        if numbers:
            among, params = db.any_of("acceptance_no", sorted(numbers))
            found = db.rows(
                f"SELECT acceptance_no FROM x_case WHERE office_code = ? AND {among}",
                [self.desk.office_code, *params],
            )
            self.numbers_taken = {number for (number,) in found}
        if case_ids:
            among, params = db.any_of("case_id", sorted(case_ids))
            since = db.from_db(_CASES, "dept_since")
            found = db.rows(
                "SELECT id, case_id, office_code, counter_state, dept_state, dept_since"
                f" FROM x_case WHERE {among}",
                params,
            )
            for row_id, case_id, office_code, counter_state, dept_state, dept_since in found:
                self.cases[case_id] = _Case(
                    case_id=case_id,
                    office_code=office_code,
                    counter_state=counter_state,
                    dept_state=dept_state,
                    dept_since=since(dept_since),
                    id=row_id,
                )

    # -- decide -----------------------------------------------------------------------

    def _decide(
        self,
        item: UploadItem,
        payload: IntakePayload | TransitionPayload | rules.Rejection | None,
        payload_text: str,
    ) -> _Case | rules.Rejection:
        if payload is None:
            return rules.Rejection(ReasonCode.UNKNOWN_KIND, f"kind {item.kind!r} is not taken")
        if isinstance(payload, rules.Rejection):
            return payload
        if isinstance(payload, IntakeRevisionPayload):
            return self._take_revision(payload, payload_text)
        if isinstance(payload, IntakePayload):
            return self._take_intake(payload, payload_text)
        if isinstance(payload, EvaluationPayload):
            return self._take_evaluation(payload)
        if isinstance(payload, rules.SUPERVISION_PAYLOADS):
            return self._take_supervision(payload)
        return self._take_transition(payload)

    def _take_intake(self, payload: IntakePayload, payload_text: str) -> _Case | rules.Rejection:
        problem = rules.check_intake(payload, self.desk)
        if problem is not None:
            return problem
        if payload.service_code not in self.services:
            return rules.Rejection(
                ReasonCode.UNKNOWN_SERVICE, f"service {payload.service_code} is not in the catalog"
            )
        if payload.case_id in self.cases:
            # Said the same way whichever office holds it: nothing leaks across offices.
            return rules.Rejection(
                ReasonCode.CASE_EXISTS, "a different intake for this case id was taken before"
            )
        if payload.acceptance_no in self.numbers_taken:
            return rules.Rejection(
                ReasonCode.ACCEPTANCE_NO_TAKEN,
                f"acceptance number {payload.acceptance_no} is held by another case of this office",
            )
        self.numbers_taken.add(payload.acceptance_no)
        handed_on = payload.state in _HANDED_ON
        case = _Case(
            case_id=payload.case_id,
            office_code=self.desk.office_code,
            counter_state=payload.state,
            dept_state="received" if handed_on else "",
            dept_since=self.now if handed_on else None,
            intake=payload,
            row={
                "case_id": payload.case_id,
                "office_code": self.desk.office_code,
                "desk_code": self.desk.desk_code,
                "acceptance_no": payload.acceptance_no,
                "service_code": payload.service_code,
                "applicant_kind": payload.applicant.kind,
                "applicant_name": payload.applicant.name,
                "applicant_id_type": payload.applicant.id_type,
                "applicant_id_number": payload.applicant.id_number.strip().upper(),
                "payload": payload_text,  # the item's payload, as canonical JSON
                "received_at": self.now,
                "due_date": payload.due_date,
            },
        )
        self.cases[case.case_id] = case
        self.new_cases.append(case)
        return case

    def _take_revision(
        self, payload: IntakeRevisionPayload, payload_text: str
    ) -> _Case | rules.Rejection:
        """A refused intake corrected: taken as an intake once the key it names is the refusal."""
        problem = revisions.check_revision(payload, self.revised.get(payload.revises))
        return problem or self._take_intake(payload, payload_text)

    def _take_supervision(self, payload: rules.SupervisionPayload) -> _Case | rules.Rejection:
        """A correction, make-up or extension: kept in the received items, for a known case.

        A correction also corrects the platform's copy of the applicant, which
        certificates are issued to; an extension moves the platform's due date
        to the new one. The intake payload stays as received.
        """
        case = self.cases.get(payload.case_id)
        if case is None or case.office_code != self.desk.office_code:
            return rules.Rejection(ReasonCode.UNKNOWN_CASE, "no intake for this case was received")
        problem = rules.check_supervision(payload)
        if problem is not None:
            return problem
        if isinstance(payload, rules.CorrectionPayload):
            party = payload.applicant
            case.applicant_name = party.name
            case.applicant_id_type = party.id_type
            case.applicant_id_number = party.id_number.strip().upper()
            if case.row is not None:  # taken in this same batch: correct the row to insert
                case.row.update(
                    applicant_name=case.applicant_name,
                    applicant_id_type=case.applicant_id_type,
                    applicant_id_number=case.applicant_id_number,
                )
            else:
                case.changed.update(("applicant_name", "applicant_id_type", "applicant_id_number"))
        elif isinstance(payload, rules.DeadlineExtendedPayload):
            case.due_date = payload.new_due
            if case.row is not None:
                case.row["due_date"] = case.due_date
            else:
                case.changed.add("due_date")
        return case

    def _take_transition(self, payload: TransitionPayload) -> _Case | rules.Rejection:
        case = self.cases.get(payload.case_id)
        if case is None or case.office_code != self.desk.office_code:
            return rules.Rejection(ReasonCode.UNKNOWN_CASE, "no intake for this case was received")
        try:
            legal = CaseState(payload.to_state) in TRANSITIONS[CaseState(payload.from_state)]
        except ValueError:
            legal = False
        if not legal:
            return rules.Rejection(
                ReasonCode.ILLEGAL_TRANSITION,
                f"a case cannot move from {payload.from_state} to {payload.to_state}",
            )
        case.counter_state = payload.to_state
        case.changed.add("counter_state")
        if payload.to_state == CaseState.VOIDED and case.dept_state in ("", "received"):
            case.dept_state = "withdrawn"
            case.changed.add("dept_state")
        elif payload.to_state in _HANDED_ON and case.dept_state == "":
            case.dept_state, case.dept_since = "received", self.now
            case.changed.update(("dept_state", "dept_since"))
        return case

    def _take_evaluation(self, payload: EvaluationPayload) -> _Case | rules.Rejection:
        case = self.cases.get(payload.case_id)
        if case is None or case.office_code != self.desk.office_code:
            return rules.Rejection(ReasonCode.UNKNOWN_CASE, "no intake for this case was received")
        return self.evaluations.take(payload) or case

    # -- write ------------------------------------------------------------------------

    def _write_cases(self) -> None:
        """Insert the cases taken in this batch (learning their ids); update the moved ones."""
        if self.new_cases:
            rows = [
                {
                    **(case.row or {}),
                    "counter_state": case.counter_state,
                    "dept_state": case.dept_state,
                    "dept_since": case.dept_since,
                }
                for case in self.new_cases
            ]
            self.new_rows = rows
            ids = insert_many(self.session, _CASES, rows, key="case_id")
            for case in self.new_cases:
                case.id = ids[case.case_id]
        moved: dict[tuple[str, ...], list[dict]] = {}
        for case in self.cases.values():
            if case.row is None and case.changed:
                columns = tuple(name for name in _MOVABLE if name in case.changed)
                values = {f"new_{name}": getattr(case, name) for name in columns}
                moved.setdefault(columns, []).append({"case_pk": case.id, **values})
        for columns, params in moved.items():
            statement = (
                update(_CASES)
                .where(_CASES.c.id == bindparam("case_pk"))
                .values(
                    {name: bindparam(f"new_{name}", type_=_CASES.c[name].type) for name in columns}
                )
            )
            self.session.execute(statement, params)


def _parse(item: UploadItem) -> IntakePayload | TransitionPayload | rules.Rejection | None:
    """The item's payload checked against its kind's schema; None for a kind not taken."""
    if item.kind == INTAKE:
        return rules.parse_intake(item)
    if item.kind == INTAKE_REVISION:
        return revisions.parse_revision(item)
    if item.kind == TRANSITION:
        return rules.parse_transition(item)
    if item.kind == EVALUATION:
        return parse_evaluation(item)
    if item.kind in rules.SUPERVISION_KINDS:
        return rules.parse_supervision(item)
    return None


def _result(item: UploadItem, outcome: _Case | rules.Rejection) -> UploadResult:
    if isinstance(outcome, rules.Rejection):
        return UploadResult(
            idempotency_key=item.idempotency_key,
            status=UploadStatus.REJECTED,
            reason_code=outcome.code,
            reason=outcome.reason,
        )
    return UploadResult(
        idempotency_key=item.idempotency_key,
        status=UploadStatus.ACCEPTED,
        platform_case_id=platform_case_id(outcome),
    )


def _repeat(key: str, digest: str, first_digest: str, first_result) -> UploadResult:  # type: ignore[no-untyped-def]
    """The answer to a key answered before: a duplicate of the first, or a conflict."""
    if digest != first_digest:
        return UploadResult(
            idempotency_key=key,
            status=UploadStatus.REJECTED,
            reason_code=ReasonCode.IDEMPOTENCY_CONFLICT,
            reason=_CONFLICT_REASON,
        )
    first: UploadResult = first_result()
    return first.model_copy(update={"status": UploadStatus.DUPLICATE, "first_status": first.status})


def _check_audit_head(
    session: Session, desk: DeskIdentity, head: AuditHead | None, now: datetime
) -> AuditCheck:
    """Compare the reported head with earlier ones: a changed hash or a shorter log shows."""
    if head is None:
        return AuditCheck.ABSENT
    db = raw(session)
    # The head reported before under this entry id, and the desk's latest head: one read.
    found = dict(db.rows(
        "SELECT entry_id, hash FROM x_audit_head WHERE desk_id = ? AND (entry_id = ?"
        " OR entry_id = (SELECT max(entry_id) FROM x_audit_head WHERE desk_id = ?))",
        [desk.desk_id, head.entry_id, desk.desk_id],
    ))
    same = found.get(head.entry_id)
    latest = max(found, default=0)
    if (same is not None and same != head.hash) or latest > head.entry_id:
        log.warning("audit chain mismatch reported by desk %s", desk.desk_id)
        return AuditCheck.MISMATCH
    if same is None:
        stored = db.to_db(_AUDIT_HEADS, ["received_at"])[0]
        db.run(
            "INSERT INTO x_audit_head (desk_id, entry_id, hash, received_at) VALUES (?, ?, ?, ?)",
            [desk.desk_id, head.entry_id, head.hash, stored(now) if stored else now],
        )
    return AuditCheck.RECORDED
