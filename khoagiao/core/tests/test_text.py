import pytest

from khoagiao.core.db import vi_collate
from khoagiao.core.text import fold_vi, search_filter, vi_sort_key, vi_sorted
from khoagiao.orgs.models import Field


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng", "dang"),
        ("đào tạo", "dao tao"),
        ("Quyết định", "quyet dinh"),
        ("KHOA GIÁO", "khoa giao"),
        ("  Ủy   ban\tnhân dân ", "uy ban nhan dan"),
        ("Uỷ ban", "uy ban"),
        (None, ""),
    ],
)
def test_fold_vi_removes_marks_and_folds_d(text, folded):
    assert fold_vi(text) == folded


def test_fold_vi_treats_decomposed_input_like_composed():
    import unicodedata

    assert fold_vi(unicodedata.normalize("NFD", "Nghị quyết Đảng")) == "nghi quyet dang"


def test_vi_sorted_follows_the_vietnamese_alphabet():
    names = ["Zung", "Đức", "Ân", "Anh", "Bình", "Ăn", "Dũng"]
    assert vi_sorted(names) == ["Anh", "Ăn", "Ân", "Bình", "Dũng", "Đức", "Zung"]


def test_vi_sort_key_puts_tones_after_base_letters():
    words = ["bà", "ba", "bá", "bả", "bạ", "bã", "bác"]
    assert vi_sorted(words) == ["ba", "bà", "bả", "bã", "bá", "bạ", "bác"]
    assert vi_sort_key("Ba") > vi_sort_key("ba")


@pytest.mark.django_db
def test_searchable_column_matches_folded_queries_on_this_database():
    Field.objects.create(code="dang", name="Xây dựng Đảng")
    Field.objects.create(code="dao-tao", name="Giáo dục và đào tạo")
    Field.objects.create(code="qd", name="Quyết định khen thưởng")
    Field.objects.create(code="kg", name="KHOA GIÁO cơ sở")
    Field.objects.create(code="yte", name="Y tế")

    def names(query):
        return sorted(field.name for field in search_filter(Field.objects.all(), query))

    assert names("dang") == ["Xây dựng Đảng"]
    assert names("ĐẢNG") == ["Xây dựng Đảng"]
    assert names("dao tao") == ["Giáo dục và đào tạo"]
    assert names("quyết định") == ["Quyết định khen thưởng"]
    assert names("khoa giao") == ["KHOA GIÁO cơ sở"]
    assert names("giao") == ["Giáo dục và đào tạo", "KHOA GIÁO cơ sở"]


@pytest.mark.django_db
def test_database_ordering_follows_the_vietnamese_alphabet():
    names = ["Zung", "Đức", "Ân", "Anh", "Bình", "Ăn", "Dũng", "Ánh", "Ấp"]
    for index, name in enumerate(names):
        Field.objects.create(code=f"f{index}", name=name)
    ordered = list(Field.objects.order_by(vi_collate("name")).values_list("name", flat=True))
    assert ordered == vi_sorted(names)
    assert ordered[:3] == ["Anh", "Ánh", "Ăn"]
