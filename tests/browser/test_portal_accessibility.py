"""axe-core on the portal's pages at 360 px: no serious or critical violation (WCAG 2 A and AA rules).

axe-core comes from the npm registry (scripts/ensure-services.sh installs it into .cache/axe). The
context bypasses the CSP only to inject axe itself; the pages' own CSP is tested in test_csp.py."""
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    return result


@pytest.mark.parametrize("language", ["en", "de"])
def test_portal_pages_have_no_serious_accessibility_violations(chromium, live_server, alice, alice_order, language):
    from django.test import Client

    from returns.models import ReturnRequest

    assert AXE.exists(), "run scripts/ensure-services.sh (installs axe-core)"
    context = chromium.new_context(viewport=PHONE, bypass_csp=True, locale=language,
                                   extra_http_headers={"Accept-Language": language})
    page = context.new_page()
    found = {}

    def check(name):
        found[name] = serious_violations(page)

    for path in ["/portal/", "/portal/sign-in/", "/portal/returns/RMA-NOPE/"]:
        page.goto(live_server.url + path)
        check(path)
    page.goto(live_server.url + "/portal/")
    page.locator('input[name="order_number"]').fill(alice_order.number)
    page.locator('input[name="email"]').fill("alice@example.com")
    page.locator("main form.card button[type=submit]").first.click()
    page.wait_for_url(f"**/portal/orders/{alice_order.number}/")
    check("items")
    line = alice_order.lines.first()
    page.locator(f"#line-{line.pk}-fieldset summary").click()
    check("items, one unfolded")
    page.locator("form#items button[type=submit]").click()  # nothing chosen: the error summary
    check("items with errors")
    page.locator(f'input[name="line-{line.pk}-quantity"]').fill("1")
    page.locator(f'select[name="line-{line.pk}-reason"]').select_option("changed_mind")
    page.locator(f'select[name="line-{line.pk}-condition"]').select_option("unopened")
    page.locator("form#items button[type=submit]").click()
    page.wait_for_url("**/review/")
    check("review")
    page.locator("main form.card button[type=submit]").last.click()
    page.wait_for_url("**/confirmation/")
    check("confirmation")
    ret = ReturnRequest.objects.get()
    page.goto(live_server.url + f"/portal/returns/{ret.rma_number}/")
    check("status")
    page.goto(live_server.url + f"/portal/returns/{ret.rma_number}/qr/")
    check("QR code full-screen")
    client = Client()
    client.force_login(alice.user)
    from django.conf import settings

    host = live_server.url.split("//", 1)[1].split(":")[0]
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}])
    page.goto(live_server.url + "/portal/mine/")
    check("my returns")
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
