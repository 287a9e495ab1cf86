"""The unit's report page offers to raise a section as a hot issue, and the link opens the prefilled intake."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from khoagiao.reporting.services.submissions import submission_submit
from khoagiao.reporting.tests.factories import fill_valid, make_duty, submission_of

pytestmark = pytest.mark.django_db


def test_report_section_links_to_the_prefilled_hot_issue_form(cast, client):
    draft = fill_valid(submission_of(make_duty(cast), cast.commune_a), cast.commune_a_focal)
    submission = submission_submit(actor=cast.commune_a_focal, submission=draft)
    section = submission.period.template_version.sections.order_by("order")[0]
    client.force_login(cast.specialist)
    response = client.get(reverse("reporting:submission_detail", args=[submission.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    link = reverse("opinion:raise_from_submission", args=[submission.pk, section.code])
    assert link in page
    form = client.get(link)
    assert form.status_code == 200
    first_words = strip_tags(submission.narrative[section.code]).strip()[:30]
    assert first_words and first_words in form.content.decode()


def test_readers_without_the_right_to_report_see_no_link(cast, client):
    submission = fill_valid(submission_of(make_duty(cast), cast.commune_a), cast.commune_a_focal)
    client.force_login(cast.viewer)
    page = client.get(reverse("reporting:submission_detail", args=[submission.pk]))
    assert page.status_code in {200, 302, 404}
    assert "/du-luan/tu-bao-cao/" not in page.content.decode()
