"""Vietnamese numbers in words, for the conclusions' "Một là, …", "Hai là, …" (up to 999)."""

from __future__ import annotations

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _below_hundred(number: int) -> str:
    tens, unit = divmod(number, 10)
    if tens == 0:
        return DIGITS[unit]
    if tens == 1:
        head = "mười"
        tail = {0: "", 5: "lăm"}.get(unit, DIGITS[unit])
    else:
        head = f"{DIGITS[tens]} mươi"
        tail = {0: "", 1: "mốt", 4: "tư", 5: "lăm"}.get(unit, DIGITS[unit])
    return f"{head} {tail}".strip()


def number_words(number: int) -> str:
    """1 → "một", 15 → "mười lăm", 21 → "hai mươi mốt", 105 → "một trăm linh năm"."""
    if not 0 <= number <= 999:
        raise ValueError("number_words handles 0 to 999")
    hundreds, rest = divmod(number, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    head = f"{DIGITS[hundreds]} trăm"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} linh {DIGITS[rest]}"
    return f"{head} {_below_hundred(rest)}"


def ordinal_lead(number: int) -> str:
    """The lead-in of the n-th conclusion: "Một là", "Hai là", …, "Hai mươi mốt là"."""
    words = number_words(number)
    return f"{words[0].upper()}{words[1:]} là"
