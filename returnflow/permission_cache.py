"""A signed-in person's permissions read in one query per request instead of two.

Django's ModelBackend reads a user's own permissions and their groups' permissions in two queries,
the first time a request asks `has_perm`, and keeps them on the user object. Every page and API call
asks, so `prime` reads both in one UNION ALL and fills the same two caches; the backend then answers
from them exactly as it would have (superusers and inactive users are left to the backend).
"""
from django.contrib.auth.models import Permission
from django.db.models import CharField, Value
from rest_framework.permissions import IsAuthenticated


def prime(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_superuser:
        return
    if hasattr(user, "_user_perm_cache") or hasattr(user, "_group_perm_cache"):
        return  # already read in this request
    fields = ("content_type__app_label", "codename", "source")
    own = Permission.objects.filter(user=user).annotate(source=Value("user", CharField())).values_list(*fields)
    grouped = (Permission.objects.filter(group__user=user).annotate(source=Value("group", CharField()))
               .values_list(*fields))
    found = {"user": set(), "group": set()}
    for app_label, codename, source in own.order_by().union(grouped.order_by(), all=True):
        found[source].add(f"{app_label}.{codename}")
    user._user_perm_cache, user._group_perm_cache = found["user"], found["group"]


class IsAuthenticatedWithPermissions(IsAuthenticated):
    """The API's default: signed in, with the permissions read at once for the view's role checks."""

    def has_permission(self, request, view):
        allowed = super().has_permission(request, view)
        if allowed:
            prime(request.user)
        return allowed
