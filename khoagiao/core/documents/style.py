"""The typographic settings of official documents, with the handbook values as defaults.

Party documents follow Hướng dẫn 36-HD/VPTW (Phụ lục 3: the motto 15 pt bold, bodies 14 pt, the kind of document
16 pt bold, the body 14 pt) and the Party office handbook's margins (top and bottom 25 mm, left 35 mm, right
15 mm). State documents follow Decree 30/2020 Phụ lục I (national title 13 pt bold, motto 14 pt bold, body 14 pt,
margins 20/20/30/15 mm). An installation overrides any value with the setting `KHOAGIAO_DOCUMENT_STYLE`, a dict
keyed by format ("party", "state") whose values are dicts of the fields below, e.g.
`{"party": {"margin_left_mm": 30}}`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentFormat(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)")
    STATE = "state", _("Văn bản hành chính nhà nước (Nghị định 30/2020/NĐ-CP)")


@dataclass(frozen=True)
class DocumentStyle:
    font_name: str = "Times New Roman"
    motto_size: float = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM"; for State documents the national title
    motto_line2_size: float = 14  # "Độc lập - Tự do - Hạnh phúc" (State only)
    body_header_size: float = 14  # superior and issuing bodies
    number_size: float = 14
    date_size: float = 14
    kind_size: float = 16  # "BÁO CÁO", "THÔNG BÁO"
    summary_size: float = 14  # trích yếu under the kind
    body_size: float = 14
    table_size: float = 12
    signature_size: float = 14
    recipients_heading_size: float = 14
    recipients_size: float = 12
    first_line_indent_mm: float = 10
    paragraph_after_pt: float = 6
    line_spacing: float = 1.1
    margin_top_mm: float = 25
    margin_bottom_mm: float = 25
    margin_left_mm: float = 35
    margin_right_mm: float = 15


DEFAULTS: dict[str, DocumentStyle] = {
    DocumentFormat.PARTY: DocumentStyle(),
    DocumentFormat.STATE: DocumentStyle(
        motto_size=13,
        motto_line2_size=14,
        body_header_size=13,
        number_size=13,
        kind_size=14,
        summary_size=14,
        body_size=14,
        recipients_heading_size=12,
        recipients_size=11,
        margin_top_mm=20,
        margin_bottom_mm=20,
        margin_left_mm=30,
        margin_right_mm=15,
    ),
}


def document_style(document_format: str) -> DocumentStyle:
    """The style of a format: the handbook defaults with the installation's overrides applied."""
    base = DEFAULTS.get(document_format, DEFAULTS[DocumentFormat.PARTY])
    overrides: dict[str, Any] = dict(
        getattr(settings, "KHOAGIAO_DOCUMENT_STYLE", {}).get(document_format, {})
    )
    known = {field.name for field in fields(DocumentStyle)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"KHOAGIAO_DOCUMENT_STYLE[{document_format!r}] has unknown keys: {sorted(unknown)}")
    return replace(base, **overrides)
