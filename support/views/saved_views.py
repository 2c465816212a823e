"""Save the queue's current filters as a named view, and delete one."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from returns.errors import ReturnsError

from .. import saved_views, worklists
from . import staff_required
from .work import safe_next


@require_POST
@staff_required
def save_view(request):
    queue = request.POST.get("queue", "")
    back = redirect("support:mine") if queue == "mine" else redirect("support:queue", queue) \
        if queue in worklists.QUEUES_BY_SLUG else redirect("support:home")
    if queue != "mine" and queue not in worklists.QUEUES_BY_SLUG:
        messages.error(request, _("There is no such queue."))
        return back
    try:
        view = saved_views.save(owner=request.user, name=request.POST.get("name", ""), queue=queue,
                                query=request.POST.get("query", ""), shared=request.POST.get("shared") == "on")
    except ReturnsError as error:
        messages.error(request, error.message)
        return safe_next(request, back)
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return redirect(saved_views.url(view))


@require_POST
@staff_required
def delete_view(request, pk):
    try:
        saved_views.delete(view_id=pk, actor=request.user)
    except ReturnsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("View deleted."))
    return safe_next(request, redirect("support:home"))
