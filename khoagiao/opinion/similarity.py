"""Near-duplicate detection of short Vietnamese texts, without any model: character n-grams of the folded text.

A text is folded (`fold_vi`: no tones, đ → d, lower case), padded at word edges and cut into character 3- and
4-grams, each counted with a sublinear weight (1 + log tf). Two texts are compared by the cosine of those
vectors, blended with the overlap of their word bigrams (which rewards the same phrases in the same order).
Very common words of Vietnamese administrative prose are dropped first so that "của", "các", "trên địa bàn"
do not make unrelated reports look alike. The threshold (`SIMILARITY_THRESHOLD`) was chosen on the labelled
pairs in `tests/similarity_pairs.py`; docs/opinion.md gives its precision and recall.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from functools import lru_cache

from khoagiao.core.text import fold_vi

SIMILARITY_THRESHOLD = 0.45
_WORD = re.compile(r"[0-9a-z]+")
STOPWORDS = frozenset(
    fold_vi(word)
    for word in [
        "của",
        "các",
        "và",
        "là",
        "có",
        "được",
        "cho",
        "với",
        "trong",
        "trên",
        "tại",
        "về",
        "những",
        "một",
        "này",
        "đó",
        "khi",
        "đã",
        "đang",
        "sẽ",
        "không",
        "người",
        "dân",
        "địa",
        "bàn",
        "tỉnh",
        "huyện",
        "xã",
        "phường",
        "thị",
        "trấn",
        "việc",
        "theo",
        "từ",
        "đến",
        "nhiều",
        "như",
        "vụ",
        "vấn",
        "đề",
        "tình",
        "hình",
        "phản",
        "ánh",
        "thông",
        "tin",
        "dư",
        "luận",
        "bức",
        "xúc",
        "gây",
        "hiện",
        "nay",
        "ngày",
        "năm",
        "tháng",
        "ra",
        "vào",
        "lại",
        "còn",
        "cũng",
        "rất",
        "ở",
        "bị",
        "phải",
        "trường",
        "học",
        "sinh",
        "mạng",
        "xã",
        "hội",
        "lan",
        "truyền",
        "clip",
        "video",
        "tiểu",
        "thcs",
        "thpt",
        "mầm",
        "non",
        "khu",
        "thôn",
        "làng",
    ]
)


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(fold_vi(text)) if word not in STOPWORDS]


@lru_cache(maxsize=50_000)
def text_profile(text: str) -> tuple[dict[str, float], float, frozenset[str]]:
    """(n-gram weights, their norm, word bigrams) of a text; cached, since candidates repeat across keystrokes."""
    words = _words(text)
    counts: Counter[str] = Counter()
    for word in words:
        padded = f" {word} "
        for size in (3, 4):
            for start in range(max(1, len(padded) - size + 1)):
                counts[padded[start : start + size]] += 1
    weights = {gram: 1.0 + math.log(count) for gram, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in weights.values()))
    bigrams = frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))
    return weights, norm, bigrams


def similarity(first: str, second: str) -> float:
    """0 (nothing alike) … 1 (the same words)."""
    weights_a, norm_a, bigrams_a = text_profile(first)
    weights_b, norm_b, bigrams_b = text_profile(second)
    if not norm_a or not norm_b:
        return 0.0
    if len(weights_a) > len(weights_b):
        weights_a, weights_b = weights_b, weights_a
    cosine = sum(value * weights_b.get(gram, 0.0) for gram, value in weights_a.items()) / (norm_a * norm_b)
    if bigrams_a and bigrams_b:
        overlap = len(bigrams_a & bigrams_b) / min(len(bigrams_a), len(bigrams_b))
        return 0.8 * cosine + 0.2 * overlap
    return cosine


def key_words(text: str, limit: int = 6) -> list[str]:
    """The longest distinct content words of a text, for the database prefilter (long words are rarer)."""
    seen: list[str] = []
    for word in sorted(set(_words(text)), key=lambda w: (-len(w), w)):
        if len(word) >= 3:
            seen.append(word)
        if len(seen) >= limit:
            break
    return seen
