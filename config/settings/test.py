"""Tests: fast hasher, in-memory e-mail, jobs run immediately in the test process."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, database_from_url

DEBUG = False
SECRET_KEY = "test-only-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests on SQLite use an in-memory database unless DATABASE_URL names another server.
if "DATABASE_URL" not in os.environ:
    DATABASES = {"default": database_from_url("sqlite://:memory:")}
DATABASES["default"]["TEST"] = {"NAME": None} if DATABASES["default"]["ENGINE"].endswith("sqlite3") else {}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING", "handlers": []}}
