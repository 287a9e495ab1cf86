"""The task engine's API at /api/v1/tasks: list with filters, detail, progress, report done, verify, send back,
extension request and decision. Same selectors and services as the screens. No `from __future__ import
annotations` in this package: django-ninja reads the annotations at import time."""

from .endpoints import router

__all__ = ["router"]
