"""Production settings refuse unsafe configurations; the deployment checklist is clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_check(extra_env, *args):
    # The browser tests allow async-unsafe calls in this process; a production check must not inherit that.
    hidden = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": "change-me"}, "SECRET_KEY"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 60}, "SECRET_KEY"),
        ({"SECRET_KEY": secrets.token_urlsafe(60), "DEBUG": "1"}, "DEBUG must be off"),
    ],
)
def test_production_settings_refuse_to_start_unsafely(env, message):
    result = run_check(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_check({"SECRET_KEY": secrets.token_urlsafe(60)}, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
