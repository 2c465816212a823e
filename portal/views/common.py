from django.shortcuts import render

from ..forms import LookupForm

STEPS = ["find", "items", "review", "done"]


def not_found(request):
    """The one answer for anything this browser may not see, whether it exists or not."""
    return render(request, "portal/not_found.html", {"form": LookupForm()}, status=404)


def masked_email(email: str) -> str:
    """a****@example.com: enough for the customer to recognise, little for a shoulder-surfer."""
    local, _, domain = (email or "").partition("@")
    if not domain:
        return ""
    return f"{local[:1]}{'*' * max(3, len(local) - 1)}@{domain}"
