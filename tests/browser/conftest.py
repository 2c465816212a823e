"""Headless Chromium (Debian's, driven by Playwright) against pytest-django's live server.

Screenshots go to test-artifacts/screenshots/<name>.png so a person can look at every page.
"""
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 780}
TABLET_LANDSCAPE = {"width": 1280, "height": 800}
TABLET_PORTRAIT = {"width": 800, "height": 1280}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--disable-quic"])
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium, request):
    """A fresh context per test; mark a test with @pytest.mark.viewport(PHONE) to size it."""
    marker = request.node.get_closest_marker("viewport")
    viewport = marker.args[0] if marker else DESKTOP
    context = chromium.new_context(viewport=viewport, has_touch=viewport["width"] < 1300,
                                   accept_downloads=True, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login_as(context, live_server, user):
    """Log `user` in by giving the browser a real session cookie (faster than typing a password)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": host, "path": "/"}])


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"The page scrolls sideways by {overflow}px"
