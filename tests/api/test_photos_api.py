"""POST/GET /api/returns/<rma>/lines/<id>/photos/: inspection evidence, customer photos, listing."""
import pytest

from inspection.models import Photo, PhotoKind, PhotoStatus
from returns.models import ReturnEvent
from tests.factories import force_state

from .helpers import as_user, jpeg, not_an_image, statuses, stored_files

pytestmark = pytest.mark.django_db


def url(ret, line):
    return f"/api/returns/{ret.rma_number}/lines/{line.pk}/photos/"


def upload(api, ret, line, *files):
    return api.post(url(ret, line), {"photos": list(files)}, format="multipart")


def test_an_inspector_adds_evidence_through_the_tablet_service(api, inspecting, ivan, sam, client, media,
                                                              django_capture_on_commit_callbacks):
    line = inspecting.lines.first()
    with django_capture_on_commit_callbacks(execute=True):  # the renditions are made after commit
        response = upload(as_user(api, ivan), inspecting, line, jpeg("a.jpg"), jpeg("b.jpg", color=(0, 90, 0)))
    assert response.status_code == 201, response.content
    created = response.json()["photos"]
    assert [p["kind"] for p in created] == ["inspection", "inspection"]
    photos = Photo.objects.filter(line=line)
    assert photos.count() == 2 and {p.uploaded_by_id for p in photos} == {ivan.pk}
    assert {p.sha256 for p in photos} == {p["sha256"] for p in created}
    assert ReturnEvent.objects.filter(return_request=inspecting, action="inspection_photo_added",
                                      data__line=line.pk).count() == 2
    listed = as_user(api, sam).get(url(inspecting, line)).json()["photos"]
    assert [p["status"] for p in listed] == [PhotoStatus.READY, PhotoStatus.READY]
    assert all(p["width"] == 640 and p["height"] == 480 for p in listed)
    # The URLs are the tablet's rendition view, which serves staff.
    client.force_login(sam)
    served = client.get(listed[0]["thumbnail_url"])
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert client.get(listed[0]["large_url"]).status_code == 200


def test_one_bad_file_stores_nothing(api, inspecting, ivan, media):
    line = inspecting.lines.first()
    response = upload(as_user(api, ivan), inspecting, line, jpeg("good.jpg"), not_an_image("label.jpg"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_photo" and error["message"].startswith("label.jpg: ")
    assert not Photo.objects.exists()
    assert stored_files(media) == []
    assert not ReturnEvent.objects.filter(action="inspection_photo_added").exists()


def test_no_file_at_all_is_a_clear_400(api, inspecting, ivan, media):
    response = as_user(api, ivan).post(url(inspecting, inspecting.lines.first()), {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Choose or take at least one photo."


def test_evidence_needs_the_return_under_inspection(api, authorized, ivan, media):
    response = upload(as_user(api, ivan), authorized, authorized.lines.first(), jpeg())
    assert response.status_code == 409 and "is not being inspected" in response.json()["error"]["message"]
    assert not Photo.objects.exists() and stored_files(media) == []


def test_the_customer_adds_photos_before_the_parcel_is_received(api, authorized, alice, sam, ivan, media,
                                                                 django_capture_on_commit_callbacks):
    line = authorized.lines.first()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(as_user(api, alice.user), authorized, line, jpeg("scratch.jpg"))
    assert response.status_code == 201, response.content
    photo = Photo.objects.get()
    assert (photo.kind, photo.line_id, photo.uploaded_by_id) == (PhotoKind.CUSTOMER, line.pk, alice.user.pk)
    assert len(stored_files(media)) == 2  # large, thumbnail; the original is in private storage
    assert photo.original.open("rb").read() == jpeg("scratch.jpg").read()
    event = ReturnEvent.objects.get(return_request=authorized, action="customer_photos")
    assert event.data == {"line": line.pk, "photos": [photo.pk]} and event.actor_id == alice.user.pk
    # The customer's listing has no staff URLs, even once the renditions are ready.
    mine = as_user(api, alice.user).get(url(authorized, line)).json()["photos"]
    assert [(p["kind"], p["status"], p["thumbnail_url"], p["large_url"]) for p in mine] == [
        ("customer", "ready", None, None)]
    staff = as_user(api, sam).get(url(authorized, line)).json()["photos"]
    assert staff[0]["thumbnail_url"].endswith(f"/inspect/photos/{photo.pk}/thumb/")


def test_the_customer_never_sees_inspection_evidence(api, inspecting, alice, ivan, media):
    line = inspecting.lines.first()
    assert upload(as_user(api, ivan), inspecting, line, jpeg()).status_code == 201
    assert as_user(api, alice.user).get(url(inspecting, line)).json() == {"photos": []}
    assert len(as_user(api, ivan).get(url(inspecting, line)).json()["photos"]) == 1


def test_customer_photos_stop_at_receipt_and_at_five_per_item(api, authorized, alice, media):
    line = authorized.lines.first()
    as_user(api, alice.user)
    too_many = upload(api, authorized, line, *[jpeg(f"{i}.jpg") for i in range(6)])
    assert too_many.status_code == 400 and "at most 5 photos per item" in too_many.json()["error"]["message"]
    bad = upload(api, authorized, line, jpeg(), not_an_image())
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_photo"
    assert not Photo.objects.exists() and stored_files(media) == []
    received = force_state(authorized, "received")
    late = upload(api, received, line, jpeg())
    assert late.status_code == 409
    assert "until the parcel is received" in late.json()["error"]["message"]
    assert not Photo.objects.exists() and stored_files(media) == []


def test_role_matrix(api, authorized, everyone, media):
    line = authorized.lines.first()
    reads = statuses(api, everyone, lambda client: client.get(url(authorized, line)))
    assert reads == {"customer": 200, "other_customer": 404, "inspector": 200, "support": 200, "finance": 200}
    writes = statuses(api, everyone, lambda client: upload(client, authorized, line, jpeg()))
    # The inspector may add evidence, but only while the return is inspected (409 here, not 403).
    assert writes == {"customer": 201, "other_customer": 404, "inspector": 409, "support": 403, "finance": 403}
    assert Photo.objects.filter(kind=PhotoKind.CUSTOMER).count() == 1


def test_a_line_of_another_return_is_not_found(api, authorized, alice, bob, catalogue):
    from tests.factories import create_return, make_order, make_product

    bobs = create_return(make_order(bob, [(make_product(), 1, "10.00")]), bob.user)
    response = as_user(api, alice.user).get(url(authorized, bobs.lines.first()))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
