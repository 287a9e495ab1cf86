import datetime as dt
import json

import pytest
from django.test import Client

from khoagiao.accounts.services import api_token_create
from khoagiao.meetings import services
from khoagiao.meetings.choices import AttendanceResponse

from .helpers import attendance_of, held_briefing, invited_briefing, make_briefing, today

pytestmark = pytest.mark.django_db
API = "/api/v1/meetings"


class Api:
    def __init__(self, user):
        self.client = Client()
        _token, raw = api_token_create(actor=user, user=user, name="thử nghiệm")
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path, body):
        return self.client.post(
            API + path, data=json.dumps(body), content_type="application/json", headers=self.headers
        )


def test_list_is_scoped_like_the_screens(cast):
    visible = make_briefing(cast, invited_units=[cast.education])
    make_briefing(cast, invited_units=[cast.health])
    ids = {item["id"] for item in Api(cast.education_focal).get("/briefings").json()["items"]}
    assert ids == {visible.pk}
    assert len(Api(cast.specialist).get("/briefings").json()["items"]) == 2
    assert Api(cast.outsider).get("/briefings").json()["items"] == []


def test_detail_has_agenda_attendance_and_conclusions(cast):
    briefing = held_briefing(cast)
    services.conclusion_item_add(
        actor=cast.specialist, briefing=briefing, text="Tăng cường", lead_unit=cast.health
    )
    data = Api(cast.viewer).get(f"/briefings/{briefing.pk}").json()
    assert data["status"] == "held"
    assert data["agenda"][0]["title"].startswith("Báo cáo kết quả")
    assert {row["unit"]["name"] for row in data["attendance"]} >= {"Sở Y tế"}
    assert data["conclusions"][0]["lead_in"] == "Một là"
    assert data["conclusions"][0]["locked"] is False
    assert Api(cast.outsider).get(f"/briefings/{briefing.pk}").status_code == 404


def test_a_unit_answers_through_the_api(cast):
    briefing = invited_briefing(cast)
    attendance = attendance_of(briefing, cast.education)
    response = Api(cast.education_focal).post(
        f"/briefings/{briefing.pk}/attendance/{attendance.pk}", {"attend": True, "attendees": "Huỳnh Thị Mai"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["response"] == AttendanceResponse.CONFIRMED
    other = attendance_of(briefing, cast.health)
    refused = Api(cast.education_focal).post(
        f"/briefings/{briefing.pk}/attendance/{other.pk}", {"attend": True, "attendees": "X"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    missing_reason = Api(cast.education_focal).post(
        f"/briefings/{briefing.pk}/attendance/{attendance.pk}", {"attend": False}
    )
    assert missing_reason.status_code == 400


def test_answering_after_the_meeting_is_a_400(cast):
    briefing = invited_briefing(cast, date=today() - dt.timedelta(days=2))
    attendance = attendance_of(briefing, cast.education)
    response = Api(cast.education_focal).post(
        f"/briefings/{briefing.pk}/attendance/{attendance.pk}", {"attend": True, "attendees": "A"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "after_meeting"
