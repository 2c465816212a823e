"""The return label's sender block, and the QR code shown full-screen for customers without a printer."""
import pytest

from tests.factories import create_return
from tests.portal.helpers import lookup, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ret(client, alice, alice_order):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    lookup(client, alice_order, email="alice@example.com")
    return ret


def _drawn(text, value):
    return f"({value}) Tj" in text


def test_the_label_prints_the_senders_name_postcode_and_country(client, ret, alice_order):
    type(alice_order).objects.filter(pk=alice_order.pk).update(shipping_postcode="1011 AB", shipping_country="nl")
    text = pdf_text(client.get(f"/portal/returns/{ret.rma_number}/label.pdf").content)
    assert _drawn(text, "From:") and _drawn(text, ret.customer.name)
    assert _drawn(text, "1011 AB") and _drawn(text, "NL")


def test_without_an_order_postcode_the_customers_own_postcode_prints(client, ret, alice_order):
    type(alice_order).objects.filter(pk=alice_order.pk).update(shipping_postcode="", shipping_country="")
    type(ret.customer).objects.filter(pk=ret.customer.pk).update(postcode="75001")
    text = pdf_text(client.get(f"/portal/returns/{ret.rma_number}/label.pdf").content)
    assert _drawn(text, ret.customer.name) and _drawn(text, "75001")
