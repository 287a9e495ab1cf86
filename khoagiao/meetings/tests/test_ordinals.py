import pytest

from khoagiao.meetings.ordinals import number_words, ordinal_lead


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "Một là"),
        (2, "Hai là"),
        (4, "Bốn là"),
        (5, "Năm là"),
        (10, "Mười là"),
        (11, "Mười một là"),
        (14, "Mười bốn là"),
        (15, "Mười lăm là"),
        (20, "Hai mươi là"),
        (21, "Hai mươi mốt là"),
        (24, "Hai mươi tư là"),
        (25, "Hai mươi lăm là"),
        (30, "Ba mươi là"),
    ],
)
def test_ordinal_lead_spells_the_vietnamese_number(number, expected):
    assert ordinal_lead(number) == expected


def test_number_words_handles_hundreds():
    assert number_words(105) == "một trăm linh năm"
    assert number_words(121) == "một trăm hai mươi mốt"
    assert number_words(200) == "hai trăm"
    with pytest.raises(ValueError):
        number_words(1000)
