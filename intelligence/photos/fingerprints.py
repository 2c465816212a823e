"""Checking a stored Photo and keeping its fingerprint: the function the upload pipeline calls.

`check_stored_photo(photo)` is meant to be called once a photo's original is saved (portal and
tablet uploads); it compares against other returns' photos, records a PhotoFingerprint with the
findings for support, and answers the PhotoCheck, whose `retake` sentences the upload page may show.
It never raises into the pipeline: a photo that cannot be read is left to the pipeline's own checks.
"""
import logging

from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from inspection.models import PhotoKind

from ..models import PhotoFingerprint
from . import checks

log = logging.getLogger(__name__)


def known_hashes_for(photo) -> list[tuple[str, str]]:
    """Hashes of customers' photos on other returns, labelled with their return number. Only a customer's
    photo is compared: the warehouse photographs like items on one rig, and those look alike by design."""
    if photo.kind != PhotoKind.CUSTOMER:
        return []
    others = (PhotoFingerprint.objects.filter(photo__kind=PhotoKind.CUSTOMER).exclude(phash="")
              .exclude(photo__return_request_id=photo.return_request_id).exclude(photo_id=photo.pk)
              .select_related("photo__return_request"))
    return [(fp.phash, f"a photo on {fp.photo.return_request.rma_number}" if fp.photo.return_request_id
             else f"photo {fp.photo_id}") for fp in others]


def check_image(photo, image: Image.Image) -> checks.PhotoCheck:
    ret = photo.return_request
    delivered_at = ret.order.delivered_at if ret is not None else None
    result = checks.check(image, delivered_at=delivered_at, known_hashes=known_hashes_for(photo))
    m = result.measures
    taken = timezone.make_aware(m.taken_at) if m.taken_at else None
    PhotoFingerprint.objects.update_or_create(photo=photo, defaults={
        "phash": m.phash, "sharpness": m.sharpness, "brightness": m.brightness, "taken_at": taken,
        "findings": result.flags + [{"check": "retake", "message": s} for s in result.retake]})
    return result


def check_stored_photo(photo) -> checks.PhotoCheck | None:
    try:
        with photo.original.open("rb") as original, Image.open(original) as image:
            image.load()
            return check_image(photo, image)
    except (OSError, UnidentifiedImageError, ValueError):
        log.warning("photo %s could not be fingerprinted", photo.pk, exc_info=True)
        return None
