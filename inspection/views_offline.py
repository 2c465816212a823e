"""What the tablet's offline queue needs besides the idempotent endpoints: the service worker, served
from /inspect/ so its scope covers every tablet page, and who is signed in with a fresh CSRF token, asked
right before the queue is replayed (the token on the page where a request was queued may have been
renewed since: a new login rotates it)."""
import hashlib
import json

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from returnflow.access import role_required
from returns import permissions as perm

# The files a tablet page needs to show itself without the network; the service worker keeps them.
SHELL_ASSETS = ("css/base.css", "css/tablet.css", "css/scan_feedback.css", "css/grading.css", "css/offline.css",
                "js/tablet.js", "js/scan_feedback.js", "js/grading.js", "js/offline_queue.js",
                "js/offline_page.js")


def tablet_scope():
    """The tablet's URL prefix (where the worker is served, hence the most it may control)."""
    return reverse("inspection:home")


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def service_worker(request):
    assets = [static(name) for name in SHELL_ASSETS]
    context = {
        "queue_url_json": json.dumps(static("js/offline_queue.js")),
        "session_url_json": json.dumps(reverse("inspection:offline_session")),
        "scope": tablet_scope(), "scope_json": json.dumps(tablet_scope()),
        "assets_json": json.dumps(assets),
        "not_kept_json": json.dumps([reverse("inspection:offline_session")]),
        # A new release has new static URLs, hence a new shell cache (the old one is dropped).
        "version": hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12],
        "offline_title": _("Offline"),
        "offline_text": _("This tablet page was not opened before the connection dropped. Go back to a page you "
                          "had open: what you do there is kept and sent when the connection returns."),
    }
    response = render(request, "inspection/sw.js", context, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new release's worker is picked up at the next page load
    return response


@role_required(perm.PERM_INSPECT, perm.PERM_RECEIVE)
@require_GET
def offline_session(request):
    response = JsonResponse({"user": request.user.pk, "csrf": get_token(request)})
    response["Cache-Control"] = "no-store"
    return response
