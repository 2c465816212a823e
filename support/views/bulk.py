"""Bulk actions from a queue page, and the tools a queue page shows (saved views, bulk bar)."""
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from returns import permissions as perm

from .. import assignment, bulk, saved_views
from ..actions import DECISIONS
from . import staff_required
from .work import chosen_assignee


def queue_tools(request, spec) -> dict:
    user = request.user
    views = list(saved_views.visible_to(user, spec.slug))
    return {
        "my_views": [(v, saved_views.url(v)) for v in views if v.owner_id == user.pk and not v.shared],
        "shared_views": [(v, saved_views.url(v)) for v in views if v.shared],
        "can_share": saved_views.can_share(user),
        "bulk_decisions": spec.slug == "exceptions" and user.has_perm(perm.PERM_REVIEW),
        "approve_reasons": DECISIONS["approve"].reasons, "reject_reasons": DECISIONS["reject"].reasons,
        "agents": list(assignment.agents()),
    }


@require_POST
@staff_required
def bulk_action(request):
    data = request.POST
    action, rmas = data.get("action", ""), [r.strip() for r in data.getlist("rmas") if r.strip()]
    reason = data.get(f"{action}_reason", "") if action in bulk.DECISION_ACTIONS else ""
    note = data.get("note", "")[:2000]
    errors = bulk.problems(action, rmas, reason, note)
    assignee = None
    if action == "assign" and not errors:
        assignee, valid = chosen_assignee(request)
        if not valid:
            errors["assignee"] = _("Choose a colleague who works in the support console.")
    back = data.get("next", "")
    back = back if back.startswith("/support/") and not back.startswith("//") else ""
    context = {"action": action, "rmas": rmas, "reason": reason, "note": note, "next": back,
               "approve_reasons": DECISIONS["approve"].reasons, "reject_reasons": DECISIONS["reject"].reasons,
               "agents": list(assignment.agents()), "nav": "queues"}
    if errors:
        # Nothing was done; the page keeps the selection and what was typed, to fix and send again.
        return render(request, "support/bulk_result.html", {**context, "errors": errors}, status=400)
    if action == "export":
        response = HttpResponse(bulk.export_csv(rmas, request.user), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="returns-{stamp}.csv"'
        return response
    if action == "assign":
        results = bulk.assign(rmas, request.user, assignee, request_id=request.request_id)
    else:
        if not request.user.has_perm(perm.PERM_REVIEW):
            return render(request, "support/bulk_result.html", {
                **context, "errors": {"action": _("Only support agents approve or reject exception requests.")}},
                status=403)
        results = bulk.decide(action, rmas, request.user, reason=reason, note=note, request_id=request.request_id)
    done = [r for r in results if r.done]
    return render(request, "support/bulk_result.html", {
        **context, "results": results, "done_count": len(done), "refused_count": len(results) - len(done)})
