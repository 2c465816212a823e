"""Photo evidence stored through the service: original + hash kept, renditions made by the task,
and nothing left behind when an upload is refused."""
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from inspection.evidence import PhotoInvalid, files_removed_on_error, photo_store
from inspection.models import Photo, PhotoKind, PhotoStatus
from tests.factories import create_return


def jpeg_bytes(size=(800, 600), color=(200, 30, 30)):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


@pytest.mark.django_db
def test_a_stored_photo_keeps_its_hash_and_gets_renditions(alice, alice_order, ivan, settings, tmp_path,
                                                           django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    ret = create_return(alice_order, alice.user)
    data = jpeg_bytes((2400, 1800))
    with django_capture_on_commit_callbacks(execute=True), files_removed_on_error() as stored, transaction.atomic():
        photo = photo_store(upload=SimpleUploadedFile("box.jpg", data, "image/jpeg"), kind=PhotoKind.INSPECTION,
                            uploaded_by=ivan, stored=stored, return_request=ret, line=ret.lines.first())
    photo.refresh_from_db()
    assert photo.sha256 == hashlib.sha256(data).hexdigest()
    assert photo.original.read() == data
    assert photo.status == PhotoStatus.READY
    assert Image.open(photo.large).size == (1600, 1200)
    assert Image.open(photo.thumbnail).size == (320, 240)


@pytest.mark.django_db
def test_a_refused_photo_among_good_ones_leaves_no_row_and_no_file(alice, alice_order, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ret = create_return(alice_order, alice.user)
    with pytest.raises(PhotoInvalid, match="not.*image|JPEG, PNG or WebP"):
        with files_removed_on_error() as stored, transaction.atomic():
            photo_store(upload=SimpleUploadedFile("ok.jpg", jpeg_bytes(), "image/jpeg"), kind=PhotoKind.CUSTOMER,
                        uploaded_by=alice.user, stored=stored, return_request=ret)
            photo_store(upload=SimpleUploadedFile("notes.jpg", b"just text", "image/jpeg"), kind=PhotoKind.CUSTOMER,
                        uploaded_by=alice.user, stored=stored, return_request=ret)
    assert Photo.objects.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
