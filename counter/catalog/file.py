"""The service catalog as a data file an office operator can read, review and correct.

The file is TOML: a `version` and one ``[[items]]`` table per service item,
each with its ``[[items.materials]]``. Items and materials have exactly the
shape of the platform's catalog updates (`CatalogItem`, `CatalogMaterial`,
defined here and served by `sync.protocol`), so one schema covers both.

Loading checks every field and a few rules of a sound catalog (codes unique,
time limits consistent, a shared document named where one is promised) and
refuses the file with one message naming the item, the field and the rule; a
catalog is never loaded in part.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field, ValidationError

from counter.catalog.spec import (
    CatalogSpec,
    ItemKind,
    MaterialForm,
    MaterialSpec,
    Promise,
    ServiceItemSpec,
)
from counter.certificates.payload import PayloadModel
from counter.errors import DomainError
from counter.i18n import QT_TRANSLATE_NOOP


class CatalogMaterial(PayloadModel):
    """One material a service item asks for (see `counter.catalog.spec.MaterialSpec`)."""

    code: str = Field(min_length=1, max_length=32)
    name: str
    name_en: str = ""
    form: MaterialForm
    copies: int = Field(default=1, ge=1)
    required: bool = True
    key: bool = True
    shareable: bool = False
    shared_doc_type: str | None = None
    note: str = ""


class CatalogItem(PayloadModel):
    """One service item (事项); time limits in working days, fee as decimal text."""

    code: str = Field(min_length=1, max_length=32)
    name: str
    name_en: str = ""
    department: str
    department_en: str = ""
    kind: ItemKind
    legal_days: int = Field(ge=0)
    promised_days: int = Field(ge=0)
    promise: Promise
    fee_yuan: str = Field(pattern=r"^\d+(\.\d{1,2})?$")
    result_name: str
    result_name_en: str = ""
    materials: list[CatalogMaterial]
    for_company: bool = False
    keywords: str = ""


class CatalogFileError(DomainError):
    """The catalog file cannot be used as it stands; nothing of it was loaded."""


def item_spec(item: CatalogItem) -> ServiceItemSpec:
    """The core's shape of an item, from the file's or the wire's."""
    data = item.model_dump(exclude={"materials"})
    return ServiceItemSpec(
        **data, materials=tuple(MaterialSpec(**m.model_dump()) for m in item.materials)
    )


def load_catalog(path: Path) -> CatalogSpec:
    """The catalog in the TOML file at `path`, checked whole."""
    try:
        text = path.read_bytes().decode("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _refused(path, "the file", str(exc)) from exc
    return parse_catalog(data, path)


def parse_catalog(data: Mapping[str, object], path: Path) -> CatalogSpec:
    """The catalog in `data` (a parsed file); `path` names it in any error."""
    _no_unknown(path, "the file", data, {"version", "items"})
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _refused(path, "version", "must be a whole number from 1")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise _refused(path, "items", "the file must list at least one [[items]] table")
    items: list[ServiceItemSpec] = []
    seen: set[str] = set()
    for n, raw in enumerate(raw_items, start=1):
        where = _item_name(raw, n)
        item = _item(path, where, raw)
        if item.code in seen:
            raise _refused(path, where, "the item code is used by an earlier item")
        seen.add(item.code)
        _check_rules(path, where, item)
        items.append(item_spec(item))
    return CatalogSpec(version=version, items=tuple(items))


def _item(path: Path, where: str, raw: object) -> CatalogItem:
    if not isinstance(raw, dict):
        raise _refused(path, where, "must be an [[items]] table")
    _no_unknown(path, where, raw, set(CatalogItem.model_fields))
    for m, material in enumerate(raw.get("materials") or [], start=1):
        if isinstance(material, dict):
            _no_unknown(path, f"{where}, material {_material_name(material, m)}", material,
                        set(CatalogMaterial.model_fields))
    try:
        return CatalogItem.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = list(error["loc"])
        field = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == "materials" and isinstance(loc[1], int):
            material = (raw.get("materials") or [])[loc[1]]
            where = f"{where}, material {_material_name(material, loc[1] + 1)}"
            field = ".".join(str(p) for p in loc[2:]) or "materials"
        raise _refused(path, f"{where}, {field}", error["msg"]) from None


def _check_rules(path: Path, where: str, item: CatalogItem) -> None:
    """What the schema cannot say: limits that agree, unique materials, sharing named."""
    if item.promised_days > item.legal_days:
        raise _refused(path, f"{where}, promised_days",
                       f"{item.promised_days} exceeds legal_days {item.legal_days}")
    if (item.promise is Promise.IMMEDIATE) != (item.promised_days == 0):
        raise _refused(path, f"{where}, promise",
                       "即办件 items, and only they, have promised_days = 0")
    codes: set[str] = set()
    for material in item.materials:
        mwhere = f"{where}, material {material.code}"
        if material.code in codes:
            raise _refused(path, mwhere, "the material code is used twice in the item")
        codes.add(material.code)
        if material.key and not material.required:
            raise _refused(path, f"{mwhere}, key", "an optional material cannot be key")
        if material.shareable != bool(material.shared_doc_type):
            raise _refused(path, f"{mwhere}, shared_doc_type",
                           "a shareable material names its shared_doc_type, and only it")


def _no_unknown(path: Path, where: str, table: Mapping[str, object], known: set[str]) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise _refused(path, f"{where}, {unknown[0]}", "is not a field of the catalog")


def _item_name(raw: object, n: int) -> str:
    code = raw.get("code") if isinstance(raw, dict) else None
    return f"item {code}" if isinstance(code, str) and code else f"item {n} (no code)"


def _material_name(raw: object, n: int) -> str:
    code = raw.get("code") if isinstance(raw, dict) else None
    return code if isinstance(code, str) and code else f"{n} (no code)"


def _refused(path: Path, where: str, problem: str) -> CatalogFileError:
    return CatalogFileError(
        QT_TRANSLATE_NOOP("core", "{path}: {where}: {problem}; correct the file and start again"),
        path=path, where=where, problem=problem,
    )
