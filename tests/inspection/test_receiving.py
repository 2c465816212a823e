"""Receiving by scan: the return is found from its label, counts are recorded as they are,
every mismatch becomes a discrepancy for support, and units are booked into a tote."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspection.models import CustodyRecord, DiscrepancyKind, Photo, ReceivingDiscrepancy, UnidentifiedParcel
from integrations.models import OdooPosting, PostingKind
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from tests.inspection.helpers import jpeg_bytes, stored_files

pytestmark = pytest.mark.django_db


def lines_of(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


def test_scanning_the_rma_label_opens_its_receipt_and_search_finds_by_order_and_name(
        client, ivan, authorized, alice_order):
    client.force_login(ivan)
    page = client.get("/inspect/receive/")
    assert b"autofocus" in page.content and b"data-scan" in page.content
    scanned = client.get("/inspect/receive/", {"q": authorized.rma_number.lower()})
    assert scanned.status_code == 302 and scanned["Location"] == f"/inspect/receive/{authorized.rma_number}/"
    for query in (alice_order.number, "alic"):
        found = client.get("/inspect/receive/", {"q": query})
        assert authorized.rma_number in found.content.decode()
    assert "Nothing matches" in client.get("/inspect/receive/", {"q": "no such thing"}).content.decode()


def test_a_short_receipt_is_received_with_a_discrepancy_custody_and_a_receipt_posting(client, ivan, authorized):
    lines = lines_of(authorized)
    tshirt, jeans = lines["TSHIRT-M"], lines["JEANS-32"]
    client.force_login(ivan)
    response = client.post(f"/inspect/receive/{authorized.rma_number}/", {
        "action": "receive", f"qty-{tshirt.pk}": "1", f"qty-{jeans.pk}": "1", "location": "tote-07",
        "note": "Box dented", "confirm_short": "1"})  # shortfall confirmed (see test_receiving_session.py)
    assert response.status_code == 302
    ret = ReturnRequest.objects.get(pk=authorized.pk)
    assert ret.state == ReturnStatus.RECEIVED
    tshirt.refresh_from_db()
    assert tshirt.quantity_received == 1
    (short,) = ReceivingDiscrepancy.objects.filter(return_request=ret)
    assert (short.kind, short.line_id, short.expected_quantity, short.received_quantity) == (
        DiscrepancyKind.SHORT, tshirt.pk, 2, 1)
    assert short.resolved_at is None and short.created_by == ivan and short.note == "Box dented"
    assert sorted(CustodyRecord.objects.values_list("line__product__sku", "unit_index", "location_code")) == [
        ("JEANS-32", 1, "TOTE-07"), ("TSHIRT-M", 1, "TOTE-07")]
    receipt = OdooPosting.objects.get(request=ret, kind=PostingKind.RECEIPT)
    assert {(line["sku"], line["quantity"]) for line in receipt.payload["lines"]} == {("TSHIRT-M", 1), ("JEANS-32", 1)}
    page = client.get(response["Location"]).content.decode()
    assert "Fewer units than expected" in page and "1 received, 2 expected" in page and "TOTE-07" in page


def test_scanning_items_counts_them_and_an_unknown_product_becomes_an_unexpected_line(
        client, ivan, authorized, catalogue):
    from tests.factories import make_product

    stranger = make_product("MUG-01", category="apparel", name="Mug")
    stranger.barcode = "2000000000099"
    stranger.save()
    lines = lines_of(authorized)
    url = f"/inspect/receive/{authorized.rma_number}/"
    client.force_login(ivan)
    form = {f"qty-{lines['TSHIRT-M'].pk}": "2", f"qty-{lines['JEANS-32'].pk}": "0", "location": ""}
    counted = client.post(url, {**form, "action": "scan", "code": "2000000000028"})
    assert counted.status_code == 200 and "Slim jeans 32: 1 counted." in counted.content.decode()
    assert f'name="qty-{lines["JEANS-32"].pk}" value="1"' in counted.content.decode()
    extra = client.post(url, {**form, f"qty-{lines['JEANS-32'].pk}": "2", "action": "scan", "code": "2000000000099"})
    assert "Mug is not on this return" in extra.content.decode()
    assert f'name="unexpected" value="{stranger.pk}"' in extra.content.decode()
    unknown = client.post(url, {**form, "action": "scan", "code": "999"})
    assert unknown.status_code == 400 and "No product has the barcode or SKU" in unknown.content.decode()
    tote = client.post(url, {**form, "action": "scan", "code": "tote-3"})
    assert 'name="location" value="TOTE-3"' in tote.content.decode()

    done = client.post(url, {**form, f"qty-{lines['JEANS-32'].pk}": "2", "unexpected": str(stranger.pk),
                             f"uqty-{stranger.pk}": "1", f"unote-{stranger.pk}": "In the jeans box",
                             "location": "TOTE-3", "action": "receive"})
    assert done.status_code == 302
    mug_line = authorized.lines.get(product=stranger)
    assert (mug_line.unexpected, mug_line.order_line, mug_line.quantity_requested, mug_line.quantity_received) == (
        True, None, 0, 1)
    kinds = sorted(ReceivingDiscrepancy.objects.values_list("kind", "product__sku", "expected_quantity",
                                                            "received_quantity"))
    assert kinds == [("over", "JEANS-32", 1, 2), ("unexpected_product", "MUG-01", 0, 1)]


def test_a_failed_receipt_leaves_nothing_behind(client, ivan, authorized, catalogue):
    from tests.factories import make_product

    stranger = make_product("LAMP-01", name="Lamp")
    lines = lines_of(authorized)
    client.force_login(ivan)
    # The tote label is missing: the whole receipt is refused and the typed counts stay on the page.
    response = client.post(f"/inspect/receive/{authorized.rma_number}/", {
        "action": "receive", f"qty-{lines['TSHIRT-M'].pk}": "1", "unexpected": str(stranger.pk),
        f"uqty-{stranger.pk}": "1", "location": ""})
    assert response.status_code == 400 and "Scan the tote or bin label." in response.content.decode()
    assert f'name="qty-{lines["TSHIRT-M"].pk}" value="1"' in response.content.decode()
    # Nothing counted: the lifecycle guard refuses, after the unexpected line was created: all rolled back.
    empty = client.post(f"/inspect/receive/{authorized.rma_number}/", {
        "action": "receive", "location": "TOTE-1"})
    assert empty.status_code == 409 and "No unit has been recorded as received yet." in empty.content.decode()
    assert ReturnRequest.objects.get(pk=authorized.pk).state == ReturnStatus.AUTHORIZED
    assert authorized.lines.count() == 2
    assert not ReceivingDiscrepancy.objects.exists() and not CustodyRecord.objects.exists()
    assert not OdooPosting.objects.filter(kind=PostingKind.RECEIPT).exists()


def test_a_return_that_cannot_be_received_says_so(client, ivan, authorized, alice):
    from returns.services.lifecycle import return_cancel

    return_cancel(return_id=authorized.pk, actor=alice.user)
    client.force_login(ivan)
    page = client.get(f"/inspect/receive/{authorized.rma_number}/").content.decode()
    assert "is cancelled and cannot be received" in page and "Park it for support" in page
    refused = client.post(f"/inspect/receive/{authorized.rma_number}/", {"action": "receive", "location": "TOTE-1"})
    assert refused.status_code == 409


def test_customers_and_support_cannot_receive(client, alice, sam, authorized):
    for user in (alice.user, sam):
        client.force_login(user)
        assert client.get("/inspect/receive/").status_code == 403
        assert client.post(f"/inspect/receive/{authorized.rma_number}/", {"action": "receive"}).status_code == 403


def test_an_unidentified_parcel_is_parked_with_photos_and_raised_for_support(
        client, ivan, media, django_capture_on_commit_callbacks):
    client.force_login(ivan)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inspect/parcels/new/", {
            "carrier": "DHL", "tracking_number": "JD014600006281", "location_code": "bin-x1",
            "note": "Grey hoodie, no paperwork",
            "photos": [SimpleUploadedFile("label.jpg", jpeg_bytes(), "image/jpeg"),
                       SimpleUploadedFile("box.jpg", jpeg_bytes(color=(10, 200, 10)), "image/jpeg")]})
    assert response.status_code == 302
    parcel = UnidentifiedParcel.objects.get()
    assert (parcel.carrier, parcel.tracking_number, parcel.location_code, parcel.status) == (
        "DHL", "JD014600006281", "BIN-X1", "open")
    assert parcel.photos.count() == 2 and all(p.kind == "receipt" and p.status == "ready" for p in parcel.photos.all())
    (raised,) = ReceivingDiscrepancy.objects.all()
    assert (raised.kind, raised.parcel, raised.return_request) == (DiscrepancyKind.NO_RMA, parcel, None)
    page = client.get(response["Location"]).content.decode()
    assert "BIN-X1" in page and page.count("/thumb/") == 2


def test_an_unidentified_parcel_with_a_bad_photo_is_refused_whole(client, ivan, media):
    client.force_login(ivan)
    response = client.post("/inspect/parcels/new/", {
        "tracking_number": "JD1", "location_code": "BIN-1",
        "photos": [SimpleUploadedFile("ok.jpg", jpeg_bytes(), "image/jpeg"),
                   SimpleUploadedFile("label.jpg", b"%PDF-1.4 not a photo", "image/jpeg")]})
    assert response.status_code == 400 and "PDF files are not supported" in response.content.decode()
    assert not UnidentifiedParcel.objects.exists() and not Photo.objects.exists() and stored_files(media) == []


def test_a_tracking_number_of_an_expected_return_is_pointed_out_before_parking(client, ivan, authorized, alice):
    from returns.services.lifecycle import return_mark_shipped

    return_mark_shipped(return_id=authorized.pk, actor=alice.user, carrier="DHL", tracking_number="JD777")
    client.force_login(ivan)
    form = {"tracking_number": "jd777", "location_code": "BIN-1"}
    response = client.post("/inspect/parcels/new/", form)
    assert f"/inspect/receive/{authorized.rma_number}/" in response.content.decode()
    assert not UnidentifiedParcel.objects.exists()
    assert client.post("/inspect/parcels/new/", {**form, "not_these": "on"}).status_code == 302
    assert UnidentifiedParcel.objects.count() == 1
