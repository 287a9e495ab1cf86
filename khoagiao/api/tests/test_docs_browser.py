"""Swagger UI in Debian's Chromium: it renders our API under the strict CSP and fetches nothing remote."""

from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_renders_offline_without_csp_violations(live_server, page):
    errors = []
    hosts = set()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))

    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "Khoa giáo API" in page.locator(".swagger-ui .info .title").inner_text()
    page.wait_for_selector(".opblock")
    paths = [text.replace("\u200b", "") for text in page.locator(".opblock-summary-path").all_inner_texts()]
    # The foundation's operations, in order; feature apps (e.g. /api/v1/reporting/…) follow them.
    assert paths[:5] == [
        "/api/v1/units",
        "/api/v1/units/tree",
        "/api/v1/units/{unit_id}",
        "/api/v1/fields",
        "/api/v1/me",
    ]
    assert "/api/v1/reporting/submissions/{submission_id}/submit" in paths
    assert page.locator(".swagger-ui .btn.authorize").is_visible()
    assert errors == [], errors  # no CSP violation, no script error

    # "Try it out" calls the API from the page (connect-src 'self'); without credentials: a 401, our shape.
    # By its exact path: "/api/v1/me" is also the beginning of "/api/v1/meetings/…".
    me = page.locator(".opblock").filter(has=page.locator(".opblock-summary-path[data-path='/api/v1/me']"))
    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    me.locator(".live-responses-table tr.response .response-col_status").first.wait_for()
    assert "401" in me.locator(".live-responses-table tr.response .response-col_status").first.inner_text()
    assert (
        "unauthenticated"
        in me.locator(".live-responses-table tr.response .response-col_description").first.inner_text()
    )

    assert hosts == {urlparse(live_server.url).netloc}, hosts  # no CDN, no validator badge, no font service
    # The one console line since: Chromium reporting the (expected) 401, not a CSP refusal of the call.
    assert errors == ["Failed to load resource: the server responded with a status of 401 (Unauthorized)"], (
        errors
    )
