"""Customer e-mails: one per customer-visible step, plain text and HTML, with a working status link,
sent by a task after the transaction commits (never inline)."""
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import transaction

from returns.services import lifecycle as lc
from returns.services.creation import LineInput, return_create
from tests.factories import create_return, inspect_all, make_order, receive_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the e-mail task) of the wrapped block, like a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def only_email():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox.pop()
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    return message, html


def follow_status_link(client, message, html, ret):
    url = re.search(r"https?://\S+/portal/s/\S+/", message.body).group(0)
    assert url in html
    response = client.get(urlsplit(url).path)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and ret.rma_number in page.content.decode()


def test_an_authorized_request_sends_one_email_with_text_html_and_a_working_link(client, alice, alice_order, commit):
    with commit():
        ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    message, html = only_email()  # "received" and "authorized" in one message, not two
    assert message.to == ["alice@example.com"]
    assert message.from_email == "Returns <returns@example.com>"
    assert message.subject == f"Your return {ret.rma_number} is authorized: how to send it"
    assert "We received your return request and it is authorized." in message.body
    assert "1 × Organic T-shirt M" in message.body and "download the return label" in html
    follow_status_link(client, message, html, ret)


def test_nothing_is_sent_before_the_commit(alice, alice_order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    emails = [c for c in callbacks if "queue_customer_email" in getattr(c, "__qualname__", "")]
    assert mail.outbox == [] and len(emails) == 2  # "create" and "authorized" queued, nothing sent


def test_nothing_is_sent_for_a_change_that_rolled_back(alice, alice_order, commit):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    with commit(), pytest.raises(RuntimeError), transaction.atomic():
        lc.return_cancel(return_id=ret.pk, actor=alice.user)
        raise RuntimeError("something after the cancel failed")
    ret.refresh_from_db()
    assert mail.outbox == [] and ret.state == "authorized"


def test_every_later_step_sends_its_email(client, alice, alice_order, ivan, sam, system_user, commit):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    steps = [
        (lambda: lc.return_mark_shipped(return_id=ret.pk, actor=alice.user, carrier="DHL", tracking_number="JD1234"),
         None),
        (lambda: receive_all(ret, ivan), f"We received your parcel for return {ret.rma_number}"),
        (lambda: inspect_all(ret, ivan), f"Your returned items for {ret.rma_number} have been inspected"),
        (lambda: lc.return_release_refund(return_id=ret.pk, actor=sam), None),
        (lambda: lc.return_mark_refunded(return_id=ret.pk, actor=system_user, credit_note_name="RINV/1"),
         f"Your refund for return {ret.rma_number} has been issued"),
        (lambda: lc.return_close(return_id=ret.pk, actor=system_user), None),
    ]
    for step, subject in steps:
        with commit():
            step()
        if subject is None:
            assert mail.outbox == [], [m.subject for m in mail.outbox]
            continue
        message, html = only_email()
        assert message.subject == subject
        follow_status_link(client, message, html, ret)


def test_the_refund_email_names_the_amount(alice, alice_order, ivan, sam, system_user, commit):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    receive_all(ret, ivan)
    inspect_all(ret, ivan)
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    with commit():
        lc.return_mark_refunded(return_id=ret.pk, actor=system_user)
    message, html = only_email()
    ret.refresh_from_db()
    assert f"refund of {ret.refund_amount} EUR to your original payment method" in message.body
    assert f"{ret.refund_amount} EUR" in html


def test_exception_approval_rejection_and_cancellation_emails(client, alice, tshirt, sam, commit):
    old = make_order(alice, [(tshirt, 1, "20.00")], delivered_days_ago=45)
    with commit():
        ret = create_return(old, alice.user, exception_message="I was in hospital.")
    message, html = only_email()
    assert message.subject == f"Your return request {ret.rma_number} is being checked"
    assert "Please do not send anything yet." in message.body
    follow_status_link(client, message, html, ret)

    with commit():
        lc.return_approve(return_id=ret.pk, actor=sam, reason="goodwill")
    message, html = only_email()
    assert "our team approved your return request" in message.body

    with commit():
        lc.return_cancel(return_id=ret.pk, actor=alice.user)
    message, html = only_email()
    assert message.subject == f"Your return {ret.rma_number} is cancelled"
    follow_status_link(client, message, html, ret)

    other = create_return(make_order(alice, [(tshirt, 1, "20.00")], delivered_days_ago=45), alice.user,
                          exception_message="Please")
    with commit():
        lc.return_reject(return_id=other.pk, actor=sam, reason="outside_policy", note="internal: no")
    message, html = only_email()
    assert message.subject == f"Your return request {other.rma_number} was not accepted"
    assert "internal" not in message.body and "internal" not in html


def test_a_request_left_for_later_review_confirms_receipt(alice, alice_order, commit):
    with commit():
        ret = return_create(order=alice_order, actor=alice.user, auto_review=False,
                            lines=[LineInput(order_line_id=alice_order.lines.first().pk, quantity=1,
                                             reason_code="changed_mind")])
    message, _html = only_email()
    assert message.subject == f"We received your return request {ret.rma_number}"


def test_a_request_from_the_portal_sends_the_email_once(client, alice_order, commit, media):
    from tests.portal.helpers import choose_items, lookup, send

    lookup(client, alice_order, email="alice@example.com")
    choose_items(client, alice_order, {alice_order.lines.first(): 1})
    with commit():
        send(client, alice_order)
    message, html = only_email()
    assert "is authorized" in message.subject and "/portal/s/" in html
