"""POST /api/returns/<rma>/receive-parcel/ and /api/parcels/ (unidentified parcels)."""
import pytest

from inspection.models import (CustodyRecord, DiscrepancyKind, ParcelStatus, Photo, PhotoKind, ReceivingDiscrepancy,
                               UnidentifiedParcel)
from returns.choices import ReturnStatus
from returns.models import ReturnEvent, ReturnLine, ReturnRequest
from tests.factories import make_product

from .helpers import as_user, jpeg, not_an_image, statuses, stored_files

pytestmark = pytest.mark.django_db


def receive_url(ret):
    return f"/api/returns/{ret.rma_number}/receive-parcel/"


def lines_of(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


def test_a_parcel_is_received_in_one_call_with_its_discrepancies(api, authorized, ivan, catalogue):
    make_product("SOCKS-1", name="Socks")
    lines = lines_of(authorized)
    response = as_user(api, ivan).post(receive_url(authorized), {
        "lines": [{"id": lines["TSHIRT-M"].pk, "quantity_received": 1},
                  {"id": lines["JEANS-32"].pk, "quantity_received": 1}],
        "location_code": "tote-7",
        "unexpected": [{"code": "socks-1", "quantity": 2, "note": "loose in the box"}],
        "note": "Box dented"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["return_request"]["state"] == ReturnStatus.RECEIVED
    assert sorted((d["kind"], d["sku"], d["expected_quantity"], d["received_quantity"])
                  for d in body["discrepancies"]) == [
        (DiscrepancyKind.SHORT, "TSHIRT-M", 2, 1), (DiscrepancyKind.UNEXPECTED_PRODUCT, "SOCKS-1", 0, 2)]
    assert ReceivingDiscrepancy.objects.filter(return_request=authorized).count() == 2
    extra = ReturnLine.objects.get(request=authorized, unexpected=True)
    assert (extra.product.sku, extra.quantity_received, extra.condition_note) == ("SOCKS-1", 2, "loose in the box")
    assert set(CustodyRecord.objects.values_list("location_code", flat=True)) == {"TOTE-7"}
    assert CustodyRecord.objects.count() == 1 + 1 + 2
    assert ReturnEvent.objects.filter(return_request=authorized, action="receiving_discrepancy").exists()


def test_an_unknown_product_code_refuses_the_whole_receipt(api, authorized, ivan):
    lines = lines_of(authorized)
    response = as_user(api, ivan).post(receive_url(authorized), {
        "lines": [{"id": lines["TSHIRT-M"].pk, "quantity_received": 2}], "location_code": "TOTE-7",
        "unexpected": [{"code": "NOPE-404"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "No product has the barcode or SKU “NOPE-404”. Check the code or type the SKU.")
    _nothing_received(authorized)


def test_a_bad_tote_label_refuses_the_whole_receipt(api, authorized, ivan):
    response = as_user(api, ivan).post(receive_url(authorized), {"location_code": "my desk!"}, format="json")
    assert response.status_code == 400 and "is not a tote or bin label" in response.json()["error"]["message"]
    missing = api.post(receive_url(authorized), {"lines": []}, format="json")
    assert missing.status_code == 400 and missing.json()["error"]["message"].startswith("location_code:")
    _nothing_received(authorized)


def _nothing_received(ret):
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.AUTHORIZED
    assert not ReceivingDiscrepancy.objects.exists() and not CustodyRecord.objects.exists()
    assert not ReturnLine.objects.filter(unexpected=True).exists()
    assert sum(ReturnLine.objects.values_list("quantity_received", flat=True)) == 0


def test_receive_role_matrix_and_a_second_receipt(api, authorized, everyone):
    body = {"location_code": "TOTE-1",
            "lines": [{"id": line.pk, "quantity_received": line.quantity_requested} for line in authorized.lines.all()]}
    seen = statuses(api, everyone, lambda client: client.post(receive_url(authorized), body, format="json"))
    assert seen == {"customer": 403, "other_customer": 403, "inspector": 200, "support": 403, "finance": 403}
    as_user(api, everyone["inspector"])
    again = api.post(receive_url(authorized), body, format="json")
    assert again.status_code == 409 and "cannot be received" in again.json()["error"]["message"]


# ------------------------------------------------------------------ unidentified parcels

def park(api, **fields):
    data = {"carrier": "DHL", "tracking_number": "JJD0001", "location_code": "BIN-3", "note": "Shoes inside"}
    data.update(fields)
    return api.post("/api/parcels/", data, format="multipart")


def test_an_inspector_parks_a_parcel_with_photos(api, ivan, media):
    response = park(as_user(api, ivan), photos=[jpeg("label.jpg"), jpeg("box.jpg", color=(0, 0, 90))])
    assert response.status_code == 201, response.content
    body = response.json()
    parcel = UnidentifiedParcel.objects.get()
    assert (body["id"], body["status"], body["location_code"]) == (parcel.pk, ParcelStatus.OPEN, "BIN-3")
    assert (parcel.carrier, parcel.tracking_number, parcel.created_by_id) == ("DHL", "JJD0001", ivan.pk)
    assert Photo.objects.filter(parcel=parcel, kind=PhotoKind.RECEIPT).count() == 2
    assert [d["kind"] for d in body["discrepancies"]] == [DiscrepancyKind.NO_RMA]
    assert len(body["photos"]) == 2


def test_a_bad_photo_parks_nothing(api, ivan, media):
    response = park(as_user(api, ivan), photos=[jpeg(), not_an_image("label.jpg")])
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_photo"
    assert response.json()["error"]["message"].startswith("label.jpg: ")
    assert not UnidentifiedParcel.objects.exists() and not Photo.objects.exists()
    assert not ReceivingDiscrepancy.objects.exists() and stored_files(media) == []
    nothing = park(api, tracking_number="")
    assert nothing.status_code == 400 and "tracking number or take at least one photo" in nothing.json()["error"][
        "message"]
    assert not UnidentifiedParcel.objects.exists()


def test_a_tracking_number_of_a_waiting_return_is_not_parked_unless_asked(api, authorized, alice, ivan, media):
    as_user(api, alice.user).post(f"/api/returns/{authorized.rma_number}/mark-shipped/",
                                  {"carrier": "DHL", "tracking_number": "JJD0001"}, format="json")
    as_user(api, ivan)
    known = park(api)
    assert known.status_code == 409
    assert known.json()["error"]["details"] == {"returns": [authorized.rma_number]}
    assert not UnidentifiedParcel.objects.exists()
    assert park(api, park_anyway="true").status_code == 201


def test_parcel_role_matrix(api, everyone, media):
    writes = statuses(api, everyone, lambda client: park(client))
    assert writes == {"customer": 403, "other_customer": 403, "inspector": 201, "support": 403, "finance": 403}
    reads = statuses(api, everyone, lambda client: client.get("/api/parcels/"))
    assert reads == {"customer": 403, "other_customer": 403, "inspector": 200, "support": 200, "finance": 200}


def test_support_lists_open_parcels_and_matches_one(api, authorized, ivan, sam, media):
    as_user(api, ivan)
    first, second = park(api).json()["id"], park(api, tracking_number="JJD0002").json()["id"]
    as_user(api, sam)
    assert [p["id"] for p in api.get("/api/parcels/", {"status": "open"}).json()["results"]] == [second, first]
    missing_rma = api.post(f"/api/parcels/{first}/resolve/", {"outcome": "match", "note": "Label inside"},
                           format="json")
    assert missing_rma.status_code == 400
    assert missing_rma.json()["error"]["message"] == "rma_number: Enter the RMA number of an existing return."
    assert UnidentifiedParcel.objects.get(pk=first).status == ParcelStatus.OPEN
    matched = api.post(f"/api/parcels/{first}/resolve/", {"outcome": "match", "rma_number": authorized.rma_number,
                                                          "note": "Label inside"}, format="json")
    assert matched.status_code == 200, matched.content
    assert matched.json()["status"] == ParcelStatus.MATCHED
    assert matched.json()["matched_return"] == authorized.rma_number
    parcel = UnidentifiedParcel.objects.get(pk=first)
    assert (parcel.matched_return_id, parcel.resolved_by_id) == (authorized.pk, sam.pk)
    assert ReturnEvent.objects.filter(return_request=authorized, action="parcel_matched").exists()
    assert [p["id"] for p in api.get("/api/parcels/", {"status": "open"}).json()["results"]] == [second]
    again = api.post(f"/api/parcels/{first}/resolve/", {"outcome": "close", "note": "x"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["message"] == "This parcel was already resolved."
    as_user(api, ivan)
    assert api.post(f"/api/parcels/{second}/resolve/", {"outcome": "close", "note": "x"},
                    format="json").status_code == 403
