"""Five languages: every portal and e-mail string has a translation in each, the compiled catalogues
match their sources, and every portal page and customer e-mail renders without an English sentence
left among the translatable ones."""
import gettext
import html
import re
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.links import status_path
from portal.management.commands.portal_messages import IGNORE_PATTERNS, TRANSLATED, locale_dir
from portal.signin import make_sign_in_token
from returns.services import lifecycle as lc
from tests.factories import create_return
from tests.portal.helpers import choose_items, lookup

from .i18n_helpers import catalogue_entries, english_left, parse_po

pytestmark = pytest.mark.django_db


def test_the_languages_are_english_german_french_spanish_and_dutch(settings):
    assert [code for code, _name in settings.LANGUAGES] == ["en", "de", "fr", "es", "nl"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_of_the_catalogue_is_translated_and_not_fuzzy(language):
    entries = catalogue_entries(language)
    assert len(entries) > 400
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"]) or e["fuzzy"]]
    assert untranslated == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_is_the_compiled_po(language, tmp_path):
    """msgfmt --check also refuses a translation whose placeholders differ from the English."""
    assert shutil.which("msgfmt"), "install gettext (scripts/ensure-services.sh does)"
    folder = locale_dir() / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(folder / "django.po")], check=True)
    with open(fresh, "rb") as a, open(folder / "django.mo", "rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, \
            "run `make messages` and commit the .mo files"


def test_no_portal_or_email_string_is_missing_from_the_catalogues():
    """Extract the strings of the code and templates now (as `make messages` does) into a fresh .pot
    and compare: a new string without a translation fails here. No .po file is touched."""
    pot = locale_dir() / "django.pot"
    try:
        call_command("makemessages", exclude=TRANSLATED, keep_pot=True, ignore_patterns=IGNORE_PATTERNS,
                     no_wrap=True, verbosity=0)
        extracted = {entry["msgid"] for entry in parse_po(pot)}
    finally:
        pot.unlink(missing_ok=True)
    assert len(extracted) > 400
    for language in TRANSLATED:
        known = {entry["msgid"] for entry in catalogue_entries(language)}
        assert sorted(extracted - known) == [], f"not in locale/{language}: run `make messages` and translate"


@pytest.fixture
def ret(alice, alice_order):
    return create_return(alice_order, alice.user, {alice_order.lines.first(): 1})


def _pages(client, ret, alice_order, alice):
    """Every portal page a customer can reach, as (name, response)."""
    anonymous = Client()
    anonymous.cookies.update(client.cookies)
    yield "home", anonymous.get("/portal/")
    yield "not found", anonymous.get("/portal/returns/RMA-NOPE/")
    yield "link invalid", anonymous.get("/portal/s/garbage/")
    yield "sign in", anonymous.get("/portal/sign-in/")
    yield "sign in sent", anonymous.post("/portal/sign-in/", {"email": "nobody@example.com"})
    yield "sign in invalid", anonymous.get("/portal/sign-in/garbage/")
    yield "sign in confirm", anonymous.get(reverse("portal:sign_in_link", args=[make_sign_in_token(alice)]))
    lookup(client, alice_order, email="alice@example.com")
    yield "items", client.get(f"/portal/orders/{alice_order.number}/")
    yield "items with errors", choose_items(client, alice_order, {alice_order.lines.first(): 9})
    choose_items(client, alice_order, {alice_order.lines.first(): 1})
    yield "review", client.get(f"/portal/orders/{alice_order.number}/review/")
    yield "confirmation", client.get(f"/portal/returns/{ret.rma_number}/confirmation/")
    yield "status", client.get(f"/portal/returns/{ret.rma_number}/")
    yield "cancel", client.get(f"/portal/returns/{ret.rma_number}/cancel/")
    signed_in = Client()
    signed_in.cookies.update(client.cookies)
    signed_in.force_login(alice.user)
    yield "my returns", signed_in.get("/portal/mine/")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_portal_page_is_in_the_chosen_language(client, ret, alice_order, alice, language, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = 0
    for name, response in _pages(client, ret, alice_order, alice):
        assert response.status_code in (200, 400, 404, 403, 410), (name, response.status_code)
        body = response.content.decode()
        assert f'<html lang="{language}"' in body, name
        left = english_left(language, body)
        assert left == [], f"{name} ({language}) still has English: {left}"
        pages += 1
    assert pages == 14


@pytest.mark.parametrize("language", TRANSLATED)
def test_customer_emails_are_in_the_language_of_the_return(ret, alice, language):
    """Through the tasks that send them (no request, no active language): authorized, cancelled,
    and the sign-in link in the customer's last language."""
    from portal.languages import remember_for_return
    from portal.tasks import send_customer_email, send_sign_in_email

    remember_for_return(ret, language)
    lc.return_cancel(return_id=ret.pk, actor=alice.user)
    for event in ret.events.order_by("pk"):
        send_customer_email(event.pk)
    send_sign_in_email(alice.pk, language)
    assert len(mail.outbox) == 3, [m.subject for m in mail.outbox]
    for message in mail.outbox:
        html_body = dict((mime, body) for body, mime in message.alternatives)["text/html"]
        assert f'<html lang="{language}"' in html_body
        for part in (message.subject, message.body, html_body):
            left = english_left(language, part)
            assert left == [], f"{message.subject} ({language}): {left}"


def test_the_email_task_writes_in_the_language_the_return_was_asked_in(client, alice, alice_order,
                                                                      django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "de"
    lookup(client, alice_order, email="alice@example.com")
    choose_items(client, alice_order, {alice_order.lines.first(): 1})
    page = client.get(f"/portal/orders/{alice_order.number}/review/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portal/orders/{alice_order.number}/review/",
                               {"form_token": token, "refund_method": "original_payment"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert "ist genehmigt" in message.subject and message.subject.startswith("Ihre Rücksendung")
    assert "Hallo Alice," in message.body
    # Later steps, sent without any request, keep the customer's language.
    ret = alice_order.returns.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lc.return_cancel(return_id=ret.pk, actor=alice.user)
    assert mail.outbox[-1].subject == f"Ihre Rücksendung {ret.rma_number} ist storniert"


def test_the_check_finds_english_on_an_english_page(client):
    """The detector itself: the English home page is full of sentences the German catalogue translates."""
    left = english_left("de", client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert any(piece.startswith("Find your order with its number") for piece in left), left


def test_the_language_switcher_works_without_javascript(client):
    page = client.get("/portal/").content.decode()
    assert 'action="/portal/language/"' in page and 'name="language"' in page and "Change language" in page
    response = client.post("/portal/language/", {"language": "fr", "next": "/portal/"})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    page = client.get("/portal/").content.decode()
    assert '<html lang="fr"' in page and "Retourner un article" in page
    # "next" may not leave the site.
    response = client.post("/portal/language/", {"language": "de", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_browser_language_is_followed(client):
    page = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="nl"' in page and "Een artikel retourneren" in page


def test_dates_and_money_follow_the_language(client, alice, alice_order):
    client.cookies["django_language"] = "de"
    lookup(client, alice_order, email="alice@example.com")
    page = html.unescape(client.get(f"/portal/orders/{alice_order.number}/").content.decode())
    assert "Bezahlt: 24,20 EUR pro Stück" in page  # 20.00 + 21 % tax, German decimal comma
    assert re.search(r"Rückgabe bis \d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
                     r"November|Dezember) \d{4}", page), page
    client.cookies["django_language"] = "es"
    page = html.unescape(client.get(f"/portal/orders/{alice_order.number}/").content.decode())
    assert re.search(r"Devolver antes del \d{1,2} de [a-z]+ de \d{4}", page)


def test_a_page_status_link_keeps_working_in_any_language(client, ret):
    client.cookies["django_language"] = "es"
    response = client.get(status_path(ret), follow=True)
    assert response.status_code == 200 and "Devolución" in response.content.decode()



def test_no_module_hides_gettext_under_a_name_the_extractor_does_not_know():
    """makemessages only sees _(), gettext(), gettext_lazy() and friends: a string marked with an
    alias (say `gettext_lazy as _lazy`) would silently stay English."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"import [^\n]*\b(gettext|gettext_lazy|ngettext|ngettext_lazy|gettext_noop|pgettext)\b"
                         r" as (?!_\b)\w+")
    offenders = [str(path.relative_to(root)) for folder in ("portal", "returns", "refunds")
                 for path in (root / folder).rglob("*.py") if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
