"""The interface is Vietnamese unless the user picks English with the switch; the browser's language is ignored."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Tên đăng nhập" in response.content.decode()
    assert response["Content-Language"] == "vi"


def test_the_language_switch_turns_the_interface_english_and_back(client, cast):
    client.force_login(cast.specialist)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert "Your units and roles" in english or "units and roles" in english.lower()
    assert "Đơn vị và vai trò của bạn" not in english
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đơn vị và vai trò của bạn" in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert "Tên đăng nhập" in client.get("/tai-khoan/dang-nhap/").content.decode()
