"""Receipt mismatches, failed Odoo postings and agents' notes through the API."""
import pytest

from inspection.models import ReceivingDiscrepancy
from inspection.receiving import receive_parcel
from integrations.models import OdooPosting, PostingKind, PostingState
from returns.models import ReturnEvent
from tests.factories import receive_all

from .helpers import as_user, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def short(authorized, ivan):
    """One T-shirt of two arrived: a `short` discrepancy waits for support."""
    counts = {line.pk: line.quantity_requested for line in authorized.lines.all()}
    counts[authorized.lines.get(product__sku="TSHIRT-M").pk] = 1
    receive_parcel(return_id=authorized.pk, actor=ivan, quantities=counts, location_code="TOTE-1")
    return ReceivingDiscrepancy.objects.get()


def test_staff_list_open_mismatches_and_support_resolves_one(api, short, sam):
    as_user(api, sam)
    listed = api.get("/api/discrepancies/", {"resolved": "false"}).json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert (row["id"], row["kind"], row["sku"], row["expected_quantity"], row["received_quantity"]) == (
        short.pk, "short", "TSHIRT-M", 2, 1)
    assert row["rma_number"] == short.return_request.rma_number and row["resolved"] is False
    response = api.post(f"/api/discrepancies/{short.pk}/resolve/", {"note": "Customer kept one; refund adjusted"},
                        format="json")
    assert response.status_code == 200, response.content
    assert response.json()["resolved"] is True and response.json()["resolved_by"] == "sam"
    short.refresh_from_db()
    assert short.resolved_by_id == sam.pk and short.resolution_note == "Customer kept one; refund adjusted"
    event = ReturnEvent.objects.get(action="discrepancy_resolved")
    assert event.data["discrepancy"] == short.pk and event.actor_id == sam.pk
    assert api.get("/api/discrepancies/", {"resolved": "false"}).json()["count"] == 0
    assert api.get("/api/discrepancies/", {"resolved": "true"}).json()["count"] == 1
    again = api.post(f"/api/discrepancies/{short.pk}/resolve/", {"note": "again"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["message"] == "This mismatch was already resolved."


def test_a_resolution_without_a_note_is_refused(api, short, fiona):
    response = as_user(api, fiona).post(f"/api/discrepancies/{short.pk}/resolve/", {"note": "  "}, format="json")
    assert response.status_code == 400 and response.json()["error"]["message"].startswith("note:")
    short.refresh_from_db()
    assert short.resolved_at is None
    assert api.post("/api/discrepancies/999999/resolve/", {"note": "x"}, format="json").status_code == 404


def test_discrepancy_role_matrix(api, short, everyone):
    reads = statuses(api, everyone, lambda client: client.get("/api/discrepancies/", {"resolved": "false"}))
    assert reads == {"customer": 403, "other_customer": 403, "inspector": 200, "support": 200, "finance": 200}
    writes = statuses(api, everyone, lambda client: client.post(f"/api/discrepancies/{short.pk}/resolve/",
                                                                {"note": "Checked"}, format="json"))
    assert writes == {"customer": 403, "other_customer": 403, "inspector": 403, "support": 200, "finance": 409}


# ------------------------------------------------------------------ Odoo postings

@pytest.fixture
def failed_posting(authorized, ivan):
    receive_all(authorized, ivan)
    posting = OdooPosting.objects.get(request=authorized, kind=PostingKind.RECEIPT)
    OdooPosting.objects.filter(pk=posting.pk).update(state=PostingState.FAILED, attempts=3,
                                                     last_error="ValidationError: location archived")
    return posting


def test_support_lists_failed_postings_and_retries_one(api, failed_posting, fiona):
    as_user(api, fiona)
    listed = api.get("/api/postings/", {"state": "failed"}).json()
    assert listed["count"] == 1
    row = listed["results"][0]
    assert (row["id"], row["reference"], row["kind"], row["attempts"]) == (
        failed_posting.pk, failed_posting.reference, "receipt", 3)
    assert row["last_error"] == "ValidationError: location archived"
    assert row["rma_number"] == failed_posting.request.rma_number and "payload" in row
    assert api.get("/api/postings/", {"state": "sent"}).json()["count"] == 0
    response = api.post(f"/api/postings/{failed_posting.pk}/retry/")
    assert response.status_code == 202, response.content
    assert response.json()["state"] == PostingState.PENDING
    assert OdooPosting.objects.get(pk=failed_posting.pk).state == PostingState.PENDING
    event = ReturnEvent.objects.get(action="posting_retry")
    assert (event.actor_id, event.note, event.data["posting"]) == (fiona.pk, failed_posting.reference,
                                                                   failed_posting.pk)
    again = api.post(f"/api/postings/{failed_posting.pk}/retry/")
    assert again.status_code == 409
    assert again.json()["error"]["message"] == f"{failed_posting.reference} is not failed any more (pending); " \
                                               "nothing to retry."
    assert ReturnEvent.objects.filter(action="posting_retry").count() == 1


def test_posting_role_matrix(api, failed_posting, everyone):
    reads = statuses(api, everyone, lambda client: client.get("/api/postings/", {"state": "failed"}))
    assert reads == {"customer": 403, "other_customer": 403, "inspector": 403, "support": 200, "finance": 200}
    retries = statuses(api, everyone, lambda client: client.post(f"/api/postings/{failed_posting.pk}/retry/"))
    # Support retried first; for finance the posting is no longer failed.
    assert retries == {"customer": 403, "other_customer": 403, "inspector": 403, "support": 202, "finance": 409}


def test_an_unknown_posting_state_filter_is_a_clear_400(api, sam):
    response = as_user(api, sam).get("/api/postings/", {"state": "lost"})
    assert response.status_code == 400 and response.json()["error"]["message"].startswith("state:")


# ------------------------------------------------------------------ notes

def notes_url(ret):
    return f"/api/returns/{ret.rma_number}/notes/"


def test_support_writes_a_note_that_staff_read_and_the_customer_never_sees(api, authorized, alice, sam, ivan):
    response = as_user(api, sam).post(notes_url(authorized), {"text": "  Called the customer  "}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Called the customer" and response.json()["author"] == "sam"
    event = ReturnEvent.objects.get(action="note")
    assert (event.actor_id, event.data) == (sam.pk, {"visibility": "staff"})
    for user in (sam, ivan):
        assert [n["text"] for n in as_user(api, user).get(notes_url(authorized)).json()["notes"]] == [
            "Called the customer"]
    as_user(api, alice.user)
    refused = api.get(notes_url(authorized))
    assert refused.status_code == 403 and "Called the customer" not in refused.content.decode()
    assert "Called the customer" not in api.get(f"/api/returns/{authorized.rma_number}/").content.decode()


def test_an_empty_note_is_refused_and_nothing_is_recorded(api, authorized, sam):
    response = as_user(api, sam).post(notes_url(authorized), {"text": ""}, format="json")
    assert response.status_code == 400 and response.json()["error"]["message"].startswith("text:")
    assert not ReturnEvent.objects.filter(action="note").exists()


def test_note_role_matrix(api, authorized, everyone):
    reads = statuses(api, everyone, lambda client: client.get(notes_url(authorized)))
    assert reads == {"customer": 403, "other_customer": 403, "inspector": 200, "support": 200, "finance": 200}
    writes = statuses(api, everyone, lambda client: client.post(notes_url(authorized), {"text": "x"}, format="json"))
    assert writes == {"customer": 403, "other_customer": 403, "inspector": 403, "support": 201, "finance": 201}
    assert ReturnEvent.objects.filter(action="note").count() == 2
