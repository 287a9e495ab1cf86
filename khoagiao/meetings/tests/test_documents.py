import datetime as dt
import io

import docx
import pytest

from khoagiao.meetings import services
from khoagiao.reporting.models import OutgoingDocument

from .helpers import attendance_of, held_briefing, make_briefing

pytestmark = pytest.mark.django_db


def _texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(paragraph.text for paragraph in cell.paragraphs)
    return texts


def _read(document: OutgoingDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_the_invitation_docx_has_header_number_date_agenda_and_recipients(cast):
    briefing = held_briefing(cast)
    document = OutgoingDocument.objects.get(kind="GM")
    texts = _texts(_read(document))
    assert document.symbol == "Số 1-GM/BTGDVTU"
    assert "Số 1-GM/BTGDVTU" in texts
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN" in texts
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    assert "GIẤY MỜI" in texts
    assert any(text.startswith("Thử Nghiệm, ngày") for text in texts)
    assert "- Đại diện lãnh đạo Sở Giáo dục và Đào tạo;" in texts
    assert "Địa điểm: Hội trường Tỉnh ủy." in texts
    assert "1. Báo cáo kết quả công tác khoa giáo quý III." in texts
    assert "Nơi nhận:" in texts
    assert "- Như thành phần mời," in texts
    assert "K/T TRƯỞNG BAN" in texts and "PHÓ TRƯỞNG BAN" in texts
    assert "Nguyễn Thị Hồng Hạnh" in texts
    assert briefing.pk


def test_the_notice_docx_numbers_the_conclusions_in_words(cast):
    briefing = held_briefing(cast)
    services.attendance_record(
        actor=cast.specialist, attendance=attendance_of(briefing, cast.education), present=True
    )
    for text in ["Tăng cường tuyên truyền về chuyển đổi số trong giáo dục", "đẩy mạnh truyền thông dân số"]:
        services.conclusion_item_add(
            actor=cast.specialist, briefing=briefing, text=text, lead_unit=cast.education
        )
    document = services.notice_issue(actor=cast.specialist, briefing=briefing)
    texts = _texts(_read(document))
    assert document.symbol == "Số 1-TB/BTGDVTU"
    assert "Số 1-TB/BTGDVTU" in texts
    assert "THÔNG BÁO" in texts
    assert "Một là, tăng cường tuyên truyền về chuyển đổi số trong giáo dục." in texts
    assert "Hai là, đẩy mạnh truyền thông dân số." in texts
    assert "Dự hội nghị có đại diện lãnh đạo: Sở Giáo dục và Đào tạo." in texts
    assert "- Sở Giáo dục và Đào tạo (để thực hiện)," in texts
    assert "- Lưu Văn phòng Ban." in texts


def test_a_corrected_notice_names_the_one_it_replaces(cast):
    briefing = held_briefing(cast)
    services.conclusion_item_add(actor=cast.specialist, briefing=briefing, text="Kết luận thứ nhất")
    services.notice_issue(actor=cast.specialist, briefing=briefing)
    services.conclusion_version_new(actor=cast.specialist, briefing=briefing, reason="sửa lỗi chính tả")
    second = services.notice_issue(actor=cast.specialist, briefing=briefing)
    texts = _texts(_read(second))
    assert any("thay thế Thông báo số 1-TB/BTGDVTU" in text and "sửa lỗi chính tả" in text for text in texts)


def test_the_followup_table_docx(cast, client):
    earlier = held_briefing(cast)
    item = services.conclusion_item_add(actor=cast.specialist, briefing=earlier, text="Kết luận")
    services.conclusion_task_create(
        actor=cast.specialist, item=item, lead_unit=cast.health, due_date=earlier.date
    )
    later = make_briefing(cast, date=earlier.date + dt.timedelta(days=30))
    client.force_login(cast.specialist)
    response = client.get(f"/giao-ban/{later.pk}/ket-qua-ky-truoc.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    table = next(table for table in document.tables if table.rows[0].cells[0].text == "TT")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][1] == "Đơn vị chủ trì"
    assert rows[1][1] == "Sở Y tế"
    assert rows[1][2] == "1"
    assert rows[-1][1] == "Tổng cộng"
