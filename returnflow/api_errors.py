"""Every API error is JSON: {"error": {"code": <machine code>, "message": <for a person>, "details": ...}}."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from returns.errors import ReturnsError


def _first_message(detail):
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = _first_message(value)
            return inner if key == "non_field_errors" else f"{key}: {inner}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def error_response(code, message, http_status, details=None):
    body = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return Response(body, status=http_status)


def api_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return error_response("request_too_large", str(exc) or "The request body is too large.",
                              status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, ReturnsError):
        return error_response(exc.code, exc.message, exc.status, exc.details)
    if isinstance(exc, Http404):
        return error_response("not_found", "Not found.", status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return error_response("invalid_input", _first_message(exc.detail), response.status_code, exc.detail)
    code = getattr(exc, "default_code", "error")
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    response.data = {"error": {"code": code, "message": _first_message(detail)}}
    return response


# Outside DRF views (no route matched, middleware refusals, Django's own 400/403/500) the same shape
# is built by hand: an API client must never have to parse an HTML error page.
def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/") and not request.path_info.startswith("/api/docs/")


def json_error(code, message, http_status, details=None) -> JsonResponse:
    body = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return JsonResponse(body, status=http_status)


def not_found(request, exception=None):
    if is_api_request(request):
        return json_error("not_found", "No API endpoint or object at this address.", status.HTTP_404_NOT_FOUND)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if is_api_request(request):
        if isinstance(exception, RequestDataTooBig):
            return json_error("request_too_large", str(exception), status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        return json_error("bad_request", "The request could not be understood.", status.HTTP_400_BAD_REQUEST)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return json_error("permission_denied", "You do not have permission to perform this action.",
                          status.HTTP_403_FORBIDDEN)
    return defaults.permission_denied(request, exception)


def server_error(request):
    if is_api_request(request):
        return json_error("server_error", "Something went wrong on our side; it has been logged.",
                          status.HTTP_500_INTERNAL_SERVER_ERROR)
    return defaults.server_error(request)
