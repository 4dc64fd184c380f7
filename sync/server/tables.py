"""The reference platform's tables (SQLModel on their own metadata, apart from the desk's).

Timestamps are stored as naive UTC through `UtcDateTime` and read back aware,
so SQLite and PostgreSQL behave the same. JSON is kept as text: portable, and
the exact bytes a signature or hash was made over stay as they were.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator):
    """An aware UTC datetime on every backend (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        return None if value is None else value.replace(tzinfo=UTC)


class ServerTable(SQLModel, registry=registry()):
    """Base of the platform's tables; its metadata holds nothing from `counter.store.models`."""


def _ts() -> object:
    return Field(sa_column=Column(UtcDateTime(), nullable=False))


def _text() -> object:
    return Field(sa_column=Column(Text(), nullable=False))


class MetaRow(ServerTable, table=True):
    __tablename__ = "x_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = _text()


class DeskRow(ServerTable, table=True):
    """A desk allowed to talk to the platform; only the SHA-256 of its token is kept."""

    __tablename__ = "x_desk"
    __table_args__ = (UniqueConstraint("office_code", "desk_code"),)
    id: int | None = Field(default=None, primary_key=True)
    office_code: str = Field(max_length=12, index=True)
    desk_code: str = Field(max_length=2)
    name: str = ""
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _ts()
    active: bool = True


class ReceivedItem(ServerTable, table=True):
    """Every upload item answered, by office and idempotency key, with its first answer."""

    __tablename__ = "x_received_item"
    __table_args__ = (UniqueConstraint("office_code", "idempotency_key"),)
    id: int | None = Field(default=None, primary_key=True)
    office_code: str = Field(max_length=12)
    idempotency_key: str = Field(max_length=100)
    request_hash: str = Field(max_length=64)
    kind: str = Field(max_length=64)
    case_id: str | None = Field(default=None, max_length=64)
    result: str = _text()  # JSON of the first UploadResult
    received_at: datetime = _ts()


class PlatformCase(ServerTable, table=True):
    """A case as the platform knows it; `dept_state` is where the department has it.

    `due_date` is the date promised to the applicant: the intake's, then the
    new date of each accepted deadline extension (the intake payload as
    received keeps the first one).
    """

    __tablename__ = "x_case"
    __table_args__ = (
        Index("ix_x_case_progress", "dept_state", "received_at"),
        # An acceptance number is the citizen's reference: one case per number in an office.
        UniqueConstraint("office_code", "acceptance_no", name="uq_x_case_acceptance_no"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(max_length=64, unique=True)
    office_code: str = Field(max_length=12, index=True)
    desk_code: str = Field(max_length=2)
    acceptance_no: str = Field(max_length=64)
    service_code: str = Field(max_length=32)
    counter_state: str = Field(max_length=32)
    # "" until the department takes the case; then received / in_review / approved /
    # rejected / result_ready; "withdrawn" when the counter voided it first.
    dept_state: str = Field(default="", max_length=32)
    applicant_kind: str = Field(max_length=16)
    applicant_name: str
    applicant_id_type: str = Field(max_length=40)
    applicant_id_number: str = Field(max_length=40)
    payload: str = _text()
    received_at: datetime = _ts()
    dept_since: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    due_date: date | None = None


class IssuedNumberRow(ServerTable, table=True):
    """The highest acceptance number seen from one desk on one day (its NNNN).

    Kept from every intake uploaded under the desk's token whose number is the
    desk's own, refused intakes too: the number was printed for the citizen all
    the same. A desk restored from a backup asks for these (`GET /v1/desk/numbers`).
    """

    __tablename__ = "x_issued_number"
    office_code: str = Field(primary_key=True, max_length=12)
    desk_code: str = Field(primary_key=True, max_length=2)
    day: date = Field(primary_key=True)
    last_seq: int


class ChangeRow(ServerTable, table=True):
    """One entry of an office's changes feed; office "*" is the stream every office reads.

    `position` numbers each stream 1, 2, 3, … with no gap, allocated from the
    stream's `FeedHead` row in the writer's own transaction (see
    `sync.server.feed`), so positions become visible in order.
    """

    __tablename__ = "x_change"
    __table_args__ = (UniqueConstraint("office_code", "position", name="uq_x_change_position"),)
    id: int | None = Field(default=None, primary_key=True)
    office_code: str = Field(max_length=12)
    position: int = Field(sa_column=Column(BigInteger(), nullable=False))
    kind: str = Field(max_length=32)
    body: str = _text()  # the change exactly as served, change_id and at included
    created_at: datetime = _ts()


class FeedHead(ServerTable, table=True):
    """The last position given out in one office's stream (or "*"): the feed's row lock."""

    __tablename__ = "x_feed_head"
    office_code: str = Field(primary_key=True, max_length=12)
    last_position: int = Field(sa_column=Column(BigInteger(), nullable=False))


class CatalogRow(ServerTable, table=True):
    __tablename__ = "x_catalog_item"
    code: str = Field(primary_key=True, max_length=32)
    version: int = Field(index=True)
    removed: bool = False
    body: str = _text()  # JSON of the CatalogItem


class CalendarYearRow(ServerTable, table=True):
    __tablename__ = "x_calendar_year"
    year: int = Field(primary_key=True)
    version: int = Field(index=True)
    entries: str = _text()  # JSON list of CalendarEntry


class Holding(ServerTable, table=True):
    """A certificate the platform holds for an ID number (seeded, or issued by a department)."""

    __tablename__ = "x_holding"
    id: int | None = Field(default=None, primary_key=True)
    id_number: str = Field(max_length=40, index=True)
    doc_type: str = Field(max_length=64)
    title: str
    issuer: str
    issued_at: str = Field(max_length=10)  # ISO date
    valid_until: str | None = Field(default=None, max_length=10)
    certificate_id: str | None = Field(default=None, max_length=64)


class SigningKey(ServerTable, table=True):
    """A department signing key. The private half stays in the platform's database."""

    __tablename__ = "x_signing_key"
    key_id: str = Field(primary_key=True, max_length=40)
    private_key: str = _text()  # base64url raw 32 bytes
    public_key: str = _text()
    created_at: datetime = _ts()
    active: bool = True


class AuditHeadRow(ServerTable, table=True):
    """An audit chain head a desk reported, to notice a rewritten history."""

    __tablename__ = "x_audit_head"
    __table_args__ = (UniqueConstraint("desk_id", "entry_id"),)
    id: int | None = Field(default=None, primary_key=True)
    desk_id: int = Field(index=True)
    entry_id: int
    hash: str = Field(max_length=64)
    received_at: datetime = _ts()


class PlatformEvaluation(ServerTable, table=True):
    """An applicant's rating of a visit to the counter (好差评), one per case and visit."""

    __tablename__ = "x_evaluation"
    __table_args__ = (UniqueConstraint("case_id", "visit"),)
    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: str = Field(max_length=64, index=True)
    case_id: str = Field(max_length=64)
    office_code: str = Field(max_length=12, index=True)
    desk_code: str = Field(max_length=2)
    visit: str = Field(max_length=16)
    level: int
    reason: str = _text()
    clerk: str = Field(default="", max_length=64)
    rated_at: datetime = _ts()
    received_at: datetime = _ts()


METADATA = ServerTable.metadata
