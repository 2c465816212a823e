"""Who can see what through the API, and the shape of its errors."""
import pytest

from tests.factories import create_return, make_order, make_product

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_refused(api, alice, alice_order):
    ret = create_return(alice_order, alice.user)
    for url in ["/api/returns/", f"/api/returns/{ret.rma_number}/"]:
        response = api.get(url)
        assert response.status_code in (401, 403)
        assert response.json()["error"]["code"] == "not_authenticated"


def test_a_customer_lists_only_their_own_returns(api, alice, bob, alice_order, catalogue):
    mine = create_return(alice_order, alice.user)
    bobs = create_return(make_order(bob, [(make_product(), 1, "10.00")]), bob.user)
    api.force_authenticate(alice.user)
    listed = [r["rma_number"] for r in api.get("/api/returns/").json()["results"]]
    assert listed == [mine.rma_number]
    response = api.get(f"/api/returns/{bobs.rma_number}/")
    # The same answer as for an RMA that does not exist, so RMA numbers cannot be probed.
    assert response.status_code == 404
    assert response.json() == api.get("/api/returns/RMA-2099-999999/").json()
    assert bobs.rma_number not in response.content.decode()


def test_a_customer_cannot_act_on_or_return_someone_elses_order(api, alice, bob, catalogue):
    bobs_order = make_order(bob, [(make_product(), 1, "10.00")])
    bobs = create_return(bobs_order, bob.user)
    api.force_authenticate(alice.user)
    assert api.post(f"/api/returns/{bobs.rma_number}/cancel/", {}, format="json").status_code == 404
    created = api.post("/api/returns/", {"order": bobs_order.number, "lines": [
        {"order_line": bobs_order.lines.first().pk, "quantity": 1, "reason": "changed_mind"}]}, format="json")
    assert created.status_code == 400
    assert created.json()["error"]["message"] == "No order with that number was found for you."
    assert api.get(f"/api/orders/{bobs_order.number}/").status_code == 404


def test_a_line_from_another_order_is_refused(api, alice, alice_order, catalogue):
    other = make_order(alice, [(make_product(), 1, "10.00")])
    api.force_authenticate(alice.user)
    response = api.post("/api/returns/", {"order": alice_order.number, "lines": [
        {"order_line": other.lines.first().pk, "quantity": 1, "reason": "changed_mind"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
    assert "is not part of order" in response.json()["error"]["message"]


def test_staff_see_every_return_and_can_filter(api, alice, bob, alice_order, sam, catalogue):
    create_return(alice_order, alice.user)
    create_return(make_order(bob, [(make_product(), 1, "10.00")]), bob.user)
    api.force_authenticate(sam)
    assert api.get("/api/returns/").json()["count"] == 2
    only_bob = api.get("/api/returns/", {"customer": "bob@example.com"}).json()
    assert [r["customer"] for r in only_bob["results"]] == ["bob@example.com"]
    assert api.get("/api/returns/", {"state": "authorized"}).json()["count"] == 2
    assert api.get("/api/returns/", {"state": "received"}).json()["count"] == 0


def test_invalid_input_and_unknown_return(api, alice, alice_order):
    api.force_authenticate(alice.user)
    bad = api.post("/api/returns/", {"order": alice_order.number, "lines": [{"order_line": "x", "quantity": 0}]},
                   format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_input"
    assert bad.json()["error"]["message"].startswith("lines:")
    missing = api.get("/api/returns/RMA-2026-999999/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_detail_offers_only_the_actions_the_user_may_take(api, alice, alice_order, sam):
    ret = create_return(alice_order, alice.user)
    api.force_authenticate(alice.user)
    assert api.get(f"/api/returns/{ret.rma_number}/").json()["available_actions"] == ["cancel", "mark_shipped"]
    api.force_authenticate(sam)
    assert api.get(f"/api/returns/{ret.rma_number}/").json()["available_actions"] == ["cancel", "mark_shipped"]


def test_token_authentication_works_for_integrations(api, alice, alice_order):
    from rest_framework.authtoken.models import Token

    create_return(alice_order, alice.user)
    token = Token.objects.create(user=alice.user)
    response = api.get("/api/returns/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_openapi_schema_lists_every_transition_and_docs_render(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for action in ["approve", "reject", "cancel", "mark-shipped", "receive", "start-inspection",
                   "complete-inspection", "request-refund-approval", "release-refund", "approve-refund", "close"]:
        assert f"/api/returns/{{rma_number}}/{action}/" in paths, action
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


def test_each_audience_has_its_landing_page(client, alice, ivan, sam):
    assert client.get("/portal/").status_code == 200
    assert client.get("/inspect/").status_code == 302  # to login
    client.force_login(alice.user)
    assert client.get("/inspect/").status_code == 403
    assert client.get("/support/").status_code == 403
    client.force_login(ivan)
    assert client.get("/inspect/").status_code == 200
    assert client.get("/support/").status_code == 403
    client.force_login(sam)
    assert client.get("/support/").status_code == 200
