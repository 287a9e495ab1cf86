"""Demo data of the public-opinion part: a routing table, about 25 hot issues of recent months across fields,
severities and states (one cluster of duplicate reports, one issue escalated to the leadership with a task) and
one issued weekly digest. Everything goes through the services; only the timestamps of the story (when each
step happened) are set back afterwards, so that deadlines and response times look like months of real use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from khoagiao.accounts.choices import MembershipRole
from khoagiao.accounts.models import Membership, User
from khoagiao.orgs.models import Field, Unit

DEPARTMENT_CODE = "btgdvtu"
FIRST_TITLE = "Phụ huynh phản ánh giá sữa học đường tăng cao"

# (days ago, reporting unit, field, source, severity, title, description, final state)
ISSUES: list[tuple[int, str, str, str, str, str, str, str]] = [
    (
        3,
        "xa-binh-son",
        "giao_duc",
        "social",
        "hot",
        FIRST_TITLE,
        "Nhiều phụ huynh trường tiểu học trên địa bàn phản ánh trên mạng xã hội giá sữa học đường tăng 20% so với "
        "năm học trước mà không được thông báo.",
        "reported",
    ),
    (
        4,
        "phuong-cam-thanh",
        "y_te",
        "press",
        "critical",
        "Nhiều trẻ mầm non nhập viện nghi ngộ độc thực phẩm bữa ăn bán trú",
        "Báo điện tử đưa tin 27 trẻ trường mầm non phải nhập viện sau bữa trưa bán trú.",
        "escalated",
    ),
    (
        4,
        "xa-binh-son",
        "y_te",
        "social",
        "hot",
        "Trẻ mầm non nghi ngộ độc thực phẩm sau bữa bán trú",
        "Phụ huynh đăng tải hình ảnh trẻ nhập viện, nghi ngộ độc thực phẩm bữa ăn bán trú.",
        "merged",
    ),
    (
        5,
        "so-gddt",
        "y_te",
        "unit_report",
        "hot",
        "Ngộ độc thực phẩm bữa ăn bán trú tại trường mầm non",
        "Sở Giáo dục và Đào tạo báo cáo vụ việc ngộ độc thực phẩm tại bếp ăn bán trú.",
        "merged",
    ),
    (
        6,
        "phuong-nghia-lo",
        "giao_duc",
        "petition",
        "normal",
        "Lạm thu đầu năm học tại trường trung học cơ sở",
        "Đơn thư của phụ huynh về các khoản thu ngoài quy định đầu năm học.",
        "responded",
    ),
    (
        9,
        "xa-son-tinh",
        "y_te",
        "citizen_meeting",
        "normal",
        "Trạm y tế xã không có bác sĩ trực đêm",
        "Cử tri phản ánh tại buổi tiếp xúc: trạm y tế không có bác sĩ trực ban đêm.",
        "routed",
    ),
    (
        12,
        "phuong-duc-pho",
        "moi_truong",
        "press",
        "hot",
        "Ô nhiễm mùi hôi từ nhà máy chế biến tinh bột sắn",
        "Người dân nhiều khu dân cư phản ánh mùi hôi kéo dài, báo chí đã đưa tin.",
        "responded",
    ),
    (
        15,
        "phuong-sa-huynh",
        "van_hoa",
        "social",
        "normal",
        "Giá vé tham quan khu di tích văn hóa Sa Huỳnh tăng mạnh",
        "Du khách phản ánh trên mạng xã hội về việc tăng giá vé.",
        "closed",
    ),
    (
        18,
        "xa-ba-to",
        "giao_duc",
        "hotline",
        "normal",
        "Chậm chi trả chế độ cho giáo viên hợp đồng",
        "Giáo viên hợp đồng phản ánh qua đường dây nóng việc chưa được chi trả chế độ ba tháng.",
        "resolved",
    ),
    (
        21,
        "xa-tra-bong",
        "y_te",
        "other",
        "normal",
        "Tin đồn thất thiệt về dịch bệnh lạ ở vùng cao",
        "Tin nhắn lan truyền về dịch bệnh lạ; ngành y tế xác minh không có dịch.",
        "rejected",
    ),
    (
        24,
        "phuong-tra-cau",
        "giao_duc",
        "social",
        "hot",
        "Clip giáo viên đánh học sinh lan truyền trên mạng",
        "Đoạn video ghi lại cảnh giáo viên đánh học sinh lớp 3 thu hút nhiều bình luận.",
        "closed",
    ),
    (
        28,
        "xa-son-ha",
        "moi_truong",
        "citizen_meeting",
        "normal",
        "Khai thác cát trái phép trên sông",
        "Cử tri phản ánh tình trạng khai thác cát ban đêm gây sạt lở bờ sông.",
        "closed",
    ),
    (
        33,
        "so-yte",
        "y_te",
        "unit_report",
        "hot",
        "Thiếu thuốc điều trị ung thư tại bệnh viện đa khoa tỉnh",
        "Sở Y tế báo cáo tình trạng thiếu thuốc do chậm đấu thầu.",
        "closed",
    ),
    (
        38,
        "xa-minh-long",
        "an_sinh",
        "hotline",
        "normal",
        "Chậm hỗ trợ người dân sau lũ",
        "Người dân phản ánh chưa nhận được tiền hỗ trợ sau trận lũ tháng trước.",
        "closed",
    ),
    (
        45,
        "phuong-kon-tum",
        "giao_duc",
        "press",
        "normal",
        "Sách giáo khoa mới có nội dung gây tranh cãi",
        "Báo chí dẫn ý kiến phụ huynh về một số nội dung trong sách giáo khoa lớp 1.",
        "closed",
    ),
    (
        52,
        "xa-mo-duc",
        "van_hoa",
        "citizen_meeting",
        "normal",
        "Mê tín dị đoan tại một số đình làng",
        "Hiện tượng lên đồng, mê tín dị đoan trong mùa lễ hội.",
        "closed",
    ),
    (
        60,
        "xa-dak-ha",
        "y_te",
        "social",
        "hot",
        "Bệnh nhân chờ khám quá lâu tại trung tâm y tế",
        "Hình ảnh người bệnh chờ khám từ sáng sớm đến trưa được chia sẻ rộng rãi.",
        "closed",
    ),
    (
        68,
        "phuong-dak-cam",
        "giao_duc",
        "petition",
        "normal",
        "Thu tiền dạy thêm trái quy định",
        "Đơn thư phản ánh giáo viên tổ chức dạy thêm thu tiền học sinh chính khóa.",
        "closed",
    ),
    (
        75,
        "xa-van-tuong",
        "moi_truong",
        "press",
        "critical",
        "Sạt lở bờ biển đe dọa nhà dân",
        "Triều cường gây sạt lở, nhiều hộ dân phải di dời khẩn cấp.",
        "closed",
    ),
    (
        83,
        "so-vhttdl",
        "van_hoa",
        "unit_report",
        "normal",
        "Quảng cáo sai lệch tại lễ hội du lịch",
        "Sở Văn hóa báo cáo việc quảng cáo sai lệch thông tin về lễ hội.",
        "closed",
    ),
    (
        90,
        "xa-ngoc-hoi",
        "giao_duc",
        "hotline",
        "normal",
        "Đường vào trường bị ngập, học sinh nghỉ học",
        "Mưa lớn làm ngập đường vào điểm trường, học sinh phải nghỉ hai ngày.",
        "closed",
    ),
    (
        98,
        "xa-tu-nghia",
        "y_te",
        "citizen_meeting",
        "normal",
        "Thiếu vắc xin trong tiêm chủng mở rộng",
        "Phụ huynh phản ánh trẻ chưa được tiêm đủ mũi do thiếu vắc xin.",
        "closed",
    ),
    (
        105,
        "phuong-truong-quang-trong",
        "an_sinh",
        "social",
        "normal",
        "Nước sinh hoạt nhiễm mặn",
        "Người dân thiếu nước sạch sinh hoạt trong mùa khô.",
        "closed",
    ),
    (
        112,
        "xa-sa-thay",
        "giao_duc",
        "press",
        "hot",
        "Dấu hiệu tiêu cực trong thi tuyển viên chức giáo dục",
        "Báo chí nêu nghi vấn lộ đề thi tuyển viên chức.",
        "closed",
    ),
    (
        120,
        "xa-mang-den",
        "van_hoa",
        "other",
        "normal",
        "Cháy rừng phòng hộ gần khu du lịch",
        "Đám cháy rừng phòng hộ được khống chế sau 5 giờ.",
        "closed",
    ),
]
ROUTING = [
    ("y_te", "so-yte"),
    ("giao_duc", "so-gddt"),
    ("moi_truong", "so-tnmt"),
    ("van_hoa", "so-vhttdl"),
    ("an_sinh", "so-ldtbxh"),
]


def _person(unit: Unit, roles: set[str]) -> User | None:
    membership = (
        Membership.objects.filter(unit=unit, role__in=roles, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def seed_demo_opinion(*, actor: Any, today: dt.date | None = None) -> str:
    """Load the demo opinion data (idempotent); return a one-line summary for the command's output, or ""."""
    from khoagiao.opinion.choices import DigestKind, IssueStatus, MessageKind
    from khoagiao.opinion.models import Digest, HotIssue, IssueEvent, RoutingRule
    from khoagiao.opinion.services import (
        issue_confirm,
        issue_escalate,
        issue_merge,
        issue_reject,
        issue_report,
        issue_resolve,
        issue_route,
        issue_task_create,
        issue_verify,
        message_post,
        routing_rule_create,
    )
    from khoagiao.opinion.services.common import refresh_deadlines
    from khoagiao.opinion.services.digests import digest_create, digest_issue

    department = Unit.objects.filter(code=DEPARTMENT_CODE).first()
    if department is None:
        return ""
    if HotIssue.objects.filter(title=FIRST_TITLE).exists():
        return f"Dư luận xã hội: đã có {HotIssue.objects.count()} vấn đề nóng (giữ nguyên)."
    today = today or timezone.localdate()
    units = {unit.code: unit for unit in Unit.objects.all()}
    fields = {field.code: field for field in Field.objects.all()}
    specialist = User.objects.filter(username="chuyenvien").first() or actor
    leader = User.objects.filter(username="lanhdaoban").first() or actor
    for field_code, unit_code in ROUTING:
        if (
            field_code in fields
            and unit_code in units
            and not RoutingRule.objects.filter(field=fields[field_code], area=department).exists()
        ):
            routing_rule_create(
                actor=specialist,
                field=fields[field_code],
                area=department,
                responsible_unit=units[unit_code],
                note="Theo chức năng quản lý nhà nước",
            )
    created: list[tuple[HotIssue, str, dt.date]] = []
    for days_ago, unit_code, field_code, source, severity, title, description, state in ISSUES:
        unit = units.get(unit_code)
        if unit is None:
            continue
        day = today - dt.timedelta(days=days_ago)
        reporter = _person(unit, {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER}) or specialist
        issue = issue_report(
            actor=reporter,
            title=title,
            description=description,
            reporting_unit=unit,
            field=fields.get(field_code),
            source=source,
            severity=severity,
            first_seen_on=day,
            reported_at=_at(day, 8, 15),
            links=[f"https://baoquangngai.vn/thoi-su/{days_ago}-{unit_code}.htm"]
            if source == "press"
            else [],
        )
        created.append((issue, state, day))
    root = next((issue for issue, state, _ in created if state == "escalated"), None)
    for issue, state, day in created:
        if state == "reported":
            continue
        if state == "merged" and root is not None:
            issue_merge(actor=specialist, issue=issue, into=root)
            continue
        if state == "rejected":
            issue_reject(
                actor=specialist,
                issue=issue,
                reason="Ngành y tế đã xác minh không có dịch bệnh; thông tin sai sự thật, đề nghị cơ quan "
                "công an xử lý người tung tin.",
            )
            continue
        issue_verify(actor=specialist, issue=issue, severity=issue.severity)
        issue_route(actor=specialist, issue=issue)
        issue.refresh_from_db()
        responder = (
            _person(issue.responsible_unit, {MembershipRole.FOCAL_POINT, MembershipRole.UNIT_LEADER})
            if issue.responsible_unit
            else None
        )
        if state in {"responded", "resolved", "closed", "escalated"} and responder is not None:
            message_post(
                actor=responder,
                issue=issue,
                kind=MessageKind.RESPONSE,
                body="Đơn vị đã kiểm tra thực tế, làm việc với các bên liên quan và có biện pháp khắc "
                "phục; sẽ thông tin chính thức trên cổng thông tin điện tử.",
            )
        if state in {"responded", "escalated", "closed"}:
            message_post(
                actor=specialist,
                issue=issue,
                kind=MessageKind.ORIENTATION,
                body="Thông tin theo nội dung trả lời chính thức của cơ quan chức năng; không suy diễn, "
                "không chia sẻ hình ảnh của trẻ em.",
                audiences=["units", "reporters", "press_office"],
            )
        if state == "escalated":
            issue_escalate(
                actor=leader,
                issue=issue,
                summary="27 trẻ mầm non nhập viện sau bữa ăn bán trú; đã ổn định sức khỏe; ba đơn vị, "
                "ba nguồn cùng phản ánh.",
                recommendation="Đề nghị Thường trực Tỉnh ủy chỉ đạo kiểm tra toàn diện bếp ăn bán trú "
                "các trường mầm non trên địa bàn tỉnh.",
            )
            if issue.responsible_unit is not None:
                issue_task_create(
                    actor=specialist,
                    issue=HotIssue.objects.get(pk=issue.pk),
                    title="Kiểm tra an toàn thực phẩm bếp ăn bán trú các trường mầm non",
                    lead_unit=issue.responsible_unit,
                    due_date=today + dt.timedelta(days=30),
                    description="Theo đề xuất của Ban báo cáo Thường trực Tỉnh ủy.",
                )
        if state in {"resolved", "closed"}:
            issue_resolve(
                actor=specialist,
                issue=HotIssue.objects.get(pk=issue.pk),
                note="Đơn vị đã xử lý dứt điểm, thông tin công khai; dư luận lắng xuống.",
            )
        if state == "closed":
            issue_confirm(
                actor=HotIssue.objects.get(pk=issue.pk).reported_by or specialist,
                issue=HotIssue.objects.get(pk=issue.pk),
                note="Đơn vị xác nhận kết quả.",
            )
        _backdate(HotIssue.objects.get(pk=issue.pk), day, refresh_deadlines, IssueEvent)
    digest_count = 0
    start = today - dt.timedelta(days=today.weekday() + 7)
    if not Digest.objects.filter(
        issuing_unit=department, kind=DigestKind.WEEKLY, period_start=start
    ).exists():
        digest = digest_create(actor=specialist, issuing_unit=department, kind=DigestKind.WEEKLY)
        digest.assessment = (
            "Dư luận tập trung vào an toàn thực phẩm trong trường học và các khoản thu đầu năm "
            "học; các vụ việc được cơ quan chức năng thông tin kịp thời."
        )
        digest.recommendations = "Đề nghị Sở Giáo dục và Đào tạo, Sở Y tế tăng cường kiểm tra bếp ăn bán trú."
        digest.signer_name = leader.full_name if hasattr(leader, "full_name") else ""
        digest.signer_is_deputy = True
        digest.save()
        digest_issue(actor=leader, digest=digest)
        digest_count = 1
    open_count = HotIssue.objects.filter(
        status__in=[IssueStatus.REPORTED, IssueStatus.ROUTED, IssueStatus.RESPONDED]
    ).count()
    return (
        f"Dư luận xã hội: {len(created)} vấn đề nóng ({open_count} đang xử lý, 1 cụm 3 lượt phản ánh, "
        f"1 báo cáo Thường trực), {RoutingRule.objects.count()} quy tắc phân luồng, {digest_count} báo cáo tuần."
    )


def _backdate(issue: Any, day: dt.date, refresh_deadlines: Any, event_model: Any) -> None:
    """Spread the steps of the story over the days after the report (the services stamped them «now»)."""
    steps = {
        "verified_at": _at(day, 10),
        "routed_at": _at(day, 14),
        "first_response_at": _at(day + dt.timedelta(days=1), 9, 30),
        "resolved_at": _at(day + dt.timedelta(days=3), 16),
        "closed_at": _at(day + dt.timedelta(days=4), 10),
    }
    now = timezone.now()
    changes = {name: min(value, now) for name, value in steps.items() if getattr(issue, name) is not None}
    for name, value in changes.items():
        setattr(issue, name, value)
    refresh_deadlines(issue)
    issue.save(update_fields=[*changes, "ack_due_at", "response_due_at", "resolution_due_at"])
    events = list(event_model.objects.filter(issue=issue).order_by("id"))
    for index, event in enumerate(events):
        event.created_at = min(_at(day, 8, 15) + dt.timedelta(hours=5 * index), now)
    event_model.objects.bulk_update(events, ["created_at"])
