"""The engine pins the platform keys it fetches; printed certificates verify against them."""

from __future__ import annotations

from counter.certificates.records import case_certificates, pinned_keys, verify_payload
from counter.desk import Desk
from counter.users import Actor
from sync.server.db import session_scope
from sync.server.keys import public_keys
from tests.sync.engine_support import (
    Live,
    live_fixture,  # noqa: F401 - provides the `live` fixture
    make_engine,
)
from tests.sync.test_engine_pull import case_ids, decide, take


def test_fetched_keys_are_pinned_and_verify_the_certificates(
    live: Live, desk: Desk, clerk: Actor
) -> None:
    approved, _ = case_ids(1)
    take(desk, clerk, approved[0])
    engine = make_engine(desk, live.url, live.token)
    assert engine.run_once().ok
    decide(live)
    assert engine.run_once().ok
    with session_scope(live.platform.engine) as session:
        platform_keys = public_keys(session)
    with desk.store.read() as session:
        pinned = pinned_keys(session)
        (cert,) = case_certificates(session, approved[0])
    assert {k.key_id for k in pinned} == {k.key_id for k in platform_keys}
    assert cert.verified
    assert verify_payload(cert.qr_payload, pinned).reason == "valid"
