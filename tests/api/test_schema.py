"""The OpenAPI schema documents every endpoint of the API, including the staff work endpoints."""
import pytest

pytestmark = pytest.mark.django_db

NEW_PATHS = {
    "/api/returns/{rma_number}/refund/": {"get"},
    "/api/returns/{rma_number}/lines/{line_id}/photos/": {"get", "post"},
    "/api/returns/{rma_number}/lines/{line_id}/hold/": {"post"},
    "/api/returns/{rma_number}/lines/{line_id}/hold/decision/": {"post"},
    "/api/returns/{rma_number}/receive-parcel/": {"post"},
    "/api/returns/{rma_number}/notes/": {"get", "post"},
    "/api/parcels/": {"get", "post"},
    "/api/parcels/{id}/resolve/": {"post"},
    "/api/discrepancies/": {"get"},
    "/api/discrepancies/{id}/resolve/": {"post"},
    "/api/postings/": {"get"},
    "/api/postings/{id}/retry/": {"post"},
}


def test_schema_lists_the_new_paths_with_their_methods(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path, methods in NEW_PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path


def test_uploads_are_documented_as_multipart_and_errors_in_the_json_format(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    upload = schema["paths"]["/api/returns/{rma_number}/lines/{line_id}/photos/"]["post"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]
    assert upload["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")
    photo_field = schema["components"]["schemas"]["PhotoUpload"]["properties"]["photos"]
    assert photo_field["items"]["format"] == "binary"
    refund = schema["paths"]["/api/returns/{rma_number}/refund/"]["get"]["responses"]["200"]
    assert refund["content"]["application/json"]["schema"]["$ref"].endswith("/RefundView")
    assert set(schema["components"]["schemas"]["RefundView"]["discriminator"]["mapping"]) == {"staff", "customer"}
