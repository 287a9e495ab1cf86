"""Helpers of the meetings tests: briefings built through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from khoagiao.meetings import services
from khoagiao.meetings.models import Briefing


def today() -> dt.date:
    return timezone.localdate()


def make_briefing(cast: Any, *, date: dt.date | None = None, **extra: Any) -> Briefing:
    data: dict[str, Any] = {
        "title": "Hội nghị giao ban khối Khoa giáo quý III năm 2026",
        "kind": "quarter",
        "date": date or today() + dt.timedelta(days=10),
        "place": "Hội trường Tỉnh ủy",
        "chair_name": "Nguyễn Thị Hồng Hạnh",
        "chair_title": "Phó Trưởng Ban Tuyên giáo và Dân vận",
    }
    data.update(extra)
    data.setdefault("invited_units", [cast.education, cast.health, cast.commune_a, cast.commune_b])
    return services.briefing_create(actor=cast.specialist, organising_unit=cast.department, **data)


def invited_briefing(cast: Any, **extra: Any) -> Briefing:
    briefing = make_briefing(cast, **extra)
    services.agenda_item_add(
        actor=cast.specialist, briefing=briefing, title="Báo cáo kết quả công tác khoa giáo quý III"
    )
    services.invitation_issue(actor=cast.specialist, briefing=briefing)
    briefing.refresh_from_db()
    return briefing


def held_briefing(cast: Any, **extra: Any) -> Briefing:
    extra.setdefault("date", today())
    briefing = invited_briefing(cast, **extra)
    services.briefing_mark_held(actor=cast.specialist, briefing=briefing)
    briefing.refresh_from_db()
    return briefing


def attendance_of(briefing: Briefing, unit: Any) -> Any:
    return briefing.attendances.get(unit=unit)
