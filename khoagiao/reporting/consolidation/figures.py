"""The figures of a consolidated report, computed by pure functions over plain data (no queries here: the
loader in `selectors_consolidation` fetches everything in a handful of queries and calls `figures_compute`).

Rules:
- Each indicator is aggregated by its own rule (`Indicator.aggregation`): sum, average (of the units that gave a
  figure), min, max, latest (the figure of the most recently sent report) or none. Yes/no indicators count the
  units answering "Có"; choice and text indicators count the answers.
- Only counted reports take part: accepted ones, and submitted-not-accepted ones when the specialist asks for
  them; figures that include such reports are marked.
- The previous period and the same period of last year are computed the same way; an indicator is compared only
  when its type and unit of measure are the same in both periods (otherwise a note says why not).
- A unit that left a figure empty is not a zero: the indicator says how many units gave it.

The result is a JSON-ready dict: it is frozen into the version when the report is issued, so the issued
document, its spreadsheet and the API answer all show the same figures forever.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NUMERIC = {"integer", "decimal", "percent"}
AGGREGATION_LABELS = {
    "sum": "Cộng",
    "average": "Trung bình",
    "min": "Nhỏ nhất",
    "max": "Lớn nhất",
    "latest": "Số mới nhất",
    "none": "Không tổng hợp",
}


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str
    unit_of_measure: str
    value_type: str
    aggregation: str
    field_name: str = ""
    field_order: int = 1000


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str = ""
    kind_order: int = 0
    level: str = ""
    level_rank: int = 0
    path: str = ""
    field_name: str = ""
    field_order: int = 1000


@dataclass
class UnitReport:
    """One expected report: its state, when it was last sent, and its figures by indicator code as
    (number, text, boolean)."""

    unit_id: int
    status: str
    submitted_at: dt.datetime | None = None
    values: dict[str, tuple[Decimal | None, str, bool | None]] = field(default_factory=dict)


@dataclass
class PeriodData:
    id: int
    label: str
    indicators: dict[str, IndicatorInfo]
    reports: list[UnitReport]


def vi_number(value: Decimal | float | int | None) -> str:
    """1234567.5 → "1.234.567,5" (at most two decimals, none for whole numbers)."""
    if value is None:
        return ""
    number = Decimal(str(value))
    if number == number.to_integral():
        text = f"{number:,.0f}"
    else:
        text = f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def counted_statuses(include_submitted: bool) -> set[str]:
    return {"accepted", "submitted"} if include_submitted else {"accepted"}


@dataclass
class Aggregate:
    value: Decimal | None  # numeric result (None: nothing to show or not numeric)
    display: str  # as printed
    reporting: int  # units that gave a figure


def aggregate(
    indicator: IndicatorInfo, entries: Sequence[tuple[tuple[Decimal | None, str, bool | None], Any]]
) -> Aggregate:
    """Aggregate the figures `entries` ((number, text, boolean), submitted_at) of one indicator by its rule."""
    if indicator.value_type in NUMERIC:
        numbers = [(value[0], at) for value, at in entries if value[0] is not None]
        if not numbers or indicator.aggregation == "none":
            return Aggregate(None, "", len(numbers))
        values = [number for number, _at in numbers]
        rule = indicator.aggregation
        if rule == "average":
            result = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        elif rule == "min":
            result = min(values)
        elif rule == "max":
            result = max(values)
        elif rule == "latest":
            dated = [item for item in numbers if item[1] is not None]
            result = max(dated, key=lambda item: item[1])[0] if dated else numbers[-1][0]
        else:
            result = sum(values, Decimal(0))
        return Aggregate(result, vi_number(result), len(values))
    if indicator.value_type == "boolean":
        answers = [value[2] for value, _at in entries if value[2] is not None]
        if not answers:
            return Aggregate(None, "", 0)
        yes = sum(1 for answer in answers if answer)
        return Aggregate(Decimal(yes), f"{yes}/{len(answers)} đơn vị «Có»", len(answers))
    texts = [value[1].strip() for value, _at in entries if value[1] and value[1].strip()]
    if not texts:
        return Aggregate(None, "", 0)
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    shown = "; ".join(f"{text}: {count}" for text, count in sorted(counts.items(), key=lambda kv: -kv[1]))
    return Aggregate(None, shown, len(texts))


def _comparable(current: IndicatorInfo, other: IndicatorInfo | None) -> tuple[bool, str]:
    if other is None:
        return False, ""
    if other.value_type != current.value_type or (other.unit_of_measure or "") != (
        current.unit_of_measure or ""
    ):
        was = other.unit_of_measure or other.value_type
        return False, f"khác đơn vị tính hoặc kiểu số liệu (khi đó: «{was}»), không so sánh"
    return True, ""


def _entries(
    reports: Iterable[UnitReport], code: str
) -> list[tuple[tuple[Decimal | None, str, bool | None], Any]]:
    return [(report.values[code], report.submitted_at) for report in reports if code in report.values]


def _period_aggregates(
    period: PeriodData | None, current: dict[str, IndicatorInfo], counted: set[str]
) -> tuple[dict[str, Aggregate], dict[str, str]]:
    """Aggregates of a comparison period, for the indicators comparable with the current ones."""
    if period is None:
        return {}, {}
    reports = [report for report in period.reports if report.status in counted]
    results: dict[str, Aggregate] = {}
    notes: dict[str, str] = {}
    for code, indicator in current.items():
        other = period.indicators.get(code)
        ok, note = _comparable(indicator, other)
        if note:
            notes[code] = note
        if ok and other is not None:
            results[code] = aggregate(other, _entries(reports, code))
    return results, notes


def _change(current: Decimal | None, before: Decimal | None) -> str:
    if current is None or before is None:
        return ""
    difference = current - before
    sign = "+" if difference > 0 else ""
    text = f"{sign}{vi_number(difference)}"
    if before and before > 0:
        percent = (difference / before * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text += f" ({'+' if percent > 0 else ''}{vi_number(percent)}%)"
    return text


def _grouped(
    indicators: list[IndicatorInfo],
    reports: list[UnitReport],
    key_of: dict[int, tuple[Any, str]],
) -> dict[str, Any]:
    """A table: one row per indicator, one column per group (kind or level) of units."""
    groups: dict[str, tuple[Any, list[UnitReport]]] = {}
    for report in reports:
        order, name = key_of[report.unit_id]
        groups.setdefault(name, (order, []))[1].append(report)
    names = sorted(groups, key=lambda name: (groups[name][0], name))
    rows = []
    for indicator in indicators:
        cells = [aggregate(indicator, _entries(groups[name][1], indicator.code)).display for name in names]
        rows.append({"code": indicator.code, "name": indicator.name, "values": cells})
    return {"columns": names, "counts": [len(groups[name][1]) for name in names], "rows": rows}


def figures_compute(
    *,
    current: PeriodData,
    previous: PeriodData | None,
    last_year: PeriodData | None,
    units: dict[int, UnitInfo],
    issuing_unit_id: int,
    ancestor_names: dict[int, str],
    include_submitted: bool,
    status_labels: dict[str, str],
) -> dict[str, Any]:
    """Every figure of the report, as a JSON-ready dict (see the module's docstring for the rules)."""
    counted_states = counted_statuses(include_submitted)
    indicators = sorted(current.indicators.values(), key=lambda i: (i.field_order, i.field_name))
    ordered = list(current.indicators.values())  # the template's order
    counted = [report for report in current.reports if report.status in counted_states]
    marked_units = {report.unit_id for report in counted if report.status == "submitted"}
    previous_results, previous_notes = _period_aggregates(previous, current.indicators, counted_states)
    last_results, last_notes = _period_aggregates(last_year, current.indicators, counted_states)

    rows = []
    for indicator in ordered:
        entries = [
            (report.values[indicator.code], report.submitted_at)
            for report in counted
            if indicator.code in report.values
        ]
        result = aggregate(indicator, entries)
        notes = []
        if 0 < result.reporting < len(counted):
            notes.append(f"{result.reporting}/{len(counted)} đơn vị có số liệu")
        if previous_notes.get(indicator.code):
            notes.append("kỳ trước " + previous_notes[indicator.code])
        if last_notes.get(indicator.code):
            notes.append("cùng kỳ năm trước " + last_notes[indicator.code])
        before = previous_results.get(indicator.code)
        year_ago = last_results.get(indicator.code)
        has_marked = any(
            report.unit_id in marked_units and indicator.code in report.values for report in counted
        )
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit_of_measure": indicator.unit_of_measure,
                "value_type": indicator.value_type,
                "aggregation": indicator.aggregation,
                "aggregation_label": AGGREGATION_LABELS.get(indicator.aggregation, indicator.aggregation),
                "field": indicator.field_name,
                "current": result.display,
                "current_value": float(result.value) if result.value is not None else None,
                "previous": before.display if before else "",
                "previous_value": float(before.value) if before and before.value is not None else None,
                "last_year": year_ago.display if year_ago else "",
                "last_year_value": float(year_ago.value) if year_ago and year_ago.value is not None else None,
                "change": _change(result.value, before.value if before else None),
                "reporting_units": result.reporting,
                "marked": has_marked,
                "notes": notes,
            }
        )

    fields: list[dict[str, Any]] = []
    for indicator in indicators:
        name = indicator.field_name or "Chung"
        if not fields or fields[-1]["name"] != name:
            fields.append({"name": name, "codes": []})
        fields[-1]["codes"].append(indicator.code)

    kinds = _grouped(ordered, counted, {u.id: (u.kind_order, u.kind) for u in units.values()})
    levels = _grouped(ordered, counted, {u.id: (u.level_rank, u.level) for u in units.values()})

    # Roll-up: every unit between the issuing unit and the reporting units that groups several of them.
    prefix_len = 0
    subtree: dict[int, list[UnitReport]] = {}
    for report in counted:
        ids = [int(part) for part in units[report.unit_id].path.strip("/").split("/") if part]
        if issuing_unit_id in ids:
            prefix_len = ids.index(issuing_unit_id) + 1
            for ancestor in ids[prefix_len:-1]:
                subtree.setdefault(ancestor, []).append(report)
    rollup: list[dict[str, Any]] = []
    for node_id, node_reports in subtree.items():
        node = units.get(node_id)
        path = node.path if node else ""
        rollup.append(
            {
                "unit_id": node_id,
                "unit": ancestor_names.get(node_id, node.name if node else str(node_id)),
                "path": path,
                "unit_count": len(node_reports),
                "values": [aggregate(i, _entries(node_reports, i.code)).display for i in ordered],
            }
        )
    rollup.sort(key=lambda row: row["unit"])

    expected = len(current.reports)
    accepted = sum(1 for report in current.reports if report.status == "accepted")
    missing: list[dict[str, Any]] = [
        {
            "unit_id": report.unit_id,
            "unit": units[report.unit_id].name,
            "status": report.status,
            "status_label": status_labels.get(report.status, report.status),
        }
        for report in current.reports
        if report.status not in counted_states
    ]
    missing.sort(key=lambda row: (units[row["unit_id"]].kind_order, row["unit"]))
    unit_rows = []
    for report in sorted(current.reports, key=lambda r: (units[r.unit_id].kind_order, units[r.unit_id].name)):
        unit = units[report.unit_id]
        in_report = report.status in counted_states
        unit_rows.append(
            {
                "unit_id": unit.id,
                "unit": unit.name,
                "kind": unit.kind,
                "level": unit.level,
                "status_label": status_labels.get(report.status, report.status),
                "counted": in_report,
                "marked": report.unit_id in marked_units,
                "values": [
                    aggregate(i, _entries([report], i.code)).display if in_report else "" for i in ordered
                ],
            }
        )
    return {
        "period": {"id": current.id, "label": current.label},
        "previous": {"id": previous.id, "label": previous.label} if previous else None,
        "last_year": {"id": last_year.id, "label": last_year.label} if last_year else None,
        "include_submitted": include_submitted,
        "has_data": bool(counted),
        "indicators": rows,
        "fields": fields,
        "kinds": kinds,
        "levels": levels,
        "rollup": rollup,
        "units": unit_rows,
        "completeness": {
            "expected": expected,
            "accepted": accepted,
            "counted": len(counted),
            "marked": sorted(units[unit_id].name for unit_id in marked_units),
            "rate": round(len(counted) / expected * 100, 1) if expected else None,
            "accepted_rate": round(accepted / expected * 100, 1) if expected else None,
            "missing": missing,
        },
        "unit_ids": sorted(report.unit_id for report in current.reports),
    }
