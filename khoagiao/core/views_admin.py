"""The foundation's administration screens: the audit trail, the background jobs, the working-day calendar."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from khoagiao.accounts.permissions import can_manage_calendar, can_view_audit, can_view_jobs

from .errors import ApplicationError
from .forms import add_application_error
from .forms_admin import AuditFilterForm, CalendarDayForm, CalendarDayKind
from .models import AuditEvent
from .pagination import paginate
from .selectors import (
    JOB_STATUSES,
    audit_action_list,
    audit_event_list,
    calendar_day_get,
    calendar_year,
    job_result_get,
    job_result_list,
    job_retry_events,
    job_status_counts,
    periodic_job_list,
)
from .services import (
    CALENDAR_FIRST_YEAR,
    CALENDAR_LAST_YEAR,
    calendar_day_remove,
    calendar_day_set,
    job_retry,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Audit trail --------------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


EMPTY: tuple[Any, ...] = (None, "", [], {})
RelatedNames = dict[tuple[type[Model], str], str]


@dataclass(frozen=True)
class AuditChange:
    label: str
    before: str | None
    after: str | None


def _readable(value: Any) -> str | None:
    """A stored JSON value as a person reads it: dates dd/mm/yyyy, yes/no, lists and objects compact."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, str):
        if value == "":
            return _("(trống)")
        if _ISO_DATE.match(value):
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        if _ISO_DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%H:%M %d/%m/%Y")
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _model_field(event: AuditEvent, key: str) -> Any:
    model = event.object_type.model_class() if event.object_type_id and event.object_type else None
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _related_model(event: AuditEvent, key: str) -> type[Model] | None:
    field = _model_field(event, key)
    if field is None or not field.is_relation or field.related_model is None:
        return None
    related = field.related_model
    return related if isinstance(related, type) and issubclass(related, Model) else None


def _changed_keys(
    before: dict[str, Any], after: dict[str, Any], *, creating: bool, removing: bool
) -> list[str]:
    keys = list(before) + [key for key in after if key not in before]
    if creating:
        return [key for key in keys if after.get(key) not in EMPTY]
    if removing:
        return [key for key in keys if before.get(key) not in EMPTY]
    return [key for key in keys if key not in before or key not in after or before[key] != after[key]]


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(item) for item in values if isinstance(item, int | str) and not isinstance(item, bool)]


def audit_related_names(events: list[AuditEvent]) -> RelatedNames:
    """Names of the objects the events' foreign keys point to, one query per related model."""
    wanted: dict[type[Model], set[str]] = {}
    for event in events:
        if not isinstance(event.before, dict | None) or not isinstance(event.after, dict | None):
            continue
        for key in {*(event.before or {}), *(event.after or {})}:
            model = _related_model(event, key)
            if model is not None:
                for side in (event.before or {}, event.after or {}):
                    wanted.setdefault(model, set()).update(_ids(side.get(key)))
    names: RelatedNames = {}
    for model, ids in wanted.items():
        clean = [pk for pk in ids if pk]
        try:
            found = model._default_manager.in_bulk(clean)
        except (ValueError, TypeError, ValidationError):
            continue
        names.update({(model, str(pk)): str(obj) for pk, obj in found.items()})
    return names


def _related_readable(model: type[Model], value: Any, names: RelatedNames) -> str | None:
    if value is None:
        return None
    shown = [f"{names[(model, pk)]} (#{pk})" if (model, pk) in names else f"#{pk}" for pk in _ids(value)]
    return ", ".join(shown) if shown else _("(trống)")


def audit_changes(event: AuditEvent, related_names: RelatedNames | None = None) -> list[AuditChange]:
    """What an audit event changed: every key whose value differs between before and after.

    A creation (no "before") lists what was set, a removal (no "after") what was there; foreign keys show the
    name of the object when `related_names` knows it.
    """
    before, after = event.before, event.after
    if before is None and after is None:
        return []
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        return [AuditChange(_("Giá trị"), _readable(before), _readable(after))]
    names = related_names or {}
    changes = []
    creating, removing = before is None, after is None
    before, after = before or {}, after or {}
    for key in _changed_keys(before, after, creating=creating, removing=removing):
        field = _model_field(event, key)
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key
        model = _related_model(event, key)
        if model is not None:
            old, new = (_related_readable(model, side.get(key), names) for side in (before, after))
        else:
            old, new = _readable(before.get(key)), _readable(after.get(key))
        changes.append(AuditChange(label, old, new))
    return changes


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    _require(can_view_audit(request.user))
    form = AuditFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    events = audit_event_list(
        actor_query=filters.get("actor"),
        object_query=filters.get("object"),
        action=filters.get("action"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page_obj = paginate(request, events)
    events_on_page = list(page_obj.object_list)
    names = audit_related_names(events_on_page)
    rows = [(event, audit_changes(event, names)) for event in events_on_page]
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page_obj": page_obj, "rows": rows, "actions": audit_action_list()},
    )


# --- Jobs ---------------------------------------------------------------------------------------------------

JOB_STATUS_LABELS = {
    "FAILED": (gettext_lazy("Lỗi"), "text-bg-danger"),
    "RUNNING": (gettext_lazy("Đang chạy"), "text-bg-info"),
    "READY": (gettext_lazy("Đang chờ chạy"), "text-bg-secondary"),
    "SUCCESSFUL": (gettext_lazy("Thành công"), "text-bg-success"),
}


@dataclass(frozen=True)
class JobStatus:
    code: str
    label: str
    css: str
    count: int


def _job_statuses(counts: dict[str, int]) -> list[JobStatus]:
    return [
        JobStatus(code, str(JOB_STATUS_LABELS[code][0]), JOB_STATUS_LABELS[code][1], counts.get(code, 0))
        for code in JOB_STATUSES
    ]


def call_arguments(args_kwargs: Any) -> str:
    """A job's stored arguments as a call reads: `21, reason="mất kết nối"`."""
    if not isinstance(args_kwargs, dict):
        return ""

    def show(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    args = [show(value) for value in args_kwargs.get("args") or []]
    kwargs = [f"{key}={show(value)}" for key, value in (args_kwargs.get("kwargs") or {}).items()]
    return ", ".join(args + kwargs)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    _require(can_view_jobs(request.user))
    status = request.GET.get("status", "")
    if status not in JOB_STATUSES:
        status = ""
    page_obj = paginate(request, job_result_list(status=status or None))
    retries = job_retry_events(page_obj.object_list)
    statuses = _job_statuses(job_status_counts())
    by_code = {item.code: item for item in statuses}
    rows = [
        {
            "result": result,
            "status": by_code.get(result.status),
            "module": result.task_path.rpartition(".")[0],
            "name": result.task_path.rpartition(".")[2],
            "arguments": call_arguments(result.args_kwargs),
            "retry": retries.get(str(result.pk)),
        }
        for result in page_obj.object_list
    ]
    return render(
        request,
        "core/job_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "statuses": statuses,
            "current_status": status,
            "periodic_jobs": [
                {
                    "job": row.job,
                    "last_run": row.last_run,
                    "status": by_code.get(row.last_result.status) if row.last_result else None,
                }
                for row in periodic_job_list()
            ],
        },
    )


@login_required
@require_POST
def job_retry_view(request: HttpRequest, pk: str) -> HttpResponse:
    _require(can_view_jobs(request.user))
    try:
        result = job_retry(actor=request.user, result=job_result_get(pk=pk))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Đã đưa công việc «%(task)s» vào hàng đợi để chạy lại.") % {"task": result.task_name}
        )
    return redirect("core:job_list")


# --- Working-day calendar -----------------------------------------------------------------------------------


def _year_from(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if CALENDAR_FIRST_YEAR <= year <= CALENDAR_LAST_YEAR else timezone.localdate().year


def _calendar_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    _require(can_manage_calendar(request.user))
    year = _year_from(request)
    form = CalendarDayForm(request.POST or None, initial={"kind": CalendarDayKind.DAY_OFF})
    if request.method == "POST" and form.is_valid():
        try:
            day = calendar_day_set(
                actor=request.user,
                date=form.cleaned_data["date"],
                is_working_day=form.is_working_day,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            message = (
                _("Đã đặt ngày %(date)s là ngày làm việc.")
                if day.is_working_day
                else _("Đã đặt ngày %(date)s là ngày nghỉ.")
            )
            messages.success(request, message % {"date": day.date.strftime("%d/%m/%Y")})
            return redirect(_calendar_url(day.date.year))
    overview = calendar_year(year)
    return render(
        request,
        "core/calendar.html",
        {
            "form": form,
            "year": year,
            "overview": overview,
            "previous_year": year - 1 if year > CALENDAR_FIRST_YEAR else None,
            "next_year": year + 1 if year < CALENDAR_LAST_YEAR else None,
            "working_kind": CalendarDayKind.WORKING_DAY,
        },
    )


@login_required
@require_POST
def calendar_day_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require(can_manage_calendar(request.user))
    try:
        day = calendar_day_get(pk=pk)
        calendar_day_remove(actor=request.user, day=day)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("core:calendar")
    messages.success(
        request,
        _("Đã bỏ điều chỉnh ngày %(date)s; ngày này trở lại theo lịch chung.")
        % {"date": day.date.strftime("%d/%m/%Y")},
    )
    return redirect(_calendar_url(day.date.year))
