"""Page-level role checks shared by the portal, tablet and support views."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .permission_cache import prime


def role_required(*perms):
    """The user must be logged in and hold at least one of `perms`; otherwise login or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            prime(request.user)  # one query for the permissions this and later checks read
            if not any(request.user.has_perm(p) for p in perms):
                raise PermissionDenied("Your role cannot open this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
