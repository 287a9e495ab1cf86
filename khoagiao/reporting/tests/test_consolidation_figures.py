"""Figures of the consolidated report against hand-computed sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from khoagiao.reporting.consolidation.figures import (
    IndicatorInfo,
    PeriodData,
    UnitInfo,
    UnitReport,
    aggregate,
    figures_compute,
    vi_number,
)
from khoagiao.reporting.selectors_consolidation import consolidation_data

from .test_consolidation_helpers import Setting

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(cast) -> Setting:
    return Setting(cast)


def _row(figures, code):
    return next(row for row in figures["indicators"] if row["code"] == code)


def test_aggregation_rules_by_hand() -> None:
    days = [dt.datetime(2026, 3, day, tzinfo=dt.UTC) for day in (5, 1, 9)]
    entries = [((Decimal(v), "", None), day) for v, day in zip(["10", "2", "7.5"], days, strict=True)]
    info = {
        rule: IndicatorInfo("X", "x", "", "decimal", rule)
        for rule in ["sum", "average", "min", "max", "latest"]
    }
    assert aggregate(info["sum"], entries).value == Decimal("19.5")
    assert aggregate(info["average"], entries).value == Decimal("6.50")
    assert aggregate(info["min"], entries).value == Decimal("2")
    assert aggregate(info["max"], entries).value == Decimal("10")
    assert aggregate(info["latest"], entries).value == Decimal("7.5")
    assert aggregate(IndicatorInfo("X", "x", "", "decimal", "none"), entries).display == ""
    yes_no = IndicatorInfo("B", "b", "", "boolean", "sum")
    assert aggregate(
        yes_no, [((None, "", True), 1), ((None, "", False), 2), ((None, "", True), 3)]
    ).display == ("2/3 đơn vị «Có»")
    assert vi_number(Decimal("1234567.5")) == "1.234.567,5"


def test_totals_previous_and_last_year_by_hand(setting: Setting, django_assert_max_num_queries) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {"GD01": "40", "GD02": "11", "CT01": "5", "GD03": "90"})
    setting.send(cast.commune_a, setting.current, {"GD01": "12", "GD02": "3", "CT01": "2", "GD03": "95"})
    setting.send(cast.commune_b, setting.current, {"GD01": "8", "GD02": "8", "CT01": "1"}, accept=False)
    setting.send(cast.education, setting.previous, {"GD01": "38", "CT01": "4"})
    setting.send(cast.commune_a, setting.previous, {"GD01": "11", "CT01": "1"})
    setting.send(cast.health, setting.last_year, {"CT01": "7"})
    with django_assert_max_num_queries(8):
        figures, _sources = consolidation_data(
            period=setting.current, issuing_unit=cast.department, include_submitted=False
        )
    gd01 = _row(figures, "GD01")
    assert gd01["current"] == "52"  # 40 + 12; commune B only submitted, not counted
    assert gd01["previous"] == "49"  # 38 + 11
    assert gd01["change"] == "+3 (+6,1%)"
    assert _row(figures, "CT01")["last_year"] == "7"
    assert _row(figures, "GD03")["current"] == "92,5"  # average of 90 and 95
    assert gd01["marked"] is False
    completeness = figures["completeness"]
    assert (completeness["expected"], completeness["accepted"], completeness["counted"]) == (4, 2, 2)
    assert completeness["rate"] == 50.0
    missing = {row["unit"]: row["status_label"] for row in completeness["missing"]}
    assert missing == {"Sở Y tế": "Chưa bắt đầu", "Đảng ủy phường Bắc Sơn": "Đã gửi"}
    # By kind: agencies (education) and party committees (commune A).
    kinds = figures["kinds"]
    assert kinds["columns"] == ["Cấp ủy đảng", "Sở, ngành"]
    gd01_by_kind = next(row for row in kinds["rows"] if row["code"] == "GD01")["values"]
    assert gd01_by_kind == ["12", "40"]


def test_submitted_reports_included_on_request_are_marked(setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {"GD01": "40"})
    setting.send(cast.commune_b, setting.current, {"GD01": "8", "GD02": "2"}, accept=False)
    figures, _sources = consolidation_data(
        period=setting.current, issuing_unit=cast.department, include_submitted=True
    )
    gd01 = _row(figures, "GD01")
    assert gd01["current"] == "48"
    assert gd01["marked"] is True
    assert figures["completeness"]["marked"] == ["Đảng ủy phường Bắc Sơn"]
    assert figures["completeness"]["counted"] == 2


def test_no_accepted_report_gives_empty_but_explained_figures(setting: Setting) -> None:
    figures, sources = consolidation_data(
        period=setting.current,
        issuing_unit=setting.cast.department,
        include_submitted=False,
        with_narrative=True,
    )
    assert figures["has_data"] is False
    assert figures["completeness"]["counted"] == 0
    assert len(figures["completeness"]["missing"]) == 4
    assert sources == []


def test_mixed_indicator_is_noted_not_compared() -> None:
    """An indicator counted in another unit of measure (or type) in the previous period is not compared."""
    now = IndicatorInfo("GD01", "Số trường", "trường", "integer", "sum")
    before = IndicatorInfo("GD01", "Số trường", "lớp", "integer", "sum")
    units = {1: UnitInfo(1, "Xã Ân Ưng Ửng Ỹ", path="/9/1/"), 2: UnitInfo(2, "Sở Đồng Ấp", path="/9/2/")}
    value = (Decimal(5), "", None)
    current = PeriodData(
        10,
        "Quý I/2026",
        {"GD01": now},
        [UnitReport(1, "accepted", None, {"GD01": value}), UnitReport(2, "accepted", None, {})],
    )
    previous = PeriodData(
        9, "Quý IV/2025", {"GD01": before}, [UnitReport(1, "accepted", None, {"GD01": value})]
    )
    figures = figures_compute(
        current=current,
        previous=previous,
        last_year=None,
        units=units,
        issuing_unit_id=9,
        ancestor_names={},
        include_submitted=False,
        status_labels={},
    )
    row = figures["indicators"][0]
    assert row["current"] == "5"
    assert row["previous"] == ""
    assert row["notes"] == [
        "1/2 đơn vị có số liệu",
        "kỳ trước khác đơn vị tính hoặc kiểu số liệu (khi đó: «lớp»), không so sánh",
    ]


def test_units_leaving_a_figure_empty_are_counted_in_the_note(setting: Setting) -> None:
    cast = setting.cast
    setting.send(cast.education, setting.current, {"CT05": "30"})
    setting.send(cast.commune_a, setting.current, {"CT05": ""})
    figures, _sources = consolidation_data(
        period=setting.current, issuing_unit=cast.department, include_submitted=False
    )
    ct05 = _row(figures, "CT05")
    assert ct05["current"] == "30"
    assert ct05["reporting_units"] == 1
    assert "1/2 đơn vị có số liệu" in ct05["notes"]
