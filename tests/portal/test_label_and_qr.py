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


def _dark_modules(svg):
    import re
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", svg)}


def test_the_qr_page_draws_the_rma_numbers_code_with_its_quiet_zone(client, ret):
    from reportlab.graphics.barcode import qrencoder

    response = client.get(f"/portal/returns/{ret.rma_number}/qr/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Show this at the drop-off counter" in page and ret.rma_number in page
    svg = page[page.index("<svg"):page.index("</svg>")]
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(ret.rma_number)
    code.make()
    count = code.getModuleCount()
    expected = {(col + 4, row + 4) for row in range(count) for col in range(count) if code.isDark(row, col)}
    assert _dark_modules(svg) == expected
    assert f'viewBox="0 0 {count + 8} {count + 8}"' in svg
    # CSP forbids inline styles: the code is drawn with attributes only.
    assert "style=" not in page and "<script" not in page.replace('<script src="', "")


def test_the_status_and_confirmation_pages_offer_the_qr_page_while_a_label_is_offered(client, ret):
    link = f'href="/portal/returns/{ret.rma_number}/qr/"'
    assert link in client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert link in client.get(f"/portal/returns/{ret.rma_number}/confirmation/").content.decode()


def test_no_qr_once_the_return_is_cancelled_and_none_for_strangers(client, ret):
    client.post(f"/portal/returns/{ret.rma_number}/cancel/")
    assert client.get(f"/portal/returns/{ret.rma_number}/qr/").status_code == 409
    assert f"/portal/returns/{ret.rma_number}/qr/" not in client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert client.__class__().get(f"/portal/returns/{ret.rma_number}/qr/").status_code == 404


def test_the_qr_page_is_translated(client, ret):
    page = client.get(f"/portal/returns/{ret.rma_number}/qr/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Montrez ceci au point de dépôt" in page and f'aria-label="Code QR du retour {ret.rma_number}"' in page
