"""Reads of the register of outgoing documents (sổ văn bản đi), scoped to the issuing units the user may see:
the department (leaders, specialists) and the leadership viewer over the unit, and superusers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from khoagiao.accounts.choices import MembershipRole
from khoagiao.core.errors import NotFoundError
from khoagiao.core.permissions import user_has_any_role, user_scope
from khoagiao.core.text import fold_vi, vi_sort_key
from khoagiao.orgs.models import Unit

from .models.register import OutgoingDocument
from .permissions import DEPARTMENT

REGISTER_READERS = DEPARTMENT | {MembershipRole.VIEWER}


@dataclass(frozen=True)
class RegisterFilters:
    unit: int | None = None
    kind: str = ""
    year: int | None = None
    status: str = ""
    q: str = ""


def register_may_view(user: Any) -> bool:
    """Whether the user may open the register at all (the menu entry)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser) or user_has_any_role(user, REGISTER_READERS)


def register_documents(user: Any) -> QuerySet[OutgoingDocument]:
    """Every register row the user may read."""
    return user_scope(user, REGISTER_READERS).filter(OutgoingDocument.objects.all(), "issuing_unit")


def register_cancel_unit_ids(user: Any) -> frozenset[int]:
    """The issuing units whose numbers the user may cancel (the department over them)."""
    return user_scope(user, DEPARTMENT).unit_ids


def register_list(user: Any, filters: RegisterFilters) -> QuerySet[OutgoingDocument]:
    documents = register_documents(user).select_related("issuing_unit", "cancelled_by")
    if filters.unit:
        documents = documents.filter(issuing_unit_id=filters.unit)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.year:
        documents = documents.filter(year=filters.year)
    if filters.status:
        documents = documents.filter(status=filters.status)
    for word in fold_vi(filters.q).split()[:10]:  # every word, in any order: "ket luan y te"
        documents = documents.filter(search_text__contains=word)
    return documents.order_by("-issued_on", "issuing_unit_id", "kind", "-number", "-pk")


def register_issuing_units(user: Any) -> list[Unit]:
    """The units that have issued documents the user may read (the choices of the unit filter)."""
    unit_ids = register_documents(user).values("issuing_unit_id")
    return sorted(Unit.objects.filter(pk__in=unit_ids), key=lambda unit: vi_sort_key(unit.name))


def register_years(user: Any) -> list[int]:
    return list(register_documents(user).order_by("-year").values_list("year", flat=True).distinct())


def register_document_get(user: Any, pk: int) -> OutgoingDocument:
    document = (
        register_documents(user).select_related("issuing_unit", "cancelled_by", "created_by").filter(pk=pk)
    )
    found = document.first()
    if found is None:
        raise NotFoundError(_("Không tìm thấy văn bản trong sổ, hoặc bạn không có quyền xem sổ văn bản này."))
    return found


def register_attach_sources(documents: Iterable[OutgoingDocument]) -> None:
    """Sets `source_object` and `source_url` on each row: one query per kind of source, whatever the rows."""
    rows = list(documents)
    wanted: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        row.source_object = None  # type: ignore[attr-defined]
        row.source_url = ""  # type: ignore[attr-defined]
        if row.source_type_id and row.source_id:
            wanted[row.source_type_id].add(row.source_id)
    found: dict[tuple[int, int], Any] = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            found[(type_id, obj.pk)] = obj
    for row in rows:
        source = found.get((row.source_type_id, row.source_id or 0)) if row.source_type_id else None
        if source is None:
            continue
        row.source_object = source  # type: ignore[attr-defined]
        get_url = getattr(source, "get_absolute_url", None)
        if callable(get_url):
            try:
                row.source_url = get_url()  # type: ignore[attr-defined]
            except Exception:
                row.source_url = ""  # type: ignore[attr-defined]
