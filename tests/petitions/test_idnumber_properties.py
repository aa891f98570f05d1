"""Properties of the ID-number validator (hypothesis, bounded)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from petitions.idnumbers import check_digit, mask_id_number, normalize_id_number

BOUNDED = settings(max_examples=300, deadline=None)
REGIONS = st.integers(min_value=110000, max_value=659999).map(str)
BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 28))
SERIALS = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


def _valid(region, birth, serial):
    first17 = f"{region}{birth:%Y%m%d}{serial}"
    return first17 + check_digit(first17)


@BOUNDED
@given(REGIONS, BIRTHS, SERIALS)
def test_every_well_formed_number_is_accepted_and_normalised(region, birth, serial):
    number = _valid(region, birth, serial)
    assert normalize_id_number(number.lower()) == number


@BOUNDED
@given(REGIONS, BIRTHS, SERIALS, st.integers(min_value=0, max_value=16),
       st.integers(min_value=1, max_value=9))
def test_changing_one_digit_is_caught_by_the_check_digit(region, birth, serial, pos, delta):
    number = _valid(region, birth, serial)
    digit = (int(number[pos]) + delta) % 10
    altered = number[:pos] + str(digit) + number[pos + 1:]
    with pytest.raises(ValidationError):
        normalize_id_number(altered)


@BOUNDED
@given(st.text(max_size=30))
def test_arbitrary_text_is_refused_cleanly_or_is_a_valid_number(text):
    try:
        number = normalize_id_number(text)
    except ValidationError:
        return
    assert len(number) == 18
    assert check_digit(number[:17]) == number[17]


@BOUNDED
@given(REGIONS, BIRTHS, SERIALS)
def test_the_mask_shows_only_the_first_six_and_last_four(region, birth, serial):
    number = _valid(region, birth, serial)
    masked = mask_id_number(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:14] == "********"
