"""The portal on a 360 px phone in each of its five languages, the language switcher without
JavaScript, and signing in with the e-mailed one-time link. One screenshot per language and step
under test-artifacts/screenshots/ (portal-lang-<code>-<step>.png)."""
import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A word of each language's items page heading, to prove the page is in that language.
HEADINGS = {"en": "Choose what to return", "de": "Wählen Sie, was Sie zurückgeben",
            "fr": "Choisissez ce que vous retournez", "es": "Elige qué devolver", "nl": "Kies wat u retourneert"}
DONE = {"en": "Your return is authorized", "de": "Ihre Rücksendung ist genehmigt", "fr": "Votre retour est autorisé",
        "es": "Tu devolución está autorizada", "nl": "Uw retour is goedgekeurd"}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def check(page, name, language):
    assert page.locator("html").get_attribute("lang") == language
    assert_no_horizontal_scroll(page)
    screenshot(page, name)


@pytest.fixture
def phone(chromium):
    """A phone context per language (the browser's Accept-Language decides the first page)."""
    contexts = []

    def open_phone(language):
        context = chromium.new_context(viewport=PHONE, has_touch=True, locale=language,
                                       extra_http_headers={"Accept-Language": language})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page, errors

    yield open_phone
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "nl"])
def test_the_whole_return_in_each_language_on_a_phone(phone, live_server, alice_order, language):
    from django.core import mail

    page, errors = phone(language)
    page.goto(live_server.url + "/portal/")
    check(page, f"portal-lang-{language}-1-lookup", language)
    page.locator('input[name="order_number"]').fill(alice_order.number)
    page.locator('input[name="email"]').fill("alice@example.com")
    page.locator("form.lookup button[type=submit], main form button[type=submit]").first.click()
    page.wait_for_url(f"**/portal/orders/{alice_order.number}/")
    assert HEADINGS[language] in page.locator("h1").inner_text()
    check(page, f"portal-lang-{language}-2-items", language)
    line = alice_order.lines.first()
    page.locator(f"#line-{line.pk}-fieldset summary").click()
    page.locator(f'input[name="line-{line.pk}-quantity"]').fill("1")
    page.locator(f'select[name="line-{line.pk}-reason"]').select_option("changed_mind")
    page.locator(f'select[name="line-{line.pk}-condition"]').select_option("unopened")
    page.locator("form#items button[type=submit]").click()
    page.wait_for_url("**/review/")
    check(page, f"portal-lang-{language}-3-review", language)
    page.locator("main form.card button[type=submit]").last.click()
    page.wait_for_url("**/confirmation/")
    assert DONE[language] in page.locator("main").inner_text()
    check(page, f"portal-lang-{language}-4-confirmation", language)
    # The e-mail is in the language the return was asked in.
    assert mail.outbox and (language == "en" or "authorized" not in mail.outbox[-1].subject)
    assert errors == []


@pytest.mark.viewport(PHONE)
def test_switching_the_language_without_javascript(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/portal/")
    page.locator("#language-choice").select_option("nl")
    page.locator(".language-switch button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Een artikel retourneren" in page.locator("h1").inner_text()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-lang-switch-nl")
    context.close()


@pytest.mark.viewport(PHONE)
def test_signing_in_with_the_emailed_link_on_a_phone(page, live_server, alice, alice_order):
    from django.core import mail

    page.goto(live_server.url + "/portal/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail address").fill("alice@example.com")
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    assert page.get_by_role("heading", name="Check your e-mail").is_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-sign-in-sent")
    # PUBLIC_URL is the production address; the path is what matters here.
    emailed = re.search(r"https?://\S+/portal/sign-in/\S+/", mail.outbox[-1].body).group(0)
    link = live_server.url + urlsplit(emailed).path
    page.goto(link)
    page.get_by_role("button", name="Sign in").last.click()
    page.wait_for_url("**/portal/mine/")
    assert page.get_by_role("heading", name="My returns").is_visible()
    assert alice_order.number in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-my-returns")
    # The link was used: opening it again says so.
    page.goto(link)
    assert page.get_by_role("heading", name="This sign-in link no longer works").is_visible()


@pytest.mark.viewport(PHONE)
def test_the_items_page_of_a_three_line_order_fits_a_phone_before_anything_is_chosen(page, live_server, alice,
                                                                                    tshirt, jeans):
    from tests.factories import make_order, make_product

    scarf = make_product("SCARF", name="Merino scarf")
    order = make_order(alice, [(tshirt, 2, "20.00"), (jeans, 1, "60.00"), (scarf, 1, "35.00")])
    page.goto(live_server.url + "/portal/")
    page.locator('input[name="order_number"]').fill(order.number)
    page.locator('input[name="email"]').fill("alice@example.com")
    page.get_by_role("button", name="Find my order").click()
    page.wait_for_url(f"**/portal/orders/{order.number}/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1800, f"{height}px tall on a phone"
    assert not page.get_by_label("Why are you returning it?").first.is_visible()
    assert_no_horizontal_scroll(page)
    screenshot(page, "portal-items-three-lines-folded")
    # Tapping an item unfolds its fields.
    page.get_by_role("group", name="Merino scarf").get_by_text("Return this item").click()
    assert page.get_by_role("group", name="Merino scarf").get_by_label("Why are you returning it?").is_visible()
