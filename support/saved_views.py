"""Saved views: a queue with its filters, named by an agent for themselves, or by a support lead
(permission support.share_saved_views, the "Support lead" role) for every agent.

Only the filters the queue form knows are kept, re-validated by that form, so a saved view can
never carry anything a hand-typed URL could not.
"""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from returns.errors import InvalidReturnRequest, ReturnPermissionDenied

from .forms import QueueFilterForm
from .models import SavedView

PERM_SHARE = "support.share_saved_views"
MAX_PER_USER = 50


def clean_query(query: str) -> str:
    """Keep only the queue form's own, valid, non-empty filters."""
    form = QueueFilterForm(QueryDict(query or ""))
    if not form.is_valid():
        raise InvalidReturnRequest(_("These filters are not valid: %(errors)s") % {
            "errors": " ".join(str(e) for errors in form.errors.values() for e in errors)})
    kept = QueryDict(mutable=True)
    for name, value in form.cleaned_data.items():
        if value:
            kept[name] = value.strip() if isinstance(value, str) else value
    return kept.urlencode()


def visible_to(user, queue: str | None = None):
    views = SavedView.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")
    return views.filter(queue=queue) if queue else views


def can_share(user) -> bool:
    return user.has_perm(PERM_SHARE)


def save(*, owner, name, queue, query, shared=False) -> SavedView:
    name = (name or "").strip()[:80]
    if not name:
        raise InvalidReturnRequest(_("Give the view a name."))
    if shared and not can_share(owner):
        raise ReturnPermissionDenied(_("Only a support lead can share a view with every agent."))
    if SavedView.objects.filter(owner=owner).count() >= MAX_PER_USER:
        raise InvalidReturnRequest(_("You have %(n)s saved views already: delete one first.") % {"n": MAX_PER_USER})
    try:
        with transaction.atomic():
            return SavedView.objects.create(owner=owner, name=name, queue=queue, query=clean_query(query),
                                            shared=bool(shared))
    except IntegrityError:
        raise InvalidReturnRequest(_("You already have a view called “%(name)s” on this queue.") % {
            "name": name}) from None


def delete(*, view_id, actor) -> None:
    view = SavedView.objects.filter(pk=view_id).first()
    if view is None:
        raise InvalidReturnRequest(_("This view does not exist any more."))
    if view.owner_id != actor.pk and not (view.shared and can_share(actor)):
        raise ReturnPermissionDenied(_("Only its owner, or a support lead for a shared view, can delete it."))
    view.delete()


def url(view: SavedView) -> str:
    base = reverse("support:mine") if view.queue == "mine" else reverse("support:queue", args=[view.queue])
    return f"{base}?{view.query}" if view.query else base
