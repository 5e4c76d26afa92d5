"""The ID number on the join page (members/joining.py): GB 11643 check character, masking, gender."""

import pytest

from members import joining, roster_values


@pytest.mark.parametrize("number", [
    "11010519491231002X",  # the standard's own example, check character X
    "44030119850202002X",
    "430102199003071234",
    "430102199003071242",
])
def test_valid_numbers(number):
    assert joining.id_number_valid(number), number


@pytest.mark.parametrize("number", [
    "110105194912310021",  # wrong check character (should be X)
    "430102199003071236",  # wrong check digit (should be 4)
    "43010219900307123",  # 17 characters
    "4301021990030712361",  # 19
    "43010219901307123X",  # month 13 (and wrong check)
    "4301021990030712A6",
    "",
])
def test_invalid_numbers(number):
    assert not joining.id_number_valid(number)


def test_a_valid_check_digit_with_an_impossible_date_is_refused():
    body = "43010219900230123"  # 30 February
    total = sum(int(d) * w for d, w in zip(body, roster_values.ID_WEIGHTS, strict=True))
    assert not joining.id_number_valid(body + roster_values.ID_CHECK[total % 11])


def test_typed_number_is_normalised():
    assert joining.normalised_id(" 11010519491231002x ") == "11010519491231002X"


def test_full_width_digits_of_a_chinese_keyboard_are_the_same_number():
    """Typed in full width (１２３, ｘ), the number is kept in ASCII: the same number as typed plainly,
    so the committee's duplicate check finds it."""
    number = joining.normalised_id("１１０１０５１９４９１２３１００２ｘ")
    assert number == "11010519491231002X" and joining.id_number_valid(number)


def test_digits_of_other_scripts_are_refused():
    assert not joining.id_number_valid("٤٣٠١٠٢١٩٩٠٠٣٠٧١٢٣٤")  # 430102199003071234 in Arabic-Indic digits


def test_masked_shows_region_and_last_four():
    assert joining.masked("43010219900307123X") == "4301**********123X"
    assert joining.masked("") == ""


def test_gender_from_the_17th_digit():
    assert joining.gender_from_id("430102199003071234") == "M"  # 3: odd
    assert joining.gender_from_id("11010519491231002X") == "F"  # 2: even
    assert joining.gender_from_id("nonsense") == ""
