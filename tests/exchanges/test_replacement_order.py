"""The replacement order of an exchange, through the outbox into the Odoo test server over HTTP
(issue 13): a confirmed sale order for the replacement, to the original customer and shipping
address, at the price paid, carrying the RMA, exactly once (also after a forced retry and a
reply lost after Odoo applied the create); a variant sold out when due falls back to a refund and
the customer is told; a trusted customer's replacement goes at authorization."""
from decimal import Decimal as D

import pytest

from exchanges.models import ExchangeRequest, TrustedExchangeCustomer
from integrations.delivery import deliver_posting
from integrations.models import OdooPosting, PostingKind, PostingState
from returns.models import ReturnRequest
from tests.exchanges.helpers import inspect, returned_with_exchanges
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


def _odoo_order(srv, customer, tee_m, tee_l, *, stock_l=5):
    """An order delivered in Odoo (2 × tee M at 100.00 + 15 %) to a customer with a separate
    shipping address, mirrored locally; the L size has `stock_l` units free in WH/Stock."""
    store = srv.store
    partner = store.add_partner("Alice Example", email="alice@example.com")
    home = store.add_partner("Alice at home", email="alice@example.com")
    odoo_m = store.add_product("Organic T-shirt M", default_code="TSHIRT-M", list_price=100.0, qty_on_hand=10)
    odoo_l = store.add_product("Organic T-shirt L", default_code="TSHIRT-L", list_price=100.0, qty_on_hand=stock_l)
    so = store.add_delivered_sale_order(partner_id=partner, lines=[(odoo_m, 2, 100.0, 15.0)])
    with store.transaction():
        store.env()["sale.order"]._write([so["order_id"]], {"partner_shipping_id": home})
    customer.odoo_partner_id = partner
    customer.save()
    tee_m.odoo_product_id, tee_l.odoo_product_id = odoo_m, odoo_l
    tee_m.save()
    tee_l.save()
    order = make_order(customer, [(tee_m, 2, "100.00")], number=so["name"])
    order.odoo_order_id, order.odoo_invoice_id = so["order_id"], so["invoice_id"]
    order.save()
    order.lines.update(odoo_line_id=so["line_ids"][0], odoo_move_id=so["move_ids"][0], tax_rate="0.15")
    return order, {"partner": partner, "home": home, "tee_l": odoo_l, "so": so}


def _deliver_all(ret):
    """Deliver the return's postings oldest first, as the outbox worker does."""
    for posting in OdooPosting.objects.filter(request=ret).order_by("pk"):
        if posting.state != PostingState.SENT:
            deliver_posting(posting.pk)


def _retry_now(posting):
    OdooPosting.objects.filter(pk=posting.pk).update(state=PostingState.PENDING, next_attempt_at="2000-01-01T00:00Z")
    return deliver_posting(posting.pk)


def _replacement_orders(srv, ret):
    return srv.store.search_read("sale.order", [("client_order_ref", "=", f"{ret.rma_number}/replacement_order")],
                                 ["name", "state", "partner_id", "partner_shipping_id", "origin", "order_line",
                                  "picking_ids"])


@pytest.fixture
def tee_l(catalogue):
    return make_product("TSHIRT-L", name="Organic T-shirt L")


def test_the_replacement_is_ordered_once_inspection_accepts_the_returned_unit(odoo18, alice, tshirt, tee_l, ivan):
    order, ids = _odoo_order(odoo18, alice, tshirt, tee_l)
    ret = returned_with_exchanges(order, alice.user, {order.lines.get(): (tee_l, 1, None)}, )
    assert not OdooPosting.objects.filter(request=ret, kind=PostingKind.REPLACEMENT_ORDER).exists()  # on receipt
    ret = inspect(ret, ivan)
    _deliver_all(ret)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REPLACEMENT_ORDER)
    assert posting.state == PostingState.SENT and posting.odoo_model == "sale.order"
    orders = _replacement_orders(odoo18, ret)
    assert len(orders) == 1
    so = orders[0]
    assert so["state"] == "sale" and so["name"] == posting.odoo_name
    assert so["partner_id"][0] == ids["partner"] and so["partner_shipping_id"][0] == ids["home"]
    assert ret.rma_number in so["origin"] and order.number in so["origin"]
    line = odoo18.store.read("sale.order.line", so["order_line"], ["product_id", "product_uom_qty", "price_unit",
                                                                   "qty_delivered", "invoice_status"])
    assert [(r["product_id"][0], r["product_uom_qty"], r["price_unit"]) for r in line] == [(ids["tee_l"], 1.0, 100.0)]
    # Odoo made the delivery on confirmation, in the order's procurement group, reserved from WH/Stock.
    pickings = odoo18.store.read("stock.picking", so["picking_ids"], ["state", "sale_id", "group_id",
                                                                      "picking_type_code", "partner_id"])
    assert len(pickings) == 1 and pickings[0]["picking_type_code"] == "outgoing"
    assert pickings[0]["sale_id"][0] == so["id"] and pickings[0]["group_id"]
    assert pickings[0]["state"] == "assigned" and pickings[0]["partner_id"][0] == ids["home"]
    exchange = ExchangeRequest.objects.get(return_line__request=ret)
    assert (exchange.state, exchange.odoo_order_name) == ("reserved", so["name"])
    assert ret.events.filter(action="exchange_reserved").exists()

    assert _retry_now(posting) == "sent"  # a forced re-delivery finds the order: no second one
    assert len(_replacement_orders(odoo18, ret)) == 1
    assert odoo18.calls(model="sale.order", method="create") == 1

    # What Odoo then does with it, as real Odoo does (facts: qty_delivered after the delivery is done):
    store = odoo18.store
    with store.transaction():
        env = store.env()
        env["stock.picking"].button_validate(so["picking_ids"])
    line = store.read("sale.order.line", so["order_line"], ["qty_delivered", "qty_invoiced", "invoice_status"])[0]
    assert (line["qty_delivered"], line["qty_invoiced"], line["invoice_status"]) == (1.0, 0.0, "to invoice")


def test_a_reply_lost_after_odoo_created_the_order_still_makes_one_confirmed_order(odoo, alice, tshirt, tee_l, ivan):
    order, _ids = _odoo_order(odoo, alice, tshirt, tee_l)
    ret = inspect(returned_with_exchanges(order, alice.user, {order.lines.get(): (tee_l, 1, None)}), ivan)
    odoo.add_fault("apply_then_drop", model="sale.order", method="create")
    _deliver_all(ret)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REPLACEMENT_ORDER)
    assert posting.state == PostingState.PENDING and posting.attempts == 1  # Odoo created it, the answer was lost
    orders = _replacement_orders(odoo, ret)
    assert len(orders) == 1 and orders[0]["state"] == "draft"
    assert ExchangeRequest.objects.get(return_line__request=ret).state == "requested"
    assert _retry_now(posting) == "sent"  # looks the reference up first and confirms what is there
    orders = _replacement_orders(odoo, ret)
    assert len(orders) == 1 and orders[0]["state"] == "sale"
    assert odoo.calls(model="sale.order", method="create") == 1
    assert ExchangeRequest.objects.get(return_line__request=ret).state == "reserved"


def test_a_variant_sold_out_when_due_falls_back_to_a_refund_and_the_customer_is_told(
        odoo18, alice, tshirt, tee_l, ivan, mailoutbox, django_capture_on_commit_callbacks):
    order, _ids = _odoo_order(odoo18, alice, tshirt, tee_l, stock_l=0)
    ret = inspect(returned_with_exchanges(order, alice.user, {order.lines.get(): (tee_l, 1, None)},
                                          quantities={order.lines.get(): 1}), ivan)
    assert ret.refund_amount == 0  # the unit is exchanged, not refunded
    with django_capture_on_commit_callbacks(execute=True):
        _deliver_all(ret)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REPLACEMENT_ORDER)
    assert posting.state == PostingState.SENT and posting.odoo_id is None  # nothing ordered
    assert _replacement_orders(odoo18, ret) == []
    assert ExchangeRequest.objects.get(return_line__request=ret).state == "refund_instead"
    ret = ReturnRequest.objects.get(pk=ret.pk)
    assert ret.refund_amount == D("115.00")  # the returned unit is refunded after all
    event = ret.events.get(action="exchange_refund_instead")
    assert "TSHIRT-L is no longer in stock" in event.note
    told = [m for m in mailoutbox if "refunded instead" in m.subject]
    assert len(told) == 1 and "Organic T-shirt L" in told[0].body and told[0].to == ["alice@example.com"]


def test_a_trusted_customers_replacement_is_ordered_at_authorization(odoo18, alice, tshirt, tee_l):
    TrustedExchangeCustomer.objects.create(customer=alice, note="VIP")
    order, ids = _odoo_order(odoo18, alice, tshirt, tee_l)
    ret = returned_with_exchanges(order, alice.user, {order.lines.get(): (tee_l, 2, None)})
    assert ret.state == "authorized"
    _deliver_all(ret)
    orders = _replacement_orders(odoo18, ret)
    assert len(orders) == 1 and orders[0]["state"] == "sale"  # before the parcel is even sent
    assert ExchangeRequest.objects.get(return_line__request=ret).state == "reserved"


def test_an_exchange_at_the_same_price_makes_exactly_these_odoo_documents(odoo18, alice, tshirt, tee_l, ivan, sam):
    """Receipt and restock of the returned unit, one confirmed replacement order with its delivery, and
    no credit note or refund payment (nothing is refunded); the return still ends refunded (0)."""
    from returns.services.lifecycle import return_release_refund

    order, _ids = _odoo_order(odoo18, alice, tshirt, tee_l)
    line = order.lines.get()
    ret = inspect(returned_with_exchanges(order, alice.user, {line: (tee_l, 1, None)}, quantities={line: 1}), ivan)
    _deliver_all(ret)
    assert ret.refund_amount == 0
    return_release_refund(return_id=ret.pk, actor=sam)
    _deliver_all(ret)
    store, rma = odoo18.store, ret.rma_number
    assert len(store.search_read("stock.picking", [("origin", "=", f"{rma}/receipt")], ["state"])) == 1
    assert len(store.search_read("stock.picking", [("origin", "like", f"{rma}/disposition")], ["state"])) == 1
    orders = _replacement_orders(odoo18, ret)
    assert len(orders) == 1 and len(orders[0]["picking_ids"]) == 1
    assert store.search_read("account.move", [("ref", "like", rma)], ["id"]) == []  # no credit note
    assert store.search_read("account.payment", [("memo", "like", rma)], ["id"]) == []
    ret = ReturnRequest.objects.get(pk=ret.pk)
    assert ret.state == "refunded"
    assert OdooPosting.objects.get(request=ret, kind=PostingKind.CREDIT_NOTE).odoo_id is None
