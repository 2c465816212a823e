"""The two entry points the upload pipeline calls (registered from IntelligenceConfig.ready()).

- `retake_advice(upload)`: sentences asking the uploader for a better photo (blurry, too dark), for the
  upload page to show next to the photo; an empty list when the photo is fine or cannot be read.
  Advice, not a refusal: the photo is kept either way (a dark photo of real damage is still evidence).
- `photo_stored(photo_id)`: after a photo's row commits, measure and fingerprint it and record what
  support should see (the same picture on another return, an EXIF date before delivery).
"""
import logging

from PIL import Image, UnidentifiedImageError

from . import checks

log = logging.getLogger(__name__)


def retake_advice(upload) -> list[str]:
    try:
        if hasattr(upload, "seek"):
            upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            return checks.check(image).retake
    except (OSError, UnidentifiedImageError, ValueError):
        return []
    finally:
        if hasattr(upload, "seek"):
            upload.seek(0)


def photo_stored(photo_id: int) -> None:
    from inspection.models import Photo

    from .fingerprints import check_stored_photo

    try:
        photo = Photo.objects.select_related("return_request__order").get(pk=photo_id)
    except Photo.DoesNotExist:
        return
    try:
        check_stored_photo(photo)
    except Exception:  # advice must never break an upload
        log.exception("photo %s: intelligence checks failed", photo_id)
