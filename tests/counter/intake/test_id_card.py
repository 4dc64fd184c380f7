"""The ID card reader interface and the simulated reader the demo and the tests use."""

from __future__ import annotations

from datetime import date

import pytest

from counter.errors import DomainError
from counter.intake.id_card import (
    DEMO_CARDS,
    CardReaderUnavailable,
    IdCardData,
    IdCardReader,
    SimulatedIdCardReader,
    card_from_number,
)
from counter.validation import IdType, validate_id_number


def test_simulated_reader_hands_out_its_cards_in_turn() -> None:
    first = card_from_number("王秀英", "11010519491231002X", "北京市西城区")
    second = DEMO_CARDS[1]
    reader: IdCardReader = SimulatedIdCardReader([first, second])
    assert [reader.read(), reader.read(), reader.read()] == [first, second, first]


def test_a_card_reads_sex_and_birth_date_from_its_number() -> None:
    card = card_from_number("王秀英", "11010519491231002X", "北京市西城区")
    assert (card.birth_date, card.sex) == (date(1949, 12, 31), "F")


def test_no_card_on_the_reader_reads_as_none() -> None:
    assert SimulatedIdCardReader([]).read() is None


def test_an_unplugged_reader_says_so_in_a_domain_error() -> None:
    reader = SimulatedIdCardReader(DEMO_CARDS, connected=False)
    with pytest.raises(CardReaderUnavailable) as caught:
        reader.read()
    assert isinstance(caught.value, DomainError)
    assert caught.value.template == "No ID card reader is connected."


def test_demo_cards_are_valid_resident_ids_of_the_demo_applicants() -> None:
    reader = SimulatedIdCardReader.demo()
    assert reader.cards == DEMO_CARDS and len(DEMO_CARDS) >= 3
    for card in DEMO_CARDS:
        checked = validate_id_number(IdType.RESIDENT_ID, card.id_number)
        assert (checked.birth_date, checked.sex) == (card.birth_date, card.sex)
        assert card.name and card.address.startswith("山西省太原市清徐县")
    # The first demo card is the demo morning's standard applicant (GA-001, all received).
    from ui.demo.demo_morning import MORNING

    standard = next(v for v in MORNING if v.service_code == "GA-001")
    assert (DEMO_CARDS[0].name, DEMO_CARDS[0].id_number) == (
        standard.applicant.name, standard.applicant.id_number)


def test_a_card_never_prints_its_full_number() -> None:
    card = DEMO_CARDS[0]
    assert card.id_number not in repr(card) and card.id_number[-4:] in repr(card)
    assert isinstance(card, IdCardData)
