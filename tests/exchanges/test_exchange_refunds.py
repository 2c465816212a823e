"""The refund covers only what is not exchanged (issue 13), on PostgreSQL through the real services.

Orders are taxed 21 %: a T-shirt at 20.00 is paid 24.20, the jeans at 60.00 are paid 72.60. The
customer changed their mind, so no shipping comes back and the default policy charges no fee.
"""
from decimal import Decimal as D

import pytest

from exchanges.models import ExchangeRequest
from exchanges.services import fall_back_to_refund
from integrations.models import OdooPosting, PostingKind
from integrations.postings import credit_note_payload
from refunds.services import already_refunded, refund_breakdown, refund_breakdown_for_customer
from returns.errors import TransitionGuardFailed
from returns.models import ReturnRequest
from returns.services.lifecycle import return_release_refund
from tests.exchanges.helpers import inspect, returned_with_exchanges
from tests.factories import make_order, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee_large(catalogue):
    return make_product("TSHIRT-L", name="Organic T-shirt L")


@pytest.fixture
def order(alice, tshirt, jeans):
    return make_order(alice, [(tshirt, 2, "20.00"), (jeans, 1, "60.00")])


def _lines(order):
    tee_line, jeans_line = order.lines.order_by("id")
    return tee_line, jeans_line


def _sent(ret):
    """The replacement orders are delivered to Odoo by the outbox; here none is (no Odoo): mark them."""
    ExchangeRequest.objects.filter(return_line__request=ret, state="requested").update(
        state="reserved", odoo_order_name="S00100")


def test_a_fully_exchanged_line_is_not_refunded_and_the_rest_is(order, alice, ivan, tee_large):
    tee_line, _jeans = _lines(order)
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 2, None)}), ivan)
    data = refund_breakdown(ret)
    assert D(data["total"]) == D("72.60")  # the jeans only
    tee = next(line for line in data["lines"] if line["order_line_id"] == tee_line.pk)
    assert tee["refunded"] is False and tee["quantity"] == 0
    assert "2 unit(s) exchanged for Organic T-shirt L (TSHIRT-L)" in tee["explanations"][0]
    assert data["exchanges"][0]["quantity"] == 2 and D(data["exchanges"][0]["total"]) == 0
    assert ret.refund_amount == D("72.60")


def test_a_partial_exchange_refunds_the_units_not_exchanged(order, alice, ivan, tee_large):
    tee_line, _jeans = _lines(order)
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 1, None)}), ivan)
    data = refund_breakdown(ret)
    tee = next(line for line in data["lines"] if line["order_line_id"] == tee_line.pk)
    assert tee["quantity"] == 1 and D(tee["total"]) == D("24.20")
    assert D(data["total"]) == D("96.80")  # 24.20 + 72.60


def test_a_cheaper_replacement_refunds_the_difference_taxed_like_the_item(order, alice, ivan, tee_large, jeans):
    tee_line, _jeans = _lines(order)
    # Paid 24.20 a unit, the replacement costs 19.36: 4.84 back per unit, 9.68 for two = 8.00 + 1.68 tax.
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 2, "19.36")}), ivan)
    data = refund_breakdown(ret)
    exchange = data["exchanges"][0]
    assert (D(exchange["untaxed"]), D(exchange["tax"]), D(exchange["total"])) == (D("8.00"), D("1.68"), D("9.68"))
    assert D(data["total"]) == D("82.28") and D(data["untaxed"]) == D("68.00") and D(data["tax"]) == D("14.28")
    assert any("costs 4.84 EUR less per unit: 9.68 EUR refunded" in text for text in data["explanations"])
    customer = refund_breakdown_for_customer(ret)
    assert customer["exchanges"][0]["total"] == "9.68" and customer["total"] == "82.28"
    payload = credit_note_payload(ret, data)
    assert {"label": "Exchange TSHIRT-M → TSHIRT-L: price difference", "amount": "8.00",
            "odoo_sale_line_id": 51} in payload["adjustments"]
    assert [line["sku"] for line in payload["lines"]] == [jeans.sku]  # the exchanged T-shirts are not credited


def test_an_exchange_at_the_same_price_of_everything_makes_no_credit_note(alice, ivan, sam, tshirt, tee_large):
    order = make_order(alice, [(tshirt, 1, "20.00")])
    ret = inspect(returned_with_exchanges(order, alice.user, {order.lines.get(): (tee_large, 1, None)}), ivan)
    assert ret.refund_amount == 0
    _sent(ret)
    return_release_refund(return_id=ret.pk, actor=sam)
    note = OdooPosting.objects.get(request=ret, kind=PostingKind.CREDIT_NOTE)
    assert note.payload["exchanged_only"] is True
    assert not OdooPosting.objects.filter(request=ret, kind=PostingKind.REFUND_PAYMENT).exists()


def test_a_returned_unit_rejected_at_inspection_gets_no_replacement_and_no_refund(order, alice, ivan, tee_large):
    tee_line, jeans_line = _lines(order)
    ret = returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 2, None)})
    ret = inspect(ret, ivan, accepted={tee_line: 0})
    exchange = ExchangeRequest.objects.get(return_line__request=ret)
    assert exchange.state == "not_accepted"
    assert not OdooPosting.objects.filter(request=ret, kind=PostingKind.REPLACEMENT_ORDER).exists()
    assert D(refund_breakdown(ret)["total"]) == D("72.60")
    assert ret.events.filter(action="exchange_settled").exists()


def test_one_of_two_units_rejected_exchanges_only_the_accepted_one(order, alice, ivan, tee_large):
    tee_line, _jeans = _lines(order)
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 2, None)}), ivan,
                  accepted={tee_line: 1})
    exchange = ExchangeRequest.objects.get(return_line__request=ret)
    assert (exchange.state, exchange.quantity) == ("requested", 1)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REPLACEMENT_ORDER)
    assert posting.payload["lines"][0]["quantity"] == 1 and posting.payload["lines"][0]["sku"] == "TSHIRT-L"
    assert D(refund_breakdown(ret)["total"]) == D("72.60")  # the accepted unit is exchanged, the other rejected


def test_falling_back_to_a_refund_recalculates_it_and_tells_the_customer(order, alice, ivan, tee_large, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    tee_line, _jeans = _lines(order)
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 2, None)}), ivan)
    assert ret.refund_amount == D("72.60")
    exchange = ExchangeRequest.objects.get(return_line__request=ret)
    with django_capture_on_commit_callbacks(execute=True):
        assert fall_back_to_refund(exchange_id=exchange.pk, why="TSHIRT-L sold out") is True
    assert fall_back_to_refund(exchange_id=exchange.pk, why="again") is False  # once only
    ret = ReturnRequest.objects.get(pk=ret.pk)
    assert ret.refund_amount == D("121.00")  # 48.40 + 72.60
    assert ExchangeRequest.objects.get(pk=exchange.pk).state == "refund_instead"
    mail = [m for m in mailoutbox if ret.rma_number in m.subject]
    assert len(mail) == 1 and "refund" in mail[0].body.lower() and "Organic T-shirt L" in mail[0].body


def test_the_refund_waits_while_a_replacement_order_is_not_confirmed(order, alice, ivan, sam, tee_large):
    tee_line, _jeans = _lines(order)
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 1, None)}), ivan)
    with pytest.raises(TransitionGuardFailed, match="replacement order for Organic T-shirt M is not confirmed"):
        return_release_refund(return_id=ret.pk, actor=sam)
    _sent(ret)
    assert return_release_refund(return_id=ret.pk, actor=sam).state == "refund_approved"


def test_exchanged_units_count_as_settled_for_a_later_return(order, alice, ivan, sam, tee_large, tshirt):
    tee_line, jeans_line = _lines(order)
    ret = inspect(returned_with_exchanges(order, alice.user, {tee_line: (tee_large, 1, "19.36")},
                                          quantities={tee_line: 1}), ivan)
    _sent(ret)
    return_release_refund(return_id=ret.pk, actor=sam)
    later = ReturnRequest(order=order)
    per_line, _shipping = already_refunded(later)
    assert per_line[str(tee_line.pk)] == (D("1"), D("4.84"))
