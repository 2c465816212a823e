"""Working a queue: assign a return (to me, to a colleague, to nobody), take over another agent's
work lock, and the "mine" queue of what is assigned to me."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from returns import permissions as perm
from returns.errors import ReturnsError

from .. import assignment, worklists
from ..forms import QueueFilterForm
from . import staff_required
from .detail import get_return



PAGE_SIZE = 50


def safe_next(request, fallback):
    """Back to the console page the form came from; never off-site."""
    target = request.POST.get("next", "")
    if target.startswith("/support/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return fallback


def chosen_assignee(request):
    """'me', '' (nobody) or a user id from the hand-over list; None when the choice is not an agent."""
    value = request.POST.get("assignee", "").strip()
    if value == "me":
        return request.user, True
    if value == "":
        return None, True
    if not value.isdigit():
        return None, False
    user = get_user_model().objects.filter(pk=int(value), is_active=True).first()
    return user, user is not None and perm.is_agent(user)


@require_POST
@staff_required
def assign(request, rma):
    ret = get_return(rma, request.user)
    assignee, valid = chosen_assignee(request)
    back = redirect("support:detail", ret.rma_number)
    if not valid:
        messages.error(request, _("Choose a colleague who works in the support console."))
        return safe_next(request, back)
    try:
        assignment.assign(return_id=ret.pk, actor=request.user, assignee=assignee, request_id=request.request_id)
    except ReturnsError as error:
        messages.error(request, error.message)
        return safe_next(request, back)
    if assignee is None:
        messages.success(request, _("%(rma)s is unassigned.") % {"rma": ret.rma_number})
    else:
        messages.success(request, _("%(rma)s is assigned to %(who)s.") % {
            "rma": ret.rma_number, "who": assignment.person(assignee)})
    return safe_next(request, back)


@require_POST
@staff_required
def take_over(request, rma):
    ret = get_return(rma, request.user)
    try:
        assignment.take_over(return_id=ret.pk, actor=request.user, request_id=request.request_id)
    except ReturnsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have %(rma)s now; your colleague's decision would be refused.") % {
            "rma": ret.rma_number})
    return redirect("support:detail", ret.rma_number)


@staff_required
def mine(request):
    form = QueueFilterForm(request.GET or None)
    valid = form.is_valid()
    q, sla = (form.cleaned_data["q"].strip(), form.cleaned_data["sla"]) if valid else ("", "")
    rows = worklists.apply_sla(assignment_rows(request.user, q), sla)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/mine.html", {
        "form": form, "page": page, "total": len(rows), "nav": "mine",
        "queues": [worklists.summary(q) for q in worklists.QUEUES]})


def assignment_rows(user, q=""):
    from returns.models import ReturnRequest

    from ..models import Assignment

    returns = (ReturnRequest.objects.filter(assignment__assignee=user)
               .exclude(state__in=assignment.FINISHED_STATES).select_related("customer", "order"))
    if q:
        returns = returns.filter(worklists.return_search(q))
    since = dict(Assignment.objects.filter(assignee=user).values_list("return_request_id", "assigned_at"))
    rows = [worklists.return_row(ret, str(ret.get_state_display()), since=since.get(ret.pk)) for ret in returns]
    return assignment.annotate_rows(rows)
