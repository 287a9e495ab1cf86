"""The notification list, opening and marking notifications read, and the e-mail preference."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .errors import ApplicationError
from .forms import BootstrapFormMixin, add_application_error
from .notifications import (
    notification_get,
    notification_list,
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_update,
    notification_unread_count,
)
from .pagination import paginate


class NotificationPreferencesForm(BootstrapFormMixin, forms.Form):
    notify_by_email = forms.BooleanField(
        label=gettext_lazy("Nhận thông báo qua e-mail"),
        required=False,
        help_text=gettext_lazy(
            "Thông báo luôn hiện trong hệ thống (biểu tượng chuông); khi bật, đồng chí nhận thêm một bản qua "
            "e-mail. Nhiều nhắc nhở trong cùng một lần được gộp vào một thư."
        ),
    )


def _back_to_list(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the list page the user was on (only a query string of our own list is kept)."""
    target = reverse("notifications:list")
    query = request.POST.get("return_query", "")
    if query and url_has_allowed_host_and_scheme(f"{target}?{query}", allowed_hosts=None):
        target = f"{target}?{query}"
    return redirect(target)


@login_required
def notification_list_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("chua-doc") == "1"
    page_obj = paginate(request, notification_list(user=request.user, unread_only=unread_only))
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "unread_only": unread_only,
            "unread_count": notification_unread_count(user=request.user),
            "return_query": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and follow its link (a link inside this site only)."""
    notification = notification_get(user=request.user, pk=pk)
    notification_mark_read(user=request.user, notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(url)
    return _back_to_list(request)


@login_required
@require_POST
def notification_mark_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notification_get(user=request.user, pk=pk)
    notification_mark_read(user=request.user, notification=notification)
    return _back_to_list(request)


@login_required
@require_POST
def notification_mark_all_read_view(request: HttpRequest) -> HttpResponse:
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    else:
        messages.info(request, _("Không còn thông báo nào chưa đọc."))
    return _back_to_list(request)


@login_required
def notification_preferences_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"notify_by_email": user.notify_by_email},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = notification_preferences_update(
                actor=user, notify_by_email=form.cleaned_data["notify_by_email"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if not changed:
                messages.info(request, _("Cài đặt không thay đổi."))
            elif form.cleaned_data["notify_by_email"]:
                messages.success(request, _("Đã bật nhận thông báo qua e-mail."))
            else:
                messages.success(
                    request, _("Đã tắt nhận thông báo qua e-mail; thông báo vẫn hiện trong hệ thống.")
                )
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
