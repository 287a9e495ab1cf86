"""Shared fixtures. Browser tests need Debian's Chromium; without it they are skipped and counted, unless
KHOAGIAO_REQUIRE_BROWSER=1 (set by .ci/run) turns a missing browser into a failure."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from khoagiao.core.testing import Cast

# Playwright's sync API keeps an event loop running in the test thread for the whole session once a browser test
# has started, and Django then refuses synchronous ORM calls in every later test of that process. The tests are
# synchronous code, so the guard is lifted for the test process only (subprocesses started by tests drop it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("KHOAGIAO_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_BROWSER = os.environ.get("KHOAGIAO_REQUIRE_BROWSER") == "1"
_skipped_browser_tests: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    for item in items:
        if "browser" in item.keywords:
            if REQUIRE_BROWSER:
                item.add_marker(pytest.mark.usefixtures("_browser_is_required"))
            else:
                _skipped_browser_tests.append(item.nodeid)
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not found"))


@pytest.fixture
def _browser_is_required() -> None:
    pytest.fail(f"{CHROMIUM} is missing and KHOAGIAO_REQUIRE_BROWSER=1: browser tests must run here.")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if CHROMIUM.exists():
        return
    if REQUIRE_BROWSER:
        terminalreporter.write_line(
            f"BROWSER TESTS FAILED: {CHROMIUM} is missing and KHOAGIAO_REQUIRE_BROWSER=1 "
            "(install it with: apt-get install chromium).",
            red=True,
        )
        return
    # Under xdist the skips happen in workers; count the reports the controller received instead.
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if "browser" in getattr(r, "keywords", {})
    ]
    count = len(skipped) or len(_skipped_browser_tests)
    terminalreporter.write_line(
        f"{count} browser test(s) skipped: {CHROMIUM} not found (apt-get install chromium to run them).",
        yellow=True,
    )


@pytest.fixture
def libreoffice() -> None:
    """For tests that convert to PDF: skipped without LibreOffice, unless KHOAGIAO_REQUIRE_PDF=1 (set by .ci/run,
    which installs it) turns its absence into a failure."""
    from khoagiao.core.documents import pdf_available

    if pdf_available():
        return
    if os.environ.get("KHOAGIAO_REQUIRE_PDF") == "1":
        pytest.fail(
            "LibreOffice (soffice) is missing and KHOAGIAO_REQUIRE_PDF=1: the PDF tests must run here."
        )
    pytest.skip("LibreOffice (soffice) is not installed (apt-get install libreoffice-writer-nogui)")


@pytest.fixture
def cast(db: Any) -> Cast:
    return Cast()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
