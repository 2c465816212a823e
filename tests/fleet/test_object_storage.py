"""Media in S3-compatible object storage (MEDIA_STORAGE=s3), against a private moto server.

Upload, signed download (and its expiry), the role check before a URL is handed out, no orphaned object
when the database transaction fails, and the command that copies local media into the bucket.
"""
import hashlib
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from inspection.demo import demo_photo
from inspection.evidence import files_removed_on_error, photo_store
from inspection.models import Photo, PhotoStatus
from inspection.tasks import photo_make_renditions
from returnflow.storage import is_object_storage, originals_storage, signed_url
from tests.factories import create_return
from tests.fleet.conftest import bucket_keys
from datetime import UTC

pytestmark = pytest.mark.django_db


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def line(alice, alice_order):
    ret = create_return(alice_order, alice.user)
    return ret.lines.first()


def store_photo(line, user):
    with files_removed_on_error() as stored, transaction.atomic():
        return photo_store(upload=demo_photo("TOTE-1"), kind="inspection", uploaded_by=user, stored=stored,
                           return_request=line.request, line=line)


def test_renditions_and_originals_go_to_the_bucket(s3_media, line, ivan):
    assert is_object_storage(default_storage) and is_object_storage(originals_storage)
    photo = store_photo(line, ivan)
    photo_make_renditions(photo.pk)
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    keys = bucket_keys(s3_media)
    assert photo.large.name in keys and photo.thumbnail.name in keys
    body = s3_media.client.get_object(Bucket=s3_media.bucket, Key=photo.large.name)["Body"].read()
    assert body.startswith(b"\xff\xd8")  # a JPEG rendition, read back from the bucket
    # Originals have their own alias; on S3 it is the `originals/` prefix and has no URL at all.
    name = originals_storage.save("photos/originals/probe.jpg", ContentFile(b"original bytes"))
    assert f"originals/{name}" in bucket_keys(s3_media)
    with pytest.raises(ValueError):
        originals_storage.url(name)


def test_staff_get_a_short_lived_signed_url_after_the_role_check(s3_media, line, ivan, alice):
    photo = store_photo(line, ivan)
    photo_make_renditions(photo.pk)
    photo.refresh_from_db()
    staff = Client()
    staff.force_login(ivan)
    response = staff.get(f"/inspect/photos/{photo.pk}/large/")
    assert response.status_code == 302
    url = response["Location"]
    assert url.startswith(s3_media.server.endpoint) and "X-Amz-Signature=" in url and "X-Amz-Expires=30" in url
    assert response["Cache-Control"] == "no-store"
    status, body = fetch(url)
    assert status == 200 and body == photo.large.open("rb").read()
    # The bucket is not public: the same object without a signature is refused.
    assert fetch(f"{s3_media.server.endpoint}/{s3_media.bucket}/{photo.large.name}")[0] == 403

    customer = Client()
    customer.force_login(alice.user)
    refused = customer.get(f"/inspect/photos/{photo.pk}/large/")
    assert refused.status_code in (302, 403)
    assert s3_media.bucket not in refused.get("Location", "") and b"X-Amz" not in refused.content
    anonymous = Client().get(f"/inspect/photos/{photo.pk}/large/")
    assert s3_media.bucket not in anonymous.get("Location", "")


def test_a_signed_url_expires(s3_media, line, ivan, settings):
    """The URL is signed for MEDIA_SIGNED_URL_SECONDS from now. (moto, unlike S3, enforces neither the expiry
    nor the signature of a presigned URL, so the test reads the signed expiry itself.)"""
    from datetime import datetime
    from urllib.parse import parse_qs, urlsplit

    photo = store_photo(line, ivan)
    photo_make_renditions(photo.pk)
    photo.refresh_from_db()
    for url, seconds in ((signed_url(photo.large), 30), (signed_url(photo.large, seconds=5), 5)):
        query = parse_qs(urlsplit(url).query)
        assert query["X-Amz-Expires"] == [str(seconds)]
        signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 60
        assert fetch(url)[0] == 200


def test_no_orphaned_object_when_the_transaction_fails(s3_media, line, ivan):
    before = bucket_keys(s3_media)
    with pytest.raises(IntegrityError):
        with files_removed_on_error() as stored, transaction.atomic():
            photo_store(upload=demo_photo("TOTE-2"), kind="inspection", uploaded_by=ivan, stored=stored,
                        return_request=line.request, line=line)
            # The same transaction then fails in the database (a row that breaks a constraint).
            Photo.objects.create(kind="inspection", sha256="x", mime_type="image/jpeg", byte_size=-1,
                                 width=1, height=1, original="photos/none.jpg")
    assert bucket_keys(s3_media) == before
    assert not Photo.objects.filter(line=line).exists()


def test_local_media_copied_into_the_bucket_with_hashes_checked(s3_media, settings, tmp_path):
    from inspection.storage import private_media_root

    files = {settings.MEDIA_ROOT / "photos/large/2026/12/a-1600.jpg": b"large rendition",
             settings.MEDIA_ROOT / "labels/RMA-1.pdf": b"%PDF-1.4 label",
             private_media_root() / "photos/originals/2026/12/a.jpg": b"the original"}
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    call_command("media_to_object_storage", stdout=(out := _Out()))
    assert "copied 3, replaced 0, unchanged 0" in out.text
    keys = bucket_keys(s3_media)
    assert keys == ["labels/RMA-1.pdf", "originals/photos/originals/2026/12/a.jpg", "photos/large/2026/12/a-1600.jpg"]
    for key in keys:
        obj = s3_media.client.get_object(Bucket=s3_media.bucket, Key=key)
        data = obj["Body"].read()
        assert obj["Metadata"]["sha256"] == hashlib.sha256(data).hexdigest()

    call_command("media_to_object_storage", stdout=(again := _Out()))  # idempotent
    assert "copied 0, replaced 0, unchanged 3" in again.text
    # A bucket copy that differs from the local file is replaced by the verified local bytes.
    s3_media.client.put_object(Bucket=s3_media.bucket, Key="labels/RMA-1.pdf", Body=b"tampered")
    call_command("media_to_object_storage", stdout=(fixed := _Out()))
    assert "replaced 1" in fixed.text
    body = s3_media.client.get_object(Bucket=s3_media.bucket, Key="labels/RMA-1.pdf")["Body"].read()
    assert body == b"%PDF-1.4 label"


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text, *args, **kwargs):
        self.text += text

    def flush(self):
        pass


def test_the_photo_task_leaves_no_temporary_file(s3_media, line, ivan, tmp_path, monkeypatch):
    """The worker reads the original from the bucket into a spooled file and renders in memory: nothing is left
    in the temp folder after the task (a worker holds no file another process would need)."""
    import tempfile

    spool = tmp_path / "worker-tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    photo = store_photo(line, ivan)
    photo_make_renditions(photo.pk)
    photo.refresh_from_db()
    assert photo.status == PhotoStatus.READY
    assert list(spool.iterdir()) == []  # gone once the task ended, whatever it spooled meanwhile


def test_evidence_packs_are_handed_out_by_signed_url_after_the_role_check(s3_media, line, ivan, sam, alice):
    photo = store_photo(line, ivan)
    photo_make_renditions(photo.pk)
    rma = line.request.rma_number
    agent = Client()
    agent.force_login(sam)
    for kind, magic in (("zip", b"PK"), ("pdf", b"%PDF")):
        response = agent.get(f"/support/returns/{rma}/evidence.{kind}")
        assert response.status_code == 302 and "X-Amz-Signature=" in response["Location"], kind
        assert "response-content-disposition=attachment" in response["Location"]
        status, body = fetch(response["Location"])
        assert status == 200 and body.startswith(magic)
    assert [key for key in bucket_keys(s3_media) if key.startswith("exports/")]  # expired by a bucket rule
    customer = Client()
    customer.force_login(alice.user)
    refused = customer.get(f"/support/returns/{rma}/evidence.zip")
    assert refused.status_code in (302, 403) and s3_media.bucket not in refused.get("Location", "")


def test_orphans_of_a_killed_process_are_swept(s3_media, line, ivan):
    """A process killed between the upload and the commit cannot clean up: the sweep deletes such files once
    they are old enough, and never a file a row refers to."""
    kept = store_photo(line, ivan)
    photo_make_renditions(kept.pk)
    kept.refresh_from_db()
    orphan = originals_storage.save("photos/originals/2026/12/orphan.jpg", ContentFile(b"killed mid-upload"))
    call_command("media_sweep_orphans", "--older-than-hours", "1", stdout=(young := _Out()))
    assert "orphans: 0 deleted" in young.text  # too young: it could still be committing
    call_command("media_sweep_orphans", "--older-than-hours", "0", "--dry-run", stdout=(listed := _Out()))
    assert f"would delete originals:{orphan}" in listed.text and "orphans: 1 found" in listed.text
    call_command("media_sweep_orphans", "--older-than-hours", "0", stdout=(swept := _Out()))
    assert "orphans: 1 deleted" in swept.text
    keys = bucket_keys(s3_media)
    assert f"originals/{orphan}" not in keys
    assert f"originals/{kept.original.name}" in keys and kept.large.name in keys and kept.thumbnail.name in keys
