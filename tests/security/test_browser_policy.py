"""Content-Security-Policy and Permissions-Policy on every page; the camera only on the tablet."""
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def directives(response):
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/portal/", "/admin/login/", "/api/returns/",
                                  "/no-such-page/"])
def test_every_response_has_a_strict_policy_and_no_camera(client, path):
    response = client.get(path)
    policy = directives(response)
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_tablet_pages_may_use_the_camera(client, ivan):
    client.force_login(ivan)
    response = client.get("/inspect/")
    assert response.status_code == 200
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_swagger_ui_gets_inline_styles_but_still_no_inline_script(client, sam):
    client.force_login(sam)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["style-src"] and policy["script-src"] == "'self'"
    assert "<script>" not in response.content.decode()  # the start-up script is a file (?script)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def test_no_template_carries_inline_script_or_event_handlers():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        if "emails" in template.parts:  # read in mail clients, never under our CSP
            continue
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            offenders += [f"{template.relative_to(TEMPLATES)}: {m.group(0)[:60]}" for m in pattern.finditer(text)
                          if 'type="application/json"' not in m.group(0)]
    assert not offenders, offenders
