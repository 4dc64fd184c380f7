"""The service catalog in the store: install a version, find items, read one whole.

Search matches the item code, the Chinese and English names, keywords, and
the name's pinyin and pinyin initials, so a clerk finds 营业执照 by typing
"yyzz" as fast as by typing Chinese.

An item a new version no longer lists was withdrawn (on the platform, for a
catalog that came by sync): its row stays, marked not `active` and without
materials, so intake can say so by name rather than "not in the catalog".
Search, `get_item` and the catalog a platform update is merged into see
active items only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from counter.catalog.spec import CatalogSpec, ServiceItemSpec
from counter.errors import ValidationError
from counter.i18n import QT_TRANSLATE_NOOP
from counter.store import rawsql
from counter.store.database import Store
from counter.store.models import MaterialRequirement, Meta, ServiceItem

CATALOG_VERSION_KEY = "catalog_version"


def search_text(spec: ServiceItemSpec) -> str:
    """The text an item is found by, lower case."""
    # Imported here, when a catalog is installed: pypinyin's dictionaries are
    # some 190,000 Python objects that every garbage collection would walk.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(spec.name)
    initials = "".join(lazy_pinyin(spec.name, style=Style.FIRST_LETTER))
    parts = [
        spec.code,
        spec.name,
        spec.name_en,
        spec.department,
        spec.result_name,
        spec.keywords,
        "".join(syllables),
        initials,
    ]
    return " ".join(p for p in parts if p).lower()


def catalog_version(session: rawsql.Tx) -> int:
    # Plain SQL: this runs on every intake, and must see a catalog another
    # process installed, past the ORM's identity map.
    row = (
        rawsql.cursor(session)
        .execute("SELECT value FROM meta WHERE key = ?", (CATALOG_VERSION_KEY,))
        .fetchone()
    )
    return int(row[0]) if row else 0


def install_catalog(session: Session, spec: CatalogSpec) -> None:
    """Replace the catalog with `spec` inside the caller's write transaction.

    Cases keep their own snapshot of item names and deadlines, so replacing
    items never changes a recorded case. Items held before and not in `spec`
    are kept as withdrawn (not active, no materials).
    """
    listed = {item.code for item in spec.items}
    withdrawn = []
    for row in session.exec(select(ServiceItem)).all():
        if row.code not in listed:
            withdrawn.append(ServiceItem.model_validate(row.model_dump(), update={"active": False}))
        session.expunge(row)
    session.exec(delete(MaterialRequirement))
    session.exec(delete(ServiceItem))
    session.add_all(withdrawn)
    for item in spec.items:
        session.add(
            ServiceItem(
                code=item.code,
                name=item.name,
                name_en=item.name_en,
                department=item.department,
                department_en=item.department_en,
                kind=item.kind.value,
                legal_days=item.legal_days,
                promised_days=item.promised_days,
                promise=item.promise.value,
                fee_yuan=item.fee_yuan,
                result_name=item.result_name,
                result_name_en=item.result_name_en,
                for_company=item.for_company,
                keywords=item.keywords,
                search_text=search_text(item),
            )
        )
    # Items first: without ORM relationships the unit of work does not order
    # parent rows before the materials that reference them.
    session.flush()
    for item in spec.items:
        for position, m in enumerate(item.materials):
            session.add(
                MaterialRequirement(
                    item_code=item.code,
                    position=position,
                    code=m.code,
                    name=m.name,
                    name_en=m.name_en,
                    form=m.form.value,
                    copies=m.copies,
                    required=m.required,
                    key=m.key,
                    shareable=m.shareable,
                    shared_doc_type=m.shared_doc_type,
                    note=m.note,
                )
            )
    session.merge(Meta(key=CATALOG_VERSION_KEY, value=str(spec.version)))
    session.flush()


@dataclass(frozen=True)
class ItemDetail:
    """A service item with its materials in checklist order."""

    item: ServiceItem
    materials: tuple[MaterialRequirement, ...]


def get_item(session: Session, code: str) -> ItemDetail | None:
    """The item `code` with its materials; None when it is not (or no longer) offered."""
    item = session.get(ServiceItem, code)
    if item is None or not item.active:
        return None
    materials = session.exec(
        select(MaterialRequirement)
        .where(MaterialRequirement.item_code == code)
        .order_by(col(MaterialRequirement.position))
    ).all()
    return ItemDetail(item, tuple(materials))


def ensure_not_withdrawn(detail: ItemDetail | None) -> None:
    """Refuse an intake for an item the catalog held and a newer version withdrew.

    `ValidationError` on the field ``service``, naming the item's code.
    """
    if detail is not None and not detail.item.active:
        raise ValidationError.single(
            "service",
            QT_TRANSLATE_NOOP("fields", "Service item"),
            QT_TRANSLATE_NOOP(
                "rules",
                "{code} was withdrawn from the catalog on the exchange platform; "
                "pick another item",
            ),
            code=detail.item.code,
        )


class CatalogCache:
    """Every service item by code, reloaded whenever the store's catalog version changes.

    Intake looks its item up on every case; reading one version marker instead
    of the item and its materials keeps that lookup cheap. Shared between
    threads; the items it hands out must be treated as read-only.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._version: int | None = None
        self._items: dict[str, ItemDetail] = {}
        self._lock = threading.Lock()

    def get(self, tx: rawsql.Tx, code: str) -> ItemDetail | None:
        """The item as the catalog stands in transaction `tx`."""
        version = catalog_version(tx)
        with self._lock:
            if version != self._version:
                # A reader sees the same committed catalog: `tx` holds the write lock.
                with self._store.read() as session:
                    self._items = _load_all(session)
                self._version = version
            return self._items.get(code)


def _load_all(session: Session) -> dict[str, ItemDetail]:
    materials: dict[str, list[MaterialRequirement]] = {}
    for m in session.exec(select(MaterialRequirement).order_by(col(MaterialRequirement.position))):
        materials.setdefault(m.item_code, []).append(m)
    items = list(session.exec(select(ServiceItem)))
    return {item.code: ItemDetail(item, tuple(materials.get(item.code, ()))) for item in items}


def search_items(session: Session, query: str, limit: int = 50) -> list[ServiceItem]:
    """Active items whose search text contains every word of `query`, by code."""
    stmt = select(ServiceItem).where(col(ServiceItem.active).is_(True))
    for word in query.lower().split():
        stmt = stmt.where(col(ServiceItem.search_text).contains(word, autoescape=True))
    return list(session.exec(stmt.order_by(col(ServiceItem.code)).limit(limit)).all())
