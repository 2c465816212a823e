"""Nobody downloads a file with location metadata.

A phone photo with GPS in its EXIF is uploaded through the real path (the API, as the customer and as
the inspector). Its original is kept privately with its SHA-256, never served to any role and never
packed; every served rendition and every packed file is metadata-free; until the renditions exist a
"processing" placeholder stands in, never the original. A polyglot keeps only its re-encoded image.
"""
import hashlib
import io
import json
import zipfile

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from inspection.models import Photo, PhotoStatus
from tests.factories import create_return, make_user

pytestmark = pytest.mark.django_db
GPS_IFD = 0x8825
EXIF_HEADER = b"Exif\x00\x00"


def gps_jpeg(size=(800, 600), color=(40, 90, 200)) -> bytes:
    """What a phone uploads: EXIF with the camera and the GPS position (Eiffel tower)."""
    image = Image.new("RGB", size, color)
    exif = image.getexif()
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Phone 12"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 29.6), 3: "E", 4: (2.0, 17.0, 40.2)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def carries_location(data: bytes) -> bool:
    """Whether a file has EXIF at all, or a GPS position Pillow can read."""
    if EXIF_HEADER in data:
        return True
    try:
        with Image.open(io.BytesIO(data)) as image:
            return bool(image.getexif().get_ifd(GPS_IFD)) or "exif" in image.info
    except OSError:
        return False


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploaded(alice, alice_order, media, api):
    """The customer's GPS-tagged photo, uploaded through the API; renditions not made yet."""
    ret = create_return(alice_order, alice.user, reason="defective")
    line = ret.lines.first()
    data = gps_jpeg()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test photo really has a position
    api.force_authenticate(alice.user)
    response = api.post(f"/api/returns/{ret.rma_number}/lines/{line.pk}/photos/",
                        {"photos": [SimpleUploadedFile("IMG_0001.jpg", data, "image/jpeg")]}, format="multipart")
    assert response.status_code == 201, response.content
    return ret, Photo.objects.get(), data


@pytest.fixture
def staff(sam, fiona, ivan):
    root = make_user("root", is_staff=True, is_superuser=True)
    clients = {}
    for user in (sam, fiona, ivan, root):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return clients


def rendition_urls(photo):
    return [f"/support/photos/{photo.pk}/thumb/", f"/support/photos/{photo.pk}/large/",
            f"/inspect/photos/{photo.pk}/thumb/", f"/inspect/photos/{photo.pk}/large/"]


def make_renditions(photo):
    from inspection.tasks import photo_make_renditions

    photo_make_renditions(photo.pk)
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    return photo


def test_the_original_is_kept_privately_with_its_hash_and_never_under_media(uploaded, media):
    _, photo, data = uploaded
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.original.open("rb").read() == data  # the evidence, byte for byte
    assert not Path(photo.original.path).is_relative_to(media)
    with pytest.raises(ValueError):
        photo.original.url  # noqa: B018  (private storage has no URL at all)
    make_renditions(photo)
    served_from_media = [p for p in media.rglob("*") if p.is_file()]
    assert len(served_from_media) == 2 and not any(carries_location(p.read_bytes()) for p in served_from_media)


def test_no_role_can_download_the_original(uploaded, staff, api, alice):
    _, photo, data = uploaded
    make_renditions(photo)
    for name, client in staff.items():
        for url in (f"/support/photos/{photo.pk}/original/", f"/inspect/photos/{photo.pk}/original/"):
            response = client.get(url)
            assert response.status_code in (403, 404), (name, url)
            assert data not in body(response)
    customer = Client()
    customer.force_login(alice.user)
    assert all(customer.get(url).status_code in (302, 403, 404) for url in rendition_urls(photo))


def test_until_renditions_exist_a_placeholder_is_served_never_the_original(uploaded, staff, api, sam):
    _, photo, data = uploaded
    assert photo.status == PhotoStatus.PROCESSING
    for url in rendition_urls(photo):
        response = staff["sam"].get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("image/svg+xml") and response["X-Photo-Status"] == "processing"
        assert data not in body(response) and not carries_location(body(response))
    api.force_authenticate(sam)
    listed = api.get(f"/api/returns/{photo.return_request.rma_number}/lines/{photo.line_id}/photos/").json()
    assert [(p["thumbnail_url"], p["large_url"]) for p in listed["photos"]] == [(None, None)]


def test_every_served_rendition_is_free_of_location_metadata(uploaded, staff):
    _, photo, _data = uploaded
    make_renditions(photo)
    for name, client in staff.items():
        if name == "ivan":
            continue  # the inspector reaches photos through the tablet's view only
        for url in rendition_urls(photo):
            response = client.get(url)
            assert response.status_code == 200 and response["Content-Type"] == "image/jpeg", (name, url)
            assert not carries_location(body(response)), (name, url)
    for url in rendition_urls(photo)[2:]:
        assert not carries_location(body(staff["ivan"].get(url)))


def test_the_evidence_pack_names_the_originals_hash_and_packs_only_clean_renditions(uploaded, staff):
    ret, photo, data = uploaded
    make_renditions(photo)
    response = staff["sam"].get(f"/support/returns/{ret.rma_number}/evidence.zip")
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    manifest = json.loads(archive.read("manifest.json"))
    (entry,) = manifest["photos"]
    assert entry["original_sha256"] == entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["hash_matches"] is True and entry["original_packed"] is False
    for name in archive.namelist():
        packed = archive.read(name)
        assert data not in packed, name
        if name.startswith("photos/"):
            assert not carries_location(packed), name
            assert hashlib.sha256(packed).hexdigest() == entry["file_sha256"]
    assert archive.read("SHA256SUMS").decode() == f"{entry['file_sha256']}  {entry['file']}\n"
    pdf = staff["fiona"].get(f"/support/returns/{ret.rma_number}/evidence.pdf").content
    assert pdf.startswith(b"%PDF") and EXIF_HEADER not in pdf and data not in pdf


def test_inspection_evidence_from_the_tablet_path_is_served_clean_too(api, alice, alice_order, ivan, media,
                                                                       django_capture_on_commit_callbacks):
    from inspection.workflow import inspection_open
    from tests.factories import receive_all

    ret = create_return(alice_order, alice.user)
    receive_all(ret, ivan)
    ret = inspection_open(return_id=ret.pk, actor=ivan)
    line = ret.lines.first()
    api.force_authenticate(ivan)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/returns/{ret.rma_number}/lines/{line.pk}/photos/",
                            {"photos": [SimpleUploadedFile("evidence.jpg", gps_jpeg(), "image/jpeg")]},
                            format="multipart")
    assert response.status_code == 201, response.content
    photo = Photo.objects.get()
    assert photo.status == PhotoStatus.READY
    client = Client()
    client.force_login(ivan)
    for url in rendition_urls(photo)[2:]:
        served = client.get(url)
        assert served["Content-Type"] == "image/jpeg" and not carries_location(body(served))


def test_a_polyglot_is_stored_only_as_its_re_encoded_image(alice, alice_order, media, api):
    ret = create_return(alice_order, alice.user, reason="defective")
    line = ret.lines.first()
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as archive:
        archive.writestr("index.html", "<html><script>alert(document.cookie)</script></html>")
    polyglot = gps_jpeg() + b"<html><script>alert(1)</script></html>" + payload.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))
    api.force_authenticate(alice.user)
    response = api.post(f"/api/returns/{ret.rma_number}/lines/{line.pk}/photos/",
                        {"photos": [SimpleUploadedFile("cute.jpg", polyglot, "image/jpeg")]}, format="multipart")
    assert response.status_code == 201, response.content

    photo = Photo.objects.get()
    stored = photo.original.open("rb").read()
    assert b"<html" not in stored and b"<script" not in stored and not zipfile.is_zipfile(io.BytesIO(stored))
    assert not carries_location(stored)
    assert photo.sha256 == hashlib.sha256(stored).hexdigest() and photo.byte_size == len(stored)
    assert photo.mime_type == "image/jpeg" and Image.open(io.BytesIO(stored)).size == (800, 600)


def test_the_admin_shows_a_photo_without_a_link_to_its_original(uploaded, staff):
    _, photo, _data = uploaded
    page = staff["root"].get(f"/admin/inspection/photo/{photo.pk}/change/")
    assert page.status_code == 200 and photo.sha256 in page.content.decode()
    assert photo.original.name not in page.content.decode()
