"""Request bodies are capped before they are read, and the photo limit reads the same everywhere."""
import io

import pytest
from django.test import RequestFactory

from returnflow.middleware import BodySizeLimitMiddleware

pytestmark = pytest.mark.django_db


class Unread(io.BytesIO):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _multipart(path, declared):
    request = RequestFactory().generic("POST", path)
    request.META["CONTENT_TYPE"] = "multipart/form-data; boundary=x"
    request.META["CONTENT_LENGTH"] = str(declared)
    request.META["wsgi.input"] = Unread()
    return request


def _never_called(request):
    raise AssertionError("the view ran")


def test_a_60_mb_upload_to_the_api_is_refused_with_json_413_without_reading_it(settings):
    response = BodySizeLimitMiddleware(_never_called)(_multipart("/api/returns/RMA-2026-000001/lines/1/photos/",
                                                                 60_000_000))
    assert response.status_code == 413
    error = __import__("json").loads(response.content)["error"]
    assert error["code"] == "request_too_large"
    assert error["message"] == ("The request is 60 MB; the most one request may carry is 50 MB. "
                                "Send fewer or smaller photos at a time.")


def test_a_60_mb_upload_to_a_page_is_refused_with_a_clear_page(settings):
    response = BodySizeLimitMiddleware(_never_called)(_multipart("/inspect/", 60_000_000))
    assert response.status_code == 413 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "This upload is too large" in page and "at most 15 MB" in page


def test_an_upload_under_the_cap_goes_through(settings):
    request = _multipart("/inspect/", 20_000_000)
    assert BodySizeLimitMiddleware(lambda r: "passed")(request) == "passed"


def test_the_limit_and_the_message_agree():
    from django.conf import settings

    from inspection.photos import PhotoRejected, validate_photo
    from returnflow.limits import format_size

    limit = settings.RETURNFLOW["PHOTO_MAX_BYTES"]
    assert format_size(limit) == "15 MB"
    with pytest.raises(PhotoRejected) as rejected:
        validate_photo(b"\xff\xd8\xff" + b"\0" * 20_000_000, max_bytes=limit)
    assert rejected.value.message == "The file is 20 MB; the limit is 15 MB."


def test_pages_print_the_configured_limit_not_a_copy_of_it(settings):
    from pathlib import Path

    from returnflow.limits import limits

    settings.RETURNFLOW = {**settings.RETURNFLOW, "PHOTO_MAX_BYTES": 8_000_000}
    assert limits(None)["photo_limit"] == "8 MB"
    hint = (Path(settings.BASE_DIR) / "templates/portal/items.html").read_text()
    assert "at most {{ photo_limit }} each" in hint


def test_an_oversized_photo_is_kept_on_disk_only_up_to_the_limit_and_refused_with_its_real_size(settings):
    from inspection.photos import PhotoRejected, validate_photo
    from returnflow.uploads import PhotoSizeCappedUploadHandler

    limit = settings.RETURNFLOW["PHOTO_MAX_BYTES"]
    handler = PhotoSizeCappedUploadHandler()
    handler.new_file("photos", "huge.jpg", "image/jpeg", 45_000_000)
    chunk, received = b"\xff" * (1 << 20), 0
    while received < 45_000_000:
        part = chunk[: 45_000_000 - received]
        assert handler.receive_data_chunk(part, received) is None
        received += len(part)
    upload = handler.file_complete(received)
    try:
        upload.file.seek(0, 2)
        assert upload.file.tell() == limit + 1  # what reached the disk
        assert upload.size == 45_000_000
        with pytest.raises(PhotoRejected) as rejected:
            validate_photo(upload, max_bytes=limit)
        assert rejected.value.message == "The file is 45 MB; the limit is 15 MB."
    finally:
        upload.close()


def test_a_photo_upload_over_the_limit_through_the_api_is_refused_in_the_json_shape(client, ivan, settings,
                                                                                    alice, alice_order):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import create_return, receive_all

    ret = create_return(alice_order, alice.user)
    receive_all(ret, ivan)
    client.force_login(ivan)
    line = ret.lines.first()
    huge = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"\0" * 20_000_000, "image/jpeg")
    response = client.post(f"/api/returns/{ret.rma_number}/lines/{line.pk}/photos/", {"photos": [huge]})
    assert response.status_code == 400
    assert "The file is 20 MB; the limit is 15 MB." in response.json()["error"]["message"]


def test_a_photo_just_over_the_limit_is_not_told_it_equals_the_limit():
    from inspection.photos import PhotoRejected, validate_photo

    with pytest.raises(PhotoRejected) as rejected:
        validate_photo(b"\xff\xd8\xff" + b"\0" * 15_000_000, max_bytes=15_000_000)
    assert rejected.value.message == "The file is over the 15 MB limit."
