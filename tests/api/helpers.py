"""Small helpers of the API tests."""
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.inspection.helpers import jpeg_bytes, stored_files

__all__ = ["as_user", "jpeg", "not_an_image", "statuses", "stored_files"]


def jpeg(name="photo.jpg", color=(200, 30, 30)):
    return SimpleUploadedFile(name, jpeg_bytes(color=color), "image/jpeg")


def not_an_image(name="notes.jpg"):
    """A text file that claims to be a JPEG."""
    return SimpleUploadedFile(name, b"this is not a picture at all\n" * 20, "image/jpeg")


def as_user(api, user):
    api.force_authenticate(user)
    return api


def statuses(api, everyone, call):
    """{role: HTTP status} of `call(api)` made by each role in turn."""
    seen = {}
    for role, user in everyone.items():
        api.force_authenticate(user)
        seen[role] = call(api).status_code
    api.force_authenticate(None)
    return seen
