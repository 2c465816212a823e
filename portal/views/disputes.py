"""POST /portal/returns/<rma>/dispute/: the customer disagrees with a short receipt or a deduction.

The same access rule as the status page (a signed link, a looked-up order or the owner's login;
anything else is "not found"). The dispute is opened in the customer's name through
returns.services.disputes; a form error or a refused dispute re-renders the status page with
the message and everything the customer typed.
"""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from returns.errors import ReturnsError
from returns.services.disputes import dispute_open

from ..access import accessible_return
from ..disputes import DisputeForm
from ..forms import ShipForm, error_entries
from .common import not_found
from .returns import _context


@never_cache
@require_POST
def open_dispute(request, rma):
    ret = accessible_return(request, rma)
    if ret is None:
        return not_found(request)
    form = DisputeForm(request.POST, ret=ret)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            dispute_open(return_id=ret.pk, actor=ret.customer.user, kind=data["kind"], message=data["message"],
                         line_id=data["line"], request_id=getattr(request, "request_id", ""))
        except ReturnsError as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Thank you. Our support team will look into it and answer you on this page."))
            return redirect(reverse("portal:status", args=[ret.rma_number]) + "#disputes")
    return render(request, "portal/status.html",
                  _context(ret, dispute_form=form, ship_form=ShipForm(), error_summary=error_entries(form)),
                  status=status)
