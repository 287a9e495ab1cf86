"""The home page lists what each person has to do with reports."""

import pytest
from django.urls import reverse

from khoagiao.reporting.services.submissions import submission_submit
from khoagiao.reporting.tests.factories import fill_valid, first_period, make_duty, submission_of

pytestmark = pytest.mark.django_db


def test_home_lists_reports_to_write_approve_and_review(cast, client):
    duty = make_duty(cast, requires_leader_approval=True)
    period = first_period(duty)
    education = submission_of(duty, cast.education, period)
    commune = fill_valid(submission_of(duty, cast.commune_a, period), cast.commune_a_focal)

    client.force_login(cast.education_focal)
    page = client.get(reverse("core:home")).content.decode()
    assert f"Soạn và gửi: {cast.education.display_name} — {period.label}" in page
    assert reverse("reporting:submission_detail", args=[education.pk]) in page

    education = fill_valid(education, cast.education_focal)
    submission_submit(actor=cast.education_focal, submission=education, expected_version=education.version)
    client.force_login(cast.education_leader)
    page = client.get(reverse("core:home")).content.decode()
    assert f"Duyệt báo cáo: {cast.education.display_name} — {period.label}" in page

    commune_leaderless = commune  # commune A's duty asks for approval too, but its focal point has no leader
    assert commune_leaderless.status == "draft"
    client.force_login(cast.specialist)
    assert "đang chờ Ban tiếp nhận" not in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.education_leader)
    from khoagiao.reporting.services.submissions import submission_approve

    submission_approve(actor=cast.education_leader, submission=education)
    client.force_login(cast.specialist)
    assert (
        "1 báo cáo của đơn vị đang chờ Ban tiếp nhận hoặc trả lại"
        in client.get(reverse("core:home")).content.decode()
    )


def test_home_of_another_commune_shows_nothing_of_commune_a(cast, client):
    duty = make_duty(cast)
    submission_of(duty, cast.commune_a)
    client.force_login(cast.commune_b_focal)
    page = client.get(reverse("core:home")).content.decode()
    assert cast.commune_a.display_name not in page
    assert cast.commune_b.display_name in page
