"""Users: passwords kept as salted scrypt hashes, lockout after guessing, roles checked in the core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from counter.cases.lifecycle import CaseState, record_transition
from counter.cases.queries import find_by_number
from counter.desk import Desk
from counter.errors import AuthenticationFailed, PermissionDenied, ValidationError
from counter.intake.submit import submit_intake
from counter.store.database import Store
from counter.store.models import AuditEntry, User
from counter.users import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    Actor,
    Permission,
    Role,
    check_password,
    create_user,
    hash_password,
    require,
    sign_in,
)
from tests.conftest import DEMO_PASSWORD, MONDAY_MORNING, intake_request, table_counts

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
WRONG = "wrong-password"


def user_row(store: Store, username: str) -> User:
    """The user as stored, read through a new connection (what survives a restart)."""
    fresh = Store(store.path)
    try:
        with fresh.read() as session:
            return session.exec(select(User).where(User.username == username)).one()
    finally:
        fresh.dispose()


def refused_sign_in(store: Store, username: str, password: str, now: datetime) -> str:
    with pytest.raises(AuthenticationFailed) as exc:
        sign_in(store, username, password, now=now)
    return str(exc.value)


# --- passwords ---------------------------------------------------------------------


def test_passwords_are_stored_as_salted_scrypt_hashes(desk: Desk):
    with desk.store.read() as session:
        hashes = [u.password_hash for u in session.exec(select(User)).all()]
    assert len(hashes) == 4  # the demo users, all with the same password
    for stored in hashes:
        assert stored.startswith("scrypt$16384$8$1$")
        assert DEMO_PASSWORD not in stored
        assert check_password(DEMO_PASSWORD, stored)
        assert not check_password(DEMO_PASSWORD + "x", stored)
    assert len(set(hashes)) == len(hashes), "same password, same hash: the salt is missing"
    assert hash_password(DEMO_PASSWORD) != hash_password(DEMO_PASSWORD)


def test_a_hash_of_another_scheme_never_matches():
    assert not check_password("demo1234", "demo1234")
    assert not check_password("demo1234", "md5$x$y$z$a$b")


def test_sign_in_returns_the_user_with_its_role_and_audits_it(desk: Desk):
    actor = sign_in(desk.store, "supervisor", DEMO_PASSWORD, now=T0)
    assert (actor.username, actor.role) == ("supervisor", Role.SUPERVISOR)
    with desk.store.read() as session:
        last = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()  # type: ignore[union-attr]
    assert last is not None
    assert (last.action, last.target, last.actor_id) == ("auth.login", "user:supervisor", actor.id)


def test_unknown_user_and_wrong_password_get_the_same_message(desk: Desk):
    unknown = refused_sign_in(desk.store, "nobody", DEMO_PASSWORD, T0)
    wrong = refused_sign_in(desk.store, "clerk", WRONG, T0)
    assert unknown == wrong == "wrong user name or password"


# --- lockout -----------------------------------------------------------------------


def test_failed_attempts_are_committed_even_though_sign_in_fails(desk: Desk):
    for _ in range(3):
        refused_sign_in(desk.store, "clerk", WRONG, T0)
    assert user_row(desk.store, "clerk").failed_attempts == 3
    # A good sign-in starts the count again.
    sign_in(desk.store, "clerk", DEMO_PASSWORD, now=T0)
    assert user_row(desk.store, "clerk").failed_attempts == 0


def test_five_wrong_passwords_lock_the_account_until_the_lockout_ends(desk: Desk):
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        assert refused_sign_in(desk.store, "clerk", WRONG, T0) == "wrong user name or password"
    fifth = refused_sign_in(desk.store, "clerk", WRONG, T0)
    assert "locked for 15 minutes" in fifth

    # Locked: even the right password is refused, also after a restart.
    assert user_row(desk.store, "clerk").locked_until == T0 + LOCKOUT
    message = refused_sign_in(desk.store, "clerk", DEMO_PASSWORD, T0 + timedelta(seconds=90))
    assert message == "the account is locked; try again in 14 minutes"
    restarted = Store(desk.store.path)
    try:
        refused_sign_in(restarted, "clerk", DEMO_PASSWORD, T0 + timedelta(minutes=14))
    finally:
        restarted.dispose()

    # Other users are not affected.
    assert sign_in(desk.store, "clerk2", DEMO_PASSWORD, now=T0).username == "clerk2"

    actor = sign_in(desk.store, "clerk", DEMO_PASSWORD, now=T0 + LOCKOUT + timedelta(seconds=1))
    assert actor.username == "clerk"
    assert user_row(desk.store, "clerk").locked_until is None


def test_lockout_is_in_the_audit_log(desk: Desk):
    for _ in range(MAX_FAILED_ATTEMPTS):
        refused_sign_in(desk.store, "clerk", WRONG, T0)
    with desk.store.read() as session:
        failures = session.exec(select(AuditEntry).where(AuditEntry.action == "auth.failed")).all()
    assert len(failures) == MAX_FAILED_ATTEMPTS
    assert all(e.target == "user:clerk" for e in failures)
    assert "locked_until" in failures[-1].detail
    assert all(DEMO_PASSWORD not in e.detail and WRONG not in e.detail for e in failures)


# --- roles -------------------------------------------------------------------------


def test_a_clerk_cannot_void_a_case(clerk: Actor):
    with pytest.raises(PermissionDenied) as exc:
        require(clerk, Permission.VOID_CASE)
    assert "clerk" in str(exc.value)
    assert "needs the role supervisor" in str(exc.value)


def test_a_supervisor_can_void_a_case(desk: Desk, clerk: Actor, supervisor: Actor):
    number = submit_intake(desk, clerk, intake_request(desk), now=MONDAY_MORNING).acceptance_no
    require(supervisor, Permission.VOID_CASE)
    with desk.store.write() as session:
        case = find_by_number(session, number)
        assert case is not None
        record_transition(session, case, CaseState.VOIDED, supervisor, reason="申请人撤回申请")
    with desk.store.read() as session:
        case = find_by_number(session, number)
    assert case is not None and case.state == "voided"


def test_a_clerk_cannot_manage_users(desk: Desk, clerk: Actor):
    with (
        pytest.raises(PermissionDenied, match="needs the role admin"),
        desk.store.write() as session,
    ):
        create_user(
            session,
            clerk,
            username="mallory",
            display_name="M",
            role=Role.ADMIN,
            password="long-enough-1",
        )
    with desk.store.read() as session:
        assert session.exec(select(User).where(User.username == "mallory")).first() is None


def test_an_admin_cannot_take_intakes(desk: Desk, admin: Actor):
    before = table_counts(desk.store)
    with pytest.raises(PermissionDenied) as exc:
        submit_intake(desk, admin, intake_request(desk), now=MONDAY_MORNING)
    assert "needs the role clerk or supervisor" in str(exc.value)
    assert table_counts(desk.store) == before


def test_an_admin_adds_a_user_who_can_then_sign_in(desk: Desk, admin: Actor):
    with desk.store.write() as session:
        create_user(
            session,
            admin,
            username="clerk3",
            display_name="孙丽",
            role=Role.CLERK,
            password="s3cret-pass",
        )
    actor = sign_in(desk.store, "clerk3", "s3cret-pass")
    assert (actor.display_name, actor.role) == ("孙丽", Role.CLERK)


@pytest.mark.parametrize(
    ("username", "password", "field"),
    [
        ("clerk", "s3cret-pass", "username"),
        ("clerk3", "short", "password"),
        ("  ", "s3cret-pass", "username"),
    ],
)
def test_a_new_user_needs_a_free_name_and_a_long_enough_password(
    desk: Desk, admin: Actor, username: str, password: str, field: str
):
    with pytest.raises(ValidationError) as exc, desk.store.write() as session:
        create_user(
            session, admin, username=username, display_name="x", role=Role.CLERK, password=password
        )
    assert [p.field for p in exc.value.problems] == [field]


def test_first_run_set_up_is_refused_once_users_exist(desk: Desk):
    with pytest.raises(PermissionDenied, match="users already exist"), desk.store.write() as s:
        create_user(
            s, None, username="boss", display_name="boss", role=Role.ADMIN, password="s3cret-pass"
        )
