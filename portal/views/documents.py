from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..access import accessible_return
from ..labels import label_pdf as build_label
from ..qr_svg import qr_svg
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


@never_cache
@require_GET
def label_qr(request, rma):
    """No printer: the label's QR code filling the phone's screen, to show at the drop-off counter.
    A page of its own (no JavaScript), only while the parcel is expected, like the PDF."""
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    if ret.state not in LABEL_STATES:
        return render(request, "portal/label_unavailable.html", {"ret": ret}, status=409)
    code = qr_svg(ret.rma_number, _("QR code of return %(rma)s") % {"rma": ret.rma_number})
    return render(request, "portal/label_qr.html", {"ret": ret, "qr": code})
