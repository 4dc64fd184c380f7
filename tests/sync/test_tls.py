"""TLS for a government network: the office's CA, mutual TLS, and a clear reason when it fails.

The reference platform is served over HTTPS on loopback with certificates made in
the test (tests/sync/tls_support.py). A desk that trusts the right authority
syncs; one that trusts another, meets an expired certificate or lacks the client
certificate the platform requires keeps every item in its outbox and says in
one line which certificate is wrong and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from counter.desk import Desk
from counter.exchange import sync_state
from counter.intake.submit import submit_intake
from counter.settings import Settings
from counter.users import Actor
from sync.client import client_for
from sync.engine import Backoff, Connection, SyncEngine
from sync.server.db import session_scope
from sync.server.tables import PlatformCase
from tests.conftest import MONDAY_MORNING, intake_request
from tests.sync.conftest import Platform, build_platform
from tests.sync.engine_support import serve
from tests.sync.tls_support import Pki, make_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    (tmp_path / "platform").mkdir()
    built = build_platform(tmp_path / "platform")
    yield built
    built.close()


def served(platform: Platform, pki: Pki, cert: str = "server", client_ca: bool = False):
    tls: dict[str, object] = {"ssl_certfile": pki(f"{cert}.pem"),
                              "ssl_keyfile": pki(f"{cert}.key")}
    if client_ca:
        import ssl

        tls.update(ssl_ca_certs=pki("ca.pem"), ssl_cert_reqs=ssl.CERT_REQUIRED)
    return serve(platform, **tls)


def settings_for(url: str, platform: Platform, **tls: str) -> Settings:
    return replace(Settings(), exchange_url=url, exchange_token=platform.tokens["A"], **tls)


def one_pass(desk: Desk, clerk: Actor, settings: Settings):  # type: ignore[no-untyped-def]
    submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING)
    # No wait before a retry: a second pass sends what the first could not.
    engine = SyncEngine(desk, client_for(settings), backoff=Backoff(base=0.0, cap=0.0))
    try:
        return engine.run_once(), engine.state()
    finally:
        engine.client.close()


def pending(desk: Desk) -> int:
    with desk.store.read() as session:
        return sync_state.backlog_count(session)


def test_a_desk_that_trusts_the_offices_ca_syncs_over_https(
    desk: Desk, clerk: Actor, platform: Platform, pki: Pki
) -> None:
    for url in served(platform, pki):
        report, status = one_pass(desk, clerk, settings_for(url, platform,
                                                            exchange_ca_file=pki("ca.pem")))
    assert url.startswith("https://")
    assert report.connection is Connection.ONLINE and report.sent == 1
    assert status.tls_problem == "" and pending(desk) == 0


@pytest.mark.parametrize(("cert", "trust", "problem", "said"), [
    ("server", "other-ca.pem", "untrusted", "not signed by a trusted authority"),
    ("server", "", "untrusted", "not signed by a trusted authority"),  # the system's CAs
    ("expired", "ca.pem", "expired", "certificate has expired"),
    ("elsewhere", "ca.pem", "wrong_host", "certificate is for another host name"),
])
def test_a_certificate_the_desk_cannot_trust_keeps_the_outbox_and_says_why(
    desk: Desk, clerk: Actor, platform: Platform, pki: Pki,
    cert: str, trust: str, problem: str, said: str,
) -> None:
    tls = {"exchange_ca_file": pki(trust)} if trust else {}
    for url in served(platform, pki, cert):
        report, status = one_pass(desk, clerk, settings_for(url, platform, **tls))
    assert report.connection is Connection.DEGRADED and report.sent == 0
    assert (report.tls_problem, status.tls_problem) == (problem, problem)
    assert said in report.error and "\n" not in report.error and "Traceback" not in report.error
    assert pending(desk) == 1  # the case waits in the outbox for the certificates to be mended
    with session_scope(platform.engine) as session:
        assert session.exec(select(PlatformCase)).all() == []


def test_mutual_tls_needs_the_desks_client_certificate(
    desk: Desk, clerk: Actor, platform: Platform, pki: Pki
) -> None:
    for url in served(platform, pki, client_ca=True):
        without = settings_for(url, platform, exchange_ca_file=pki("ca.pem"))
        report, status = one_pass(desk, clerk, without)
        assert report.connection is Connection.DEGRADED and pending(desk) == 1
        assert status.tls_problem == "client_missing", report.error
        assert "set exchange_client_cert" in report.error
        with_cert = replace(without, exchange_client_cert=pki("client.pem"),
                            exchange_client_key=pki("client.key"))
        report, status = one_pass(desk, clerk, with_cert)
    assert report.connection is Connection.ONLINE and report.sent == 2
    assert status.tls_problem == "" and pending(desk) == 0


def test_a_client_certificate_of_another_authority_is_refused_by_the_platform(
    desk: Desk, clerk: Actor, platform: Platform, pki: Pki
) -> None:
    for url in served(platform, pki, client_ca=True):
        settings = settings_for(url, platform, exchange_ca_file=pki("ca.pem"),
                                exchange_client_cert=pki("stranger.pem"),
                                exchange_client_key=pki("stranger.key"))
        report, status = one_pass(desk, clerk, settings)
    assert status.tls_problem == "client_refused", report.error
    assert "refused this desk's client certificate" in report.error and pending(desk) == 1


@pytest.mark.parametrize(("key", "said"), [
    ("broken", "not a PEM certificate and key"),
    ("stranger.key", "the key is not the certificate's"),
])
def test_an_unreadable_client_key_is_named_not_a_traceback(
    desk: Desk, clerk: Actor, platform: Platform, pki: Pki, tmp_path: Path, key: str, said: str
) -> None:
    broken = tmp_path / "broken.key"
    broken.write_text("not a key\n")
    key_file = str(broken) if key == "broken" else pki(key)
    for url in served(platform, pki, client_ca=True):
        settings = settings_for(url, platform, exchange_ca_file=pki("ca.pem"),
                                exchange_client_cert=pki("client.pem"),
                                exchange_client_key=key_file)
        report, status = one_pass(desk, clerk, settings)
    assert status.tls_problem == "client_unreadable", report.error
    assert report.error.endswith(f"this desk's client certificate or key cannot be read ({said})")
    assert pending(desk) == 1
