"""The foundation's administration screens, as the administrator and as every other role."""

import pytest
from django.urls import reverse

from khoagiao.core.models import CalendarDay

pytestmark = pytest.mark.django_db

SCREENS = ["core:audit_list", "core:job_list", "core:calendar"]
NON_ADMINS = [
    "viewer",
    "leader",
    "specialist",
    "reporter",
    "education_leader",
    "education_focal",
    "commune_a_focal",
    "commune_b_focal",
    "outsider",
]


@pytest.mark.parametrize("name", SCREENS)
def test_administrator_sees_the_screen(client, cast, name):
    client.force_login(cast.admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<h1" in response.content


@pytest.mark.parametrize("name", SCREENS)
def test_screens_are_listed_in_the_administrator_menu(client, cast, name):
    client.force_login(cast.admin)
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse(name)}"' in html


@pytest.mark.parametrize("role", NON_ADMINS)
@pytest.mark.parametrize("name", SCREENS)
def test_other_roles_are_refused(client, cast, name, role):
    client.force_login(getattr(cast, role))
    response = client.get(reverse(name))
    assert response.status_code == 403


@pytest.mark.parametrize("role", NON_ADMINS)
def test_other_roles_cannot_post_to_the_calendar(client, cast, role):
    day = CalendarDay.objects.create(date="2026-03-10", is_working_day=False, note="Bầu cử")
    client.force_login(getattr(cast, role))
    add = client.post(reverse("core:calendar"), {"date": "2026-03-11", "kind": "off", "note": "x"})
    remove = client.post(reverse("core:calendar_day_remove", args=[day.pk]))
    assert (add.status_code, remove.status_code) == (403, 403)
    assert list(CalendarDay.objects.values_list("pk", flat=True)) == [day.pk]


@pytest.mark.parametrize("name", SCREENS)
def test_anonymous_visitors_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_job_screen_shows_the_periodic_schedule(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("core:job_list"))
    html = response.content.decode()
    assert "core.prune_login_failures" in html
    assert "Mỗi giờ" in html
    assert "Hằng ngày, từ 02:00" in html
    assert "Chưa chạy" in html


def test_job_screen_ignores_an_unknown_status_filter(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("core:job_list"), {"status": "DROP TABLE"})
    assert response.status_code == 200
    assert response.context["current_status"] == ""
