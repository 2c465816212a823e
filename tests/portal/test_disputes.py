"""A customer who disagrees with a short receipt or a deduction says so from the status page (or the
API); the dispute is audited, lands in the support console's "Disputes" queue, and a support agent
resolves it with an answer the customer reads on the same page."""
import html as html_lib
import re

import pytest
from django.db import IntegrityError, transaction

from returns.models import Dispute, ReturnEvent
from returns.services import lifecycle as lc
from returns.services.disputes import DisputeAlreadyOpen, dispute_open, dispute_resolve
from tests.factories import create_return, inspect_all, make_order, make_product

pytestmark = pytest.mark.django_db

WORDS = "I packed both T-shirts, I have a photo of the open box."


def text(markup):
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


@pytest.fixture
def short(alice, alice_order, ivan):
    """Alice returned 2 T-shirts and the jeans; the warehouse found 1 T-shirt and the jeans."""
    ret = create_return(alice_order, alice.user)
    lc.return_receive(return_id=ret.pk, actor=ivan, quantities={
        line.pk: 1 if line.product.sku == "TSHIRT-M" else line.quantity_requested for line in ret.lines.all()})
    return ret


def tshirt_line(ret):
    return ret.lines.get(product__sku="TSHIRT-M")


def dispute_from_page(client, ret, *, kind="short_receipt", message=WORDS, line=None):
    client.force_login(ret.customer.user)
    data = {"dispute-kind": kind, "dispute-message": message, "dispute-line": "" if line is None else str(line)}
    return client.post(f"/portal/returns/{ret.rma_number}/dispute/", data)


def test_the_customer_disputes_a_short_receipt_from_the_status_page(client, short, alice):
    line = tshirt_line(short)
    response = dispute_from_page(client, short, line=line.pk)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/portal/returns/{short.rma_number}/#disputes")
    dispute = Dispute.objects.get()
    assert (dispute.kind, dispute.line, dispute.message, dispute.state, dispute.opened_by) == (
        "short_receipt", line, WORDS, "open", alice.user)
    event = ReturnEvent.objects.get(action="dispute_opened")
    assert (event.actor, event.note, event.reason, event.data) == (
        alice.user, WORDS, "short_receipt", {"dispute": dispute.pk, "kind": "short_receipt", "line": line.pk})
    page = text(client.get(f"/portal/returns/{short.rma_number}/").content.decode())
    assert "Thank you. Our support team will look into it" in page
    assert "You told us: Items missing from the receipt — Organic T-shirt M" in page and WORDS in page
    assert "You disputed: items missing from the receipt" in page  # in the history


def test_a_second_open_dispute_of_the_same_kind_is_refused_and_keeps_what_was_typed(client, short):
    dispute_from_page(client, short)
    again = dispute_from_page(client, short, message="Still missing, please check again.")
    assert again.status_code == 409
    page = again.content.decode()
    assert "You already have an open dispute about items missing from the receipt" in text(page)
    assert "Still missing, please check again." in page  # nothing typed is lost
    assert Dispute.objects.count() == 1
    with pytest.raises(DisputeAlreadyOpen):
        dispute_open(return_id=short.pk, actor=short.customer.user, kind="short_receipt", message="again")


def test_bad_input_is_a_form_error_and_stores_nothing(client, short, alice, catalogue):
    empty = dispute_from_page(client, short, message="  ")
    assert empty.status_code == 400 and "Tell us what you disagree with." in text(empty.content.decode())
    not_yet = dispute_from_page(client, short, kind="deduction")  # the refund is not calculated yet
    assert not_yet.status_code == 400 and "Choose what you disagree with." in text(not_yet.content.decode())
    other = create_return(make_order(alice, [(make_product(), 1, "10.00")]), alice.user)
    foreign_line = other.lines.first().pk
    wrong_line = dispute_from_page(client, short, line=foreign_line)
    assert wrong_line.status_code == 400
    assert "Choose one of the items of this return." in text(wrong_line.content.decode())
    assert not Dispute.objects.exists() and not ReturnEvent.objects.filter(action="dispute_opened").exists()


def test_nothing_is_disputable_before_the_parcel_arrives(client, alice, alice_order):
    ret = create_return(alice_order, alice.user)
    response = dispute_from_page(client, ret, kind="other")
    assert response.status_code == 400 and not Dispute.objects.exists()


def test_another_browser_gets_not_found(client, short, bob):
    client.force_login(bob.user)
    response = client.post(f"/portal/returns/{short.rma_number}/dispute/",
                           {"dispute-kind": "other", "dispute-message": "mine?"})
    assert response.status_code == 404 and not Dispute.objects.exists()


def test_a_deduction_can_be_disputed_once_the_refund_is_calculated(client, short, ivan):
    inspect_all(short, ivan)
    assert dispute_from_page(client, short, kind="deduction", message="The fee is wrong.").status_code == 302
    assert Dispute.objects.get().kind == "deduction"


def test_the_disputes_queue_and_resolving_with_an_answer(client, short, sam, fiona, ivan):
    dispute_from_page(client, short, line=tshirt_line(short).pk)
    dispute = Dispute.objects.get()
    client.force_login(sam)
    queue = client.get("/support/queues/disputes/")
    assert queue.status_code == 200
    row = re.search(rf'<tr data-row="DSP{dispute.pk}".*?</tr>', queue.content.decode(), re.S).group(0)
    assert short.rma_number in row and WORDS in html_lib.unescape(row) and f"/support/disputes/{dispute.pk}/" in row
    assert "Disputes" in text(client.get("/support/").content.decode())
    page = client.get(f"/support/disputes/{dispute.pk}/")
    assert page.status_code == 200 and "Answer and resolve" in text(page.content.decode())

    empty = client.post(f"/support/disputes/{dispute.pk}/resolve/", {"note": " "})
    assert empty.status_code == 400 and "Write the answer for the customer" in text(empty.content.decode())
    dispute.refresh_from_db()
    assert dispute.state == "open"

    client.force_login(fiona)  # finance reads the queue, but resolving is for support agents
    assert client.get(f"/support/disputes/{dispute.pk}/").status_code == 200
    refused = client.post(f"/support/disputes/{dispute.pk}/resolve/", {"note": "Refunded"})
    assert refused.status_code == 403 and "Only support agents can resolve disputes." in text(
        refused.content.decode())
    client.force_login(ivan)
    assert client.get("/support/queues/disputes/").status_code == 403
    assert client.post(f"/support/disputes/{dispute.pk}/resolve/", {"note": "x"}).status_code == 403

    client.force_login(sam)
    answer = "We found the second T-shirt in the carrier's bag; it is added to your refund."
    done = client.post(f"/support/disputes/{dispute.pk}/resolve/", {"note": answer})
    assert done.status_code == 302 and done["Location"] == "/support/queues/disputes/"
    dispute.refresh_from_db()
    assert (dispute.state, dispute.resolution_note, dispute.resolved_by) == ("resolved", answer, sam)
    event = ReturnEvent.objects.get(action="dispute_resolved")
    assert (event.actor, event.note, event.data["dispute"]) == (sam, answer, dispute.pk)
    assert f"DSP{dispute.pk}" not in client.get("/support/queues/disputes/").content.decode()
    again = client.post(f"/support/disputes/{dispute.pk}/resolve/", {"note": "twice"})
    assert again.status_code == 409 and "already resolved" in text(again.content.decode())

    client.force_login(short.customer.user)
    customer_page = text(client.get(f"/portal/returns/{short.rma_number}/").content.decode())
    assert f"Our answer: {answer}" in customer_page
    assert "Our answer to your dispute" in customer_page  # the history step


def test_after_a_resolution_the_customer_may_dispute_again(short, sam):
    first = dispute_open(return_id=short.pk, actor=short.customer.user, kind="short_receipt", message="one")
    dispute_resolve(dispute_id=first.pk, actor=sam, note="Not found, sorry.")
    second = dispute_open(return_id=short.pk, actor=short.customer.user, kind="short_receipt", message="two")
    assert second.state == "open" and Dispute.objects.count() == 2


def test_the_database_holds_one_open_dispute_per_return_and_kind(short):
    Dispute.objects.create(return_request=short, kind="other", message="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.create(return_request=short, kind="other", message="b")


def test_the_customer_api_opens_a_dispute(api, short, alice, bob, sam):
    url = f"/api/returns/{short.rma_number}/disputes/"
    api.force_authenticate(alice.user)
    created = api.post(url, {"kind": "short_receipt", "message": WORDS, "line": tshirt_line(short).pk}, format="json")
    assert created.status_code == 201
    assert list(created.json()) == ["id", "kind", "line", "message", "state", "opened_at", "resolution_note",
                                    "resolved_at"]
    duplicate = api.post(url, {"kind": "short_receipt", "message": "again"}, format="json")
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "dispute_already_open"
    bad = api.post(url, {"kind": "refund_too_low", "message": "x"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_input"
    assert api.get(url).json()["disputes"][0]["message"] == WORDS
    assert ReturnEvent.objects.filter(action="dispute_opened", actor=alice.user).count() == 1
    api.force_authenticate(bob.user)
    assert api.post(url, {"kind": "other", "message": "x"}, format="json").status_code == 404
    api.force_authenticate(sam)
    assert api.get(url).json()["disputes"][0]["opened_by"] == "alice"


def test_an_open_kind_is_not_offered_again_and_the_notice_points_to_the_dispute(client, short):
    dispute_from_page(client, short)
    page = client.get(f"/portal/returns/{short.rma_number}/").content.decode()
    options = re.search(r'<select name="dispute-kind".*?</select>', page, re.S).group(0)
    assert 'value="short_receipt"' not in options and 'value="other"' in options
    assert "You told us you sent it; our support team is looking into it." in text(page)


def test_the_customer_is_emailed_supports_answer(short, sam, django_capture_on_commit_callbacks):
    from django.core import mail

    dispute = dispute_open(return_id=short.pk, actor=short.customer.user, kind="short_receipt", message=WORDS)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dispute_resolve(dispute_id=dispute.pk, actor=sam, note="We found the second T-shirt in another tote.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [short.customer.email] and short.rma_number in message.subject
    assert "We found the second T-shirt in another tote." in message.body
    assert "items missing from the receipt" in message.body
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    assert "We found the second T-shirt in another tote." in text(html)
