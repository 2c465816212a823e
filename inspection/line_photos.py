"""Photo evidence of a line under inspection: stored all or none, with an audit record per photo."""
from django.db import transaction
from django.utils.translation import gettext as _

from returns.choices import ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from .claims import claim_require
from .evidence import check_photo, files_removed_on_error, photo_store
from .models import PhotoKind


def inspection_photos_add(*, ret, line, actor, uploads, request_id=""):
    """Store photos of a line being inspected: all or none, no file left behind on error."""
    if not uploads:
        raise InvalidReturnRequest(_("Choose or take at least one photo."))
    infos = [check_photo(upload) for upload in uploads]  # every file is checked before any is written
    with files_removed_on_error() as stored, transaction.atomic():
        locked = lock_return(ret.pk)
        if locked.state != ReturnStatus.INSPECTING:
            raise IllegalTransition(_("%(rma)s is not being inspected.") % {"rma": ret.rma_number})
        claim_require(locked, actor)
        photos = []
        for upload, info in zip(uploads, infos, strict=True):
            photo = photo_store(upload=upload, kind=PhotoKind.INSPECTION, uploaded_by=actor, stored=stored,
                                return_request=locked, line=line, info=info)
            audit_record(request=locked, actor=actor, action="inspection_photo_added", from_state=locked.state,
                         to_state=locked.state, request_id=request_id,
                         data={"line": line.pk, "photo": photo.pk, "sha256": photo.sha256})
            photos.append(photo)
        return photos
