"""Each desk's highest acceptance number by day, as its uploads showed them.

Recorded in the upload's own transaction, from every intake (or revision)
whose number is the token desk's own, whatever the platform decided of it; read
back by a desk restored from a backup (`GET /v1/desk/numbers`), which moves its
numbering past them so no number a citizen holds is issued twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Table, func, select
from sqlmodel import Session

from sync.protocol import IntakePayload, IssuedDay, IssuedNumbers
from sync.server.auth import DeskIdentity
from sync.server.db import upsert_into
from sync.server.intake_rules import desk_number
from sync.server.tables import IssuedNumberRow

_ISSUED: Table = IssuedNumberRow.__table__  # type: ignore[attr-defined]


def record(session: Session, desk: DeskIdentity, payloads: Iterable[IntakePayload]) -> None:
    """Raise the desk's highest sequence of each day to the numbers in `payloads`."""
    last: dict[date, int] = {}
    for payload in payloads:
        number = desk_number(payload, desk)
        if number is not None:
            last[number.day] = max(last.get(number.day, 0), number.seq)
    if not last:
        return
    upsert = upsert_into(session, _ISSUED)
    rows = [
        {"office_code": desk.office_code, "desk_code": desk.desk_code, "day": day,
         "last_seq": seq}
        for day, seq in sorted(last.items())  # one order for every writer: no deadlock
    ]
    higher = (func.greatest if session.get_bind().dialect.name == "postgresql" else func.max)(
        _ISSUED.c.last_seq, upsert.excluded.last_seq
    )
    statement = upsert.values(rows).on_conflict_do_update(
        index_elements=["office_code", "desk_code", "day"], set_={"last_seq": higher}
    )
    session.execute(statement)


def issued(session: Session, desk: DeskIdentity, since: date | None = None) -> IssuedNumbers:
    """The desk's highest sequence of each day from `since` on (every day without it)."""
    query = select(_ISSUED.c.day, _ISSUED.c.last_seq).where(
        _ISSUED.c.office_code == desk.office_code, _ISSUED.c.desk_code == desk.desk_code
    )
    if since is not None:
        query = query.where(_ISSUED.c.day >= since)
    rows = session.execute(query.order_by(_ISSUED.c.day)).all()
    return IssuedNumbers(
        office_code=desk.office_code,
        desk_code=desk.desk_code,
        days=[IssuedDay(day=day, last_seq=seq) for day, seq in rows],
    )
