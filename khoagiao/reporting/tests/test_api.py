"""The reporting API: templates, duties, periods, reports and completeness, with the screens' permissions."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from khoagiao.accounts.models import User
from khoagiao.accounts.services import api_token_create
from khoagiao.api.tests.conftest import assert_error_shape
from khoagiao.core.models import AuditEvent
from khoagiao.core.testing import Cast
from khoagiao.reporting.choices import SubmissionStatus
from khoagiao.reporting.models import ReportingDuty, Submission, SubmissionValue, ValueChange
from khoagiao.reporting.permissions import can_view_submission
from khoagiao.reporting.services.submissions import current_values, submission_submit

from .factories import fill_valid, first_period, make_duty, submission_of

pytestmark = pytest.mark.django_db

API = "/api/v1/reporting"
# After the deadlines of quarters I–III/2026, the periods the factory makes: the tests do not depend on the clock.
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


class Api:
    """Calls the API as one user with a bearer token (no CSRF, like any API client)."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, raw = api_token_create(actor=user, user=user, name="thử nghiệm")
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(API + path, params, headers=self.headers)

    def send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method)
        data = "" if body is None else json.dumps(body)
        return call(API + path, data=data, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("post", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.send("patch", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self.send("put", path, body)


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.content
    return response.json()


def item_ids(response: Any) -> set[int]:
    return {item["id"] for item in ok(response)["items"]}


@pytest.fixture
def duty(cast: Cast) -> ReportingDuty:
    return make_duty(cast)


@pytest.fixture
def report(duty: ReportingDuty, cast: Cast) -> Submission:
    return submission_of(duty, cast.education)


def submitted(submission: Submission, actor: User) -> Submission:
    fill_valid(submission, actor)
    submission.refresh_from_db()
    submission_submit(actor=actor, submission=submission)
    submission.refresh_from_db()
    return submission


def snapshot(submission: Submission) -> tuple:
    submission.refresh_from_db()
    return (
        submission.version,
        submission.status,
        dict(submission.narrative),
        sorted(
            SubmissionValue.objects.filter(submission=submission).values_list("indicator__code", "number")
        ),
        ValueChange.objects.filter(submission=submission).count(),
        submission.revisions.count(),
    )


# --- Templates --------------------------------------------------------------------------------------------------


def test_department_lists_templates_and_a_unit_sees_the_template_it_reports_on(cast, duty):
    assert item_ids(Api(cast.specialist).get("/templates")) == {duty.template_id}
    assert item_ids(Api(cast.education_focal).get("/templates")) == {duty.template_id}
    assert item_ids(Api(cast.outsider).get("/templates")) == set()


def test_template_detail_has_sections_indicators_and_rules_of_the_published_version(cast, duty):
    body = ok(Api(cast.education_focal).get(f"/templates/{duty.template_id}"))
    version = body["version"]
    assert version["number"] == 1 and version["status"] == "published"
    assert [s["code"] for s in version["sections"]][:2] == ["i", "ii-1"]
    indicators = {i["code"]: i for i in version["indicators"]}
    assert indicators["DS01"]["value_type"] == "decimal"
    assert indicators["DS01"]["min_value"] == "90"
    assert indicators["DL02"]["choices"] == ["Ổn định", "Có vấn đề cần theo dõi", "Phức tạp"]
    assert indicators["GD02"]["is_cumulative"] is True
    rules = {(r["left"], r["operator"], r["right"]) for r in version["rules"]}
    assert ("GD02", "le", "GD01") in rules and ("YT01", "both_or_neither", "YT02") in rules


def test_unknown_template_version_is_a_404(cast, duty):
    response = Api(cast.specialist).get(f"/templates/{duty.template_id}", version=9)
    assert "phiên bản 9" in assert_error_shape(response, 404, "not_found")["message"]


def test_template_outside_ones_duties_is_a_404(cast, duty):
    assert_error_shape(Api(cast.outsider).get(f"/templates/{duty.template_id}"), 404, "not_found")


# --- Duties and periods -----------------------------------------------------------------------------------------


def test_duties_are_listed_to_the_department_readers_and_reporting_units(cast, duty):
    for user in (cast.specialist, cast.leader, cast.viewer, cast.education_focal, cast.commune_b_focal):
        assert item_ids(Api(user).get("/duties")) == {duty.pk}, user.username
    assert item_ids(Api(cast.outsider).get("/duties")) == set()


def test_duty_detail_describes_the_regime(cast, duty):
    body = ok(Api(cast.specialist).get(f"/duties/{duty.pk}"))
    assert body["frequency"] == "quarter" and body["frequency_label"] == "Hằng quý"
    assert body["window_rule"] == "decree_09" and body["deadline_working_days"] == 2
    assert body["unit_kinds"] == ["agency", "party_committee"]
    assert body["receiving_unit"]["code"] == "btgdv"
    assert body["template"]["id"] == duty.template_id


def test_duty_hidden_from_an_outsider_is_a_404(cast, duty):
    assert_error_shape(Api(cast.outsider).get(f"/duties/{duty.pk}"), 404, "not_found")
    assert_error_shape(Api(cast.outsider).get(f"/duties/{duty.pk}/periods"), 404, "not_found")


def test_periods_of_a_duty_newest_first_with_windows_and_deadlines(cast, duty):
    items = ok(Api(cast.education_focal).get(f"/duties/{duty.pk}/periods"))["items"]
    assert [p["label"] for p in items] == ["Quý III/2026", "Quý II/2026", "Quý I/2026"]
    first = items[-1]
    assert first["window_start"] == "2025-12-15" and first["window_end"] == "2026-03-14"
    deadline = dt.datetime.fromisoformat(first["deadline"])
    assert deadline.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M:%S") == (
        "17/03/2026 23:59:59"
    )
    assert first["expected"] == 4
    assert ok(Api(cast.specialist).get(f"/duties/{duty.pk}/periods", year=2025))["count"] == 0


# --- Reports: who sees what -------------------------------------------------------------------------------------


def test_report_lists_are_scoped_exactly_like_the_screens(cast, duty):
    submitted(submission_of(duty, cast.commune_a), cast.commune_a_focal)
    fill_valid(submission_of(duty, cast.education), cast.education_focal)  # a draft
    everything = list(Submission.objects.select_related("unit", "period"))
    for user in cast.all_users():
        listed = item_ids(Api(user).get("/submissions", page_size=100))
        expected = {s.pk for s in everything if can_view_submission(user, s)}
        assert listed == expected, user.username
    # The point of it: nobody outside the unit sees its draft.
    draft = submission_of(duty, cast.education).pk
    for user in (cast.specialist, cast.viewer, cast.commune_a_focal, cast.commune_b_focal, cast.outsider):
        assert draft not in item_ids(Api(user).get("/submissions", page_size=100))


def test_report_list_filters(cast, duty):
    sent = submitted(submission_of(duty, cast.commune_a), cast.commune_a_focal)
    api = Api(cast.specialist)
    assert item_ids(api.get("/submissions", status="submitted")) == {sent.pk}
    assert item_ids(api.get("/submissions", unit=cast.commune_a.pk)) == {sent.pk}
    assert item_ids(api.get("/submissions", unit=cast.education.pk)) == set()
    period = first_period(duty)
    focal = Api(cast.education_focal)
    assert item_ids(focal.get("/submissions", period=period.pk)) == {submission_of(duty, cast.education).pk}
    assert item_ids(focal.get("/submissions", duty=duty.pk + 100)) == set()


def test_unknown_status_filter_is_a_422(cast, duty):
    assert_error_shape(Api(cast.specialist).get("/submissions", status="lost"), 422, "validation_failed")


def test_focal_point_of_another_unit_gets_a_404_in_the_error_shape(cast, report):
    before = snapshot(report)
    other = Api(cast.commune_a_focal)
    hidden = other.get(f"/submissions/{report.pk}")
    assert_error_shape(hidden, 404, "not_found")
    assert hidden.json() == other.get("/submissions/987654").json()
    assert "Sở Giáo dục" not in hidden.content.decode()
    assert_error_shape(
        other.patch(f"/submissions/{report.pk}/draft", {"version": 0, "values": {"CT01": 1}}),
        404,
        "not_found",
    )
    assert_error_shape(other.post(f"/submissions/{report.pk}/submit"), 404, "not_found")
    assert snapshot(report) == before


def test_department_cannot_read_a_units_draft(cast, report):
    fill_valid(report, cast.education_focal)
    assert_error_shape(Api(cast.specialist).get(f"/submissions/{report.pk}"), 404, "not_found")


def test_report_detail_has_narrative_figures_and_what_the_caller_may_do(cast, report):
    fill_valid(report, cast.education_focal)
    body = ok(Api(cast.education_focal).get(f"/submissions/{report.pk}"))
    assert body["unit"]["code"] == "so-gddt" and body["period"]["label"] == "Quý I/2026"
    assert body["status"] == "draft" and body["version"] == 1
    sections = {s["code"]: s for s in body["sections"]}
    assert sections["i"]["html"].startswith("<p>Nội dung mục I.")
    figures = {f["code"]: f for f in body["figures"]}
    assert figures["GD01"]["value"] == "40" and figures["GD01"]["display"] == "40"
    assert figures["DS01"]["value"] == "106.2" and figures["DS01"]["display"] == "106,2"
    assert figures["YT04"]["value"] is False and figures["YT04"]["display"] == "Không"
    assert body["allowed"] == {"edit": True, "approve": False, "review": False}


# --- Reports: drafts ---------------------------------------------------------------------------------------------


def test_patch_saves_part_of_the_draft_with_value_history(cast, report):
    api = Api(cast.education_focal)
    body = ok(
        api.patch(
            f"/submissions/{report.pk}/draft",
            {
                "version": 0,
                "narrative": {"i": "<p>Ổn định</p><script>x()</script>"},
                "values": {"CT01": 12, "CT02": "3"},
            },
        )
    )
    assert body["version"] == 1 and body["status"] == "draft"
    assert {s["code"]: s["html"] for s in body["sections"]}["i"] == "<p>Ổn định</p>"
    assert {code: v.display() for code, v in current_values(report).items()} == {"CT01": "12", "CT02": "3"}
    assert ValueChange.objects.filter(submission=report).count() == 2
    body = ok(api.patch(f"/submissions/{report.pk}/draft", {"version": 1, "values": {"CT01": None}}))
    assert {f["code"]: f["value"] for f in body["figures"]}["CT01"] is None
    assert {f["code"]: f["value"] for f in body["figures"]}["CT02"] == "3"


def test_stale_version_is_a_409_and_nothing_is_stored(cast, report):
    ok(
        Api(cast.education_leader).patch(
            f"/submissions/{report.pk}/draft", {"version": 0, "values": {"CT01": 5}}
        )
    )
    before = snapshot(report)
    response = Api(cast.education_focal).patch(
        f"/submissions/{report.pk}/draft", {"version": 0, "values": {"CT01": 9, "CT02": 1}}
    )
    body = assert_error_shape(response, 409, "stale_draft")
    assert "Lanhdao Sogd" in body["message"] and body["details"] == {"current_version": 1}
    assert snapshot(report) == before


def test_invalid_figure_is_a_400_naming_it_and_nothing_is_stored(cast, report):
    before = snapshot(report)
    response = Api(cast.education_focal).patch(
        f"/submissions/{report.pk}/draft", {"version": 0, "values": {"CT01": "nhiều", "DS01": 10, "CT02": 4}}
    )
    body = assert_error_shape(response, 400, "invalid_values")
    assert set(body["details"]["fields"]) == {"CT01", "DS01"}
    assert "«nhiều» không phải số" in body["details"]["fields"]["CT01"]
    assert snapshot(report) == before


def test_unknown_section_is_a_400(cast, report):
    response = Api(cast.education_focal).patch(
        f"/submissions/{report.pk}/draft", {"version": 0, "narrative": {"zz": "<p>x</p>"}}
    )
    assert "«zz»" in assert_error_shape(response, 400, "unknown_section")["message"]


def test_put_makes_the_draft_exactly_what_was_sent(cast, report):
    api = Api(cast.education_focal)
    ok(
        api.patch(
            f"/submissions/{report.pk}/draft",
            {"version": 0, "narrative": {"iii": "<p>Khó</p>"}, "values": {"CT01": 1, "CT02": 2}},
        )
    )
    body = ok(
        api.put(
            f"/submissions/{report.pk}/draft",
            {"version": 1, "narrative": {"i": "<p>Mới</p>"}, "values": {"CT01": 7}},
        )
    )
    figures = {f["code"]: f["value"] for f in body["figures"]}
    assert figures["CT01"] == "7" and figures["CT02"] is None
    sections = {s["code"]: s["html"] for s in body["sections"]}
    assert sections["i"] == "<p>Mới</p>" and sections["iii"] == ""


def test_malformed_body_is_a_422(cast, report):
    response = Api(cast.education_focal).patch(f"/submissions/{report.pk}/draft", {"values": {"CT01": 1}})
    assert_error_shape(response, 422, "validation_failed")


# --- Reports: the review cycle -------------------------------------------------------------------------------------


def test_submit_freezes_a_revision_and_is_audited(cast, report):
    fill_valid(report, cast.education_focal)
    body = ok(Api(cast.education_focal).post(f"/submissions/{report.pk}/submit", {"version": 1}))
    assert body["status"] == "submitted" and body["revision_count"] == 1
    assert body["first_submitted_at"] is not None
    assert body["events"][0]["action"] == "submit" and body["events"][0]["revision"] == 1
    event = AuditEvent.objects.get(action="reporting.submission_submit")
    assert event.actor == cast.education_focal and event.object_id == str(report.pk)


def test_submit_of_an_incomplete_report_lists_the_problems(cast, report):
    before = snapshot(report)
    response = Api(cast.education_focal).post(f"/submissions/{report.pk}/submit")
    body = assert_error_shape(response, 400, "incomplete")
    assert any("CT01" in problem for problem in body["details"]["problems"])
    assert snapshot(report) == before


def test_submit_with_an_outdated_version_is_a_409(cast, report):
    fill_valid(report, cast.education_focal)
    response = Api(cast.education_focal).post(f"/submissions/{report.pk}/submit", {"version": 0})
    assert_error_shape(response, 409, "stale_draft")
    report.refresh_from_db()
    assert report.status == SubmissionStatus.DRAFT


def test_return_and_accept_through_the_api_with_audit_events(cast, report):
    focal, specialist = Api(cast.education_focal), Api(cast.specialist)
    fill_valid(report, cast.education_focal)
    first = ok(focal.post(f"/submissions/{report.pk}/submit"))["first_submitted_at"]

    body = ok(specialist.post(f"/submissions/{report.pk}/return", {"comment": "Bổ sung số liệu y tế."}))
    assert body["status"] == "returned"
    assert body["events"][0]["action"] == "return" and body["events"][0]["comment"] == "Bổ sung số liệu y tế."
    assert AuditEvent.objects.get(action="reporting.submission_return").actor == cast.specialist

    version = ok(focal.get(f"/submissions/{report.pk}"))["version"]
    ok(focal.patch(f"/submissions/{report.pk}/draft", {"version": version, "values": {"YT01": 14}}))
    body = ok(focal.post(f"/submissions/{report.pk}/submit"))
    assert body["revision_count"] == 2 and body["first_submitted_at"] == first

    body = ok(specialist.post(f"/submissions/{report.pk}/accept"))
    assert body["status"] == "accepted" and body["accepted_at"] is not None
    assert AuditEvent.objects.get(action="reporting.submission_accept").actor == cast.specialist
    assert report.revisions.count() == 2


def test_focal_point_cannot_accept_or_return_its_own_report(cast, report):
    submitted(report, cast.education_focal)
    before = snapshot(report)
    focal = Api(cast.education_focal)
    assert_error_shape(focal.post(f"/submissions/{report.pk}/accept"), 403, "permission_denied")
    assert_error_shape(
        focal.post(f"/submissions/{report.pk}/return", {"comment": "x"}), 403, "permission_denied"
    )
    assert snapshot(report) == before


def test_reader_cannot_review(cast, report):
    submitted(report, cast.education_focal)
    assert_error_shape(Api(cast.viewer).post(f"/submissions/{report.pk}/accept"), 403, "permission_denied")


def test_return_needs_a_comment(cast, report):
    submitted(report, cast.education_focal)
    before = snapshot(report)
    response = Api(cast.specialist).post(f"/submissions/{report.pk}/return", {"comment": "  "})
    assert assert_error_shape(response, 400, "validation_failed")["details"] == {"field": "comment"}
    assert snapshot(report) == before


def test_accepting_twice_is_a_clear_400(cast, report):
    submitted(report, cast.education_focal)
    ok(Api(cast.specialist).post(f"/submissions/{report.pk}/accept"))
    response = Api(cast.specialist).post(f"/submissions/{report.pk}/accept")
    assert "Đã tiếp nhận" in assert_error_shape(response, 400, "not_acceptable")["message"]


def test_leader_approves_through_the_api_when_the_duty_asks(cast):
    duty = make_duty(cast, code="kg-duyet", requires_leader_approval=True)
    report = submission_of(duty, cast.education)
    fill_valid(report, cast.education_focal)
    body = ok(Api(cast.education_focal).post(f"/submissions/{report.pk}/submit"))
    assert body["status"] == "awaiting_approval" and body["first_submitted_at"] is None
    assert ok(Api(cast.education_leader).get(f"/submissions/{report.pk}"))["allowed"]["approve"] is True
    assert_error_shape(
        Api(cast.education_focal).post(f"/submissions/{report.pk}/approve"), 403, "permission_denied"
    )
    body = ok(Api(cast.education_leader).post(f"/submissions/{report.pk}/approve"))
    assert body["status"] == "submitted" and body["first_submitted_at"] is not None


# --- Authentication and CSRF ----------------------------------------------------------------------------------------


def test_writes_without_credentials_are_a_401(cast, report):
    before = snapshot(report)
    anonymous = Api(None)
    assert_error_shape(
        anonymous.patch(f"/submissions/{report.pk}/draft", {"version": 0, "values": {"CT01": 1}}),
        401,
        "unauthenticated",
    )
    assert_error_shape(anonymous.post(f"/submissions/{report.pk}/submit"), 401, "unauthenticated")
    assert_error_shape(anonymous.get("/submissions"), 401, "unauthenticated")
    assert snapshot(report) == before


def test_browser_session_writes_need_the_csrf_token(cast, report):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.education_focal)
    response = client.patch(
        f"{API}/submissions/{report.pk}/draft",
        data=json.dumps({"version": 0, "values": {"CT01": 1}}),
        content_type="application/json",
    )
    assert_error_shape(response, 403, "csrf_failed")
    assert not SubmissionValue.objects.filter(submission=report).exists()


# --- Completeness ------------------------------------------------------------------------------------------------


def test_completeness_gives_state_and_timeliness_per_unit_and_period(cast, duty):
    period = first_period(duty)
    on_time = submitted(submission_of(duty, cast.education), cast.education_focal)
    Submission.objects.filter(pk=on_time.pk).update(
        first_submitted_at=period.deadline - dt.timedelta(hours=1)
    )
    late = submitted(
        submission_of(duty, cast.commune_a), cast.commune_a_focal
    )  # sent now: after the deadline
    body = ok(Api(cast.specialist).get(f"/duties/{duty.pk}/completeness"))
    assert [p["label"] for p in body["periods"]] == ["Quý III/2026", "Quý II/2026", "Quý I/2026"]
    column = [p["id"] for p in body["periods"]].index(period.pk)
    cells = {row["unit"]["code"]: row["cells"][column] for row in body["units"]}
    assert cells["so-gddt"]["timeliness"] == "on_time" and cells["so-gddt"]["submission_id"] == on_time.pk
    assert cells["xa-an-binh"]["timeliness"] == "late" and cells["xa-an-binh"]["submission_id"] == late.pk
    assert cells["so-yte"]["timeliness"] == "missing" and cells["so-yte"]["status"] == "not_started"
    first = body["periods"][column]["stats"]
    assert first == {
        "expected": 4,
        "due": 4,
        "on_time": 1,
        "late": 1,
        "missing": 2,
        "submitted": 2,
        "submission_rate": 0.5,
        "on_time_rate": 0.25,
    }
    total = body["total"]
    assert total["expected"] == 12 and total["on_time"] == 1 and total["late"] == 1
    for row in body["units"]:
        assert row["stats"]["submission_rate"] is None or 0 <= row["stats"]["submission_rate"] <= 1


def test_completeness_is_for_the_department_and_readers(cast, duty):
    ok(Api(cast.viewer).get(f"/duties/{duty.pk}/completeness"))
    assert_error_shape(
        Api(cast.education_focal).get(f"/duties/{duty.pk}/completeness"), 403, "permission_denied"
    )
    assert_error_shape(Api(cast.outsider).get(f"/duties/{duty.pk}/completeness"), 404, "not_found")


def test_completeness_period_range(cast, duty):
    period = first_period(duty)
    body = ok(
        Api(cast.specialist).get(
            f"/duties/{duty.pk}/completeness", period_from=period.pk, period_to=period.pk
        )
    )
    assert [p["id"] for p in body["periods"]] == [period.pk]
    assert all(len(row["cells"]) == 1 for row in body["units"])


# --- The OpenAPI document -------------------------------------------------------------------------------------------


def test_openapi_documents_the_reporting_operations_and_their_errors(client):
    openapi = client.get("/api/v1/openapi.json").json()
    paths = openapi["paths"]
    expected = {
        ("/api/v1/reporting/templates", "get"),
        ("/api/v1/reporting/templates/{template_id}", "get"),
        ("/api/v1/reporting/duties", "get"),
        ("/api/v1/reporting/duties/{duty_id}", "get"),
        ("/api/v1/reporting/duties/{duty_id}/periods", "get"),
        ("/api/v1/reporting/duties/{duty_id}/completeness", "get"),
        ("/api/v1/reporting/submissions", "get"),
        ("/api/v1/reporting/submissions/{submission_id}", "get"),
        ("/api/v1/reporting/submissions/{submission_id}/draft", "patch"),
        ("/api/v1/reporting/submissions/{submission_id}/draft", "put"),
        ("/api/v1/reporting/submissions/{submission_id}/submit", "post"),
        ("/api/v1/reporting/submissions/{submission_id}/approve", "post"),
        ("/api/v1/reporting/submissions/{submission_id}/accept", "post"),
        ("/api/v1/reporting/submissions/{submission_id}/return", "post"),
    }
    found = {
        (path, method)
        for path, item in paths.items()
        for method in item
        if path.startswith("/api/v1/reporting")
        # The register's and the consolidated report's operations are checked by their own tests.
        and not path.startswith(("/api/v1/reporting/register", "/api/v1/reporting/consolidat"))
    }
    assert found == expected
    ref = {"$ref": "#/components/schemas/ErrorSchema"}
    for path, method in expected:
        responses = paths[path][method]["responses"]
        for status in ("401", "422"):
            assert responses[status]["content"]["application/json"]["schema"] == ref, (path, status)
    draft = paths["/api/v1/reporting/submissions/{submission_id}/draft"]["patch"]["responses"]
    for status in ("400", "403", "404", "409"):
        assert draft[status]["content"]["application/json"]["schema"] == ref


# --- Lists cost the same whatever their length ----------------------------------------------------------------


def _queries(api: Api, path: str, **params: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        ok(api.get(path, **params))
    return len(captured.captured_queries)


def test_list_endpoints_do_not_query_per_row(cast, duty):
    api = Api(cast.specialist)
    ok(api.get("/duties"))  # the token's first use records its time; measure after that
    submitted(submission_of(duty, cast.education), cast.education_focal)
    few = {
        path: _queries(api, path)
        for path in ("/submissions", "/duties", "/templates", f"/duties/{duty.pk}/periods")
    }
    for unit, focal in (
        (cast.health, None),
        (cast.commune_a, cast.commune_a_focal),
        (cast.commune_b, cast.commune_b_focal),
    ):
        if focal is not None:
            submitted(submission_of(duty, unit), focal)
    make_duty(cast, code="kg-quy-2", name="Báo cáo quý thứ hai")
    more = {path: _queries(api, path) for path in few}
    assert ok(api.get("/submissions"))["count"] == 3
    assert ok(api.get("/duties"))["count"] == 2
    assert more == few
