"""The catalog as a data file: read whole or refused with the item, the field and the rule."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from counter.catalog.file import CatalogFileError, load_catalog
from counter.catalog.seed import SEED_CATALOG, SEED_FILE

SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")


def refusal(tmp_path: Path, text: str) -> str:
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogFileError) as refused:
        load_catalog(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ")
    assert message.endswith("; correct the file and start again")
    return message[len(f"{path}: "):-len("; correct the file and start again")]


def edited(old: str, new: str, count: int = 1) -> str:
    """The seed file with its first `count` occurrences of `old` made `new`."""
    assert old in SEED_TEXT
    return SEED_TEXT.replace(old, new, count)


def test_the_seed_file_is_the_seed_catalog(tmp_path: Path) -> None:
    copy = tmp_path / "catalog.toml"
    copy.write_text(SEED_TEXT, encoding="utf-8")
    assert load_catalog(copy) == SEED_CATALOG
    assert [item.code for item in SEED_CATALOG.items][:2] == ["SCJG-001", "SCJG-002"]
    # The legal basis of each limit is kept as the comment above its item.
    assert "# 《市场主体登记管理条例》第十九条" in SEED_TEXT


def test_a_misspelt_field_is_named_with_its_item(tmp_path: Path) -> None:
    assert refusal(tmp_path, edited('promised_days = 0', 'promsied_days = 0')) == (
        "item SCJG-001, promsied_days: is not a field of the catalog")
    assert refusal(tmp_path, edited('  form = "复印件"', '  from = "复印件"')) == (
        "item SCJG-001, material M03, from: is not a field of the catalog")


def test_a_wrong_value_names_the_item_the_material_and_the_field(tmp_path: Path) -> None:
    message = refusal(tmp_path, edited('  form = "复印件"', '  form = "影印件"'))
    assert message.startswith("item SCJG-001, material M03, form: Input should be '原件'")
    assert refusal(tmp_path, edited('legal_days = 3', 'legal_days = "three"')) == (
        "item SCJG-001, legal_days: Input should be a valid integer, unable to parse string "
        "as an integer")
    assert refusal(tmp_path, edited('fee_yuan = "0"', 'fee_yuan = "0.001"')).startswith(
        "item SCJG-001, fee_yuan: String should match pattern")


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    assert refusal(tmp_path, edited('result_name = "营业执照"\n', '')) == (
        "item SCJG-001, result_name: Field required")


def test_rules_the_schema_cannot_say(tmp_path: Path) -> None:
    assert refusal(tmp_path, edited('promised_days = 0', 'promised_days = 5')) == (
        "item SCJG-001, promised_days: 5 exceeds legal_days 3")
    assert refusal(tmp_path, edited('promise = "即办件"', 'promise = "承诺件"')) == (
        "item SCJG-001, promise: 即办件 items, and only they, have promised_days = 0")
    assert refusal(tmp_path, edited('code = "SCJG-002"', 'code = "SCJG-001"')) == (
        "item SCJG-001: the item code is used by an earlier item")
    assert refusal(tmp_path, edited('  code = "M02"', '  code = "M01"')) == (
        "item SCJG-001, material M01: the material code is used twice in the item")
    assert refusal(tmp_path, edited('  shared_doc_type = "resident_id_card"\n', '')) == (
        "item SCJG-001, material M02, shared_doc_type: a shareable material names its "
        "shared_doc_type, and only it")
    optional_key = edited('  required = true\n  key = true', '  required = false\n  key = true')
    assert refusal(tmp_path, optional_key) == (
        "item SCJG-001, material M01, key: an optional material cannot be key")


def test_a_file_that_is_not_toml_or_has_no_items(tmp_path: Path) -> None:
    assert refusal(tmp_path, 'version = 1\n[[items]\n').startswith("the file: ")
    assert refusal(tmp_path, "version = 1\n") == (
        "items: the file must list at least one [[items]] table")
    assert refusal(tmp_path, edited("version = 1", "version = 0")) == (
        "version: must be a whole number from 1")
    path = tmp_path / "binary.toml"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(CatalogFileError, match="the file: 'utf-8' codec can't decode"):
        load_catalog(path)


def test_the_platform_serves_items_in_the_files_shape() -> None:
    from counter.catalog import file as catalog_file
    from sync.protocol import CatalogItem, CatalogMaterial, item_to_wire

    assert (CatalogItem, CatalogMaterial) == (catalog_file.CatalogItem,
                                              catalog_file.CatalogMaterial)
    tables = tomllib.loads(SEED_TEXT)["items"]
    for table, spec in zip(tables, SEED_CATALOG.items, strict=True):
        wire = item_to_wire(spec).model_dump(exclude_defaults=True, mode="json")
        assert wire == CatalogItem.model_validate(table).model_dump(exclude_defaults=True,
                                                                    mode="json")
