"""Inspection photos through the tablet's upload view: real images are kept with their hash and
rendered without metadata; bad files get a clear error and leave nothing behind."""
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inspection.models import Photo, PhotoStatus
from returns.models import ReturnEvent
from tests.inspection.helpers import GPS_IFD, jpeg_bytes, png_bytes, stored_files

pytestmark = pytest.mark.django_db


def upload_url(ret, line):
    return f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/photos/"


def test_photos_are_stored_with_their_hash_and_rendered_upright_without_gps(
        client, ivan, inspecting, media, django_capture_on_commit_callbacks):
    line = inspecting.lines.first()
    # Stored landscape 640x480 with "rotate 90° clockwise to display": shown as 480x640 portrait.
    rotated = jpeg_bytes((640, 480), orientation=6, gps=True)
    plain_png = png_bytes()
    client.force_login(ivan)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload_url(inspecting, line), {"photos": [
            SimpleUploadedFile("IMG_0001.jpg", rotated, "image/jpeg"),
            SimpleUploadedFile("scan.png", plain_png, "image/png")]})
    assert response.status_code == 302 and response["Location"].endswith("#photos")
    jpeg_photo, png_photo = Photo.objects.filter(line=line).order_by("id")
    assert jpeg_photo.sha256 == hashlib.sha256(rotated).hexdigest()
    assert jpeg_photo.original.read() == rotated  # the evidence, byte for byte
    assert png_photo.sha256 == hashlib.sha256(plain_png).hexdigest() and png_photo.mime_type == "image/png"
    assert (jpeg_photo.kind, jpeg_photo.uploaded_by, jpeg_photo.return_request) == ("inspection", ivan, inspecting)
    assert jpeg_photo.status == PhotoStatus.READY and (jpeg_photo.width, jpeg_photo.height) == (480, 640)

    served = client.get(f"/inspect/photos/{jpeg_photo.pk}/large/")
    large = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert served["Content-Type"] == "image/jpeg" and large.size == (480, 640)
    assert large.getpixel((240, 20))[0] > 150 and large.getpixel((240, 620))[2] > 150  # red on top, blue below
    assert GPS_IFD not in large.getexif().get_ifd(GPS_IFD) and not large.getexif()
    assert Image.open(png_photo.thumbnail).format == "JPEG"
    assert ReturnEvent.objects.filter(action="inspection_photo_added", data__line=line.pk).count() == 2

    page = client.get(response["Location"]).content.decode()
    assert page.count("/inspect/photos/") >= 2 and "2 photos saved." in page
    status = client.get(f"/inspect/returns/{inspecting.rma_number}/lines/{line.pk}/photos.json").json()
    assert [p["status"] for p in status["photos"]] == ["ready", "ready"] and status["photos"][0]["thumb"]


def test_the_status_endpoint_reports_photos_still_processing(client, ivan, inspecting, media):
    line = inspecting.lines.first()
    client.force_login(ivan)
    # No on-commit callbacks run here, so the renditions task has not run yet.
    client.post(upload_url(inspecting, line), {"photos": [SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")]})
    status = client.get(f"/inspect/returns/{inspecting.rma_number}/lines/{line.pk}/photos.json").json()
    assert status["photos"][0]["status"] == "processing" and status["photos"][0]["thumb"] is None
    assert "Processing…" in client.get(f"/inspect/returns/{inspecting.rma_number}/lines/{line.pk}/").content.decode()
    # A placeholder until the rendition exists, never the original in its place.
    assert client.get(f"/inspect/photos/{status['photos'][0]['id']}/thumb/")["X-Photo-Status"] == "processing"


def _bomb():
    buf = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buf, "PNG", optimize=True)  # 100 megapixels, ~20 KB
    return buf.getvalue()


@pytest.mark.parametrize("name, make, expected", [
    ("notes.jpg", lambda: b"this is a text file, not a photo", "not an image we can read"),
    ("cut.jpg", lambda: jpeg_bytes((1200, 900))[:4000], "incomplete or damaged"),
    ("bomb.png", _bomb, "megapixels"),
    # Over the photo limit but under the request cap (a bigger body is refused whole with 413).
    ("huge.jpg", lambda: b"\xff\xd8\xff" + b"\0" * 20_000_000, "the limit is"),
])
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_is_stored(client, ivan, inspecting, media, name, make,
                                                                        expected):
    line = inspecting.lines.first()
    client.force_login(ivan)
    good = SimpleUploadedFile("good.jpg", jpeg_bytes(), "image/jpeg")
    response = client.post(upload_url(inspecting, line),
                           {"photos": [good, SimpleUploadedFile(name, make(), "image/jpeg")]})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="photo-error" role="alert"' in page and name in page and expected in page
    assert not Photo.objects.exists()
    assert stored_files(media) == []
    assert not ReturnEvent.objects.filter(action="inspection_photo_added").exists()


def test_uploading_needs_the_claim_and_an_open_inspection(client, ivan, ines, inspecting, media):
    line = inspecting.lines.first()
    client.force_login(ines)
    response = client.post(upload_url(inspecting, line),
                           {"photos": [SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")]})
    assert response.status_code == 409
    assert "ivan has been inspecting this return since" in response.content.decode()
    assert not Photo.objects.exists() and stored_files(media) == []
    client.force_login(ivan)
    assert client.post(upload_url(inspecting, line), {}).status_code == 400


def test_photo_files_are_for_staff_only(client, alice, ivan, inspecting, media, django_capture_on_commit_callbacks):
    line = inspecting.lines.first()
    client.force_login(ivan)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(upload_url(inspecting, line), {"photos": [SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")]})
    photo = Photo.objects.get()
    assert client.get(f"/inspect/photos/{photo.pk}/original/").status_code == 404
    client.force_login(alice.user)
    assert client.get(f"/inspect/photos/{photo.pk}/thumb/").status_code == 403
