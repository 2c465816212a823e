"""Every API error answers in the JSON shape {"error": {code, message, details?}}, never an HTML page."""
import pytest

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status, code=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    error = response.json()["error"]
    assert isinstance(error["message"], str) and error["message"]
    if code:
        assert error["code"] == code
    return error


def test_deeply_nested_json_is_a_400_parse_error_not_a_500(client, alice):
    client.force_login(alice.user)
    response = client.post("/api/returns/", "[" * 50_000, content_type="application/json")
    error = assert_error_shape(response, 400, "parse_error")
    assert "nested too deeply" in error["message"]


def test_malformed_json_is_a_parse_error(client, alice):
    client.force_login(alice.user)
    assert_error_shape(client.post("/api/returns/", "{not json", content_type="application/json"), 400, "parse_error")


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/returns/NOT-AN-RMA/", "/api/returns/RMA-2026-000001/x/"])
def test_a_path_under_api_that_matches_no_route_is_a_json_404(client, alice, path):
    client.force_login(alice.user)
    assert_error_shape(client.get(path), 404, "not_found")


def test_an_unknown_object_is_a_json_404(client, sam):
    client.force_login(sam)
    assert_error_shape(client.get("/api/returns/RMA-2026-999999/"), 404, "not_found")


def test_a_wrong_method_is_a_json_405(client, alice):
    client.force_login(alice.user)
    assert_error_shape(client.delete("/api/returns/"), 405, "method_not_allowed")


def test_anonymous_is_a_json_401_or_403(client):
    response = client.get("/api/returns/")
    assert response.status_code in (401, 403)
    assert_error_shape(response, response.status_code)


def test_an_oversized_json_body_is_a_json_413_before_it_is_read(client, alice, settings):
    client.force_login(alice.user)
    body = '{"order": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + '"}'
    error = assert_error_shape(client.post("/api/returns/", body, content_type="application/json"),
                               413, "request_too_large")
    assert error["details"]["limit_bytes"] == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_in_development_mode_too_an_unmatched_api_path_is_json_not_the_debug_page(client, settings):
    settings.DEBUG = True
    assert_error_shape(client.get("/api/nothing-here/"), 404, "not_found")


def test_a_csrf_failure_under_the_api_is_json(alice, settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    response = client.post("/api/returns/", {"order": "S1"})
    assert_error_shape(response, 403)


def test_a_browser_asking_for_html_keeps_the_browsable_api_error(client, bob, authorized_for_alice):
    client.force_login(bob.user)
    response = client.get(f"/api/returns/{authorized_for_alice.rma_number}/", HTTP_ACCEPT="text/html")
    assert response.status_code in (403, 404) and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "not_found" in page or "permission_denied" in page  # DRF's own error body, not our stand-in


@pytest.fixture
def authorized_for_alice(alice, alice_order):
    from tests.factories import create_return

    return create_return(alice_order, alice.user)
