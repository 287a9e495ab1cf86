"""`manage.py create_api_token`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from khoagiao.accounts.models import ApiToken
from khoagiao.accounts.services import api_token_authenticate
from khoagiao.core.testing import Cast

from .helpers import after_of, last_audit


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_working_token_once(cast: Cast) -> None:
    out, err = run("chuyenvien")

    raw = out.strip()
    assert raw.startswith("kg_")
    assert "\n" not in raw
    assert api_token_authenticate(raw) == cast.specialist
    token = ApiToken.objects.get(user=cast.specialist)
    assert token.name == "Dòng lệnh"
    assert raw not in err
    assert "Authorization: Bearer" in err
    event = last_audit("accounts.api_token_create")
    assert event.actor is None
    assert event.actor_name == "hệ thống"
    assert after_of(event)["via"] == "manage.py create_api_token"


def test_the_command_takes_a_name(cast: Cast) -> None:
    run("chuyenvien", "--name", "Đồng bộ cổng thông tin")

    assert ApiToken.objects.get(user=cast.specialist).name == "Đồng bộ cổng thông tin"


def test_the_command_refuses_an_unknown_user(cast: Cast) -> None:
    with pytest.raises(CommandError, match="Không có người dùng «khong-co-ai»"):
        run("khong-co-ai")
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_locked_user(cast: Cast) -> None:
    cast.specialist.is_active = False
    cast.specialist.save()

    with pytest.raises(CommandError, match="đang bị khóa"):
        run("chuyenvien")
    assert not ApiToken.objects.exists()


def test_the_command_refuses_an_empty_name(cast: Cast) -> None:
    with pytest.raises(CommandError, match="tên gợi nhớ"):
        run("chuyenvien", "--name", " ")
