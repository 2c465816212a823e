"""Serving photos to people: only the metadata-free renditions, never the original.

The original may carry the phone's GPS position and lives in private storage with no URL
(inspection.storage). Until the renditions exist (or when they could not be made) a "processing"
placeholder is served instead, never the original in their place.
"""
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.html import escape
from django.utils.translation import gettext as _

from returnflow.storage import signed_url

from .models import PhotoStatus

RENDITION_FIELDS = {"thumb": "thumbnail", "large": "large"}

_PLACEHOLDER = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240" role="img"
 aria-label="{text}"><rect width="320" height="240" fill="#eef1f5"/><text x="160" y="125" font-family="sans-serif"
 font-size="18" fill="#555" text-anchor="middle">{text}</text></svg>"""


def rendition_response(photo, rendition: str, *, cache_seconds: int = 86400):
    """The rendition's JPEG; the placeholder while there is none; 404 for anything else (e.g. "original")."""
    if rendition not in RENDITION_FIELDS:
        raise Http404("Only the thumb and large renditions are served.")
    field = getattr(photo, RENDITION_FIELDS[rendition])
    if photo.status != PhotoStatus.READY or not field:
        return placeholder_response(failed=photo.status == PhotoStatus.FAILED)
    # In object storage (MEDIA_STORAGE=s3) the caller's role check is done: hand out a short-lived signed URL.
    url = signed_url(field, content_type="image/jpeg")
    if url:
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"  # the URL expires; never cache the redirect
        return response
    try:
        handle = field.open("rb")
    except (OSError, ValueError):
        return placeholder_response(failed=True)
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = f"private, max-age={cache_seconds}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def placeholder_response(*, failed: bool = False) -> HttpResponse:
    text = _("Photo could not be processed") if failed else _("Processing…")
    response = HttpResponse(_PLACEHOLDER.format(text=escape(text)), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "no-store"  # the real rendition replaces it as soon as it exists
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Photo-Status"] = "failed" if failed else "processing"
    return response
