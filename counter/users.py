"""Users, roles, passwords and who may do what.

Every use case takes the acting user (`Actor`) and calls `require` before it
changes anything, so the GUI, the command line and the sync engine get the
same answer. Passwords are hashed with scrypt (memory-hard, in the standard
library); five wrong passwords lock an account for fifteen minutes.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, select

from counter.audit import log as audit
from counter.clock import utc_now
from counter.errors import AuthenticationFailed, PermissionDenied, ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store.database import Store
from counter.store.models import User

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
_WRONG_PASSWORD = QT_TRANSLATE_NOOP("core", "wrong user name or password")

# scrypt cost: 16 MiB of memory per hash, about 50 ms on one core.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_NAMES = {
    Role.CLERK: QT_TRANSLATE_NOOP("domain", "Clerk"),
    Role.SUPERVISOR: QT_TRANSLATE_NOOP("domain", "Supervisor"),
    Role.ADMIN: QT_TRANSLATE_NOOP("domain", "Administrator"),
}


class Permission(StrEnum):
    INTAKE = "intake"
    DELIVER = "deliver"
    VIEW_QUEUE = "view_queue"
    VOID_CASE = "void_case"
    CORRECT_CASE = "correct_case"
    ACCEPT_MAKEUP = "accept_makeup"
    EXTEND_DEADLINE = "extend_deadline"
    CLOSE_DAY = "close_day"
    OVERRIDE_DAY_CLOSE = "override_day_close"
    RESOLVE_DEAD_LETTER = "resolve_dead_letter"
    RESUBMIT_CASE = "resubmit_case"  # correct a refused intake and send it again
    MANAGE_USERS = "manage_users"
    MANAGE_CATALOG = "manage_catalog"
    FOLLOW_UP_EVALUATION = "follow_up_evaluation"
    VIEW_AUDIT = "view_audit"
    VIEW_STATISTICS = "view_statistics"
    REVIEW_OFFICE = "review_office"  # the whole office's day, every desk's cases


_CLERK = {Permission.INTAKE, Permission.DELIVER, Permission.VIEW_QUEUE}
_SUPERVISOR = _CLERK | {
    Permission.VOID_CASE,
    Permission.CORRECT_CASE,
    Permission.ACCEPT_MAKEUP,
    Permission.EXTEND_DEADLINE,
    Permission.CLOSE_DAY,
    Permission.OVERRIDE_DAY_CLOSE,
    Permission.RESOLVE_DEAD_LETTER,
    Permission.RESUBMIT_CASE,
    Permission.VIEW_STATISTICS,
    Permission.FOLLOW_UP_EVALUATION,
    Permission.VIEW_AUDIT,
    Permission.REVIEW_OFFICE,
}
# The administrator runs the desk (users, catalog) but does not take cases.
_ADMIN = {
    Permission.VIEW_QUEUE,
    Permission.MANAGE_USERS,
    Permission.MANAGE_CATALOG,
    Permission.VIEW_STATISTICS,
    Permission.VIEW_AUDIT,
}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CLERK: frozenset(_CLERK),
    Role.SUPERVISOR: frozenset(_SUPERVISOR),
    Role.ADMIN: frozenset(_ADMIN),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a use case runs."""

    id: int | None
    username: str
    display_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]


# The sync engine applies the platform's decisions under this name.
PLATFORM = Actor(id=None, username="platform", display_name="Exchange platform", role=Role.ADMIN)


def require(actor: Actor, permission: Permission) -> None:
    """Refuse, with a message naming the role needed, unless `actor` may do this."""
    if actor.can(permission):
        return
    allowed = [r.value for r, perms in PERMISSIONS.items() if permission in perms]
    raise PermissionDenied(
        QT_TRANSLATE_NOOP(
            "core", "{user} ({role}) may not {action}; this needs the role {allowed}"
        ),
        user=actor.display_name,
        role=actor.role.value,
        action=permission.value,
        allowed=" or ".join(allowed),
    )


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(
        password.encode("utf-8"),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=32,
        maxmem=256 * 1024 * 1024,
    )
    return hmac.compare_digest(actual, base64.b64decode(digest))


@functools.cache
def _timing_decoy() -> str:
    """A hash of a random password, checked against when the user name is unknown."""
    return hash_password(base64.b64encode(os.urandom(12)).decode())


def actor_of(user: User) -> Actor:
    return Actor(
        id=user.id, username=user.username, display_name=user.display_name, role=Role(user.role)
    )


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single(
            "password",
            QT_TRANSLATE_NOOP("fields", "Password"),
            QT_TRANSLATE_NOOP("rules", "must be at least {min} characters"),
            min=MIN_PASSWORD_LENGTH,
        )


def create_user(
    session: Session,
    actor: Actor | None,
    *,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    now: datetime | None = None,
) -> User:
    """Add a user. `actor` None is only for first-run set-up, when no user exists yet."""
    if actor is None:
        if session.exec(select(User).limit(1)).first() is not None:
            raise PermissionDenied(
                QT_TRANSLATE_NOOP("core", "users already exist: an administrator must add new ones")
            )
    else:
        require(actor, Permission.MANAGE_USERS)
    username = username.strip()
    if not username:
        raise ValidationError.single(
            "username",
            QT_TRANSLATE_NOOP("fields", "User name"),
            QT_TRANSLATE_NOOP("rules", "is required"),
        )
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise ValidationError.single(
            "username",
            QT_TRANSLATE_NOOP("fields", "User name"),
            QT_TRANSLATE_NOOP("rules", "{value} is already taken"),
            value=username,
        )
    validate_password(password)
    user = User(
        username=username,
        display_name=display_name.strip() or username,
        role=role.value,
        password_hash=hash_password(password),
        created_at=now or utc_now(),
    )
    session.add(user)
    session.flush()
    who = actor or actor_of(user)
    audit.append(
        session,
        actor_id=who.id,
        actor_name=who.display_name,
        action="user.create",
        target=f"user:{user.username}",
        detail={"role": role.value},
    )
    return user


def sign_in(store: Store, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """Check a sign-in; count failures and lock out after too many.

    The failure count is committed before the refusal is raised. The same
    message is given for an unknown user and a wrong password, so the screen
    does not tell which user names exist.
    """
    with store.write() as session:
        actor, failure = _check_sign_in(session, username, password, now or utc_now())
    if failure is not None:
        raise failure
    assert actor is not None
    return actor


def _check_sign_in(
    session: Session, username: str, password: str, now: datetime
) -> tuple[Actor | None, AuthenticationFailed | None]:
    user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or not user.active:
        # Hash anyway, so the time taken does not tell which user names exist.
        check_password(password, _timing_decoy())
        return None, AuthenticationFailed(_WRONG_PASSWORD)
    if user.locked_until is not None and user.locked_until > now:
        minutes = math.ceil((user.locked_until - now).total_seconds() / 60)
        return None, AuthenticationFailed(
            QT_TRANSLATE_NOOP("core", "the account is locked; try again in {minutes} minutes"),
            minutes=minutes,
        )
    target = f"user:{user.username}"
    if not check_password(password, user.password_hash):
        user.failed_attempts += 1
        detail: dict[str, object] = {"failed_attempts": user.failed_attempts}
        failure = AuthenticationFailed(_WRONG_PASSWORD)
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            detail["locked_until"] = user.locked_until.isoformat()
            failure = AuthenticationFailed(
                QT_TRANSLATE_NOOP(
                    "core", "too many wrong passwords; the account is locked for {minutes} minutes"
                ),
                minutes=int(LOCKOUT.total_seconds() // 60),
            )
        session.add(user)
        audit.append(
            session,
            actor_id=user.id,
            actor_name=user.display_name,
            action="auth.failed",
            target=target,
            detail=detail,
            at=now,
        )
        return None, failure
    user.failed_attempts = 0
    user.locked_until = None
    session.add(user)
    audit.append(
        session,
        actor_id=user.id,
        actor_name=user.display_name,
        action="auth.login",
        target=target,
        at=now,
    )
    return actor_of(user), None
