"""A customer's dispute for agents: what they said, what was recorded, and the resolve form.

Support agents and finance may read it (the console's role check); resolving is for support agents
(returns.services.disputes.dispute_resolve checks it again and audits the answer). A missing or
empty answer re-renders the page with the error and keeps what the agent typed.
"""
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from returns import permissions as perm
from returns.errors import ReturnsError
from returns.models import Dispute
from returns.services.disputes import MAX_MESSAGE, dispute_resolve

from . import staff_required


class DisputeResolveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Answer for the customer"), max_length=MAX_MESSAGE,
        help_text=gettext_lazy("Shown to the customer on their return's page: what you found and what happens now."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write the answer for the customer: how the dispute was resolved.")})


def _dispute(pk):
    return get_object_or_404(Dispute.objects.select_related(
        "return_request__customer", "return_request__order", "line__product", "opened_by", "resolved_by"), pk=pk)


def _render(request, dispute, form, status=200):
    ret = dispute.return_request
    return render(request, "support/dispute.html", {
        "dispute": dispute, "ret": ret, "form": form, "nav": "queues",
        "lines": ret.lines.select_related("product").order_by("id"),
        "can_resolve": dispute.is_open and request.user.has_perm(perm.PERM_REVIEW),
    }, status=status)


@require_GET
@staff_required
def dispute_detail(request, pk):
    return _render(request, _dispute(pk), DisputeResolveForm())


@require_POST
@staff_required
def dispute_resolve_view(request, pk):
    dispute = _dispute(pk)
    form = DisputeResolveForm(request.POST)
    if not form.is_valid():
        return _render(request, dispute, form, status=400)
    try:
        dispute_resolve(dispute_id=dispute.pk, actor=request.user, note=form.cleaned_data["note"],
                        request_id=getattr(request, "request_id", ""))
    except ReturnsError as error:
        form.add_error(None, error.message)
        return _render(request, _dispute(pk), form, status=error.status)
    messages.success(request, _("%(rma)s: dispute resolved; the customer sees your answer.") % {
        "rma": dispute.return_request.rma_number})
    return redirect("support:queue", "disputes")
