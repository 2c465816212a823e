from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..access import accessible_return
from ..labels import label_pdf as build_label
from .common import not_found
from .returns import LABEL_STATES


@never_cache
@require_GET
def label_pdf(request, rma):
    """The return label and packing slip, only while the parcel is expected."""
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    if ret.state not in LABEL_STATES:
        return render(request, "portal/label_unavailable.html", {"ret": ret}, status=409)
    response = HttpResponse(build_label(ret), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="return-label-{ret.rma_number}.pdf"'
    return response
