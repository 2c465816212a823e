"""Find my order: one generic answer for any wrong pair, and rate limits against guessing."""
import pytest

from returns.orders import normalize_postcode, order_lookup
from tests.factories import make_customer, make_order
from tests.portal.helpers import lookup

pytestmark = pytest.mark.django_db

GENERIC = "We could not find an order with these details."


def test_order_lookup_matches_email_case_insensitively_and_postcodes_normalized(alice, alice_order):
    alice_order.shipping_postcode = "1012 AB"
    alice_order.save()
    assert order_lookup(number=alice_order.number.lower(), email="  ALICE@Example.com ") == alice_order
    assert order_lookup(number=alice_order.number, postcode="1012-ab") == alice_order
    assert order_lookup(number=alice_order.number, postcode="1000") == alice_order  # the customer's own postcode
    assert normalize_postcode(" 1012 ab ") == "1012AB"


@pytest.mark.parametrize("details", [
    {"email": "bob@example.com"},
    {"postcode": "9999"},
    {"email": "bob@example.com", "postcode": "1000"},  # a right postcode does not rescue a wrong e-mail
    {},
])
def test_order_lookup_refuses_wrong_or_missing_details(alice_order, details):
    assert order_lookup(number=alice_order.number, **details) is None


def test_order_lookup_of_an_unknown_number_is_none(alice):
    assert order_lookup(number="S00000", email="alice@example.com") is None


def test_a_wrong_email_and_an_unknown_order_get_the_same_generic_message(client, alice_order, bob):
    wrong_email = lookup(client, alice_order, email="bob@example.com")
    unknown = lookup(client, "S424242", email="alice@example.com")
    assert wrong_email.status_code == unknown.status_code == 400
    assert GENERIC in wrong_email.content.decode() and GENERIC in unknown.content.decode()
    assert client.get(f"/portal/orders/{alice_order.number}/").status_code == 404


def test_a_right_pair_opens_the_order(client, alice_order):
    response = lookup(client, alice_order, email="Alice@Example.com")
    assert response.status_code == 302 and response["Location"] == f"/portal/orders/{alice_order.number}/"
    response = lookup(client, alice_order.number.lower(), postcode="1000")
    assert response.status_code == 302


def test_missing_details_are_field_errors_that_do_not_count_as_attempts(client, alice_order):
    response = client.post("/portal/", {"order_number": "", "email": ""})
    page = response.content.decode()
    assert "Enter your order number." in page and 'href="#id_order_number"' in page
    response = client.post("/portal/", {"order_number": alice_order.number})
    assert "Enter the e-mail address you ordered with, or the delivery postcode." in response.content.decode()


def test_ten_tries_from_one_address_then_429_for_fifteen_minutes(client, alice_order, bob):
    for attempt in range(10):
        assert lookup(client, f"S9{attempt:04d}", email="x@example.com").status_code == 400
    blocked = lookup(client, alice_order, email="alice@example.com")  # even the right pair waits
    assert blocked.status_code == 429
    assert "Too many attempts, try again in 15 minutes." in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 14 * 60
    assert lookup(client, alice_order, email="alice@example.com", ip="10.0.0.2").status_code == 302


def test_five_wrong_tries_for_one_order_block_that_order_from_that_address_only(client, alice_order):
    for attempt in range(5):
        response = lookup(client, alice_order, email=f"guess{attempt}@example.com", ip="10.1.0.9")
        assert response.status_code == 400
    blocked = lookup(client, alice_order, email="alice@example.com", ip="10.1.0.9")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()
    other = make_order(make_customer("carol"), [(alice_order.lines.first().product, 1, "5.00")])
    assert lookup(client, other, email="carol@example.com", ip="10.1.0.9").status_code == 302
    # The stranger's guesses do not lock the real customer out of her own order.
    assert lookup(client, alice_order, email="alice@example.com", ip="10.2.0.1").status_code == 302


def test_guessing_one_order_from_many_addresses_blocks_it_and_points_at_the_emailed_link(client, alice_order):
    for attempt in range(30):
        assert lookup(client, alice_order, email=f"g{attempt}@example.com", ip=f"10.3.{attempt}.1").status_code == 400
    blocked = lookup(client, alice_order, email="alice@example.com", ip="10.4.0.1")
    assert blocked.status_code == 429
    assert "The link in the e-mail about your return still opens it." in blocked.content.decode()

