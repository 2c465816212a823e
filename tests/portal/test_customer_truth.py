"""Every customer message and page describes what was recorded, not what was asked for: the e-mails
"We received your parcel", "…have been inspected" and "refund issued", the status page and its
history. A short receipt is said plainly ("We did not find 1 × … in your parcel") with the way to
answer it (the status page's "Dispute this")."""
import html as html_lib
import re

import pytest
from django.core import mail

from returns.services import lifecycle as lc
from tests.factories import create_return, inspect_all

pytestmark = pytest.mark.django_db

MISSING = "We did not find 1 × Organic T-shirt M in your parcel."


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def text(markup):
    """What a person reads: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def only_email():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox.pop()
    return message.body, text(dict((mime, body) for body, mime in message.alternatives)["text/html"])


def receive_one_tshirt_short(ret, ivan):
    """Alice asked to return 2 T-shirts and the jeans; the parcel held 1 T-shirt and the jeans."""
    quantities = {line.pk: (1 if line.product.sku == "TSHIRT-M" else line.quantity_requested)
                  for line in ret.lines.all()}
    return lc.return_receive(return_id=ret.pk, actor=ivan, quantities=quantities)


@pytest.fixture
def short_return(alice, alice_order, ivan):
    ret = create_return(alice_order, alice.user)
    mail.outbox.clear()
    return ret


def status_text(client, ret):
    client.force_login(ret.customer.user)
    response = client.get(f"/portal/returns/{ret.rma_number}/")
    assert response.status_code == 200
    return response.content.decode(), text(response.content.decode())


def test_the_received_email_lists_what_was_found_and_explains_the_short_receipt(short_return, ivan, commit):
    with commit():
        receive_one_tshirt_short(short_return, ivan)
    body, html = only_email()
    for words in (body, html):
        assert "2 × Organic T-shirt M" not in words  # what was asked for is not what arrived
        assert "1 × Organic T-shirt M (requested 2 · received 1)" in words
        assert "1 × Slim jeans 32 (requested 1 · received 1)" in words
        assert MISSING in words
        assert "Dispute this" in words


def test_a_full_receipt_says_nothing_is_missing(alice, alice_order, ivan, commit):
    ret = create_return(alice_order, alice.user)
    mail.outbox.clear()
    with commit():
        lc.return_receive(return_id=ret.pk, actor=ivan,
                          quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
    body, html = only_email()
    assert "2 × Organic T-shirt M (requested 2 · received 2)" in body
    assert "We did not find" not in body and "We did not find" not in html


def test_the_inspected_and_refunded_emails_list_accepted_and_refunded_units(short_return, ivan, sam, system_user,
                                                                           commit):
    receive_one_tshirt_short(short_return, ivan)
    mail.outbox.clear()
    with commit():
        inspect_all(short_return, ivan)
    body, html = only_email()
    for words in (body, html):
        assert "2 × Organic T-shirt M" not in words
        assert "1 × Organic T-shirt M (requested 2 · received 1 · accepted 1)" in words
        assert MISSING in words

    lc.return_release_refund(return_id=short_return.pk, actor=sam)
    with commit():
        lc.return_mark_refunded(return_id=short_return.pk, actor=system_user, credit_note_name="RINV/1")
    body, html = only_email()
    for words in (body, html):
        assert "2 × Organic T-shirt M" not in words
        assert "1 × Organic T-shirt M (requested 2 · received 1 · accepted 1 · refunded 1)" in words
        assert "This is the final amount. If you disagree with a deduction or with what we received" in words
        assert "Dispute this" in words


def test_the_status_page_shows_recorded_quantities_the_shortfall_and_how_to_dispute(client, short_return, ivan):
    receive_one_tshirt_short(short_return, ivan)
    page, words = status_text(client, short_return)
    items = text(re.search(r'data-testid="recorded-items".*?</ul>', page, re.S).group(0))
    assert "1 × Organic T-shirt M" in items and "requested 2 · received 1" in items
    assert "2 × Organic T-shirt M" not in items
    assert MISSING in text(re.search(r'data-testid="shortfall".*?</div>', page, re.S).group(0))
    assert 'href="#dispute-form"' in page and 'id="dispute-form"' in page
    assert f'action="/portal/returns/{short_return.rma_number}/dispute/"' in page


def test_the_history_says_what_was_found_and_accepted(client, short_return, ivan):
    receive_one_tshirt_short(short_return, ivan)
    inspect_all(short_return, ivan)
    _, words = status_text(client, short_return)
    assert ("Parcel received at our warehouse Found in your parcel: 1 × Organic T-shirt M, 1 × Slim jeans 32. "
            + MISSING) in words
    assert "Items inspected Accepted: 1 × Organic T-shirt M, 1 × Slim jeans 32." in words


def test_a_final_refund_on_the_page_says_how_to_dispute_it(client, short_return, ivan, sam, system_user):
    receive_one_tshirt_short(short_return, ivan)
    inspect_all(short_return, ivan)
    lc.return_release_refund(return_id=short_return.pk, actor=sam)
    page, _ = status_text(client, short_return)
    refund = text(re.search(r'<section class="card refund".*?</section>', page, re.S).group(0))
    assert "Final amount." in refund
    assert "If you disagree with a deduction or with what we received, tell us: Dispute this" in refund
    items = text(re.search(r'data-testid="recorded-items".*?</ul>', page, re.S).group(0))
    assert "requested 2 · received 1 · accepted 1 · refunded 1" in items


def test_before_the_parcel_arrives_the_requested_quantities_are_shown_and_nothing_is_disputable(client,
                                                                                              short_return):
    page, words = status_text(client, short_return)
    assert "2 × Organic T-shirt M" in words and "received" not in text(
        re.search(r'data-testid="recorded-items".*?</ul>', page, re.S).group(0))
    assert 'id="dispute-form"' not in page and "We did not find" not in words
