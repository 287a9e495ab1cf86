"""Template helpers of the briefing pages: the conclusions' lead-ins and links to the task engine's pages (which
may be missing while the tasks app grows: then no link is printed rather than an error)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from ..ordinals import ordinal_lead

register = template.Library()


@register.filter
def conclusion_lead(order: int) -> str:
    return ordinal_lead(int(order))


@register.simple_tag
def task_url(task: Any) -> str:
    try:
        return reverse("tasks:task_detail", args=[task.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag
def conclusion_tasks_url(item: Any) -> str:
    try:
        return reverse("tasks:task_list") + f"?source_kind=conclusion&source_id={item.pk}"
    except NoReverseMatch:
        return ""
