"""Photos for agents (served through a role check, never from a public media URL) and the
evidence pack downloads (PDF, ZIP), each download audited."""
import tempfile

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from inspection.models import Photo
from inspection.photo_serving import rendition_response
from returnflow.storage import download_response
from returns.services.audit import audit_record

from .. import evidence_pack
from .. import record as records
from . import staff_required
from .detail import get_return

@require_GET
@staff_required
def photo(request, pk, size):
    """The thumb or large rendition, or a "processing" placeholder until it exists. The original (it may
    carry GPS) is never served, to any role; the evidence pack names its SHA-256 instead."""
    return rendition_response(get_object_or_404(Photo, pk=pk), size, cache_seconds=3600)


def _audit(request, ret, kind):
    audit_record(request=ret, actor=request.user, action="evidence_pack", from_state=ret.state, to_state=ret.state,
                 request_id=request.request_id, data={"format": kind})


@require_GET
@staff_required
def evidence_pdf(request, rma):
    ret = get_return(rma, request.user)
    pdf = evidence_pack.build_pdf(records.build(ret), request.user)
    _audit(request, ret, "pdf")
    # Streamed here on local disk; a short-lived signed URL to the bucket with MEDIA_STORAGE=s3.
    return download_response(pdf, filename=f"evidence-{ret.rma_number}.pdf", content_type="application/pdf")


@require_GET
@staff_required
def evidence_zip(request, rma):
    ret = get_return(rma, request.user)
    # Photos can add up: spool to disk beyond a few MB instead of holding the ZIP in memory.
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    evidence_pack.write_zip(records.build(ret), request.user, spool)
    _audit(request, ret, "zip")
    spool.seek(0)
    return download_response(spool, filename=f"evidence-{ret.rma_number}.zip", content_type="application/zip")
