"""The audit trail: what audit_record stores, and the administrators' screen that reads it."""

import datetime as dt
import decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from khoagiao.core.audit import audit_record
from khoagiao.core.context import current_ip
from khoagiao.core.models import AuditEvent, CalendarDay
from khoagiao.core.selectors import audit_event_list
from khoagiao.core.views_admin import audit_changes, audit_related_names

pytestmark = pytest.mark.django_db


def test_audit_record_stores_actor_ip_object_and_before_after(cast):
    day = CalendarDay.objects.create(date=dt.date(2026, 2, 23), is_working_day=False, note="Nghỉ bù")
    token = current_ip.set("203.0.113.7")
    try:
        event = audit_record(
            actor=cast.admin,
            action="core.calendar_day_update",
            obj=day,
            before={"note": "Nghỉ bù", "date": dt.date(2026, 2, 23)},
            after={"note": "Nghỉ Tết", "amount": decimal.Decimal("1.50")},
        )
    finally:
        current_ip.reset(token)

    event.refresh_from_db()
    assert event.actor == cast.admin
    assert event.actor_name == "quantri"
    assert event.ip_address == "203.0.113.7"
    assert event.object_type == ContentType.objects.get_for_model(CalendarDay)
    assert event.object_id == str(day.pk)
    assert event.object_repr == "23/02/2026"
    assert event.before == {"note": "Nghỉ bù", "date": "2026-02-23"}
    assert event.after == {"note": "Nghỉ Tết", "amount": "1.50"}


def test_audit_record_without_a_user_is_the_system():
    event = audit_record(actor=None, action="core.job_cleanup")
    assert event.actor is None
    assert event.actor_name == "hệ thống"
    assert event.ip_address is None
    assert event.object_type is None and event.object_id == ""


def test_audit_changes_lists_only_the_changed_keys():
    event = AuditEvent(
        action="core.calendar_day_update",
        object_type=ContentType.objects.get_for_model(CalendarDay),
        before={"date": "2026-02-23", "is_working_day": False, "note": "Nghỉ bù"},
        after={"date": "2026-02-23", "is_working_day": True, "note": "Làm bù"},
    )
    changes = audit_changes(event)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Là ngày làm việc", "Không", "Có"),
        ("Ghi chú", "Nghỉ bù", "Làm bù"),
    ]


def test_audit_changes_of_a_creation_and_a_removal():
    created = AuditEvent(action="x.create", after={"date": "2026-02-23", "fields": [1, 2]})
    assert [(c.label, c.before, c.after) for c in audit_changes(created)] == [
        ("date", None, "23/02/2026"),
        ("fields", None, "[1, 2]"),
    ]
    removed = AuditEvent(action="x.remove", before={"name": "Sở Y tế"})
    assert [(c.label, c.before, c.after) for c in audit_changes(removed)] == [("name", "Sở Y tế", None)]
    assert audit_changes(AuditEvent(action="x.login")) == []


def _event(actor, action, repr_="", object_id="", created_at=None):
    event = AuditEvent.objects.create(
        actor=actor, actor_name=actor.username, action=action, object_repr=repr_, object_id=object_id
    )
    if created_at:
        AuditEvent.objects.filter(pk=event.pk).update(created_at=created_at)
    return event


def test_audit_event_list_filters(cast):
    AuditEvent.objects.all().delete()  # the cast's own creation events
    moment = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 0))
    a = _event(cast.admin, "orgs.unit_update", "Sở Y tế", "12", moment)
    b = _event(cast.specialist, "accounts.user_create", "Nguyễn Văn A", "7", moment + dt.timedelta(days=2))

    assert list(audit_event_list(actor_query="quantri")) == [a]
    assert list(audit_event_list(actor_query="chuyen")) == [b]
    assert list(audit_event_list(object_query="y tế")) == [a]
    assert list(audit_event_list(object_query="7")) == [b]
    assert list(audit_event_list(action="orgs.")) == [a]
    assert list(audit_event_list(date_from=dt.date(2026, 3, 11))) == [b]
    assert list(audit_event_list(date_to=dt.date(2026, 3, 10))) == [a]
    assert list(audit_event_list(date_from=dt.date(2026, 3, 10), date_to=dt.date(2026, 3, 12))) == [b, a]


def test_audit_actor_filter_matches_the_full_name_without_diacritics(cast):
    cast.admin.full_name = "Trần Thị Quản Trị"
    cast.admin.save()
    event = _event(cast.admin, "orgs.unit_update")
    assert list(audit_event_list(actor_query="tran thi")) == [event]


def test_audit_screen_shows_events_with_a_readable_diff(client, cast):
    AuditEvent.objects.create(
        actor=cast.admin,
        actor_name="quantri",
        action="core.calendar_day_update",
        object_type=ContentType.objects.get_for_model(CalendarDay),
        object_id="5",
        object_repr="23/02/2026",
        before={"note": "Nghỉ bù", "is_working_day": False},
        after={"note": "Làm bù", "is_working_day": True},
        ip_address="198.51.100.4",
    )
    client.force_login(cast.admin)
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "core.calendar_day_update" in html
    assert "198.51.100.4" in html
    assert "<del" in html and "Nghỉ bù" in html and "Làm bù" in html
    assert "Là ngày làm việc" in html


def test_audit_screen_filters_and_keeps_the_input(client, cast):
    AuditEvent.objects.all().delete()
    _event(cast.admin, "orgs.unit_update", "Sở Y tế")
    _event(cast.specialist, "accounts.user_create", "Nguyễn Văn A")
    client.force_login(cast.admin)
    response = client.get(reverse("core:audit_list"), {"action": "accounts.", "actor": "chuyenvien"})
    assert response.status_code == 200
    assert [event.action for event, _ in response.context["rows"]] == ["accounts.user_create"]
    assert 'value="accounts."' in response.content.decode()


def test_audit_screen_reports_a_bad_date_range(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("core:audit_list"), {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "«Đến ngày» phải sau hoặc bằng «Từ ngày»." in response.content.decode()
    response = client.get(reverse("core:audit_list"), {"date_from": "2026-02-30"})
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in response.content.decode()


def test_audit_screen_is_paginated(client, cast, settings):
    settings.PAGE_SIZE = 5
    AuditEvent.objects.all().delete()
    for number in range(12):
        _event(cast.admin, f"tests.action_{number}")
    client.force_login(cast.admin)
    response = client.get(reverse("core:audit_list"), {"page": 3})
    assert response.context["page_obj"].number == 3
    assert len(response.context["rows"]) == 2


def test_audit_changes_name_the_related_objects_and_skip_empty_values(cast):
    event = AuditEvent.objects.get(action="orgs.unit_create", object_repr="Sở Y tế")
    changes = {c.label: (c.before, c.after) for c in audit_changes(event, audit_related_names([event]))}
    assert changes["Đơn vị cấp trên"] == (None, f"Ban Tuyên giáo và Dân vận Tỉnh ủy (#{cast.department.pk})")
    assert changes["Tên đơn vị"] == (None, "Sở Y tế")
    assert changes["Hiệu lực từ ngày"] == (None, "01/01/2020")
    assert "Tên viết tắt" not in changes  # empty at creation
    assert "Hiệu lực đến ngày" not in changes


def test_audit_changes_show_an_emptied_value():
    event = AuditEvent(action="x.update", before={"note": "Cũ"}, after={"note": ""})
    assert [(c.before, c.after) for c in audit_changes(event)] == [("Cũ", "(trống)")]
