"""Shared fixtures: a fresh demo desk per test, its signed-in users, and valid intakes.

Opening a desk from nothing seeds the catalog, the calendar and four demo users
(scrypt hashes, ~50 ms each), so the session opens one template desk and every
test gets its own copy of that file, opened with `open_desk` as the app would.
The demo users are signed in once, on the template; their ids are the same in
every copy.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import func
from sqlmodel import select

from counter.bootstrap import OpenedDesk, open_desk
from counter.catalog.items import get_item
from counter.desk import Desk
from counter.intake.request import (
    CompanyInput,
    Decision,
    IntakeRequest,
    MaterialInput,
    MaterialStatus,
    PersonInput,
)
from counter.secrets import SECRETS_DIR_ENV
from counter.settings import DATABASE_FILE
from counter.store.database import Store
from counter.store.models import (
    AuditEntry,
    Case,
    CaseEvent,
    CaseMaterial,
    NumberSequence,
    OutboxItem,
)
from counter.users import Actor, sign_in
from counter.validation import IdType, expected_check_character

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "demo1234"

# Secrets (the exchange token) never go to the keyring of the machine the tests run on: the
# tests' desks keep them in files of a folder of their own, as a desk without a keyring does.
# Set before anything runs, so child processes inherit it too.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ[SECRETS_DIR_ENV] = tempfile.mkdtemp(prefix="counter-test-secrets-")

# Property tests judge behaviour, not speed: on a shared two-core machine the same examples
# can take ten times as long, which Hypothesis would report as a failed health check or a
# missed deadline. Speed is measured by the benchmarks.
settings.register_profile("shared-machine", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")

# Items of the seeded catalog the tests use.
PERSON_ITEM = "RS-002"  # unemployment benefit: 5 working days, M03/M04 non-key
IMMEDIATE_ITEM = "RS-001"  # social security card: decided at the counter (0 days)
COMPANY_ITEM = "SCJG-004"  # food business permit: a company applies, 5 working days

# A working Monday morning in Beijing (09:30 +08:00), far from any holiday.
MONDAY_MORNING = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)

VALID_CREDIT_CODE = "91350100M000100Y43"


def resident_id(first17: str) -> str:
    """A resident ID number with its correct GB 11643 check character."""
    return first17 + expected_check_character(first17)


APPLICANT_ID = resident_id("14012119850312002")  # born 1985-03-12 in Qingxu
AGENT_ID = resident_id("14010519900704003")


def person(
    name: str = "张伟", id_number: str = APPLICANT_ID, phone: str = "13912345678"
) -> PersonInput:
    return PersonInput(
        name, IdType.RESIDENT_ID, id_number, phone, address="清徐县清源镇文源街 1 号"
    )


def company(credit_code: str = VALID_CREDIT_CODE) -> CompanyInput:
    return CompanyInput("清徐县味道餐饮有限公司", credit_code, "李明", "0351-5723456")


def material_codes(desk: Desk, service_code: str) -> list[str]:
    with desk.store.read() as session:
        detail = get_item(session, service_code)
    assert detail is not None, service_code
    return [m.code for m in detail.materials]


def intake_request(
    desk: Desk,
    service_code: str = PERSON_ITEM,
    *,
    decision: Decision = Decision.ACCEPT,
    statuses: dict[str, MaterialStatus] | None = None,
    notes: dict[str, str] | None = None,
    **fields: object,
) -> IntakeRequest:
    """A valid request for a seeded item: every material received unless `statuses` says else.

    A company item gets a company applicant, any other item a person;
    `fields` override any field of the request.
    """
    statuses = statuses or {}
    notes = notes or {}
    materials = tuple(
        MaterialInput(code, statuses.get(code, MaterialStatus.RECEIVED), note=notes.get(code, ""))
        for code in material_codes(desk, service_code)
    )
    applicant = company() if service_code == COMPANY_ITEM else person()
    values: dict[str, object] = {
        "service_code": service_code,
        "decision": decision,
        "applicant": applicant,
        "materials": materials,
    }
    values.update(fields)
    return IntakeRequest(**values)  # type: ignore[arg-type]


def table_counts(store: Store) -> dict[str, int]:
    """What an intake writes, counted: rows per table and numbers issued so far."""
    with store.read() as session:
        counts = {
            model.__tablename__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Case, CaseMaterial, CaseEvent, AuditEntry, OutboxItem)
        }
        issued = session.exec(select(func.sum(NumberSequence.last_seq))).one()
    counts["numbers_issued"] = issued or 0
    return counts


def folder_bytes(folder: Path) -> bytes:
    """Every file under `folder`, read whole, one after another: what a copier would get."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python process that imports this project."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


PYTHON = sys.executable


# --- collection ------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--trials", type=int, default=None, help="trials for slow reliability tests (with -m slow)"
    )


# The offscreen platform plugin says this whenever a window's layout sets its size
# limits; it is about the plugin, not the app, and no real platform says it. Ignored in every
# test, not only the interface's: a window closed at the end of one test is deleted when the
# next one processes events, whichever test runs next (in a random order too).
OFFSCREEN_NOISE = r"^This plugin does not support (propagateSizeHints|raise)\(\)$"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave `slow` trials out of the default run; `-m slow` (or any -m) selects explicitly."""
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))
    if config.option.markexpr:
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


# --- fixtures --------------------------------------------------------------------


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo desk opened once; tests copy its database file."""
    directory = tmp_path_factory.mktemp("template-desk")
    opened = open_desk(directory)
    opened.desk.store.dispose()
    # Closing the last connection checkpoints the WAL into the main file.
    assert not (directory / f"{DATABASE_FILE}-wal").exists()
    return directory


@pytest.fixture(scope="session")
def demo_actors(template_dir: Path) -> dict[str, Actor]:
    opened = open_desk(template_dir)
    try:
        return {
            name: sign_in(opened.desk.store, name, DEMO_PASSWORD)
            for name in ("clerk", "supervisor", "admin")
        }
    finally:
        opened.desk.store.dispose()


@pytest.fixture
def clerk(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors["clerk"]


@pytest.fixture
def supervisor(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors["supervisor"]


@pytest.fixture
def admin(demo_actors: dict[str, Actor]) -> Actor:
    return demo_actors["admin"]


@pytest.fixture
def desk_dir(template_dir: Path, demo_actors: dict[str, Actor], tmp_path: Path) -> Path:
    """A folder holding a fresh copy of the demo desk's database (not yet opened)."""
    directory = tmp_path / "desk"
    directory.mkdir()
    shutil.copyfile(template_dir / DATABASE_FILE, directory / DATABASE_FILE)
    return directory


@pytest.fixture
def opened(desk_dir: Path) -> Iterator[OpenedDesk]:
    opened = open_desk(desk_dir)
    yield opened
    opened.desk.store.dispose()


@pytest.fixture
def desk(opened: OpenedDesk) -> Desk:
    return opened.desk
