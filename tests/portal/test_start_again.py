"""After a cancel the status page offers to start over: the same order, or the lookup."""
import pytest

from portal.links import status_path
from tests.factories import create_return
from tests.portal.helpers import lookup

pytestmark = pytest.mark.django_db


@pytest.fixture
def ret(alice, alice_order):
    return create_return(alice_order, alice.user, {alice_order.lines.first(): 1})


def test_after_a_cancel_the_status_page_links_to_the_same_order(client, ret, alice_order):
    lookup(client, alice_order, email="alice@example.com")
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert 'data-testid="start-again"' not in page  # not while the return is open
    client.post(f"/portal/returns/{ret.rma_number}/cancel/")
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    link = f'href="/portal/orders/{alice_order.number}/">Start another return for order {alice_order.number}</a>'
    assert 'data-testid="start-again"' in page and link in page
    # The link leads to the order's items page, where the cancelled units can be chosen again.
    items = client.get(f"/portal/orders/{alice_order.number}/")
    assert items.status_code == 200 and 'name="form_token"' in items.content.decode()


def test_with_only_a_signed_link_it_offers_the_lookup_instead(client, ret, alice_order):
    lookup(client, alice_order, email="alice@example.com")
    client.post(f"/portal/returns/{ret.rma_number}/cancel/")
    fresh = client.__class__()
    assert fresh.get(status_path(ret)).status_code == 302
    page = fresh.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert 'href="/portal/">Start a new return</a>' in page
    assert f'href="/portal/orders/{alice_order.number}/"' not in page
    assert fresh.get(f"/portal/orders/{alice_order.number}/").status_code == 404


def test_the_link_is_translated(client, ret, alice_order):
    lookup(client, alice_order, email="alice@example.com")
    client.post(f"/portal/returns/{ret.rma_number}/cancel/")
    page = client.get(f"/portal/returns/{ret.rma_number}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f"Weitere Rücksendung für Bestellung {alice_order.number} starten" in page
