"""Role and object checks shared by the API views, the same rules the pages apply.

The role check comes first (a customer asking for a staff-only resource gets 403 without learning
anything about the object), then the object check (a customer only reaches their own returns).
Someone else's return answers 404, exactly like an RMA number that does not exist, so that RMA
numbers cannot be probed (the portal answers "not found" for both too).
"""
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import PermissionDenied

from returns import permissions as perm
from returns.models import ReturnEvent, ReturnLine, ReturnRequest

# The support console and the Odoo outbox page: support agents and finance (support.views.staff_required).
CONSOLE = (perm.PERM_REVIEW, perm.PERM_APPROVE_REFUND)
# The tablet's receiving screens (inspection.views_receive).
RECEIVING = (perm.PERM_RECEIVE,)
# Anyone who works on returns: the warehouse, support and finance.
STAFF = (perm.PERM_RECEIVE, perm.PERM_INSPECT, perm.PERM_REVIEW, perm.PERM_RELEASE_REFUND, perm.PERM_APPROVE_REFUND)


def request_id(request) -> str:
    return getattr(request, "request_id", "")


def has_any(user, perms) -> bool:
    return any(user.has_perm(p) for p in perms)


def require_any(user, perms, message) -> None:
    if not has_any(user, perms):
        raise PermissionDenied(message)


def is_console_user(user) -> bool:
    return has_any(user, CONSOLE)


def sees_everything(user) -> bool:
    """Staff roles read every return with the staff serializers; everyone else gets the customer's."""
    return user.has_perm(perm.PERM_VIEW_ALL)


def return_for(request, rma_number) -> ReturnRequest:
    """The return, or 404 both for an unknown RMA and for someone else's return (the same answer)."""
    ret = ReturnRequest.objects.select_related("customer", "order").filter(rma_number=rma_number).first()
    if ret is None or not perm.can_view_return(ret, request.user):
        raise Http404("No such return.")
    return ret


def line_of(ret, line_id) -> ReturnLine:
    """A line of this return (404 for a line of another return, so ids cannot be probed)."""
    return get_object_or_404(ReturnLine.objects.select_related("product__category", "order_line", "reason"),
                             pk=line_id, request=ret)


def detail_queryset():
    """Returns with everything ReturnDetailSerializer reads, in a fixed number of queries."""
    return ReturnRequest.objects.select_related("order", "customer").prefetch_related(
        "lines__product", "lines__reason", "postings",
        Prefetch("events", queryset=ReturnEvent.objects.select_related("actor")))


def form_errors(form) -> dict:
    """A Django form's errors as a DRF ValidationError detail (when a console form is reused for its rules)."""
    return {field: [str(error) for error in errors] for field, errors in form.errors.items()}
