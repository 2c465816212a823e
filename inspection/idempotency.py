"""Idempotency keys on the tablet's POST endpoints, for the browser's offline queue (static/js/offline_queue.js).

The queue sends each request it holds with an `Idempotency-Key` header, the key chosen when the person
acted. The first request with a key runs the view inside one transaction that also stores the key and
the response; a later request with the same key from the same user to the same endpoint gets that
stored response back and changes nothing (no second photo, no second audit record). Two copies racing
each other wait on the key's row: the second sees the first one's answer.

Two ways to send a key:
- the `Idempotency-Key` header (the queue's fetch): a redirect comes back as JSON `{"ok": true,
  "redirect": url}` (fetch would follow it and lose the answer), and every answer carries the key back
  in `Idempotency-Key` (the queue's proof that the server, not a proxy or the login page, answered);
- a form field `idempotency_key` (a normal form submit): the answer as the view gave it, so the browser
  shows the stored page or follows the stored redirect (the queue resubmits a refused request this way
  to show the page with its error).

A server error (5xx) stores nothing, so the same key may be sent again.
"""
import hashlib
import re
from functools import wraps

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _

from .models_idempotency import IdempotentRequest


HEADER = "Idempotency-Key"
FIELD = "idempotency_key"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
NOT_FINGERPRINTED = {"csrfmiddlewaretoken", FIELD}


def request_fingerprint(request) -> str:
    """The request's content: its form fields (not the CSRF token, which may be renewed between
    two sends) and each file's field, name and size."""
    digest = hashlib.sha256()
    for name in sorted(set(request.POST) - NOT_FINGERPRINTED):
        for value in request.POST.getlist(name):
            digest.update(f"{name}={value}\n".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(f"file:{name}={upload.name}:{upload.size}\n".encode())
    return digest.hexdigest()


def _error(status, code, message, key):
    response = JsonResponse({"error": {"code": code, "message": message, "details": {}}}, status=status)
    response[HEADER] = key
    return response


def _store(entry, response):
    entry.status_code = response.status_code
    entry.content_type = response.get("Content-Type", "")[:100]
    entry.location = response.get("Location", "")[:500]
    entry.body = "" if entry.location else response.content.decode(response.charset or "utf-8", "replace")
    entry.save(update_fields=["status_code", "content_type", "location", "body"])


def _answer(entry, *, via_header, replayed):
    """The stored response, in the shape the sender asked for."""
    if entry.location and via_header:
        response = JsonResponse({"ok": True, "redirect": entry.location})
    elif entry.location:
        response = HttpResponseRedirect(entry.location)
    else:
        response = HttpResponse(entry.body, status=entry.status_code, content_type=entry.content_type or None)
    if via_header:
        response[HEADER] = entry.key
        response["Idempotent-Replayed"] = "true" if replayed else "false"
    return response


def idempotent(view):
    """Make a tablet POST view safe to resend. Put it under role_required (the key is the user's)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        via_header = HEADER in request.headers
        key = request.headers.get(HEADER) if via_header else request.POST.get(FIELD)
        if key is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if not KEY_PATTERN.match(key):
            return _error(400, "bad_idempotency_key", _("The request's idempotency key is not valid."), key[:64])
        fingerprint = request_fingerprint(request)
        with transaction.atomic():
            # The first sender inserts the row; a concurrent copy waits here until that one commits.
            IdempotentRequest.objects.bulk_create(
                [IdempotentRequest(user=request.user, endpoint=request.path[:300], key=key, fingerprint=fingerprint)],
                ignore_conflicts=True)
            entry = IdempotentRequest.objects.select_for_update().get(
                user=request.user, endpoint=request.path[:300], key=key)
            if entry.status_code:
                if entry.fingerprint != fingerprint:
                    return _error(422, "idempotency_key_reused",
                                  _("This idempotency key was already used for a different request."), key)
                return _answer(entry, via_header=via_header, replayed=True)
            response = view(request, *args, **kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # nothing stored: the same key may be sent again
                return response
            _store(entry, response)
        if not via_header:
            return response  # a form submit: the page as the view made it
        return _answer(entry, via_header=True, replayed=False)

    return wrapped
