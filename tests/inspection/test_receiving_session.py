"""Receiving loses nothing: counts live in a server-side session per parcel (surviving a reload,
a crash and a second tablet), a short receipt is confirmed first, and only tote or bin labels
are accepted as the location."""
import pytest

from inspection.models import (CustodyRecord, DiscrepancyKind, ReceivingDiscrepancy, ReceivingScan, ReceivingSession,
                               ReceivingSessionStatus)
from inspection.receiving_session import (ParcelHeld, ShortReceiptUnconfirmed, session_confirm, session_open_for,
                                          session_save, session_take_over)
from inspection.totes import LocationIsAProduct, UnknownLocation, clean_tote
from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnRequest

pytestmark = pytest.mark.django_db

TABLET_A, TABLET_B = "tab-aaaaaaaaaaaa", "tab-bbbbbbbbbbbb"


def lines_of(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


def receive_url(ret):
    return f"/inspect/receive/{ret.rma_number}/"


def test_a_count_saved_by_the_tablet_is_back_after_a_reload_and_books_the_receipt(client, ivan, authorized):
    """The reported loss: + tapped, page reloaded, receipt confirmed → the T-shirt recorded as not received."""
    tshirt, jeans = lines_of(authorized)["TSHIRT-M"], lines_of(authorized)["JEANS-32"]
    client.force_login(ivan)
    client.cookies["rf_device"] = TABLET_A
    for line, quantity, code in ((tshirt, 1, "2000000000011"), (tshirt, 2, ""), (jeans, 1, "2000000000028")):
        saved = client.post(receive_url(authorized) + "save/", {"device": TABLET_A, "line": line.pk,
                                                                "quantity": quantity, "code": code},
                            HTTP_ACCEPT="application/json")
        assert saved.status_code == 200, saved.content
    assert saved.json()["counts"] == {str(tshirt.pk): 2, str(jeans.pk): 1}
    client.post(receive_url(authorized) + "save/", {"device": TABLET_A, "location": "tote-07"})

    reloaded = client.get(receive_url(authorized)).content.decode()
    assert f'name="qty-{tshirt.pk}" value="2"' in reloaded and f'name="qty-{jeans.pk}" value="1"' in reloaded
    assert 'name="location" value="TOTE-07"' in reloaded and "Counts saved" in reloaded

    ret, found = session_confirm(return_id=authorized.pk, actor=ivan, device_id=TABLET_A)
    assert ret.state == ReturnStatus.RECEIVED and found == []
    assert {line.product.sku: line.quantity_received for line in ret.lines.all()} == {"TSHIRT-M": 2, "JEANS-32": 1}
    session = ReceivingSession.objects.get()
    assert session.status == ReceivingSessionStatus.CONFIRMED and session.closed_by == ivan and session.closed_at
    scans = list(session.scans.values_list("kind", "line__product__sku", "code", "quantity_before", "quantity_after",
                                           "device_id"))
    assert scans == [("count", "TSHIRT-M", "2000000000011", 0, 1, TABLET_A),
                     ("count", "TSHIRT-M", "", 1, 2, TABLET_A),
                     ("count", "JEANS-32", "2000000000028", 0, 1, TABLET_A),
                     ("location", None, "TOTE-07", 0, 0, TABLET_A),
                     ("confirm", None, "", 0, 0, TABLET_A)]
    assert all(scan.created_at and scan.actor == ivan for scan in session.scans.all())


def test_a_second_tablet_sees_the_counts_and_who_holds_the_parcel_and_may_take_it_over(client, ivan, ines, authorized):
    tshirt = lines_of(authorized)["TSHIRT-M"]
    session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_A, counts={tshirt.pk: 1})

    with pytest.raises(ParcelHeld, match="ivan is counting this parcel on tablet aaaaaa"):
        session_save(return_id=authorized.pk, actor=ines, device_id=TABLET_B, counts={tshirt.pk: 2})
    with pytest.raises(ParcelHeld):  # the same person on another tablet is told, too
        session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_B, counts={tshirt.pk: 2})
    client.force_login(ines)
    client.cookies["rf_device"] = TABLET_B
    page = client.get(receive_url(authorized)).content.decode()
    assert "is counting this parcel on tablet aaaaaa" in page and "Take over this parcel" in page
    assert f'name="qty-{tshirt.pk}" value="1"' in page  # the same counts, read-only
    refused = client.post(receive_url(authorized) + "save/", {"device": TABLET_B, "line": tshirt.pk, "quantity": 5})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "parcel_held"

    assert client.post(receive_url(authorized), {"action": "take_over", "device": TABLET_B}).status_code == 302
    session = session_open_for(authorized)
    assert (session.holder, session.device_id, session.counts) == (ines, TABLET_B, {str(tshirt.pk): 1})
    audit = ReturnEvent.objects.get(return_request=authorized, action="receiving_taken_over")
    assert audit.actor == ines and audit.data["from"] == {"holder": "ivan", "device": TABLET_A}
    with pytest.raises(ParcelHeld, match="Ines Berg is counting"):  # the first tablet now hears who took it
        session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_A, counts={tshirt.pk: 0})
    assert session_take_over(return_id=authorized.pk, actor=ines, device_id=TABLET_B) == session  # no second audit
    assert ReturnEvent.objects.filter(action="receiving_taken_over").count() == 1


def test_a_short_receipt_asks_first_and_then_books_the_shortfall_for_support(client, ivan, authorized):
    tshirt, jeans = lines_of(authorized)["TSHIRT-M"], lines_of(authorized)["JEANS-32"]
    session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_A, counts={tshirt.pk: 1, jeans.pk: 1},
                 location_code="TOTE-07")
    with pytest.raises(ShortReceiptUnconfirmed, match="^1 item short: confirm as short\\? A receiving discrepancy"):
        session_confirm(return_id=authorized.pk, actor=ivan, device_id=TABLET_A)
    assert ReturnRequest.objects.get(pk=authorized.pk).state == ReturnStatus.AUTHORIZED

    # Without JavaScript: the page asks, and a second submit with confirm_short=1 books it.
    client.force_login(ivan)
    form = {"device": TABLET_A, f"qty-{tshirt.pk}": "1", f"qty-{jeans.pk}": "1", "location": "TOTE-07"}
    asked = client.post(receive_url(authorized), {**form, "action": "receive"})
    page = asked.content.decode()
    assert asked.status_code == 409 and "1 item short: confirm as short?" in page
    assert "discrepancy is raised for support" in page and 'name="confirm_short" value="1"' in page
    assert not ReceivingDiscrepancy.objects.exists()
    booked = client.post(receive_url(authorized), {**form, "confirm_short": "1"})
    assert booked.status_code == 302
    (short,) = ReceivingDiscrepancy.objects.all()
    assert (short.kind, short.expected_quantity, short.received_quantity) == (DiscrepancyKind.SHORT, 2, 1)
    assert ReceivingSession.objects.get().status == ReceivingSessionStatus.CONFIRMED


def test_a_page_submit_without_javascript_saves_the_counts_too(client, ivan, authorized):
    tshirt = lines_of(authorized)["TSHIRT-M"]
    client.force_login(ivan)  # no device cookie: the browser session stands in for the tablet
    client.post(receive_url(authorized), {f"qty-{tshirt.pk}": "1", "action": "scan", "code": "2000000000011"})
    assert session_open_for(authorized).counts == {str(tshirt.pk): 2}
    assert f'name="qty-{tshirt.pk}" value="2"' in client.get(receive_url(authorized)).content.decode()


def test_discarding_the_counts_keeps_them_as_history(client, ivan, authorized):
    tshirt = lines_of(authorized)["TSHIRT-M"]
    client.force_login(ivan)
    client.cookies["rf_device"] = TABLET_A
    session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_A, counts={tshirt.pk: 2})
    assert client.post(receive_url(authorized), {"action": "discard", "device": TABLET_A}).status_code == 302
    assert session_open_for(authorized) is None
    assert ReceivingSession.objects.get().status == ReceivingSessionStatus.ABANDONED
    assert ReceivingScan.objects.filter(kind="abandon").exists()
    assert f'name="qty-{tshirt.pk}" value="0"' in client.get(receive_url(authorized)).content.decode()


# ---------------------------------------------------------------- totes and bins

def test_only_tote_and_bin_labels_are_locations_never_a_product(settings, client, ivan, authorized):
    assert clean_tote(" tote-07 ") == "TOTE-07" and clean_tote("BIN-NORMA-1") == "BIN-NORMA-1"
    with pytest.raises(LocationIsAProduct, match="is the code of a product"):
        clean_tote("tshirt-m")
    with pytest.raises(LocationIsAProduct):
        clean_tote("2000000000011")  # its barcode
    with pytest.raises(UnknownLocation, match="not a known tote or bin label"):
        clean_tote("DESK-3")
    settings.RETURNFLOW = {**settings.RETURNFLOW, "TOTE_PATTERN": r"^R[0-9]{2}-[0-9]{2}$"}
    assert clean_tote("r01-07") == "R01-07"
    with pytest.raises(UnknownLocation):
        clean_tote("TOTE-07")

    settings.RETURNFLOW = {k: v for k, v in settings.RETURNFLOW.items() if k != "TOTE_PATTERN"}
    tshirt, jeans = lines_of(authorized)["TSHIRT-M"], lines_of(authorized)["JEANS-32"]
    client.force_login(ivan)
    refused = client.post(receive_url(authorized), {
        "action": "receive", f"qty-{tshirt.pk}": "2", f"qty-{jeans.pk}": "1", "location": "TSHIRT-M"})
    assert refused.status_code == 400 and "is the code of a product (Organic T-shirt M), not a tote or bin" in (
        refused.content.decode())
    assert ReturnRequest.objects.get(pk=authorized.pk).state == ReturnStatus.AUTHORIZED
    assert not CustodyRecord.objects.exists()
    parked = client.post("/inspect/parcels/new/", {"tracking_number": "X1", "location_code": "JEANS-32"})
    assert parked.status_code == 400 and "is the code of a product" in parked.content.decode()


def test_the_api_refuses_a_product_as_the_tote_in_the_error_shape(api, ivan, authorized):
    tshirt = lines_of(authorized)["TSHIRT-M"]
    api.force_authenticate(ivan)
    response = api.post(f"/api/returns/{authorized.rma_number}/receive-parcel/", {
        "lines": [{"id": tshirt.pk, "quantity_received": 2}], "location_code": "2000000000028"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "location_is_product" and "is the code of a product" in error["message"]
    assert error["details"]["field"] == "location_code"


def test_an_unexpected_products_count_and_note_are_saved_as_they_change(client, ivan, authorized, catalogue):
    from tests.factories import make_product

    mug = make_product("MUG-01", name="Mug")
    client.force_login(ivan)
    client.cookies["rf_device"] = TABLET_A
    client.post(receive_url(authorized), {"device": TABLET_A, "action": "scan", "code": "MUG-01"})
    saved = client.post(receive_url(authorized) + "save/", {"device": TABLET_A, "product": mug.pk, "quantity": 3,
                                                            "item_note": "In the jeans box"})
    assert saved.status_code == 200
    assert session_open_for(authorized).unexpected == {str(mug.pk): {"quantity": 3, "note": "In the jeans box"}}
    page = client.get(receive_url(authorized)).content.decode()
    assert f'name="uqty-{mug.pk}" value="3"' in page and 'value="In the jeans box"' in page


def test_moving_units_on_the_line_page_accepts_only_a_tote_or_bin(client, ivan, inspecting):
    tshirt = lines_of(inspecting)["TSHIRT-M"]
    client.force_login(ivan)
    url = f"/inspect/returns/{inspecting.rma_number}/lines/{tshirt.pk}/move/"
    refused = client.post(url, {"location": "2000000000028"})
    assert refused.status_code == 400 and "is the code of a product (Slim jeans 32)" in refused.content.decode()
    assert client.post(url, {"location": "bin-a4"}).status_code == 302
    assert CustodyRecord.objects.filter(line=tshirt).latest("id").location_code == "BIN-A4"


def test_the_scan_log_is_append_only(ivan, authorized):
    from django.db import DatabaseError, transaction

    from inspection.models_receiving import ReceivingScanImmutable

    session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_A,
                 counts={lines_of(authorized)["TSHIRT-M"].pk: 1})
    scan = ReceivingScan.objects.get()
    with pytest.raises(ReceivingScanImmutable):
        scan.save()
    with pytest.raises(ReceivingScanImmutable):
        scan.delete()
    # The app role may not update it, and the trigger would refuse the owner too.
    with pytest.raises(DatabaseError, match="append-only|permission denied"), transaction.atomic():
        ReceivingScan.objects.update(quantity_after=5)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'inspection_receivingscan'::regclass")
        triggers = {name for (name,) in cursor.fetchall()}
    assert {"inspection_receivingscan_append_only", "inspection_receivingscan_append_only_truncate"} <= triggers


def test_a_cancelled_return_closes_its_open_counting_session(ivan, authorized):
    """The warehouse's lifecycle subscriber: nobody keeps counting a parcel that can no longer be received."""
    from returns.services.lifecycle import return_cancel

    tshirt = lines_of(authorized)["TSHIRT-M"]
    session_save(return_id=authorized.pk, actor=ivan, device_id=TABLET_A, counts={tshirt.pk: 1})
    return_cancel(return_id=authorized.pk, actor=authorized.customer.user)
    session = ReceivingSession.objects.get()
    assert session.status == ReceivingSessionStatus.ABANDONED and session.closed_by == authorized.customer.user
    assert session.counts == {str(tshirt.pk): 1}  # kept as history
    assert list(session.scans.values_list("kind", "code"))[-1] == ("abandon", "cancel")
    assert session_open_for(ReturnRequest.objects.get(pk=authorized.pk)) is None
