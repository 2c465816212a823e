"""`make fleet` judges "lost" and "duplicated" by counting documents in Odoo's own records
(bench/fleet_odoo_count.py). This checks that count against the Odoo test server for every posting kind:
receipt, disposition, credit note, refund payment (bank payment, or settled by the open invoice) and evidence
(chatter note, photos, breakdown PDF), and that a forced re-delivery is not counted as a second document.
"""
import pytest

from bench.fleet_odoo_count import count_documents
from integrations.delivery import deliver_posting
from integrations.models import OdooPosting, PostingState
from odoo_testserver.models.payment import seed_payment_demo
from odoo_testserver.server import DEFAULT_API_KEY, OdooTestServer
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.services.lifecycle import return_release_refund
from tests.factories import add_inspection_photo, create_return, inspect_all, receive_all
from tests.integrations.conftest import configure, odoo_order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def odoo(settings):
    from django.core.management import call_command

    srv = OdooTestServer(version=18, seed_hooks=(seed_payment_demo,)).start()
    configure(settings, srv, "xmlrpc")
    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    yield srv
    srv.stop()


def refunded(ret, ivan, sam):
    receive_all(ret, ivan)
    add_inspection_photo(ret.lines.first(), ivan)
    inspect_all(ret, ivan)
    return_release_refund(return_id=ret.pk, actor=sam)
    ret = ReturnRequest.objects.get(pk=ret.pk)
    assert ret.state == ReturnStatus.REFUNDED, list(OdooPosting.objects.values_list("reference", "state", "error"))
    return ret


def test_every_posting_is_counted_once_in_odoo(odoo, alice, tshirt, jeans, ivan, sam):
    order = odoo_order(alice, [tshirt, jeans], odoo)
    first = refunded(create_return(order, alice.user, {order.lines.first(): 1}), ivan, sam)  # invoice still open
    with odoo.store.transaction():  # the customer pays the invoice: the next refund is a bank payment
        env = odoo.store.env(context={"active_model": "account.move", "active_ids": [odoo.fixture["invoice"]]})
        env["account.payment.register"].action_create_payments([env["account.payment.register"]._create_one({})])
    second = refunded(create_return(order, alice.user, {order.lines.last(): 1}), ivan, sam)

    references = set(OdooPosting.objects.values_list("reference", flat=True))
    kinds = {ref.split("/", 1)[1] for ref in references}
    assert {"receipt", "credit_note", "refund_payment", "evidence/receipt", "evidence/credit_note"} <= kinds
    assert any(kind.startswith("disposition/") for kind in kinds)
    assert OdooPosting.objects.exclude(state=PostingState.SENT).count() == 0

    documents, duplicated_attachments = count_documents(odoo.url, odoo.db, DEFAULT_API_KEY)
    assert {ref: documents[ref] for ref in references} == {ref: 1 for ref in references}
    assert duplicated_attachments == {}
    from integrations.postings import refund_payment_outcome

    assert [refund_payment_outcome(ret)["method"] for ret in (first, second)] == ["invoice", "bank"]

    for posting in OdooPosting.objects.all():  # every posting forced through again: found, not made twice
        OdooPosting.objects.filter(pk=posting.pk).update(state=PostingState.PENDING,
                                                         next_attempt_at="2000-01-01T00:00Z")
        deliver_posting(posting.pk)
    again, duplicated_attachments = count_documents(odoo.url, odoo.db, DEFAULT_API_KEY)
    assert {ref: again[ref] for ref in references} == {ref: 1 for ref in references}
    assert duplicated_attachments == {}
