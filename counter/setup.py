"""Configure a desk for a real office: its codes and name, and the first administrator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from counter.bootstrap import open_desk
from counter.intake.numbering import check_office_and_desk
from counter.settings import data_dir, load_settings, save_settings
from counter.users import Role, create_user, validate_password


def configure_office(
    *,
    office_code: str,
    office_name: str,
    desk_code: str,
    admin_username: str,
    admin_password: str,
    exchange_url: str | None = None,
    exchange_token: str | None = None,
    directory: Path | None = None,
) -> Path:
    """Write the office settings and create the first administrator.

    Refused once users exist: after that, an administrator adds users. The
    platform's address goes to config.toml, its token to the secret store.
    """
    directory = directory or data_dir()
    check_office_and_desk(office_code, desk_code)
    validate_password(admin_password)
    settings = replace(
        load_settings(directory),
        profile="office",
        office_code=office_code,
        office_name=office_name,
        desk_code=desk_code,
    )
    if exchange_url is not None:
        settings = replace(settings, exchange_url=exchange_url)
    if exchange_token is not None:
        settings = replace(settings, exchange_token=exchange_token)
    opened = open_desk(directory, settings)
    with opened.desk.store.write() as session:
        create_user(
            session,
            None,
            username=admin_username,
            display_name=admin_username,
            role=Role.ADMIN,
            password=admin_password,
        )
    return save_settings(settings, directory)
