"""Certificates at the counter: pinned keys, print counting, reprints with reasons, audit."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col, select

from counter.audit import log as audit
from counter.certificates.records import (
    case_certificates,
    install_keys,
    pin_keys,
    pinned_keys,
    print_history,
    record_print,
    verify_payload,
)
from counter.errors import NotFound, PermissionDenied, ValidationError
from counter.store.models import AuditEntry
from tests.certificate_support import issue_certificate, new_key, tamper


def test_case_certificates_list_with_print_count(desk, clerk):
    issued = issue_certificate(desk, clerk)
    record_print(desk, clerk, issued.serial)
    with desk.store.read() as session:
        (info,) = case_certificates(session, issued.case_id)
    assert info.serial == issued.serial
    assert info.title == "个体工商户营业执照"
    assert info.prints == 1
    assert info.data == issued.data
    assert verify_payload(info.qr_payload, [issued.key.public]).reason == "valid"


def test_first_print_then_reprints_need_a_reason(desk, clerk):
    issued = issue_certificate(desk, clerk)
    first = record_print(desk, clerk, issued.serial)
    assert (first.print_no, first.is_reprint, first.reason) == (1, False, "")
    with pytest.raises(ValidationError, match="reason"):
        record_print(desk, clerk, issued.serial)
    with pytest.raises(ValidationError):
        record_print(desk, clerk, issued.serial, "   ")
    second = record_print(desk, clerk, issued.serial, "申请人遗失原件")
    third = record_print(desk, clerk, issued.serial, "打印机卡纸")
    assert (second.print_no, second.is_reprint) == (2, True)
    assert third.print_no == 3
    assert second.acceptance_no == issued.acceptance_no
    with desk.store.read() as session:
        history = print_history(session, issued.serial)
    assert [(p.print_no, p.reason) for p in history] == [
        (1, ""),
        (2, "申请人遗失原件"),
        (3, "打印机卡纸"),
    ]


def test_prints_are_audited_and_the_chain_holds(desk, clerk):
    issued = issue_certificate(desk, clerk)
    record_print(desk, clerk, issued.serial)
    record_print(desk, clerk, issued.serial, "申请人遗失原件")
    with desk.store.read() as session:
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.target == f"certificate:{issued.serial}")
            .order_by(col(AuditEntry.id))
        ).all()
        assert audit.verify(session).ok
    assert [e.action for e in entries] == ["certificate.print", "certificate.reprint"]
    assert [e.actor_name for e in entries] == [clerk.display_name] * 2
    assert json.loads(entries[1].detail) == {
        "acceptance_no": issued.acceptance_no,
        "print_no": 2,
        "reason": "申请人遗失原件",
    }


def test_refused_reprint_and_unknown_serial_write_nothing(desk, clerk):
    issued = issue_certificate(desk, clerk)
    record_print(desk, clerk, issued.serial)
    with desk.store.read() as session:
        before = len(session.exec(select(AuditEntry)).all())
    with pytest.raises(ValidationError):
        record_print(desk, clerk, issued.serial)
    with pytest.raises(NotFound):
        record_print(desk, clerk, "CERT-NONE")
    with desk.store.read() as session:
        assert len(session.exec(select(AuditEntry)).all()) == before
        assert len(print_history(session, issued.serial)) == 1


def test_verdicts(desk, clerk):
    issued = issue_certificate(desk, clerk)
    with desk.store.read() as session:
        (info,) = case_certificates(session, issued.case_id)
        keys = pinned_keys(session)
    valid = verify_payload(info.qr_payload, keys)
    assert (valid.ok, valid.reason, valid.fields["holder_name"]) == (True, "valid", "张三")
    tampered = verify_payload(tamper(info.qr_payload), keys)
    assert (tampered.ok, tampered.reason) == (False, "tampered")
    assert tampered.fields["holder_name"] == "张王"
    assert verify_payload(info.qr_payload, [new_key().public]).reason == "unknown_key"
    for junk in ("", "not json", "[1,2]", '{"data": {}}'):
        assert verify_payload(junk, keys).reason == "malformed"
    # An extra field in the data is not what was signed.
    raw = json.loads(info.qr_payload)
    raw["data"]["note"] = "x"
    assert verify_payload(json.dumps(raw, ensure_ascii=False), keys).reason in (
        "tampered",
        "malformed",
    )
    # A signature changed in one character.
    raw = json.loads(info.qr_payload)
    sig = raw["signature"]
    raw["signature"] = ("A" if sig[0] != "A" else "B") + sig[1:]
    assert verify_payload(json.dumps(raw, ensure_ascii=False), keys).reason == "tampered"


def test_keys_pinned_on_first_use_never_replaced(desk):
    first = new_key()
    assert pin_keys(desk, [first.public]) == [first.public.key_id]
    assert pin_keys(desk, [first.public]) == []
    impostor = first.public.model_copy(update={"public_key": new_key().public.public_key})
    assert pin_keys(desk, [impostor]) == []
    with desk.store.read() as session:
        assert pinned_keys(session) == [first.public]


def test_installed_key_set_replaces_trust_on_first_use(desk, admin, clerk):
    fetched, office = new_key(), new_key()
    pin_keys(desk, [fetched.public])
    with pytest.raises(PermissionDenied):
        install_keys(desk, clerk, [office.public])
    assert install_keys(desk, admin, [office.public]) == [office.public.key_id]
    assert pin_keys(desk, [fetched.public, new_key().public]) == []
    with desk.store.read() as session:
        assert [k.key_id for k in pinned_keys(session)] == [office.public.key_id]
        assert session.exec(
            select(AuditEntry).where(AuditEntry.action == "platform_keys.install")
        ).one()


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(value=_json_values)
def test_canonical_json_is_sorted_compact_raw_utf8_json(value: object) -> None:
    from counter.certificates.payload import canonical_json

    assert canonical_json(value) == json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
