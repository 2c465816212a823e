"""A customer only ever reaches their own orders and returns; guessing URLs or ids gives nothing."""
import pytest

from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from tests.factories import create_return, make_order
from tests.portal.helpers import items_data, lookup

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_return(alice, alice_order):
    return create_return(alice_order, alice.user, {alice_order.lines.first(): 1})


@pytest.fixture
def bob_browser(client, bob, tshirt):
    """Bob looked up his own order in this browser."""
    order = make_order(bob, [(tshirt, 1, "20.00")])
    assert lookup(client, order, email="bob@example.com").status_code == 302
    return client


def pages_of(order, ret):
    rma = ret.rma_number
    return [
        ("get", f"/portal/orders/{order.number}/"),
        ("get", f"/portal/orders/{order.number}/review/"),
        ("get", f"/portal/returns/{rma}/"),
        ("get", f"/portal/returns/{rma}/confirmation/"),
        ("get", f"/portal/returns/{rma}/label.pdf"),
        ("get", f"/portal/returns/{rma}/cancel/"),
        ("post", f"/portal/returns/{rma}/cancel/"),
        ("post", f"/portal/returns/{rma}/shipped/"),
        ("post", f"/portal/orders/{order.number}/"),
        ("post", f"/portal/orders/{order.number}/review/"),
    ]


def _assert_nothing_reachable(client, alice_order, alices_return):
    for method, url in pages_of(alice_order, alices_return):
        data = {"carrier": "DHL", "tracking_number": "JD0001234567"} if method == "post" else None
        if url.endswith(f"/orders/{alice_order.number}/") and method == "post":
            data = items_data("A" * 32, {alice_order.lines.first(): 1})
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert alices_return.rma_number not in response.content.decode()
    alices_return.refresh_from_db()
    assert alices_return.state == ReturnStatus.AUTHORIZED and alices_return.tracking_number == ""
    assert ReturnRequest.objects.count() == 1


def test_another_customers_lookup_session_reaches_nothing_of_alice(bob_browser, alice_order, alices_return):
    _assert_nothing_reachable(bob_browser, alice_order, alices_return)


def test_an_anonymous_browser_reaches_nothing(client, alice_order, alices_return):
    _assert_nothing_reachable(client, alice_order, alices_return)


def test_another_logged_in_customer_reaches_nothing_of_alice(client, bob, alice_order, alices_return):
    client.force_login(bob.user)
    _assert_nothing_reachable(client, alice_order, alices_return)


def test_a_guessed_rma_or_order_number_looks_exactly_like_a_forbidden_one(client, alices_return, alice_order):
    forbidden = client.get(f"/portal/returns/{alices_return.rma_number}/")
    missing = client.get("/portal/returns/RMA-2026-999999/")
    assert forbidden.status_code == missing.status_code == 404
    for response in (forbidden, missing):
        page = response.content.decode()
        assert "We could not find that page" in page and "RMA-2026" not in page
    assert client.get(f"/portal/orders/{alice_order.number}/").status_code == 404
    assert client.get("/portal/orders/S99999/").status_code == 404
    assert client.get(f"/portal/returns/{alices_return.pk}/").status_code == 404  # database ids are no key


def test_a_lookup_grants_that_order_only_not_the_customers_other_orders(client, alice, alice_order, tshirt):
    other = make_order(alice, [(tshirt, 1, "20.00")])
    lookup(client, alice_order, email="alice@example.com")
    assert client.get(f"/portal/orders/{alice_order.number}/").status_code == 200
    assert client.get(f"/portal/orders/{other.number}/").status_code == 404


def test_a_logged_in_customer_sees_their_own_orders_and_returns(client, alice, alice_order, alices_return):
    client.force_login(alice.user)
    home = client.get("/portal/").content.decode()
    assert alice_order.number in home and alices_return.rma_number in home
    assert client.get(f"/portal/orders/{alice_order.number}/").status_code == 200
    assert client.get(f"/portal/returns/{alices_return.rma_number}/").status_code == 200


def test_forgetting_the_device_removes_the_access(client, alice_order):
    lookup(client, alice_order, email="alice@example.com")
    assert client.get(f"/portal/orders/{alice_order.number}/").status_code == 200
    client.post("/portal/forget/")
    assert client.get(f"/portal/orders/{alice_order.number}/").status_code == 404


def test_every_form_needs_a_csrf_token(alice_order, alices_return):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    lookup = {"order_number": alice_order.number, "email": "alice@example.com"}
    assert browser.post("/portal/", lookup).status_code == 403
    for url in [f"/portal/returns/{alices_return.rma_number}/cancel/", f"/portal/orders/{alice_order.number}/review/"]:
        assert browser.post(url, {}).status_code == 403
