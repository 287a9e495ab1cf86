"""Loading the documents that ship with the product (`data/directives.csv`), with their successor links.

Idempotent: a document already in the registry (same symbol, date and issuer) is left as it is; a successor
link already set is kept. A `successor_of` naming a document that is not in the file (e.g. 221-QĐ/TW of
27/4/2009) adds that earlier document with the successor's issuer and a placeholder summary, marked as
replaced, so the chain can be shown.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.db import transaction

from khoagiao.orgs.models import Field

from ..choices import DirectiveIssuer, DirectiveKind, DirectiveValidity
from ..models import Directive
from .registry import directive_create, directive_set_successor

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "directives.csv"
KIND_CODES = {
    "NQ": DirectiveKind.RESOLUTION,
    "CT": DirectiveKind.DIRECTIVE,
    "KL": DirectiveKind.CONCLUSION,
    "QĐ": DirectiveKind.DECISION,
    "QĐi": DirectiveKind.REGULATION,
    "HD": DirectiveKind.GUIDANCE,
    "CTr": DirectiveKind.PROGRAMME,
    "KH": DirectiveKind.PLAN,
}
ISSUER_NAMES = {str(label).casefold(): value for value, label in DirectiveIssuer.choices}
ISSUER_NAMES.update(
    {"bch trung ương": DirectiveIssuer.CENTRAL_COMMITTEE, "thủ tướng": DirectiveIssuer.PRIME_MINISTER}
)


def parse_issuer(text: str) -> tuple[str, str]:
    """ "Ban Chấp hành Trung ương (Hội nghị TW 7 khóa X)" → (issuer code, "Hội nghị TW 7 khóa X"); an issuer
    outside the list becomes "other" with its whole name as the detail."""
    match = re.match(r"^\s*([^(]+?)\s*(?:\((.*)\))?\s*$", text or "")
    name = match.group(1) if match else (text or "").strip()
    detail = (match.group(2) or "").strip() if match else ""
    code = ISSUER_NAMES.get(name.casefold())
    if code is None:
        return DirectiveIssuer.OTHER, (text or "").strip()
    return code, detail


def _kind_from_symbol(symbol: str) -> str:
    match = re.search(r"-([^/]+)/", symbol) or re.search(r"/([^-]+)-", symbol)
    return KIND_CODES.get(match.group(1), DirectiveKind.OTHER) if match else DirectiveKind.OTHER


def _find(symbol: str, issued_on: dt.date) -> Directive | None:
    return Directive.objects.filter(symbol__iexact=symbol, issued_on=issued_on).order_by("pk").first()


@transaction.atomic
def directives_load(*, actor: Any = None, path: Path | None = None) -> dict[str, int]:
    """Load the shipped documents; returns counts of what was created and linked."""
    with open(path or CSV_PATH, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = {field.code: field for field in Field.objects.all()}
    created = linked = 0
    loaded: list[tuple[Directive, str]] = []
    for row in rows:
        issued_on = dt.date.fromisoformat(row["date"])
        issuer, detail = parse_issuer(row["issuer"])
        symbol = row["symbol"].strip()
        directive = Directive.objects.filter(
            symbol__iexact=symbol, issued_on=issued_on, issuer=issuer
        ).first()
        if directive is None:
            directive = directive_create(
                actor=actor,
                kind=KIND_CODES.get(row["kind"], DirectiveKind.OTHER),
                number=int(row["number"]) if row["number"].isdigit() else None,
                symbol=symbol,
                issued_on=issued_on,
                issuer=issuer,
                issuer_detail=detail,
                title=row["title"],
                fields=[fields[row["field"]]] if row["field"] in fields else [],
                source_note=row.get("confidence", ""),
            )
            created += 1
        loaded.append((directive, (row.get("successor_of") or "").strip()))
    for directive, successor_of in loaded:
        if not successor_of:
            continue
        symbol, _space, day = successor_of.rpartition(" ")
        issued_on = dt.date.fromisoformat(day)
        predecessor = _find(symbol, issued_on)
        if predecessor is None:
            predecessor = directive_create(
                actor=actor,
                kind=_kind_from_symbol(symbol),
                symbol=symbol,
                issued_on=issued_on,
                issuer=directive.issuer,
                title=f"Văn bản trước của {directive.short_name} (chưa nhập trích yếu)",
                validity=DirectiveValidity.REPLACED,
                fields=list(directive.fields.all()),
                source_note="Tạo tự động từ cột successor_of",
            )
            created += 1
        if predecessor.successor_id is None:
            directive_set_successor(actor=actor, directive=predecessor, successor=directive)
            linked += 1
    return {"created": created, "linked": linked}
