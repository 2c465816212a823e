"""Storing photo evidence: validate, keep the original with its hash, render later in a task.

The original goes to private storage (inspection.storage): it may carry the phone's GPS position, so
it is kept as evidence and never served or packed; people get the metadata-free renditions only. A
polyglot (an image with something appended, e.g. an HTML page or a ZIP archive) is not kept as it
arrived: its re-encoded image is the original, and the SHA-256 is that image's.

Files are written before the database row commits. `files_removed_on_error` deletes them again if
anything in the caller's block fails, so a rejected form never leaves an orphaned file behind.
"""
import hashlib
from contextlib import contextmanager
from dataclasses import replace

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from returns.errors import InvalidReturnRequest

from .models import Photo, PhotoKind
from .photos import PhotoRejected, reencode_clean, validate_photo

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class PhotoInvalid(InvalidReturnRequest):
    code = "invalid_photo"


def check_photo(upload):
    """Validate one upload (no side effects); raises PhotoInvalid with a message for people."""
    limits = settings.RETURNFLOW
    try:
        return validate_photo(upload, filename=getattr(upload, "name", None),
                              content_type=getattr(upload, "content_type", None),
                              max_bytes=limits["PHOTO_MAX_BYTES"], max_pixels=limits["PHOTO_MAX_PIXELS"])
    except PhotoRejected as exc:
        name = getattr(upload, "name", "") or "The photo"
        raise PhotoInvalid(f"{name}: {exc.message}", details={"photo_error": exc.code}) from None


@contextmanager
def files_removed_on_error():
    """Collects stored file names; deletes them if the block raises."""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for field in stored:
            field.storage.delete(field.name)
        raise


def photo_store(*, upload, kind: PhotoKind, uploaded_by, stored: list, return_request=None, line=None, info=None):
    """Save the original and its row; renditions follow once the transaction commits.

    `stored` comes from `files_removed_on_error()` around the caller's transaction.
    """
    info = info or check_photo(upload)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read() if hasattr(upload, "read") else upload
    if hashlib.sha256(data).hexdigest() != info.sha256:
        raise PhotoInvalid("The photo changed while it was being uploaded; please try again.")
    if info.payload_bytes:
        info, data = _image_alone(info, data)
    photo = Photo(return_request=return_request, line=line, kind=kind, sha256=info.sha256,
                  mime_type=info.mime_type, byte_size=info.byte_size, width=info.width, height=info.height,
                  uploaded_by=uploaded_by if uploaded_by is not None and uploaded_by.is_authenticated else None)
    photo.original.save(f"{info.sha256[:16]}.{EXTENSIONS[info.mime_type]}", ContentFile(data), save=False)
    stored.append(photo.original)
    photo.save()
    transaction.on_commit(lambda: _render_later(photo.pk))
    for hook in list(_photo_stored_hooks.values()):
        transaction.on_commit(lambda hook=hook: hook(photo.pk))
    return photo


# Apps that check stored photos (intelligence: blur, darkness, the same picture on another return, an EXIF
# date before delivery) register here from their AppConfig.ready(), like returns.subscribers: this module
# does not know them. Each gets the photo's id once its row commits; it advises and must not raise.
_photo_stored_hooks: dict = {}


def register_photo_stored_hook(name: str, hook) -> None:
    _photo_stored_hooks[name] = hook


def _image_alone(info, data):
    """A polyglot's image re-encoded, without what was appended: what we store is only ever an image."""
    clean = reencode_clean(data, max_pixels=settings.RETURNFLOW["PHOTO_MAX_PIXELS"])
    info = replace(info, sha256=hashlib.sha256(clean.jpeg).hexdigest(), format="JPEG", mime_type="image/jpeg",
                   byte_size=clean.byte_size, width=clean.width, height=clean.height, payload_bytes=0)
    return info, clean.jpeg


def _render_later(photo_id):
    from .tasks import photo_make_renditions

    photo_make_renditions.delay(photo_id)
