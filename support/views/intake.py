"""Create a return for a customer who phoned or wrote (support.intake)."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from returns import permissions as perm
from returns.errors import ReturnsError
from returns.services.notes import note_add

from ..intake import OnBehalfForm, create_on_behalf, find_order
from . import staff_required


@staff_required
def new_return(request):
    if not request.user.has_perm(perm.PERM_REVIEW):
        messages.error(request, _("Only support agents create returns for customers."))
        return redirect("support:home")
    number = request.GET.get("order", "") or request.POST.get("order", "")
    order = find_order(number)
    form, status = None, 200
    if order is not None:
        form = OnBehalfForm(request.POST or None, order=order)
        if request.method == "POST" and form.is_valid():
            try:
                ret, how = create_on_behalf(form=form, actor=request.user, request_id=request.request_id)
            except ReturnsError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                note_add(return_id=ret.pk, actor=request.user, request_id=request.request_id,
                         text=_("Created by %(who)s for the customer, who asked by %(how)s.") % {
                             "who": request.user.get_username(), "how": str(how).lower()})
                messages.success(request, _("%(rma)s created for %(name)s; they get the usual e-mail.") % {
                    "rma": ret.rma_number, "name": ret.customer.name})
                return redirect("support:detail", ret.rma_number)
        elif request.method == "POST":
            status = 400
    elif number:
        status = 404 if request.method == "GET" else 400
    return render(request, "support/new_return.html", {
        "number": number, "order": order, "form": form, "not_found": bool(number) and order is None, "nav": "queues",
    }, status=status)
