"""The customer's status page shows the real refund once inspection is complete: each item's amount,
each deduction or fee with the sentence that explains it, shipping, tax, the total and how it is paid,
and whether it is final. The "refund issued" step and e-mail state the released amount."""
import html as html_lib
import re
from decimal import Decimal

import pytest
from django.core import mail

from refunds.services import refund_breakdown
from returns.models import ReturnPolicy
from returns.services import lifecycle as lc
from returns.services.creation import LineInput, return_create
from tests.factories import create_return, inspect_all, make_order, receive_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_policy(catalogue):
    """The default policy with a restocking fee, a flat return fee and a deduction for used items."""
    policy = ReturnPolicy.objects.get(name="Default")
    policy.name = "Apparel 2026 internal"
    policy.restocking_fee_percent = Decimal("10")
    policy.restocking_fee_flat = Decimal("2.00")
    policy.grade_deductions = {"A": "0", "B": "0", "C": "20", "D": "50", "F": "0"}
    policy.save()
    return policy


def inspected(ret, ivan, grade="A", disposition="restock"):
    receive_all(ret, ivan)
    return inspect_all(ret, ivan, grade=grade, disposition=disposition)


def refunded(ret, ivan, sam, system_user, **inspection):
    inspected(ret, ivan, **inspection)
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    return lc.return_mark_refunded(return_id=ret.pk, actor=system_user, credit_note_name="RINV/2026/0001")


def status_page(client, ret):
    client.force_login(ret.customer.user)
    response = client.get(f"/portal/returns/{ret.rma_number}/")
    assert response.status_code == 200
    return response.content.decode()


def refund_section(page):
    match = re.search(r'<section class="card refund".*?</section>', page, re.S)
    return match.group(0) if match else ""


def text(html):
    """The visible text, whitespace collapsed, to assert on what a person reads."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).replace(" .", ".").strip()


def test_a_refunded_return_with_deductions_shows_every_amount_and_why(client, alice, alice_order, ivan, sam,
                                                                     system_user, fee_policy):
    tshirt_line = alice_order.lines.get(product__sku="TSHIRT-M")
    ret = create_return(alice_order, alice.user, {tshirt_line: 1})
    refunded(ret, ivan, sam, system_user, grade="C", disposition="refurbish")
    section = refund_section(status_page(client, ret))
    words = text(section)
    # 20.00 − 20 % (4.00) − 10 % restocking of 16.00 (1.60) − 2.00 return fee = 12.40 + 21 % tax 2.60 = 15.00
    assert "1 × Organic T-shirt M" in words
    assert "Condition at inspection: C – used" in words
    assert "Price, excluding tax 20.00 EUR" in words
    assert "Deduction for the item's condition −4.00 EUR Grade C (used) deduction 20%: -4.00 EUR." in words
    assert "Restocking fee −1.60 EUR Restocking fee 10%: -1.60 EUR." in words
    assert "Share of the return fee −2.00 EUR Share of the return fee: -2.00 EUR." in words
    assert "Tax on the refunded amount +2.60 EUR" in words
    assert "Refund for this item 15.00 EUR" in words
    assert "Original shipping not refunded" in words
    assert "Original shipping not refunded: no returned item's reason is the retailer's fault." in words
    assert "Return fee 2.00 EUR: taken from the items whose reason is not the retailer's fault." in words
    assert "Total refund 15.00 EUR" in words and "Refunded to your original payment method." in words
    assert "Final amount." in words and "Still being reviewed" not in words
    # The same figures as the credit note, and nothing internal.
    assert refund_breakdown(ret)["total"] == "15.00"
    for internal in ("Apparel 2026 internal", "TSHIRT-M", "odoo", "order_line"):
        assert internal not in section
    page = text(status_page(client, ret))
    assert "Refund issued 15.00 EUR to your original payment method" in page


def test_nothing_is_shown_before_the_inspection_is_complete(client, alice, alice_order, ivan, fee_policy):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    assert 'class="card refund"' not in status_page(client, ret)
    receive_all(ret, ivan)
    lc.return_start_inspection(return_id=ret.pk, actor=ivan)
    page = status_page(client, ret)
    assert 'class="card refund"' not in page and "Your refund" not in page and "EUR" not in page


def test_after_inspection_the_figures_are_shown_as_still_being_reviewed_then_final(client, alice, alice_order, ivan,
                                                                                   sam, fee_policy):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    inspected(ret, ivan)  # grade A: no deduction, restocking 10 % of 20.00 and the 2.00 return fee
    words = text(refund_section(status_page(client, ret)))
    assert "Still being reviewed." in words and "Final amount" not in words
    assert "To be refunded to your original payment method." in words
    assert "Deduction for the item's condition" not in words
    assert "Restocking fee −2.00 EUR Restocking fee 10%: -2.00 EUR." in words
    assert "Share of the return fee −2.00 EUR Share of the return fee: -2.00 EUR." in words
    assert "Total refund 19.36 EUR" in words  # 16.00 + 21 % tax
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    words = text(refund_section(status_page(client, ret)))
    assert "Final amount." in words and "Total refund 19.36 EUR" in words


def test_a_refund_that_cannot_be_calculated_says_so_without_figures(client, alice, alice_order, ivan, catalogue):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    # The policy stopped allowing the chosen method after the request: support has to sort it out.
    ReturnPolicy.objects.filter(name="Default").update(allowed_refund_methods=["store_credit"])
    inspected(ret, ivan)
    section = refund_section(status_page(client, ret))
    assert "The refund is being reviewed by our support team." in section
    assert "EUR" not in section and "Total refund" not in section and "not allowed" not in section


def test_a_shipping_refund_and_a_waived_fee_for_a_defective_item(client, alice, alice_order, ivan, sam, system_user,
                                                                 fee_policy):
    ret = create_return(alice_order, alice.user, {alice_order.lines.get(product__sku="JEANS-32"): 1},
                        reason="defective")
    refunded(ret, ivan, sam, system_user, grade="F", disposition="vendor_return")
    words = text(refund_section(status_page(client, ret)))
    # Retailer's fault: no fees, full price 72.60 plus the shipping 4.95 + 21 % = 5.99.
    assert "Restocking fee 10% waived: the reason (Defective) is the retailer's fault." in words
    assert "Restocking fee −" not in words and "Share of the return fee" not in words
    assert "Refund for this item 72.60 EUR" in words
    assert "Original shipping 5.99 EUR" in words
    assert "Original shipping refunded: the reason (Defective) is the retailer's fault." in words
    assert "Tax included in the refund 13.64 EUR" in words  # 12.60 + 1.04
    assert "Total refund 78.59 EUR" in words


def test_store_credit_is_named_in_the_page_the_step_and_the_email(client, alice, alice_order, ivan, sam, system_user,
                                                                  django_capture_on_commit_callbacks):
    ret = return_create(order=alice_order, actor=alice.user, refund_method="store_credit", lines=[
        LineInput(order_line_id=alice_order.lines.first().pk, quantity=1, reason_code="changed_mind")])
    inspected(ret, ivan)
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lc.return_mark_refunded(return_id=ret.pk, actor=system_user)
    page = text(status_page(client, ret))
    assert "Refunded as store credit." in page
    assert "Refund issued 24.20 EUR as store credit" in page
    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert "We have issued your refund of 24.20 EUR as store credit." in message.body
    assert "24.20 EUR as store credit" in html
    assert "bank" not in message.body and "bank" not in html


def test_the_refund_email_states_the_released_amount_not_a_rounded_copy(alice, tshirt, ivan, sam, system_user,
                                                                        django_capture_on_commit_callbacks):
    order = make_order(alice, [(tshirt, 1, "300")], currency="JPY")
    ret = create_return(order, alice.user)
    inspected(ret, ivan)
    lc.return_release_refund(return_id=ret.pk, actor=sam)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lc.return_mark_refunded(return_id=ret.pk, actor=system_user)
    [message] = mail.outbox
    # 300 + 21 % = 363 yen: no decimals, unlike ret.refund_amount (363.00).
    assert "We have issued your refund of 363 JPY to your original payment method." in message.body
    assert "363.00" not in message.body
    assert "Your return's page shows how it was calculated" in message.body


def test_a_customer_never_sees_another_customers_refund(client, alice, bob, alice_order, tshirt, ivan, sam,
                                                        system_user, fee_policy):
    alices = create_return(alice_order, alice.user, {alice_order.lines.get(product__sku="JEANS-32"): 1})
    refunded(alices, ivan, sam, system_user)
    bobs = create_return(make_order(bob, [(tshirt, 1, "30.00")]), bob.user)
    refunded(bobs, ivan, sam, system_user)
    alice_total = refund_breakdown(alices)["total"]
    bob_total = refund_breakdown(bobs)["total"]
    assert alice_total != bob_total

    bob_page = status_page(client, bobs)  # logged in as Bob
    assert f"Total refund {bob_total} EUR" in text(bob_page)
    assert alice_total not in bob_page and "Slim jeans" not in bob_page
    response = client.get(f"/portal/returns/{alices.rma_number}/")
    assert response.status_code == 404
    assert alice_total not in response.content.decode() and alices.rma_number not in response.content.decode()

    client.logout()  # an anonymous browser gets nothing either
    response = client.get(f"/portal/returns/{alices.rma_number}/")
    assert response.status_code == 404 and alice_total not in response.content.decode()
