"""The seeded catalog is complete and internally consistent."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal, InvalidOperation

import pytest

from counter.catalog.seed import SEED_CATALOG
from counter.catalog.spec import (
    CatalogSpec,
    ItemKind,
    MaterialForm,
    MaterialSpec,
    Promise,
    ServiceItemSpec,
)

SHARED_DOC_TYPES = {
    "resident_id_card",
    "household_register",
    "business_license",
    "marriage_certificate",
    "real_estate_certificate",
}


def check_catalog(spec: CatalogSpec) -> list[str]:
    """Every rule a catalog must keep, as readable problems (empty when sound)."""
    problems: list[str] = []
    if spec.version < 1:
        problems.append(f"catalog version {spec.version} is below 1")
    for code, count in Counter(item.code for item in spec.items).items():
        if count > 1:
            problems.append(f"item code {code} is used {count} times")
    for item in spec.items:
        where = f"{item.code} {item.name}"
        for field in (
            "code",
            "name",
            "name_en",
            "department",
            "department_en",
            "result_name",
            "result_name_en",
        ):
            if not getattr(item, field).strip():
                problems.append(f"{where}: {field} is empty")
        if item.legal_days < 0 or item.promised_days < 0:
            problems.append(f"{where}: negative time limit")
        if item.promised_days > item.legal_days:
            problems.append(
                f"{where}: promised {item.promised_days} days exceed legal {item.legal_days}"
            )
        if (item.promise is Promise.IMMEDIATE) != (item.promised_days == 0):
            problems.append(f"{where}: immediate items, and only they, promise 0 days")
        try:
            fee = Decimal(item.fee_yuan)
        except InvalidOperation:
            problems.append(f"{where}: fee {item.fee_yuan!r} is not a decimal")
        else:
            if not fee.is_finite() or fee < 0:
                problems.append(f"{where}: fee {item.fee_yuan!r} is not a non-negative amount")
            elif fee != fee.quantize(Decimal("0.01")):
                problems.append(f"{where}: fee {item.fee_yuan!r} has fractions of a cent")
        if not 2 <= len(item.materials) <= 7:
            problems.append(f"{where}: {len(item.materials)} materials, expected 2 to 7")
        for code, count in Counter(m.code for m in item.materials).items():
            if count > 1:
                problems.append(f"{where}: material code {code} is used {count} times")
        if not any(m.key and m.required for m in item.materials):
            problems.append(f"{where}: no required key material")
        for m in item.materials:
            mwhere = f"{where} / {m.code} {m.name}"
            if not (m.code.strip() and m.name.strip() and m.name_en.strip()):
                problems.append(f"{mwhere}: code or names empty")
            if m.copies < 1:
                problems.append(f"{mwhere}: copies must be at least 1")
            if m.key and not m.required:
                problems.append(f"{mwhere}: an optional material cannot be key")
            if m.shareable and not m.shared_doc_type:
                problems.append(f"{mwhere}: shareable without a shared_doc_type")
            if m.shared_doc_type and not m.shareable:
                problems.append(f"{mwhere}: shared_doc_type on a material that is not shareable")
            if m.shared_doc_type and m.shared_doc_type not in SHARED_DOC_TYPES:
                problems.append(f"{mwhere}: unknown shared_doc_type {m.shared_doc_type!r}")
    return problems


ITEMS = SEED_CATALOG.items
BY_CODE = {item.code: item for item in ITEMS}


def test_seed_catalog_has_no_problems() -> None:
    assert check_catalog(SEED_CATALOG) == []


def test_version_and_size() -> None:
    assert SEED_CATALOG.version == 1
    assert len(ITEMS) >= 18
    assert len({item.department for item in ITEMS}) >= 7
    # English department names pair one-to-one with the Chinese ones.
    pairs = {(item.department, item.department_en) for item in ITEMS}
    assert len(pairs) == len({item.department for item in ITEMS})


def test_item_codes_are_unique_and_follow_the_scheme() -> None:
    codes = [item.code for item in ITEMS]
    assert len(codes) == len(set(codes))
    for code in codes:
        prefix, _, number = code.partition("-")
        assert prefix.isascii() and prefix.isupper(), code
        assert len(number) == 3 and number.isdigit(), code


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.code)
def test_item_rules(item: ServiceItemSpec) -> None:
    material_codes = [m.code for m in item.materials]
    assert len(material_codes) == len(set(material_codes))
    assert 2 <= len(item.materials) <= 7
    assert 0 <= item.promised_days <= item.legal_days
    if item.promise is Promise.IMMEDIATE:
        assert item.promised_days == 0
    else:
        assert item.promised_days > 0
    assert any(m.key and m.required for m in item.materials)
    for m in item.materials:
        assert isinstance(m, MaterialSpec)
        assert isinstance(m.form, MaterialForm)
        if m.shareable:
            assert m.shared_doc_type in SHARED_DOC_TYPES
    assert isinstance(item.kind, ItemKind)
    assert Decimal(item.fee_yuan) >= 0


def test_kinds_and_promises_are_varied() -> None:
    kinds = {item.kind for item in ITEMS}
    assert {
        ItemKind.LICENSING,
        ItemKind.PUBLIC_SERVICE,
        ItemKind.CONFIRMATION,
        ItemKind.PAYMENT,
    } <= kinds
    assert any(item.promise is Promise.IMMEDIATE for item in ITEMS)
    assert any(item.promised_days < item.legal_days for item in ITEMS)


def test_every_shared_document_type_occurs() -> None:
    used = {m.shared_doc_type for item in ITEMS for m in item.materials if m.shareable}
    assert used == SHARED_DOC_TYPES


def test_some_items_allow_acceptance_with_missing_materials() -> None:
    # 容缺受理 needs required materials that are not key.
    assert sum(any(m.required and not m.key for m in item.materials) for item in ITEMS) >= 10


def test_known_items() -> None:
    names = {item.name for item in ITEMS}
    for expected in (
        "个体工商户设立登记",
        "有限责任公司设立登记",
        "社会保障卡申领",
        "失业保险金申领",
        "灵活就业人员参保登记",
        "最低生活保障申请",
        "医师执业注册",
        "城乡居民基本医疗保险参保登记",
    ):
        assert expected in names
    company = [item for item in ITEMS if item.name == "有限责任公司设立登记"]
    assert company[0].for_company
    assert company[0].result_name == "营业执照"
    id_card = next(item for item in ITEMS if item.name.startswith("居民身份证换领"))
    assert Decimal(id_card.fee_yuan) == Decimal(20)
    assert id_card.result_name == "居民身份证"
    assert Decimal(BY_CODE["BDC-001"].fee_yuan) == Decimal(80)
    assert BY_CODE["BDC-001"].result_name == "不动产权证书"


def test_most_items_are_free() -> None:
    free = [item for item in ITEMS if Decimal(item.fee_yuan) == 0]
    assert len(free) > len(ITEMS) // 2


def test_check_catalog_reports_broken_data() -> None:
    good = ITEMS[0]
    broken = ServiceItemSpec(
        code=good.code,  # duplicate code
        name="测试事项",
        name_en="Test item",
        department="测试部门",
        department_en="Test department",
        kind=ItemKind.OTHER,
        legal_days=1,
        promised_days=3,
        promise=Promise.PROMISED,
        fee_yuan="-1",
        result_name="结果",
        result_name_en="Result",
        materials=(
            MaterialSpec("M01", "材料", "Material", MaterialForm.COPY, key=False),
            MaterialSpec(
                "M01", "材料二", "Material two", MaterialForm.COPY, key=False, shareable=True
            ),
        ),
    )
    problems = check_catalog(CatalogSpec(version=1, items=(good, broken)))
    text = "\n".join(problems)
    assert f"item code {good.code} is used 2 times" in text
    assert "exceed legal" in text
    assert "not a non-negative amount" in text
    assert "material code M01 is used 2 times" in text
    assert "no required key material" in text
    assert "shareable without a shared_doc_type" in text
