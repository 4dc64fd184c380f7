"""The operator's commands over TLS: `exchange serve --tls-*` and the desk's `counter-desk sync`.

The platform runs as its own process, serving HTTPS with a client-certificate
requirement; the desk is configured in config.toml as an office would be.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from counter.bootstrap import open_desk
from counter.intake.submit import submit_intake
from counter.settings import DATABASE_FILE, HOME_ENV, Settings, save_settings
from counter.users import Actor
from tests.conftest import MONDAY_MORNING, child_env, intake_request
from tests.sync.platform_process import Served, serve
from tests.sync.tls_support import Pki, make_pki
from ui.shell.cli import main


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path / "pki")


@pytest.fixture
def platform(tmp_path: Path, pki: Pki) -> Iterator[tuple[Served, str]]:
    db = f"sqlite:///{tmp_path / 'exchange.db'}"
    added = subprocess.run(
        [sys.executable, "-m", "ui.shell.cli", "exchange", "add-desk", "140121", "01", "--db", db],
        capture_output=True, text=True, check=True, env=child_env(),
    )
    token = added.stdout.strip()
    served = serve(db, tmp_path, "--no-simulator", "--tls-cert", pki("server.pem"),
                   "--tls-key", pki("server.key"), "--tls-client-ca", pki("ca.pem"),
                   ready=False, scheme="https")
    try:
        # The platform's own readiness, over mutual TLS.
        served.wait_ready(verify=pki("ca.pem"), cert=(pki("client.pem"), pki("client.key")))
        yield served, token
    finally:
        served.stop()


@pytest.fixture
def home(desk_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clerk: Actor) -> Path:
    directory = tmp_path / "home"
    directory.mkdir()
    shutil.copyfile(desk_dir / DATABASE_FILE, directory / DATABASE_FILE)
    monkeypatch.setenv(HOME_ENV, str(directory))
    opened = open_desk(directory)
    try:
        submit_intake(opened.desk, clerk, intake_request(opened.desk), now=MONDAY_MORNING)
    finally:
        opened.desk.store.dispose()
    return directory


def test_sync_over_mutual_tls_says_in_one_line_which_certificate_is_missing(
    platform: tuple[Served, str], home: Path, pki: Pki, capsys: pytest.CaptureFixture[str]
) -> None:
    served, token = platform
    office = replace(Settings(), exchange_url=served.url, exchange_token=token,
                     exchange_ca_file=pki("ca.pem"))
    save_settings(office, home)
    assert main(["sync"]) == 3  # degraded: the platform answered, the desk must be mended
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if line.startswith("error: ")]
    assert errors == [("error: /v1/changes: TLS: the platform asks for this desk's client "
                      "certificate; set exchange_client_cert")] or errors == [
        ("error: /v1/cases/batch: TLS: the platform asks for this desk's client certificate; "
        "set exchange_client_cert")], out
    assert "backlog 1" in out and "Traceback" not in out and token not in out

    save_settings(replace(office, exchange_client_cert=pki("client.pem"),
                          exchange_client_key=pki("client.key")), home)
    # Mended: the case goes at its next attempt (the first retry waits at most 2 s).
    deadline = time.monotonic() + 30
    while True:
        assert main(["sync"]) == 0
        out = capsys.readouterr().out
        assert "(online)" in out and "error" not in out, out
        if "backlog 0" in out or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert "backlog 0" in out, out
