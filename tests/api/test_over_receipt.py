"""Units beyond what the customer returned are a discrepancy for support: never booked into the
line, accepted, restocked or posted to Odoo without a decision, over the API as on the tablet;
and accepted never exceeds received."""
import pytest

from inspection.models import DiscrepancyKind, ReceivingDiscrepancy
from integrations.models import OdooPosting, PostingKind
from returns.choices import ReturnStatus
from returns.models import ReturnLine, ReturnRequest
from tests.factories import add_inspection_photo, make_product

from .helpers import as_user

pytestmark = pytest.mark.django_db


def lines_of(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


def test_the_receive_transition_refuses_units_beyond_the_line(api, ivan, authorized):
    """Reported: quantity_received 9999 on a line of 2 was booked, restocked and posted to Odoo."""
    lines = lines_of(authorized)
    response = as_user(api, ivan).post(f"/api/returns/{authorized.rma_number}/receive/", {
        "lines": [{"id": lines["TSHIRT-M"].pk, "quantity_received": 9999},
                  {"id": lines["JEANS-32"].pk, "quantity_received": 1}]}, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and "discrepancy for support" in error["message"]
    assert error["details"] == {"line": lines["TSHIRT-M"].pk, "returned": 2, "counted": 9999}
    assert ReturnRequest.objects.get(pk=authorized.pk).state == ReturnStatus.AUTHORIZED
    assert sum(ReturnLine.objects.values_list("quantity_received", flat=True)) == 0
    assert not OdooPosting.objects.exists()


def test_a_parcel_with_extra_units_books_the_line_and_raises_the_rest_for_support(api, ivan, authorized):
    lines = lines_of(authorized)
    tshirt, jeans = lines["TSHIRT-M"], lines["JEANS-32"]
    response = as_user(api, ivan).post(f"/api/returns/{authorized.rma_number}/receive-parcel/", {
        "lines": [{"id": tshirt.pk, "quantity_received": 5}, {"id": jeans.pk, "quantity_received": 1}],
        "location_code": "TOTE-07"}, format="json")
    assert response.status_code == 200, response.content
    tshirt.refresh_from_db()
    assert tshirt.quantity_received == 2  # what the customer returned; the 3 others wait for support
    (over,) = ReceivingDiscrepancy.objects.all()
    assert (over.kind, over.line_id, over.expected_quantity, over.received_quantity) == (
        DiscrepancyKind.OVER, tshirt.pk, 2, 5)
    assert "3 unit(s) beyond the return, in TOTE-07, not booked" in over.note and over.resolved_at is None
    receipt = OdooPosting.objects.get(kind=PostingKind.RECEIPT)
    assert {(line["sku"], line["quantity"]) for line in receipt.payload["lines"]} == {("TSHIRT-M", 2), ("JEANS-32", 1)}

    api.post(f"/api/returns/{authorized.rma_number}/start-inspection/", {}, format="json")
    url = f"/api/returns/{authorized.rma_number}/lines/{tshirt.pk}/inspect/"
    too_many = api.post(url, {"grade": "A", "disposition": "restock", "quantity_accepted": 5}, format="json")
    assert too_many.status_code == 400
    assert too_many.json()["error"]["details"] == {"quantity_accepted": 5, "received": 2}
    assert api.post(url, {"grade": "A", "disposition": "restock", "quantity_accepted": 2},
                    format="json").status_code == 200
    tshirt.refresh_from_db()
    assert (tshirt.quantity_accepted, tshirt.disposition) == (2, "restock")


def test_an_unexpected_product_is_never_accepted_for_refund(api, ivan, authorized):
    make_product("MUG-01", name="Mug")
    lines = lines_of(authorized)
    as_user(api, ivan).post(f"/api/returns/{authorized.rma_number}/receive-parcel/", {
        "lines": [{"id": line.pk, "quantity_received": line.quantity_requested} for line in lines.values()],
        "unexpected": [{"code": "MUG-01", "quantity": 1}], "location_code": "BIN-A3"}, format="json")
    mug = ReturnLine.objects.get(request=authorized, unexpected=True)
    assert mug.quantity_received == 1
    api.post(f"/api/returns/{authorized.rma_number}/start-inspection/", {}, format="json")
    url = f"/api/returns/{authorized.rma_number}/lines/{mug.pk}/inspect/"
    refused = api.post(url, {"grade": "A", "disposition": "restock", "quantity_accepted": 1}, format="json")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "accepted_beyond_returned"
    assert api.post(url, {"grade": "A", "disposition": "quarantine", "quantity_accepted": 0},
                    format="json").status_code == 200


def test_the_tablet_books_extras_the_same_way_and_its_decision_follows_the_same_limits(ivan, authorized):
    from inspection.workflow import inspection_open, line_decide
    from returns.errors import InvalidReturnRequest
    from tests.inspection.helpers import check_all, receive

    jeans = lines_of(authorized)["JEANS-32"]
    receive(authorized, ivan, counts={line.pk: 3 if line.pk == jeans.pk else line.quantity_requested
                                      for line in authorized.lines.all()})
    jeans.refresh_from_db()
    assert jeans.quantity_received == 1
    assert ReceivingDiscrepancy.objects.get(kind=DiscrepancyKind.OVER).received_quantity == 3
    inspection_open(return_id=authorized.pk, actor=ivan)
    check_all(jeans, ivan)
    add_inspection_photo(jeans, ivan)
    with pytest.raises(InvalidReturnRequest, match="between 0 and the 1 received"):
        line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=3)
    assert line_decide(line_id=jeans.pk, actor=ivan, disposition="restock", quantity_accepted=1).quantity_accepted == 1
