"""Private storage for photo originals: kept as evidence, never served.

An original may carry the phone's GPS position (and anything else its EXIF holds), so it lives outside
MEDIA_ROOT (no media URL can reach it) and this storage has no URLs at all. People only ever get the
metadata-free renditions (inspection.photos.make_renditions); the evidence pack names the original's
SHA-256 and re-hashes it, without packing it.
"""
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def private_media_root() -> Path:
    """PRIVATE_MEDIA_ROOT when set, else a sibling of MEDIA_ROOT (`media` → `media-private`)."""
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(f"{media.name}-private")


@deconstructible(path="inspection.storage.PrivateEvidenceStorage")
class PrivateEvidenceStorage(FileSystemStorage):
    """A file system storage without URLs, rooted outside MEDIA_ROOT."""

    # Read on each use rather than cached, so a test that changes MEDIA_ROOT gets its own folder.
    @property
    def base_location(self):
        return private_media_root()

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Photo originals are private evidence and have no URL; serve a rendition.")


def private_originals():
    """The storage of Photo.original: the STORAGES alias "private_originals" (this class on local disk,
    a URL-less bucket with MEDIA_STORAGE=s3; see returnflow.storage), looked up lazily so that tests
    and settings changes pick the backend."""
    from returnflow.storage import originals_storage

    return originals_storage
