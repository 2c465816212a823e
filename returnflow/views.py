from django.shortcuts import redirect, render

from returns import permissions as perm


def home(request):
    """Send each person to the screen made for their role."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home.html")
    if user.has_perm(perm.PERM_RECEIVE) or user.has_perm(perm.PERM_INSPECT):
        return redirect("inspection:home")
    if user.has_perm(perm.PERM_REVIEW) or user.has_perm(perm.PERM_APPROVE_REFUND):
        return redirect("support:home")
    return redirect("portal:home")
