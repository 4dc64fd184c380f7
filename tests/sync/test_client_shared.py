"""The shared-documents lookup from the desk's client, against the reference platform on loopback."""

from __future__ import annotations

import json

import pytest
import requests

from sync.client import ExchangeClient, PermanentError, TransientError
from tests.sync.conftest import APPLICANT_ID, CREDIT_CODE
from tests.sync.engine_support import Live, closed_port_url, live_fixture  # noqa: F401


def _client(live: Live, sent: list[requests.PreparedRequest] | None = None) -> ExchangeClient:
    session = requests.Session()
    if sent is not None:
        session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))
    return ExchangeClient(live.url, live.token, session=session)


def test_lookup_names_the_documents_the_platform_holds(live: Live) -> None:
    sent: list[requests.PreparedRequest] = []
    client = _client(live, sent)
    try:
        answer = client.shared_documents("resident_id", APPLICANT_ID)
    finally:
        client.close()
    held = {d.doc_type for d in answer.documents}
    # The seeded demo applicant 张伟: ID card, household register and marriage certificate.
    assert held == {"resident_id_card", "household_register", "marriage_certificate"}
    assert answer.id_number_masked.endswith(APPLICANT_ID[-4:])
    assert APPLICANT_ID not in answer.id_number_masked
    # The number travels in the body of a POST, never in the address.
    (request,) = sent
    assert request.method == "POST"
    assert APPLICANT_ID not in request.url
    assert json.loads(request.body) == {"id_type": "resident_id", "id_number": APPLICANT_ID}


def test_a_company_credit_code_finds_its_business_licence(live: Live) -> None:
    client = _client(live)
    try:
        answer = client.shared_documents("credit_code", CREDIT_CODE)
    finally:
        client.close()
    assert [d.doc_type for d in answer.documents] == ["business_license"]


def test_a_number_the_platform_knows_nothing_of_holds_no_documents(live: Live) -> None:
    client = _client(live)
    try:
        assert client.shared_documents("resident_id", "11010519491231002X").documents == []
    finally:
        client.close()


def test_a_masked_number_is_refused_for_good(live: Live) -> None:
    client = _client(live)
    try:
        with pytest.raises(PermanentError) as caught:
            client.shared_documents("resident_id", "**************002X")
    finally:
        client.close()
    assert caught.value.status == 422


def test_an_unreachable_platform_is_a_transient_offline_error() -> None:
    client = ExchangeClient(closed_port_url(), "token", timeouts=(0.5, 1.0))
    try:
        with pytest.raises(TransientError) as caught:
            client.shared_documents("resident_id", APPLICANT_ID)
    finally:
        client.close()
    assert caught.value.offline
    assert APPLICANT_ID not in str(caught.value)
