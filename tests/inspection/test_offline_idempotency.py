"""The tablet's offline queue resends what it holds; an `Idempotency-Key` makes every resend harmless.

Through the real views on PostgreSQL: the same key from the same user to the same endpoint answers with
the first result and changes nothing (no second photo, no second audit record); another user's same key
is their own request; a key reused for other content is refused; CSRF still applies, and a token renewed
by a new login is fetched fresh from the session endpoint.
"""
import threading
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from inspection.claims import claim_take_over
from inspection.models import InspectionClaim, Photo, UnitInspection
from inspection.models_idempotency import IdempotentRequest
from returns.models import ReturnEvent
from tests.inspection.helpers import jpeg_bytes

pytestmark = pytest.mark.django_db


def unit_url(ret, line, unit=0):
    return f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/units/{unit}/"


def photo_url(ret, line):
    return f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/photos/"


def jeans_of(ret):
    return ret.lines.get(product__sku="JEANS-32")


def queued(client, url, data, key):
    """What the offline queue sends: the form, JSON wanted, the key in the header."""
    return client.post(url, data, HTTP_ACCEPT="application/json", HTTP_IDEMPOTENCY_KEY=key)


def steps_saved():
    return ReturnEvent.objects.filter(action="inspection_step_saved").count()


def test_a_repeated_answer_is_saved_and_audited_once(client, ivan, inspecting):
    jeans = jeans_of(inspecting)
    client.force_login(ivan)
    key = str(uuid.uuid4())
    answer = {"version": 1, "has_checklist": "1", "check-unworn": "no", "grade": "D", "note": "seam torn"}
    first = queued(client, unit_url(inspecting, jeans), answer, key)
    assert first.status_code == 200 and first["Idempotency-Key"] == key and first["Idempotent-Replayed"] == "false"
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    assert (record.grade, record.version, steps_saved()) == ("D", 2, 1)

    again = queued(client, unit_url(inspecting, jeans), answer, key)
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()  # the first answer, versions and all
    record.refresh_from_db()
    assert (record.grade, record.version, steps_saved()) == ("D", 2, 1)
    # A new key is a new request: the same stale version is a conflict, as without the queue.
    other = queued(client, unit_url(inspecting, jeans), {**answer, "grade": "C"}, str(uuid.uuid4()))
    assert other.status_code == 409 and other["Idempotent-Replayed"] == "false"
    assert IdempotentRequest.objects.filter(user=ivan).count() == 2


def test_a_photo_sent_twice_is_stored_once(client, ivan, inspecting, media):
    jeans = jeans_of(inspecting)
    client.force_login(ivan)
    key = str(uuid.uuid4())
    photo = jpeg_bytes()

    def send():
        return queued(client, photo_url(inspecting, jeans),
                      {"photos": [SimpleUploadedFile("damage.jpg", photo, "image/jpeg")]}, key)

    first = send()
    # A redirect comes back as JSON for the queue (fetch would follow it and lose the answer).
    assert first.status_code == 200 and first.json()["redirect"].endswith(f"/lines/{jeans.pk}/#photos")
    second, third = send(), send()
    assert second.json() == third.json() == first.json() and third["Idempotent-Replayed"] == "true"
    assert Photo.objects.filter(line=jeans).count() == 1
    assert ReturnEvent.objects.filter(action="inspection_photo_added").count() == 1
    # The form-field variant (a plain submit replaying a stored answer) follows the stored redirect.
    native = client.post(photo_url(inspecting, jeans), {"idempotency_key": key,
                                                        "photos": [SimpleUploadedFile("damage.jpg", photo,
                                                                                      "image/jpeg")]})
    assert native.status_code == 302 and native["Location"] == first.json()["redirect"]
    assert Photo.objects.filter(line=jeans).count() == 1


def test_another_users_same_key_is_their_own_request(client, ivan, ines, inspecting):
    jeans = jeans_of(inspecting)
    key = str(uuid.uuid4())
    client.force_login(ivan)
    assert queued(client, unit_url(inspecting, jeans), {"version": 1, "grade": "B"}, key).status_code == 200
    InspectionClaim.objects.update(last_seen_at=timezone.now() - timedelta(minutes=16))
    claim_take_over(return_id=inspecting.pk, actor=ines)

    client.force_login(ines)
    hers = queued(client, unit_url(inspecting, jeans), {"version": 2, "grade": "F"}, key)
    assert hers.status_code == 200 and hers["Idempotent-Replayed"] == "false"  # not Ivan's stored answer
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    assert (record.grade, record.version, record.updated_by) == ("F", 3, ines)
    # Ivan's resend still gets his own first answer (and changes nothing).
    client.force_login(ivan)
    his = queued(client, unit_url(inspecting, jeans), {"version": 1, "grade": "B"}, key)
    assert his.status_code == 200 and his["Idempotent-Replayed"] == "true"
    record.refresh_from_db()
    assert (record.grade, record.version, steps_saved()) == ("F", 3, 2)
    assert set(IdempotentRequest.objects.filter(key=key).values_list("user__username", flat=True)) == {"ivan", "ines"}


def test_a_key_reused_for_other_content_or_malformed_is_refused_and_changes_nothing(client, ivan, inspecting):
    jeans = jeans_of(inspecting)
    client.force_login(ivan)
    key = str(uuid.uuid4())
    assert queued(client, unit_url(inspecting, jeans), {"version": 1, "grade": "B"}, key).status_code == 200
    reused = queued(client, unit_url(inspecting, jeans), {"version": 2, "grade": "F"}, key)
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"
    bad = queued(client, unit_url(inspecting, jeans), {"version": 2, "grade": "F"}, "x" * 3)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_idempotency_key"
    record = UnitInspection.objects.get(line=jeans, unit_index=0)
    assert (record.grade, record.version, steps_saved()) == ("B", 2, 1)


def test_a_server_error_stores_nothing_so_the_same_key_can_be_sent_again(client, ivan, inspecting, monkeypatch):
    from inspection import views_inspect

    jeans = jeans_of(inspecting)
    client.raise_request_exception = False
    client.force_login(ivan)
    key = str(uuid.uuid4())

    def broken(**kwargs):
        raise RuntimeError("database went away mid-save")

    monkeypatch.setattr(views_inspect, "unit_step_save", broken)
    assert queued(client, unit_url(inspecting, jeans), {"version": 1, "grade": "B"}, key).status_code == 500
    assert not IdempotentRequest.objects.exists()
    monkeypatch.undo()
    assert queued(client, unit_url(inspecting, jeans), {"version": 1, "grade": "B"}, key).status_code == 200
    assert steps_saved() == 1


def sign_in(browser, user):
    """Through the login form, as a person does: a login rotates the CSRF secret."""
    browser.get("/accounts/login/")
    signed_in = browser.post("/accounts/login/", {"username": user.username, "password": "pw-test-1234",
                                                  "csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert signed_in.status_code == 302


def test_csrf_still_applies_and_a_token_renewed_by_a_new_login_is_fetched_fresh(ivan, inspecting):
    jeans = jeans_of(inspecting)
    browser = Client(enforce_csrf_checks=True)
    sign_in(browser, ivan)
    stale = browser.get("/inspect/offline/session.json").json()
    assert stale["user"] == ivan.pk
    key = str(uuid.uuid4())
    answer = {"version": 1, "grade": "B"}
    without = browser.post(unit_url(inspecting, jeans), answer, HTTP_IDEMPOTENCY_KEY=key)
    assert without.status_code == 403 and not without.has_header("Idempotency-Key")  # the queue keeps it

    sign_in(browser, ivan)  # signed in again (e.g. after the session expired): the old page's token is dead
    refused = browser.post(unit_url(inspecting, jeans), answer, HTTP_IDEMPOTENCY_KEY=key,
                           HTTP_X_CSRFTOKEN=stale["csrf"])
    assert refused.status_code == 403 and steps_saved() == 0
    fresh = browser.get("/inspect/offline/session.json")
    assert fresh["Cache-Control"] == "no-store" and fresh.json()["csrf"] != stale["csrf"]
    sent = browser.post(unit_url(inspecting, jeans), answer, HTTP_ACCEPT="application/json",
                        HTTP_IDEMPOTENCY_KEY=key, HTTP_X_CSRFTOKEN=fresh.json()["csrf"])
    assert sent.status_code == 200 and sent["Idempotency-Key"] == key and steps_saved() == 1


def test_the_session_endpoint_and_the_service_worker_need_a_tablet_role(client, ivan, alice):
    assert client.get("/inspect/offline/session.json").status_code == 302  # to the login page: no JSON
    client.force_login(alice.user)
    assert client.get("/inspect/offline/session.json").status_code == 403
    assert client.get("/inspect/sw.js").status_code == 403
    client.force_login(ivan)
    worker = client.get("/inspect/sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("application/javascript")
    body = worker.content.decode()
    assert 'importScripts("/static/js/offline_queue.js")' in body and '"/static/css/tablet.css"' in body
    assert "script-src 'self'" in worker["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_two_copies_racing_each_other_store_one_photo(ivan, inspecting, media):
    """Two tabs (or the page and the service worker) sending the same queued photo at the same moment."""
    jeans = jeans_of(inspecting)
    key, photo = str(uuid.uuid4()), jpeg_bytes()
    barrier, answers = threading.Barrier(2), []

    def send():
        try:
            browser = Client()
            browser.force_login(ivan)
            barrier.wait()
            answers.append(queued(browser, photo_url(inspecting, jeans),
                                  {"photos": [SimpleUploadedFile("d.jpg", photo, "image/jpeg")]}, key))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a["Idempotent-Replayed"] for a in answers) == ["false", "true"]
    assert Photo.objects.filter(line=jeans).count() == 1
    assert ReturnEvent.objects.filter(action="inspection_photo_added").count() == 1
