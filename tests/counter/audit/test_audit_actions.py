"""Every audit action the code writes has a name a supervisor can read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counter.audit.actions import action_name
from counter.cases.lifecycle import CaseState
from counter.intake.request import Decision

ROOT = Path(__file__).resolve().parents[3]
# Audit codes have a dot (argparse's action="store_true" has none).
LITERAL = re.compile(r'action="([a-z_]+\.[a-z_.]+)"')


def _written_codes() -> set[str]:
    codes: set[str] = set()
    for package in ("counter", "sync", "printing", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            codes.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return codes


@pytest.mark.parametrize("code", sorted(
    _written_codes()
    | {f"case.intake.{d.value}" for d in Decision}
    | {f"case.{s.value}" for s in CaseState if s is not CaseState.DRAFT}
    | {"day.close", "day.close.override"}
))
def test_the_action_has_a_name(code: str) -> None:
    template, params = action_name(code)
    assert (template, params) != (code, {}), f"no name for audit action {code!r}"


def test_an_unknown_code_reads_as_itself() -> None:
    assert action_name("something.new") == ("something.new", {})


def test_every_kind_of_upload_has_a_name() -> None:
    """The kinds the core queues for the platform, as the day close and refused list show them."""
    from counter.exchange.outbox import KIND_NAMES

    kind = re.compile(r'kind="([a-z_]+(?:\.[a-z_]+)?)"')
    queued: set[str] = set()
    for path in (ROOT / "counter").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "outbox.enqueue" in text or "enqueue(" in text:
            queued.update(k for k in kind.findall(text) if "." in k or k == "evaluation")
    assert queued and queued <= set(KIND_NAMES), queued - set(KIND_NAMES)
