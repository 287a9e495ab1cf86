"""Reporting duties: creating and changing them (periods and expected reports follow), bad input, permissions,
and the duty screens through the Django test client."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership
from khoagiao.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast, make_unit, make_user, root_user
from khoagiao.orgs.models import UnitKind, UnitLevel
from khoagiao.reporting.choices import DeadlineRule, DutyFrequency, SubmissionStatus, WindowRule
from khoagiao.reporting.models import Period, ReportingDuty, ReportTemplate, Submission
from khoagiao.reporting.periods import end_of_day
from khoagiao.reporting.services.duties import duty_create, duty_generate_periods, duty_update
from khoagiao.reporting.services.submissions import submission_save_draft
from khoagiao.reporting.services.templates import (
    indicator_create,
    template_create,
    template_install_default,
    version_publish,
)

from .factories import make_duty

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date


@pytest.fixture
def template(cast: Cast) -> ReportTemplate:
    return template_install_default(actor=root_user())


@pytest.fixture
def frozen() -> Iterator[Any]:
    """Today is 01/04/2026 in the province: quarter I/2026 is past its deadline, quarter II open, III not."""
    with mock.patch(
        "django.utils.timezone.now", return_value=dt.datetime(2026, 4, 1, 9, 0, tzinfo=HCM)
    ) as patched:
        yield patched


def kinds(*codes: str) -> list[UnitKind]:
    return list(UnitKind.objects.filter(code__in=codes))


def create_kwargs(cast: Cast, report_template: ReportTemplate | None, /, **overrides: Any) -> dict[str, Any]:
    return {
        "code": "kg-quy",
        "name": "Báo cáo quý công tác khoa giáo",
        "template": report_template,
        "receiving_unit": cast.department,
        "frequency": DutyFrequency.QUARTER,
        "unit_kinds": kinds("agency", "party_committee"),
        "today": D(2026, 4, 1),
        **overrides,
    }


def update_kwargs(duty: ReportingDuty, **changes: Any) -> dict[str, Any]:
    duty = ReportingDuty.objects.get(pk=duty.pk)
    current = {
        "code": duty.code,
        "name": duty.name,
        "template": duty.template,
        "receiving_unit": duty.receiving_unit,
        "frequency": duty.frequency,
        "window_rule": duty.window_rule,
        "deadline_rule": duty.deadline_rule,
        "deadline_working_days": duty.deadline_working_days,
        "deadline_fixed_day": duty.deadline_fixed_day,
        "consolidated_deadline_working_days": duty.consolidated_deadline_working_days,
        "units": list(duty.units.all()),
        "unit_kinds": list(duty.unit_kinds.all()),
        "unit_levels": list(duty.unit_levels.all()),
        "requires_leader_approval": duty.requires_leader_approval,
        "lock_after_days": duty.lock_after_days,
        "periods_ahead": duty.periods_ahead,
        "is_active": duty.is_active,
        "today": D(2026, 4, 1),
    }
    return {**current, **changes}


def expected(period: Period) -> set[int]:
    return set(period.submissions.values_list("unit_id", flat=True))


def state() -> dict[str, Any]:
    return {
        "duties": list(
            ReportingDuty.objects.order_by("pk").values_list("pk", "code", "frequency", "updated_at")
        ),
        "periods": list(
            Period.objects.order_by("pk").values_list("pk", "window_start", "deadline", "template_version")
        ),
        "submissions": list(
            Submission.objects.order_by("pk").values_list("pk", "period_id", "unit_id", "status")
        ),
        "audit": AuditEvent.objects.count(),
    }


# --- Creating a duty --------------------------------------------------------------------------------------------


def test_creating_a_duty_generates_its_periods_and_expected_reports(
    cast: Cast, template: ReportTemplate, frozen
):
    duty = duty_create(actor=cast.specialist, **create_kwargs(cast, template, lock_after_days=5))
    labels = list(duty.periods.order_by("window_start").values_list("label", flat=True))
    assert labels == ["Quý II/2026", "Quý III/2026", "Quý IV/2026"]
    quarter_two = duty.periods.get(number=2)
    # Window 15/03–14/06/2026 (Sunday): 2 working days → Tuesday 16/06; 3 more → Friday 19/06.
    assert (quarter_two.window_start, quarter_two.window_end) == (D(2026, 3, 15), D(2026, 6, 14))
    assert quarter_two.deadline == end_of_day(D(2026, 6, 16))
    assert quarter_two.consolidated_deadline == end_of_day(D(2026, 6, 19))
    assert quarter_two.lock_at == end_of_day(D(2026, 6, 16)) + dt.timedelta(days=5)
    assert expected(quarter_two) == {cast.education.pk, cast.health.pk, cast.commune_a.pk, cast.commune_b.pk}
    event = AuditEvent.objects.get(action="reporting.duty_create", object_id=str(duty.pk))
    assert (event.after or {})["periods_created"] == labels
    assert sorted((event.after or {})["unit_kinds"]) == sorted(
        kind.pk for kind in kinds("agency", "party_committee")
    )


def test_a_fixed_day_deadline_and_calendar_months(cast: Cast, template: ReportTemplate, frozen):
    duty = duty_create(
        actor=cast.specialist,
        **create_kwargs(
            cast,
            template,
            frequency=DutyFrequency.MONTH,
            window_rule=WindowRule.CALENDAR,
            deadline_rule=DeadlineRule.FIXED_DAY,
            deadline_fixed_day=5,
            periods_ahead=1,
        ),
    )
    april = duty.periods.get(year=2026, number=4)
    assert (april.window_start, april.window_end) == (D(2026, 4, 1), D(2026, 4, 30))
    assert april.deadline == end_of_day(D(2026, 5, 5))  # 05/05/2026 is a Tuesday
    assert duty.periods.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"deadline_rule": DeadlineRule.FIXED_DAY, "deadline_fixed_day": None},
            "deadline_fixed_day",
            "từ 1 đến 31",
        ),
        (
            {"deadline_rule": DeadlineRule.FIXED_DAY, "deadline_fixed_day": 32},
            "deadline_fixed_day",
            "từ 1 đến 31",
        ),
        (
            {"deadline_rule": DeadlineRule.FIXED_DAY, "deadline_fixed_day": 0},
            "deadline_fixed_day",
            "từ 1 đến 31",
        ),
        ({"deadline_working_days": 0}, "deadline_working_days", "ít nhất 01 ngày làm việc"),
        ({"deadline_working_days": None}, "deadline_working_days", "ít nhất 01 ngày làm việc"),
        (
            {"consolidated_deadline_working_days": 0},
            "consolidated_deadline_working_days",
            "ít nhất 01 ngày làm việc",
        ),
        ({"unit_kinds": []}, "units", "Hãy chọn đơn vị phải báo cáo"),
        ({"unit_kinds": ("association",)}, "units", "không gồm đơn vị nào đang hoạt động"),
        ({"frequency": "weekly"}, "frequency", "tần suất"),
        ({"code": "kg quý"}, "code", "không hợp lệ"),
        ({"name": "  "}, "name", "tên chế độ"),
        ({"periods_ahead": 13}, "periods_ahead", "từ 0 đến 12"),
        ({"lock_after_days": -1}, "lock_after_days", "khóa"),
        ({"template": None}, "template", "mẫu báo cáo"),
    ],
)
def test_bad_duties_are_refused_naming_the_problem(
    cast: Cast, template: ReportTemplate, frozen, overrides, field, message
):
    before = state()
    if isinstance(overrides.get("unit_kinds"), tuple):
        overrides = {**overrides, "unit_kinds": kinds(*overrides["unit_kinds"])}
    with pytest.raises(ValidationFailed, match=re.escape(message)) as error:
        duty_create(actor=cast.specialist, **create_kwargs(cast, template, **overrides))
    assert error.value.details["field"] == field
    assert state() == before


def test_units_outside_the_receiving_unit_or_the_receiving_unit_itself_are_refused(
    cast: Cast, template: ReportTemplate, frozen
):
    before = state()
    for unit in (cast.province, cast.department):
        with pytest.raises(ValidationFailed, match=re.escape(unit.name)) as error:
            duty_create(actor=cast.specialist, **create_kwargs(cast, template, units=[unit], unit_kinds=[]))
        assert error.value.details["field"] == "units"
    assert state() == before


def test_a_template_without_a_published_version_is_refused(cast: Cast, frozen):
    draft_only = template_create(actor=cast.specialist, code="nhap", name="Mẫu chưa ban hành")
    with pytest.raises(ValidationFailed, match="chưa có phiên bản nào được ban hành"):
        duty_create(actor=cast.specialist, **create_kwargs(cast, draft_only))
    assert not ReportingDuty.objects.exists()


def test_a_duplicate_code_is_refused(cast: Cast, template: ReportTemplate, frozen):
    duty_create(actor=cast.specialist, **create_kwargs(cast, template))
    with pytest.raises(ValidationFailed, match="KG-QUY") as error:
        duty_create(actor=cast.specialist, **create_kwargs(cast, template, code="KG-QUY"))
    assert error.value.code == "duplicate_code"
    assert ReportingDuty.objects.count() == 1


def test_a_receiving_unit_the_user_does_not_manage_is_refused(cast: Cast, template: ReportTemplate, frozen):
    before = state()
    # The department's specialist does not manage the provincial committee above the department.
    with pytest.raises(PermissionDeniedError, match="Tỉnh ủy Thử Nghiệm") as error:
        duty_create(actor=cast.specialist, **create_kwargs(cast, template, receiving_unit=cast.province))
    assert error.value.details["field"] == "receiving_unit"
    # A commune's administrator manages the commune, not the department.
    commune_admin = make_user("quantri.anbinh", role=MembershipRole.ADMIN, unit=cast.commune_a)
    with pytest.raises(PermissionDeniedError):
        duty_create(actor=commune_admin, **create_kwargs(cast, template))
    assert state() == before


@pytest.mark.parametrize(
    "who", ["education_focal", "education_leader", "commune_a_focal", "viewer", "reporter", "outsider"]
)
def test_people_outside_the_department_cannot_manage_duties(
    cast: Cast, template: ReportTemplate, frozen, who
):
    duty = duty_create(actor=cast.specialist, **create_kwargs(cast, template))
    actor = getattr(cast, who)
    before = state()
    with pytest.raises(PermissionDeniedError):
        duty_create(actor=actor, **create_kwargs(cast, template, code="khac"))
    with pytest.raises(PermissionDeniedError):
        duty_update(actor=actor, duty=duty, **update_kwargs(duty, name="Đổi tên"))
    with pytest.raises(PermissionDeniedError):
        duty_generate_periods(actor=actor, duty=duty)
    assert state() == before


def test_the_department_leader_and_specialists_manage_duties_not_the_administrator(
    cast: Cast, template: ReportTemplate, frozen
):
    duty = duty_create(actor=cast.leader, **create_kwargs(cast, template))
    duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, name="Báo cáo quý (sửa)"))
    assert ReportingDuty.objects.get(pk=duty.pk).name == "Báo cáo quý (sửa)"
    with pytest.raises(PermissionDeniedError):
        duty_update(actor=cast.admin, duty=duty, **update_kwargs(duty, name="Sửa bởi quản trị"))
    assert ReportingDuty.objects.get(pk=duty.pk).name == "Báo cáo quý (sửa)"


# --- Changing a duty --------------------------------------------------------------------------------------------


@pytest.fixture
def duty(cast: Cast, frozen) -> ReportingDuty:
    """Quarters I–III of 2026, made on 10/01; today is 01/04 (quarter I past its deadline, II open, III not)."""
    return make_duty(cast)


def test_a_new_deadline_rule_reaches_only_periods_still_to_come(cast: Cast, duty: ReportingDuty, frozen):
    q1, q2, q3 = (duty.periods.get(number=n) for n in (1, 2, 3))
    duty_update(
        actor=cast.specialist,
        duty=duty,
        **update_kwargs(
            duty, deadline_working_days=5, lock_after_days=3, consolidated_deadline_working_days=2
        ),
    )
    for period in (q1, q2, q3):
        period.refresh_from_db()
    assert q1.deadline == end_of_day(D(2026, 3, 17)) and q1.lock_at is None  # passed: history
    assert q2.deadline == end_of_day(D(2026, 6, 19))  # 14/06 + 5 working days
    assert q2.consolidated_deadline == end_of_day(D(2026, 6, 23))
    assert q2.lock_at == end_of_day(D(2026, 6, 19)) + dt.timedelta(days=3)
    assert q3.deadline == end_of_day(D(2026, 9, 21))  # 14/09 (Mon) + 5 working days, 01–02/09 are long past
    event = AuditEvent.objects.get(action="reporting.duty_update")
    assert (event.before or {})["deadline_working_days"] == 2 and (event.after or {})[
        "deadline_working_days"
    ] == 5
    assert (event.after or {})["periods_rescheduled"] == 2


def test_a_new_window_rule_reaches_only_periods_not_opened(cast: Cast, duty: ReportingDuty, frozen):
    duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, window_rule=WindowRule.CALENDAR))
    q2 = duty.periods.get(number=2)
    q3 = duty.periods.get(number=3)
    assert (q2.window_start, q2.window_end) == (D(2026, 3, 15), D(2026, 6, 14))  # open: keeps its window
    assert (q3.window_start, q3.window_end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert q3.deadline == end_of_day(D(2026, 10, 2))


def test_adding_and_removing_units_changes_expected_reports_of_periods_still_to_come(
    cast: Cast, duty: ReportingDuty, frozen
):
    q1, q2, q3 = (duty.periods.get(number=n) for n in (1, 2, 3))
    # Commune B started its quarter II report; commune A did nothing.
    started = Submission.objects.get(period=q2, unit=cast.commune_b)
    submission_save_draft(
        actor=cast.commune_b_focal, submission=started, expected_version=0, narrative={}, values={"CT01": "1"}
    )
    duty_update(
        actor=cast.specialist,
        duty=duty,
        **update_kwargs(duty, unit_kinds=kinds("agency"), units=[cast.division]),
    )
    agencies = {cast.education.pk, cast.health.pk}
    assert expected(q1) == agencies | {cast.commune_a.pk, cast.commune_b.pk}  # past deadline: unchanged
    assert expected(q2) == agencies | {cast.division.pk, cast.commune_b.pk}  # a started report stays
    assert expected(q3) == agencies | {cast.division.pk}
    event = AuditEvent.objects.get(action="reporting.duty_update")
    assert (event.after or {})["removed"] == 3 and (event.after or {})["added"] == 2


def test_frequency_can_change_only_while_no_unit_has_started(cast: Cast, duty: ReportingDuty, frozen):
    draft = Submission.objects.get(period__number=2, period__duty=duty, unit=cast.education)
    submission_save_draft(
        actor=cast.education_focal, submission=draft, expected_version=0, narrative={}, values={"CT01": "2"}
    )
    before = state()
    with pytest.raises(ValidationFailed, match="tần suất «Hằng quý»") as error:
        duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, frequency=DutyFrequency.MONTH))
    assert error.value.details == {"field": "frequency"}
    assert state() == before


def test_a_new_frequency_replaces_the_periods_when_nothing_was_started(
    cast: Cast, duty: ReportingDuty, frozen
):
    duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, frequency=DutyFrequency.MONTH))
    labels = list(duty.periods.order_by("window_start").values_list("label", flat=True))
    assert labels == ["Tháng 4/2026", "Tháng 5/2026", "Tháng 6/2026"]
    assert not Submission.objects.filter(period__duty=duty, period__label__startswith="Quý").exists()


def test_a_stale_edit_is_refused(cast: Cast, duty: ReportingDuty, frozen):
    opened_at = duty.updated_at
    frozen.return_value = dt.datetime(2026, 4, 1, 9, 5, tzinfo=HCM)
    duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, name="Sửa lần một"))
    before = state()
    with pytest.raises(ConflictError, match="người khác sửa"):
        duty_update(
            actor=cast.leader,
            duty=duty,
            **update_kwargs(duty, name="Sửa lần hai"),
            expected_updated_at=opened_at,
        )
    assert state() == before
    assert ReportingDuty.objects.get(pk=duty.pk).name == "Sửa lần một"


def test_the_receiving_unit_of_a_duty_with_periods_cannot_change(cast: Cast, duty: ReportingDuty, frozen):
    with pytest.raises(ValidationFailed, match="đơn vị nhận") as error:
        duty_update(
            actor=cast.specialist,
            duty=duty,
            **update_kwargs(duty, receiving_unit=cast.division, unit_kinds=[], units=[]),
        )
    assert error.value.details == {"field": "receiving_unit"}
    assert ReportingDuty.objects.get(pk=duty.pk).receiving_unit == cast.department


def test_another_template_applies_to_periods_not_opened(cast: Cast, duty: ReportingDuty, frozen):
    other = template_create(actor=cast.specialist, code="mau-khac", name="Mẫu khác")
    version = other.versions.get()
    indicator_create(
        actor=cast.specialist, version=version, code="X1", name="Chỉ tiêu X", value_type="integer"
    )
    version_publish(actor=cast.specialist, version=version)
    duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, template=other))
    original = ReportTemplate.objects.get(code="bao-cao-khoa-giao-don-vi")
    assert duty.periods.get(number=2).template_version.template == original
    assert duty.periods.get(number=3).template_version == version


def test_a_deactivated_duty_makes_no_new_periods(cast: Cast, duty: ReportingDuty, frozen):
    duty_update(actor=cast.specialist, duty=duty, **update_kwargs(duty, is_active=False))
    with pytest.raises(ValidationFailed, match="ngừng áp dụng"):
        duty_generate_periods(actor=cast.specialist, duty=ReportingDuty.objects.get(pk=duty.pk))


# --- Generating on demand ---------------------------------------------------------------------------------------


def test_generating_on_demand_fills_in_past_periods_once(cast: Cast, template: ReportTemplate, frozen):
    duty = duty_create(actor=cast.specialist, **create_kwargs(cast, template))
    assert duty.periods.count() == 3
    created = duty_generate_periods(
        actor=cast.specialist, duty=duty, since=D(2025, 10, 1), today=D(2026, 4, 1)
    )
    assert [period.label for period in created] == ["Quý IV/2025", "Quý I/2026"]
    assert (
        duty_generate_periods(actor=cast.specialist, duty=duty, since=D(2025, 10, 1), today=D(2026, 4, 1))
        == []
    )
    assert duty.periods.count() == 5
    assert Submission.objects.filter(period__duty=duty).count() == 5 * 4
    events = AuditEvent.objects.filter(action="reporting.duty_generate_periods")
    assert [(event.after or {})["periods_created"] for event in events.order_by("pk")] == [
        ["Quý IV/2025", "Quý I/2026"],
        [],
    ]


def test_generating_on_demand_adds_units_created_since(cast: Cast, template: ReportTemplate, frozen):
    duty = duty_create(actor=cast.specialist, **create_kwargs(cast, template))
    newcomer = make_unit(
        "Sở Khoa học và Công nghệ", parent=cast.department, code="so-khcn", valid_from=D(2026, 4, 1)
    )
    duty_generate_periods(actor=cast.specialist, duty=duty, today=D(2026, 4, 1))
    assert newcomer.pk in expected(duty.periods.get(number=2))


def test_generating_refuses_an_ad_hoc_duty_and_a_day_too_far_back(
    cast: Cast, template: ReportTemplate, frozen
):
    ad_hoc = duty_create(
        actor=cast.specialist,
        **create_kwargs(cast, template, code="dot-xuat", frequency=DutyFrequency.AD_HOC),
    )
    assert ad_hoc.periods.count() == 0
    with pytest.raises(ValidationFailed, match="đột xuất"):
        duty_generate_periods(actor=cast.specialist, duty=ad_hoc)
    periodic = duty_create(actor=cast.specialist, **create_kwargs(cast, template))
    with pytest.raises(ValidationFailed, match="Ngày bắt đầu") as error:
        duty_generate_periods(actor=cast.specialist, duty=periodic, since=D(2015, 1, 1), today=D(2026, 4, 1))
    assert error.value.details == {"field": "since"}


# --- Screens ----------------------------------------------------------------------------------------------------


@pytest.fixture
def specialist(client: Client, cast: Cast) -> Client:
    client.force_login(cast.specialist)
    return client


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_data(cast: Cast, template: ReportTemplate, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "Báo cáo quý công tác khoa giáo",
        "code": "kg-quy",
        "template": template.pk,
        "receiving_unit": cast.department.pk,
        "frequency": "quarter",
        "window_rule": "decree_09",
        "deadline_rule": "working_days_after",
        "deadline_working_days": "2",
        "deadline_fixed_day": "",
        "consolidated_deadline_working_days": "3",
        "unit_kinds": [kind.pk for kind in kinds("agency", "party_committee")],
        "lock_after_days": "",
        "periods_ahead": "2",
        **overrides,
    }


def test_creating_a_duty_on_screen_shows_its_periods(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    page = specialist.get(reverse("reporting:duty_create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert cast.province.name not in re.findall(r'name="receiving_unit".*?</select>', html, re.S)[0]
    response = specialist.post(reverse("reporting:duty_create"), form_data(cast, template))
    duty = ReportingDuty.objects.get()
    assert response["Location"] == reverse("reporting:duty_detail", args=[duty.pk])
    assert any("3 kỳ báo cáo" in message for message in messages_of(response))
    html = specialist.get(response["Location"]).content.decode()
    today = timezone.localdate()
    current = duty.periods.filter(window_start__lte=today).order_by("-window_start").first()
    assert current is not None
    assert f"{current.window_start:%d/%m/%Y} – {current.window_end:%d/%m/%Y}" in html
    assert f"{timezone.localtime(current.deadline):%d/%m/%Y}" in html
    assert "4 đơn vị đang hoạt động" in html


def test_a_fixed_day_without_a_day_comes_back_on_the_form(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    data = form_data(
        cast, template, deadline_rule="fixed_day", deadline_fixed_day="", name="Chế độ giữ nguyên"
    )
    response = specialist.post(reverse("reporting:duty_create"), data)
    assert response.status_code == 200
    assert "từ 1 đến 31" in response.context["form"].errors["deadline_fixed_day"][0]
    html = response.content.decode()
    assert 'value="Chế độ giữ nguyên"' in html
    assert not ReportingDuty.objects.exists()


def test_zero_working_days_and_no_units_come_back_on_the_form(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    response = specialist.post(
        reverse("reporting:duty_create"), form_data(cast, template, deadline_working_days="0")
    )
    assert "ít nhất 01 ngày làm việc" in response.context["form"].errors["deadline_working_days"][0]
    response = specialist.post(reverse("reporting:duty_create"), form_data(cast, template, unit_kinds=[]))
    assert "Hãy chọn đơn vị phải báo cáo" in response.context["form"].errors["units"][0]
    assert not ReportingDuty.objects.exists()


def test_a_receiving_unit_the_user_does_not_manage_is_not_accepted(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    response = specialist.post(
        reverse("reporting:duty_create"), form_data(cast, template, receiving_unit=cast.province.pk)
    )
    assert response.status_code == 200 and "receiving_unit" in response.context["form"].errors
    assert not ReportingDuty.objects.exists()


def test_the_unit_preview_counts_what_the_selection_names(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    params = {
        "receiving_unit": str(cast.department.pk),
        "unit_levels": [str(UnitLevel.objects.get(code="commune").pk)],
        "units": [str(cast.education.pk)],
    }
    response = specialist.get(
        reverse("reporting:duty_units_preview"),
        params,
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "3 đơn vị đang hoạt động" in html
    assert cast.commune_a.name in html and cast.health.name not in html
    response = specialist.get(reverse("reporting:duty_units_preview"), {"receiving_unit": cast.department.pk})
    assert "không gồm đơn vị nào" in response.content.decode()


def test_the_duty_form_loads_the_preview_with_htmx_and_its_script(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    html = specialist.get(reverse("reporting:duty_create")).content.decode()
    assert f'hx-get="{reverse("reporting:duty_units_preview")}"' in html
    assert "reporting/templates.js" in html and "<script>" not in html and "style=" not in html
    assert 'data-kg-show-for="deadline_rule:fixed_day"' in html


def test_editing_a_duty_on_screen(specialist: Client, cast: Cast, template: ReportTemplate):
    specialist.post(reverse("reporting:duty_create"), form_data(cast, template))
    duty = ReportingDuty.objects.get()
    page = specialist.get(reverse("reporting:duty_edit", args=[duty.pk]))
    assert page.status_code == 200
    version = page.context["form"]["version"].value()
    data = form_data(cast, template, name="Báo cáo quý (đã sửa)", version=version, is_active="on")
    response = specialist.post(reverse("reporting:duty_edit", args=[duty.pk]), data)
    assert response.status_code == 302
    assert ReportingDuty.objects.get().name == "Báo cáo quý (đã sửa)"
    # The same page sent again, from before that save: refused, the input stays.
    response = specialist.post(reverse("reporting:duty_edit", args=[duty.pk]), {**data, "name": "Lần hai"})
    assert response.status_code == 200
    assert "người khác sửa" in str(response.context["form"].non_field_errors())
    assert 'value="Lần hai"' in response.content.decode()
    assert ReportingDuty.objects.get().name == "Báo cáo quý (đã sửa)"


def test_the_generate_button_makes_missing_periods(specialist: Client, cast: Cast, template: ReportTemplate):
    specialist.post(reverse("reporting:duty_create"), form_data(cast, template))
    duty = ReportingDuty.objects.get()
    count = duty.periods.count()
    since = (timezone.localdate() - dt.timedelta(days=200)).isoformat()
    response = specialist.post(reverse("reporting:duty_generate", args=[duty.pk]), {"since": since})
    assert response.status_code == 302
    assert duty.periods.count() > count
    assert any("Đã tạo" in message for message in messages_of(response))
    response = specialist.post(reverse("reporting:duty_generate", args=[duty.pk]), {"since": since})
    assert any("đã được tạo từ trước" in message for message in messages_of(response))


def test_an_ad_hoc_request_from_the_duty(specialist: Client, cast: Cast, template: ReportTemplate):
    specialist.post(reverse("reporting:duty_create"), form_data(cast, template))
    duty = ReportingDuty.objects.get()
    url = reverse("reporting:duty_ad_hoc", args=[duty.pk])
    assert specialist.get(url).status_code == 200
    data = {
        "label": "Báo cáo nhanh về dịch sốt xuất huyết",
        "window_start": "2026-11-01",
        "window_end": "2026-11-20",
        "deadline_day": "2026-11-20",
        "units": [cast.health.pk],
        "note": "Số ca mắc, biện pháp",
    }
    response = specialist.post(url, data)
    assert response.status_code == 200
    assert "Hạn nộp phải sau ngày chốt" in response.context["form"].errors["deadline_day"][0]
    assert not duty.periods.filter(is_ad_hoc=True).exists()
    response = specialist.post(url, {**data, "deadline_day": "2026-11-24"})
    assert response.status_code == 302
    request = duty.periods.get(is_ad_hoc=True)
    assert expected(request) == {cast.health.pk}
    assert request.request_note == "Số ca mắc, biện pháp"
    html = specialist.get(reverse("reporting:duty_detail", args=[duty.pk])).content.decode()
    assert "Báo cáo nhanh về dịch sốt xuất huyết" in html and "01/11/2026 – 20/11/2026" in html


def test_an_ad_hoc_duty_asks_its_requests_one_by_one(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    specialist.post(
        reverse("reporting:duty_create"), form_data(cast, template, code="dx", frequency="ad_hoc")
    )
    duty = ReportingDuty.objects.get()
    assert duty.periods.count() == 0
    html = specialist.get(reverse("reporting:duty_detail", args=[duty.pk])).content.decode()
    assert "Yêu cầu báo cáo đột xuất" in html and "Tạo kỳ báo cáo</button>" not in html
    response = specialist.post(
        reverse("reporting:duty_ad_hoc", args=[duty.pk]),
        {
            "label": "Sơ kết 5 năm Nghị quyết 20-NQ/TW",
            "window_start": "2026-01-01",
            "window_end": "2026-11-30",
            "deadline_day": "2026-12-10",
        },
    )
    assert response.status_code == 302
    request = duty.periods.get()
    assert request.number == 1
    assert expected(request) == {cast.education.pk, cast.health.pk, cast.commune_a.pk, cast.commune_b.pk}


def test_the_duty_list_shows_the_duties_the_user_manages(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    specialist.post(reverse("reporting:duty_create"), form_data(cast, template))
    html = specialist.get(reverse("reporting:duty_list")).content.decode()
    assert "Báo cáo quý công tác khoa giáo" in html and "hạn 2 ngày làm việc sau ngày chốt" in html
    html = specialist.get(reverse("reporting:duty_list"), {"frequency": "month"}).content.decode()
    assert "Báo cáo quý công tác khoa giáo" not in html
    # A department elsewhere does not see this one.
    other_board = make_unit("Ban Tuyên giáo Tỉnh ủy khác", code="btg-khac", kind="party_board")
    stranger = make_user("chuyenvien.khac", role=MembershipRole.DEPT_SPECIALIST, unit=other_board)
    specialist.force_login(stranger)
    assert (
        "Báo cáo quý công tác khoa giáo"
        not in specialist.get(reverse("reporting:duty_list")).content.decode()
    )
    duty = ReportingDuty.objects.get()
    response = specialist.get(reverse("reporting:duty_detail", args=[duty.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "who", ["education_focal", "commune_b_focal", "education_leader", "viewer", "outsider"]
)
def test_the_duty_screens_refuse_people_outside_the_department(
    client: Client, cast: Cast, template: ReportTemplate, who: str
):
    duty = make_duty(cast)
    client.force_login(getattr(cast, who))
    for url in (
        reverse("reporting:duty_list"),
        reverse("reporting:duty_create"),
        reverse("reporting:duty_detail", args=[duty.pk]),
        reverse("reporting:duty_edit", args=[duty.pk]),
        reverse("reporting:duty_ad_hoc", args=[duty.pk]),
        reverse("reporting:duty_units_preview"),
    ):
        assert client.get(url).status_code == 302, url
    before = state()
    client.post(reverse("reporting:duty_generate", args=[duty.pk]))
    client.post(reverse("reporting:duty_create"), form_data(cast, template, code="khac"))
    assert state() == before


def test_a_focal_point_with_a_department_role_elsewhere_still_sees_only_the_duties_they_manage(
    client: Client, cast: Cast, template: ReportTemplate
):
    duty = make_duty(cast)
    Membership.objects.create(
        user=cast.commune_a_focal, unit=cast.commune_a, role=MembershipRole.DEPT_SPECIALIST
    )
    client.force_login(cast.commune_a_focal)
    assert client.get(reverse("reporting:duty_list")).status_code == 200
    assert client.get(reverse("reporting:duty_detail", args=[duty.pk])).status_code == 302
    assert duty.name not in client.get(reverse("reporting:duty_list")).content.decode()


def test_periods_show_their_counts(specialist: Client, cast: Cast, template: ReportTemplate):
    duty = make_duty(cast)
    q1 = duty.periods.get(number=1)
    Submission.objects.filter(period=q1, unit=cast.education).update(
        status=SubmissionStatus.ACCEPTED, first_submitted_at=q1.deadline - dt.timedelta(days=1)
    )
    Submission.objects.filter(period=q1, unit=cast.health).update(
        status=SubmissionStatus.SUBMITTED, first_submitted_at=q1.deadline
    )
    response = specialist.get(reverse("reporting:duty_detail", args=[duty.pk]))
    row = next(period for period in response.context["page_obj"].object_list if period.pk == q1.pk)
    assert (row.expected_count, row.submitted_count, row.accepted_count) == (4, 2, 1)


# --- In a browser -----------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_specialist_sets_up_a_duty_on_a_phone(live_server: Any, page: Any, cast: Cast) -> None:
    from playwright.sync_api import expect

    from khoagiao.core.testing import TEST_PASSWORD

    template_install_default(actor=root_user())
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(cast.specialist.username)
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + reverse("reporting:duty_create"))
    page.get_by_label("Tên chế độ báo cáo").fill("Báo cáo tháng về dư luận")
    page.get_by_label("Mã chế độ").fill("dl-thang")
    page.get_by_label("Mẫu báo cáo").select_option(label="Báo cáo định kỳ công tác khoa giáo của đơn vị")
    page.get_by_label("Tần suất").select_option("month")
    # Choosing a kind asks the server how many units that names (htmx), without leaving the page.
    page.get_by_label("Cấp ủy đảng").check()
    expect(page.locator("#kg-units-preview")).to_contain_text("2 đơn vị đang hoạt động")
    page.get_by_label("Sở, ngành").check()
    expect(page.locator("#kg-units-preview")).to_contain_text("4 đơn vị đang hoạt động")
    # Only the deadline field of the chosen rule is shown.
    fixed = page.get_by_label("Ngày cố định trong tháng (1–31)")
    expect(fixed).to_be_hidden()
    page.get_by_label("Ngày cố định của tháng sau ngày chốt số liệu").check()
    expect(fixed).to_be_visible()
    expect(page.get_by_label("Số ngày làm việc", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Tạo chế độ và các kỳ báo cáo").click()
    # No day given: the message comes back on the form, with what was typed.
    expect(page.locator(".invalid-feedback")).to_contain_text("từ 1 đến 31")
    expect(page.get_by_label("Tên chế độ báo cáo")).to_have_value("Báo cáo tháng về dư luận")
    page.get_by_label("Ngày cố định trong tháng (1–31)").fill("18")
    page.get_by_role("button", name="Tạo chế độ và các kỳ báo cáo").click()
    expect(page.get_by_role("heading", name="Các kỳ báo cáo")).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text("3 kỳ báo cáo")
    duty = ReportingDuty.objects.get(code="dl-thang")
    assert (duty.deadline_rule, duty.deadline_fixed_day, duty.frequency) == ("fixed_day", 18, "month")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert errors == [], errors


def test_the_duty_page_costs_the_same_queries_however_many_periods(specialist: Client, cast: Cast, template):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    duty = make_duty(cast, code="kg-thang", frequency=DutyFrequency.MONTH)
    url = reverse("reporting:duty_detail", args=[duty.pk])
    specialist.get(url)
    with CaptureQueriesContext(connection) as few:
        assert specialist.get(url).status_code == 200
    duty_generate_periods(actor=cast.specialist, duty=duty, since=D(2025, 1, 1), today=D(2026, 6, 1))
    assert duty.periods.count() >= 18
    with CaptureQueriesContext(connection) as many:
        assert specialist.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_template_list_costs_the_same_queries_however_many_templates(
    specialist: Client, cast: Cast, template
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_duty(cast)
    url = reverse("reporting:template_list")
    specialist.get(url)
    with CaptureQueriesContext(connection) as few:
        specialist.get(url)
    for number in range(5):
        created = template_create(actor=cast.specialist, code=f"mau-{number}", name=f"Mẫu {number}")
        version = created.versions.get()
        indicator_create(actor=cast.specialist, version=version, code="X1", name="X", value_type="integer")
        version_publish(actor=cast.specialist, version=version)
    with CaptureQueriesContext(connection) as many:
        specialist.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_duty_can_be_started_from_its_template_page(
    specialist: Client, cast: Cast, template: ReportTemplate
):
    html = specialist.get(reverse("reporting:template_detail", args=[template.pk])).content.decode()
    link = f"{reverse('reporting:duty_create')}?template={template.pk}"
    assert link in html
    form = specialist.get(link).context["form"]
    assert form["template"].value() == template.pk
    assert form["frequency"].value() == "quarter" and form["deadline_working_days"].value() == 2
