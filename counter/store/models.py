"""The local store's tables (sqlmodel).

Every timestamp column holds UTC. `Case.local_date` is the office-zone date of
intake, kept as ISO text so today's queue is one indexed range. Snapshots of
the service item (name, department, deadlines) are copied into the case, so a
later catalog update never rewrites what a receipt already said.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    """Small key/value facts about this store (catalog version, desk identity, cursors)."""

    key: str = Field(primary_key=True)
    value: str


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    display_name: str
    role: str
    password_hash: str
    failed_attempts: int = 0
    locked_until: datetime | None = None
    active: bool = True
    created_at: datetime


class ServiceItem(SQLModel, table=True):
    __tablename__ = "service_item"

    code: str = Field(primary_key=True)
    name: str
    name_en: str
    department: str = Field(index=True)
    department_en: str
    kind: str
    legal_days: int
    promised_days: int
    promise: str
    fee_yuan: str
    result_name: str
    result_name_en: str
    for_company: bool = False
    keywords: str = ""
    # Lower-case text matched by the item search: code, names, pinyin and its initials.
    search_text: str = ""
    active: bool = True


class MaterialRequirement(SQLModel, table=True):
    __tablename__ = "material_requirement"
    __table_args__ = (UniqueConstraint("item_code", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    item_code: str = Field(foreign_key="service_item.code", index=True)
    position: int
    code: str
    name: str
    name_en: str
    form: str
    copies: int
    required: bool
    key: bool
    shareable: bool
    shared_doc_type: str | None = None
    note: str = ""


class CalendarDay(SQLModel, table=True):
    """A day that breaks the Monday-to-Friday rule: a public holiday or a make-up working day."""

    __tablename__ = "calendar_day"

    day: date = Field(primary_key=True)
    working: bool
    name: str


class CalendarYear(SQLModel, table=True):
    """A year the calendar has official data for; other years count plain weekdays."""

    __tablename__ = "calendar_year"

    year: int = Field(primary_key=True)
    source: str


class NumberSequence(SQLModel, table=True):
    """The last daily sequence issued per office, desk and office-local day. Only ever grows."""

    __tablename__ = "number_sequence"

    office_code: str = Field(primary_key=True)
    desk_code: str = Field(primary_key=True)
    day: str = Field(primary_key=True)  # YYYYMMDD in the office's zone
    last_seq: int


class Case(SQLModel, table=True):
    __tablename__ = "case_record"
    __table_args__ = (Index("ix_case_local_date_accepted", "local_date", "accepted_at"),)

    id: str = Field(primary_key=True)  # client-generated UUID, the platform's key for this case
    acceptance_no: str = Field(unique=True)
    office_code: str
    desk_code: str
    service_code: str = Field(index=True)
    service_name: str
    department: str
    decision: str
    state: str = Field(index=True)
    applicant_kind: str  # "person" or "company"
    applicant_name: str
    applicant_id_type: str
    applicant_id_number: str
    applicant_phone: str
    applicant_address: str = ""
    legal_rep_name: str = ""
    agent_name: str = ""
    agent_id_type: str = ""
    agent_id_number: str = ""
    agent_phone: str = ""
    accepted_at: datetime  # UTC instant the intake was recorded
    local_date: str  # YYYY-MM-DD, office zone
    promised_days: int
    due_date: date | None = None
    due_provisional: bool = False
    makeup_deadline: date | None = None
    commitment_signed: bool = False
    reason: str = ""  # refusal reason or correction note
    clerk_id: int
    clerk_name: str
    updated_at: datetime


class CaseMaterial(SQLModel, table=True):
    __tablename__ = "case_material"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="case_record.id", index=True)
    position: int
    code: str
    name: str
    required: bool
    key: bool
    status: str  # see counter.intake.submit.MaterialStatus
    form: str
    copies: int
    pages: int | None = None
    note: str = ""


class CaseEvent(SQLModel, table=True):
    """One step in a case's life: who did what, when and why."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="case_record.id", index=True)
    kind: str
    from_state: str
    to_state: str
    actor_id: int | None
    actor_name: str
    at: datetime
    reason: str = ""
    data: str = "{}"  # JSON


class AuditEntry(SQLModel, table=True):
    """Append-only, hash-chained record of every action (see counter.audit.log)."""

    __tablename__ = "audit_entry"

    id: int = Field(primary_key=True)  # assigned explicitly: the chain covers the sequence
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    target: str
    detail: str  # canonical JSON
    prev_hash: str
    hash: str


class OutboxItem(SQLModel, table=True):
    """A change the platform must learn of, written in the transaction that made it."""

    __tablename__ = "outbox_item"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(unique=True)
    case_id: str | None = Field(default=None, index=True)
    kind: str
    payload: str  # canonical JSON, frozen once written
    created_at: datetime
    state: str = Field(default="pending", index=True)  # pending / sent / dead / closed / superseded
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str = ""
    sent_at: datetime | None = None


class Certificate(SQLModel, table=True):
    """A certificate a department issued for one of this desk's cases, ready to print.

    `payload` is the signed data exactly as signed (canonical JSON), so the
    printed QR code verifies offline against the platform's public key.
    `verified` says whether the desk checked the signature on arrival.
    """

    __tablename__ = "certificate"

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="case_record.id", index=True)
    serial: str = Field(unique=True)  # the platform's certificate id
    doc_type: str
    title: str
    payload: str  # canonical JSON of the signed data
    alg: str
    key_id: str
    signature: str
    verified: bool = False
    issued_at: datetime
    received_at: datetime


class PlatformKey(SQLModel, table=True):
    """A platform public key this desk trusts for verifying certificates offline.

    `source` is ``"fetched"`` for a key pinned the first time the sync engine saw
    it (trust on first use, the demo's way) or ``"configured"`` for a key an
    administrator installed from the office's key set. A pinned key is never
    replaced: a later key with the same id and other bytes is refused.
    """

    __tablename__ = "platform_key"

    key_id: str = Field(primary_key=True)
    alg: str
    public_key: str  # base64url raw 32-byte Ed25519 key
    created_at: datetime  # when the platform made it
    pinned_at: datetime
    source: str


class CertificatePrint(SQLModel, table=True):
    """One print of a certificate; `print_no` 1 is the first print, later ones are reprints."""

    __tablename__ = "certificate_print"
    __table_args__ = (UniqueConstraint("certificate_id", "print_no"),)

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    print_no: int
    printed_at: datetime
    actor_id: int | None = None
    actor_name: str
    reason: str = ""


class DayClose(SQLModel, table=True):
    """A day closed by a supervisor (日结): reconciled, reported, and locked until reopened.

    A day is closed while it has a row with no `reopened_at`. Reopening keeps
    the row (who closed, with what figures) and a later close adds another.
    """

    __tablename__ = "day_close"

    id: int | None = Field(default=None, primary_key=True)
    local_date: str = Field(index=True)  # YYYY-MM-DD, office zone
    closed_at: datetime
    closed_by_id: int | None = None
    closed_by_name: str
    cases: int  # cases taken in that day
    confirmed: int  # of them, confirmed by the platform at closing
    unconfirmed: int
    override_reason: str = ""  # why the day was closed with cases not confirmed
    report_file: str = ""  # the daily report written at closing
    reopened_at: datetime | None = None
    reopened_by_name: str = ""
    reopen_reason: str = ""


class Evaluation(SQLModel, table=True):
    """The applicant's rating of one visit (好差评): after the acceptance or after delivery."""

    __tablename__ = "evaluation"
    __table_args__ = (UniqueConstraint("case_id", "visit"),)

    id: str = Field(primary_key=True)  # client-generated UUID
    case_id: str = Field(foreign_key="case_record.id", index=True)
    visit: str  # "intake" or "delivery": one evaluation per visit
    level: int  # 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意
    reason: str = ""  # required for the two lowest levels
    at: datetime
    local_date: str = Field(index=True)  # YYYY-MM-DD, office zone
    clerk_id: int | None = None
    clerk_name: str
    follow_up: str = ""  # "" (none needed), "open" (a low rating to follow up), "done"
    follow_up_note: str = ""
    followed_by_name: str = ""
    followed_at: datetime | None = None


class OfficeCase(SQLModel, table=True):
    """Another desk's case at this office, as the platform's feed reported it; read-only here."""

    __tablename__ = "office_case"
    __table_args__ = (Index("ix_office_case_local_date_accepted", "local_date", "accepted_at"),)

    id: str = Field(primary_key=True)  # the case's UUID
    acceptance_no: str = Field(unique=True)
    desk_code: str
    clerk_name: str
    service_code: str
    service_name: str
    applicant_name: str
    applicant_id_masked: str  # the platform never sends another desk's full ID number
    state: str
    accepted_at: datetime
    local_date: str
    due_date: date | None = None
    updated_at: datetime


class StatDay(SQLModel, table=True):
    """A past day whose statistics are cached in `stat_fact` and `stat_result_day`.

    Triggers (migration 0005) delete the row, and the day's cached figures,
    whenever a write could change them; see counter.reports.statistics.
    """

    __tablename__ = "stat_day"

    local_date: str = Field(primary_key=True)  # YYYY-MM-DD, office zone
    computed_at: datetime


class StatFact(SQLModel, table=True):
    """One day's cases of one item, department, clerk, intake decision and outcome, counted."""

    __tablename__ = "stat_fact"
    # Stored in the order the groups are summed in (see migration 0005).
    __table_args__ = {"sqlite_with_rowid": False}

    service_code: str = Field(primary_key=True)
    department: str = Field(primary_key=True)
    clerk_id: int = Field(primary_key=True)
    decision: str = Field(primary_key=True)
    outcome: str = Field(primary_key=True)
    local_date: str = Field(primary_key=True, index=True)
    service_name: str  # the greatest of the day's names, as the grouped query keeps it
    clerk_name: str
    cases: int
    results: int  # cases with the event that decided them
    result_hours: float | None = None  # sum of hours from acceptance to result
    on_time: int  # decided on or before the due date
    late_decided: int  # decided after it


class StatResultDay(SQLModel, table=True):
    """How many of a day's intakes had their result on `result_date` (office dates)."""

    __tablename__ = "stat_result_day"

    local_date: str = Field(primary_key=True)
    result_date: str = Field(primary_key=True)
    count: int
