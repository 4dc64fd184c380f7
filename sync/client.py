"""The desk's HTTP client for the exchange platform (`counter-exchange/1`) on requests.

Each method returns a protocol model or raises one of three errors, which is
all the sync engine needs to decide what happens to the outbox:

- `TransientError`: no answer worth keeping (connect error, timeout, 5xx,
  429, 408): try again later, at the earliest after `retry_after`.
- `PermanentError`: the platform refused the whole request with its error
  body (401, 403, 413, 422, ...): resending the same request cannot help.
- `InvalidResponse`: something answered, but not with a schema-valid
  protocol document (a captive portal's HTML page, a redirect, a truncated
  body). Never a success; the engine retries it like a transient failure.

TLS certificates are verified, against the office's own CA bundle where the
settings name one (government networks run their own authority), with this
desk's client certificate where the platform asks for one (mutual TLS). A TLS
failure is a `TlsError`: a transient error that says in one line what is wrong
with which certificate. Redirects are not followed (a portal redirects). The
bearer token is sent per request and never logged.
"""

from __future__ import annotations

import http.client
import json
import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from counter.settings import Settings
from sync.protocol import (
    PROTOCOL,
    CalendarResponse,
    CatalogResponse,
    ChangesPage,
    ErrorBody,
    Health,
    IssuedNumbers,
    PublicKeys,
    SharedDocuments,
    SharedDocumentsQuery,
    UploadBatch,
    UploadResponse,
    parse_changes_page,
)

log = logging.getLogger("sync.client")

DEFAULT_TIMEOUTS = (3.05, 10.0)  # connect, read (seconds)
MAX_RETRY_AFTER_S = 6 * 3600.0  # a longer Retry-After is taken as this
_TRANSIENT_STATUS = frozenset({408, 429})
M = TypeVar("M", bound=BaseModel)


class ExchangeError(Exception):
    """Base of the errors the client raises; the message never holds the token."""


class TransientError(ExchangeError):
    """Try again later. `offline` is True when the platform could not be reached at all."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        offline: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.offline = offline


class TlsError(TransientError):
    """The secure connection failed; `problem` is one of TLS_PROBLEMS, the message says it whole.

    Transient (the outbox keeps every item, to go once the certificates are
    mended), but not offline: the platform answered, and the operator must act.
    """

    def __init__(self, path: str, problem: str, detail: str = "") -> None:
        text = TLS_PROBLEMS[problem] + (f" ({detail})" if detail else "")
        super().__init__(f"{path}: TLS: {text}")
        self.problem = problem


TLS_PROBLEMS = {
    "expired": "the platform's certificate has expired",
    "not_yet_valid": "the platform's certificate is not valid yet; check this computer's clock",
    "wrong_host": "the platform's certificate is for another host name",
    "untrusted": "the platform's certificate is not signed by a trusted authority; "
                 "check exchange_ca_file",
    "client_missing": "the platform asks for this desk's client certificate; "
                      "set exchange_client_cert",
    "client_refused": "the platform refused this desk's client certificate",
    "client_unreadable": "this desk's client certificate or key cannot be read",
    "handshake": "the secure connection failed",
}
"""What each `TlsError.problem` means, as `counter-desk sync` and the log say it."""

# OpenSSL's verify codes (X509_V_ERR_*) of the platform's certificate; 62 and 64: host name, IP.
_VERIFY_PROBLEMS = {10: "expired", 9: "not_yet_valid", 62: "wrong_host", 64: "wrong_host"}
# Alerts the platform sends about this desk's client certificate (SSLError.reason).
_CLIENT_ALERTS = {
    "TLSV13_ALERT_CERTIFICATE_REQUIRED": "client_missing",
    "SSLV3_ALERT_HANDSHAKE_FAILURE": "client_missing",
    "SSLV3_ALERT_BAD_CERTIFICATE": "client_refused",
    "TLSV1_ALERT_UNKNOWN_CA": "client_refused",
    "SSLV3_ALERT_CERTIFICATE_EXPIRED": "client_refused",
    "SSLV3_ALERT_CERTIFICATE_UNKNOWN": "client_refused",
    "TLSV1_ALERT_ACCESS_DENIED": "client_refused",
}


def tls_error(path: str, exc: BaseException) -> TlsError | None:
    """The `TlsError` a failed request's exception stands for, or None if it is not one."""
    found = _ssl_cause(exc)
    if isinstance(found, ssl.SSLCertVerificationError):
        if found.verify_code in _VERIFY_PROBLEMS:
            return TlsError(path, _VERIFY_PROBLEMS[found.verify_code])
        return TlsError(path, "untrusted", found.verify_message or "")  # OpenSSL says which
    if isinstance(found, ssl.SSLError):
        reason = found.reason or ""
        if reason in _CLIENT_ALERTS:
            return TlsError(path, _CLIENT_ALERTS[reason])
        # The desk's own files, loaded as the connection is made.
        if reason == "KEY_VALUES_MISMATCH":
            return TlsError(path, "client_unreadable", "the key is not the certificate's")
        if "PEM lib" in str(found):
            return TlsError(path, "client_unreadable", "not a PEM certificate and key")
        return TlsError(path, "handshake", reason or type(found).__name__)
    if isinstance(exc, requests.exceptions.SSLError):
        return TlsError(path, "handshake")
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and every exception under requests' and urllib3's wrappers of it."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo.extend((*item.args, item.__cause__, item.__context__, getattr(item, "reason", None)))


def _ssl_cause(exc: BaseException) -> ssl.SSLError | None:
    """The `ssl.SSLError` somewhere under `exc`, if any."""
    return next((item for item in _causes(exc) if isinstance(item, ssl.SSLError)), None)


@dataclass(frozen=True)
class TlsFiles:
    """The office's TLS files for the platform: its CA bundle and this desk's certificate."""

    ca_file: str = ""  # empty: the system's trusted authorities
    client_cert: str = ""
    client_key: str = ""  # empty: the key is in the certificate's file


class PermanentError(ExchangeError):
    """The platform refused the request with its error body; `code` is machine-readable."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class InvalidResponse(ExchangeError):
    """An answer that is not a schema-valid protocol document: a failure, never a success."""


def default_session(retries: int = 2, tls: TlsFiles | None = None) -> requests.Session:
    """A session with a few quick retries of failed connections (nothing was sent yet),
    verifying the platform against `tls.ca_file` and presenting `tls.client_cert`."""
    session = requests.Session()
    retry = Retry(
        total=retries,
        connect=retries,
        read=0,
        status=0,
        other=0,
        redirect=0,
        backoff_factor=0.1,
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    tls = tls or TlsFiles()
    session.verify = str(Path(tls.ca_file).expanduser()) if tls.ca_file else True
    if tls.client_cert:
        cert = str(Path(tls.client_cert).expanduser())
        session.cert = (cert, str(Path(tls.client_key).expanduser())) if tls.client_key else cert
    return session


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value) if value.isdigit() else None
        if seconds is None:
            when = parsedate_to_datetime(value)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - (now or datetime.now(UTC))).total_seconds()
    except (TypeError, ValueError, OverflowError):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def client_for(settings: Settings, **kwargs: object) -> ExchangeClient:
    """The client of the platform `settings` name, with the office's TLS files."""
    tls = TlsFiles(settings.exchange_ca_file, settings.exchange_client_cert,
                   settings.exchange_client_key)
    return ExchangeClient(settings.exchange_url, settings.exchange_token,
                          session=default_session(tls=tls), **kwargs)  # type: ignore[arg-type]


class ExchangeClient:
    """Typed calls to one platform for one desk.

    `session` is the transport: tests hand in a session with a fault-injecting
    adapter, the app leaves it to `default_session()`.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        session: requests.Session | None = None,
        timeouts: tuple[float, float] = DEFAULT_TIMEOUTS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.session = session or default_session()
        self.timeouts = timeouts

    def __repr__(self) -> str:  # the token stays out of any printed object
        return f"ExchangeClient({self.base_url!r})"

    def close(self) -> None:
        self.session.close()

    # -- endpoints ------------------------------------------------------------

    def health(self) -> Health:
        return self._call("GET", "/v1/health", Health, auth=False)

    def keys(self) -> PublicKeys:
        return self._call("GET", "/v1/keys", PublicKeys, auth=False)

    def catalog(self, since: int | None = None) -> CatalogResponse:
        params = {} if since is None else {"since": since}
        return self._call("GET", "/v1/catalog", CatalogResponse, params=params)

    def calendar(self, since: int | None = None) -> CalendarResponse:
        params = {} if since is None else {"since": since}
        return self._call("GET", "/v1/calendar", CalendarResponse, params=params)

    def upload(self, batch: UploadBatch) -> UploadResponse:
        """Send a batch; the answer must hold one result per item, for the same keys in order."""
        body = json.dumps(batch.model_dump(mode="json"), ensure_ascii=False, allow_nan=False)
        return self.upload_body(body.encode("utf-8"), [item.idempotency_key for item in batch.items])

    def upload_body(self, body: bytes, sent: list[str]) -> UploadResponse:
        """`upload` for a batch already written as JSON (an `UploadBatch`), whose items
        carry the idempotency keys `sent`, in order. The sync engine writes it from
        the outbox rows, each payload the text frozen at the counter."""
        answer = self._call("POST", "/v1/cases/batch", UploadResponse, body=body)
        got = [result.idempotency_key for result in answer.results]
        if got != sent:
            raise InvalidResponse(f"upload answer names {len(got)} results for {len(sent)} items")
        return answer

    def changes(self, cursor: str | None, limit: int = 100) -> ChangesPage:
        params: dict[str, object] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = self._request("GET", "/v1/changes", params=params, fast=ChangesPage)
        if isinstance(page, ChangesPage):
            return page
        try:
            return parse_changes_page(page)
        except (ValidationError, AttributeError, TypeError) as exc:
            raise InvalidResponse(f"changes page does not fit the schema: {_first(exc)}") from None

    def issued_numbers(self, since: date | None = None) -> IssuedNumbers:
        """The highest acceptance number of each day the platform saw from this desk."""
        params = {} if since is None else {"since": since.isoformat()}
        return self._call("GET", "/v1/desk/numbers", IssuedNumbers, params=params)

    def shared_documents(self, id_type: str, id_number: str) -> SharedDocuments:
        """The certificates the platform already holds for this ID number or credit code.

        The number goes in the POST body, never in the URL: proxies and access
        logs keep URLs.
        """
        query = SharedDocumentsQuery(id_type=id_type, id_number=id_number)
        return self._call(
            "POST", "/v1/shared-documents/lookup", SharedDocuments, json=query.model_dump(mode="json")
        )

    # -- plumbing ---------------------------------------------------------------

    def _call(self, method: str, path: str, model: type[M], **kwargs: object) -> M:
        body = self._request(method, path, **kwargs)
        try:
            return model.model_validate(body)
        except ValidationError as exc:
            raise InvalidResponse(
                f"{path}: answer does not fit the schema: {_first(exc)}"
            ) from None

    def _request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        body: bytes | None = None,
        fast: type[M] | None = None,
        **kwargs: object,
    ) -> dict | M:
        """The answer's JSON object, once its status and protocol tag are checked.

        With `fast`, a 200 answer that is that model's JSON exactly is read
        straight from the bytes into it (pydantic's own JSON parser, a model
        that requires the protocol tag); any other answer is read as usual.
        """
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {self._token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            kwargs["data"] = body
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                headers=headers,
                timeout=self.timeouts,
                allow_redirects=False,
                # Given per request: requests lets $REQUESTS_CA_BUNDLE override the session's
                # CA bundle, and the office's own authority must win over the machine's.
                verify=self.session.verify,
                **kwargs,  # type: ignore[arg-type]
            )
        except requests.exceptions.SSLError as exc:
            found = tls_error(path, exc) or TlsError(path, "handshake")
            raise (self._closed_on_us(path, exc) or found) from None
        except requests.ConnectionError as exc:
            # With TLS 1.3 the platform checks a client certificate after the desk's side of
            # the handshake is done: a refusal comes as an alert or a closed connection.
            found = tls_error(path, exc) or self._closed_on_us(path, exc)
            if found is not None:
                raise found from None
            # ConnectTimeout is a ConnectionError too: the platform was not reached.
            offline = not isinstance(exc, requests.ReadTimeout)
            raise TransientError(f"{path}: {type(exc).__name__}", offline=offline) from None
        except requests.Timeout as exc:
            raise TransientError(f"{path}: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise TransientError(f"{path}: {type(exc).__name__}") from None
        except OSError as exc:
            # requests reads the client certificate's files before it connects.
            raise TlsError(path, "client_unreadable", type(exc).__name__) from None
        with response:
            if fast is not None and response.status_code == 200:
                try:
                    return fast.model_validate_json(response.content)
                except (ValidationError, requests.RequestException):
                    pass  # not exactly the model: the usual reading says what it is
            return self._read(path, response)

    def _closed_on_us(self, path: str, exc: BaseException) -> TlsError | None:
        """A `TlsError` about this desk's client certificate when the platform hangs up on it.

        An HTTPS connection that the platform closed without an answer may be a
        crash or a refused client certificate. To tell them apart, a fresh TLS
        connection is opened and left idle for a moment: a server waits for the
        request; one that refuses the certificate closes at once.
        """
        if not self.base_url.startswith("https://") or not _hung_up(exc):
            return None
        parts = urlsplit(self.base_url)
        verify, cert = self.session.verify, self.session.cert
        context = ssl.create_default_context(cafile=verify if isinstance(verify, str) else None)
        if verify is False:
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        try:
            if cert:
                context.load_cert_chain(*((cert,) if isinstance(cert, str) else cert))
            with (socket.create_connection((parts.hostname, parts.port or 443),
                                           timeout=self.timeouts[0]) as raw,
                  context.wrap_socket(raw, server_hostname=parts.hostname) as tls):
                tls.settimeout(_PROBE_WAIT_S)
                closed = tls.recv(1) == b""
        except TimeoutError:
            return None  # the platform waits for a request: the certificate is not the trouble
        except ssl.SSLError as probe:
            found = tls_error(path, probe)
            if found is not None and found.problem != "handshake":
                return found
            closed = True
        except OSError:
            return None  # not reached again: the line, not the certificate
        if not closed:
            return None
        return TlsError(path, "client_refused" if cert else "client_missing")

    def _read(self, path: str, response: requests.Response) -> dict:
        status = response.status_code
        if status == 429 or status in _TRANSIENT_STATUS or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise TransientError(f"{path}: HTTP {status}", status=status, retry_after=retry_after)
        try:
            body = response.json()
        except (ValueError, requests.RequestException):
            kind = response.headers.get("Content-Type", "no content type").split(";")[0]
            raise InvalidResponse(f"{path}: HTTP {status} with a {kind} body, not JSON") from None
        if not isinstance(body, dict) or body.get("protocol") != PROTOCOL:
            raise InvalidResponse(f"{path}: HTTP {status} without the protocol tag {PROTOCOL}")
        if status == 200:
            return body
        if 400 <= status < 500:
            try:
                error = ErrorBody.model_validate(body).error
            except ValidationError:
                raise InvalidResponse(f"{path}: HTTP {status} without an error body") from None
            log.info("%s refused: %s %s", path, status, error.code)
            raise PermanentError(status, error.code, error.message)
        raise InvalidResponse(f"{path}: unexpected HTTP {status}")


_PROBE_WAIT_S = 1.0  # how long an idle fresh connection is watched for the platform's hang-up


_HANG_UPS = (http.client.RemoteDisconnected, ConnectionResetError, ssl.SSLEOFError,
             ssl.SSLZeroReturnError)


def _hung_up(exc: BaseException) -> bool:
    """Whether the platform closed the connection on the desk (not: could not be reached)."""
    return any(isinstance(item, _HANG_UPS) for item in _causes(exc))


def _first(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ())))}: {first.get('msg', '')}"
    return type(exc).__name__
