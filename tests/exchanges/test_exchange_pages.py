"""Exchanges shown to staff over real HTTP (Django's test client): the console's return page, the
tablet's return page ("exchange waits on this receipt") and the dashboard's exchange figures."""
import html

import pytest

from exchanges.models import ExchangeRequest
from tests.exchanges.helpers import inspect, returned_with_exchanges
from tests.factories import make_order, make_product, receive_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchanged(alice, tshirt, catalogue):
    tee_l = make_product("TSHIRT-L", name="Organic T-shirt L")
    order = make_order(alice, [(tshirt, 2, "20.00")])
    return returned_with_exchanges(order, alice.user, {order.lines.get(): (tee_l, 1, "19.36")})


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_tablet_tells_the_inspector_that_an_exchange_waits_on_this_receipt(client, exchanged, ivan):
    receive_all(exchanged, ivan)
    client.force_login(ivan)
    page = _page(client, f"/inspect/returns/{exchanged.rma_number}/")
    assert "Exchange waits on this receipt: 1 × TSHIRT-L is ordered for the customer once you accept" in page


def test_the_console_shows_the_exchange_with_its_state_and_odoo_order(client, exchanged, sam, ivan):
    ret = inspect(exchanged, ivan)
    client.force_login(sam)
    page = _page(client, f"/support/returns/{ret.rma_number}/")
    assert 'data-testid="exchanges"' in page and "TSHIRT-L" in page and "requested" in page
    assert "4.84 less per unit, refunded" in page
    ExchangeRequest.objects.filter(return_line__request=ret).update(state="reserved", odoo_order_name="S00777")
    page = _page(client, f"/support/returns/{ret.rma_number}/")
    assert "reserved (replacement order confirmed)" in page and "S00777" in page


def test_the_dashboard_counts_the_exchange_rate_and_the_revenue_kept(client, exchanged, sam):
    ExchangeRequest.objects.filter(return_line__request=exchanged).update(state="reserved")
    client.force_login(sam)
    page = _page(client, "/support/dashboard/")  # the default period ends today
    figures = page[page.index('data-testid="exchange-figures"'):]
    assert "50.0 % (1 of 2 units returned)" in figures  # one of the two T-shirts exchanged
    assert "19.36 EUR" in figures  # paid 24.20, 4.84 refunded: 19.36 kept


def test_the_api_shows_each_audience_its_exchanges(api, exchanged, alice, sam, ivan):
    from tests.api.helpers import as_user

    ret = inspect(exchanged, ivan)
    staff = as_user(api, sam).get(f"/api/returns/{ret.rma_number}/refund/").json()["breakdown"]
    assert staff["exchanges"][0]["replacement_sku"] == "TSHIRT-L" and staff["exchanges"][0]["total"] == "4.84"
    assert staff["total"] == "29.04"  # one T-shirt refunded (24.20) and the other's difference (4.84)
    mine = as_user(api, alice.user).get(f"/api/returns/{ret.rma_number}/refund/").json()["breakdown"]
    assert mine["exchanges"] == [{"product": "Organic T-shirt M", "replacement": "Organic T-shirt L", "quantity": 1,
                                  "total": "4.84", "explanations": staff["exchanges"][0]["explanations"]}]
