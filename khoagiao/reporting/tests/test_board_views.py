"""The board, its list and a unit's history through the test client: who may open what, filters, and the
number of queries of the page (the same for 5 and for 40 units)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from khoagiao.core.testing import kinds_and_levels, make_unit, root_user
from khoagiao.orgs.models import UnitKind
from khoagiao.orgs.services import unit_merge
from khoagiao.reporting.choices import SubmissionStatus
from khoagiao.reporting.models import Submission
from khoagiao.reporting.services.periods import periods_generate
from khoagiao.reporting.tests.factories import DEFAULT_SINCE, fill_valid, make_duty, submission_of

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def board_url(duty: Any) -> str:
    return reverse("reporting:board", args=[duty.pk])


def history_url(unit: Any) -> str:
    return reverse("reporting:unit_history", args=[unit.pk])


def send(duty: Any, unit: Any, when: dt.datetime, status: str = SubmissionStatus.SUBMITTED) -> Submission:
    period = duty.periods.order_by("window_start").first()
    Submission.objects.filter(period=period, unit=unit).update(
        status=status, first_submitted_at=when, last_submitted_at=when, revision_count=1
    )
    return Submission.objects.get(period=period, unit=unit)


@pytest.fixture
def duty(cast: Any) -> Any:
    return make_duty(cast)


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """01/07/2026: Q1 and Q2 of 2026 are due, Q3 is open."""
    now = dt.datetime(2026, 7, 1, 9, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


# --- Who may open the board -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["specialist", "leader", "viewer", "reporter"])
def test_the_department_and_readers_open_the_board(client: Client, cast: Any, duty: Any, who: str) -> None:
    response = login(client, getattr(cast, who)).get(board_url(duty))
    assert response.status_code == 200
    page = response.content.decode()
    assert duty.name in page
    for name in ("Sở Giáo dục và Đào tạo", "Sở Y tế", "Đảng ủy xã An Bình", "Đảng ủy phường Bắc Sơn"):
        assert name in page
    assert "Đúng hạn" in page and "Chưa nộp" in page  # the legend


# The administrator keeps units, users and templates; the board is the department's and the leadership's.
@pytest.mark.parametrize(
    "who", ["commune_a_focal", "education_focal", "education_leader", "outsider", "admin"]
)
def test_units_and_outsiders_are_refused_the_department_board(
    client: Client, cast: Any, duty: Any, who: str
) -> None:
    response = login(client, getattr(cast, who)).get(board_url(duty), follow=True)
    page = response.content.decode()
    assert "Bạn không có quyền xem tình hình nộp báo cáo của chế độ này." in page
    assert "Đảng ủy phường Bắc Sơn" not in page
    export = client.get(reverse("reporting:board_export", args=[duty.pk]))
    assert export.status_code == 302
    assert "spreadsheetml" not in export.get("Content-Type", "")


def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, duty: Any) -> None:
    response = client.get(board_url(duty))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_unknown_duty_gives_a_message_not_a_server_error(client: Client, cast: Any) -> None:
    response = login(client, cast.specialist).get(reverse("reporting:board", args=[999_999]), follow=True)
    assert response.status_code == 200
    assert "Không tìm thấy chế độ báo cáo." in response.content.decode()


def test_the_board_list_shows_boards_to_the_department_and_own_history_to_a_focal_point(
    client: Client, cast: Any, duty: Any
) -> None:
    page = login(client, cast.specialist).get(reverse("reporting:board_list")).content.decode()
    assert board_url(duty) in page
    assert "Lịch sử báo cáo của đơn vị bạn" not in page  # the department does not report to itself
    focal = Client()
    page = login(focal, cast.commune_a_focal).get(reverse("reporting:board_list")).content.decode()
    assert board_url(duty) not in page
    assert history_url(cast.commune_a) in page
    assert history_url(cast.commune_b) not in page


# --- What the board shows -------------------------------------------------------------------------------------


def test_cells_link_to_sent_reports_and_never_to_drafts(
    client: Client, cast: Any, duty: Any, fixed_now: dt.datetime
) -> None:
    draft = fill_valid(submission_of(duty, cast.education), cast.education_focal)
    sent = send(duty, cast.health, dt.datetime(2026, 3, 16, 10, tzinfo=TZ))
    page = login(client, cast.specialist).get(board_url(duty)).content.decode()
    assert f'href="{reverse("reporting:submission_detail", args=[sent.pk])}"' in page
    assert f'href="{reverse("reporting:submission_detail", args=[draft.pk])}"' not in page
    assert "kg-state-on-time" in page and "kg-state-missing" in page


def test_the_board_shows_rates_in_vietnamese_format(
    client: Client, cast: Any, duty: Any, fixed_now: dt.datetime
) -> None:
    send(duty, cast.education, dt.datetime(2026, 3, 16, 10, tzinfo=TZ))
    send(duty, cast.health, dt.datetime(2026, 3, 20, 10, tzinfo=TZ))
    send(duty, cast.commune_a, dt.datetime(2026, 3, 16, 10, tzinfo=TZ))
    page = login(client, cast.specialist).get(board_url(duty)).content.decode()
    # Q1: 3 of 4 sent, 2 on time; Q2: nothing sent. Total due 8: 3 sent (37,5%), 2 on time (25%).
    assert "75% / 50%" in page
    assert "37,5%" in page
    assert "25%" in page


def test_filters_in_the_query_string_narrow_the_rows(
    client: Client, cast: Any, duty: Any, fixed_now: dt.datetime
) -> None:
    agency = UnitKind.objects.get(code="agency")
    login(client, cast.specialist)
    page = client.get(board_url(duty), {"kind": agency.pk}).content.decode()
    assert "Sở Y tế" in page and "Đảng ủy xã An Bình" not in page
    page = client.get(board_url(duty), {"q": "bac son"}).content.decode()
    assert "Đảng ủy phường Bắc Sơn" in page and "Sở Y tế" not in page
    page = client.get(board_url(duty), {"q": "không có đơn vị này"}).content.decode()
    assert "Không có đơn vị nào khớp với bộ lọc." in page


def test_malformed_filters_fall_back_to_the_defaults(client: Client, cast: Any, duty: Any) -> None:
    response = login(client, cast.specialist).get(
        board_url(duty),
        {"kind": "abc", "period_from": "999999", "state": "<script>", "group": "x", "sort": "y"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở Y tế" in page
    assert "<script>" not in page.split("<main", 1)[1]


# --- A unit's history ------------------------------------------------------------------------------------------


def test_a_focal_point_opens_the_history_of_its_own_unit(
    client: Client, cast: Any, duty: Any, fixed_now: dt.datetime
) -> None:
    draft = fill_valid(submission_of(duty, cast.commune_a), cast.commune_a_focal)
    response = login(client, cast.commune_a_focal).get(history_url(cast.commune_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lịch sử báo cáo: Đảng ủy xã An Bình" in page
    for label in ("Quý I/2026", "Quý II/2026", "Quý III/2026"):
        assert label in page
    # Its own draft links to the report page.
    assert f'href="{reverse("reporting:submission_detail", args=[draft.pk])}"' in page


def test_a_focal_point_cannot_open_another_units_history(client: Client, cast: Any, duty: Any) -> None:
    response = login(client, cast.commune_a_focal).get(history_url(cast.commune_b), follow=True)
    page = response.content.decode()
    assert "Bạn chỉ xem được lịch sử báo cáo của đơn vị mình." in page
    assert "Lịch sử báo cáo: Đảng ủy phường Bắc Sơn" not in page


def test_the_department_sees_a_units_history_without_links_to_its_drafts(
    client: Client, cast: Any, duty: Any, fixed_now: dt.datetime
) -> None:
    draft = fill_valid(submission_of(duty, cast.commune_a), cast.commune_a_focal)
    page = login(client, cast.specialist).get(history_url(cast.commune_a)).content.decode()
    assert "Lịch sử báo cáo: Đảng ủy xã An Bình" in page
    assert f'href="{reverse("reporting:submission_detail", args=[draft.pk])}"' not in page


def test_the_history_filters_by_duty_and_year(client: Client, cast: Any, duty: Any) -> None:
    other = make_duty(cast, code="kg-thang", name="Báo cáo tháng khoa giáo", frequency="month")
    login(client, cast.commune_a_focal)
    page = client.get(history_url(cast.commune_a)).content.decode()
    assert "Báo cáo tháng khoa giáo" in page
    page = client.get(history_url(cast.commune_a), {"duty": duty.pk}).content.decode()
    assert "Quý I/2026" in page and "Tháng 2/2026" not in page
    page = client.get(history_url(cast.commune_a), {"duty": other.pk, "year": 2025}).content.decode()
    assert "Không có báo cáo nào khớp với bộ lọc." in page


# --- Queries of the page --------------------------------------------------------------------------------------


def _page_queries(cast: Any, duty: Any) -> int:
    client = Client()
    client.force_login(cast.specialist)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(board_url(duty))
    assert response.status_code == 200
    return len(captured)


def test_the_board_page_costs_the_same_queries_for_5_and_for_40_units(
    cast: Any, fixed_now: dt.datetime, django_assert_num_queries: Any
) -> None:
    make_unit("Sở thử nghiệm 1", parent=cast.department, code="so-thu-1")
    duty = make_duty(cast)
    send(duty, cast.education, dt.datetime(2026, 3, 16, 10, tzinfo=TZ))
    small = _page_queries(cast, duty)
    for number in range(2, 37):
        make_unit(f"Sở thử nghiệm {number}", parent=cast.department, code=f"so-thu-{number}")
    periods_generate(duty=duty, since=DEFAULT_SINCE, today=DEFAULT_SINCE)
    assert Submission.objects.filter(period__duty=duty).values("unit").distinct().count() == 40
    client = Client()
    client.force_login(cast.specialist)
    with django_assert_num_queries(small):
        response = client.get(board_url(duty))
    assert response.content.decode().count('class="kg-cell ') == 40 * 3  # Q1, Q2 and Q3 (opened 15/06)


def test_after_a_merger_the_successors_people_read_the_predecessors_history(
    client: Client, cast: Any, duty: Any
) -> None:
    kinds, levels = kinds_and_levels()
    successor = unit_merge(
        actor=root_user(),
        predecessors=[cast.commune_a],
        new_successor={
            "parent": cast.department,
            "code": "xa-an-binh-moi",
            "name": "Đảng ủy xã An Bình mới",
            "kind": kinds["party_committee"],
            "level": levels["commune"],
        },
        date=dt.date(2026, 7, 1),
    )
    # The focal point's membership moved to the successor with the merger.
    login(client, cast.commune_a_focal)
    page = client.get(history_url(successor)).content.decode()
    assert f'href="{history_url(cast.commune_a)}"' in page  # "Kế thừa từ Đảng ủy xã An Bình"
    page = client.get(history_url(cast.commune_a)).content.decode()
    assert "Lịch sử báo cáo: Đảng ủy xã An Bình" in page
    assert "Đã hợp nhất vào" in page and "Quý I/2026" in page
    refused = client.get(history_url(cast.commune_b), follow=True).content.decode()
    assert "Bạn chỉ xem được lịch sử báo cáo của đơn vị mình." in refused


def test_the_filter_form_shows_the_range_in_use_and_the_export_keeps_the_filters(
    client: Client, cast: Any, duty: Any, fixed_now: dt.datetime
) -> None:
    q1, q2, q3 = list(duty.periods.order_by("window_start"))
    page = login(client, cast.specialist).get(board_url(duty)).content.decode()
    assert f'<option value="{q1.pk}" selected>Quý I/2026</option>' in page  # the default range: Q1–Q3
    assert f'<option value="{q3.pk}" selected>Quý III/2026</option>' in page
    page = client.get(board_url(duty), {"period_from": q2.pk, "period_to": q2.pk, "q": "an"}).content.decode()
    assert ">Quý I/2026<div" not in page and ">Quý II/2026<div" in page  # the column headers
    export = reverse("reporting:board_export", args=[duty.pk])
    assert f'href="{export}?period_from={q2.pk}&amp;period_to={q2.pk}&amp;q=an"' in page
