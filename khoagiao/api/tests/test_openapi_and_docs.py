"""The OpenAPI document is honest; the docs page works offline under the strict Content-Security-Policy."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from .conftest import API

OPERATIONS = {
    ("/api/v1/units", "get"),
    ("/api/v1/units/tree", "get"),
    ("/api/v1/units/{unit_id}", "get"),
    ("/api/v1/fields", "get"),
    ("/api/v1/me", "get"),
}


@pytest.fixture
def openapi(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_openapi_lists_every_operation(openapi):
    assert openapi["openapi"].startswith("3.")
    assert openapi["info"]["title"] == "Khoa giáo API"
    # Each feature app checks its own operations (e.g. reporting/tests/test_api.py); these are the foundation's.
    feature_prefixes = (
        "/api/v1/reporting/",
        "/api/v1/tasks",
        "/api/v1/meetings/",
        "/api/v1/directives/",
        "/api/v1/opinion/",
    )
    found = {
        (path, method)
        for path, item in openapi["paths"].items()
        for method in item
        if not path.startswith(feature_prefixes)
    }
    assert found == OPERATIONS  # and nothing else: the catch-all 404 route stays out of the document


def test_openapi_declares_the_bearer_scheme_on_every_operation(openapi):
    schemes = openapi["components"]["securitySchemes"]
    bearer = [name for name, scheme in schemes.items() if scheme == {"type": "http", "scheme": "bearer"}]
    assert bearer == ["BearerTokenAuth"]
    for path, method in OPERATIONS:
        security = openapi["paths"][path][method]["security"]
        assert {"BearerTokenAuth": []} in security and {"ActiveSessionAuth": []} in security


def test_openapi_documents_the_error_answers(openapi):
    error = openapi["components"]["schemas"]["ErrorSchema"]
    assert set(error["properties"]) == {"code", "message", "details"}
    assert set(error["required"]) == {"code", "message"}
    ref = {"$ref": "#/components/schemas/ErrorSchema"}
    for path, method in OPERATIONS:
        responses = openapi["paths"][path][method]["responses"]
        for status in ("401", "422"):
            assert responses[status]["content"]["application/json"]["schema"] == ref, (path, status)
    assert (
        openapi["paths"]["/api/v1/units/{unit_id}"]["get"]["responses"]["404"]["content"]["application/json"][
            "schema"
        ]
        == ref
    )


def test_openapi_describes_the_paginated_list(openapi):
    units = openapi["paths"]["/api/v1/units"]["get"]
    assert {p["name"] for p in units["parameters"]} == {"q", "open_on", "kind", "level", "page", "page_size"}
    page_ref = units["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = openapi["components"]["schemas"][page_ref.rsplit("/", 1)[-1]]
    assert set(page["properties"]) == {"items", "count", "page", "page_size"}


def test_openapi_needs_no_login(openapi):
    # The document describes routes, not data; API clients read it before they hold a token.
    assert "/api/v1/me" in openapi["paths"]


class _Assets(HTMLParser):
    """Collects the URLs a page loads, and its scripts' types and bodies."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.scripts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "script":
            self._script = {"src": attrs.get("src"), "type": attrs.get("type"), "body": ""}
            self.scripts.append(self._script)

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


@pytest.fixture
def docs(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assets = _Assets()
    assets.feed(page)
    return response, page, assets


def test_docs_page_loads_nothing_from_another_host(docs):
    _response, page, assets = docs
    assert "cdn" not in page.lower()
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.IGNORECASE)
    assert assets.urls, "the page should load Swagger UI's files"
    for url in assets.urls:
        parsed = urlparse(url)
        assert not parsed.scheme and not parsed.netloc, url
        assert url.startswith("/"), url


def test_docs_page_assets_exist_in_the_static_files(docs):
    _response, _page, assets = docs
    static = [url for url in assets.urls if url.startswith(settings.STATIC_URL)]
    assert {os.path.basename(url) for url in static} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-init.js",
    }
    for url in static:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), (
            f"{url} is not found by the static finders"
        )


def test_docs_page_has_no_inline_script(docs):
    _response, _page, assets = docs
    for script in assets.scripts:
        if script["src"]:
            assert not script["body"].strip()
        else:
            # A JSON data block is not executed, so the CSP does not need to allow it.
            assert script["type"] == "application/json", script
            json.loads(script["body"])


def test_docs_page_points_swagger_ui_at_our_document_and_no_validator(docs):
    _response, _page, assets = docs
    config = next(json.loads(s["body"]) for s in assets.scripts if s["type"] == "application/json")
    assert config["url"] == f"{API}/openapi.json"
    assert config["validatorUrl"] is None  # otherwise Swagger UI fetches a badge from validator.swagger.io


def test_docs_page_is_served_under_the_strict_csp(docs):
    response, _page, _assets = docs
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_swagger_ui_static_files_reference_no_remote_stylesheet_or_font():
    path = finders.find("ninja/swagger-ui.css")
    assert isinstance(path, str)
    css = Path(path).read_text(encoding="utf-8")
    remote = [u for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css) if not u.startswith("data:")]
    assert remote == []
