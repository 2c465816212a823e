"""The OpenAPI schema tells the truth: real responses of the main operations validate against it,
including the error responses each operation can answer, and no status goes undocumented.

The schema is OpenAPI 3.0 (`nullable`), so it is turned into JSON Schema 2020-12 before validating;
each body is checked twice: with objects open, as a generic client validates (where a body that fits
two alternatives of a oneOf fails), and closed (additionalProperties: false), so an undocumented field
fails too.
"""
import copy
import re

import jsonschema
import pytest

from tests.factories import inspect_all, receive_all

from .helpers import as_user

pytestmark = pytest.mark.django_db


def _to_json_schema(node, closed=False):
    if isinstance(node, list):
        return [_to_json_schema(item, closed) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _to_json_schema(value, closed) for key, value in node.items()
            if key not in ("discriminator", "readOnly", "writeOnly", "example")}
    if closed and node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        doc = SchemaGenerator().get_schema(request=None, public=True)
    return {"paths": doc["paths"], "open": _to_json_schema(copy.deepcopy(doc["components"])),
            "closed": _to_json_schema(copy.deepcopy(doc["components"]), closed=True)}


def _operation(schema, path, method):
    for template, item in schema["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path.split("?")[0]) and method in item:
            return template, item[method]
    raise AssertionError(f"{method.upper()} {path} is not in the schema")


def check(schema, response, method="get"):
    """Fails unless the response's status is documented for the operation and its body matches."""
    path = response.wsgi_request.get_full_path()
    template, operation = _operation(schema, path, method)
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{method.upper()} {template} answered {status}, documented: {sorted(operation['responses'])}")
    content = operation["responses"][status].get("content", {}).get("application/json")
    if content is None:
        assert not response.content, f"{template} {status} has an undocumented body"
        return response
    for variant in ("open", "closed"):
        body_schema = {**_to_json_schema(content["schema"]), "components": schema[variant]}
        try:
            jsonschema.validate(response.json(), body_schema, cls=jsonschema.Draft202012Validator)
        except jsonschema.ValidationError as exc:
            raise AssertionError(f"{method.upper()} {template} {status} ({variant} objects): {exc.message} at "
                                 f"{'/'.join(map(str, exc.absolute_path))}") from None
    return response


@pytest.fixture
def inspected(authorized, ivan):
    receive_all(authorized, ivan)
    inspect_all(authorized, ivan, grade="A")
    authorized.refresh_from_db()
    return authorized


def rma_url(ret, suffix=""):
    return f"/api/returns/{ret.rma_number}/{suffix}"


def test_returns_list_detail_and_create(api, schema, alice, alice_order, authorized, sam):
    as_user(api, alice.user)
    check(schema, api.get("/api/returns/"))
    check(schema, api.get(rma_url(authorized)))
    check(schema, api.get(f"/api/orders/{alice_order.number}/"))
    line = alice_order.lines.first()
    created = api.post("/api/returns/", {"order": alice_order.number, "lines": [
        {"order_line": line.pk, "quantity": 1, "reason": "changed_mind"}]}, format="json")
    check(schema, created, "post")
    check(schema, api.post("/api/returns/", {"order": "nope"}, format="json"), "post")  # 400
    check(schema, api.post("/api/returns/", "[" * 50_000, content_type="application/json"), "post")  # 400 parse
    check(schema, as_user(api, sam).get("/api/returns/?state=authorized"))


def test_error_statuses_of_reads_are_documented(api, schema, authorized, bob, sam):
    api.force_authenticate(None)
    check(schema, api.get("/api/returns/"))  # 401/403 anonymous
    check(schema, api.get(rma_url(authorized)))
    as_user(api, bob.user)
    check(schema, api.get(rma_url(authorized)))  # another customer's
    as_user(api, sam)
    check(schema, api.get("/api/returns/RMA-2026-999999/"))  # 404


def test_transitions_and_their_errors(api, schema, authorized, alice, bob, ivan, sam):
    as_user(api, alice.user)
    check(schema, api.post(rma_url(authorized, "approve/"), {"reason_code": "x"}, format="json"), "post")  # 403/409
    check(schema, api.post(rma_url(authorized, "mark-shipped/"), {"carrier": "DHL", "tracking_number": "1"},
                           format="json"), "post")
    check(schema, api.post(rma_url(authorized, "mark-shipped/"), {"carrier": "DHL", "tracking_number": "1"},
                           format="json"), "post")  # 409: already in transit
    as_user(api, bob.user)
    check(schema, api.post(rma_url(authorized, "cancel/"), {}, format="json"), "post")  # not hers
    as_user(api, ivan)
    check(schema, api.post(rma_url(authorized, "receive/"), {"lines": "x"}, format="json"), "post")  # 400
    check(schema, api.post("/api/returns/RMA-2026-999999/cancel/", {}, format="json"), "post")  # 404
    api.force_authenticate(None)
    check(schema, api.post(rma_url(authorized, "cancel/"), {}, format="json"), "post")  # anonymous


def test_the_refund_view_for_staff_and_customer_in_every_phase(api, schema, authorized, ivan, alice, sam, fiona):
    for user in (sam, alice.user, ivan):
        check(schema, as_user(api, user).get(rma_url(authorized, "refund/")))  # nothing yet / 403
    receive_all(authorized, ivan)
    inspect_all(authorized, ivan, grade="A")
    for user in (sam, fiona, alice.user):
        check(schema, as_user(api, user).get(rma_url(authorized, "refund/")))


def test_receiving_discrepancies_parcels_and_postings(api, schema, authorized, ivan, sam, media):
    lines = {line.product.sku: line for line in authorized.lines.select_related("product")}
    as_user(api, ivan)
    receipt = api.post(rma_url(authorized, "receive-parcel/"), {
        "lines": [{"id": lines["TSHIRT-M"].pk, "quantity_received": 1},
                  {"id": lines["JEANS-32"].pk, "quantity_received": 1}],
        "location_code": "tote-7", "unexpected": [], "note": ""}, format="json")
    check(schema, receipt, "post")
    from .helpers import jpeg

    parked = api.post("/api/parcels/", {"carrier": "DHL", "tracking_number": "JJD9", "location_code": "BIN-3",
                                        "photos": [jpeg()]}, format="multipart")
    check(schema, parked, "post")
    as_user(api, sam)
    check(schema, api.get("/api/discrepancies/"))  # rma_number null for the parked parcel's, resolved_by null
    check(schema, api.get("/api/parcels/"))
    check(schema, api.get("/api/postings/"))
    check(schema, api.get(rma_url(authorized, "notes/")))
    check(schema, api.post(f"/api/discrepancies/{parked.json()['discrepancies'][0]['id']}/resolve/",
                           {"note": "matched by hand"}, format="json"), "post")
    line = lines["TSHIRT-M"]
    check(schema, api.get(rma_url(authorized, f"lines/{line.pk}/photos/")))


def test_an_oversized_upload_is_a_documented_413(api, schema, authorized, ivan):
    line = authorized.lines.first()
    response = as_user(api, ivan).generic("POST", rma_url(authorized, f"lines/{line.pk}/photos/"), b"",
                                          content_type="multipart/form-data; boundary=x",
                                          CONTENT_LENGTH=str(60_000_000))
    check(schema, response, "post")


def test_spectacular_validates_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
