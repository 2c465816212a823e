import re
import uuid

_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Tags each request with an id (from X-Request-ID or fresh) that audit records keep.

    Lets an operator follow one click from the access log to the audit trail.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class BodySizeLimitMiddleware:
    """Refuses a request whose declared body is over the cap before any of it is read (413).

    Django applies DATA_UPLOAD_MAX_MEMORY_SIZE only to form fields and to request.body, and DRF
    streams JSON straight from the socket, so without this a 60 MB upload is read whole before the
    per-photo limit is checked. The proxy (nginx client_max_body_size) should refuse the same size
    first; this is the app's own guarantee.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .api_errors import is_api_request, json_error
        from .limits import format_size, request_max_bytes

        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        cap = request_max_bytes(request.META.get("CONTENT_TYPE", ""))
        if declared <= cap:
            return self.get_response(request)
        message = (f"The request is {format_size(declared)}; the most one request may carry is {format_size(cap)}. "
                   "Send fewer or smaller photos at a time.")
        if is_api_request(request):
            response = json_error("request_too_large", message, 413, {"limit_bytes": cap})
        else:
            from django.shortcuts import render

            response = render(request, "request_too_large.html", {"message": message}, status=413)
        # The unread body stays on the socket: do not let the server try to reuse the connection.
        response["Connection"] = "close"
        return response


# Powerful browser features nobody here uses are switched off; the tablet pages take photos.
_PERMISSIONS_DENY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
_PERMISSIONS_TABLET = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"
# Swagger UI styles itself inline and shows its logo and validator badge from data: URLs.
_DOCS_CSP = {"style-src": ["'self'", "'unsafe-inline'"], "img-src": ["'self'", "data:"]}


class BrowserPolicyMiddleware:
    """Permissions-Policy on every response, and the API docs' relaxed style policy.

    Must sit after csp.middleware.CSPMiddleware so that the CSP middleware sees `_csp_replace`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        tablet = request.path_info.startswith("/inspect/")
        response.setdefault("Permissions-Policy", _PERMISSIONS_TABLET if tablet else _PERMISSIONS_DENY)
        if request.path_info.startswith("/api/docs/"):
            response._csp_replace = _DOCS_CSP
        return response


_ERROR_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed",
                413: "request_too_large", 500: "server_error"}


class ApiErrorsAsJsonMiddleware:
    """Last line of the API's promise that errors are JSON: an HTML error page under /api/ (Django's
    debug pages, the CSRF failure page, anything rendered before DRF is reached) becomes the JSON shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .api_errors import is_api_request, json_error

        response = self.get_response(request)
        # A DRF response is already the error shape, rendered as the client asked (the browsable API
        # for a browser); only pages Django rendered itself are replaced.
        from_drf = hasattr(response, "accepted_renderer")
        if (response.status_code >= 400 and is_api_request(request) and not from_drf
                and response.get("Content-Type", "").startswith("text/html")):
            status = response.status_code
            reason = getattr(response, "reason_phrase", "") or "Error"
            response = json_error(_ERROR_CODES.get(status, "error"), f"{reason}.", status)
        return response
