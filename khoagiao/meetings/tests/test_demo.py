import pytest

from khoagiao.demo.meetings import seed_demo_meetings
from khoagiao.demo.seeding import seed_demo_province, system_actor
from khoagiao.meetings.choices import AttendanceResponse, BriefingStatus
from khoagiao.meetings.models import Attendance, Briefing
from khoagiao.meetings.selectors import briefing_followup
from khoagiao.reporting.models import OutgoingDocument

pytestmark = pytest.mark.django_db


def _seed() -> str:
    # The province and the people, then this part alone: the other parts' demo data is theirs to test.
    seed_demo_province()
    return seed_demo_meetings(actor=system_actor())


def test_seed_demo_creates_a_concluded_and_an_upcoming_briefing():
    output = _seed()
    assert output.startswith("Giao ban:")
    concluded = Briefing.objects.get(status=BriefingStatus.CONCLUDED)
    upcoming = Briefing.objects.get(status=BriefingStatus.INVITED)
    assert concluded.date < upcoming.date
    assert concluded.attendances.count() >= 3
    version = concluded.conclusion_versions.get()
    assert version.notice is not None and version.notice.kind == "TB"
    assert OutgoingDocument.objects.filter(kind="GM").count() == 2
    followup = briefing_followup(upcoming)
    assert followup.total.total >= 4
    assert Attendance.objects.filter(briefing=upcoming, response=AttendanceResponse.CONFIRMED).exists()
    counts = (Briefing.objects.count(), OutgoingDocument.objects.count())
    assert _seed() == "Giao ban: dữ liệu mẫu đã có."
    assert (Briefing.objects.count(), OutgoingDocument.objects.count()) == counts
