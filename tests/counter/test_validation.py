"""Tests for counter.validation: ID numbers, credit codes, contacts and masking."""

from __future__ import annotations

import ast
import string
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import counter.validation as validation_pkg
from counter.errors import FieldProblem, ValidationError
from counter.validation import (
    IdType,
    ResidentId,
    ValidatedId,
    check_as_typed,
    expected_check_character,
    expected_credit_code_check,
    mask_id_number,
    mask_phone,
    parse_resident_id,
    resident_id_facts,
    validate_company_name,
    validate_credit_code,
    validate_id_number,
    validate_person_name,
    validate_phone,
)

TODAY = date(2025, 6, 1)
PACKAGE_DIR = Path(validation_pkg.__file__).parent


# --- helpers ------------------------------------------------------------------


def _marked_texts() -> set[tuple[str, str]]:
    """(context, text) of every QT_TRANSLATE_NOOP call in the package source."""
    marked: set[tuple[str, str]] = set()
    for path in PACKAGE_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "QT_TRANSLATE_NOOP"
            ):
                context, text = (ast.literal_eval(arg) for arg in node.args)
                marked.add((context, text))
    return marked


MARKED = _marked_texts()


def _check_problem(p: FieldProblem) -> None:
    """Label and rule are marked for translation and the rule's fields are all filled."""
    assert ("fields", p.label) in MARKED, p.label
    assert ("rules", p.rule) in MARKED, p.rule
    names = {name for _, name, _, _ in string.Formatter().parse(p.rule) if name is not None}
    assert all(names), f"positional placeholder in {p.rule!r}"
    assert names == {k for k, _ in p.params}


def full_width(text: str) -> str:
    """The full-width form of ASCII text, as a Chinese input method types it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def problems_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[FieldProblem]:
    for p in excinfo.value.problems:
        _check_problem(p)
    return excinfo.value.problems


def messages_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.message for p in problems_of(excinfo)]


def org_code_check(body8: str) -> str:
    """GB 11714 organisation code check character, written independently of the package.

    Characters 9-17 of a credit code are an organisation code whose own last
    character is this check, so a real credit code passes both algorithms: a
    second, unrelated confirmation that a test vector is genuine.
    """
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body8]
    remainder = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


# --- resident ID: valid numbers -----------------------------------------------


def test_standard_example_is_valid_female_born_1949_12_31() -> None:
    # Hand check, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 over 11010519491231002:
    # 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> "10X98765432"[2] = X.
    parsed = parse_resident_id("11010519491231002X", today=TODAY)
    assert parsed == ResidentId("11010519491231002X", "110105", date(1949, 12, 31), "F")
    assert not parsed.is_residence_permit


def test_lowercase_x_and_spaces_are_normalised() -> None:
    parsed = parse_resident_id(" 110105 19491231 002x ", today=TODAY)
    assert parsed.number == "11010519491231002X"


def test_full_width_digits_are_folded() -> None:
    parsed = parse_resident_id(full_width("11010519491231002x"), today=TODAY)
    assert parsed.number == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        # 1,1,0,1,0,1,1,9,9,0,0,3,0,7,4,4,7 weighted: 7+9+0+5+0+4+2+9+54+0+0+27+0+35+32+16+14
        # = 214; 214 mod 11 = 5 -> "7". Sequence digit 7 is odd: male.
        ("110101199003074477", date(1990, 3, 7), "M"),
        # Leap day. 3,1,0,1,1,5,2,0,0,0,0,2,2,9,0,0,2 weighted: 21+9+0+5+8+20+4+0+0+0+0+18
        # +20+45+0+0+4 = 154; 154 mod 11 = 0 -> "1". Sequence digit 2: female.
        ("310115200002290021", date(2000, 2, 29), "F"),
        ("440304198511231231", date(1985, 11, 23), "M"),
    ],
)
def test_computed_vectors(number: str, born: date, sex: str) -> None:
    parsed = parse_resident_id(number, today=TODAY)
    assert (parsed.birth_date, parsed.sex) == (born, sex)
    assert expected_check_character(number[:17]) == number[17]


def test_residence_permit_number_parses_as_permit() -> None:
    # 8,1,0,0,0,0,1,9,9,4,0,8,2,3,0,0,2 weighted: 56+9+0+0+0+0+2+9+54+12+0+72+20+15+0+0+4
    # = 253; 253 mod 11 = 0 -> "1".
    parsed = parse_resident_id("810000199408230021", today=TODAY)
    assert parsed.is_residence_permit
    assert (parsed.region_code, parsed.birth_date, parsed.sex) == (
        "810000",
        date(1994, 8, 23),
        "F",
    )


def test_born_today_is_accepted() -> None:
    number = "51010720250601012"
    number += expected_check_character(number)
    assert parse_resident_id(number, today=TODAY).birth_date == TODAY


def test_today_defaults_to_the_system_date() -> None:
    assert parse_resident_id("11010519491231002X").birth_date == date(1949, 12, 31)


# --- resident ID: problems ----------------------------------------------------


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id("110105194912310021", today=TODAY)
    (p,) = problems_of(excinfo)
    assert (p.field, p.label) == ("id_number", "ID number")
    assert p.rule == "check character should be {expected}"
    assert p.message == "check character should be X"
    assert str(excinfo.value) == "ID number: check character should be X"


def test_non_digit_or_x_last_character_is_a_check_mismatch() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id("11010519491231002Y", today=TODAY)
    assert messages_of(excinfo) == ["check character should be X"]


def test_standard_1880_example_is_refused_only_for_its_date() -> None:
    # GB 11643's second example; its check character is right (sum 195, 195 mod 11 = 8 -> "4")
    # but births before 1900 are refused.
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id("440524188001010014", today=TODAY)
    assert messages_of(excinfo) == ["birth date 1880-01-01 is before 1900-01-01"]


def test_impossible_date_and_wrong_check_are_both_reported() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id("110105194902310021", today=TODAY)
    expected = expected_check_character("11010519490231002")
    assert messages_of(excinfo) == [
        "birth date 1949-02-31 is not a real calendar date",
        f"check character should be {expected}",
    ]


def test_impossible_date_with_right_check_character() -> None:
    body = "11010519490231002"
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id(body + expected_check_character(body), today=TODAY)
    assert messages_of(excinfo) == ["birth date 1949-02-31 is not a real calendar date"]


def test_future_birth_date() -> None:
    body = "11010520250602002"
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id(body + expected_check_character(body), today=TODAY)
    assert messages_of(excinfo) == ["birth date 2025-06-02 is in the future"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is required"),
        ("   ", "is required"),
        ("11010519491231002", "must be 18 characters long, not 17"),
        ("11010519491231002X1", "must be 18 characters long, not 19"),
        ("110105491231002", "is an old 15-digit number; the 18-character number is needed"),
        ("1101051949I231002X", "character at position 11 must be a digit"),
        ("11-105194912310-2X", "characters at positions 3, 16 must be digits"),
    ],
)
def test_shape_problems(value: str, message: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id(value, today=TODAY)
    assert messages_of(excinfo) == [message]


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("990105", "region code 990105 does not begin with a valid province code"),
        ("710101", "region code 710101 does not begin with a valid province code"),
        ("000000", "region code 000000 does not begin with a valid province code"),
        (
            "110000",
            "region code 110000 names a whole province; a county-level code is needed",
        ),
        (
            "810101",
            "region code 810101 should be 810000 on a Hong Kong, Macao or Taiwan permit",
        ),
    ],
)
def test_region_problems(region: str, message: str) -> None:
    body = region + "19900307447"
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id(body + expected_check_character(body), today=TODAY)
    assert messages_of(excinfo) == [message]


def test_field_and_label_can_be_overridden() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id("110105194912310021", field="agent_id", label="Name", today=TODAY)
    (p,) = excinfo.value.problems
    assert (p.field, p.label) == ("agent_id", "Name")


@pytest.mark.parametrize(
    "bad", ["1101051949123100", "1101051949123100" + full_width("2"), "1101051949123100X"]
)
def test_expected_check_character_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        expected_check_character(bad)


# --- resident ID: properties --------------------------------------------------

mainland_regions = st.builds(
    lambda province, rest: f"{province}{rest:04d}",
    st.sampled_from(
        sorted(
            {str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47))}
            | {str(n) for n in (*range(50, 55), *range(61, 66))}
        )
    ),
    st.integers(min_value=1, max_value=9999),
)
regions = st.one_of(mainland_regions, st.sampled_from(["810000", "820000", "830000"]))
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
bodies = st.builds(
    lambda region, born, seq: f"{region}{born:%Y%m%d}{seq:03d}",
    regions,
    birth_dates,
    st.integers(min_value=0, max_value=999),
)


@given(body=bodies)
def test_expected_check_character_completes_a_valid_number(body: str) -> None:
    number = body + expected_check_character(body)
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date.strftime("%Y%m%d") == body[6:14]
    assert parsed.sex == ("M" if int(body[16]) % 2 else "F")


@given(body=bodies, data=st.data())
def test_any_other_check_character_is_refused_naming_the_right_one(
    body: str, data: st.DataObject
) -> None:
    expected = expected_check_character(body)
    wrong = data.draw(st.sampled_from([c for c in "0123456789X" if c != expected]))
    with pytest.raises(ValidationError) as excinfo:
        parse_resident_id(body + wrong, today=TODAY)
    assert messages_of(excinfo) == [f"check character should be {expected}"]


# --- credit codes -------------------------------------------------------------

CHARSET_RULE_TAIL = "only digits and capital letters other than I, O, S, V and Z are used"

# The example commonly cited with GB 32100, then published codes of organisations. Each
# passes both the GB 32100 check (character 18) and, independently, the GB 11714 check of
# its organisation code (character 17): a recalled or mistyped code would fail one of them.
PUBLISHED_CREDIT_CODES = [
    # Hand check, alphabet values M=21 Y=30, weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24
    # 10 30 28: 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28;
    # 31-28 = 3 -> "3".
    "91350100M000100Y43",
    # 9+3+9+27+0+0+0+0+20+0+0+0+0+144+40+240+140 = 632; 632 mod 31 = 12; 31-12 = 19 -> "K".
    "91110000100006485K",
    "914403001922038216",
    "91440300708461136T",
    "91330100716105852F",
    "91110000802100433B",
    "9111000071093123XX",
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes_are_valid(code: str) -> None:
    assert validate_credit_code(code) == code
    assert expected_credit_code_check(code[:17]) == code[17]
    assert org_code_check(code[8:16]) == code[16]


def test_credit_code_is_normalised() -> None:
    assert validate_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert validate_credit_code(full_width("91350100M000100Y43")) == "91350100M000100Y43"


def test_credit_code_wrong_check_names_the_expected_one() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91350100M000100Y44")
    (p,) = problems_of(excinfo)
    assert (p.field, p.label) == ("credit_code", "Unified social credit code")
    assert p.message == "check character should be 3"


def test_credit_code_letter_o_as_check_character_names_the_right_one() -> None:
    # "O" is never used in a code; in the last place it is reported as a check mismatch.
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91350100M000100Y4O")
    assert messages_of(excinfo) == ["check character should be 3"]


@pytest.mark.parametrize(
    ("value", "messages"),
    [
        ("", ["is required"]),
        ("91350100M000100Y4", ["must be 18 characters long, not 17"]),
        (
            "91350100M0O0100Y43",
            [f"character at position 11 is not allowed; {CHARSET_RULE_TAIL}"],
        ),
        (
            "Z1350100M000100Y43",
            [
                f"character at position 1 is not allowed; {CHARSET_RULE_TAIL}",
                "registration authority code Z is not one of 1-9, A, N, Y",
            ],
        ),
        (
            "9135O1V0M000100Y43",
            [
                f"characters at positions 5, 7 are not allowed; {CHARSET_RULE_TAIL}",
                "characters 3 to 8 (administrative division code) must be digits",
            ],
        ),
        (
            "B1350100M000100Y4" + expected_credit_code_check("B1350100M000100Y4"),
            ["registration authority code B is not one of 1-9, A, N, Y"],
        ),
        (
            "913501A0M000100Y4" + expected_credit_code_check("913501A0M000100Y4"),
            ["characters 3 to 8 (administrative division code) must be digits"],
        ),
        (
            "0135010XM000100Y43",
            [
                "registration authority code 0 is not one of 1-9, A, N, Y",
                "characters 3 to 8 (administrative division code) must be digits",
                f"check character should be {expected_credit_code_check('0135010XM000100Y4')}",
            ],
        ),
    ],
)
def test_credit_code_problems(value: str, messages: list[str]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(value)
    assert messages_of(excinfo) == messages


def test_credit_code_field_override() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("", field="agent.credit_code")
    assert excinfo.value.problems[0].field == "agent.credit_code"


@pytest.mark.parametrize("bad", ["91350100M000100Y", "91350100m000100Y4", "91350100M000100O4"])
def test_expected_credit_code_check_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        expected_credit_code_check(bad)


CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
credit_bodies = st.builds(
    lambda authority, category, division, org: authority + category + division + org,
    st.sampled_from("123456789ANY"),
    st.sampled_from(CODE_ALPHABET),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=CODE_ALPHABET, min_size=9, max_size=9),
)


@given(body=credit_bodies)
def test_expected_credit_code_check_completes_a_valid_code(body: str) -> None:
    code = body + expected_credit_code_check(body)
    assert validate_credit_code(code.lower()) == code


@given(body=credit_bodies, data=st.data())
def test_any_other_credit_code_check_is_refused_naming_the_right_one(
    body: str, data: st.DataObject
) -> None:
    expected = expected_credit_code_check(body)
    wrong = data.draw(st.sampled_from([c for c in CODE_ALPHABET if c != expected]))
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(body + wrong)
    assert messages_of(excinfo) == [f"check character should be {expected}"]


TAIWAN_FORMAT_MESSAGE = (
    "must be 8 digits, or 10 digits optionally followed by an office code in brackets "
    "on permits issued before September 2008"
)


# --- identity documents -------------------------------------------------------


def test_every_id_type_has_a_marked_display_name() -> None:
    for kind in IdType:
        assert ("domain", kind.display_name) in MARKED
    assert IdType.RESIDENT_ID.display_name == "Resident ID card"
    assert IdType("passport") is IdType.PASSPORT


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (
            IdType.RESIDENT_ID,
            "11010519491231002x",
            ValidatedId(IdType.RESIDENT_ID, "11010519491231002X", date(1949, 12, 31), "F"),
        ),
        (
            "residence_permit_hkmt",
            "810000199408230021",
            ValidatedId(IdType.RESIDENCE_PERMIT_HKMT, "810000199408230021", date(1994, 8, 23), "F"),
        ),
        (
            IdType.RESIDENCE_PERMIT_HKMT,
            "830000198001010018",
            ValidatedId(IdType.RESIDENCE_PERMIT_HKMT, "830000198001010018", date(1980, 1, 1), "M"),
        ),
        (IdType.PASSPORT, "e 1234 5678", ValidatedId(IdType.PASSPORT, "E12345678")),
        (IdType.PASSPORT, "EA1234567", ValidatedId(IdType.PASSPORT, "EA1234567")),
        (IdType.PASSPORT, "X1234", ValidatedId(IdType.PASSPORT, "X1234")),
        (IdType.HK_MACAO_PERMIT, "h12345678", ValidatedId(IdType.HK_MACAO_PERMIT, "H12345678")),
        (
            IdType.HK_MACAO_PERMIT,
            "M1234567801",
            ValidatedId(IdType.HK_MACAO_PERMIT, "M1234567801"),
        ),
        (IdType.TAIWAN_PERMIT, "07257456", ValidatedId(IdType.TAIWAN_PERMIT, "07257456")),
        (IdType.TAIWAN_PERMIT, "0561682001", ValidatedId(IdType.TAIWAN_PERMIT, "0561682001")),
        (
            IdType.TAIWAN_PERMIT,
            "0561682001" + full_width("(d)"),
            ValidatedId(IdType.TAIWAN_PERMIT, "0561682001(D)"),
        ),
        (
            IdType.TAIWAN_PERMIT,
            "0561682001D",
            ValidatedId(IdType.TAIWAN_PERMIT, "0561682001(D)"),
        ),
        (
            IdType.FOREIGN_PERMANENT_RESIDENT,
            "usa110090123105",
            ValidatedId(IdType.FOREIGN_PERMANENT_RESIDENT, "USA110090123105"),
        ),
        (
            # 2023 layout: 9, province 11, nationality 398, born 1990-12-31, sequence 00,
            # sex digit 2 (female). 9,1,1,3,9,8,1,9,9,0,1,2,3,1,0,0,2 weighted: 63+9+10+15
            # +72+32+2+9+54+0+7+18+30+5+0+0+4 = 330; 330 mod 11 = 0 -> "1".
            IdType.FOREIGN_PERMANENT_RESIDENT,
            "911398199012310021",
            ValidatedId(
                IdType.FOREIGN_PERMANENT_RESIDENT, "911398199012310021", date(1990, 12, 31), "F"
            ),
        ),
    ],
)
def test_valid_document_numbers(kind: IdType | str, value: str, expected: ValidatedId) -> None:
    assert validate_id_number(kind, value, today=TODAY) == expected


@pytest.mark.parametrize(
    ("kind", "value", "messages"),
    [
        (IdType.PASSPORT, "  ", ["is required"]),
        (
            IdType.RESIDENT_ID,
            "810000199408230021",
            ["is a Hong Kong, Macao or Taiwan residence permit number; choose that document type"],
        ),
        (IdType.RESIDENT_ID, "110105194912310021", ["check character should be X"]),
        (
            IdType.RESIDENCE_PERMIT_HKMT,
            "11010519491231002X",
            ["must start with 810000, 820000 or 830000"],
        ),
        (
            IdType.RESIDENCE_PERMIT_HKMT,
            "810000199402300021",
            [
                "birth date 1994-02-30 is not a real calendar date",
                f"check character should be {expected_check_character('81000019940230002')}",
            ],
        ),
        (IdType.PASSPORT, "E123", ["must be 5 to 17 characters long, not 4"]),
        (
            IdType.PASSPORT,
            "E12-34567",
            ["may contain only letters A-Z and digits"],
        ),
        (
            IdType.PASSPORT,
            "E1234567890123456-",
            [
                "must be 5 to 17 characters long, not 18",
                "may contain only letters A-Z and digits",
            ],
        ),
        (
            IdType.HK_MACAO_PERMIT,
            "K12345678",
            ["must be H or M followed by 8 digits (or 10 digits)"],
        ),
        (
            IdType.HK_MACAO_PERMIT,
            "H123456789",
            ["must be H or M followed by 8 digits (or 10 digits)"],
        ),
        (
            IdType.TAIWAN_PERMIT,
            "1234567",
            [TAIWAN_FORMAT_MESSAGE],
        ),
        (
            IdType.TAIWAN_PERMIT,
            "05616820011",
            [TAIWAN_FORMAT_MESSAGE],
        ),
        (
            IdType.TAIWAN_PERMIT,
            "0561682001(D",
            [TAIWAN_FORMAT_MESSAGE],
        ),
        (
            IdType.FOREIGN_PERMANENT_RESIDENT,
            "US1100901231050",
            ["a 15-character number must be 3 letters followed by 12 digits"],
        ),
        (
            IdType.FOREIGN_PERMANENT_RESIDENT,
            "9113981990123100",
            ["must be 15 characters (2017 card) or 18 characters (2023 card), not 16"],
        ),
        (
            IdType.FOREIGN_PERMANENT_RESIDENT,
            "911398199012310022",
            ["check character should be 1"],
        ),
    ],
)
def test_document_number_problems(kind: IdType, value: str, messages: list[str]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(kind, value, today=TODAY)
    assert messages_of(excinfo) == messages


def test_foreign_2023_prefix_problems_are_collected() -> None:
    body = "89939819901231002"  # starts 8 instead of 9, province 99 does not exist
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(
            IdType.FOREIGN_PERMANENT_RESIDENT, body + expected_check_character(body), today=TODAY
        )
    assert messages_of(excinfo) == [
        "an 18-character number must start with 9",
        "characters 2 and 3 (99) must be a province code",
    ]


def test_permit_with_mainland_region_and_bad_date_reports_both() -> None:
    body = "11010519940230002"
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(
            IdType.RESIDENCE_PERMIT_HKMT, body + expected_check_character(body), today=TODAY
        )
    assert messages_of(excinfo) == [
        "must start with 810000, 820000 or 830000",
        "birth date 1994-02-30 is not a real calendar date",
    ]


def test_document_problems_use_the_given_field_and_label() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(IdType.PASSPORT, "E1", field="agent.id_number", today=TODAY)
    (p,) = excinfo.value.problems
    assert (p.field, p.label) == ("agent.id_number", "ID number")


def test_unknown_id_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        validate_id_number("driving_licence", "X1234")


# --- contact ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "13812345678"),
        (" 199 1234 5678 ", "19912345678"),
        (full_width("13812345678"), "13812345678"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "01012345678"),
        ("0755-1234567", "0755-1234567"),
        ("0571 88888888", "057188888888"),
    ],
)
def test_valid_phones(value: str, expected: str) -> None:
    assert validate_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    ["12812345678", "1381234567", "138123456789", "+8613812345678", "10-12345678", "010-123456"],
)
def test_invalid_phones(value: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_phone(value)
    (p,) = problems_of(excinfo)
    assert (p.field, p.label) == ("phone", "Phone")
    assert p.message.startswith("must be an 11-digit mobile number")


def test_missing_phone() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_phone(" ", field="agent.phone")
    assert excinfo.value.problems[0].field == "agent.phone"
    assert messages_of(excinfo) == ["is required"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张三"),
        ("  欧阳  娜娜 ", "欧阳 娜娜"),
        ("阿卜杜·热合曼", "阿卜杜·热合曼"),
        ("Maria Garcia", "Maria Garcia"),
        ("王" * 40, "王" * 40),
    ],
)
def test_valid_person_names(value: str, expected: str) -> None:
    assert validate_person_name(value) == expected


@pytest.mark.parametrize(
    ("value", "messages"),
    [
        ("", ["is required"]),
        ("张", ["must be 2 to 40 characters long, not 1"]),
        ("王" * 41, ["must be 2 to 40 characters long, not 41"]),
        ("张3", ["must not contain digits"]),
        ("张" + full_width("3"), ["must not contain digits"]),
        ("3", ["must be 2 to 40 characters long, not 1", "must not contain digits"]),
        ("张\n三", ["must not contain line breaks or control characters"]),
    ],
)
def test_person_name_problems(value: str, messages: list[str]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_person_name(value)
    assert messages_of(excinfo) == messages
    assert {p.field for p in excinfo.value.problems} == {"name"}


def test_company_names() -> None:
    assert validate_company_name(" 58同城信息技术有限公司 ") == "58同城信息技术有限公司"
    with pytest.raises(ValidationError) as excinfo:
        validate_company_name("公" * 101, field="company_name")
    assert messages_of(excinfo) == ["must be 2 to 100 characters long, not 101"]
    assert excinfo.value.problems[0].field == "company_name"


# --- masking ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("11010519491231002X", "**************002X"),
        ("E12345678", "*****5678"),
        ("12345", "*2345"),
        ("1234", "****"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_id_number(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("010-12345678", "010*****5678"),
        ("0101234567", "******4567"),
        ("123", "***"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


ascii_codes = st.text(alphabet=string.ascii_uppercase + string.digits, max_size=30)


@given(ascii_codes)
def test_mask_id_number_keeps_only_the_last_four(text: str) -> None:
    masked = mask_id_number(text)
    assert len(masked) == len(text)
    kept = 4 if len(text) > 4 else 0
    assert masked == "*" * (len(text) - kept) + text[len(text) - kept :]


@given(ascii_codes)
def test_mask_phone_never_shows_more_than_seven(text: str) -> None:
    masked = mask_phone(text)
    assert len(masked) == len(text)
    assert sum(c != "*" for c in masked) <= 7
    if len(text) >= 11:
        assert (masked[:3], masked[-4:]) == (text[:3], text[-4:])


# --- package boundaries -------------------------------------------------------


def test_package_imports_neither_qt_nor_requests() -> None:
    code = (
        "import sys, counter.validation; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'requests'}); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- checking as the clerk types ----------------------------------------------


@pytest.mark.parametrize("typed", ["", "1", "11010519", "11010519491231002"])
def test_a_number_still_being_typed_is_not_judged(typed: str) -> None:
    assert check_as_typed(IdType.RESIDENT_ID, typed, today=TODAY) is None


def test_a_complete_number_with_a_wrong_check_character_names_the_right_one() -> None:
    with pytest.raises(ValidationError) as caught:
        check_as_typed(IdType.RESIDENT_ID, "110105194912310021", today=TODAY)
    assert [p.message for p in caught.value.problems] == ["check character should be X"]


def test_a_complete_valid_number_gives_birth_date_and_sex() -> None:
    checked = check_as_typed(IdType.RESIDENT_ID, "110105 19491231 002x", today=TODAY)
    assert checked == ValidatedId(IdType.RESIDENT_ID, "11010519491231002X", date(1949, 12, 31), "F")


def test_one_character_too_many_is_judged_at_once() -> None:
    with pytest.raises(ValidationError, match="must be 18 characters long, not 19"):
        check_as_typed(IdType.RESIDENT_ID, "11010519491231002X1", today=TODAY)


def test_documents_of_varying_length_wait_for_the_submit() -> None:
    assert check_as_typed(IdType.PASSPORT, "E1234567!!!!!!!!!!!!", today=TODAY) is None
    assert check_as_typed(IdType.HK_MACAO_PERMIT, "H1234567890123456789", today=TODAY) is None


def test_residence_permit_typed_under_resident_id_is_refused_once_complete() -> None:
    with pytest.raises(ValidationError, match="residence permit"):
        check_as_typed(IdType.RESIDENT_ID, "810000199408230021", today=TODAY)
    permit = check_as_typed(IdType.RESIDENCE_PERMIT_HKMT, "810000199408230021", today=TODAY)
    assert permit is not None and permit.birth_date == date(1994, 8, 23)


@pytest.mark.parametrize(
    ("number", "born", "sex"),
    [
        ("11010519491231002X", date(1949, 12, 31), "F"),
        ("140121" "19900117" "015" + expected_check_character("14012119900117015"),
         date(1990, 1, 17), "M"),
    ],
)
def test_resident_id_facts(number: str, born: date, sex: str) -> None:
    assert resident_id_facts(number, today=TODAY) == (born, sex)


def test_resident_id_facts_refuses_a_wrong_number() -> None:
    with pytest.raises(ValidationError, match="check character should be X"):
        resident_id_facts("110105194912310021", today=TODAY)


# --- the fast paths give the plain definitions' answers ---------------------------

_typed = st.text(
    alphabet=st.sampled_from("0123456789xX \t\u3000０１９ｘＸ²٣\u00a0a-"), max_size=20
) | st.text(max_size=20)


@given(value=_typed)
def test_normalise_code_is_nfkc_without_whitespace_upper_cased(value: str) -> None:
    import re
    import unicodedata

    from counter.validation import normalise_code

    assert normalise_code(value) == re.sub(
        r"\s+", "", unicodedata.normalize("NFKC", value)
    ).upper()


@given(first17=st.text(alphabet=st.sampled_from("0123456789"), min_size=17, max_size=17))
def test_expected_check_character_is_iso_7064_mod_11_2(first17: str) -> None:
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    assert expected_check_character(first17) == "10X98765432"[total % 11]


@given(value=_typed)
def test_any_typed_resident_number_is_judged_as_the_digit_by_digit_check_would(
    value: str,
) -> None:
    # Other scripts' digits pass str.isdigit(); the check takes ASCII digits only.
    number = value.replace(" ", "")[:17].ljust(17, "0")
    if all(c in "0123456789" for c in number):
        assert expected_check_character(number) in "0123456789X"
    else:
        with pytest.raises(ValueError):
            expected_check_character(number)
