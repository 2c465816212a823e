"""A return through the whole lifecycle posts to Odoo (the test server over HTTP): one receipt
into Returns, one disposition per line, one posted credit note, each carrying the RMA reference,
and the return ends `refunded` only when Odoo has confirmed the credit note."""
import pytest

from integrations.models import OdooPosting, PostingState
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.services.lifecycle import return_release_refund
from tests.factories import create_return, inspect_all, receive_all
from tests.integrations.conftest import odoo_order

pytestmark = pytest.mark.django_db(transaction=True)


def _inspect(ret, inspector, dispositions):
    from inspection.services import return_line_inspect
    from returns.services.lifecycle import return_complete_inspection, return_start_inspection

    return_start_inspection(return_id=ret.pk, actor=inspector)
    for line, disposition in zip(ret.lines.order_by("pk"), dispositions, strict=True):
        return_line_inspect(line_id=line.pk, actor=inspector, grade="A", disposition=disposition,
                            quantity_accepted=line.quantity_received)
    return return_complete_inspection(return_id=ret.pk, actor=inspector)


def test_full_lifecycle_posts_each_document_exactly_once(odoo, alice, tshirt, jeans, ivan, sam):
    fx = odoo.fixture
    order = odoo_order(alice, [tshirt, jeans], odoo)
    ret = create_return(order, alice.user)
    receive_all(ret, ivan)
    receipt = odoo.store.search_read("stock.picking", [("origin", "=", f"{ret.rma_number}/receipt")],
                                     ["state", "location_id", "location_dest_id", "move_ids", "picking_type_id"])
    assert len(receipt) == 1 and receipt[0]["state"] == "done"
    assert receipt[0]["location_dest_id"][0] == fx["returns"]  # never into sellable stock
    assert receipt[0]["location_id"][0] == fx["customers"]
    assert len(receipt[0]["move_ids"]) == 2  # one move per received line
    # Three writes for the receipt, plus one read before (delivered qty) and one after (state, name).
    assert odoo.calls(model="stock.picking", method="create") == 1
    assert odoo.calls(model="stock.picking", method="action_confirm") == 1
    assert odoo.calls(model="stock.picking", method="button_validate") == 1

    _inspect(ret, ivan, ["restock", "scrap"])
    moves = odoo.store.search_read("stock.picking", [("origin", "like", f"{ret.rma_number}/disposition")],
                                   ["state", "location_id", "location_dest_id"])
    assert len(moves) == 1 and moves[0]["state"] == "done"
    assert (moves[0]["location_id"][0], moves[0]["location_dest_id"][0]) == (fx["returns"], fx["stock"])
    scraps = odoo.store.search_read("stock.scrap", [("origin", "like", f"{ret.rma_number}/disposition")], ["state"])
    assert [s["state"] for s in scraps] == ["done"]

    ret.refresh_from_db()
    return_release_refund(return_id=ret.pk, actor=sam)
    notes = odoo.store.search_read("account.move", [("ref", "=", f"{ret.rma_number}/credit_note")],
                                   ["state", "move_type", "amount_total", "reversed_entry_id"])
    assert len(notes) == 1
    assert (notes[0]["state"], notes[0]["move_type"]) == ("posted", "out_refund")
    assert notes[0]["reversed_entry_id"][0] == fx["invoice"]
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.REFUNDED
    assert float(notes[0]["amount_total"]) == pytest.approx(float(ret.refund_amount), abs=0.02)
    postings = OdooPosting.objects.filter(request=ret)
    # receipt, 2 dispositions, inspection evidence on the receipt, credit note, refund payment (settled by
    # Odoo against the open invoice: the customer had not paid it), breakdown PDF on the credit note
    assert sorted(postings.values_list("state", flat=True)) == [PostingState.SENT] * 7
    assert all(p.odoo_id and p.odoo_name for p in postings)


def test_without_odoo_configured_postings_wait_and_nothing_is_dropped(settings, alice, alice_order, ivan, sam):
    settings.ODOO = {**settings.ODOO, "URL": ""}
    ret = create_return(alice_order, alice.user)
    receive_all(ret, ivan)
    inspect_all(ret, ivan)
    return_release_refund(return_id=ReturnRequest.objects.get(pk=ret.pk).pk, actor=sam)
    states = list(OdooPosting.objects.filter(request=ret).values_list("state", flat=True))
    assert len(states) == 7 and set(states) == {PostingState.PENDING}
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUND_APPROVED
