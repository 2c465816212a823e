"""GET /api/returns/<rma>/refund/: staff see the console's breakdown, the customer their own view."""
from decimal import Decimal

import pytest

from returns.models import ReturnPolicy
from tests.factories import inspect_all, receive_all

from .helpers import as_user, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected(authorized, ivan):
    receive_all(authorized, ivan)
    inspect_all(authorized, ivan, grade="A")
    authorized.refresh_from_db()
    return authorized


def url(ret):
    return f"/api/returns/{ret.rma_number}/refund/"


def test_support_and_finance_get_the_full_breakdown(api, inspected, sam, fiona):
    # (2 × 20 + 60) × 1.21; "changed mind" is not the retailer's fault, so no shipping.
    assert inspected.refund_amount == Decimal("121.00")
    for user in (sam, fiona):
        body = as_user(api, user).get(url(inspected)).json()
        assert body["audience"] == "staff" and body["available"] is True and body["message"] == ""
        assert body["refund_amount"] == "121.00"
        breakdown = body["breakdown"]
        assert breakdown["total"] == "121.00" and breakdown["currency"] == "EUR"
        assert breakdown["policies"] == ["Default"]
        assert {line["sku"]: line["quantity"] for line in breakdown["lines"]} == {"TSHIRT-M": 2, "JEANS-32": 1}
        assert all("odoo_sale_line_id" in line for line in breakdown["lines"])


def test_the_customer_gets_their_view_without_internal_fields(api, inspected, alice):
    body = as_user(api, alice.user).get(url(inspected)).json()
    assert body["audience"] == "customer" and body["available"] is True
    breakdown = body["breakdown"]
    assert breakdown["total"] == "121.00" and breakdown["final"] is False
    assert "policies" not in breakdown and "refund_amount" not in body
    for line in breakdown["lines"]:
        assert not {"sku", "odoo_product_id", "odoo_sale_line_id", "return_line_id"} & set(line)
    assert sorted(line["product"] for line in breakdown["lines"]) == ["Organic T-shirt M", "Slim jeans 32"]


def test_role_matrix(api, inspected, everyone):
    seen = statuses(api, everyone, lambda client: client.get(url(inspected)))
    assert seen == {"customer": 200, "other_customer": 404, "inspector": 403, "support": 200, "finance": 200}
    as_user(api, everyone["inspector"])
    assert "Only support, finance and the customer" in api.get(url(inspected)).json()["error"]["message"]


def test_before_inspection_there_is_nothing_to_show_yet(api, authorized, alice, sam):
    for user, audience in ((alice.user, "customer"), (sam, "staff")):
        response = as_user(api, user).get(url(authorized))
        assert response.status_code == 200
        body = response.json()
        assert body["audience"] == audience and body["available"] is False and body["breakdown"] is None
        assert body["state"] == "authorized"
        assert body["message"] == "The refund is calculated when the inspection is complete."


def test_a_refund_that_cannot_be_calculated_is_explained_to_staff_not_to_the_customer(api, inspected, alice, sam):
    ReturnPolicy.objects.update(grade_deductions={"A": "not a number"})
    staff = as_user(api, sam).get(url(inspected)).json()
    assert staff["available"] is False and staff["breakdown"] is None
    assert staff["message"] and "review" not in staff["message"]
    customer = as_user(api, alice.user).get(url(inspected)).json()
    assert customer["available"] is False and customer["breakdown"] is None
    assert customer["message"] == "The refund is being reviewed by our support team."


def test_unknown_return_is_404_in_the_json_error_format(api, sam):
    response = as_user(api, sam).get("/api/returns/RMA-2026-999999/refund/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
