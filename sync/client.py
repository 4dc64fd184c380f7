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

TLS certificates are verified; redirects are not followed (a portal redirects).
The bearer token is sent per request and never logged.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

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


class PermanentError(ExchangeError):
    """The platform refused the request with its error body; `code` is machine-readable."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class InvalidResponse(ExchangeError):
    """An answer that is not a schema-valid protocol document: a failure, never a success."""


def default_session(retries: int = 2) -> requests.Session:
    """A session with a few quick retries of failed connections (nothing was sent yet)."""
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
    session.verify = True
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
                **kwargs,  # type: ignore[arg-type]
            )
        except requests.ConnectionError as exc:
            # ConnectTimeout is a ConnectionError too: the platform was not reached.
            offline = not isinstance(exc, requests.ReadTimeout)
            raise TransientError(f"{path}: {type(exc).__name__}", offline=offline) from None
        except requests.Timeout as exc:
            raise TransientError(f"{path}: {type(exc).__name__}") from None
        except requests.RequestException as exc:
            raise TransientError(f"{path}: {type(exc).__name__}") from None
        with response:
            if fast is not None and response.status_code == 200:
                try:
                    return fast.model_validate_json(response.content)
                except (ValidationError, requests.RequestException):
                    pass  # not exactly the model: the usual reading says what it is
            return self._read(path, response)

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


def _first(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ())))}: {first.get('msg', '')}"
    return type(exc).__name__
