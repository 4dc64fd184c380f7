"""`counter-desk verify`: check a printed certificate's QR payload offline.

The payload is given as text (what a scanner types; ``-`` reads it from
standard input) or as an image of the printed QR code. It is checked against
the platform keys this desk has pinned, without the network, or with
``--keys FILE`` against the keys of a saved ``GET /v1/keys`` answer instead
(the desk's store is then not opened): the office's key set before it is
installed, or the `sample-keys.json` that ``counter-desk print-samples``
writes beside its sample certificate. Exit status 0 means valid; 1 means
tampered, signed by a key not trusted here, malformed, no QR code in the
image, or a key file that cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter.certificates.payload import PublicKey
from counter.certificates.records import Verdict

# What each verdict means, for an operator at a terminal; {trusted} names the keys checked.
VERDICT_TEXT = {
    "valid": "VALID: signed by the key {key_id} ({trusted}), unchanged since signing",
    "tampered": "TAMPERED: the data or the signature was changed after signing "
    "(key {key_id}); do not trust the fields below",
    "unknown_key": "UNKNOWN KEY: signed by {key_id}, which is not among {trusted}; "
    "the signature cannot be checked",
    "malformed": "MALFORMED: not a signed certificate payload",
}
DESK_KEYS = "the platform keys this desk has pinned"
KEY_FILE_KEYS = "the keys in {path}"
UNKNOWN_KEY_HINT = (
    "note: to check against a saved key set instead of this desk's keys, give --keys FILE "
    "(the platform's /v1/keys answer; print-samples writes sample-keys.json beside its samples)"
)

# The certificate's fields in print order, with the labels the printed copy uses.
FIELD_LABELS = (
    ("certificate_id", "证照编号 serial"),
    ("title", "证照名称 title"),
    ("doc_type", "证照类型 type"),
    ("holder_name", "持证人 holder"),
    ("holder_id_masked", "证件号码 ID (masked)"),
    ("issuer", "发证部门 issuer"),
    ("issued_at", "发证时间 issued at"),
    ("acceptance_no", "受理编号 acceptance no"),
    ("service_code", "事项编码 service"),
    ("case_id", "case id"),
)


def describe(verdict: Verdict, trusted: str = DESK_KEYS) -> list[str]:
    """The lines `verify` prints for `verdict`, checked against the keys `trusted` names."""
    lines = [VERDICT_TEXT[verdict.reason].format(key_id=verdict.key_id or "?", trusted=trusted)]
    fields = verdict.fields
    for key, label in FIELD_LABELS:
        if key in fields:
            lines.append(f"  {label}: {fields[key]}")
    return lines


def cmd_verify(args: argparse.Namespace) -> int:
    from counter.certificates.records import verify_payload

    if args.image:
        from printing.certificate_scan import qr_payloads

        try:
            found = qr_payloads(Path(args.image))
        except OSError as exc:
            print(f"counter-desk: cannot read {args.image}: {exc}", file=sys.stderr)
            return 1
        if not found:
            print(f"NO QR CODE: none found in {args.image}")
            return 1
        payloads = found
    elif args.payload == "-":
        payloads = [sys.stdin.read()]
    elif args.payload:
        payloads = [args.payload]
    else:
        print("counter-desk verify: give a PAYLOAD, - for standard input, or --image FILE")
        return 1

    if args.keys:
        keys = _file_keys(Path(args.keys))
        if keys is None:
            return 1
        trusted = KEY_FILE_KEYS.format(path=args.keys)
    else:
        keys, trusted = _desk_keys(), DESK_KEYS
    status = 0
    unknown = False
    for n, payload in enumerate(payloads):
        if n:
            print()
        verdict = verify_payload(payload, keys)
        print("\n".join(describe(verdict, trusted)))
        if not verdict.ok:
            status = 1
        unknown |= verdict.reason == "unknown_key"
    if not args.keys and not keys:
        print("note: this desk has pinned no platform keys yet (run counter-desk sync once)")
    if not args.keys and unknown:
        print(UNKNOWN_KEY_HINT)
    return status


def _desk_keys() -> list[PublicKey]:
    """The platform keys this desk has pinned."""
    from counter.bootstrap import open_desk
    from counter.certificates.records import pinned_keys

    opened = open_desk()
    try:
        with opened.desk.store.read() as session:
            return pinned_keys(session)
    finally:
        opened.desk.store.dispose()


def _file_keys(path: Path) -> list[PublicKey] | None:
    """The keys of a saved /v1/keys answer; None (said on standard error) when unusable."""
    from counter.certificates.records import check_key_set
    from counter.errors import ValidationError
    from sync.keys_cli import KeyFileError, read_key_set

    try:
        keys = read_key_set(path)
        check_key_set(keys)
    except KeyFileError as exc:
        print(f"counter-desk: {exc}", file=sys.stderr)
        return None
    except ValidationError as exc:
        print(f"counter-desk: {path}: these keys cannot verify certificates:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem.field}: {problem.message}", file=sys.stderr)
        return None
    return keys


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `verify` command to the `counter-desk` parser."""
    verify = subparsers.add_parser(
        "verify",
        help="check a certificate's QR payload (text or image) offline against this desk's "
        "pinned platform keys, or the keys of a saved key set (--keys); exit 0 when valid, "
        "1 otherwise",
    )
    source = verify.add_mutually_exclusive_group()
    source.add_argument("payload", nargs="?", help="the scanned QR text; - reads standard input")
    source.add_argument("--image", metavar="FILE", help="an image (PNG, JPEG) of the QR code")
    verify.add_argument(
        "--keys",
        metavar="FILE",
        help="check against the keys in FILE (a saved /v1/keys answer, such as the "
        "sample-keys.json print-samples writes) instead of this desk's pinned keys",
    )
    verify.set_defaults(func=cmd_verify)
