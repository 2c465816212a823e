"""Size limits shown to people: one source for the numbers (settings) and one way to write them.

The photo limit is decimal (15 MB = 15 000 000 bytes) because that is how inspection.photos writes sizes
in its refusals; a binary limit (15 MiB) would make the page say "15.7 MB" for the same limit.
"""
from django.conf import settings

from inspection.photos import format_size

__all__ = ["format_size", "photo_max_bytes", "request_max_bytes", "limits"]


def photo_max_bytes() -> int:
    return settings.RETURNFLOW["PHOTO_MAX_BYTES"]


def request_max_bytes(content_type: str) -> int:
    """The most a request body may weigh: uploads get room for several photos, anything else the
    in-memory cap, since DRF streams JSON bodies without applying DATA_UPLOAD_MAX_MEMORY_SIZE."""
    if content_type.startswith("multipart/form-data"):
        return settings.RETURNFLOW["REQUEST_MAX_BYTES"]
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def limits(request):
    """Context processor: templates print the limits instead of repeating their numbers."""
    return {"photo_limit": format_size(photo_max_bytes()),
            "upload_limit": format_size(settings.RETURNFLOW["REQUEST_MAX_BYTES"])}
