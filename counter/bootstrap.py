"""Open this desk: settings, store, schema, seed data and (for the demo profile) demo users."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from counter import catalog
from counter.calendar_store import save_calendar
from counter.catalog_seed import SEED_CATALOG
from counter.desk import Desk
from counter.models import CalendarYear, User
from counter.schema import migrate
from counter.settings import DATABASE_FILE, Settings, data_dir, load_settings
from counter.store import Store
from counter.users import Actor, Role, create_user
from counter.workcal import WorkCalendar


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
    """Open (creating if needed) the desk whose data lives in `directory`."""
    directory = directory or data_dir()
    settings = settings or load_settings(directory)
    store = Store(directory / DATABASE_FILE)
    migrate(store)
    seed(store, settings)
    desk = Desk(store, settings.office_code, settings.desk_code, settings.timezone)
    return OpenedDesk(settings, desk, directory)


def seed(store: Store, settings: Settings) -> None:
    """Install the built-in catalog and calendar where the store has none newer."""
    with store.write() as session:
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
