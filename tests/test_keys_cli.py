"""`counter-desk keys install` and `keys list` in a new process, as an administrator uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter.bootstrap import open_desk
from counter.certificates.records import case_certificates, pinned_keys, verify_payload
from sync.protocol import PublicKeys
from tests.certificate_support import issue_certificate, new_key
from tests.conftest import DEMO_PASSWORD
from tests.test_cli import counter_desk


@pytest.fixture
def home(desk_dir: Path, clerk) -> dict:  # type: ignore[no-untyped-def]
    """A desk that pinned the key of a certificate it holds, on first use (as sync does)."""
    opened = open_desk(desk_dir)
    try:
        issued = issue_certificate(opened.desk, clerk, new_key(), pin=True)
        with opened.desk.store.read() as session:
            (info,) = case_certificates(session, issued.case_id)
    finally:
        opened.desk.store.dispose()
    return {"dir": desk_dir, "fetched": issued.key.public, "payload": info.qr_payload}


def _key_file(folder: Path, text: str) -> Path:
    path = folder / "office-keys.json"
    path.write_text(text, encoding="utf-8")
    return path


def _trusted(folder: Path) -> list[str]:
    opened = open_desk(folder)
    try:
        with opened.desk.store.read() as session:
            return [k.key_id for k in pinned_keys(session)]
    finally:
        opened.desk.store.dispose()


def test_list_shows_a_key_pinned_on_first_use(home: dict) -> None:
    done = counter_desk(home["dir"], "keys", "list")
    assert done.returncode == 0, done.stderr
    assert "policy: trust on first use" in done.stdout
    (line,) = [row for row in done.stdout.splitlines() if row.startswith("ed25519-")]
    assert line.split()[0] == home["fetched"].key_id
    assert "pinned on first use" in line


def test_an_administrator_installs_the_office_key_set(home: dict) -> None:
    office = new_key()
    answer = PublicKeys(keys=[office.public]).model_dump_json()  # as GET /v1/keys answers
    path = _key_file(home["dir"], answer)

    done = counter_desk(
        home["dir"], "keys", "install", str(path), "--user", "admin", "--password-stdin",
        stdin=DEMO_PASSWORD + "\n",
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr
    assert office.public.key_id in done.stdout
    # Only the installed set counts now: the certificate signed by the key pinned on
    # first use no longer verifies.
    assert _trusted(home["dir"]) == [office.public.key_id]
    opened = open_desk(home["dir"])
    try:
        with opened.desk.store.read() as session:
            assert verify_payload(home["payload"], pinned_keys(session)).reason == "unknown_key"
    finally:
        opened.desk.store.dispose()
    listed = counter_desk(home["dir"], "keys", "list")
    assert "policy: installed key set" in listed.stdout
    (line,) = [row for row in listed.stdout.splitlines() if row.startswith("ed25519-")]
    assert line.split()[:2] == [office.public.key_id, "installed"]


def _bad_public_key() -> str:
    key = json.loads(new_key().public.model_dump_json())
    key["public_key"] = "bm90IGEga2V5"  # base64url of 9 bytes
    return json.dumps({"protocol": "counter-exchange/1", "keys": [key]})


def _wrong_key_id() -> str:
    key = json.loads(new_key().public.model_dump_json())
    key["key_id"] = "ed25519-0000000000000000"
    return json.dumps({"protocol": "counter-exchange/1", "keys": [key]})


def _missing_field() -> str:
    key = json.loads(new_key().public.model_dump_json())
    del key["public_key"]
    return json.dumps({"protocol": "counter-exchange/1", "keys": [key]})


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("keys: [ed25519-abc]", "not JSON (Expecting value at line 1, column 1)"),
        ('["ed25519-abc"]', "(document): Input should be a valid dictionary"),
        ('{"keys": "ed25519-abc"}', "keys: Input should be a valid list"),
        (_missing_field(), "keys[0].public_key: Field required"),
        ('{"protocol": "counter-exchange/9", "keys": []}', "protocol: Input should be"),
        ('{"keys": []}', "keys: holds no key; nothing could be verified"),
        (_bad_public_key(), "keys[0].public_key: must be a raw 32-byte Ed25519 key in base64url"),
        (_wrong_key_id(), "keys[0].key_id: does not belong to this key, whose id is ed25519-"),
    ],
    ids=[
        "missing",
        "not-json",
        "not-an-object",
        "keys-not-a-list",
        "field-missing",
        "other-protocol",
        "empty",
        "not-a-key",
        "wrong-id",
    ],
)
def test_a_bad_key_file_is_refused_naming_what_is_wrong(
    home: dict, content: str | None, expected: str
) -> None:
    path = home["dir"] / "office-keys.json"
    if content is not None:
        _key_file(home["dir"], content)

    done = counter_desk(
        home["dir"], "keys", "install", str(path), "--user", "admin", "--password-stdin",
        stdin=DEMO_PASSWORD + "\n",
    )  # fmt: skip

    assert done.returncode == 1
    assert str(path) in done.stderr
    assert expected in done.stderr, done.stderr
    assert _trusted(home["dir"]) == [home["fetched"].key_id]


@pytest.mark.parametrize(
    ("user", "password", "expected"),
    [
        ("clerk", DEMO_PASSWORD, "may not manage_catalog; this needs the role admin"),
        ("admin", "not-the-password", "wrong user name or password"),
    ],
    ids=["clerk", "wrong-password"],
)
def test_only_a_signed_in_administrator_installs_keys(
    home: dict, user: str, password: str, expected: str
) -> None:
    path = _key_file(home["dir"], PublicKeys(keys=[new_key().public]).model_dump_json())

    done = counter_desk(
        home["dir"], "keys", "install", str(path), "--user", user, "--password-stdin",
        stdin=password + "\n",
    )  # fmt: skip

    assert done.returncode == 1
    assert expected in done.stderr
    assert _trusted(home["dir"]) == [home["fetched"].key_id]
