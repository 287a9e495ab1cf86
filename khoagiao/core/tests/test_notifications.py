"""Notifications: created once per key, mailed after commit to those who want it, read and managed by their
addressee only; the list, the bell and the e-mail preference."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from khoagiao.core.errors import PermissionDeniedError
from khoagiao.core.models import AuditEvent, Notification
from khoagiao.core.notifications import (
    notification_list,
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_update,
    notification_unread_count,
    notifications_email,
    notify,
)

pytestmark = pytest.mark.django_db


def note(user, number=1, **extra):
    defaults = {
        "kind": "test",
        "title": f"Thông báo số {number}",
        "body": f"Nội dung {number}",
        "url": "/don-vi/",
        "dedupe_key": f"test:{user.pk}:{number}",
    }
    return Notification.objects.create(user=user, **{**defaults, **extra})


# --- notify -------------------------------------------------------------------------------------------------


def test_notify_creates_one_notification_per_dedupe_key(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(cast.specialist, kind="test", title="Nhắc", body="A", url="/x/", dedupe_key="k:1")
        second = notify(cast.specialist, kind="test", title="Nhắc lại", body="B", url="/x/", dedupe_key="k:1")

    assert first is not None and second is None
    assert Notification.objects.filter(dedupe_key="k:1").count() == 1
    assert len(mail.outbox) == 1


def test_notify_without_key_always_creates(cast):
    notify(cast.specialist, kind="test", title="Một", email=False)
    notify(cast.specialist, kind="test", title="Hai", email=False)
    assert Notification.objects.filter(user=cast.specialist).count() == 2


def test_notify_mails_after_commit_and_stamps_emailed_at(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = notify(
            cast.specialist, kind="test", title="Có báo cáo mới", body="Nội dung", url="/bao-cao/"
        )
    assert mail.outbox == []  # nothing leaves before the row is committed
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cv@example.vn"]
    assert message.subject == "Có báo cáo mới"
    assert "Nội dung" in message.body and "/bao-cao/" in message.body
    assert created is not None
    created.refresh_from_db()
    assert created.emailed_at is not None


def test_links_in_mails_are_absolute_when_the_site_address_is_known(cast, settings):
    settings.KHOAGIAO_BASE_URL = "https://khoagiao.example.vn/"
    created = notify(cast.specialist, kind="test", title="T", url="/bao-cao/1/", email=False)
    assert created is not None
    notifications_email(cast.specialist, [created])
    assert "https://khoagiao.example.vn/bao-cao/1/" in mail.outbox[0].body


def test_no_mail_when_the_user_turned_email_off(cast, django_capture_on_commit_callbacks):
    cast.specialist.notify_by_email = False
    cast.specialist.save(update_fields=["notify_by_email"])
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(cast.specialist, kind="test", title="T")
    assert created is not None and created.emailed_at is None
    assert mail.outbox == []


def test_no_mail_when_the_user_has_no_address(cast, django_capture_on_commit_callbacks):
    assert cast.education_focal.email == ""
    with django_capture_on_commit_callbacks(execute=True):
        created = notify(cast.education_focal, kind="test", title="T")
    assert created is not None
    assert Notification.objects.filter(pk=created.pk, emailed_at__isnull=True).exists()
    assert mail.outbox == []


def test_a_rolled_back_notification_sends_no_mail(cast, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(cast.specialist, kind="test", title="T", dedupe_key="rollback")
        raise RuntimeError("the caller's write failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_notification_unmailed(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("khoagiao.core.notifications.send_mail", broken)
    created = notify(cast.specialist, kind="test", title="T", email=False)
    assert created is not None

    assert notifications_email(cast.specialist, [created]) is False
    created.refresh_from_db()
    assert created.emailed_at is None


def test_several_notifications_go_in_one_digest_mail(cast):
    batch = [note(cast.specialist, n) for n in (1, 2, 3)]

    assert notifications_email(cast.specialist, batch) is True
    assert len(mail.outbox) == 1
    assert "3 thông báo mới" in mail.outbox[0].subject
    for n in (1, 2, 3):
        assert f"Thông báo số {n}" in mail.outbox[0].body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    # Already mailed: asking again sends nothing.
    assert notifications_email(cast.specialist, batch) is False
    assert len(mail.outbox) == 1


# --- reading ------------------------------------------------------------------------------------------------


def test_list_shows_unread_first_then_newest(cast):
    old_unread = note(cast.specialist, 1)
    read = note(cast.specialist, 2, read_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    new_unread = note(cast.specialist, 3)
    note(cast.leader, 4)

    assert list(notification_list(user=cast.specialist)) == [new_unread, old_unread, read]
    assert list(notification_list(user=cast.specialist, unread_only=True)) == [new_unread, old_unread]
    assert notification_unread_count(user=cast.specialist) == 2


def test_mark_read_keeps_the_first_reading_time(cast):
    item = note(cast.specialist)
    notification_mark_read(user=cast.specialist, notification=item)
    first = Notification.objects.get(pk=item.pk).read_at
    assert first is not None

    notification_mark_read(user=cast.specialist, notification=Notification.objects.get(pk=item.pk))
    assert Notification.objects.get(pk=item.pk).read_at == first


def test_nobody_marks_another_persons_notification(cast):
    item = note(cast.specialist)
    with pytest.raises(PermissionDeniedError):
        notification_mark_read(user=cast.leader, notification=item)
    assert Notification.objects.get(pk=item.pk).read_at is None


def test_mark_all_read_touches_only_ones_own(cast):
    note(cast.specialist, 1)
    note(cast.specialist, 2)
    other = note(cast.leader, 3)

    assert notification_mark_all_read(user=cast.specialist) == 2
    assert notification_unread_count(user=cast.specialist) == 0
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_reading_is_not_audited(cast):
    item = note(cast.specialist)
    before = AuditEvent.objects.count()
    notification_mark_read(user=cast.specialist, notification=item)
    notification_mark_all_read(user=cast.specialist)
    assert AuditEvent.objects.count() == before


# --- preference ---------------------------------------------------------------------------------------------


def test_preference_change_is_audited(cast):
    assert notification_preferences_update(actor=cast.specialist, notify_by_email=False) is True

    cast.specialist.refresh_from_db()
    assert cast.specialist.notify_by_email is False
    event = AuditEvent.objects.get(action="core.notification_preferences_update")
    assert event.actor == cast.specialist
    assert (event.before, event.after) == ({"notify_by_email": True}, {"notify_by_email": False})


def test_an_unchanged_preference_writes_nothing(cast):
    assert notification_preferences_update(actor=cast.specialist, notify_by_email=True) is False
    assert not AuditEvent.objects.filter(action="core.notification_preferences_update").exists()


# --- screens ------------------------------------------------------------------------------------------------


def test_list_page_shows_ones_own_notifications_unread_first(client, cast):
    note(cast.specialist, 1, read_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    note(cast.specialist, 2)
    note(cast.leader, 3)
    client.force_login(cast.specialist)

    html = client.get(reverse("notifications:list")).content.decode()

    assert html.index("Thông báo số 2") < html.index("Thông báo số 1")
    assert "Thông báo số 3" not in html
    assert "1 chưa đọc" in html
    assert reverse("notifications:mark_all_read") in html


def test_list_page_filters_unread(client, cast):
    note(cast.specialist, 1, read_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    note(cast.specialist, 2)
    client.force_login(cast.specialist)

    html = client.get(reverse("notifications:list") + "?chua-doc=1").content.decode()

    assert "Thông báo số 2" in html and "Thông báo số 1" not in html


def test_list_page_is_paginated(client, cast, settings):
    settings.PAGE_SIZE = 5
    for number in range(7):
        note(cast.specialist, number)
    client.force_login(cast.specialist)
    response = client.get(reverse("notifications:list") + "?page=2")
    assert response.status_code == 200
    assert len(response.context["notifications"]) == 2


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, cast):
    item = note(cast.specialist, url="/don-vi/")
    client.force_login(cast.specialist)

    response = client.post(reverse("notifications:open", args=[item.pk]))

    assert response.status_code == 302 and response["Location"] == "/don-vi/"
    assert Notification.objects.get(pk=item.pk).read_at is not None


def test_opening_never_redirects_off_the_site(client, cast):
    item = note(cast.specialist, url="https://evil.example.com/")
    client.force_login(cast.specialist)

    response = client.post(reverse("notifications:open", args=[item.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_opening_requires_post(client, cast):
    item = note(cast.specialist)
    client.force_login(cast.specialist)
    assert client.get(reverse("notifications:open", args=[item.pk])).status_code == 405
    assert Notification.objects.get(pk=item.pk).read_at is None


def test_another_persons_notification_cannot_be_opened_or_marked(client, cast):
    item = note(cast.specialist)
    client.force_login(cast.leader)

    for name in ("notifications:open", "notifications:mark_read"):
        response = client.post(reverse(name, args=[item.pk]), follow=True)
        assert "Không tìm thấy thông báo này." in response.content.decode()
    assert Notification.objects.get(pk=item.pk).read_at is None


def test_mark_read_button_returns_to_the_same_page(client, cast):
    item = note(cast.specialist)
    client.force_login(cast.specialist)

    response = client.post(
        reverse("notifications:mark_read", args=[item.pk]), {"return_query": "chua-doc=1&page=2"}
    )

    assert response["Location"] == reverse("notifications:list") + "?chua-doc=1&page=2"
    assert Notification.objects.get(pk=item.pk).read_at is not None


def test_mark_all_read_button(client, cast):
    note(cast.specialist, 1)
    note(cast.specialist, 2)
    client.force_login(cast.specialist)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert notification_unread_count(user=cast.specialist) == 0
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()


def test_preference_page_toggles_email(client, cast):
    client.force_login(cast.specialist)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "cv@example.vn" in page and 'name="notify_by_email"' in page

    response = client.post(reverse("notifications:preferences"), {}, follow=True)

    cast.specialist.refresh_from_db()
    assert cast.specialist.notify_by_email is False
    assert "Đã tắt nhận thông báo qua e-mail" in response.content.decode()
    assert AuditEvent.objects.filter(action="core.notification_preferences_update").count() == 1

    client.post(reverse("notifications:preferences"), {"notify_by_email": "on"})
    cast.specialist.refresh_from_db()
    assert cast.specialist.notify_by_email is True


def test_preference_page_warns_when_there_is_no_address(client, cast):
    client.force_login(cast.education_focal)
    html = client.get(reverse("notifications:preferences")).content.decode()
    assert "chưa có địa chỉ e-mail" in html


@pytest.mark.parametrize("name", ["notifications:list", "notifications:preferences"])
def test_anonymous_visitors_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


# --- the bell -----------------------------------------------------------------------------------------------


def test_bell_shows_the_unread_count(client, cast):
    for number in range(3):
        note(cast.specialist, number)
    note(cast.specialist, 9, read_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    client.force_login(cast.specialist)

    html = client.get(reverse("core:home")).content.decode()

    assert f'href="{reverse("notifications:list")}"' in html
    assert 'aria-label="Thông báo: 3 chưa đọc"' in html
    assert 'rounded-pill text-bg-warning" aria-hidden="true">3</span>' in html


def test_bell_has_no_badge_without_unread(client, cast):
    client.force_login(cast.specialist)
    html = client.get(reverse("core:home")).content.decode()
    assert 'aria-label="Thông báo: không có thông báo mới"' in html
    assert "text-bg-warning" not in html


def test_bell_caps_large_counts(client, cast):
    Notification.objects.bulk_create(
        [Notification(user=cast.specialist, kind="test", title=f"T{n}") for n in range(120)]
    )
    client.force_login(cast.specialist)
    html = client.get(reverse("core:home")).content.decode()
    assert ">99+</span>" in html


def test_the_bell_costs_one_query(client, cast):
    note(cast.specialist)
    client.force_login(cast.specialist)
    client.get(reverse("core:home"))  # warm up the session and caches

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("core:home"))
    notification_queries = [q["sql"] for q in queries if "core_notification" in q["sql"]]
    assert len(notification_queries) == 1


def test_pages_without_the_bell_pay_nothing(client, cast):
    client.force_login(cast.specialist)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert not [q for q in queries if "core_notification" in q["sql"]]


def test_anonymous_pages_show_no_bell(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("notifications:list") not in html


# --- in the browser -----------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_focal_point_follows_a_reminder_from_the_bell_on_a_phone(live_server, page, cast):
    from khoagiao.core.testing import TEST_PASSWORD

    note(cast.education_focal, 1, title="Hôm nay là hạn nộp báo cáo quý", url="/don-vi/")
    note(cast.education_focal, 2, title="Sắp đến hạn nộp báo cáo quý", url="/don-vi/")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("daumoi.sogd")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")

    bell = page.get_by_role("link", name="Thông báo: 2 chưa đọc")
    assert bell.is_visible()  # outside the collapsed menu: seen without opening it
    bell.click()
    page.wait_for_url(f"{live_server.url}/thong-bao/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375

    page.get_by_role("button", name="Mới Hôm nay là hạn nộp báo cáo quý", exact=True).click()
    page.wait_for_url(f"{live_server.url}/don-vi/")
    assert page.get_by_role("link", name="Thông báo: 1 chưa đọc").is_visible()

    page.goto(f"{live_server.url}/thong-bao/")
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    assert page.get_by_text("Đã đánh dấu 1 thông báo là đã đọc.").is_visible()
    assert page.get_by_role("link", name="Thông báo: không có thông báo mới").is_visible()
    assert errors == [], errors
