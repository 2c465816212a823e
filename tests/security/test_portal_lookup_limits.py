"""A stranger guessing at an order cannot keep its customer out: per-address counters block the
guesser, and the signed link from the customer's e-mail opens the return even while the order is blocked."""
import pytest

from tests.portal.helpers import lookup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_a_strangers_guesses_do_not_lock_the_customer_out(client, alice_order):
    for attempt in range(6):
        lookup(client, alice_order, email=f"guess{attempt}@example.com", ip="203.0.113.7")
    assert lookup(client, alice_order, email="alice@example.com", ip="203.0.113.7").status_code == 429
    assert lookup(client, alice_order, email="alice@example.com", ip="198.51.100.20").status_code == 302


def test_the_emailed_link_opens_the_return_while_its_order_is_blocked(client, alice, alice_order):
    from portal.links import status_path
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user)
    for attempt in range(40):
        lookup(client, alice_order, email=f"g{attempt}@example.com", ip=f"198.18.{attempt}.1")
    assert lookup(client, alice_order, email="alice@example.com", ip="198.19.0.1").status_code == 429
    opened = client.get(status_path(ret), REMOTE_ADDR="198.19.0.1", follow=True)
    assert opened.status_code == 200 and ret.rma_number in opened.content.decode()
