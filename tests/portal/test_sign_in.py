"""Passwordless sign-in by an e-mailed link (signed, expiring, single use, rate-limited) and the
signed-in customer's "My returns" page."""
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from portal.signin import SIGN_IN_LINK_MINUTES, make_sign_in_token
from tests.factories import create_return, make_customer, make_order, make_user

pytestmark = pytest.mark.django_db

SENT = "If this address belongs to one of our customers, we have sent it a sign-in link."


def ask_link(client, email, ip="10.1.1.1"):
    return client.post("/portal/sign-in/", {"email": email}, REMOTE_ADDR=ip)


def link_path(message) -> str:
    return urlsplit(re.search(r"https?://\S+/portal/sign-in/\S+/", message.body).group(0)).path


def test_the_link_signs_in_once_and_shows_all_orders_and_returns(client, alice, alice_order, tshirt):
    second = make_order(alice, [(tshirt, 1, "20.00")])
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    mail.outbox.clear()
    response = ask_link(client, "ALICE@example.com")
    assert response.status_code == 200 and SENT in response.content.decode()
    message = mail.outbox[-1]
    assert message.to == ["alice@example.com"] and message.subject == "Your sign-in link"
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    path = link_path(message)
    assert path in html and f"{SIGN_IN_LINK_MINUTES} minutes" in message.body
    # Opening the link only asks to confirm: mail scanners that follow links do not use it up.
    confirm = client.get(path)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert client.get("/portal/mine/").status_code == 302
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/portal/mine/"
    page = client.get("/portal/mine/").content.decode()
    assert ret.rma_number in page and alice_order.number in page and second.number in page
    assert client.get(f"/portal/orders/{second.number}/").status_code == 200
    # Single use: the same link again (another browser) does nothing.
    other = Client()
    assert other.post(path).status_code == 410
    assert other.get("/portal/mine/").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, alice):
    mail.outbox.clear()
    known = ask_link(client, "alice@example.com", ip="10.1.1.2").content.decode()
    unknown = ask_link(client, "stranger@example.com", ip="10.1.1.3").content.decode()
    assert SENT in known and SENT in unknown
    assert len(mail.outbox) == 1


def test_staff_accounts_never_get_a_link(client, catalogue):
    from returns.models import Customer
    from returns.roles import SUPPORT

    agent = make_user("agent", SUPPORT)
    Customer.objects.create(user=agent, email="agent@example.com", name="Agent")
    mail.outbox.clear()
    assert SENT in ask_link(client, "agent@example.com").content.decode()
    assert mail.outbox == []


def test_an_expired_or_tampered_link_is_refused(client, alice, monkeypatch):
    real = time.time()
    monkeypatch.setattr("django.core.signing.time.time", lambda: real - (SIGN_IN_LINK_MINUTES + 1) * 60)
    expired = make_sign_in_token(alice)
    monkeypatch.undo()
    assert client.get(f"/portal/sign-in/{expired}/").status_code == 410
    assert client.post(f"/portal/sign-in/{expired}/").status_code == 410
    fresh = make_sign_in_token(alice)
    tampered = fresh[:-3] + ("aaa" if not fresh.endswith("aaa") else "bbb")
    assert client.post(f"/portal/sign-in/{tampered}/").status_code == 410
    page = client.get("/portal/mine/")
    assert page.status_code == 302


def test_asking_is_rate_limited_per_address_and_per_mailbox(client, alice):
    mail.outbox.clear()
    for _ in range(3):
        assert ask_link(client, "alice@example.com", ip="10.2.0.1").status_code == 200
    blocked = ask_link(client, "alice@example.com", ip="10.2.0.2")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()
    assert len(mail.outbox) == 3
    for n in range(10):
        ask_link(client, f"x{n}@example.com", ip="10.2.0.9")
    assert ask_link(client, "bob@example.com", ip="10.2.0.9").status_code == 429


def test_a_bad_address_gets_a_clear_error_and_keeps_what_was_typed(client):
    response = ask_link(client, "not-an-address")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter an e-mail address like name@example.com." in page and 'value="not-an-address"' in page


def test_sign_in_needs_csrf(alice):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/portal/sign-in/", {"email": "alice@example.com"}).status_code == 403
    assert strict.post(f"/portal/sign-in/{make_sign_in_token(alice)}/").status_code == 403


def test_my_returns_shows_only_my_own(client, alice, bob, alice_order, tshirt):
    bobs_order = make_order(bob, [(tshirt, 1, "20.00")])
    bobs_return = create_return(bobs_order, bob.user)
    client.force_login(alice.user)
    page = client.get("/portal/mine/").content.decode()
    assert alice_order.number in page and bobs_order.number not in page and bobs_return.rma_number not in page
    assert client.get(f"/portal/returns/{bobs_return.rma_number}/").status_code == 404
    assert client.get(f"/portal/orders/{bobs_order.number}/").status_code == 404


def test_signing_out_ends_the_session(client, alice):
    client.force_login(alice.user)
    assert client.get("/portal/mine/").status_code == 200
    response = client.post("/portal/sign-out/")
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.get("/portal/mine/").status_code == 302


def test_the_header_offers_sign_in_or_my_returns(client, alice):
    assert 'href="/portal/sign-in/"' in client.get("/portal/").content.decode()
    client.force_login(alice.user)
    page = client.get("/portal/").content.decode()
    assert 'href="/portal/mine/"' in page and 'action="/portal/sign-out/"' in page


def test_a_second_customer_with_the_same_address_is_not_mixed_up(client, catalogue):
    first = make_customer("carol", email="shared@example.com")
    make_customer("carol2", email="shared@example.com")
    mail.outbox.clear()
    ask_link(client, "shared@example.com")
    client.post(link_path(mail.outbox[-1]))
    assert client.get("/portal/mine/").context["customer"] == first
