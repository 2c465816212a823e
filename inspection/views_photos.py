"""Inspection photos: upload from the tablet camera, poll until the renditions are ready, serve them.

Only the metadata-free renditions are served (the original may carry GPS and is never served, see
inspection.photo_serving); access needs a staff role that may see every return.
"""
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from returnflow.access import role_required
from returns import permissions as perm
from returns.errors import ReturnsError

from .forms import photo_uploads
from .idempotency import idempotent
from .line_photos import inspection_photos_add
from .models import Photo
from .pages import get_line, get_return, request_id
from .photo_serving import rendition_response
from .presenters import line_context, photos_json

@role_required(perm.PERM_INSPECT)
@require_POST
@idempotent
def upload(request, rma_number, line_id):
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    try:
        photos = inspection_photos_add(ret=ret, line=line, actor=request.user, uploads=photo_uploads(request),
                                       request_id=request_id(request))
    except ReturnsError as exc:
        return render(request, "inspection/line.html",
                      line_context(ret, line, request.user, photo_error=exc.message), status=exc.status)
    messages.success(request, ngettext("%(n)s photo saved.", "%(n)s photos saved.", len(photos)) % {"n": len(photos)})
    return redirect(reverse("inspection:line", args=[ret.rma_number, line.pk]) + "#photos")


@role_required(perm.PERM_INSPECT, perm.PERM_REVIEW)
@require_GET
def photos_status(request, rma_number, line_id):
    """Tiny JSON the tablet polls until every thumbnail is ready."""
    ret = get_return(request, rma_number)
    line = get_line(ret, line_id)
    return JsonResponse({"photos": photos_json(line)})


@role_required(perm.PERM_VIEW_ALL)
@require_GET
def photo_file(request, pk, rendition):
    return rendition_response(get_object_or_404(Photo, pk=pk), rendition)
