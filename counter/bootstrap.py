"""Open this desk: settings, store, schema, seed data and (for the demo profile) demo users."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from counter.catalog import items as catalog
from counter.catalog.calendar_store import save_calendar
from counter.catalog.seed import SEED_CATALOG
from counter.catalog.workcal import WorkCalendar
from counter.clock import utc_now
from counter.desk import Desk
from counter.errors import StoreUnavailable
from counter.intake.numbering import check_office_and_desk
from counter.settings import DATABASE_FILE, Settings, data_dir, load_settings
from counter.store import driver
from counter.store.database import Store
from counter.store.folder import STORE_ID_KEY, Marker, check_folder, damaged, write_marker
from counter.store.models import CalendarYear, Meta, User
from counter.store.schema import migrate
from counter.users import Actor, Role, create_user


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    password: str


# Shown on the login screen of the demo profile; never created for a real office.
DEMO_USERS = (
    DemoUser("clerk", "王芳", Role.CLERK, "demo1234"),
    DemoUser("clerk2", "赵磊", Role.CLERK, "demo1234"),
    DemoUser("supervisor", "李军", Role.SUPERVISOR, "demo1234"),
    DemoUser("admin", "系统管理员", Role.ADMIN, "demo1234"),
)


@dataclass(frozen=True)
class OpenedDesk:
    settings: Settings
    desk: Desk
    directory: Path


def open_desk(directory: Path | None = None, settings: Settings | None = None) -> OpenedDesk:
    """Open the desk whose data lives in `directory`, creating it in a folder that has none.

    A folder whose store is missing, empty, damaged or another one than it held
    is refused (`DeskFolderError`, see counter.store.folder) before anything is
    written; a store is only ever created where none existed.
    """
    directory = directory or data_dir()
    settings = settings or load_settings(directory)
    check_office_and_desk(settings.office_code, settings.desk_code)
    path = directory / DATABASE_FILE
    marker = check_folder(directory, path)
    store = Store(path)
    try:
        migrate(store)
        store_id = seed(store, settings)
    except (StoreUnavailable, DBAPIError, driver.Error) as exc:
        store.dispose()
        raise damaged(path, exc) from exc
    if marker is None:
        write_marker(directory, Marker(store_id, settings.office_code, settings.desk_code,
                                       utc_now().isoformat()))
    desk = Desk(store, settings.office_code, settings.desk_code, settings.timezone)
    return OpenedDesk(settings, desk, directory)


def seed(store: Store, settings: Settings) -> str:
    """Install the built-in catalog and calendar where the store has none newer.

    Gives a store its id on its first opening; returns the id.
    """
    with store.write() as session:
        identity = session.get(Meta, STORE_ID_KEY)
        if identity is None:
            identity = Meta(key=STORE_ID_KEY, value=uuid.uuid4().hex)
            session.add(identity)
        store_id = identity.value
        if catalog.catalog_version(session) < SEED_CATALOG.version:
            catalog.install_catalog(session, SEED_CATALOG)
        if session.exec(select(CalendarYear).limit(1)).first() is None:
            save_calendar(session, WorkCalendar.builtin(), source="chinese_calendar")
        if settings.is_demo and session.exec(select(User).limit(1)).first() is None:
            first, *rest = DEMO_USERS
            admin = create_user(
                session,
                None,
                username=first.username,
                display_name=first.display_name,
                role=first.role,
                password=first.password,
            )
            # The first user bootstraps the rest; demo set-up acts as an administrator.
            setup = Actor(
                id=admin.id, username="setup", display_name="系统初始化", role=Role.ADMIN
            )
            for user in rest:
                create_user(
                    session,
                    setup,
                    username=user.username,
                    display_name=user.display_name,
                    role=user.role,
                    password=user.password,
                )
    return store_id
