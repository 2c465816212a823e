"""What the customer can do with a return: label, mark as sent, cancel; only when allowed."""
import pytest

from returns.choices import ReturnStatus
from tests.factories import create_return, force_state, receive_all
from tests.portal.helpers import lookup, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ret(client, alice, alice_order):
    ret = create_return(alice_order, alice.user, {alice_order.lines.first(): 2})
    lookup(client, alice_order, email="alice@example.com")
    return ret


def test_the_label_is_a_pdf_attachment_with_the_rma_number(client, ret):
    response = client.get(f"/portal/returns/{ret.rma_number}/label.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="return-label-{ret.rma_number}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert f"({ret.rma_number}) Tj" in text  # drawn as text on the page, not only in the metadata
    assert "Organic T-shirt M" in text and ret.order.number in text


def test_the_label_is_only_offered_while_the_parcel_is_expected(client, ret):
    pending = force_state(ret, ReturnStatus.PENDING_APPROVAL)
    assert "label.pdf" not in client.get(f"/portal/returns/{pending.rma_number}/").content.decode()
    assert client.get(f"/portal/returns/{pending.rma_number}/label.pdf").status_code == 409


def test_marking_the_parcel_sent_checks_the_tracking_number(client, ret):
    url = f"/portal/returns/{ret.rma_number}/shipped/"
    response = client.post(url, {"carrier": "DHL", "tracking_number": "?"})
    assert response.status_code == 400 and "A tracking number has at least 4 letters" in response.content.decode()
    response = client.post(url, {"carrier": " DHL ", "tracking_number": "JD014600003828"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert (ret.state, ret.carrier, ret.tracking_number) == (ReturnStatus.IN_TRANSIT, "DHL", "JD014600003828")
    event = ret.events.get(action="mark_shipped")
    assert event.actor == ret.customer.user
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert "Parcel sent" in page and "JD014600003828" in page and "Save tracking number" not in page


def test_the_customer_cancels_after_confirming(client, ret):
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert "Cancel this return" in page
    assert "Yes, cancel the return" in client.get(f"/portal/returns/{ret.rma_number}/cancel/").content.decode()
    client.post(f"/portal/returns/{ret.rma_number}/cancel/")
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.CANCELLED
    assert ret.events.get(action="cancel").actor == ret.customer.user
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert "Return cancelled" in page and "Cancel this return" not in page and "label.pdf" not in page


def test_no_cancel_or_ship_once_the_parcel_is_received(client, ret, ivan):
    receive_all(ret, ivan)
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert "Parcel received at our warehouse" in page
    assert "Cancel this return" not in page and "Save tracking number" not in page
    client.post(f"/portal/returns/{ret.rma_number}/cancel/")
    client.post(f"/portal/returns/{ret.rma_number}/shipped/", {"carrier": "DHL", "tracking_number": "JD0001"})
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.RECEIVED


def test_the_timeline_hides_internal_steps_and_notes(client, ret, ivan):
    from returns.services.audit import audit_record

    audit_record(request=ret, actor=ivan, action="note", note="Customer sounds annoyed")
    receive_all(ret, ivan)
    from returns.services.lifecycle import return_start_inspection

    return_start_inspection(return_id=ret.pk, actor=ivan)
    page = client.get(f"/portal/returns/{ret.rma_number}/").content.decode()
    assert "annoyed" not in page and "inspection" not in page.lower().split("history")[1].split("</ol>")[0]
