"""Photos for agents (served through a role check, never from a public media URL) and the
evidence pack downloads (PDF, ZIP), each download audited."""
import mimetypes
import tempfile

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from inspection.models import Photo
from returns.services.audit import audit_record

from .. import evidence_pack
from .. import record as records
from . import staff_required
from .detail import get_return

RENDITIONS = ("thumb", "large", "original")


@require_GET
@staff_required
def photo(request, pk, size):
    if size not in RENDITIONS:
        raise Http404("No such rendition.")
    item = get_object_or_404(Photo, pk=pk)
    # Renditions appear once the Celery task has made them; until then the original stands in.
    field = {"thumb": item.thumbnail, "large": item.large}.get(size) or item.original
    try:
        handle = field.open("rb")
    except (OSError, ValueError):
        raise Http404("The photo file is missing.") from None
    content_type = item.mime_type if field == item.original else (
        mimetypes.guess_type(field.name)[0] or "application/octet-stream")
    response = FileResponse(handle, content_type=content_type, as_attachment=size == "original",
                            filename=evidence_pack._photo_name(item).rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _audit(request, ret, kind):
    audit_record(request=ret, actor=request.user, action="evidence_pack", from_state=ret.state, to_state=ret.state,
                 request_id=request.request_id, data={"format": kind})


@require_GET
@staff_required
def evidence_pdf(request, rma):
    ret = get_return(rma, request.user)
    pdf = evidence_pack.build_pdf(records.build(ret), request.user)
    _audit(request, ret, "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="evidence-{ret.rma_number}.pdf"'
    return response


@require_GET
@staff_required
def evidence_zip(request, rma):
    ret = get_return(rma, request.user)
    # Originals can be large: spool to disk beyond a few MB instead of holding the ZIP in memory.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    evidence_pack.write_zip(records.build(ret), request.user, spool)
    _audit(request, ret, "zip")
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"evidence-{ret.rma_number}.zip",
                        content_type="application/zip")
