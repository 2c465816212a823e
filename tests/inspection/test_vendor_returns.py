"""Vendor returns through Odoo Purchase: supplier-fault units gather in one batch per vendor, the batch
needs the vendor's authorization number, and closing it posts one outgoing transfer linked to the
purchase order line and one vendor credit note (in_refund) exactly once, also when Odoo applied a call
but its answer was lost (API_FACTS-odoo18-round2.md §5), against the Odoo test server as Odoo 18 (XML-RPC),
and as 19 over JSON-2."""
import pytest
from django.core.management import call_command

from inspection.errors import StaleForm
from inspection.models import LicensePlate, ProductVendor, Vendor, VendorReturnBatch
from inspection.vendor_returns import batch_authorize, batch_close, units_without_vendor
from integrations.models import OdooPosting, PostingKind, PostingState
from odoo_testserver.server import OdooTestServer
from returns.errors import IllegalTransition, InvalidReturnRequest
from tests.factories import create_return, inspect_all, make_order, receive_all
from tests.integrations.conftest import configure

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=[(18, "xmlrpc"), (19, "json2")], ids=["odoo18-xmlrpc", "odoo19-json2"])
def odoo(request, settings):
    """18 is what §5 verified; 19 over JSON-2 shows the handler speaks that protocol too."""
    version, protocol = request.param
    srv = OdooTestServer(version=version).start()
    configure(settings, srv, protocol)
    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    yield srv
    srv.stop()


def bought_and_billed(srv, product, qty=6, price=30.0):
    """§5's set-up: a vendor, a confirmed purchase order, its receipt validated, the bill dated and posted."""
    store, env = srv.store, srv.store.env()
    with store.transaction():
        vendor = store.add_partner("LAB2 Vendor", email="vendor@example.com", supplier_rank=1)
        po = env["purchase.order"]._create_one({"partner_id": vendor, "partner_ref": "VEND-Q5", "order_line": [
            (0, 0, {"product_id": product, "product_qty": qty, "price_unit": price})]})
        env["purchase.order"].button_confirm([po])
        receipt = store.read("purchase.order", [po], ["picking_ids"])[0]["picking_ids"][0]
        env["stock.picking"].button_validate([receipt])
        bill = env["purchase.order"].action_create_invoice([po])["res_id"]
        env["account.move"]._write([bill], {"invoice_date": "2026-12-01", "ref": "VBILL-Q5"})
        env["account.move"].action_post([bill])
    pol = store.read("purchase.order", [po], ["order_line"])[0]["order_line"][0]
    return {"vendor": vendor, "po": po, "pol": pol, "bill": bill, "receipt": receipt}


def supplier_fault_return(srv, customer, product, lamp, qty):
    so = srv.store.add_delivered_sale_order(None, srv.fixture["partner"], [(lamp, qty, 100.0, 15.0)])
    customer.odoo_partner_id = srv.fixture["partner"]
    customer.save()
    product.odoo_product_id = lamp
    product.save()
    order = make_order(customer, [(product, qty, "100.00")])
    order.odoo_order_id, order.odoo_invoice_id = so["order_id"], so["invoice_id"]
    order.save()
    order.lines.update(odoo_line_id=so["line_ids"][0], odoo_move_id=so["move_ids"][0], tax_rate="0.15")
    return create_return(order, customer.user, reason="defective")


def pol_quantities(srv, pol):
    return srv.store.read("purchase.order.line", [pol], ["qty_received", "qty_invoiced"])[0]


def test_a_vendor_return_batch_posts_its_transfer_and_vendor_credit_note_once(odoo, alice, bob, tshirt, ivan, sam):
    srv = odoo
    lamp = srv.store.add_product("Desk Lamp", default_code="LAMP-01", qty_on_hand=0)
    po = bought_and_billed(srv, lamp)
    assert pol_quantities(srv, po["pol"]) == {"id": po["pol"], "qty_received": 6.0, "qty_invoiced": 6.0}
    vendor = Vendor.objects.create(name="LAB2 Vendor", odoo_partner_id=po["vendor"])
    # Two customers' faulty lamps: before the product has a vendor, and after.
    first = supplier_fault_return(srv, alice, tshirt, lamp, 1)
    receive_all(first, ivan)
    inspect_all(first, ivan, grade="F", disposition="vendor_return")
    assert [p.line.request_id for p in units_without_vendor()] == [first.pk]
    ProductVendor.objects.create(product=tshirt, vendor=vendor)
    second = supplier_fault_return(srv, bob, tshirt, lamp, 2)
    receive_all(second, ivan)
    inspect_all(second, ivan, grade="F", disposition="vendor_return")
    batch = VendorReturnBatch.objects.get()
    # The lamp that waited for its vendor joined with the second return's two: §5's three units.
    assert (batch.vendor, batch.state, batch.units.count()) == (vendor, "open", 3)
    assert list(units_without_vendor()) == []

    with pytest.raises(InvalidReturnRequest, match="authorization number"):
        batch_close(batch_id=batch.pk, actor=sam)
    with pytest.raises(StaleForm):
        batch_authorize(batch_id=batch.pk, actor=sam, authorization_number="x", expected_version=99)
    batch = batch_authorize(batch_id=batch.pk, actor=sam, authorization_number=" vra-7781 ")
    # Odoo applies the credit note's posting but the answer is lost: the retry finds it, posts nothing twice.
    srv.add_fault("apply_then_drop", model="account.move", method="action_post")
    batch = batch_close(batch_id=batch.pk, actor=sam, expected_version=batch.version)
    assert (batch.state, batch.authorization_number) == ("closed", "VRA-7781")
    with pytest.raises(IllegalTransition):
        batch_close(batch_id=batch.pk, actor=sam)
    posting = OdooPosting.objects.get(kind=PostingKind.VENDOR_RETURN)
    assert posting.state == PostingState.PENDING and posting.reference == f"{batch.number}/vendor_return"
    call_command("outbox_replay", stdout=open("/dev/null", "w"))
    posting.refresh_from_db()
    assert (posting.state, posting.attempts, posting.odoo_model) == (PostingState.SENT, 2, "account.move")

    pickings = srv.store.search_read("stock.picking", [("origin", "=", posting.reference)],
                                     ["state", "location_id", "location_dest_id", "partner_id", "purchase_id",
                                      "picking_type_id"])
    assert len(pickings) == 1 and pickings[0]["state"] == "done"
    assert pickings[0]["location_id"][1].endswith("Vendor returns")
    assert pickings[0]["location_dest_id"][1].endswith("Vendors") and pickings[0]["partner_id"][0] == po["vendor"]
    assert pickings[0]["purchase_id"][0] == po["po"] and pickings[0]["picking_type_id"][1].endswith("Delivery Orders")
    moves = srv.store.search_read("stock.move", [("picking_id", "=", pickings[0]["id"])],
                                  ["purchase_line_id", "origin_returned_move_id", "to_refund", "product_uom_qty"])
    receipt_move = srv.store.search_read("stock.move", [("picking_id", "=", po["receipt"])], ["id"])[0]["id"]
    assert [(m["purchase_line_id"][0], m["origin_returned_move_id"][0], m["to_refund"], m["product_uom_qty"])
            for m in moves] == [(po["pol"], receipt_move, True, 3.0)]
    credits = srv.store.search_read("account.move", [("ref", "=", f"{batch.number}/vendor_credit")],
                                    ["move_type", "state", "reversed_entry_id", "invoice_origin", "amount_total",
                                     "payment_state", "partner_id"])
    assert len(credits) == 1 and srv.calls(model="account.move", method="create") == 1
    credit = credits[0]
    assert (credit["move_type"], credit["state"], credit["reversed_entry_id"][0], credit["invoice_origin"]) == (
        "in_refund", "posted", po["bill"], "P00001")
    assert credit["amount_total"] == 90.0 and credit["partner_id"][0] == po["vendor"]  # 3 × 30, the bill's price
    assert pol_quantities(srv, po["pol"]) == {"id": po["pol"], "qty_received": 3.0, "qty_invoiced": 3.0}
    assert srv.store.read("account.move", [po["bill"]], ["payment_state"])[0]["payment_state"] == "partial"
    assert set(batch.units.values_list("plate__code", flat=True)) == set(
        LicensePlate.objects.filter(line__request__in=[first, second]).values_list("code", flat=True))
    assert posting.payload["lines"][0]["quantity"] == 3 and len(posting.payload["lines"][0]["lpns"]) == 3


def test_the_pages_show_batches_and_refuse_a_close_without_authorization(client, odoo, alice, tshirt, ivan, sam):
    srv = odoo
    lamp = srv.store.add_product("Desk Lamp", default_code="LAMP-01", qty_on_hand=0)
    po = bought_and_billed(srv, lamp)
    ProductVendor.objects.create(product=tshirt, vendor=Vendor.objects.create(name="LAB2 Vendor",
                                                                              odoo_partner_id=po["vendor"]))
    ret = supplier_fault_return(srv, alice, tshirt, lamp, 1)
    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="F", disposition="vendor_return")
    batch = VendorReturnBatch.objects.get()
    client.force_login(sam)
    assert batch.number in client.get("/inspect/vendor-returns/").content.decode()
    refused = client.post(f"/inspect/vendor-returns/{batch.number}/save/", {"version": batch.version, "close": "1"})
    assert refused.status_code == 400 and "authorization number" in refused.content.decode()
    closed = client.post(f"/inspect/vendor-returns/{batch.number}/save/",
                         {"version": batch.version, "authorization_number": "VRA-1", "close": "1"})
    assert closed.status_code == 302
    assert "Closed" in client.get(closed.url).content.decode()
    client.force_login(alice.user)
    assert client.get(f"/inspect/vendor-returns/{batch.number}/").status_code == 403
