"""How many photos one upload and one customer line may carry: one rule for every screen and the API."""
from django.utils.translation import gettext as _

from returns.errors import InvalidReturnRequest

MAX_PHOTOS_PER_UPLOAD = 12  # staff uploads (tablet, console, API) in one request
MAX_CUSTOMER_PHOTOS_PER_LINE = 5  # what a customer may attach to one returned item


def photo_uploads(request, field="photos"):
    """The uploaded files of `field`, refused above the per-upload limit before any is read."""
    files = request.FILES.getlist(field)
    if len(files) > MAX_PHOTOS_PER_UPLOAD:
        raise InvalidReturnRequest(_("Upload at most %(n)s photos at a time.") % {"n": MAX_PHOTOS_PER_UPLOAD})
    return files
