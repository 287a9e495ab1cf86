"""Vietnamese text: diacritic-insensitive folding for search, and alphabetical order of the Vietnamese alphabet."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, ClassVar

from django.db import models

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_SPACES = re.compile(r"\s+")


def fold_vi(text: str | None) -> str:
    """Fold Vietnamese text for search: NFKC, đ→d, no combining marks, casefolded, single spaces.

    "Đảng" → "dang", "Quyết định" → "quyet dinh". SQLite's LIKE and FTS5 do not fold "đ", so every searchable
    model stores this folded form in a column and queries it with the folded query.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).translate(_D_MAP)
    folded = "".join(c for c in unicodedata.normalize("NFD", folded) if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", folded.casefold()).strip()


# --- Vietnamese alphabetical order ---------------------------------------------------------------------------
# The 29 letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; tones are a secondary difference
# (ngang, huyền, hỏi, ngã, sắc, nặng), case a tertiary one. Foreign letters (f, j, w, z) sort in Latin order.
_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {letter: index for index, letter in enumerate(_LETTERS)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_SHAPE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


@lru_cache(maxsize=4096)
def _char_key(char: str) -> tuple[int, int, int]:
    """(alphabet rank, tone rank, case) of one character; cached, since names reuse few characters."""
    lower = char.lower()
    decomposed = unicodedata.normalize("NFD", lower)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        elif unicodedata.category(part) != "Mn" or part in _SHAPE_MARKS:
            kept.append(part)
    base = unicodedata.normalize("NFC", "".join(kept))
    if base in _PRIMARY:
        primary = 100 + _PRIMARY[base]
    elif base.isdigit():
        primary = 10 + int(base)
    elif base.isspace():
        primary = 1
    else:
        primary = 200 + ord(base[:1] or " ")
    return primary, tone, 0 if char == lower else 1


def vi_sort_key(text: str | None) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Key that orders strings as a Vietnamese dictionary does (Anh < Ăn < Ân < Bình < Dũng < Đức)."""
    keys = [_char_key(char) for char in unicodedata.normalize("NFC", text or "")]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys), tuple(k[2] for k in keys)


def vi_sorted(items: Iterable[Any], key: Any = None) -> list[Any]:
    """Sort items by a Vietnamese text key (`key` maps an item to its text; default: the item itself)."""
    getter = key or (lambda item: item)
    return sorted(items, key=lambda item: vi_sort_key(getter(item)))


class SearchableMixin(models.Model):
    """Keeps `search_text`, the folded text of `search_fields`, current on every save.

    Bulk paths (`bulk_create`, `update()`) bypass save(): call `refresh_search_text()` on what they touched.
    """

    search_fields: ClassVar[tuple[str, ...]] = ()
    search_text = models.TextField(editable=False, default="", blank=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.compute_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.search_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def compute_search_text(self) -> str:
        return fold_vi(" ".join(str(getattr(self, name) or "") for name in self.search_fields))


def refresh_search_text(objects: Iterable[SearchableMixin]) -> int:
    """Recompute and store the folded text of objects written by a bulk path."""
    changed = []
    for obj in objects:
        new = obj.compute_search_text()
        if new != obj.search_text:
            obj.search_text = new
            changed.append(obj)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["search_text"], batch_size=500)  # type: ignore[attr-defined]
    return len(changed)


def search_filter(queryset: models.QuerySet, query: str | None) -> models.QuerySet:
    """Filter a SearchableMixin queryset by every folded word of `query` (all words must appear)."""
    for word in fold_vi(query).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset
