"""Narrative compilation (pure functions): the units' texts per section of the template, in order (by field,
then unit), each paragraph keeping its source (unit, submission, revision) until the specialist edits it; and the
merge of a rebuild into an edited draft, with the list of what changed.

A paragraph is a dict:
    {"key": "u12" (one per unit and section) or "n3" (typed by the specialist), "text": what is printed,
     "unit_id", "unit_name", "submission_id", "revision", "source_text": the unit's text as gathered,
     "edited": bool, "new_source_text": the unit's newer text when an edited paragraph's source changed,
     "orphaned": bool (the unit's report no longer counts but the edited text is kept)}
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_BLOCK_END = re.compile(r"<\s*(br\s*/?|/p|/li|/tr|/h[1-6]|/blockquote)\s*>", re.IGNORECASE)
_CELL_END = re.compile(r"<\s*/t[dh]\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0]+")


def html_to_text(stored: str) -> str:
    """A unit's stored (sanitised) HTML as plain text: paragraphs on their own lines, list items and table
    rows one per line, tags dropped, entities decoded."""
    text = _CELL_END.sub(" ", stored or "")
    text = re.sub(r"<\s*li[^>]*>", "- ", text, flags=re.IGNORECASE)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class SourceText:
    section_code: str
    unit_id: int
    unit_name: str
    submission_id: int
    revision: int
    text: str
    order: tuple[Any, ...]  # (field order, field name, unit name sort key)


def sections_compile(
    sections: Iterable[tuple[str, str]], sources: Iterable[SourceText]
) -> list[dict[str, Any]]:
    """The first draft: for each (code, heading) section, one paragraph per unit that wrote something."""
    by_section: dict[str, list[SourceText]] = {}
    for source in sources:
        if source.text.strip():
            by_section.setdefault(source.section_code, []).append(source)
    compiled = []
    for code, heading in sections:
        items = sorted(by_section.get(code, []), key=lambda s: s.order)
        compiled.append(
            {"code": code, "heading": heading, "paragraphs": [_paragraph(source) for source in items]}
        )
    return compiled


def _paragraph(source: SourceText) -> dict[str, Any]:
    return {
        "key": f"u{source.unit_id}",
        "text": source.text,
        "unit_id": source.unit_id,
        "unit_name": source.unit_name,
        "submission_id": source.submission_id,
        "revision": source.revision,
        "source_text": source.text,
        "edited": False,
        "new_source_text": "",
        "orphaned": False,
    }


def sections_merge(
    draft: list[dict[str, Any]], fresh: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Merge a fresh compilation into the edited draft. Unedited paragraphs follow their source (added, updated,
    removed); edited ones are kept as the specialist wrote them, with the unit's newer text beside them or
    marked orphaned when the unit's report no longer counts; paragraphs the specialist typed stay. Returns the
    merged sections and the change list [{"section", "unit", "change", "detail"}]."""
    old_by_code = {section["code"]: section for section in draft}
    changes: list[dict[str, str]] = []
    merged = []
    for section in fresh:
        old = old_by_code.get(section["code"], {"paragraphs": []})
        old_paragraphs = {p["key"]: p for p in old["paragraphs"] if p.get("unit_id")}
        fresh_keys = {p["key"] for p in section["paragraphs"]}
        result: list[dict[str, Any]] = []
        for paragraph in section["paragraphs"]:
            before = old_paragraphs.get(paragraph["key"])
            if before is None:
                result.append(paragraph)
                changes.append(_change(section, paragraph, "added", "Đơn vị mới có nội dung ở mục này."))
            elif before["source_text"] == paragraph["source_text"]:
                result.append({**before, "revision": paragraph["revision"], "orphaned": False})
            elif before.get("edited"):
                result.append(
                    {**before, "new_source_text": paragraph["source_text"], "revision": paragraph["revision"]}
                )
                changes.append(
                    _change(
                        section,
                        paragraph,
                        "changed",
                        "Đơn vị đã sửa nội dung; đoạn đã biên tập được giữ, nội dung mới hiện bên cạnh.",
                    )
                )
            else:
                result.append(paragraph)
                changes.append(_change(section, paragraph, "changed", "Nội dung được cập nhật theo đơn vị."))
        # What the old draft had that the fresh one has not: typed paragraphs stay where they were (at the end),
        # edited orphans stay marked, unedited ones of units no longer counted go.
        for paragraph in old["paragraphs"]:
            if not paragraph.get("unit_id"):
                result.append(paragraph)
            elif paragraph["key"] not in fresh_keys:
                if paragraph.get("edited"):
                    result.append({**paragraph, "orphaned": True})
                    detail = "Báo cáo của đơn vị không còn được tính; đoạn đã biên tập được giữ để xem lại."
                else:
                    detail = "Báo cáo của đơn vị không còn được tính; đoạn văn đã được bỏ."
                changes.append(_change(section, paragraph, "removed", detail))
        merged.append({"code": section["code"], "heading": section["heading"], "paragraphs": result})
    return merged, changes


def _change(section: dict[str, Any], paragraph: dict[str, Any], kind: str, detail: str) -> dict[str, str]:
    return {
        "section": section["heading"],
        "unit": paragraph.get("unit_name", ""),
        "change": kind,
        "detail": detail,
    }


def paragraph_edit(paragraph: dict[str, Any], text: str) -> dict[str, Any]:
    """The paragraph after the specialist typed `text` into it: edited when it differs from its source."""
    text = text.replace("\r\n", "\n").strip()
    if text == paragraph.get("text", ""):
        return paragraph
    edited = not paragraph.get("unit_id") or text != paragraph.get("source_text", "")
    return {**paragraph, "text": text, "edited": edited}
