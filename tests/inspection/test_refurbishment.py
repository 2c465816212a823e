"""Refurbishment work orders: found by the unit's license plate, steps recorded, the outcome (back to stock
as grade B, or scrap) moves the unit and posts its move out of Refurbish to Odoo through the outbox,
once (also after a retry), against the Odoo test server as Odoo 18 over XML-RPC."""
import pytest
from django.core.management import call_command

from inspection.errors import StaleForm
from inspection.models import CustodyRecord, LicensePlate
from inspection.refurbishment import refurbishment_finish, refurbishment_queue, refurbishment_step
from integrations.delivery import retry_posting
from integrations.models import OdooPosting, PostingState
from odoo_testserver.server import OdooTestServer
from returns.errors import IllegalTransition, InvalidReturnRequest
from tests.factories import create_return, inspect_all, make_order, receive_all
from tests.integrations.conftest import configure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def odoo18(settings):
    srv = OdooTestServer(version=18).start()
    configure(settings, srv, "xmlrpc")
    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    yield srv
    srv.stop()


def _refurbish_units(srv, customer, product, qty):
    """A delivered order in Odoo, returned, received and inspected as grade C for refurbishment."""
    lamp = srv.store.add_product("Desk Lamp", default_code="LAMP-01", qty_on_hand=5)
    so = srv.store.add_delivered_sale_order(None, srv.fixture["partner"], [(lamp, qty, 100.0, 15.0)])
    customer.odoo_partner_id = srv.fixture["partner"]
    customer.save()
    product.odoo_product_id = lamp
    product.save()
    order = make_order(customer, [(product, qty, "100.00")])
    order.odoo_order_id, order.odoo_invoice_id = so["order_id"], so["invoice_id"]
    order.save()
    order.lines.update(odoo_line_id=so["line_ids"][0], odoo_move_id=so["move_ids"][0], tax_rate="0.15")
    return lamp, create_return(order, customer.user)


def _qty(srv, product, location):
    quants = srv.store.search_read("stock.quant", [("product_id", "=", product), ("location_id", "=", location)],
                                   ["quantity"])
    return sum(q["quantity"] for q in quants)


def _location(srv, name):
    return srv.store.search_read("stock.location", [("name", "=", name)], ["id"])[0]["id"]


def test_a_refurbished_unit_goes_back_to_stock_as_grade_b_and_odoo_moves_it_once(odoo18, alice, tshirt, ivan):
    srv = odoo18
    lamp, ret = _refurbish_units(srv, alice, tshirt, 2)
    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="C", disposition="refurbish")
    plates = list(LicensePlate.objects.filter(line__request=ret).order_by("unit_index"))
    assert len(plates) == 2  # given at completion, although the line was graded through the checklist
    refurbish, stock = _location(srv, "Refurbish"), srv.store.search_read(
        "stock.location", [("complete_name", "=", "WH/Stock")], ["id"])[0]["id"]
    assert _qty(srv, lamp, refurbish) == 2
    assert list(refurbishment_queue()) == plates

    first, second = plates
    order = refurbishment_step(code=first.code, actor=ivan, text="Replaced the shade")
    # A resend of the same step (the answer was lost) is not written twice; a stale screen is refused.
    order = refurbishment_step(code=first.code, actor=ivan, text="Replaced the shade", expected_version=1)
    assert [s["text"] for s in order.steps] == ["Replaced the shade"]
    with pytest.raises(StaleForm):
        refurbishment_step(code=first.code, actor=ivan, text="Cleaned", expected_version=1)
    with pytest.raises(InvalidReturnRequest, match="Record what was done"):
        refurbishment_finish(code=second.code, actor=ivan, outcome="restock_b")
    order = refurbishment_finish(code=first.code, actor=ivan, outcome="restock_b", expected_version=order.version)
    assert (order.outcome, order.grade_after) == ("restock_b", "B")
    assert CustodyRecord.objects.filter(line=first.line, unit_index=1).latest("id").location_code == "BIN-S-01"
    with pytest.raises(IllegalTransition, match="finished"):
        refurbishment_finish(code=first.code, actor=ivan, outcome="scrap")
    refurbishment_finish(code=second.code, actor=ivan, outcome="scrap")
    assert list(refurbishment_queue()) == []

    postings = {p.payload["lpn"]: p for p in OdooPosting.objects.filter(reference__contains="/LP")}
    assert {p.state for p in postings.values()} == {PostingState.SENT}
    restock, scrap = postings[first.code], postings[second.code]
    assert (restock.odoo_model, scrap.odoo_model) == ("stock.picking", "stock.scrap")
    assert _qty(srv, lamp, refurbish) == 0 and _qty(srv, lamp, stock) >= 1
    moves = srv.store.search_read("stock.move", [("picking_id.origin", "=", restock.reference)],
                                  ["location_id", "location_dest_id", "product_uom_qty", "state"])
    assert [(m["location_id"][0], m["location_dest_id"][0], m["product_uom_qty"], m["state"]) for m in moves] == [
        (refurbish, stock, 1, "done")]
    # A retry (e.g. after a timeout whose request did reach Odoo) finds the picking instead of a second one.
    OdooPosting.objects.filter(pk=restock.pk).update(state=PostingState.FAILED)
    assert retry_posting(restock.pk)
    assert len(srv.store.search_read("stock.picking", [("origin", "=", restock.reference)], ["id"])) == 1
    retried = OdooPosting.objects.get(pk=restock.pk)
    assert (retried.state, retried.attempts, retried.odoo_id) == (PostingState.SENT, 2, restock.odoo_id)


def test_the_work_order_pages_for_floor_staff_only(client, odoo18, alice, tshirt, ivan, sam):
    srv = odoo18
    _lamp, ret = _refurbish_units(srv, alice, tshirt, 1)
    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="C", disposition="refurbish")
    plate = LicensePlate.objects.get(line__request=ret)
    client.force_login(ivan)
    assert plate.code in client.get("/inspect/refurbish/").content.decode()
    assert client.get(f"/inspect/refurbish/?lpn={plate.code.lower()}").url == f"/inspect/refurbish/{plate.code}/"
    empty = client.post(f"/inspect/refurbish/{plate.code}/step/", {"text": "  "})
    assert empty.status_code == 400 and "Say what was done" in empty.content.decode()
    assert client.post(f"/inspect/refurbish/{plate.code}/step/", {"text": "Glued the base", "version": "1"}
                       ).status_code == 302
    done = client.post(f"/inspect/refurbish/{plate.code}/finish/", {"outcome": "restock_b", "version": "2"})
    assert done.status_code == 302
    assert "Back to stock as grade B" in client.get(done.url).content.decode()
    client.force_login(sam)  # support sees returns, but does not work on the floor
    assert client.post(f"/inspect/refurbish/{plate.code}/step/", {"text": "x"}).status_code == 403
    client.force_login(alice.user)
    assert client.get(f"/inspect/refurbish/{plate.code}/").status_code == 403
