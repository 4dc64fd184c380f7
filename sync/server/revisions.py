"""Revisions of a refused intake (``case.intake_revision``): checked, then taken as an intake.

A desk whose intake the platform refused corrects the case and sends it again
under a new idempotency key, naming the refused key in `revises`
(counter.supervision.resubmission). The platform takes the revision only if that key was
answered ``rejected`` for an intake (or an earlier revision) of the same case
from the same office; then the revision goes through every check of an
intake, and the case it makes keeps the revision's payload, `revises` in it:
that is the link between the two. The refused key's own answer stays as it
was (a key is answered the same way forever).

No table of its own: the refused answer is read from the received items, by
office and key, with the batch's other reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Table, select
from sqlmodel import Session

from sync.protocol import INTAKE, INTAKE_REVISION, IntakeRevisionPayload, ReasonCode, UploadItem
from sync.server.db import one_of
from sync.server.intake_rules import Rejection, parse_case_payload
from sync.server.tables import ReceivedItem

_RECEIVED: Table = ReceivedItem.__table__  # type: ignore[attr-defined]
_REVISABLE = (INTAKE, INTAKE_REVISION)


@dataclass(frozen=True)
class Revised:
    """The platform's first answer to the key a revision names."""

    kind: str
    case_id: str | None
    status: str


def parse_revision(item: UploadItem) -> IntakeRevisionPayload | Rejection:
    payload = parse_case_payload(item, IntakeRevisionPayload)
    if isinstance(payload, Rejection):
        return payload
    if payload.revises == item.idempotency_key:
        return Rejection(ReasonCode.UNKNOWN_REVISION, "a revision cannot revise itself")
    return payload


def read_revised(session: Session, office_code: str, keys: Iterable[str]) -> dict[str, Revised]:
    """The answers given to the keys the batch's revisions name, in one query."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    found = session.execute(
        select(_RECEIVED.c.idempotency_key, _RECEIVED.c.kind, _RECEIVED.c.case_id,
               _RECEIVED.c.result).where(
            _RECEIVED.c.office_code == office_code,
            one_of(session, _RECEIVED.c.idempotency_key, wanted),
        )
    )
    return {
        key: Revised(kind, case_id, json.loads(result).get("status", ""))
        for key, kind, case_id, result in found
    }


def check_revision(payload: IntakeRevisionPayload, revised: Revised | None) -> Rejection | None:
    """The key named was refused, for an intake of this very case; else `unknown_revision`."""
    if (
        revised is None
        or revised.kind not in _REVISABLE
        or revised.case_id != payload.case_id
        or revised.status != "rejected"
    ):
        return Rejection(
            ReasonCode.UNKNOWN_REVISION,
            "the item this revises was not an intake of this case refused by this platform",
        )
    return None
