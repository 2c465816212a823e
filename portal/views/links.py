from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from returns.models import ReturnRequest

from ..access import grant_return
from ..forms import LookupForm
from ..links import LinkExpired, LinkInvalid, read_token


@require_GET
def status_link(request, token):
    """The link from an e-mail: gives this browser access to that one return, then shows it."""
    try:
        rma = read_token(token)
    except LinkExpired:
        return render(request, "portal/link_invalid.html", {"form": LookupForm(), "expired": True}, status=410)
    except LinkInvalid:
        return render(request, "portal/link_invalid.html", {"form": LookupForm(), "expired": False}, status=403)
    ret = ReturnRequest.objects.filter(rma_number=rma).first()
    if ret is None:
        return render(request, "portal/link_invalid.html", {"form": LookupForm(), "expired": False}, status=403)
    grant_return(request, ret)
    return redirect("portal:status", rma=ret.rma_number)
