"""A liquidated unit's Odoo move, against the test server as Odoo 18: the disposition posting moves it
from Returns to an internal location "Returns area/Liquidation" (no Odoo fact names a place for it, so
it sits with the other non-sellable returns locations, outside the warehouse). An Odoo set up before
liquidation existed keeps posting everything else; the liquidation move waits until `odoo_setup` has
made the location, then goes once."""
import pytest
from django.core.management import call_command

from integrations.delivery import deliver_posting
from integrations.gateway import reset_odoo_client
from integrations.models import OdooPosting, PostingKind, PostingState
from integrations.targets import forget_targets
from odoo_testserver.server import OdooTestServer
from returns.models import ReturnLine
from tests.factories import create_return, make_order, receive_all
from tests.integrations.conftest import configure

pytestmark = pytest.mark.django_db(transaction=True)


def _return_in_odoo(srv, customer, product, qty=2):
    lamp = srv.store.add_product("Desk Lamp", default_code="LAMP-01", qty_on_hand=0)
    so = srv.store.add_delivered_sale_order(None, srv.fixture["partner"], [(lamp, qty, 100.0, 15.0)])
    customer.odoo_partner_id = srv.fixture["partner"]
    customer.save()
    product.odoo_product_id = lamp
    product.save()
    order = make_order(customer, [(product, qty, "100.00")])
    order.odoo_order_id, order.odoo_invoice_id = so["order_id"], so["invoice_id"]
    order.save()
    order.lines.update(odoo_line_id=so["line_ids"][0], odoo_move_id=so["move_ids"][0], tax_rate="0.15")
    return create_return(order, customer.user), lamp


def _liquidate(ret, ivan):
    from tests.factories import inspect_all

    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="C", disposition="liquidation")
    return OdooPosting.objects.get(request=ret, kind=PostingKind.DISPOSITION)


def _liquidation_location(srv):
    rows = srv.store.search_read("stock.location", [("name", "=", "Liquidation")], ["location_id", "usage",
                                                                                      "warehouse_id"])
    return rows[0] if rows else None


@pytest.fixture
def server(settings):
    srv = OdooTestServer(version=18).start()
    configure(settings, srv, "xmlrpc")
    yield srv
    srv.stop()
    reset_odoo_client()
    forget_targets()


def test_a_liquidated_unit_moves_to_the_liquidation_location_outside_the_warehouse(server, alice, tshirt, ivan):
    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    location = _liquidation_location(server)
    assert location["usage"] == "internal" and location["warehouse_id"] is False
    assert location["location_id"][1] == "Returns area"
    ret, lamp = _return_in_odoo(server, alice, tshirt)
    posting = _liquidate(ret, ivan)
    posting.refresh_from_db()
    assert posting.state == PostingState.SENT, posting.last_error
    (picking,) = server.store.search_read("stock.picking", [("origin", "=", posting.reference)],
                                          ["state", "location_id", "location_dest_id"])
    assert picking["state"] == "done" and picking["location_dest_id"][0] == location["id"]
    quants = server.store.search_read("stock.quant", [("product_id", "=", lamp), ("location_id", "=", location["id"])],
                                      ["quantity"])
    assert sum(q["quantity"] for q in quants) == 2


def test_an_odoo_set_up_before_liquidation_waits_for_odoo_setup_and_then_posts_once(server, alice, tshirt, ivan):
    server.store.add_returns_area(names=("Refurbish", "Vendor returns", "Quarantine"))  # the older layout
    assert _liquidation_location(server) is None
    ret, _lamp = _return_in_odoo(server, alice, tshirt)
    posting = _liquidate(ret, ivan)
    receipt = OdooPosting.objects.get(request=ret, kind=PostingKind.RECEIPT)
    assert receipt.state == PostingState.SENT  # everything else still posts
    posting.refresh_from_db()
    assert posting.state == PostingState.PENDING and "odoo_setup" in posting.last_error
    assert "Returns area/Liquidation" in posting.last_error
    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    assert _liquidation_location(server) is not None
    OdooPosting.objects.filter(pk=posting.pk).update(next_attempt_at=posting.created_at)  # due now
    deliver_posting(posting.pk)
    posting.refresh_from_db()
    assert posting.state == PostingState.SENT, posting.last_error
    assert len(server.store.search_read("stock.picking", [("origin", "=", posting.reference)], ["id"])) == 1
    assert ReturnLine.objects.filter(request=ret, disposition="liquidation").exists()
