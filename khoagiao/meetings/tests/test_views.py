import datetime as dt

import pytest
from django.urls import reverse

from khoagiao.meetings import services
from khoagiao.meetings.choices import AttendanceResponse
from khoagiao.meetings.models import Briefing

from .helpers import attendance_of, held_briefing, invited_briefing, make_briefing, today

pytestmark = pytest.mark.django_db


def test_the_specialist_creates_a_briefing_with_the_bloc_preselected(cast, client):
    client.force_login(cast.specialist)
    page = client.get(reverse("meetings:briefing_create"))
    assert page.status_code == 200
    assert page.context["form"].initial["invited_units"]
    response = client.post(
        reverse("meetings:briefing_create"),
        {
            "title": "Giao ban quý IV",
            "kind": "quarter",
            "organising_unit": cast.department.pk,
            "date": (today() + dt.timedelta(days=7)).isoformat(),
            "start_time": "08:00",
            "place": "Hội trường",
            "chair_name": "Nguyễn Văn A",
            "invited_units": [cast.education.pk, cast.health.pk],
        },
    )
    briefing = Briefing.objects.get()
    assert response.status_code == 302
    assert set(briefing.attendances.values_list("unit_id", flat=True)) == {cast.education.pk, cast.health.pk}


def test_a_refused_form_keeps_what_was_typed(cast, client):
    client.force_login(cast.specialist)
    response = client.post(
        reverse("meetings:briefing_create"),
        {
            "title": "Giao ban quý IV",
            "kind": "quarter",
            "organising_unit": cast.department.pk,
            "date": today().isoformat(),
            "start_time": "08:00",
            "place": "Hội trường lớn",
            "chair_name": "Nguyễn Văn A",
            "proposal_cutoff": (today() + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hạn đề xuất nội dung" in content and "phải trước ngày họp" in content
    assert "Hội trường lớn" in content
    assert not Briefing.objects.exists()


@pytest.mark.parametrize("who", ["education_focal", "commune_a_focal", "viewer", "outsider", "reporter"])
def test_only_the_department_can_open_the_create_page(cast, client, who):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("meetings:briefing_create"))
    assert response.status_code == 302
    assert response.url != reverse("meetings:briefing_create")


def test_who_sees_a_briefing(cast, client):
    briefing = make_briefing(cast, invited_units=[cast.education])
    url = reverse("meetings:briefing_detail", args=[briefing.pk])
    for who, visible in [
        ("specialist", True),
        ("leader", True),
        ("viewer", True),
        ("education_focal", True),
        ("education_leader", True),
        ("commune_a_focal", False),
        ("outsider", False),
    ]:
        client.force_login(getattr(cast, who))
        response = client.get(url)
        assert (response.status_code == 200) is visible, who
        listing = client.get(reverse("meetings:briefing_list"))
        assert (briefing in listing.context["page_obj"].object_list) is visible, who


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def _add_conclusion_with_task(cast, briefing, unit):
    services.opinion_add(
        actor=cast.specialist, briefing=briefing, unit=unit, kind="opinion", content="Ý kiến"
    )
    item = services.conclusion_item_add(
        actor=cast.specialist, briefing=briefing, text="Kết luận", lead_unit=unit
    )
    services.conclusion_task_create(actor=cast.specialist, item=item, lead_unit=unit, due_date=today())


def test_the_detail_page_shows_every_section_with_bounded_queries(
    cast, client, django_assert_max_num_queries
):
    briefing = held_briefing(cast)
    _add_conclusion_with_task(cast, briefing, cast.education)
    client.force_login(cast.specialist)
    url = reverse("meetings:briefing_detail", args=[briefing.pk])
    few, _response = _count_queries(client, url)
    for unit in [cast.health, cast.commune_a, cast.commune_b]:
        _add_conclusion_with_task(cast, briefing, unit)
    many, response = _count_queries(client, url)
    assert many == few
    with django_assert_max_num_queries(60):
        client.get(url)
    content = response.content.decode()
    for heading in [
        "Chương trình hội nghị",
        "Giấy mời",
        "Thành phần mời",
        "Ý kiến, đề xuất",
        "Kết luận của chủ trì",
        "Kết quả thực hiện kết luận kỳ trước",
    ]:
        assert heading in content
    assert "Bốn là," in content


def test_the_list_query_count_does_not_grow_with_briefings(cast, client, django_assert_max_num_queries):
    make_briefing(cast, date=today() + dt.timedelta(days=1))
    client.force_login(cast.education_focal)
    url = reverse("meetings:briefing_list")
    few, _response = _count_queries(client, url)
    for day in range(11):
        make_briefing(cast, date=today() + dt.timedelta(days=day + 2))
    many, response = _count_queries(client, url)
    assert many == few
    with django_assert_max_num_queries(20):
        client.get(url)
    assert len(response.context["page_obj"].object_list) == 12


def test_a_focal_point_confirms_attendance_on_the_unit_page(cast, client):
    briefing = invited_briefing(cast)
    attendance = attendance_of(briefing, cast.education)
    client.force_login(cast.education_focal)
    page = client.get(reverse("meetings:unit_view", args=[briefing.pk]))
    assert "Sở Giáo dục và Đào tạo" in page.content.decode()
    response = client.post(
        reverse("meetings:attendance_respond", args=[briefing.pk, attendance.pk]),
        {f"a{attendance.pk}-attend": "yes", f"a{attendance.pk}-attendees": "Huỳnh Thị Mai, Chuyên viên"},
    )
    assert response.status_code == 302
    attendance.refresh_from_db()
    assert attendance.response == AttendanceResponse.CONFIRMED


def test_a_focal_point_cannot_answer_for_another_unit_through_the_url(cast, client):
    briefing = invited_briefing(cast)
    other = attendance_of(briefing, cast.health)
    client.force_login(cast.education_focal)
    response = client.post(
        reverse("meetings:attendance_respond", args=[briefing.pk, other.pk]),
        {f"a{other.pk}-attend": "yes", f"a{other.pk}-attendees": "X"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.response == AttendanceResponse.PENDING


def test_a_refused_answer_keeps_the_typed_text(cast, client):
    briefing = invited_briefing(cast)
    attendance = attendance_of(briefing, cast.education)
    client.force_login(cast.education_focal)
    response = client.post(
        reverse("meetings:attendance_respond", args=[briefing.pk, attendance.pk]),
        {f"a{attendance.pk}-attend": "no", f"a{attendance.pk}-attendees": "Người A"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Hãy ghi lý do xin vắng." in content
    assert "Người A" in content


def test_unit_people_cannot_run_department_actions(cast, client):
    briefing = make_briefing(cast)
    client.force_login(cast.education_focal)
    response = client.post(
        reverse("meetings:agenda_add", args=[briefing.pk]), {"title": "X", "duration_minutes": 10}
    )
    assert response.status_code == 302
    assert briefing.agenda_items.count() == 0
    response = client.post(reverse("meetings:invitation_issue", args=[briefing.pk]))
    briefing.refresh_from_db()
    assert briefing.status == "planned"


def test_department_actions_through_the_pages(cast, client):
    briefing = make_briefing(cast, date=today())
    client.force_login(cast.specialist)
    client.post(
        reverse("meetings:agenda_add", args=[briefing.pk]), {"title": "Báo cáo quý", "duration_minutes": 20}
    )
    client.post(reverse("meetings:invitation_issue", args=[briefing.pk]))
    briefing.refresh_from_db()
    assert briefing.status == "invited"
    attendance = attendance_of(briefing, cast.education)
    client.post(reverse("meetings:attendance_record", args=[briefing.pk, attendance.pk]), {"present": "yes"})
    client.post(
        reverse("meetings:opinion_add", args=[briefing.pk]),
        {"unit": cast.education.pk, "kind": "proposal", "content": "Đề xuất tăng cường tập huấn"},
    )
    client.post(reverse("meetings:briefing_mark_held", args=[briefing.pk]))
    client.post(
        reverse("meetings:conclusion_add", args=[briefing.pk]),
        {"text": "Sở Giáo dục tổ chức tập huấn", "lead_unit": cast.education.pk},
    )
    item = briefing.conclusion_versions.get().items.get()
    client.post(
        reverse("meetings:conclusion_task_create", args=[briefing.pk, item.pk]),
        {"lead_unit": cast.education.pk, "due_date": (today() + dt.timedelta(days=20)).isoformat()},
    )
    client.post(reverse("meetings:notice_issue", args=[briefing.pk]))
    briefing.refresh_from_db()
    attendance.refresh_from_db()
    assert attendance.present is True
    assert briefing.opinions.count() == 1
    assert briefing.status == "concluded"
    page = client.get(reverse("meetings:briefing_detail", args=[briefing.pk]))
    assert "Số 1-TB/BTGDVTU" in page.content.decode()
    notice = briefing.conclusion_versions.get().notice
    assert notice is not None
    download = client.get(reverse("meetings:document_download", args=[briefing.pk, notice.pk]))
    assert download.status_code == 200
    client.force_login(cast.commune_a_focal)
    assert client.get(reverse("meetings:document_download", args=[briefing.pk, notice.pk])).status_code == 200
    client.force_login(cast.outsider)
    assert client.get(reverse("meetings:document_download", args=[briefing.pk, notice.pk])).status_code == 302


def test_editing_locked_conclusions_through_the_page_is_refused(cast, client):
    briefing = held_briefing(cast)
    item = services.conclusion_item_add(actor=cast.specialist, briefing=briefing, text="Bản gốc")
    services.notice_issue(actor=cast.specialist, briefing=briefing)
    client.force_login(cast.specialist)
    response = client.post(
        reverse("meetings:conclusion_update", args=[briefing.pk, item.pk]), {"text": "Sửa lén"}
    )
    assert response.status_code == 400
    assert "lần điều chỉnh mới" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Bản gốc"


def test_the_home_page_lists_invitations_awaiting_my_unit(cast, client):
    briefing = invited_briefing(cast)
    client.force_login(cast.education_focal)
    content = client.get(reverse("core:home")).content.decode()
    assert "Xác nhận dự giao ban" in content
    services.attendance_respond(
        actor=cast.education_focal,
        attendance=attendance_of(briefing, cast.education),
        attend=True,
        attendees="A",
    )
    content = client.get(reverse("core:home")).content.decode()
    assert "Xác nhận dự giao ban" not in content


def test_navigation_shows_giao_ban_to_members_only(cast, client):
    client.force_login(cast.education_focal)
    assert reverse("meetings:briefing_list") in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.outsider)
    assert reverse("meetings:briefing_list") not in client.get(reverse("core:home")).content.decode()
