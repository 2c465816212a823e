"""Photo checks: blur and darkness ask for a retake, a reused picture or an EXIF date before delivery is flagged."""
import io
from datetime import datetime

import numpy as np
import pytest
from PIL import Image, ImageFilter

from intelligence.photos import checks


def scene(seed=1, size=(800, 600)):
    """A sharp, well-lit picture: blocks of colour with hard edges."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(60, 255, size=(size[1] // 40, size[0] // 40, 3), dtype=np.uint8)
    return Image.fromarray(np.kron(blocks, np.ones((40, 40, 1), dtype=np.uint8)))


def with_exif_date(image, when: str):
    exif = Image.Exif()
    exif[checks.EXIF_DATETIME] = when
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return Image.open(io.BytesIO(out.getvalue()))


def test_a_sharp_bright_photo_passes():
    result = checks.check(scene())
    assert result.ok and result.measures.sharpness > 60 and result.measures.brightness > 40
    assert len(result.measures.phash) == 16 and result.measures.taken_at is None


def test_a_blurry_or_dark_photo_asks_for_a_retake(settings):
    blurry = checks.check(scene().filter(ImageFilter.GaussianBlur(6)))
    assert any("blurry" in s for s in blurry.retake) and not blurry.ok
    dark = checks.check(scene().point(lambda v: v * 0.12))
    assert any("too dark" in s for s in dark.retake)
    settings.INTELLIGENCE = {"PHOTO_MIN_SHARPNESS": 0.0, "PHOTO_MIN_BRIGHTNESS": 0.0}
    assert checks.check(scene().filter(ImageFilter.GaussianBlur(6))).ok


def test_the_same_picture_re_encoded_matches_a_different_one_does_not():
    original = scene(1)
    out = io.BytesIO()
    original.resize((640, 480)).save(out, "JPEG", quality=60)
    again = checks.measure(Image.open(io.BytesIO(out.getvalue())))
    first = checks.measure(original)
    assert checks.hash_distance(first.phash, again.phash) <= 4
    assert checks.hash_distance(first.phash, checks.measure(scene(2)).phash) > 10
    flagged = checks.check(original, known_hashes=[(again.phash, "a photo on RMA-1")])
    assert flagged.flags[0]["check"] == "photo_match" and "RMA-1" in flagged.flags[0]["message"]


def test_an_exif_date_before_delivery_is_flagged():
    from django.utils import timezone

    photo = with_exif_date(scene(), "2026:03:01 10:00:00")
    assert photo and checks.exif_taken_at(photo) == datetime(2026, 3, 1, 10, 0)
    delivered = timezone.make_aware(datetime(2026, 3, 5, 9, 0))
    flags = checks.check(photo, delivered_at=delivered).flags
    assert flags[0]["check"] == "exif_before_delivery" and "05 Mar 2026" in flags[0]["message"]
    assert not checks.check(photo, delivered_at=datetime(2026, 2, 1)).flags
    assert checks.exif_taken_at(with_exif_date(scene(), "not a date")) is None


def test_tiny_images_measure_without_error():
    assert checks.laplacian_variance(np.zeros((2, 2))) == 0.0
    assert checks.measure(Image.new("RGB", (2, 2))).sharpness == 0.0


@pytest.mark.django_db
def test_a_stored_photo_is_fingerprinted_and_matched_across_returns(alice, bob, ivan):
    from intelligence.models import PhotoFingerprint
    from intelligence.photos.fingerprints import check_stored_photo
    from tests.factories import add_inspection_photo, create_return, make_order, make_product
    from tests.intelligence.helpers import customer_photo

    product = make_product()
    first = create_return(make_order(alice, [(product, 1, "20.00")]), alice.user)
    second = create_return(make_order(bob, [(product, 1, "20.00")]), bob.user)
    photo_a = customer_photo(first.lines.get(), alice.user)
    photo_b = customer_photo(second.lines.get(), bob.user)  # the same demo picture of the same SKU
    assert check_stored_photo(photo_a).flags == []
    result = check_stored_photo(photo_b)
    assert result.flags and first.rma_number in result.flags[0]["message"]
    stored = PhotoFingerprint.objects.get(photo=photo_b)
    assert stored.phash == result.measures.phash and stored.findings[0]["check"] == "photo_match"
    assert str(stored).startswith(f"photo {photo_b.pk}")
    # The warehouse's photo of the same item is measured, never matched: its rig makes like items look alike.
    warehouse = check_stored_photo(add_inspection_photo(second.lines.get(), ivan))
    assert warehouse.flags == [] and warehouse.measures.sharpness > 0


@pytest.mark.django_db
def test_an_unreadable_original_is_left_to_the_pipeline(alice, ivan, monkeypatch):
    from intelligence.photos.fingerprints import check_stored_photo
    from tests.factories import add_inspection_photo, create_return, make_order, make_product

    ret = create_return(make_order(alice, [(make_product(), 1, "20.00")]), alice.user)
    photo = add_inspection_photo(ret.lines.get(), ivan)
    monkeypatch.setattr(type(photo.original), "open", lambda self, mode="rb": io.BytesIO(b"not an image"))
    assert check_stored_photo(photo) is None


def test_retake_advice_reads_an_upload_and_rewinds_it():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intelligence.photos.upload import retake_advice

    out = io.BytesIO()
    scene().filter(ImageFilter.GaussianBlur(6)).point(lambda v: v * 0.1).save(out, "JPEG")
    upload = SimpleUploadedFile("p.jpg", out.getvalue(), "image/jpeg")
    advice = retake_advice(upload)
    assert len(advice) == 2 and upload.tell() == 0
    assert retake_advice(SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")) == []


@pytest.mark.django_db
def test_photo_stored_fingerprints_and_support_sees_the_findings(alice, bob, monkeypatch):
    from django.template import Context, Template

    from intelligence.models import PhotoFingerprint
    from intelligence.photos import fingerprints, upload
    from tests.factories import create_return, make_order, make_product
    from tests.intelligence.helpers import customer_photo

    product = make_product()
    photo_a = customer_photo(create_return(make_order(alice, [(product, 1, "9.00")]), alice.user).lines.get(),
                             alice.user)
    photo_b = customer_photo(create_return(make_order(bob, [(product, 1, "9.00")]), bob.user).lines.get(), bob.user)
    upload.photo_stored(photo_a.pk)
    upload.photo_stored(photo_b.pk)
    upload.photo_stored(10**9)  # gone: nothing to do
    html = Template("{% include 'support/includes/intelligence_photo.html' %}").render(Context({"p": photo_b}))
    assert 'data-photo-check="photo_match"' in html
    assert Template("{% include 'support/includes/intelligence_photo.html' %}").render(
        Context({"p": object()})).strip() == ""
    monkeypatch.setattr(fingerprints, "check_stored_photo", lambda p: 1 / 0)
    PhotoFingerprint.objects.filter(photo=photo_a).delete()
    upload.photo_stored(photo_a.pk)  # a failing check never breaks the upload
    assert not PhotoFingerprint.objects.filter(photo=photo_a).exists()


@pytest.mark.django_db
def test_the_photo_checks_task_fingerprints(alice):
    from intelligence.models import PhotoFingerprint
    from intelligence.tasks import photo_checks
    from tests.factories import create_return, make_order, make_product
    from tests.intelligence.helpers import customer_photo

    photo = customer_photo(create_return(make_order(alice, [(make_product(), 1, "9.00")]), alice.user).lines.get(),
                           alice.user)
    photo_checks.apply(args=[photo.pk])
    assert PhotoFingerprint.objects.filter(photo=photo).exists()


@pytest.mark.django_db
def test_an_upload_is_checked_once_it_commits(alice, django_capture_on_commit_callbacks, monkeypatch):
    from intelligence import tasks
    from intelligence.models import PhotoFingerprint
    from tests.factories import create_return, make_order, make_product
    from tests.intelligence.helpers import customer_photo

    line = create_return(make_order(alice, [(make_product(), 1, "9.00")]), alice.user).lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        photo = customer_photo(line, alice.user)
    assert PhotoFingerprint.objects.filter(photo=photo).exists()
    monkeypatch.setattr(tasks.photo_checks, "delay", lambda photo_id: 1 / 0)
    tasks.photo_checks_later(photo.pk)  # a broker that is down loses the advice, not the upload


@pytest.mark.django_db
def test_the_tablet_asks_the_inspector_for_a_retake(alice, ivan):
    from django.template import Context, Template

    from intelligence.models import PhotoFingerprint
    from tests.factories import add_inspection_photo, create_return, make_order, make_product

    line = create_return(make_order(alice, [(make_product(), 1, "9.00")]), alice.user).lines.get()
    photo = add_inspection_photo(line, ivan)
    PhotoFingerprint.objects.create(photo=photo, findings=[{"check": "retake", "message": "The photo looks blurry"},
                                                           {"check": "photo_match", "message": "not for the tablet"}])
    html = Template("{% include 'inspection/_intelligence_retake.html' %}").render(Context({"photo": photo}))
    assert "The photo looks blurry" in html and "not for the tablet" not in html
