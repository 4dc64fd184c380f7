"""Request bodies read by pydantic's JSON parser give what `json.loads` gives, or its error."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.server.json_body import read_json
from tests.sync.conftest import Platform, batch, intake_payload, item


def _outcome(read, body: bytes):  # type: ignore[no-untyped-def]
    try:
        return "ok", read(body)
    except Exception as exc:  # noqa: BLE001 - the very error is what is compared
        return "error", type(exc), str(exc)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


def _check(body: bytes) -> None:
    ours, theirs = _outcome(read_json, body), _outcome(json.loads, body)
    assert ours[0] == theirs[0]
    if ours[0] == "ok":
        assert _same(ours[1], theirs[1])
    else:
        assert ours[1:] == theirs[1:]


@pytest.mark.parametrize(
    "body",
    [
        b'{"a":1,"a":2}', b'"\\ud800"', b'"a\\udc00b"', b'"\\ud83d\\ude00"', b'"\x01"', b'"\x7f"',
        b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity", b"1" + b"0" * 40, b"1.5e-400",
        b"01", b"1.", b".5", b"-", b"+1", b"[1,]", b'{"a":1,}', b" \t\n\r[1] ", b"\xef\xbb\xbf[1]",
        b"[1]\x00", b'"\\x41"', b"nul", b"[" * 300 + b"]" * 300, b'"\xed\xa0\x80"', b'"\xc0\x80"',
        b"\xff", b"", b"   ", '{"名":"张伟"}'.encode(), '[1, "é"]'.encode("utf-16"),
        b'{"x": 12345678901234567890.5, "y": -0.0, "z": 5e-324}',
    ],
)
def test_edge_cases_read_as_the_standard_library_reads_them(body: bytes) -> None:
    _check(body)


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(value=_values, ascii_only=st.booleans())
def test_any_json_document_reads_the_same(value: object, ascii_only: bool) -> None:
    _check(json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))


@given(body=st.binary(max_size=40))
def test_any_bytes_read_the_same_or_fail_the_same(body: bytes) -> None:
    _check(body)


def test_an_upload_is_read_and_refused_as_before(platform: Platform) -> None:
    headers = {**platform.auth(), "Content-Type": "application/json"}
    body = json.dumps(batch(item(intake_payload())), ensure_ascii=False).encode()
    answer = platform.client.post("/v1/cases/batch", content=body, headers=headers)
    assert answer.status_code == 200 and answer.json()["results"][0]["status"] == "accepted"
    broken = platform.client.post("/v1/cases/batch", content=body[:-1], headers=headers)
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "malformed_json"
    with pytest.raises(json.JSONDecodeError) as refused:
        json.loads(body[:-1])
    assert broken.json()["error"]["details"] == [
        {"loc": ["body", str(refused.value.pos)], "msg": "JSON decode error", "type": "json_invalid"}
    ]
    not_utf8 = platform.client.post("/v1/cases/batch", content=b'{"desk": "\xff"}',
                                    headers=headers)
    assert (not_utf8.status_code, not_utf8.json()["error"]["code"]) == (400, "malformed_json")
