"""`counter-desk verify`: check a printed certificate's QR payload offline.

The payload is given as text (what a scanner types; ``-`` reads it from
standard input) or as an image of the printed QR code. It is checked against
the platform keys this desk has pinned, without the network. Exit status 0
means valid; 1 means tampered, signed by a key the desk does not hold,
malformed, or no QR code in the image.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter.certificates import Verdict

# What each verdict means, for an operator at a terminal.
VERDICT_TEXT = {
    "valid": "VALID: signed by the platform key {key_id}, unchanged since signing",
    "tampered": "TAMPERED: the data or the signature was changed after signing "
    "(key {key_id}); do not trust the fields below",
    "unknown_key": "UNKNOWN KEY: signed by {key_id}, a key this desk has not pinned; "
    "the signature cannot be checked",
    "malformed": "MALFORMED: not a signed certificate payload",
}

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


def describe(verdict: Verdict) -> list[str]:
    """The lines `verify` prints for `verdict`."""
    lines = [VERDICT_TEXT[verdict.reason].format(key_id=verdict.key_id or "?")]
    fields = verdict.fields
    for key, label in FIELD_LABELS:
        if key in fields:
            lines.append(f"  {label}: {fields[key]}")
    return lines


def cmd_verify(args: argparse.Namespace) -> int:
    from counter.bootstrap import open_desk
    from counter.certificates import pinned_keys, verify_payload

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

    opened = open_desk()
    try:
        with opened.desk.store.read() as session:
            keys = pinned_keys(session)
    finally:
        opened.desk.store.dispose()
    status = 0
    for n, payload in enumerate(payloads):
        if n:
            print()
        verdict = verify_payload(payload, keys)
        print("\n".join(describe(verdict)))
        if not verdict.ok:
            status = 1
    if not keys:
        print("note: this desk has pinned no platform keys yet (run counter-desk sync once)")
    return status


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `verify` command to the `counter-desk` parser."""
    verify = subparsers.add_parser(
        "verify",
        help="check a certificate's QR payload (text or image) offline against this desk's "
        "pinned platform keys; exit 0 when valid, 1 otherwise",
    )
    source = verify.add_mutually_exclusive_group()
    source.add_argument("payload", nargs="?", help="the scanned QR text; - reads standard input")
    source.add_argument("--image", metavar="FILE", help="an image (PNG, JPEG) of the QR code")
    verify.set_defaults(func=cmd_verify)
