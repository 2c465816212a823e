"""The page django-axes shows a locked-out login: what happened, how long, and who can unlock."""
import ipaddress
import math

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME * 60))
    response = render(request, "registration/locked_out.html",
                      {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def axes_client_ip(request):
    """The portal's idea of the client address (TRUSTED_PROXY_HOPS), or None when it is not an IP
    address (a test client, a broken proxy header): axes stores it in an inet column."""
    from portal.ratelimit import client_ip

    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
