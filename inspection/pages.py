"""Small helpers shared by the tablet's views: lookups with object checks, and error answers."""
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from returns import permissions as perm
from returns import warehouses
from returns.errors import ReturnPermissionDenied
from returns.models import ReturnLine, ReturnRequest


def request_id(request) -> str:
    return getattr(request, "request_id", "")


def wants_json(request) -> bool:
    """The tablet script saves steps with fetch() and asks for JSON; plain forms get pages."""
    return "application/json" in request.headers.get("Accept", "")


def get_return(request, rma_number) -> ReturnRequest:
    returns = ReturnRequest.objects.select_related("customer", "order", "warehouse")
    if request.user.is_authenticated:
        returns = warehouses.annotate_staff_access(returns, request.user)
    ret = get_object_or_404(returns, rma_number=rma_number)
    if not perm.can_view_return(ret, request.user):
        raise PermissionDenied("This return is not yours to see.")
    try:  # staff given warehouses work only on those warehouses' returns; the page says whose it is
        warehouses.check_works_at(request.user, ret)
    except ReturnPermissionDenied as exc:
        raise PermissionDenied(exc.message) from None
    return ret


def get_line(ret, line_id) -> ReturnLine:
    return get_object_or_404(ReturnLine.objects.select_related("product__category", "order_line", "reason"),
                             pk=line_id, request=ret)


def error_json(exc, status=None) -> JsonResponse:
    return JsonResponse({"error": {"code": exc.code, "message": exc.message, "details": exc.details or {}}},
                        status=status or exc.status)
