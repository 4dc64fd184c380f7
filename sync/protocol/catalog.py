"""Catalog and working-day calendar on the wire, with converters to the core's own shapes.

An item of the catalog has the shape of the catalog file (`counter.catalog.file`):
`CatalogItem` and `CatalogMaterial` are defined there, once for both.

Both are versioned by a single integer that only grows. A client sends the
version it holds as ``since``; the platform answers with what changed after it
(``full`` is false) or, when it cannot tell, with everything (``full`` true).
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from counter.catalog.file import CatalogItem, CatalogMaterial, item_spec
from counter.catalog.spec import CatalogSpec, ServiceItemSpec
from counter.catalog.workcal import Entry
from sync.protocol.base import Versioned, WireModel


class CatalogResponse(Versioned):
    """The catalog at `version`: every item (`full`) or the items changed after `since`."""

    version: int = Field(ge=0)
    since: int | None = Field(default=None, description="The version the client said it holds.")
    full: bool = Field(description="True: `items` is the whole catalog; drop what is not in it.")
    items: list[CatalogItem]
    removed: list[str] = Field(
        default_factory=list, description="Codes of items withdrawn after `since` (delta only)."
    )


class CalendarEntry(WireModel):
    """A day that breaks the Monday-to-Friday rule: a holiday or a make-up working day."""

    date: date
    working: bool
    name: str


class CalendarResponse(Versioned):
    """Holiday data for `years`; each listed year replaces the client's data for that year.

    A year with no entries is still listed: "no special days" differs from
    "not known" (see `counter.catalog.workcal.WorkCalendar.refreshed`).
    """

    version: int = Field(ge=0)
    since: int | None = None
    full: bool
    years: list[int]
    entries: list[CalendarEntry]


def item_to_wire(spec: ServiceItemSpec) -> CatalogItem:
    return CatalogItem(
        code=spec.code,
        name=spec.name,
        name_en=spec.name_en,
        department=spec.department,
        department_en=spec.department_en,
        kind=spec.kind,
        legal_days=spec.legal_days,
        promised_days=spec.promised_days,
        promise=spec.promise,
        fee_yuan=spec.fee_yuan,
        result_name=spec.result_name,
        result_name_en=spec.result_name_en,
        materials=[CatalogMaterial(**m.__dict__) for m in spec.materials],
        for_company=spec.for_company,
        keywords=spec.keywords,
    )


def item_from_wire(item: CatalogItem) -> ServiceItemSpec:
    return item_spec(item)


def catalog_from_wire(response: CatalogResponse) -> CatalogSpec:
    """The core's `CatalogSpec` for a full catalog response."""
    if not response.full:
        raise ValueError("a delta response is not a whole catalog")
    return CatalogSpec(version=response.version, items=tuple(map(item_from_wire, response.items)))


def calendar_entries(response: CalendarResponse) -> list[Entry]:
    """Entries in the shape `WorkCalendar.refreshed(entries, response.years)` takes."""
    return [(e.date.isoformat(), e.working, e.name) for e in response.entries]


def entries_to_wire(entries: list[Entry]) -> list[CalendarEntry]:
    return [CalendarEntry(date=date.fromisoformat(d), working=w, name=n) for d, w, n in entries]
