"""The main pages of each role load under the Content-Security-Policy without a single violation.

A violation shows up twice: as a `securitypolicyviolation` event (collected by a script Playwright
injects before any page script, which CSP does not block) and as a console error.
"""
import pytest

from tests.browser.conftest import login_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def csp_page(browser_context):
    browser_context.add_init_script(COLLECT_VIOLATIONS)
    page = browser_context.new_page()
    console = []
    page.on("console", lambda msg: console.append(msg.text)
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Permissions-Policy" in msg.text)
            else None)
    page.console_csp = console
    return page


def assert_clean(page, url, *, expect_csp=True):
    response = page.goto(url)
    assert response.ok, f"{url}: {response.status}"
    page.wait_for_load_state("networkidle")
    if expect_csp:
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    violations = page.evaluate("window.__cspViolations")
    assert not violations and not page.console_csp, f"{url}: {violations} {page.console_csp}"


@pytest.fixture
def story(alice, alice_order, ivan):
    """A return received and being inspected, so each screen has something to show."""
    from tests.factories import create_return, receive_all

    ret = create_return(alice_order, alice.user)
    receive_all(ret, ivan)
    return ret


def test_anonymous_pages(csp_page, live_server):
    for path in ["/", "/accounts/login/", "/portal/", "/admin/login/"]:
        assert_clean(csp_page, live_server.url + path)


def test_the_api_docs_run_swagger_ui_under_their_own_policy(csp_page, browser_context, live_server, sam):
    login_as(browser_context, live_server, sam)
    assert_clean(csp_page, live_server.url + "/api/docs/")
    csp_page.wait_for_selector(".swagger-ui .info", timeout=15_000)  # the JS ran and rendered the schema
    assert not csp_page.evaluate("window.__cspViolations")


def test_customer_pages(csp_page, browser_context, live_server, alice, story):
    login_as(browser_context, live_server, alice.user)
    for path in ["/portal/", f"/portal/orders/{story.order.number}/", f"/portal/returns/{story.rma_number}/"]:
        assert_clean(csp_page, live_server.url + path)


def test_tablet_pages(csp_page, browser_context, live_server, ivan, story):
    login_as(browser_context, live_server, ivan)
    line = story.lines.first()
    for path in ["/inspect/", "/inspect/receive/", "/inspect/queue/", "/inspect/parcels/new/",
                 f"/inspect/returns/{story.rma_number}/"]:
        assert_clean(csp_page, live_server.url + path)
    csp_page.goto(f"{live_server.url}/inspect/returns/{story.rma_number}/")
    from inspection.workflow import inspection_open

    inspection_open(return_id=story.pk, actor=ivan)
    assert_clean(csp_page, f"{live_server.url}/inspect/returns/{story.rma_number}/lines/{line.pk}/")


def test_support_and_finance_pages(csp_page, browser_context, live_server, sam, fiona, story):
    login_as(browser_context, live_server, sam)
    for path in ["/support/", "/support/dashboard/", "/support/outbox/", f"/support/returns/{story.rma_number}/",
                 "/support/search/?q=RMA"]:
        assert_clean(csp_page, live_server.url + path)
    browser_context.clear_cookies()
    login_as(browser_context, live_server, fiona)
    assert_clean(csp_page, live_server.url + "/support/")


def test_admin_pages(csp_page, browser_context, live_server, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-test-1234")
    login_as(browser_context, live_server, admin)
    for path in ["/admin/", "/admin/returns/returnrequest/", "/admin/axes/accessattempt/", "/admin/auth/user/add/"]:
        assert_clean(csp_page, live_server.url + path)
